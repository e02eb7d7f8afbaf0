"""Batch import of answers files (with their evidence) from a folder or a zip, for one office.

Everything is validated first: each answers file, each evidence file it names (present, allowed type and size),
the organisation (right office and category) and duplicates. Only when every file passes is anything written,
in the caller's one transaction: a batch is imported whole or not at all. The report says, per file, what was
accepted or rejected and why, and lists the entries of the batch that were skipped with the reason; a progress
callback follows both phases. Zips are read as a stream with caps on the bytes actually decompressed
(``batch_source``), so memory stays bounded whatever the archive claims.

``import_batch`` does it all in one session. The checks of the files themselves need no database, so they can
also run apart (``check_files``) before the transaction that checks against the database and writes
(``import_checked``): the background import job holds its write transaction only for that second part.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ..answers import AnswersFile, parse_answers
from ..engine import ScoreResult, score
from ..problems import InputInvalid, Problem
from ..rubric import RUBRIC_NAMES, Rubric, load_rubric
from ..yamlio import read_yaml
from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .batch_source import (  # noqa: F401 - open_source and the sources are part of this module's API
    BatchSource, FolderSource, MemberUnreadable, Skipped, ZipSource, answers_limit_bytes, batch_limit_bytes,
    open_source,
)
from .crypto import EvidenceCipher, default_cipher
from .errors import DataInvalid, PermissionDenied, UploadRejected
from .evidence import store_file
from .filetypes import EXTENSIONS, check_upload, max_upload_bytes
from .models import Office, Organisation, Submission, utcnow
from .submissions import new_submission

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------- the report


@dataclass
class FileReport:
    """One answers file of the batch: accepted or not, and why not."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    organisation: str | None = None
    category: str | None = None
    self_total: Decimal | None = None
    evidence_files: int = 0
    submission_id: int | None = None

    @property
    def accepted(self) -> bool:
        return not self.problems


@dataclass
class ImportReport:
    source: str
    files: list[FileReport]
    written: bool
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if not f.accepted]

    def lines(self) -> list[str]:
        """One Chinese line per accepted file and per problem of a rejected file."""
        out = []
        for report in self.files:
            if report.accepted:
                where = f"申报 #{report.submission_id}" if report.submission_id else msg.IMPORT_ACCEPTED
                out.append(f"{report.file}: {where}：{report.organisation}（{msg.CATEGORY_NAMES[report.category]}，"
                           f"核验分 {report.self_total}，证明材料 {report.evidence_files} 份）")
            else:
                out.extend(p.line() for p in report.problems)
        out.extend(entry.line() for entry in self.skipped)
        if not self.written and self.rejected:
            out.append(msg.IMPORT_NOT_WRITTEN)
        return out


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Evidence:
    """An evidence file that passed the checks; its content is read again when written (and must not change)."""

    target: str
    kind: str
    sha256: str


@dataclass
class _Checked:
    report: FileReport
    answers: AnswersFile | None = None
    evidence: dict[str, _Evidence] = field(default_factory=dict)  # by the path the answers file gives
    organisation: Organisation | None = None
    round: int | None = None
    result: ScoreResult | None = None
    file_problems: int = 0  # how many of report.problems the file checks found (the rest: the database checks)

    def reset(self) -> None:
        """Forget what the database checks and the write added (a transaction retried whole starts again)."""
        del self.report.problems[self.file_problems:]
        self.organisation = self.round = None
        self.report.self_total = self.report.submission_id = None


@dataclass
class CheckedBatch:
    """A batch whose files were checked on their own (no database needed): the answers files with their evidence
    hashes and scores, and the entries that are not imported."""

    source: BatchSource
    items: list[_Checked]
    skipped: list[Skipped]

    @property
    def count(self) -> int:
        return len(self.items)


def _evidence_paths(answers: AnswersFile) -> list[tuple[str | None, str, str]]:
    """(item ID, field, file path) of every evidence entry with a file, shared entries once."""
    out = []
    for key, entry in answers.evidence_library.items():
        if entry.file:
            out.append((None, f"evidence_library.{key}.file", entry.file))
    for item_id, answer in answers.answers.items():
        for index, entry in enumerate(answer.evidence):
            if entry.file and not entry.ref:
                out.append((item_id, f"evidence[{index}].file", entry.file))
    return out


