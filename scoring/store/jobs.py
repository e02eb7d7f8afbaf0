"""Background jobs: long tasks (audit verify, the submissions export, batch imports) run by a worker, outside page
requests, with progress, an outcome, a result to download, and recovery after a crash.

The queue is the ``jobs`` table. A worker claims the oldest queued job with ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL (several workers never take the same job and never wait for each other); on SQLite the claim runs in
one write transaction, which serialises claims just as well. A job that is running keeps a heartbeat; when its
worker dies, the heartbeat goes stale and the next worker takes the job up again from the progress it recorded
(``state``). Run workers as ``python -m scoring worker`` (its own process, any number of them); with the embedded
SQLite default the app starts one worker thread in its own process (``start_thread_worker``).

A job may carry an uploaded input (``job_inputs``: an import's zip), deleted as soon as the job is finished, done
or failed. A job whose work is one transaction can record its outcome inside that transaction
(``JobContext.finish``): the work and the job's end then commit together or not at all.

A small table rather than procrastinate or pgqueuer (both on PyPI, both PostgreSQL-only with async workers and
schemas of their own): one code path on both databases, migrated by our own Alembic revision, tested on both.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from . import audit, db, job_inputs
from . import messages as msg
from .access import fresh, require_role
from .actors import SYSTEM, Actor
from .errors import DatabaseBusy, PermissionDenied, StoreError
from .models import Job, User, utcnow

LOG = logging.getLogger("tsp.jobs")
STALE_AFTER = dt.timedelta(seconds=60)   # a running job without a heartbeat this long is taken up again
MAX_ATTEMPTS = 3
POLL_SECONDS = 1.0
PROGRESS_SECONDS = 1.0  # how often a ProgressReporter writes the newest step


@dataclass(frozen=True)
class JobView:
    """A job as a page shows it (plain data)."""

    id: int
    kind: str
    status: str
    done: int
    total: int
    ok: bool | None
    message: str | None
    result_name: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    office_id: int | None = None

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else (1.0 if self.status == "done" else 0.0)


def _view(job: Job) -> JobView:
    return JobView(job.id, job.kind, job.status, job.done, job.total, job.ok, job.message, job.result_name,
                   job.created_at, job.finished_at, job.office_id)


class JobContext:
    """What a running job may do: report progress (also its heartbeat), keep resumable state, and check it still
    owns the job."""

    def __init__(self, engine: Engine, job_id: int, worker: str, state: dict[str, Any]):
        self.engine, self.job_id, self.worker, self.state = engine, job_id, worker, dict(state)

    def progress(self, done: int, total: int, **state: Any) -> None:
        """Record progress and heartbeat (and state to resume from) in a short transaction of its own."""
        self.state.update(state)
        self._write_progress(done, total, db.RETRY_ATTEMPTS)

    def _write_progress(self, done: int, total: int, attempts: int) -> None:
        def write(session: Session) -> None:
            job = session.get(Job, self.job_id)
            if job is None or job.worker != self.worker or job.status != "running":
                raise JobLost(msg.JOB_LOST.format(id=self.job_id))
            job.done, job.total, job.heartbeat_at, job.state = done, total, utcnow(), dict(self.state)

        db.run_in_transaction(self.engine, write, attempts=attempts)

    def reporting(self, seconds: float | None = None) -> ProgressReporter:
        """A progress callback for work that reports thousands of steps, written by a thread of its own (use it
        as a context manager)."""
        return ProgressReporter(self, PROGRESS_SECONDS if seconds is None else seconds)

    def finish(self, session: Session, outcome: Outcome) -> None:
        """Record the outcome in the caller's transaction, so it commits with the job's work or not at all;
        JobLost (rolling the work back) when another worker took the job over meanwhile."""
        stmt = select(Job).where(Job.id == self.job_id).with_for_update()
        job = session.execute(stmt).scalar_one_or_none()
        if job is None or job.worker != self.worker or job.status != "running":
            raise JobLost(msg.JOB_LOST.format(id=self.job_id))
        _record_outcome(session, job, outcome)


class JobLost(StoreError):
    """Another worker took the job over (this one was presumed dead)."""


class ProgressReporter:
    """Notes a job's newest step; a thread of its own writes it with the heartbeat about every ``seconds`` (and
    the heartbeat alone at least every ``STALE_AFTER / 4``), one attempt at a time, so the work never waits for
    the database: on SQLite, where every write waits for the one writer, a busy database delays only this
    thread. When a write finds the job taken over, the next step noted raises JobLost."""

    def __init__(self, context: JobContext, seconds: float):
        self._context, self._seconds = context, seconds
        self._step: tuple[int, int] | None = None
        self._written: tuple[tuple[int, int], float] | None = None  # (step, when) of the last write
        self._lost: JobLost | None = None
        self._paused = False
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one write at a time (the thread's, or flush's)
        self._thread = threading.Thread(target=self._run, name=f"tsp-job-{context.job_id}-progress", daemon=True)

    def __enter__(self) -> ProgressReporter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(STALE_AFTER.total_seconds())

    def __call__(self, done: int, total: int) -> None:
        if self._lost is not None:
            raise self._lost
        self._step = (done, total)

    def flush(self) -> None:
        """Write the newest step now (one attempt; a busy database skips it); JobLost when taken over."""
        self._write(force=True)
        if self._lost is not None:
            raise self._lost

    def pause(self) -> None:
        """Write nothing more from the thread (the work is about to hold the only write lock: SQLite during its
        write transaction); a write under way is finished first."""
        with self._lock:
            self._paused = True

    def _run(self) -> None:
        while not self._stop.wait(self._seconds):
            self._write(force=False)

    def _write(self, *, force: bool) -> None:
        with self._lock:
            step, now = self._step, time.monotonic()
            if step is None or self._lost is not None or (self._paused and not force):
                return
            if not force and self._written is not None and self._written[0] == step and \
                    now - self._written[1] < STALE_AFTER.total_seconds() / 4:
                return
            try:
                self._context._write_progress(*step, attempts=1)
                self._written = (step, now)
            except JobLost as err:
                self._lost = err
            except DatabaseBusy:
                LOG.info("job %s: progress %s/%s not recorded (database busy)", self._context.job_id, *step)
            except Exception:  # noqa: BLE001 - progress is best effort; the job itself goes on
                LOG.exception("job %s: progress not recorded", self._context.job_id)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str
    result_name: str | None = None
    result: bytes | None = None


Handler = Callable[[JobContext, dict[str, Any], Actor], Outcome]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn
    return register


# ------------------------------------------------------------------ queue

def enqueue(session: Session, actor: Actor, kind: str, *, office_id: int | None = None, **params: Any) -> int:
    """Queue a job for the actor (bureau admin for audit verify; reviewers and admins for exports and imports).
    ``office_id`` names the office the job is done for (its reviewers see the job); it is a parameter too."""
    actor = fresh(session, actor)
    if kind not in HANDLERS:
        raise StoreError(msg.JOB_KIND_UNKNOWN.format(kind=kind))
    require_role(actor, *JOB_ROLES[kind])
    if office_id is not None:
        params = {**params, "office_id": office_id}
    job = Job(kind=kind, status="queued", params=params, state={}, created_by_id=actor.user_id, attempts=0,
              done=0, total=0, office_id=office_id)
    session.add(job)
    session.flush()
    audit.record(session, actor, "job_queued", "job", job.id, kind=kind, params=params)
    return job.id


def job_status(session: Session, actor: Actor, job_id: int) -> JobView:
    """The job, when the actor may see it (``may_see``)."""
    return _view(visible_job(session, actor, job_id))


def latest(session: Session, actor: Actor, kind: str) -> JobView | None:
    """The actor's newest job of a kind (the admin's page shows the last verify)."""
    actor = fresh(session, actor)
    stmt = select(Job).where(Job.kind == kind).order_by(Job.id.desc()).limit(1)
    if actor.role != "admin":
        stmt = stmt.where(Job.created_by_id == actor.user_id)
    job = session.execute(stmt).scalar()
    return _view(job) if job is not None else None


def job_result(session: Session, actor: Actor, job_id: int) -> tuple[str, bytes]:
    """(file name, bytes) of a finished job's result; the download is audited."""
    job = visible_job(session, actor, job_id)
    if job.status != "done" or job.result is None:
        raise StoreError(msg.JOB_NO_RESULT.format(id=job_id))
    audit.record(session, fresh(session, actor), "job_result_downloaded", "job", job.id, kind=job.kind)
    return job.result_name or f"job-{job.id}", bytes(job.result)


