"""Engine and sessions, and migrating the database to the newest schema.

``TSP_DATABASE_URL`` names the database (PostgreSQL for a multi-user deployment, e.g.
``postgresql+psycopg://user@host/db``); without it, an SQLite file ``tsp.db`` in the data folder (``data/`` of a
checkout, ``TSP_DATA_DIR``, or the user's data folder for an installed package: see ``scoring.locations``) is
created and migrated on first start. Migrations live in ``scoring/store/migrations`` and run in
process through Alembic.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..locations import data_dir
from ..resources import package_path
from . import messages as msg
from .errors import DatabaseBusy

MIGRATIONS_DIR = package_path("scoring.store", "migrations")
_MIGRATION_LOCK_ID = 0x7A5C0DE  # PostgreSQL advisory lock held while migrating, so two first starts queue up
LOG = logging.getLogger("tsp.store")
T = TypeVar("T")

# Per-connection limits on PostgreSQL (milliseconds; environment variables override them). A statement waits at
# most LOCK_TIMEOUT for a lock and runs at most STATEMENT_TIMEOUT; a client that leaves a transaction open longer
# than IDLE_TIMEOUT is cut off, so one stuck client cannot stall everyone.
TIMEOUT_DEFAULTS_MS = {"lock_timeout": 5_000, "statement_timeout": 30_000,
                       "idle_in_transaction_session_timeout": 60_000}
TIMEOUT_ENV = {"lock_timeout": "TSP_DB_LOCK_TIMEOUT_MS", "statement_timeout": "TSP_DB_STATEMENT_TIMEOUT_MS",
               "idle_in_transaction_session_timeout": "TSP_DB_IDLE_TIMEOUT_MS"}
POOL_DEFAULTS = {"pool_size": ("TSP_DB_POOL_SIZE", 5), "max_overflow": ("TSP_DB_MAX_OVERFLOW", 5),
                 "pool_timeout": ("TSP_DB_POOL_TIMEOUT_S", 10)}
SQLITE_BUSY_TIMEOUT_MS = 15_000
RETRY_ATTEMPTS = 4
# Safe to retry whole: the transaction was rolled back and changed nothing. A lock timeout is retried too (a
# client holding a lock is cut off by the idle timeout, after which the retry gets through).
RETRYABLE_SQLSTATES = {"40P01": "deadlock", "40001": "serialization failure", "55P03": "lock timeout"}
READONLY = "tsp_readonly"  # execution option: an SQLite transaction that only reads begins DEFERRED


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        raise DatabaseBusy(msg.DB_SETTING_INVALID.format(name=name, value=raw)) from None


def timeouts_ms() -> dict[str, int]:
    """The PostgreSQL per-connection timeouts in effect (defaults, or the environment's)."""
    return {name: _env_int(TIMEOUT_ENV[name], default) for name, default in TIMEOUT_DEFAULTS_MS.items()}


def database_url() -> str:
    """``TSP_DATABASE_URL``, or the SQLite file ``tsp.db`` in the data folder."""
    return os.environ.get("TSP_DATABASE_URL") or f"sqlite:///{data_dir() / 'tsp.db'}"


def is_postgresql(url: str | None = None) -> bool:
    return make_url(url or database_url()).get_backend_name() == "postgresql"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:  # pragma: no cover - a folder we do not own: leave it
        pass
    return path


def _private_file(path: Path) -> None:
    """Create the SQLite file owner-only before SQLite does (its WAL and SHM files take the same mode)."""
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            os.chmod(companion, 0o600)
        except FileNotFoundError:
            pass


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and commits around DDL; take it over so that every
    # transaction (migrations included) is real and enforces foreign keys. A writing transaction takes the write
    # lock at its start (BEGIN IMMEDIATE: no upgrade deadlocks between two writers); a read-only one
    # (``READONLY`` option) begins DEFERRED and, in WAL mode, neither blocks nor waits for writers.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # pragma: no cover - trivial
        readonly = connection.get_execution_options().get(READONLY, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def _configure_postgresql(engine: Engine) -> None:
    limits = timeouts_ms()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for name, value in limits.items():
            cursor.execute(f"SET {name} = {int(value)}")
        cursor.close()
        dbapi_connection.commit()


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for ``url`` (default ``database_url()``), set up for its database: SQLite in WAL mode with a busy
    timeout and an owner-only file; PostgreSQL with the per-connection timeouts and a bounded pool
    (``TSP_DB_POOL_SIZE`` + ``TSP_DB_MAX_OVERFLOW`` connections per process)."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            _private_file(Path(parsed.database))
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    for option, (env, default) in POOL_DEFAULTS.items():
        kwargs.setdefault(option, _env_int(env, default))
    engine = create_engine(url, **kwargs)
    _configure_postgresql(engine)
    return engine


def alembic_config() -> Config:
    """An Alembic configuration pointing at the bundled migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default), in one transaction. A database already at
    the newest revision is only read, so a second process starting beside a long transaction does not wait."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect().execution_options(**{READONLY: True}) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision of the bundled migrations."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def connect(url: str | None = None, migrate: bool = True, check_key: bool = True) -> Engine:
    """The engine for ``url`` (default ``database_url()``), migrated to the newest schema unless ``migrate=False``,
    and the evidence key checked against the database's fingerprint (``keys.check_startup``) unless
    ``check_key=False``: a wrong or missing key stops here, before anything is written.

    The app calls this once per process (cache the engine, never a session).
    """
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    if check_key:
        from .keys import check_startup

        try:
            check_startup(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine


@contextmanager
def session_scope(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A session whose transaction commits when the block ends and rolls back when it raises. ``readonly`` for
    work that writes nothing: on SQLite it then does not take the write lock."""
    bind = engine.execution_options(**{READONLY: True}) if readonly else engine
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def retryable(err: BaseException) -> str | None:
    """Why a failed transaction may be retried whole (deadlock, serialization failure, SQLite busy), or None."""
    if not isinstance(err, DBAPIError):
        return None
    state = getattr(err.orig, "sqlstate", None) or getattr(err.orig, "pgcode", None)
    if state in RETRYABLE_SQLSTATES:
        return RETRYABLE_SQLSTATES[state]
    text_ = str(err.orig).lower()
    if "database is locked" in text_ or "database is busy" in text_:
        return "sqlite busy"
    return None


def as_store_error(err: DBAPIError) -> DatabaseBusy | None:
    """A Chinese error for a database failure a user can do nothing about but wait: a lock or statement timeout,
    a connection cut off for idling in a transaction, a retry budget spent. None for other failures."""
    state = getattr(err.orig, "sqlstate", None)
    limits = timeouts_ms()
    if state == "55P03":  # the retries were spent waiting
        return DatabaseBusy(msg.DB_LOCK_TIMEOUT.format(seconds=limits["lock_timeout"] / 1000))
    if state == "57014":
        return DatabaseBusy(msg.DB_STATEMENT_TIMEOUT.format(seconds=limits["statement_timeout"] / 1000))
    if state == "25P03":
        return DatabaseBusy(msg.DB_IDLE_TIMEOUT.format(seconds=limits["idle_in_transaction_session_timeout"] / 1000))
    if retryable(err):
        return DatabaseBusy(msg.DB_RETRIES_EXHAUSTED)
    return None


def run_in_transaction(engine: Engine, action: Callable[[Session], T], *, readonly: bool = False,
                       attempts: int = RETRY_ATTEMPTS) -> T:
    """``action(session)`` in one transaction, retried whole (up to ``attempts`` times, with a short random
    back-off) when it hit a deadlock, a serialization failure or a busy SQLite database. After the last attempt,
    and for lock or statement timeouts, raises ``DatabaseBusy`` with a Chinese message; other errors pass."""
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(engine, readonly=readonly) as session:
                return action(session)
        except DBAPIError as err:
            reason = retryable(err)
            if reason is None or attempt == attempts:
                busy = as_store_error(err)
                if busy is None:
                    raise
                raise busy from err
            LOG.info("transaction retried after %s (attempt %d of %d)", reason, attempt, attempts)
            time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)
    raise AssertionError("unreachable")  # pragma: no cover
