"""Background jobs: queued by the right role, run by a worker with progress and a result, taken up again after
a worker dies, never claimed twice."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select, update

from scoring.store import audit, db, jobs
from scoring.store.actors import SYSTEM
from scoring.store.errors import PermissionDenied
from scoring.store.models import Job, utcnow

from ..cli_runner import invoke
from .conftest import tampering


def _rows(engine, n: int) -> None:
    with db.session_scope(engine) as s:
        for k in range(n):
            audit.record(s, SYSTEM, "export", "round", k)


def test_audit_verify_runs_in_the_background_with_progress_and_a_checkpoint(engine, world):
    _rows(engine, 12)
    with db.session_scope(engine) as s:
        job_id = jobs.enqueue(s, world.admin, "audit_verify")
    with db.session_scope(engine, readonly=True) as s:
        assert jobs.job_status(s, world.admin, job_id).status == "queued"
    assert jobs.run_one(engine, "w1") == job_id
    with db.session_scope(engine, readonly=True) as s:
        view = jobs.job_status(s, world.admin, job_id)
        assert (view.status, view.ok, view.fraction) == ("done", True, 1.0)
        assert "审计日志完整" in view.message
    with db.session_scope(engine, readonly=True) as s:
        assert audit.verify(s, incremental=True).from_rows >= 12
    assert jobs.run_one(engine, "w1") is None


def test_a_broken_chain_is_reported_by_the_job(engine, world):
    _rows(engine, 3)
    with tampering(engine) as c:
        c.execute(update(audit.AuditEntry).where(audit.AuditEntry.id == 2).values(action="login"))
    with db.session_scope(engine) as s:
        job_id = jobs.enqueue(s, world.admin, "audit_verify")
    jobs.run_one(engine, "w1")
    with db.session_scope(engine, readonly=True) as s:
        view = jobs.job_status(s, world.admin, job_id)
    assert (view.status, view.ok) == ("failed", False) and "#2" in view.message


def test_only_the_admin_verifies_and_only_the_creator_sees_an_export(engine, world):
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            jobs.enqueue(s, world.reviewer_a, "audit_verify")
        job_id = jobs.enqueue(s, world.reviewer_a, "export_submissions", round_=2026)
    jobs.run_one(engine, "w1")
    with db.session_scope(engine) as s:
        name, data = jobs.job_result(s, world.reviewer_a, job_id)
        assert name.endswith(".xlsx") and data[:2] == b"PK"
        with pytest.raises(PermissionDenied):
            jobs.job_status(s, world.reviewer_b, job_id)


def test_a_job_whose_worker_died_is_taken_up_again_and_the_dead_worker_cannot_finish_it(engine, world):
    _rows(engine, 2)
    with db.session_scope(engine) as s:
        job_id = jobs.enqueue(s, world.admin, "audit_verify")
    assert jobs.claim(engine, "dead")[0] == job_id  # claimed, then the worker died without a heartbeat
    assert jobs.run_one(engine, "w2") is None      # still fresh: nobody else takes it
    with db.session_scope(engine) as s:
        s.execute(update(Job).values(heartbeat_at=utcnow() - jobs.STALE_AFTER - dt.timedelta(seconds=1)))
    assert jobs.run_one(engine, "w2") == job_id
    with db.session_scope(engine, readonly=True) as s:
        view = jobs.job_status(s, world.admin, job_id)
        job = s.get(Job, job_id)
        assert (view.status, view.ok, job.attempts, job.worker) == ("done", True, 2, "w2")
    with pytest.raises(jobs.JobLost):
        jobs.JobContext(engine, job_id, "dead", {}).progress(1, 1)


def test_concurrent_workers_never_run_the_same_job_twice(engine, world):
    with db.session_scope(engine) as s:
        ids = [jobs.enqueue(s, world.admin, "audit_verify") for _ in range(6)]
    ran: list[int] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while (job_id := jobs.run_one(engine, name)) is not None:
            with lock:
                ran.append(job_id)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(ran) == ids


def test_the_worker_command_runs_the_queued_jobs(engine, world, monkeypatch):
    from .conftest import url_of

    with db.session_scope(engine) as s:
        job_id = jobs.enqueue(s, world.admin, "audit_verify")
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    result = invoke(["worker", "--once"])
    assert result.exit_code == 0 and "已处理 1 个后台任务" in result.stdout
    with db.session_scope(engine, readonly=True) as s:
        assert jobs.job_status(s, world.admin, job_id).status == "done"


def _running_job(engine, world, worker: str = "w1") -> int:
    with db.session_scope(engine) as s:
        job_id = jobs.enqueue(s, world.admin, "audit_verify")
    assert jobs.claim(engine, worker)[0] == job_id
    return job_id


def _done_of(engine, job_id: int) -> tuple[int, int]:
    with engine.connect() as c:
        return tuple(c.execute(select(Job.done, Job.total).where(Job.id == job_id)).one())


def _eventually(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_progress_reporter_writes_the_newest_step_from_its_own_thread(engine, world):
    job_id = _running_job(engine, world)
    context = jobs.JobContext(engine, job_id, "w1", {})
    with context.reporting(seconds=0.05) as report:
        for step in range(1, 501):
            report(step, 1000)  # noting a step costs no database write
        assert _eventually(lambda: _done_of(engine, job_id) == (500, 1000))
        report.pause()
        report(900, 1000)
        time.sleep(0.3)
        assert _done_of(engine, job_id) == (500, 1000)  # paused: nothing more written
        report.flush()
        assert _done_of(engine, job_id) == (900, 1000)


def test_a_progress_reporter_raises_job_lost_once_another_worker_took_the_job(engine, world):
    job_id = _running_job(engine, world)
    with jobs.JobContext(engine, job_id, "w1", {}).reporting(seconds=0.05) as report:
        report(1, 10)
        with db.session_scope(engine) as s:
            s.execute(update(Job).where(Job.id == job_id).values(worker="w2"))
        report(2, 10)

        def lost() -> bool:
            try:
                report(3, 10)
            except jobs.JobLost:
                return True
            return False

        assert _eventually(lost)