def may_see(actor: Actor, created_by_id: int | None, office_id: int | None) -> bool:
    """The bureau sees every job; others the jobs they queued, and a reviewer also its office's jobs."""
    return actor.role == "admin" or created_by_id == actor.user_id or (
        actor.role == "reviewer" and office_id is not None and office_id == actor.office_id)


def visible_job(session: Session, actor: Actor, job_id: int) -> Job:
    """The job row when the actor may see it; PermissionDenied (same for a missing ID) otherwise."""
    actor = fresh(session, actor)
    job = session.get(Job, job_id) if isinstance(job_id, int) else None
    if job is None or not may_see(actor, job.created_by_id, job.office_id):
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="任务", id=job_id))
    return job


def claim(engine: Engine, worker: str) -> tuple[int, str, dict, dict, int | None] | None:
    """Take the oldest queued job, or a running one whose worker went silent: (id, kind, params, state, creator)."""
    def take(session: Session):
        stale = utcnow() - STALE_AFTER
        stmt = (select(Job).where(or_(Job.status == "queued",
                                      (Job.status == "running") & (Job.heartbeat_at < stale)))
                .order_by(Job.id).limit(1).with_for_update(skip_locked=True))
        job = session.execute(stmt).scalar()
        if job is None:
            return None
        job.attempts += 1
        if job.attempts > MAX_ATTEMPTS:
            job.status, job.ok, job.finished_at = "failed", False, utcnow()
            job.message = msg.JOB_GAVE_UP.format(attempts=MAX_ATTEMPTS)
            job_inputs.discard(session, job.id)
            return "gave_up"
        job.status, job.worker, job.heartbeat_at = "running", worker, utcnow()
        job.started_at = job.started_at or job.heartbeat_at
        return job.id, job.kind, dict(job.params), dict(job.state or {}), job.created_by_id

    while True:
        taken = db.run_in_transaction(engine, take)
        if taken != "gave_up":
            return taken


