"""The desensitisation check of one evidence file: ``check_file(path) -> FileCheck``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import texts
from .detect import Match, find_sensitive
from .extract import EXTRACTORS
from .filetype import evidence_kind
from .model import FileCheck, Finding, Unchecked


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
