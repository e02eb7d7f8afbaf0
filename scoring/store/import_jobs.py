"""Batch import as a background job ("import_batch"): the page stores the uploaded zip with a queued job and
returns at once; a worker, in any process on any host, imports it and keeps the per-file report with the job.

The zip travels in the database (``job_inputs``, encrypted). The worker copies it into a temporary file and
streams it from there like any zip on disk (``batch_source``). It checks the files first, outside any
transaction (progress and heartbeat are written as it goes), then checks against the database and writes in
one transaction that also records the job's end and deletes the stored zip: the import is all or nothing, and
so is its being marked done. Who may queue an import is who may import (the bureau for any office, a reviewer
for its own); the worker imports as the user who queued it, whose rights are checked again then.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..problems import Problem
from . import db, importer, job_inputs, jobs
from . import import_report as reports
from . import messages as msg
from .actors import Actor
from .crypto import EvidenceCipher, default_cipher
from .errors import DataInvalid, PermissionDenied, UploadRejected
from .models import Job, User

KIND = "import_batch"
RECENT = 10
# What reading a damaged zip member may still raise past the importer's own checks (unsupported compression,
# a truncated archive): the batch is refused with one Chinese message naming the upload.
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


@dataclass(frozen=True)
class ImportJobView:
    """An import job as the page lists and follows it (plain data)."""

    id: int
    office_id: int | None
    file: str
    dry_run: bool
    round: int | None
    created_by: str
    created_at: dt.datetime
    status: str
    ok: bool | None
    message: str | None
    done: int
    total: int
    finished_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def count(self) -> int:
        """Answers files in the batch (known once the worker has read the zip)."""
        return self.total // 2

    @property
    def phase(self) -> str:
        """queued, reading (the zip), checking (the files), writing, done or failed."""
        if self.status != "running":
            return self.status
        if self.total == 0:
            return "reading"
        return "checking" if self.done < self.count else "writing"

    @property
    def step(self) -> int:
        """Files done in the current phase."""
        return self.done if self.phase == "checking" else max(self.done - self.count, 0)

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0


def _views(session: Session, rows: list[Job]) -> list[ImportJobView]:
    ids = {job.created_by_id for job in rows if job.created_by_id is not None}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}
    return [ImportJobView(job.id, job.office_id, job.params.get("file", ""), bool(job.params.get("dry_run")),
                          job.params.get("round_"), names.get(job.created_by_id, msg.SYSTEM_ACTOR_NAME),
                          job.created_at, job.status, job.ok, job.message, job.done, job.total, job.finished_at)
            for job in rows]


def _job(session: Session, actor: Actor, job_id: int) -> Job:
    job = jobs.visible_job(session, actor, job_id)
    if job.kind != KIND:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="导入任务", id=job_id))
    return job


# ---------------------------------------------------------------- the page's side


def enqueue_import(session: Session, actor: Actor, upload: BinaryIO, file_name: str, office_id: int, *,
                   round_: int | None = None, dry_run: bool = False, cipher: EvidenceCipher | None = None) -> int:
    """Queue the import of an uploaded zip (a seekable binary stream) into ``office_id``'s jurisdiction, storing
    the zip with the job; the job's ID. Nothing is imported here."""
    actor, office = importer.authorise(session, actor, office_id)
    name = (file_name or "上传.zip")[-200:]
    size, digest = job_inputs.measure(upload)
    job_id = jobs.enqueue(session, actor, KIND, office_id=office.id, round_=round_, dry_run=bool(dry_run),
                          file=name, size=size, sha256=digest)
    if job_inputs.store(session, job_id, upload, cipher or default_cipher()) != (size, digest):
        raise UploadRejected(msg.JOB_INPUT_CHANGED)
    return job_id


def import_job(session: Session, actor: Actor, job_id: int) -> ImportJobView:
    """One import job the actor may see (its own, its office's, or any for the bureau)."""
    return _views(session, [_job(session, actor, job_id)])[0]


def recent_imports(session: Session, actor: Actor, office_id: int, limit: int = RECENT) -> list[ImportJobView]:
    """The office's newest import jobs, for those who may import into it."""
    importer.authorise(session, actor, office_id)
    stmt = (select(Job).where(Job.office_id == office_id, Job.kind == KIND).order_by(Job.id.desc()).limit(limit))
    return _views(session, list(session.execute(stmt).scalars()))