def _check_file(source: BatchSource, name: str, names: set[str], rubrics: dict[str, Rubric],
                files: dict[str, _Evidence | str]) -> _Checked:
    """Check one answers file and the evidence it names (``files`` caches the evidence checked for earlier
    files, or the reason it was refused)."""
    checked = _Checked(FileReport(file=name))
    problems = checked.report.problems
    try:
        text = source.read(name, answers_limit_bytes()).decode("utf-8-sig")
    except MemberUnreadable as err:
        problems.append(Problem(name, None, None, err.message))
        return checked
    except UnicodeDecodeError:
        problems.append(Problem(name, None, None, msg.IMPORT_ENCODING))
        return checked
    try:
        data = read_yaml(text, name, items_under="answers")
    except InputInvalid as err:
        problems.extend(err.problems)
        return checked
    category = data.get("rubric") if isinstance(data, dict) else None
    try:
        if category in RUBRIC_NAMES and category not in rubrics:
            rubrics[category] = load_rubric(category)
        answers = parse_answers(data, file=name, rubric=rubrics.get(category))
    except InputInvalid as err:
        problems.extend(err.problems)
        return checked
    checked.answers = answers
    checked.report.organisation = answers.applicant.name
    checked.report.category = answers.rubric
    folder = posixpath.dirname(name)
    for item_id, where, path in _evidence_paths(answers):
        target = posixpath.normpath(posixpath.join(folder, path.replace("\\", "/")))
        if path in checked.evidence:
            continue
        if target not in names or target.startswith("../") or posixpath.isabs(path):
            problems.append(Problem(name, item_id, where, msg.IMPORT_EVIDENCE_MISSING.format(file=path)))
            continue
        if target not in files:
            files[target] = _check_evidence(source, target, path)
        outcome = files[target]
        if isinstance(outcome, str):
            problems.append(Problem(name, item_id, where, outcome))
        else:
            checked.evidence[path] = outcome
    checked.report.evidence_files = len(checked.evidence)
    return checked


def _check_evidence(source: BatchSource, target: str, path: str) -> _Evidence | str:
    """An acceptable evidence file's kind and hash, or the Chinese reason it is refused. Only the hash is kept,
    so a batch of large files is never held in memory at once; reading stops at the size limit."""
    limit = max_upload_bytes()
    try:
        content = source.read(target, limit)
    except MemberUnreadable as err:
        return err.message
    try:
        return _Evidence(target, check_upload(posixpath.basename(target), content, limit),
                         hashlib.sha256(content).hexdigest())
    except UploadRejected as err:
        return err.message


def _organisation_key(answers: AnswersFile) -> str:
    return answers.applicant.uscc or f"name:{answers.applicant.name}"


def _match_organisations(session: Session, items: list[_Checked]) -> None:
    codes = {c.answers.applicant.uscc for c in items if c.answers and c.answers.applicant.uscc}
    names = {c.answers.applicant.name for c in items if c.answers and not c.answers.applicant.uscc}
    by_code: dict[str, Organisation] = {}
    by_name: dict[str, list[Organisation]] = {}
    for chunk in _chunks(sorted(codes), 500):
        for org in session.execute(select(Organisation).where(Organisation.uscc.in_(chunk))).scalars():
            by_code[org.uscc] = org
    for chunk in _chunks(sorted(names), 500):
        for org in session.execute(select(Organisation).where(Organisation.name.in_(chunk))).scalars():
            by_name.setdefault(org.name, []).append(org)
    for checked in items:
        if checked.answers is None:
            continue
        applicant = checked.answers.applicant
        if applicant.uscc:
            checked.organisation = by_code.get(applicant.uscc)
        else:
            candidates = by_name.get(applicant.name, [])
            checked.organisation = candidates[0] if len(candidates) == 1 else None


