"""What evidence files may be: PDF, JPEG or PNG images, Word (.docx) and Excel (.xlsx), up to a size limit.

The type is decided from the content (magic bytes, and for .docx/.xlsx the parts inside the zip container),
and must agree with the extension: a renamed executable is refused however it is named.
"""

from __future__ import annotations

import os
import posixpath

from .. import filesniff
from . import messages as msg
from .errors import UploadRejected

EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".docx": "docx", ".xlsx": "xlsx"}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG 图片", "png": "PNG 图片", "docx": "Word（.docx）", "xlsx": "Excel（.xlsx）"}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEFAULT_MAX_MB = 20


def max_upload_bytes() -> int:
    """The size limit per file: ``TSP_MAX_EVIDENCE_MB`` megabytes (default 20)."""
    return int(float(os.environ.get("TSP_MAX_EVIDENCE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


def sniff(data: bytes) -> str | None:
    """The evidence kind the content really is (pdf, jpeg, png, docx, xlsx), or None."""
    kind = filesniff.sniff(data)
    return kind if kind in KIND_NAMES else None


def safe_relative_path(name: str) -> str:
    """``name`` as a normalised relative POSIX path; UploadRejected for absolute paths or ``..``."""
    cleaned = name.replace("\\", "/").strip()
    normal = posixpath.normpath(cleaned)
    if not cleaned or cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":") or normal == ".." \
            or normal.startswith("../") or normal == ".":
        raise UploadRejected(msg.UPLOAD_NAME_INVALID.format(name=name))
    return normal


def check_upload(name: str, data: bytes, max_bytes: int | None = None) -> str:
    """The kind of an acceptable evidence file; UploadRejected with a Chinese reason otherwise."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if not data:
        raise UploadRejected(msg.UPLOAD_EMPTY.format(name=name))
    if len(data) > limit:
        raise UploadRejected(msg.UPLOAD_TOO_LARGE.format(name=name, size_mb=len(data) / 1048576,
                                                         limit_mb=round(limit / 1048576, 1)))
    expected = EXTENSIONS.get(posixpath.splitext(name.lower())[1])
    if expected is None:
        raise UploadRejected(msg.UPLOAD_EXTENSION.format(name=name))
    if sniff(data) != expected:
        raise UploadRejected(msg.UPLOAD_CONTENT_MISMATCH.format(name=name, expected=KIND_NAMES[expected]))
    return expected