def run_one(engine: Engine, worker: str | None = None) -> int | None:
    """Claim and run one job; returns its ID, or None when the queue is empty."""
    worker = worker or default_worker_name()
    taken = claim(engine, worker)
    if taken is None:
        return None
    job_id, kind, params, state, creator = taken
    context = JobContext(engine, job_id, worker, state)
    try:
        actor = db.run_in_transaction(engine, lambda s: _creator(s, creator), readonly=True)
        outcome = HANDLERS[kind](context, params, actor)
    except JobLost:
        LOG.warning("job %s was taken over by another worker", job_id)
        return job_id
    except StoreError as err:
        outcome = Outcome(False, err.message)
    except Exception:  # noqa: BLE001 - a job's failure is recorded, the worker lives on
        LOG.exception("job %s failed", job_id)
        outcome = Outcome(False, msg.JOB_FAILED.format(id=job_id))
    _finish(engine, job_id, worker, outcome)
    return job_id


def _creator(session: Session, user_id: int | None) -> Actor:
    from .auth import actor_of

    user = session.get(User, user_id) if user_id is not None else None
    return actor_of(user) if user is not None else SYSTEM


def _record_outcome(session: Session, job: Job, outcome: Outcome) -> None:
    """The job's end: done (a result is kept even when not ok) or failed, and its input deleted."""
    job.status = "done" if outcome.ok or outcome.result is not None else "failed"
    job.ok, job.message, job.finished_at = outcome.ok, outcome.message, utcnow()
    job.result_name, job.result = outcome.result_name, outcome.result
    if job.status == "done":
        job.total = job.total or 1
        job.done = job.total
    job_inputs.discard(session, job.id)


