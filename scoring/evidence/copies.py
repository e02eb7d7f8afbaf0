"""Redacted copies on disk: where ``evidence redact`` puts them, and how the bundle finds the current ones.

The folder holds the copies under the evidence files' own relative paths and a manifest naming, for every copy,
the SHA-256 of the original it was made from: a copy whose original has changed since is stale and not used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..atomic import write_atomic  # noqa: F401  (re-exported for the evidence modules)
from pathlib import Path, PurePosixPath

MANIFEST = "redaction.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def copy_name(file: str, source_sha256: str) -> str:
    """Where a copy goes inside the folder: the evidence path itself when it stays inside, else a safe flat name."""
    parts = PurePosixPath(file.replace("\\", "/")).parts
    if parts and not PurePosixPath(file).is_absolute() and ".." not in parts and ":" not in parts[0]:
        return "/".join(parts)
    return f"outside/{source_sha256[:12]}_{parts[-1] if parts else 'file'}"


@dataclass(frozen=True)
class CopyRecord:
    file: str
    copy: str
    source_sha256: str


def read_manifest(folder: Path) -> dict[str, CopyRecord]:
    """The copies recorded in a folder (empty when there is no readable manifest)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {file: CopyRecord(file, rec["copy"], rec["source_sha256"]) for file, rec in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(folder: Path, records: dict[str, CopyRecord]) -> None:
    data = {"files": {file: {"copy": r.copy, "source_sha256": r.source_sha256} for file, r in sorted(records.items())}}
    write_atomic(folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def current_copy(folder: Path | None, file: str, original: Path) -> Path | None:
    """The redacted copy of ``file`` in ``folder`` when there is one made from the original as it is now."""
    if folder is None:
        return None
    record = read_manifest(folder).get(file)
    if record is None:
        return None
    copy = folder / record.copy
    if not copy.is_file() or not original.is_file() or sha256_of(original) != record.source_sha256:
        return None
    return copy
