"""What an evidence file is, judged by its content and checked against its extension."""

from __future__ import annotations

from pathlib import Path

from .. import filesniff
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


def sniff(path: Path) -> str:
    """The kind of file its bytes say: pdf, docx, xlsx, zip, image, ole, text or unknown."""
    with path.open("rb") as handle:
        head = handle.read(filesniff.HEAD_BYTES)
    kind = filesniff.sniff(head, path)
    return "image" if kind in filesniff.IMAGE_KINDS else kind


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
