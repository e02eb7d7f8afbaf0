"""Drafts in the database: the same behaviour as drafts on disk, any process (engine) sees any draft, evidence is
encrypted at rest, and listing is one query."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scoring.answers import load_answers
from scoring.draft_db import DatabaseDraftStore
from scoring.drafts import ANSWERS_NAME, DraftError, DraftStore
from scoring.editing import new_working
from scoring.rubric import load_rubric
from scoring.store import db
from scoring.store.models import DraftFile

from .conftest import url_of


def _working(name: str = "测试单位") -> dict:
    working = new_working(load_rubric("point"), dt.date(2026, 11, 1))
    working["applicant"] = {"name": name}
    working["answers"] = {"P01": {"met": "partial"},
                          "P02": {"met": True, "evidence": [{"title": "任命文件", "date": "2026-03-01"}]}}
    return working


@pytest.fixture
def stores(engine, tmp_path, monkeypatch):
    """Two stores on the same database with separate caches, as two app processes have."""
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    if engine.dialect.name == "sqlite":
        monkeypatch.setenv("TSP_DRAFTS_STORE", "database")  # PostgreSQL chooses it by itself
    first = DraftStore()
    second = DatabaseDraftStore(url_of(engine), cache=tmp_path / "cache2")
    first.root = tmp_path / "cache1"
    return first, second


def test_without_a_root_and_with_a_database_the_store_is_the_databases(stores):
    first, _ = stores
    assert isinstance(first, DatabaseDraftStore)


def test_a_draft_started_in_one_process_opens_in_another_with_its_evidence(stores):
    first, second = stores
    draft_id = first.create(_working())
    relative = first.add_file(draft_id, "保密协议.pdf", b"%PDF-1.4 one")
    assert first.add_file(draft_id, "保密协议.pdf", b"%PDF-1.4 two") == "evidence/保密协议 (2).pdf"
    assert second.load(draft_id) == _working()
    assert second.file_path(draft_id, relative).read_bytes() == b"%PDF-1.4 one"
    assert set(load_answers(second.folder(draft_id) / ANSWERS_NAME).answers) == {"P02"}
    assert second.stamp(draft_id) == first.stamp(draft_id)
    changed = _working("改过名字")
    second.save(draft_id, changed)
    assert first.load(draft_id) == changed and first.stamp(draft_id) != first.stamp("0" * 24)


def test_draft_evidence_is_encrypted_at_rest(stores, engine):
    first, _ = stores
    draft_id = first.create(_working())
    first.add_file(draft_id, "协议.pdf", b"%PDF-1.4 secret contents")
    with db.session_scope(engine, readonly=True) as s:
        stored = s.execute(select(DraftFile.ciphertext)).scalar_one()
    assert b"secret contents" not in stored and b"%PDF" not in stored


def test_listing_is_newest_first_and_deleting_removes_files_and_cache(stores):
    first, second = stores
    old = first.create(_working("第一家"))
    new = first.create(_working("第二家"))
    first.add_file(new, "协议.pdf", b"%PDF")
    assert [(d.draft_id, d.name) for d in second.list()][:2] == [(new, "第二家"), (old, "第一家")]
    folder = second.folder(new)
    second.delete(new)
    assert not folder.exists() and not first.exists(new)
    assert [d.draft_id for d in first.list()] == [old]
    with pytest.raises(DraftError, match="找不到"):
        first.load(new)


def test_removing_a_filed_drafts_files_keeps_the_draft(stores):
    first, second = stores
    draft_id = first.create(_working())
    relative = first.add_file(draft_id, "协议.pdf", b"%PDF")
    first.remove_files(draft_id)
    assert second.file_path(draft_id, relative) is None and second.load(draft_id) == _working()


def test_ids_that_could_name_another_folder_are_refused(stores):
    first, _ = stores
    for bad in ("../etc", "short", ""):
        with pytest.raises(DraftError):
            first.load(bad)
        assert not first.exists(bad)


def test_files_stay_the_choice_for_the_embedded_default_unless_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("TSP_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.delenv("TSP_DRAFTS_STORE", raising=False)
    assert type(DraftStore()) is DraftStore
    monkeypatch.setenv("TSP_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert type(DraftStore()) is DatabaseDraftStore
    monkeypatch.setenv("TSP_DRAFTS_STORE", "files")
    assert type(DraftStore()) is DraftStore
