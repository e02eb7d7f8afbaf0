"""Where a batch import's files come from: a folder, or a zip read as a stream.

A zip member is decompressed in chunks while the bytes actually read are counted: a member stops being read as
soon as it passes its cap (the size a declared ``ZipInfo.file_size`` claims is never trusted), and the whole batch
stops once the bytes read from all members pass the batch cap. So a zip bomb costs at most one cap of memory. A
member that fails its CRC or size check, or cannot be decompressed, raises ``MemberUnreadable`` naming it. Entries that are
not imported (paths leaving the archive, directories, hidden files) are listed in ``skipped`` with the reason.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..problems import Problem
from . import messages as msg
from .errors import DataInvalid, StoreError

CHUNK = 1024 * 1024
DEFAULT_MAX_BATCH_MB = 2048
DEFAULT_MAX_ANSWERS_MB = 5


def batch_limit_bytes() -> int:
    """The cap on the bytes decompressed from one zip batch: ``TSP_MAX_IMPORT_MB`` megabytes (default 2048)."""
    return int(float(os.environ.get("TSP_MAX_IMPORT_MB", DEFAULT_MAX_BATCH_MB)) * 1048576)


def answers_limit_bytes() -> int:
    """The cap on one answers file: ``TSP_MAX_ANSWERS_MB`` megabytes (default 5; a full answers file is < 1 MB)."""
    return int(float(os.environ.get("TSP_MAX_ANSWERS_MB", DEFAULT_MAX_ANSWERS_MB)) * 1048576)


class MemberUnreadable(StoreError):
    """One file of the batch could not be read (too large, CRC or size error, unsupported); the message names it."""


@dataclass(frozen=True)
class Skipped:
    """An entry of the batch that is not imported, and why."""

    name: str
    reason: str

    def line(self) -> str:
        return msg.IMPORT_SKIPPED_LINE.format(name=self.name, reason=self.reason)


def _megabytes(limit: int) -> str:
    return f"{limit / 1048576:g}"


def _too_large(name: str, limit: int) -> MemberUnreadable:
    return MemberUnreadable(msg.IMPORT_MEMBER_TOO_LARGE.format(name=name, limit_mb=_megabytes(limit)))


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


class BatchSource:
    """Files of a batch by relative POSIX path."""

    label: str
    skipped: list[Skipped]

    def names(self) -> list[str]:
        raise NotImplementedError

    def read(self, name: str, limit: int) -> bytes:
        """The file's content; MemberUnreadable when it is larger than ``limit`` bytes or damaged."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the source (a zip file's handle)."""


class FolderSource(BatchSource):
    def __init__(self, root: Path):
        self.root = root
        self.label = str(root)
        self.skipped = []
        self._names = []
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not path.is_symlink() and not _hidden(name):
                self._names.append(name)
            elif path.is_file() or path.is_symlink():
                self.skipped.append(Skipped(name, msg.IMPORT_SKIP_HIDDEN if _hidden(name) else msg.IMPORT_SKIP_LINK))

    def names(self) -> list[str]:
        return self._names

    def read(self, name: str, limit: int) -> bytes:
        path = self.root / name
        if path.stat().st_size > limit:
            raise _too_large(name, limit)
        return path.read_bytes()


class ZipSource(BatchSource):
    """A zip archive on disk (a path) or in a seekable binary file object, read member by member as a stream."""

    def __init__(self, file: str | Path | BinaryIO, label: str):
        self.label = label
        self.skipped = []
        self.bytes_read = 0  # bytes decompressed so far, each member counted once
        self.batch_limit = batch_limit_bytes()
        self._counted: set[str] = set()
        try:
            self._zip = zipfile.ZipFile(file)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
            text = msg.IMPORT_NOT_ZIP.format(path=label)
            raise DataInvalid(text, [Problem(label, None, None, text)]) from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._admit(info)

    def _admit(self, info: zipfile.ZipInfo) -> None:
        raw = info.filename
        name = posixpath.normpath(raw.replace("\\", "/"))
        if info.is_dir():
            self.skipped.append(Skipped(raw, msg.IMPORT_SKIP_DIRECTORY))
        elif raw.replace("\\", "/").startswith("/") or (len(raw) > 1 and raw[1] == ":") or name == ".." \
                or name.startswith("../"):
            self.skipped.append(Skipped(raw, msg.IMPORT_SKIP_OUTSIDE))
        elif _hidden(name):
            self.skipped.append(Skipped(raw, msg.IMPORT_SKIP_HIDDEN))
        elif name in self._infos:
            self.skipped.append(Skipped(raw, msg.IMPORT_SKIP_DUPLICATE))
        else:
            self._infos[name] = info

    def names(self) -> list[str]:
        return sorted(self._infos)

    def read(self, name: str, limit: int) -> bytes:
        info = self._infos[name]
        buffer = bytearray()
        first = name not in self._counted
        self._counted.add(name)
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    buffer += chunk
                    if first:
                        self._count(name, len(chunk))
                    if len(buffer) > limit:
                        raise _too_large(name, limit)
        except zipfile.BadZipFile as err:
            text = msg.IMPORT_MEMBER_CRC if "CRC" in str(err) else msg.IMPORT_MEMBER_CORRUPT
            raise MemberUnreadable(text.format(name=name)) from None
        except (zlib.error, EOFError, OSError, ValueError, struct.error):
            raise MemberUnreadable(msg.IMPORT_MEMBER_CORRUPT.format(name=name)) from None
        except NotImplementedError:
            raise MemberUnreadable(msg.IMPORT_MEMBER_UNSUPPORTED.format(name=name)) from None
        except RuntimeError:  # zipfile's error for an encrypted member without a password
            raise MemberUnreadable(msg.IMPORT_MEMBER_ENCRYPTED.format(name=name)) from None
        if len(buffer) != info.file_size:
            raise MemberUnreadable(msg.IMPORT_MEMBER_SIZE.format(name=name, actual=len(buffer),
                                                                 declared=info.file_size))
        return bytes(buffer)

    def _count(self, name: str, size: int) -> None:
        self.bytes_read += size
        if self.bytes_read > self.batch_limit:
            text = msg.IMPORT_BATCH_TOO_LARGE.format(path=self.label, limit_mb=_megabytes(self.batch_limit),
                                                     name=name)
            raise DataInvalid(text, [Problem(self.label, None, None, text)])

    def close(self) -> None:
        self._zip.close()


def open_source(path: Path | str, data: bytes | BinaryIO | None = None) -> BatchSource:
    """A folder or a zip file on disk (streamed from disk), or an uploaded zip given as ``data`` (bytes or a
    seekable binary file object; ``path`` then only names it)."""
    if data is not None:
        return ZipSource(io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data, str(path))
    path = Path(path)
    if path.is_dir():
        return FolderSource(path)
    if not path.exists():
        text = msg.IMPORT_PATH_MISSING.format(path=path)
        raise DataInvalid(text, [Problem(str(path), None, None, text)])
    return ZipSource(path, str(path))
