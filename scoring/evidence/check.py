"""The desensitisation check of one evidence file: ``check_file(path) -> FileCheck``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..answers import AcceptedFinding, AnswersFile
from ..problems import Problem
from ..rubric import Rubric
from . import texts
from .copies import current_copy
from .detect import Match, find_sensitive
from .extract import EXTRACTORS
from .files import evidence_files
from .filetype import evidence_kind
from .model import EvidenceUnreadable, FileCheck, Finding, Unchecked, accepted_keys, outstanding


@dataclass(frozen=True)
class Located:
    """A match with the location of its text block (kept in memory only: it holds the full value)."""

    location: str
    match: Match


def scan_file(path: Path, name: str | None = None, today: dt.date | None = None) -> tuple[FileCheck, list[Located]]:
    """Check a file and also return the raw matches (for redaction). Raises EvidenceUnreadable on bad input."""
    path = Path(path)
    name = name or str(path)
    kind = evidence_kind(path, name)
    if kind == "image":
        return FileCheck(file=name, unchecked=(Unchecked(file=name, location=texts.WHOLE_FILE,
                                                         reason=texts.UNCHECKED_IMAGE),)), []
    if kind == "other":
        reason = texts.UNCHECKED_FORMAT.format(suffix=path.suffix or "（无扩展名）")
        return FileCheck(file=name, unchecked=(Unchecked(file=name, location=texts.WHOLE_FILE, reason=reason),)), []
    extraction = EXTRACTORS[kind](path, name)
    located: list[Located] = []
    findings: dict[tuple, Finding] = {}
    for block in extraction.blocks:
        for match in find_sensitive(block.text, today):
            located.append(Located(block.location, match))
            finding = Finding(file=name, kind=match.kind, location=block.location, masked=match.masked)
            findings.setdefault(finding.key(), finding)
    unchecked = tuple(Unchecked(file=name, location=location, reason=reason)
                      for location, reason in extraction.unchecked)
    return FileCheck(file=name, findings=tuple(findings.values()), unchecked=unchecked), located


def check_file(path: str | Path, name: str | None = None, today: dt.date | None = None) -> FileCheck:
    """Check one evidence file for personal data.

    ``name`` is how the file is named in findings (the ``file:`` path of the answers file); the path by default.
    Raises EvidenceUnreadable (with a Chinese message) when the file is missing, unreadable, encrypted or not
    what its extension says.
    """
    return scan_file(Path(path), name, today)[0]


@dataclass
class EvidenceReport:
    """The check of every evidence file of an answers file, with the problems that stopped some files."""

    files: list[FileCheck]
    problems: list[Problem]
    accepted: tuple[AcceptedFinding, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        return [f for check in self.files for f in check.findings]

    @property
    def unchecked(self) -> list[Unchecked]:
        return [u for check in self.files for u in check.unchecked]

    @property
    def outstanding(self) -> list[Finding]:
        """Findings neither redacted (when copies were used) nor accepted by the applicant."""
        return outstanding(self.findings, self.accepted)

    def is_accepted(self, finding: Finding) -> bool:
        return finding.key() in accepted_keys(self.accepted)


def check_evidence(answers: AnswersFile, base_dir: str | Path, redacted_dir: str | Path | None = None,
                   rubric: Rubric | None = None, today: dt.date | None = None) -> EvidenceReport:
    """Check every evidence file of the answers (the current redacted copy instead, when ``redacted_dir`` has one).

    Files that cannot be read become problems naming the file, the item and the field; the others are checked.
    """
    folder = Path(redacted_dir) if redacted_dir is not None else None
    checks: list[FileCheck] = []
    problems: list[Problem] = []
    for evidence in evidence_files(answers, base_dir, rubric):
        source = current_copy(folder, evidence.file, evidence.path) or evidence.path
        try:
            checks.append(check_file(source, evidence.file, today))
        except EvidenceUnreadable as err:
            problems.append(evidence.problem(err))
    return EvidenceReport(checks, problems, answers.desensitisation.accepted)
