"""A whole draft as one zip: the working copy, the answers file, the evidence files and their redacted copies.

``write_archive`` packs a draft; ``read_archive`` unpacks one into a new draft. Only ``DraftStore``'s public methods
are used, so the archive works whatever the store keeps its drafts in. Reading is bounded: names with ``..``, an
absolute path or a backslash are refused, and the bytes actually read (not what the zip claims) are capped per
file and in total, so a zip bomb stops early. Messages are in Chinese and name the archive and the entry.

Layout::

    working.yaml          the working copy (also what is not valid yet)
    answers.yaml          the answers file of the valid part (absent until the applicant is named)
    evidence/<name>       every evidence file the working copy names
    redacted/<name>       the current redacted copy of a file, when one was made
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable, Iterator


from .drafts import DraftStore
from .problems import InputInvalid
from .rubric import RUBRIC_NAMES
from .yamlio import dump_yaml, read_yaml

WORKING_ENTRY = "working.yaml"
ANSWERS_ENTRY = "answers.yaml"
EVIDENCE_PREFIX = "evidence/"
REDACTED_PREFIX = "redacted/"
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_ENTRIES = 2000
_CHUNK = 1024 * 1024

class ArchiveError(Exception):
    """An archive that cannot be read; ``message`` is Chinese and names the archive (and the entry)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Restored:
    """A draft made from an archive: its ID, and the evidence files the working copy names but the zip lacked."""

    draft_id: str
    files: int = 0
    missing: list[str] = field(default_factory=list)


def file_entries(working: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every evidence entry of the working copy that names a file (library entries and item entries)."""
    for entry in (working.get("evidence_library") or {}).values():
        if isinstance(entry, dict) and entry.get("file"):
            yield entry
    for body in (working.get("answers") or {}).values():
        evidence = body.get("evidence") if isinstance(body, dict) else None
        for entry in evidence if isinstance(evidence, list) else []:
            if isinstance(entry, dict) and entry.get("file"):
                yield entry


def write_archive(store: DraftStore, draft_id: str,
                  redacted_copy: Callable[[str], bytes | None] | None = None) -> bytes:
    """The zip of a draft. ``redacted_copy(file)`` gives the current redacted copy of an evidence file, if any."""
    working = store.load(draft_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WORKING_ENTRY, dump_yaml(working))
        answers = store.answers_yaml(draft_id)
        if answers is not None:
            archive.writestr(ANSWERS_ENTRY, answers)
        written: set[str] = set()
        for entry in file_entries(working):
            relative = str(entry["file"])
            if relative in written:
                continue
            path = store.file_path(draft_id, relative)
            if path is None:
                continue
            name = PurePosixPath(relative).name
            archive.write(path, EVIDENCE_PREFIX + name)
            written.add(relative)
            copy = redacted_copy(relative) if redacted_copy is not None else None
            if copy is not None:
                archive.writestr(REDACTED_PREFIX + name, copy)
    return buffer.getvalue()


def is_archive(content: bytes) -> bool:
    """True when ``content`` is a zip file (by its first bytes)."""
    return content[:4] == b"PK\x03\x04"


def _safe_name(archive_name: str, name: str) -> str:
    path = PurePosixPath(name)
    if "\\" in name or name.startswith("/") or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ArchiveError(f"{archive_name}：压缩包中的“{name}”路径不安全（含 .. 或绝对路径），已拒绝整个压缩包。")
    return name


def _read_capped(archive_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The entry's bytes, counting what is really read: more than the caps raises ArchiveError."""
    limit = min(MAX_FILE_BYTES, budget)
    chunks, total = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise ArchiveError(f"{archive_name}：“{info.filename}”解压后超过 {limit // (1024 * 1024)} MB，已拒绝。")
            chunks.append(chunk)
    return b"".join(chunks)


def read_entries(archive_name: str, content: bytes) -> dict[str, bytes]:
    """The entries of an archive by name (directories skipped), read within the caps."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise ArchiveError(f"{archive_name}：不是有效的 zip 压缩包。") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_ENTRIES:
            raise ArchiveError(f"{archive_name}：压缩包中的文件超过 {MAX_ENTRIES} 个，已拒绝。")
        entries: dict[str, bytes] = {}
        budget = MAX_TOTAL_BYTES
        for info in infos:
            name = _safe_name(archive_name, info.filename)
            try:
                data = _read_capped(archive_name, archive, info, budget)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as err:
                raise ArchiveError(f"{archive_name}：“{name}”无法解压（{type(err).__name__}）。") from None
            budget -= len(data)
            entries[name] = data
    return entries


def _working(archive_name: str, entries: dict[str, bytes]) -> dict[str, Any]:
    raw = entries.get(WORKING_ENTRY)
    if raw is None:
        raise ArchiveError(f"{archive_name}：压缩包中没有 {WORKING_ENTRY}，不是本系统下载的草稿压缩包。")
    try:
        data = read_yaml(raw.decode("utf-8-sig"), f"{archive_name}/{WORKING_ENTRY}")
    except (UnicodeDecodeError, InputInvalid):
        raise ArchiveError(f"{archive_name}：{WORKING_ENTRY} 无法读取（不是有效的 UTF-8 YAML）。") from None
    if not isinstance(data, dict) or data.get("rubric") not in RUBRIC_NAMES or "assessed_on" not in data:
        raise ArchiveError(f"{archive_name}：{WORKING_ENTRY} 不是自评草稿（缺少申报类别或自评基准日）。")
    data.setdefault("answers", {})
    return data


def read_archive(store: DraftStore, archive_name: str, content: bytes) -> Restored:
    """A new draft from an archive, with its evidence files stored again and every entry pointing at them."""
    entries = read_entries(archive_name, content)
    working = _dates_as_text(_working(archive_name, entries))
    restored = Restored(draft_id=store.create(working))
    renamed: dict[str, str] = {}
    for entry in file_entries(working):
        relative = str(entry["file"])
        if relative not in renamed:
            data = entries.get(EVIDENCE_PREFIX + PurePosixPath(relative).name)
            if data is None:
                renamed[relative] = relative
                restored.missing.append(relative)
                continue
            renamed[relative] = store.add_file(restored.draft_id, PurePosixPath(relative).name, data)
            restored.files += 1
        entry["file"] = renamed[relative]
    store.save(restored.draft_id, working)
    return restored


def _dates_as_text(value: Any) -> Any:
    """YAML dates read back from the archive as ISO text, as the working copy keeps them."""
    if isinstance(value, dict):
        return {str(k): _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
