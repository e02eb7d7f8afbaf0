"""Batch import as a background job: the upload waits in the database (encrypted, in pieces) until a worker
imports it all or nothing, keeps the per-file report with the job and deletes the upload; a worker that dies
midway leaves nothing behind and the job is taken up again from the start."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from scoring.store import audit, auth, db, import_jobs, importer, job_inputs, jobs
from scoring.store import messages as msg
from scoring.store.actors import SYSTEM
from scoring.store.errors import DatabaseBusy, PermissionDenied
from scoring.store.models import AuditEntry, EvidenceFile, Job, JobInput, Organisation, Submission, utcnow
from tests.zip_fixtures import zip_of

from .world import PASSWORD, full_answers, pdf_bytes, png_bytes, uscc

NAMES = ("上海导入甲有限公司", "上海导入乙有限公司", "上海导入丙有限公司")


def _answers(name: str, serial: int, with_file: str | None = None) -> dict:
    data = full_answers("point", name, uscc(200 + serial))
    if with_file:
        data["answers"]["P01"]["evidence"][0]["file"] = with_file
    return data


def good_zip() -> bytes:
    return zip_of({
        "a/甲.yaml": _answers(NAMES[0], 1, "材料/领导小组通知.pdf"),
        "a/材料/领导小组通知.pdf": pdf_bytes("通知"),
        "b/乙.yaml": _answers(NAMES[1], 2),
        "c/丙.yml": _answers(NAMES[2], 3, "照片.png"),
        "c/照片.png": png_bytes(),
    })


def queue(engine, actor, data: bytes, office_id: int, **kwargs) -> int:
    with db.session_scope(engine) as s:
        return import_jobs.enqueue_import(s, actor, io.BytesIO(data), "申报材料.zip", office_id, **kwargs)


def count(engine, model, *where) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(model).where(*where)).scalar()


def pieces(engine, job_id: int) -> int:
    return count(engine, JobInput, JobInput.job_id == job_id)


def view(engine, actor, job_id: int) -> import_jobs.ImportJobView:
    with db.session_scope(engine, readonly=True) as s:
        return import_jobs.import_job(s, actor, job_id)


def report(engine, actor, job_id: int) -> importer.ImportReport | None:
    with db.session_scope(engine, readonly=True) as s:
        return import_jobs.import_report(s, actor, job_id)


def actions(engine) -> list[str]:
    with engine.connect() as c:
        return list(c.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


class WorkerDied(BaseException):
    """The worker process ends abruptly (nothing in the job code catches a BaseException)."""


def test_the_job_imports_the_batch_whole_keeps_the_report_and_removes_the_upload(engine, world):
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    assert view(engine, world.reviewer_a, job_id).status == "queued"
    assert count(engine, Submission) == 0 and pieces(engine, job_id) == 1  # queued: stored, nothing imported

    assert jobs.run_one(engine, "w1") == job_id
    done = view(engine, world.reviewer_a, job_id)
    assert (done.status, done.ok, done.message, done.fraction) == ("done", True,
                                                                   msg.JOB_IMPORT_WRITTEN.format(count=3), 1.0)
    assert pieces(engine, job_id) == 0
    kept = report(engine, world.reviewer_a, job_id)
    assert kept.written and [f.file for f in kept.files] == ["a/甲.yaml", "b/乙.yaml", "c/丙.yml"]
    with db.session_scope(engine, readonly=True) as s:
        subs = {s.get(Organisation, sub.organisation_id).name: sub for sub in s.execute(select(Submission)).scalars()}
        assert set(subs) == set(NAMES) and {sub.status for sub in subs.values()} == {"submitted"}
        assert [f.submission_id for f in kept.files] == [subs[n].id for n in NAMES]
        assert {s.get(Organisation, sub.organisation_id).office_id for sub in subs.values()} == {world.office_a}
    assert count(engine, EvidenceFile) == 2
    assert [a for a in actions(engine) if a in ("job_queued", "batch_import", "submission_created")] == [
        "job_queued", "submission_created", "submission_created", "submission_created", "batch_import"]


def test_a_check_only_job_and_a_rejected_batch_write_nothing_but_keep_their_reports(engine, world):
    checked = queue(engine, world.admin, good_zip(), world.office_a, dry_run=True)
    jobs.run_one(engine, "w1")
    outcome = view(engine, world.admin, checked)
    assert (outcome.status, outcome.ok, outcome.dry_run) == ("done", True, True)
    assert outcome.message == msg.JOB_IMPORT_CHECKED.format(count=3)
    assert report(engine, world.admin, checked).dry_run and count(engine, Submission) == 0

    broken = _answers(NAMES[1], 2)
    broken["answers"]["P13"] = {"met": "partial", "score": 1.2}
    data = zip_of({"a/甲.yaml": _answers(NAMES[0], 1), "b/乙.yaml": broken})
    rejected = queue(engine, world.reviewer_a, data, world.office_a)
    jobs.run_one(engine, "w1")
    outcome = view(engine, world.reviewer_a, rejected)
    assert (outcome.status, outcome.ok) == ("done", False)
    assert outcome.message == msg.JOB_IMPORT_REJECTED.format(count=2, rejected=1)
    files = {f.file: f for f in report(engine, world.reviewer_a, rejected).files}
    assert files["a/甲.yaml"].accepted and [p.item_id for p in files["b/乙.yaml"].problems] == ["P13"]
    assert count(engine, Submission) == 0 and pieces(engine, checked) == pieces(engine, rejected) == 0


def test_a_worker_that_dies_midway_leaves_no_submissions_and_the_job_is_taken_up_again(engine, world,
                                                                                        monkeypatch):
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    original, inside = importer.store_file, []

    def dies_at_the_second_file(session, submission, *args, **kwargs):
        if inside:
            session.flush()
            inside.append(session.execute(select(func.count()).select_from(Submission)).scalar())
            raise WorkerDied()
        inside.append("first")
        return original(session, submission, *args, **kwargs)

    monkeypatch.setattr(importer, "store_file", dies_at_the_second_file)
    with pytest.raises(WorkerDied):
        jobs.run_one(engine, "dead")
    assert inside[-1] >= 2  # submissions were written inside the transaction before the worker died
    assert (count(engine, Submission), count(engine, Organisation), count(engine, EvidenceFile)) == (0, 3, 0)
    with db.session_scope(engine, readonly=True) as s:
        job = s.get(Job, job_id)
        assert (job.status, job.worker, job.attempts) == ("running", "dead", 1)
    assert pieces(engine, job_id) == 1  # the upload waits for the next worker

    monkeypatch.setattr(importer, "store_file", original)
    assert jobs.run_one(engine, "w2") is None  # its heartbeat is still fresh: nobody takes it yet
    with db.session_scope(engine) as s:
        s.execute(update(Job).values(heartbeat_at=utcnow() - jobs.STALE_AFTER - dt.timedelta(seconds=1)))
    assert jobs.run_one(engine, "w2") == job_id
    with db.session_scope(engine, readonly=True) as s:
        job = s.get(Job, job_id)
        assert (job.status, job.ok, job.worker, job.attempts) == ("done", True, "w2", 2)
    assert count(engine, Submission) == 3 and count(engine, EvidenceFile) == 2 and pieces(engine, job_id) == 0
    assert actions(engine).count("batch_import") == 1


def test_an_error_midway_fails_the_job_for_good_writes_nothing_and_removes_the_upload(engine, world, monkeypatch):
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)

    def fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "store_file", fails)
    assert jobs.run_one(engine, "w1") == job_id
    outcome = view(engine, world.reviewer_a, job_id)
    assert (outcome.status, outcome.message) == ("failed", msg.JOB_FAILED.format(id=job_id))
    assert count(engine, Submission) == 0 and pieces(engine, job_id) == 0
    assert report(engine, world.reviewer_a, job_id) is None


def test_a_worker_whose_job_was_taken_over_cannot_commit_its_import(engine, world, monkeypatch):
    if engine.dialect.name == "sqlite":
        pytest.skip("on SQLite the import's write lock keeps any other worker from taking the job meanwhile")
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    original = importer.store_file

    def taken_over(*args, **kwargs):  # another worker claims the job while this one writes
        with db.session_scope(engine) as other:
            other.execute(update(Job).where(Job.id == job_id).values(worker="w2", heartbeat_at=utcnow()))
        return original(*args, **kwargs)

    monkeypatch.setattr(importer, "store_file", taken_over)
    assert jobs.run_one(engine, "w1") == job_id
    with db.session_scope(engine, readonly=True) as s:
        assert (s.get(Job, job_id).status, s.get(Job, job_id).worker) == ("running", "w2")
    assert count(engine, Submission) == 0 and pieces(engine, job_id) == 1


def test_progress_reaches_the_end_of_the_checks_and_on_sqlite_nothing_is_written_inside_the_write(engine, world, monkeypatch):
    seen = []
    original = jobs.JobContext._write_progress

    def recording(self, done, total, attempts):
        seen.append((done, total))
        return original(self, done, total, attempts)

    monkeypatch.setattr(jobs.JobContext, "_write_progress", recording)
    queue(engine, world.reviewer_a, good_zip(), world.office_a)
    jobs.run_one(engine, "w1")
    assert (3, 6) in seen  # the three files checked
    if engine.dialect.name == "sqlite":
        assert seen.index((3, 6)) == len(seen) - 1  # nothing tried while the write transaction held the lock


def test_progress_the_database_is_too_busy_to_take_is_skipped_and_the_job_still_completes(engine, world,
                                                                                        monkeypatch):
    def busy(self, done, total, attempts):
        raise DatabaseBusy(msg.DB_RETRIES_EXHAUSTED)

    monkeypatch.setattr(jobs.JobContext, "_write_progress", busy)
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    assert jobs.run_one(engine, "w1") == job_id
    done = view(engine, world.reviewer_a, job_id)
    assert (done.status, done.ok) == ("done", True) and count(engine, Submission) == 3


def test_a_damaged_upload_fails_with_its_chinese_message_and_is_removed(engine, world):
    data = good_zip()
    job_id = queue(engine, world.reviewer_a, data[: len(data) // 2], world.office_a)
    jobs.run_one(engine, "w1")
    outcome = view(engine, world.reviewer_a, job_id)
    assert (outcome.status, outcome.message) == ("failed", msg.IMPORT_NOT_ZIP.format(path="申报材料.zip"))
    assert pieces(engine, job_id) == 0


def test_the_upload_is_stored_encrypted_in_pieces_and_a_changed_piece_fails_the_job(engine, world, monkeypatch):
    monkeypatch.setattr(job_inputs, "PIECE_BYTES", 4096)
    data = good_zip()
    job_id = queue(engine, world.reviewer_a, data, world.office_a)
    with engine.connect() as c:
        stored = [bytes(r) for r in c.execute(select(JobInput.ciphertext).where(JobInput.job_id == job_id)
                                              .order_by(JobInput.seq)).scalars()]
    assert len(stored) == -(-len(data) // 4096) > 1
    assert not any("a/甲.yaml".encode() in piece or data[:4096] in piece for piece in stored)
    assert jobs.run_one(engine, "w1") == job_id and view(engine, world.reviewer_a, job_id).ok  # reassembled

    second = queue(engine, world.reviewer_a, data, world.office_a, dry_run=True)
    with db.session_scope(engine) as s:  # two pieces swapped: each still opens, the whole no longer matches
        rows = s.execute(select(JobInput).where(JobInput.job_id == second).order_by(JobInput.seq)).scalars().all()
        rows[0].seq, rows[1].seq = -1, 0
        s.flush()
        rows[0].seq = 1
    jobs.run_one(engine, "w1")
    outcome = view(engine, world.reviewer_a, second)
    assert (outcome.status, outcome.message) == ("failed", msg.JOB_INPUT_UNREADABLE.format(id=second))
    assert pieces(engine, second) == 0


def test_who_may_queue_see_and_list_an_offices_import_jobs(engine, world):
    with db.session_scope(engine) as s:
        colleague = auth.actor_of(auth.create_user(s, SYSTEM, "reviewer_a2", "同所审核员", PASSWORD, "reviewer",
                                                   office_id=world.office_a))
    for actor, office in ((world.applicant_a, world.office_a), (world.reviewer_b, world.office_a)):
        with pytest.raises(PermissionDenied):
            queue(engine, actor, good_zip(), office)
    assert count(engine, Job) == 0 and count(engine, JobInput) == 0
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a, round_=2026)
    for actor in (world.reviewer_a, colleague, world.admin):
        shown = view(engine, actor, job_id)
        assert (shown.file, shown.round, shown.created_by, shown.dry_run) == ("申报材料.zip", 2026, "reviewer_a用户",
                                                                               False)
    with db.session_scope(engine, readonly=True) as s:
        assert [j.id for j in import_jobs.recent_imports(s, colleague, world.office_a)] == [job_id]
        assert import_jobs.latest_import(s, colleague, world.office_a) is None  # not one the colleague queued
        for attempt in (lambda: import_jobs.import_job(s, world.reviewer_b, job_id),
                        lambda: import_jobs.recent_imports(s, world.reviewer_b, world.office_a),
                        lambda: jobs.job_status(s, world.applicant_a, job_id)):
            with pytest.raises(PermissionDenied):
                attempt()


def test_the_report_downloads_as_an_audited_workbook(engine, world):
    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    jobs.run_one(engine, "w1")
    with db.session_scope(engine) as s:
        data = import_jobs.report_xlsx(s, world.reviewer_a, job_id)
    sheet = load_workbook(io.BytesIO(data))[msg.IMPORT_REPORT_SHEETS[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(msg.IMPORT_REPORT_COLUMNS.values())
    assert [r[0] for r in rows[1:]] == ["a/甲.yaml", "b/乙.yaml", "c/丙.yml"]
    assert all(r[1].startswith("已导入（申报 #") for r in rows[1:]) and isinstance(rows[1][4], (int, float))
    assert actions(engine)[-1] == "job_result_downloaded"
    with db.session_scope(engine, readonly=True) as s:
        assert audit.verify(s).ok


def test_a_zip_that_fails_past_the_importers_own_checks_gets_the_damaged_zip_message(engine, world, monkeypatch):
    import zlib

    from scoring.store.batch_source import ZipSource

    def broken(self, name, limit):
        raise zlib.error("invalid stored block lengths")

    job_id = queue(engine, world.reviewer_a, good_zip(), world.office_a)
    monkeypatch.setattr(ZipSource, "read", broken)
    jobs.run_one(engine, "w1")
    outcome = view(engine, world.reviewer_a, job_id)
    assert (outcome.status, outcome.message) == ("failed", msg.IMPORT_ZIP_BROKEN.format(file="申报材料.zip"))
    assert count(engine, Submission) == 0 and pieces(engine, job_id) == 0
