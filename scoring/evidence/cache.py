"""Desensitisation checks remembered by file content (SHA-256), so drawing a page again re-reads no PDF.

A file's digest is itself remembered by path, size, inode and modification time: an unchanged file is hashed once.
Results (a ``FileCheck``, or the ``EvidenceUnreadable`` of a file that cannot be read) are kept per content,
name and day (the day decides which birth dates an ID number may have). Safe to share between threads.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path

from .check import check_file
from .copies import sha256_of
from .model import EvidenceUnreadable, FileCheck

DEFAULT_SIZE = 2048


class CheckCache:
    """Checks and digests of evidence files, the least recently used dropped beyond ``size`` entries."""

    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self._lock = threading.Lock()
        self._checks: OrderedDict[tuple[str, str, dt.date], FileCheck | EvidenceUnreadable] = OrderedDict()
        self._digests: OrderedDict[tuple[str, int, int, int], str] = OrderedDict()

    def _remember(self, table: OrderedDict, key: tuple, value: object) -> None:
        with self._lock:
            table[key] = value
            table.move_to_end(key)
            while len(table) > self.size:
                table.popitem(last=False)

    def _recall(self, table: OrderedDict, key: tuple) -> object | None:
        with self._lock:
            value = table.get(key)
            if value is not None:
                table.move_to_end(key)
            return value

    def digest(self, path: str | Path) -> str:
        """The SHA-256 of a file, computed again only when the file has changed. OSError when unreadable."""
        path = Path(path)
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino)
        known = self._recall(self._digests, key)
        if known is None:
            known = sha256_of(path)
            self._remember(self._digests, key, known)
        return known

    def check(self, path: str | Path, name: str, today: dt.date | None = None) -> FileCheck:
        """``check_file(path, name)``, remembered by the file's content; raises EvidenceUnreadable like it."""
        path = Path(path)
        try:
            digest = self.digest(path) if path.is_file() else None
        except OSError:
            digest = None
        if digest is None:  # missing or unreadable: check_file says which, in Chinese
            return check_file(path, name, today)
        key = (digest, name, today or dt.date.today())
        known = self._recall(self._checks, key)
        if known is None:
            try:
                known = check_file(path, name, key[2])
            except EvidenceUnreadable as err:
                known = err
            self._remember(self._checks, key, known)
        if isinstance(known, EvidenceUnreadable):
            raise EvidenceUnreadable(known.file, known.message)
        return known


SHARED = CheckCache()
