"""Key rotation: every evidence and draft file re-encrypted under the new key, resumable after an interruption;
the audit chain keeps verifying; afterwards only the new key starts the app."""

from __future__ import annotations

import base64

import pytest

from scoring.draft_db import DatabaseDraftStore
from scoring.store import audit, db, evidence, keys, rotation, submissions
from scoring.store.crypto import fingerprint
from scoring.store.errors import KeyMismatch

from ..cli_runner import invoke
from .conftest import TEST_KEY, url_of
from .world import ROUND, full_answers, pdf_bytes, uscc

NEW_KEY = base64.b64encode(bytes(range(100, 132))).decode()


@pytest.fixture
def stored(engine, world, tmp_path):
    keys.check_startup(engine)
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                            full_answers("point", "上海甲科技有限公司", uscc(1)))
        ids = [evidence.upload_evidence(s, world.applicant_a, sub.id, f"evidence/协议{n}.pdf", pdf_bytes(f"第{n}份")).id
               for n in range(3)]
    drafts = DatabaseDraftStore(url_of(engine), cache=tmp_path / "cache")
    draft_id = drafts.create({"rubric": "point"})
    relative = drafts.add_file(draft_id, "合同.pdf", b"%PDF draft")
    return ids, drafts, draft_id, relative


def test_an_interrupted_rotation_resumes_and_the_new_key_then_opens_everything(engine, world, stored, tmp_path,
                                                                               monkeypatch):
    ids, drafts, draft_id, relative = stored
    new_key = base64.b64decode(NEW_KEY)
    calls = []

    def crash_after_first_batch(kind: str, done: int) -> None:
        calls.append((kind, done))
        raise KeyboardInterrupt  # the operator's terminal closed

    with pytest.raises(KeyboardInterrupt):
        rotation.rotate(engine, new_key, batch=1, progress=crash_after_first_batch)
    report = rotation.rotate(engine, new_key, batch=1)
    assert report.resumed and (report.evidence, report.draft_files) == (3, 1)

    with pytest.raises(KeyMismatch):
        keys.check_startup(engine)  # the old key no longer starts the app
    monkeypatch.setenv("TSP_SECRET_KEY", NEW_KEY)
    assert keys.check_startup(engine) == fingerprint(new_key)
    with db.session_scope(engine) as s:
        assert [evidence.open_evidence(s, world.reviewer_a, i).data for i in ids] == [
            pdf_bytes(f"第{n}份") for n in range(3)]
    fresh_cache = DatabaseDraftStore(url_of(engine), cache=tmp_path / "cache-new")
    assert fresh_cache.file_path(draft_id, relative).read_bytes() == b"%PDF draft"
    with db.session_scope(engine) as s:
        audit.record(s, None, "export")  # appends go on under the new key
    with db.session_scope(engine, readonly=True) as s:
        report = audit.verify(s)
    assert report.ok, report.message


def test_rotation_needs_the_new_key_in_the_environment(monkeypatch):
    monkeypatch.delenv("TSP_NEW_SECRET_KEY", raising=False)
    with pytest.raises(Exception, match="TSP_NEW_SECRET_KEY"):
        rotation.new_key_from_environment()


def test_cli_key_rotate(engine, world, stored, monkeypatch):
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    monkeypatch.setenv("TSP_NEW_SECRET_KEY", NEW_KEY)
    result = invoke(["key", "rotate", "--batch", "2"])
    assert result.exit_code == 0, result.stderr
    assert "证明材料 3 个" in result.stdout and "草稿文件 1 个" in result.stdout
    assert TEST_KEY not in result.stdout and NEW_KEY not in result.stdout


def test_a_queued_imports_upload_is_rotated_too_and_the_job_runs_under_the_new_key(engine, world, monkeypatch):
    import io

    from scoring.store import import_jobs, jobs
    from scoring.store.models import Submission
    from sqlalchemy import func, select
    from tests.zip_fixtures import zip_of

    keys.check_startup(engine)
    data = zip_of({"甲.yaml": full_answers("point", "上海轮换导入有限公司", uscc(240))})
    with db.session_scope(engine) as s:
        job_id = import_jobs.enqueue_import(s, world.reviewer_a, io.BytesIO(data), "批次.zip", world.office_a)
    report = rotation.rotate(engine, base64.b64decode(NEW_KEY), batch=1)
    assert report.job_inputs == 1
    monkeypatch.setenv("TSP_SECRET_KEY", NEW_KEY)  # the worker restarted with the new key only
    monkeypatch.delenv("TSP_NEW_SECRET_KEY", raising=False)
    assert jobs.run_one(engine, "w1") == job_id
    with db.session_scope(engine, readonly=True) as s:
        assert jobs.job_status(s, world.reviewer_a, job_id).ok
        assert s.execute(select(func.count()).select_from(Submission)).scalar() == 1