def _chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _check_batch(session: Session, items: list[_Checked], office: Office, round_: int | None) -> None:
    _match_organisations(session, items)
    seen: dict[tuple[str, int], str] = {}
    existing_keys = []
    offices = {o.id: o.name for o in session.execute(select(Office)).scalars()}
    for checked in items:
        if checked.answers is None:
            continue
        answers, report = checked.answers, checked.report
        checked.round = round_ or answers.assessed_on.year
        org = checked.organisation
        if org is not None:
            if org.office_id != office.id:
                report.problems.append(Problem(report.file, None, "applicant", msg.IMPORT_OTHER_OFFICE.format(
                    organisation=org.name, office=offices.get(org.office_id, "（未登记市场监管所）"),
                    importer=office.name)))
            if org.category != answers.rubric:
                report.problems.append(Problem(report.file, None, "rubric", msg.CATEGORY_MISMATCH.format(
                    organisation=org.name, expected=msg.CATEGORY_NAMES[org.category],
                    actual=msg.CATEGORY_NAMES[answers.rubric])))
            existing_keys.append((org.id, checked.round))
        key = (_organisation_key(answers), checked.round)
        if key in seen:
            report.problems.append(Problem(report.file, None, "applicant",
                                           msg.IMPORT_DUPLICATE.format(other=seen[key])))
        else:
            seen[key] = report.file
    existing: dict[tuple[int, int], Submission] = {}
    for chunk in _chunks(existing_keys, 500):
        stmt = select(Submission).where(tuple_(Submission.organisation_id, Submission.round).in_(chunk))
        for sub in session.execute(stmt).scalars():
            existing[(sub.organisation_id, sub.round)] = sub
    for checked in items:
        if checked.organisation is None or checked.round is None:
            continue
        sub = existing.get((checked.organisation.id, checked.round))
        if sub is not None:
            checked.report.problems.append(Problem(checked.report.file, None, None, msg.SUBMISSION_EXISTS.format(
                organisation=checked.organisation.name, round=checked.round, id=sub.id,
                status=msg.STATUS_LABELS[sub.status])))


# ---------------------------------------------------------------- the import


def _source(source: BatchSource | Path | str | BinaryIO) -> BatchSource:
    if isinstance(source, BatchSource):
        return source
    if isinstance(source, (str, Path)):
        return open_source(source)
    return open_source(getattr(source, "name", "上传.zip"), source)


def authorise(session: Session, actor: Actor, office_id: int | None) -> tuple[Actor, Office]:
    """(fresh actor, office) when the actor may import into ``office_id``: the bureau for any office, a reviewer
    for its own; PermissionDenied otherwise."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    office = session.get(Office, office_id) if isinstance(office_id, int) else None
    if office is None:
        raise PermissionDenied(msg.IMPORT_OFFICE_REQUIRED)
    if actor.role == "reviewer" and actor.office_id != office.id:
        raise PermissionDenied(msg.IMPORT_OWN_OFFICE)
    return actor, office


def check_files(source: BatchSource, progress: Progress | None = None) -> CheckedBatch:
    """Check every answers file of ``source`` and the evidence it names, and score the ones that pass; no
    database is touched. Progress counts the first half of the import's steps."""
    notify = progress or (lambda done, total, text: None)
    all_names = source.names()
    names = set(all_names)
    answer_files = [n for n in all_names if n.lower().endswith(ANSWERS_SUFFIXES)]
    if not answer_files:
        text = msg.IMPORT_NO_FILES.format(path=source.label)
        raise DataInvalid(text, [Problem(source.label, None, None, text)])
    total = len(answer_files) * 2
    checked = []
    rubrics: dict[str, Rubric] = {}
    files: dict[str, _Evidence | str] = {}
    for index, name in enumerate(answer_files, start=1):
        item = _check_file(source, name, names, rubrics, files)
        item.file_problems = len(item.report.problems)
        if item.answers is not None and item.report.accepted:
            item.result = score(rubrics[item.answers.rubric], item.answers)
        checked.append(item)
        notify(index, total, msg.IMPORT_PHASE_CHECK.format(file=name))
    used = set(answer_files) | {e.target for c in checked for e in c.evidence.values()} | {
        t for t, outcome in files.items() if isinstance(outcome, str)}
    complete = all(c.answers is not None for c in checked)  # else some files' references are unknown
    return CheckedBatch(source, checked, [*source.skipped, *_unused(all_names, used, with_unreferenced=complete)])


