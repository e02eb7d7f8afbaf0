"""Migrations create the whole schema from an empty database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from scoring.answers import parse_answers
from scoring.engine import score
from scoring.store import db
from scoring.store.item_scores import FIELDS, item_values
from scoring.store.models import Base, Organisation, Submission, SubmissionItem, utcnow

from .conftest import BACKENDS, fresh_engine
from .world import full_answers, uscc


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


def test_upgrade_to_0007_stores_every_submissions_items_as_the_engine_scores_them(empty_engine):
    db.upgrade(empty_engine, "0006")
    stored = [full_answers("point", "上海迁移甲有限公司", uscc(501)),
              full_answers("station", "上海迁移乙协会", None, partial={"S08": 2.5}, missing=("S11",)),
              full_answers("zone", "迁移丙园区", None)]
    stale = {**full_answers("point", "上海迁移丁有限公司", uscc(502)), "rubric_version": "2019.1"}
    with empty_engine.begin() as connection:
        for serial, data in enumerate([*stored, stale], start=1):
            connection.execute(Organisation.__table__.insert().values(
                id=serial, name=data["applicant"]["name"], category=data["rubric"], created_at=utcnow()))
            connection.execute(Submission.__table__.insert().values(
                id=serial, organisation_id=serial, round=2026, rubric=data["rubric"], rubric_version="",
                answers=data, status="submitted", version=1, claimed_total=0, self_total=0, answered=0,
                item_count=0, reviewed_items=0, created_at=utcnow(), updated_at=utcnow()))
    db.upgrade(empty_engine)
    columns = [SubmissionItem.__table__.c[name] for name in ("submission_id", "position", *FIELDS)]
    with empty_engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(
            select(*columns).order_by(SubmissionItem.submission_id, SubmissionItem.position))]
    expected = []
    for serial, data in enumerate(stored, start=1):
        answers = parse_answers(data)
        expected += [{**row, "submission_id": serial} for row in item_values(score(None, answers), answers)]
    assert rows == expected
    assert {r["submission_id"] for r in rows} == {1, 2, 3}  # the stale one could not be scored: no rows
    assert [r["status"] for r in rows if r["item_id"] in ("S08", "S11")] == ["partial", "unanswered"]
