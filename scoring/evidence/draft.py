"""Desensitisation and the evidence bundle for a draft kept on disk (``scoring.drafts``), for the app.

A draft folder holds ``evidence/`` (the uploaded originals, never modified) and ``redacted/`` (the redacted copies
with their manifest). Every finding of a file is *redacted* (a current copy no longer shows it), *accepted* (the
applicant chose to keep it, recorded in ``desensitisation.accepted``) or *outstanding*; the bundle is built only when
nothing is outstanding. Files an entry names outside the draft's ``evidence/`` folder are never read.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..answers import AcceptedFinding, AnswersFile, EvidenceEntry
from ..drafts import EVIDENCE_DIR
from ..problems import Problem
from ..rubric import Rubric, load_rubric
from .bundle import AUTO, BundleRefused, build_bundle
from .cache import SHARED, CheckCache
from .copies import read_manifest
from .files import evidence_files
from .model import EvidenceUnreadable, Finding, Unchecked, accepted_keys
from .redact import RedactionReport, redact_evidence

REDACTED_DIR = "redacted"
NOT_IN_DRAFT = "文件未保存在本草稿中，请在相应条目重新上传"
ACCEPTED_FIELDS = ("file", "kind", "location", "masked")

Status = Literal["outstanding", "accepted", "redacted"]


@dataclass(frozen=True)
class ReviewedFinding:
    """A finding of the original file and what has been done about it."""

    finding: Finding
    status: Status


@dataclass(frozen=True)
class FileReview:
    """One evidence file of a draft: its findings with their status, unchecked parts, or why it cannot be read."""

    file: str
    items: tuple[str, ...] = ()
    findings: tuple[ReviewedFinding, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()
    error: str | None = None
    copy: Path | None = None

    @property
    def outstanding(self) -> list[Finding]:
        return [r.finding for r in self.findings if r.status == "outstanding"]


@dataclass(frozen=True)
class EvidenceReview:
    """Every evidence file of a draft, in item order."""

    files: tuple[FileReview, ...]

    @property
    def outstanding(self) -> list[Finding]:
        return [f for review in self.files for f in review.outstanding]

    @property
    def unreadable(self) -> list[FileReview]:
        return [review for review in self.files if review.error]

    @property
    def ready(self) -> bool:
        """Whether the bundle may be built: nothing outstanding and every file readable."""
        return not self.outstanding and not self.unreadable


@dataclass(frozen=True)
class BuiltBundle:
    """The evidence bundle as bytes, with what the page says about it."""

    data: bytes
    pages: int
    files: int
    unchecked: tuple[Unchecked, ...]


# ---------------------------------------------------------------- where things are


def redacted_folder(draft_folder: str | Path) -> Path:
    """The folder of a draft's redacted copies."""
    return Path(draft_folder) / REDACTED_DIR


def stored_path(draft_folder: str | Path, file: str) -> Path | None:
    """The path of an evidence file inside the draft's ``evidence/`` folder (it may be missing); None if outside."""
    evidence = (Path(draft_folder) / EVIDENCE_DIR).resolve()
    path = (Path(draft_folder) / file).resolve()
    return path if evidence in path.parents else None


def current_copy(draft_folder: str | Path, file: str, cache: CheckCache = SHARED) -> Path | None:
    """The redacted copy of ``file`` made from the original as it is now, or None."""
    original = stored_path(draft_folder, file)
    folder = redacted_folder(draft_folder)
    record = read_manifest(folder).get(file)
    if original is None or record is None or not original.is_file():
        return None
    copy = (folder / record.copy).resolve()
    if folder.resolve() not in copy.parents or not copy.is_file():
        return None
    try:
        return copy if cache.digest(original) == record.source_sha256 else None
    except OSError:
        return None


# ---------------------------------------------------------------- the review


def review_file(draft_folder: str | Path, file: str, accepted: tuple[AcceptedFinding, ...] | list = (),
                items: tuple[str, ...] = (), cache: CheckCache = SHARED, today: dt.date | None = None) -> FileReview:
    """Check one evidence file of a draft (results cached by content) and give each finding its status."""
    path = stored_path(draft_folder, file)
    if path is None:
        return FileReview(file, items, error=NOT_IN_DRAFT)
    try:
        original = cache.check(path, file, today)
        copy = current_copy(draft_folder, file, cache)
        copied = cache.check(copy, file, today) if copy is not None else None
    except EvidenceUnreadable as err:
        return FileReview(file, items, error=err.message)
    keys = accepted_keys(accepted)
    left = {f.key() for f in copied.findings} if copied is not None else None
    reviewed = []
    for finding in original.findings:
        if left is not None and finding.key() not in left:
            status: Status = "redacted"
        elif finding.key() in keys:
            status = "accepted"
        else:
            status = "outstanding"
        reviewed.append(ReviewedFinding(finding, status))
    known = {f.key() for f in original.findings}
    for finding in copied.findings if copied is not None else ():
        if finding.key() not in known:  # not expected: a copy shows only what its original did
            reviewed.append(ReviewedFinding(finding, "accepted" if finding.key() in keys else "outstanding"))
    unchecked = (copied or original).unchecked
    return FileReview(file, items, tuple(reviewed), unchecked, None, copy)


