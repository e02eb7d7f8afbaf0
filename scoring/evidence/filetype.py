"""What an evidence file is, judged by its content and checked against its extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import texts
from .model import EvidenceUnreadable

PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
XLSX_SUFFIXES = {".xlsx"}
TEXT_SUFFIXES = {".txt", ".csv", ".md"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
SUFFIX_KIND = {
    **{s: "pdf" for s in PDF_SUFFIXES}, **{s: "docx" for s in DOCX_SUFFIXES}, **{s: "xlsx" for s in XLSX_SUFFIXES},
    **{s: "text" for s in TEXT_SUFFIXES}, **{s: "image" for s in IMAGE_SUFFIXES},
}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


def sniff(path: Path) -> str:
    """The kind of file its bytes say: pdf, docx, xlsx, zip, image, ole, text or unknown."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "unknown"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if b"\x00" in head:
        return "unknown"
    return "text"


def evidence_kind(path: Path, name: str | None = None) -> str:
    """The kind of an evidence file (pdf, docx, xlsx, text, image or other), checked against its extension.

    Raises EvidenceUnreadable when the file is missing or its content is not what its extension says.
    """
    name = name or str(path)
    if not path.exists():
        raise EvidenceUnreadable(name, texts.MISSING)
    if path.is_dir():
        raise EvidenceUnreadable(name, texts.IS_DIRECTORY)
    expected = SUFFIX_KIND.get(path.suffix.lower(), "other")
    try:
        actual = sniff(path)
    except OSError as err:
        raise EvidenceUnreadable(name, texts.UNREADABLE.format(reason=err.strerror or err)) from None
    if expected != "other" and actual != expected:
        raise EvidenceUnreadable(name, texts.NOT_WHAT_EXTENSION_SAYS.format(
            suffix=path.suffix, actual=texts.ACTUAL_KINDS[actual]))
    return expected
