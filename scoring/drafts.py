"""Drafts kept on disk: one folder per self-assessment in progress, so a refresh or restart loses nothing.

Layout of ``<root>/<draft_id>/``:

- ``answers.yaml`` — the answers file of everything valid so far (written once the applicant's name is given);
- ``working.yaml`` — the working copy, including values not valid yet (see ``scoring.editing``);
- ``evidence/`` — files uploaded as evidence; entries refer to them as ``evidence/<name>``, relative to
  ``answers.yaml``, as the answers-file format expects.

Every file is written atomically (a temporary file in the same folder, then ``os.replace``). The root is
``TSP_DRAFTS_DIR`` when set, else ``drafts`` in the data folder (``data/drafts`` of a checkout, the user's data
folder for an installed package: see ``scoring.locations``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Mapping


from .atomic import write_atomic
from .answers import AnswersFile, answers_to_yaml
from .editing import Settled, settle
from .locations import data_dir
from .problems import InputInvalid
from .yamlio import dump_yaml, read_yaml

ANSWERS_NAME = "answers.yaml"
WORKING_NAME = "working.yaml"
EVIDENCE_DIR = "evidence"
_ID_RE = re.compile(r"^[a-z0-9]{16,40}$")
_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

class DraftError(Exception):
    """A draft cannot be found or read; ``message`` is in Chinese for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def drafts_root() -> Path:
    """Where drafts live: ``TSP_DRAFTS_DIR``, or ``drafts`` in the data folder (``data/drafts`` of a checkout;
    see ``scoring.locations``)."""
    override = os.environ.get("TSP_DRAFTS_DIR")
    return Path(override) if override else data_dir() / "drafts"


def private_mkdir(path: Path, exist_ok: bool = True) -> None:
    """Create ``path`` and any missing parents readable by the owner only (0700): drafts hold applicants' data."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    if not missing and not exist_ok:
        raise FileExistsError(path)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=exist_ok or folder != path)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask


def drafts_in_database() -> bool:
    """Whether ``DraftStore()`` keeps drafts in the database (see ``DraftStore``)."""
    choice = os.environ.get("TSP_DRAFTS_STORE", "").strip().lower()
    if choice in ("database", "files"):
        return choice == "database"
    return os.environ.get("TSP_DATABASE_URL", "").startswith("postgresql")


def write_private(path: Path, content: str | bytes) -> None:
    """Write a draft's file atomically, owner-only (0600) in an owner-only folder: drafts hold applicants' data."""
    private_mkdir(path.parent)
    write_atomic(path, content, mode=0o600)


def safe_file_name(name: str) -> str:
    """An uploaded file's name made safe for the draft folder (no folders, no control characters)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = _UNSAFE_CHARS.sub("_", base).strip().lstrip(".")
    return base[:120] or "文件"


@dataclass(frozen=True)
class DraftInfo:
    """What a list of drafts shows."""

    draft_id: str
    rubric: str | None
    name: str | None
    updated: dt.datetime


