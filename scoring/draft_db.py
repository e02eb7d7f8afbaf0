"""Drafts in the database (``DatabaseDraftStore``): used by ``DraftStore()`` whenever ``TSP_DATABASE_URL`` names a
database, so every app process serves every draft and listing them is one query.

The working copy and the answers file are stored as YAML text; evidence files are encrypted like stored evidence
(AES-GCM with the evidence key, the file's SHA-256 bound in). The pages and the evidence tools read files from a
folder, so ``folder()`` and ``file_path()`` materialise the draft's files in a private cache (0700 folders, 0600
files, under the system's temporary folder) — a per-process copy, rebuilt from the database on demand and removed
with the draft or its files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import Engine, delete, func, select

from .answers import answers_to_yaml
from .problems import InputInvalid
from .yamlio import dump_yaml, read_yaml
from .drafts import (
    ANSWERS_NAME, EVIDENCE_DIR, WORKING_NAME, DraftError, DraftInfo, DraftStore, _plain, private_mkdir, safe_file_name,
    write_private,
)
from .editing import Settled, settle

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
MISSING = "找不到这份自评草稿，可能已被删除。请重新开始，或上传之前下载的自评文件继续填写。"


def _engine(url: str) -> Engine:
    from .store import db

    with _lock:
        if url not in _engines:
            _engines[url] = db.connect(url)
        return _engines[url]


def cache_root() -> Path:
    """The private cache of materialised draft files (``TSP_DRAFT_CACHE_DIR``, default a folder per user under the
    system's temporary folder)."""
    override = os.environ.get("TSP_DRAFT_CACHE_DIR")
    return Path(override) if override else Path(tempfile.gettempdir()) / f"tsp-draft-cache-{os.getuid()}"


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    write_private(path, text)


class DatabaseDraftStore(DraftStore):
    """The same public methods as ``DraftStore``, with the drafts in the database."""

    def __init__(self, url: str | None = None, cache: Path | str | None = None):
        from .store import db

        self.url = url or db.database_url()
        self.root = Path(cache) if cache is not None else cache_root()

    @property
    def engine(self) -> Engine:
        return _engine(self.url)

    def _cipher(self):
        from .store.crypto import default_cipher

        return default_cipher()

    def _read(self, action, readonly: bool = True):
        from .store import db

        return db.run_in_transaction(self.engine, action, readonly=readonly)

    # ------------------------------------------------------------ ids and folders

    def folder(self, draft_id: str) -> Path:
        """The draft's files materialised in the cache (what the evidence tools read)."""
        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        folder = self.root / draft_id
        self._materialise(draft_id, folder)
        return folder

    def _materialise(self, draft_id: str, folder: Path) -> None:
        """Bring the cached copy up to date: working copy, answers file and evidence (nothing for a draft the
        database does not hold)."""
        from .store.models import Draft, DraftFile

        def read(session):
            draft = session.get(Draft, draft_id)
            if draft is None:
                return None
            files = [(f.path, f.sha256, f.nonce, f.ciphertext) for f in session.execute(
                select(DraftFile).where(DraftFile.draft_id == draft_id)).scalars()]
            return draft.working, draft.answers, files

        found = self._read(read)
        if found is None:
            shutil.rmtree(folder, ignore_errors=True)
            return
        working, answers, rows = found
        private_mkdir(folder / EVIDENCE_DIR)
        _write_if_changed(folder / WORKING_NAME, working)
        if answers is None:
            (folder / ANSWERS_NAME).unlink(missing_ok=True)
        else:
            _write_if_changed(folder / ANSWERS_NAME, answers)
        wanted = set()
        cipher = None
        for relative, digest, nonce, ciphertext in rows:
            path = folder / relative
            wanted.add(path)
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                continue
            cipher = cipher or self._cipher()
            write_private(path, cipher.decrypt(nonce, ciphertext, digest))
        for stale in (folder / EVIDENCE_DIR).iterdir():
            if stale.is_file() and stale not in wanted:
                stale.unlink()

    def stamp(self, draft_id: str) -> int | None:
        from .store.models import Draft

        if not self.valid_id(draft_id):
            return None
        return self._read(lambda s: s.execute(select(Draft.stamp).where(Draft.id == draft_id)).scalar())

    def exists(self, draft_id: str) -> bool:
        return self.stamp(draft_id) is not None

    # ------------------------------------------------------------ create / save / load / list / delete

    def create(self, working: Mapping[str, Any]) -> str:
        from .store.models import Draft

        draft_id = secrets.token_hex(12)
        self._read(lambda s: s.add(Draft(id=draft_id, working="{}\n", stamp=0)), readonly=False)
        self.save(draft_id, working)
        return draft_id

    def save(self, draft_id: str, working: Mapping[str, Any], settled: Settled | None = None) -> Settled:
        from .store.models import Draft, utcnow

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        settled = settled if settled is not None else settle(working)
        text = dump_yaml(dict(working))
        answers = answers_to_yaml(settled.answers) if settled.named else None
        applicant = working.get("applicant") if isinstance(working.get("applicant"), dict) else {}
        rubric, name = working.get("rubric"), applicant.get("name")

        def write(session) -> None:
            draft = session.get(Draft, draft_id)
            if draft is None:
                draft = Draft(id=draft_id, stamp=0)
                session.add(draft)
            draft.working, draft.answers, draft.updated_at = text, answers, utcnow()
            draft.rubric = rubric if isinstance(rubric, str) else None
            draft.name = str(name)[:200] if name else None
            draft.stamp = max(time.time_ns(), (draft.stamp or 0) + 1)

        self._read(write, readonly=False)
        return settled

    def load(self, draft_id: str) -> dict[str, Any]:
        from .store.models import Draft

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        text = self._read(lambda s: s.execute(select(Draft.working).where(Draft.id == draft_id)).scalar())
        if text is None:
            raise DraftError(MISSING)
        try:
            data = read_yaml(text, f"drafts/{draft_id}/working.yaml")
        except InputInvalid as err:
            raise DraftError(f"草稿文件无法读取（{err.problems[0].message}）") from None
        if not isinstance(data, dict):
            raise DraftError("草稿文件内容无效")
        return _plain(data)

    def answers_yaml(self, draft_id: str) -> str | None:
        from .store.models import Draft

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        return self._read(lambda s: s.execute(select(Draft.answers).where(Draft.id == draft_id)).scalar())

    def list(self) -> list[DraftInfo]:
        from .store.models import Draft

        stmt = select(Draft.id, Draft.rubric, Draft.name, Draft.updated_at).order_by(Draft.updated_at.desc())
        rows = self._read(lambda s: s.execute(stmt).all())
        return [DraftInfo(i, r, n, u.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None))
                for i, r, n, u in rows]

    def delete(self, draft_id: str) -> None:
        from .store.models import Draft, DraftFile

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")

        def remove(session) -> None:
            session.execute(delete(DraftFile).where(DraftFile.draft_id == draft_id))
            session.execute(delete(Draft).where(Draft.id == draft_id))

        self._read(remove, readonly=False)
        shutil.rmtree(self.root / draft_id, ignore_errors=True)

    def remove_files(self, draft_id: str) -> None:
        from .store.models import DraftFile

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        self._read(lambda s: s.execute(delete(DraftFile).where(DraftFile.draft_id == draft_id)), readonly=False)
        shutil.rmtree(self.root / draft_id / EVIDENCE_DIR, ignore_errors=True)

    # ------------------------------------------------------------ evidence files

    def add_file(self, draft_id: str, name: str, content: bytes) -> str:
        from .store.models import Draft, DraftFile

        if not self.valid_id(draft_id):
            raise DraftError(f"草稿编号 {draft_id!r} 无效")
        base = safe_file_name(name)
        stem, dot, suffix = base.rpartition(".")
        if not dot:
            stem, suffix = base, ""
        digest = hashlib.sha256(content).hexdigest()
        nonce, ciphertext = self._cipher().encrypt(content, digest)

        def write(session) -> str:
            if session.get(Draft, draft_id, with_for_update=True) is None:
                raise DraftError(MISSING)
            taken = set(session.execute(select(DraftFile.path).where(DraftFile.draft_id == draft_id)).scalars())
            candidate, number = base, 2
            while f"{EVIDENCE_DIR}/{candidate}" in taken:
                candidate = f"{stem} ({number}).{suffix}" if suffix else f"{stem} ({number})"
                number += 1
            relative = f"{EVIDENCE_DIR}/{candidate}"
            session.add(DraftFile(draft_id=draft_id, path=relative, size=len(content), sha256=digest, nonce=nonce,
                                  ciphertext=ciphertext))
            return relative

        return self._read(write, readonly=False)

    def count(self) -> int:
        """How many drafts the database holds."""
        from .store.models import Draft

        return self._read(lambda s: s.execute(select(func.count()).select_from(Draft)).scalar_one())