def latest_import(session: Session, actor: Actor, office_id: int) -> ImportJobView | None:
    """The actor's newest import job for the office, if any."""
    importer.authorise(session, actor, office_id)
    stmt = (select(Job).where(Job.office_id == office_id, Job.kind == KIND, Job.created_by_id == actor.user_id)
            .order_by(Job.id.desc()).limit(1))
    job = session.execute(stmt).scalar()
    return _views(session, [job])[0] if job is not None else None


def import_report(session: Session, actor: Actor, job_id: int) -> importer.ImportReport | None:
    """The per-file report a finished import job kept (None while it runs, or when it failed without one)."""
    job = _job(session, actor, job_id)
    if job.status != "done" or job.result is None:
        return None
    return reports.from_json(bytes(job.result))


def report_xlsx(session: Session, actor: Actor, job_id: int) -> bytes:
    """The report as a workbook to download (the download is audited)."""
    _job(session, actor, job_id)
    _name, data = jobs.job_result(session, actor, job_id)
    return reports.to_xlsx(reports.from_json(data))


# ---------------------------------------------------------------- the worker's side


def _guarded(label: str, work):
    try:
        return work()
    except ZIP_READ_ERRORS:
        text = msg.IMPORT_ZIP_BROKEN.format(file=label)
        raise DataInvalid(text, [Problem(label, None, None, text)]) from None


def _outcome(job_id: int, report: importer.ImportReport) -> jobs.Outcome:
    count, rejected = len(report.files), len(report.rejected)
    if report.written:
        text = msg.JOB_IMPORT_WRITTEN.format(count=count)
    elif rejected:
        text = msg.JOB_IMPORT_REJECTED.format(count=count, rejected=rejected)
    else:
        text = msg.JOB_IMPORT_CHECKED.format(count=count)
    return jobs.Outcome(not rejected, text, f"import-report-{job_id}.json", reports.to_json(report))


@jobs.handler(KIND)
def run_import(context: jobs.JobContext, params: dict[str, Any], actor: Actor) -> jobs.Outcome:
    """Import the job's stored zip, all or nothing, and keep the report as the job's result.

    The stored zip is copied into a temporary file (owner-only, gone when closed) and streamed from there. The
    files are checked outside any transaction; progress (the job's heartbeat) is written by a thread of its own,
    so a busy database never holds the work up. Then one transaction
    checks against the database, writes every submission with its evidence, records the import in the audit
    log, marks the job done with the report and deletes the stored zip; it commits whole or not at all. If the
    worker dies at any point before that commit, its transaction rolls back (nothing of the batch is kept, the
    zip is still stored), its heartbeat goes stale, and the next worker takes the job up again from the start.
    On SQLite, whose one writer is this transaction, progress is not written while it runs; no other worker can
    take the job over meanwhile, since taking a job needs the same write lock.
    """
    engine, label = context.engine, params["file"]
    cipher = default_cipher()
    with context.reporting() as report, tempfile.TemporaryFile(prefix="tsp-import-") as spool:
        report(0, 0)
        db.run_in_transaction(engine, lambda s: job_inputs.copy_to(
            s, context.job_id, spool, cipher, size=params["size"], sha256=params["sha256"]), readonly=True)
        source = importer.open_source(label, spool)
        try:
            batch = _guarded(label, lambda: importer.check_files(
                source, lambda done, total, _text: report(done, total)))
            report(batch.count, batch.count * 2)
            report.flush()
            if engine.dialect.name == "sqlite":
                report.pause()  # the write transaction below is SQLite's one writer: no progress until it ends

            def write(session: Session) -> jobs.Outcome:
                result = _guarded(label, lambda: importer.import_checked(
                    session, actor, batch, params["office_id"], round_=params.get("round_"),
                    dry_run=bool(params.get("dry_run")), cipher=cipher,
                    progress=lambda done, total, _text: report(done, total)))
                outcome = _outcome(context.job_id, result)
                context.finish(session, outcome)
                return outcome

            return db.run_in_transaction(engine, write)
        finally:
            source.close()
