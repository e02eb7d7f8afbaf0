"""The evidence files an answers file points to, in item order, each listed once with every item that uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..answers import AnswersFile, EvidenceEntry
from ..problems import Problem
from ..rubric import Rubric, load_rubric
from .model import EvidenceUnreadable


@dataclass(frozen=True)
class EvidenceUse:
    """One evidence entry of one item: the item, the entry's title, and the answers-file field that names it."""

    item_id: str
    title: str
    field: str
    entry: EvidenceEntry


@dataclass
class EvidenceFile:
    """A file on disk (``path``) as the answers file names it (``file``), with every use of it."""

    file: str
    path: Path
    uses: list[EvidenceUse] = field(default_factory=list)

    def problem(self, err: EvidenceUnreadable) -> Problem:
        """A problem naming this file, the first item that uses it and the field that gives its path."""
        first = self.uses[0]
        shared = first.entry.ref is not None
        return Problem(self.file, None if shared else first.item_id,
                       f"evidence_library.{first.entry.ref}.file" if shared else first.field, err.message)


def _entry_field(index: int) -> str:
    return f"evidence[{index}].file"


def evidence_files(answers: AnswersFile, base_dir: str | Path, rubric: Rubric | None = None) -> list[EvidenceFile]:
    """Every evidence file of the answers, in rubric item order, once each (files are matched by resolved path).

    ``base_dir`` is the folder the ``file:`` paths are relative to (the answers file's folder).
    """
    rubric = rubric or load_rubric(answers.rubric)
    base = Path(base_dir)
    by_path: dict[Path, EvidenceFile] = {}
    for item in rubric.items:
        answer = answers.answers.get(item.id)
        if answer is None:
            continue
        for index, entry in enumerate(answer.evidence):
            if not entry.file:
                continue
            path = (base / entry.file).resolve()
            evidence = by_path.setdefault(path, EvidenceFile(entry.file, path))
            evidence.uses.append(EvidenceUse(item.id, entry.title, _entry_field(index), entry))
    return list(by_path.values())