def _finish(engine: Engine, job_id: int, worker: str, outcome: Outcome) -> None:
    def write(session: Session) -> None:
        job = session.get(Job, job_id)
        if job is None or job.worker != worker or job.status != "running":
            return  # taken over, or already finished inside the handler's own transaction
        _record_outcome(session, job, outcome)
    db.run_in_transaction(engine, write)


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def work(engine: Engine, stop: threading.Event | None = None, poll: float = POLL_SECONDS) -> None:
    """Run jobs until ``stop`` is set, polling the queue when it is empty."""
    stop = stop or threading.Event()
    worker = default_worker_name()
    while not stop.is_set():
        try:
            if run_one(engine, worker) is None:
                stop.wait(poll)
        except Exception:  # noqa: BLE001 - e.g. the database restarting; try again shortly
            LOG.exception("worker loop")
            stop.wait(poll * 5)


_thread_lock = threading.Lock()
_threads: dict[str, threading.Thread] = {}


def start_thread_worker(engine: Engine) -> threading.Thread:
    """One daemon worker thread per engine URL in this process (the embedded SQLite default)."""
    key = engine.url.render_as_string(hide_password=True)
    with _thread_lock:
        thread = _threads.get(key)
        if thread is None or not thread.is_alive():
            thread = threading.Thread(target=work, args=(engine,), name="tsp-jobs", daemon=True)
            thread.start()
            _threads[key] = thread
        return thread


# ------------------------------------------------------------------ the jobs

JOB_ROLES = {"audit_verify": ("admin",), "export_submissions": ("admin", "reviewer"),
             "import_batch": ("admin", "reviewer")}


@handler("audit_verify")
def _audit_verify(context: JobContext, params: dict[str, Any], actor: Actor) -> Outcome:
    """Verify the chain in one snapshot, reporting progress; a verified chain leaves a checkpoint. Verifying
    again after a crash is safe (it only reads) and, incremental or not, starts from the stored checkpoint."""
    incremental = bool(params.get("incremental"))

    def progress(done: int, total: int) -> None:
        context.progress(done, total)

    def check(session: Session) -> audit.AuditReport:
        return audit.verify(session, incremental=incremental, progress=progress, batch=5000)

    report = db.run_in_transaction(context.engine, check, readonly=True)
    if report.ok:
        db.run_in_transaction(context.engine, lambda s: audit.save_checkpoint(s, report))
    db.run_in_transaction(context.engine, lambda s: audit.record(
        s, actor, "audit_verified", None, None, ok=report.ok, rows=report.rows, broken_id=report.broken_id))
    return Outcome(report.ok, report.message)


@handler("export_submissions")
def _export_submissions(context: JobContext, params: dict[str, Any], actor: Actor) -> Outcome:
    from . import exports

    context.progress(0, 1)
    data = db.run_in_transaction(context.engine, lambda s: exports.submissions_xlsx(
        s, actor, round_=params.get("round_"), category=params.get("category")))
    context.progress(1, 1)
    name = f"申报列表-{params.get('round_') or '全部'}.xlsx"
    return Outcome(True, msg.JOB_EXPORT_DONE.format(size=len(data) / 1e6), name, data)


from . import import_jobs  # noqa: E402,F401 - registers the "import_batch" handler
