"""Connections and files: SQLite database, WAL and SHM owner-only; reads do not take SQLite's write lock; a
database already at the newest schema is not locked by a second process's start-up; the key file lives apart."""

from __future__ import annotations

import stat
import threading

import pytest

from sqlalchemy import text

from scoring.store import crypto, db


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_database_its_wal_and_shm_and_its_folder_are_owner_only(tmp_path):
    path = tmp_path / "data" / "tsp.db"
    engine = db.connect(f"sqlite:///{path}", check_key=False)
    try:
        with engine.connect() as c:
            c.execute(text("SELECT count(*) FROM audit_log")).scalar()
            assert _mode(path) == 0o600
            assert _mode(path.with_name("tsp.db-wal")) == 0o600
            assert _mode(path.with_name("tsp.db-shm")) == 0o600
        assert _mode(path.parent) == 0o700
    finally:
        engine.dispose()


def test_a_long_read_does_not_block_a_writer_nor_a_second_start_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'tsp.db'}"
    first = db.connect(url, check_key=False)
    second = None
    try:
        with db.session_scope(first, readonly=True) as reader:
            reader.execute(text("SELECT count(*) FROM audit_log")).scalar()  # a read transaction stays open
            done = []

            def start_up() -> None:
                engine = db.connect(url, check_key=False)
                with db.session_scope(engine) as s:
                    s.execute(text("INSERT INTO system_state (key, value, updated_at) "
                                   "VALUES ('probe', '1', CURRENT_TIMESTAMP)"))
                done.append(engine)

            thread = threading.Thread(target=start_up)
            thread.start()
            thread.join(10)  # well under the 15 s busy timeout: nothing waits for the reader
            assert done, "the second process waited for the reader"
            second = done[0]
    finally:
        first.dispose()
        if second is not None:
            second.dispose()


def test_the_generated_key_file_does_not_sit_beside_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("TSP_SECRET_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    crypto.load_key()
    path = crypto.key_file_path()
    assert path == tmp_path / "config" / "tsp-scoring" / "secret.key"
    assert db.data_dir() not in path.parents
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_postgresql_connections_carry_the_timeouts_from_the_environment(migrated_engine, monkeypatch):
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no such settings; its busy timeout is set in the connect hook")
    monkeypatch.setenv("TSP_DB_STATEMENT_TIMEOUT_MS", "12000")
    engine = db.make_engine(migrated_engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as c:
            assert c.execute(text("SHOW statement_timeout")).scalar() == "12s"
            assert c.execute(text("SHOW lock_timeout")).scalar() == "5s"
            assert c.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "1min"
        assert engine.pool.size() == 5
    finally:
        engine.dispose()