class DraftStore:
    """The drafts under one root folder. ``DraftStore()`` without a root is the database-backed store
    (``scoring.draft_db``, the same methods) when drafts belong in the database: ``TSP_DATABASE_URL`` names a
    PostgreSQL database (several app processes), or ``TSP_DRAFTS_STORE=database``; ``TSP_DRAFTS_STORE=files``
    keeps them in folders."""

    def __new__(cls, root: Path | str | None = None, *args, **kwargs):
        if cls is DraftStore and root is None and drafts_in_database():
            from .draft_db import DatabaseDraftStore

            return super().__new__(DatabaseDraftStore)
        return super().__new__(cls)

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else drafts_root()

    # ------------------------------------------------------------ ids and folders

    @staticmethod
    def valid_id(draft_id: object) -> bool:
        return isinstance(draft_id, str) and bool(_ID_RE.match(draft_id))

    def folder(self, draft_id: str) -> Path:
        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        return self.root / draft_id

    def stamp(self, draft_id: str) -> int | None:
        """When the working copy was last written (nanoseconds), to notice a save from elsewhere; None if absent."""
        try:
            return (self.folder(draft_id) / WORKING_NAME).stat().st_mtime_ns
        except (OSError, DraftError):
            return None

    def exists(self, draft_id: str) -> bool:
        return self.valid_id(draft_id) and (self.root / draft_id / WORKING_NAME).is_file()

    # ------------------------------------------------------------ create / save / load / list / delete

    def create(self, working: Mapping[str, Any]) -> str:
        """Store a new draft and return its ID (random, hard to guess: it is the key to the draft)."""
        while True:
            draft_id = secrets.token_hex(12)
            folder = self.root / draft_id
            try:
                private_mkdir(folder, exist_ok=False)
                break
            except FileExistsError:  # pragma: no cover - 96 random bits
                continue
        self.save(draft_id, working)
        return draft_id

    def save(self, draft_id: str, working: Mapping[str, Any], settled: Settled | None = None) -> Settled:
        """Write the working copy, then the answers file of its valid part; returns the settled answers."""
        folder = self.folder(draft_id)
        settled = settled if settled is not None else settle(working)
        write_private(folder / WORKING_NAME,
                     dump_yaml(dict(working)))
        answers_path = folder / ANSWERS_NAME
        if settled.named:
            write_private(answers_path, answers_to_yaml(settled.answers))
        else:
            answers_path.unlink(missing_ok=True)
        return settled

    def load(self, draft_id: str) -> dict[str, Any]:
        """The working copy of a draft; DraftError when it is missing or unreadable."""
        path = self.folder(draft_id) / WORKING_NAME
        try:
            data = read_yaml(path.read_text(encoding="utf-8"), str(path))
        except FileNotFoundError:
            raise DraftError("找不到这份自评草稿，可能已被删除。请重新开始，或上传之前下载的自评文件继续填写。") from None
        except InputInvalid as err:
            raise DraftError(f"草稿文件无法读取（{err.problems[0].message}）") from None
        except (OSError, UnicodeDecodeError) as err:
            raise DraftError(f"草稿文件无法读取（{err}）") from None
        if not isinstance(data, dict):
            raise DraftError("草稿文件内容无效")
        return _plain(data)

    def answers_yaml(self, draft_id: str) -> str | None:
        """The answers file of the draft's valid part as saved (None until the applicant is named)."""
        path = self.folder(draft_id) / ANSWERS_NAME
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def list(self) -> list[DraftInfo]:
        """Every readable draft, most recently changed first."""
        infos = []
        if not self.root.is_dir():
            return infos
        for folder in self.root.iterdir():
            if not self.exists(folder.name):
                continue
            try:
                working = self.load(folder.name)
            except DraftError:
                continue
            applicant = working.get("applicant") if isinstance(working.get("applicant"), dict) else {}
            updated = dt.datetime.fromtimestamp((folder / WORKING_NAME).stat().st_mtime)
            infos.append(DraftInfo(folder.name, working.get("rubric"), applicant.get("name"), updated))
        return sorted(infos, key=lambda info: info.updated, reverse=True)

    def delete(self, draft_id: str) -> None:
        """Remove a draft with its files."""
        shutil.rmtree(self.folder(draft_id), ignore_errors=True)

    def remove_files(self, draft_id: str) -> None:
        """Remove the draft's evidence files (once filed they are stored encrypted with the submission; no
        plaintext copy should stay on disk). The answers and working copy stay, so the draft still opens."""
        shutil.rmtree(self.folder(draft_id) / EVIDENCE_DIR, ignore_errors=True)

    # ------------------------------------------------------------ evidence files

    def add_file(self, draft_id: str, name: str, content: bytes) -> str:
        """Keep an uploaded evidence file with the draft; returns its path relative to the answers file.

        A name already in use gets a number (``合同 (2).pdf``), so an upload never replaces another file.
        """
        folder = self.folder(draft_id) / EVIDENCE_DIR
        private_mkdir(folder)
        base = safe_file_name(name)
        stem, dot, suffix = base.rpartition(".")
        if not dot:
            stem, suffix = base, ""
        candidate, number = base, 2
        while (folder / candidate).exists():
            candidate = f"{stem} ({number}).{suffix}" if suffix else f"{stem} ({number})"
            number += 1
        write_private(folder / candidate, content)
        return f"{EVIDENCE_DIR}/{candidate}"

    def evidence_files(self, draft_id: str, answers: AnswersFile) -> tuple[dict[str, Path], list[str]]:
        """The files the answers name (``file:``) that this draft keeps, by their path; and the paths not kept here."""
        paths = [e.file for e in answers.evidence_library.values() if e.file]
        paths += [e.file for answer in answers.answers.values() for e in answer.evidence if e.file and not e.ref]
        found: dict[str, Path] = {}
        missing: list[str] = []
        for relative in dict.fromkeys(paths):
            path = self.file_path(draft_id, relative)
            if path is None:
                missing.append(relative)
            else:
                found[relative] = path
        return found, missing

    def file_path(self, draft_id: str, relative: str) -> Path | None:
        """The stored file an evidence entry names, or None when it is not in this draft's evidence folder."""
        folder = self.folder(draft_id).resolve()
        path = (folder / relative).resolve()
        if folder / EVIDENCE_DIR not in path.parents or not path.is_file():
            return None
        return path


def _plain(value: Any) -> Any:
    """YAML dates become ISO text, so a loaded working copy equals the one saved."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat() if not isinstance(value, dt.datetime) else value.date().isoformat()
    return value
