"""Storage tests run on both SQLite and PostgreSQL.

PostgreSQL comes from ``TSP_TEST_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
each test session works in its own schema, dropped at the end. When PostgreSQL cannot be reached the tests
FAIL, unless ``TSP_SKIP_POSTGRES=1`` is set explicitly.
"""

from __future__ import annotations

import base64
import os
import uuid
from contextlib import contextmanager

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import make_url

from scoring.store import auth, db
from scoring.store.models import Base

from .world import build_world

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEST_KEY = base64.b64encode(bytes(range(32))).decode()


def postgres_url() -> str:
    return os.environ.get("TSP_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def skip_postgres() -> bool:
    return os.environ.get("TSP_SKIP_POSTGRES") == "1"


class PostgresSchema:
    """A fresh schema on the test server; engines made by ``engine()`` use it as their search path."""

    def __init__(self) -> None:
        self.url = postgres_url()
        self.name = f"tsp_test_{uuid.uuid4().hex[:12]}"
        admin = db.make_engine(self.url)
        try:
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
        except Exception as err:  # noqa: BLE001 - any connection failure must fail the run loudly
            pytest.fail(f"PostgreSQL at {make_url(self.url).render_as_string(hide_password=True)} cannot be "
                        f"reached ({type(err).__name__}: {err}). Start it, point TSP_TEST_POSTGRES_URL at one, "
                        f"or set TSP_SKIP_POSTGRES=1 to skip the PostgreSQL half on purpose.", pytrace=False)
        finally:
            admin.dispose()

    @property
    def schema_url(self) -> str:
        """The server URL with this schema as the search path (usable as ``TSP_DATABASE_URL``)."""
        url = make_url(self.url).update_query_dict({"options": f"-csearch_path={self.name}"})
        return url.render_as_string(hide_password=False)

    def engine(self):
        return db.make_engine(self.schema_url)

    def drop(self) -> None:
        admin = db.make_engine(self.url)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        admin.dispose()


def fresh_engine(backend: str, tmp_path_factory):
    """(engine, cleanup) on an empty database of ``backend``."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "store.db"
        engine = db.make_engine(f"sqlite:///{path}")
        return engine, engine.dispose
    if skip_postgres():
        pytest.skip("TSP_SKIP_POSTGRES=1: PostgreSQL half skipped on purpose")
    schema = PostgresSchema()
    engine = schema.engine()

    def cleanup() -> None:
        engine.dispose()
        schema.drop()

    return engine, cleanup


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request, tmp_path_factory):
    """One migrated database per backend for the whole session."""
    engine, cleanup = fresh_engine(request.param, tmp_path_factory)
    db.upgrade(engine)
    yield engine
    cleanup()


def _empty(engine) -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
        connection.execute(text("INSERT INTO audit_head (id, length, last_hash) VALUES (1, 0, :g)"), {"g": "0" * 64})


@pytest.fixture
def engine(migrated_engine):
    """The backend's database, emptied before the test (the audit chain restarts from genesis)."""
    _empty(migrated_engine)
    return migrated_engine


@pytest.fixture
def world(engine):
    """The small district of ``world.py``, committed."""
    with db.session_scope(engine) as session:
        return build_world(session)


def url_of(engine) -> str:
    """The engine's URL with its password, for ``TSP_DATABASE_URL``."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _store_environment(monkeypatch, tmp_path):
    """A fixed test key, a throwaway data folder, and a cheap argon2 hasher so fixtures stay fast."""
    monkeypatch.setenv("TSP_SECRET_KEY", TEST_KEY)
    monkeypatch.setenv("TSP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TSP_SECRET_KEY_FILE", raising=False)
    monkeypatch.delenv("TSP_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TSP_DATABASE_URL", raising=False)
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@contextmanager
def tampering(engine):
    """A connection that edits the audit log as the database owner could (on PostgreSQL past the trigger that
    refuses UPDATE and DELETE to the application)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        yield connection