def review_evidence(answers: AnswersFile, draft_folder: str | Path, rubric: Rubric | None = None,
                    cache: CheckCache = SHARED, today: dt.date | None = None) -> EvidenceReview:
    """Review every evidence file the answers name, in item order, each once with the items that use it."""
    files = evidence_files(answers, draft_folder, rubric)
    accepted = answers.desensitisation.accepted
    return EvidenceReview(tuple(
        review_file(draft_folder, e.file, accepted, tuple(dict.fromkeys(u.item_id for u in e.uses)), cache, today)
        for e in files))


# ---------------------------------------------------------------- accepting findings in the working copy


def _accepted_list(working: dict[str, Any]) -> list:
    section = working.get("desensitisation")
    if not isinstance(section, dict):
        section = working["desensitisation"] = {}
    if not isinstance(section.get("accepted"), list):
        section["accepted"] = []
    return section["accepted"]


def accept_in_working(working: dict[str, Any], findings: list[Finding] | tuple[Finding, ...]) -> int:
    """Record findings as accepted in a working copy (each once); returns how many were new."""
    accepted = _accepted_list(working)
    known = {tuple(a.get(k) for k in ACCEPTED_FIELDS) for a in accepted if isinstance(a, dict)}
    added = 0
    for finding in findings:
        if finding.key() not in known:
            accepted.append({k: getattr(finding, k) for k in ACCEPTED_FIELDS})
            known.add(finding.key())
            added += 1
    return added


def withdraw_in_working(working: dict[str, Any], finding: Finding) -> bool:
    """Take a finding out of the accepted ones in a working copy; True when it was there."""
    accepted = _accepted_list(working)
    kept = [a for a in accepted
            if not (isinstance(a, dict) and tuple(a.get(k) for k in ACCEPTED_FIELDS) == finding.key())]
    removed = len(kept) != len(accepted)
    accepted[:] = kept
    if not accepted:
        working.pop("desensitisation", None)
    return removed


# ---------------------------------------------------------------- redacted copies and the bundle


def _outside(answers: AnswersFile, draft_folder: Path, rubric: Rubric) -> list[Problem]:
    return [e.problem(EvidenceUnreadable(e.file, NOT_IN_DRAFT)) for e in evidence_files(answers, draft_folder, rubric)
            if stored_path(draft_folder, e.file) is None]


def _within(answers: AnswersFile, draft_folder: Path) -> AnswersFile:
    """The answers without the file of any entry that points outside the draft's evidence folder."""
    def keep(entry: EvidenceEntry) -> EvidenceEntry:
        inside = entry.file is None or stored_path(draft_folder, entry.file) is not None
        return entry if inside else entry.model_copy(update={"file": None})

    library = {k: keep(e) for k, e in answers.evidence_library.items()}
    items = {k: a.model_copy(update={"evidence": tuple(keep(e) for e in a.evidence)})
             for k, a in answers.answers.items()}
    return answers.model_copy(update={"evidence_library": library, "answers": items})


def redact_draft(answers: AnswersFile, draft_folder: str | Path, rubric: Rubric | None = None,
                 today: dt.date | None = None) -> RedactionReport:
    """Write redacted copies of the draft's evidence with outstanding findings into ``redacted/``.

    The originals are only read. Files that cannot be read or redacted, or that lie outside the draft, are problems.
    """
    folder = Path(draft_folder)
    rubric = rubric or load_rubric(answers.rubric)
    report = redact_evidence(_within(answers, folder), folder, redacted_folder(folder), rubric, today)
    report.problems = _outside(answers, folder, rubric) + report.problems
    return report


def build_draft_bundle(answers: AnswersFile, draft_folder: str | Path, rubric: Rubric | None = None,
                       soffice: str | None = AUTO, today: dt.date | None = None) -> BuiltBundle:
    """The evidence bundle PDF of a draft, using its current redacted copies; raises BundleRefused."""
    folder = Path(draft_folder)
    rubric = rubric or load_rubric(answers.rubric)
    outside = _outside(answers, folder, rubric)
    if outside:
        raise BundleRefused(outside)
    with tempfile.TemporaryDirectory(prefix="draft-bundle-") as temp:
        out = Path(temp) / "bundle.pdf"
        bundle = build_bundle(answers, folder, out, redacted_folder(folder), rubric, soffice, today)
        data = out.read_bytes()
    return BuiltBundle(data, bundle.pages, len(bundle.files), tuple(bundle.unchecked))