def import_checked(session: Session, actor: Actor, batch: CheckedBatch, office_id: int, *,
                   round_: int | None = None, progress: Progress | None = None,
                   cipher: EvidenceCipher | None = None, dry_run: bool = False) -> ImportReport:
    """Check the files of ``batch`` against the database (office, category, duplicates, existing submissions),
    then (unless any is rejected, or ``dry_run``) write them all. The caller commits; run again after a rollback,
    it starts over from the file checks' results."""
    actor, office = authorise(session, actor, office_id)
    notify = progress or (lambda done, total, text: None)
    checked = batch.items
    for item in checked:
        item.reset()
    _check_batch(session, checked, office, round_)
    for item in checked:
        if item.result is not None and item.report.accepted:
            item.report.self_total = item.result.total
    report = ImportReport(source=batch.source.label, files=[c.report for c in checked], written=False,
                          skipped=list(batch.skipped), dry_run=dry_run)
    if report.rejected or dry_run:
        return report
    _write(session, actor, batch.source, checked, office, notify, batch.count, cipher or default_cipher())
    report.written = True
    audit.record(session, actor, "batch_import", "office", office.id, source=batch.source.label,
                 files=len(checked), submission_ids=[c.report.submission_id for c in checked])
    return report


def import_batch(session: Session, actor: Actor, source: BatchSource | Path | str | BinaryIO, office_id: int, *,
                 round_: int | None = None, progress: Progress | None = None, cipher: EvidenceCipher | None = None,
                 dry_run: bool = False) -> ImportReport:
    """Validate every answers file of ``source`` (a ``BatchSource``, a folder or zip path, or a zip file object),
    then (unless any is rejected, or ``dry_run``) write them all as submitted submissions of organisations in
    ``office_id``'s jurisdiction. The caller commits."""
    source = _source(source)
    authorise(session, actor, office_id)  # before reading anything
    batch = check_files(source, progress)
    return import_checked(session, actor, batch, office_id, round_=round_, progress=progress, cipher=cipher,
                          dry_run=dry_run)


def _unused(names: list[str], used: set[str], *, with_unreferenced: bool) -> list[Skipped]:
    """Entries no answers file uses: files of a type the import does not take, and (when every answers file could
    be read, so all references are known) evidence nobody references."""
    out = []
    for name in names:
        if name in used:
            continue
        if posixpath.splitext(name.lower())[1] not in EXTENSIONS:
            out.append(Skipped(name, msg.IMPORT_SKIP_TYPE))
        elif with_unreferenced:
            out.append(Skipped(name, msg.IMPORT_SKIP_UNREFERENCED))
    return out


def _write(session: Session, actor: Actor, source: BatchSource, checked: list[_Checked], office: Office,
           notify: Progress, count: int, cipher: EvidenceCipher) -> None:
    now = utcnow()
    created: dict[str, Organisation] = {}
    pending: list[tuple[_Checked, Submission]] = []
    for index, item in enumerate(checked, start=1):
        answers = item.answers
        org = item.organisation or created.get(_organisation_key(answers))
        if org is None:
            org = Organisation(name=answers.applicant.name, uscc=answers.applicant.uscc, category=answers.rubric,
                               office_id=office.id)
            session.add(org)
            created[_organisation_key(answers)] = org
        submission = new_submission(org, item.round, answers, "submitted", actor.user_id,
                                    source_file=item.report.file, result=item.result)
        submission.submitted_at = now
        session.add(submission)
        for path, file in item.evidence.items():
            try:
                data = source.read(file.target, max_upload_bytes())
            except MemberUnreadable as err:
                raise DataInvalid(err.message, [Problem(item.report.file, None, None, err.message)]) from None
            if hashlib.sha256(data).hexdigest() != file.sha256:
                text = msg.IMPORT_FILE_CHANGED.format(file=file.target)
                raise DataInvalid(text, [Problem(item.report.file, None, None, text)])
            store_file(session, submission, path, data, actor.user_id, cipher, kind=file.kind)
        pending.append((item, submission))
        if index % 200 == 0 or index == count:
            session.flush()
            for done, sub in pending:
                done.report.submission_id = sub.id
                audit.record(session, actor, "submission_created", "submission", sub.id, round=sub.round,
                             imported_from=done.report.file, status="submitted", self_total=sub.self_total,
                             evidence=len(done.evidence))
            pending.clear()
            notify(count + index, count * 2, msg.IMPORT_PHASE_WRITE.format(done=index, total=count))
    session.flush()
