"""Alembic environment: runs on the connection ``db.upgrade`` hands over (or on ``TSP_DATABASE_URL``)."""

from __future__ import annotations

from alembic import context

from scoring.store.db import database_url, make_engine
from scoring.store.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `python -m scoring db upgrade`")
run_migrations_online()
