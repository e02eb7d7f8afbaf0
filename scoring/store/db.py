"""Engine and sessions, and migrating the database to the newest schema.

``TSP_DATABASE_URL`` names the database (PostgreSQL for a multi-user deployment, e.g.
``postgresql+psycopg://user@host/db``); without it, an SQLite file ``data/tsp.db`` (``TSP_DATA_DIR`` moves the
folder) is created and migrated on first start. Migrations live in ``scoring/store/migrations`` and run in
process through Alembic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK_ID = 0x7A5C0DE  # PostgreSQL advisory lock held while migrating, so two first starts queue up


def data_dir() -> Path:
    """Folder of the embedded database and the key file (``TSP_DATA_DIR``, default ``data/`` of the project)."""
    override = os.environ.get("TSP_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "data"


def database_url() -> str:
    """``TSP_DATABASE_URL``, or the SQLite file ``data/tsp.db``."""
    return os.environ.get("TSP_DATABASE_URL") or f"sqlite:///{data_dir() / 'tsp.db'}"


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and commits around DDL; take it over so that every
    # transaction (migrations included) is real, takes the write lock at its start (no upgrade deadlocks between
    # two writers) and enforces foreign keys.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # pragma: no cover - trivial
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for ``url`` (default ``database_url()``), set up for its database; the SQLite folder is created."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config() -> Config:
    """An Alembic configuration pointing at the bundled migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default), in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision of the bundled migrations."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def connect(url: str | None = None, migrate: bool = True) -> Engine:
    """The engine for ``url`` (default ``database_url()``), migrated to the newest schema unless ``migrate=False``.

    The app calls this once per process (cache the engine, never a session).
    """
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits when the block ends and rolls back when it raises."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
