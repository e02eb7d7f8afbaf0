"""Zip archives for the import tests: built in memory or on disk, with damage patched into the central directory."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import yaml

_CENTRAL = b"PK\x01\x02"
_OFFSETS = {"crc": 16, "compress_size": 20, "file_size": 24}


def zip_of(files: dict[str, bytes | dict | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``files`` (dicts are written as YAML); a name ending in / is a directory entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            if isinstance(content, dict):
                content = yaml.safe_dump(content, allow_unicode=True)
            archive.writestr(name, content)
    return buffer.getvalue()


def patch_central(data: bytes, member: str, **fields: int) -> bytes:
    """``data`` with the central-directory record of ``member`` claiming other crc / sizes."""
    out = bytearray(data)
    encoded = member.encode("utf-8")
    start = 0
    while True:
        at = out.index(_CENTRAL, start)
        name_length = struct.unpack("<H", out[at + 28:at + 30])[0]
        if bytes(out[at + 46:at + 46 + name_length]) == encoded:
            break
        start = at + 4
    for field, value in fields.items():
        offset = at + _OFFSETS[field]
        out[offset:offset + 4] = struct.pack("<I", value)
    return bytes(out)


def write_bomb(target: Path | io.BytesIO, name: str, expanded_mb: int, extra: dict[str, bytes] | None = None):
    """A zip whose member ``name`` expands to ``expanded_mb`` MB of zeros (about 1 MB of zip per GB), built on the
    fly in 1 MB chunks so building it needs little memory; ``extra`` members are added as they are."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for extra_name, content in (extra or {}).items():
            archive.writestr(extra_name, content)
        with archive.open(name, "w", force_zip64=True) as stream:
            for _ in range(expanded_mb):
                stream.write(chunk)
    return target
