"""Migrations create the whole schema from an empty database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from scoring.store import db
from scoring.store.models import Base

from .conftest import BACKENDS, fresh_engine


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path_factory):
    engine, cleanup = fresh_engine(request.param, tmp_path_factory)
    yield engine
    cleanup()


def test_upgrade_from_empty_creates_every_table_at_head(empty_engine):
    assert db.current_revision(empty_engine) is None
    db.upgrade(empty_engine)
    assert db.current_revision(empty_engine) == db.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(empty_engine).get_table_names())


def test_migrated_schema_matches_the_models(empty_engine):
    db.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_audit_chain_starts_at_genesis_and_upgrade_twice_is_harmless(empty_engine):
    db.upgrade(empty_engine)
    db.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT length, last_hash FROM audit_head")).one() == (0, "0" * 64)


def test_downgrade_to_base_then_upgrade_again(empty_engine):
    db.upgrade(empty_engine)
    config = db.alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not set(Base.metadata.tables) & set(inspect(empty_engine).get_table_names())
    db.upgrade(empty_engine)
    assert db.current_revision(empty_engine) == db.head_revision()


def test_default_database_is_an_sqlite_file_in_the_data_folder_created_on_first_start(tmp_path, monkeypatch):
    monkeypatch.setenv("TSP_DATA_DIR", str(tmp_path / "fresh"))
    engine = db.connect()
    try:
        assert (tmp_path / "fresh" / "tsp.db").is_file()
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
