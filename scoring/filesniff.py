"""What a file is by its content (magic bytes, and for zip containers the parts inside): the one sniffer.

Evidence checks and uploads each decide which of these kinds they accept; the recognising is done here once.
"""

from __future__ import annotations

import io
import zipfile

IMAGE_KINDS = ("png", "jpeg", "gif", "bmp", "tiff", "webp")
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
          (b"BM", "bmp"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"))
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
HEAD_BYTES = 4096


def _zip_kind(data: bytes | None, path: object = None) -> str:
    try:
        with zipfile.ZipFile(path if path is not None else io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "unknown"
    for kind, part in _OOXML_MAIN_PART.items():
        if part in names and "[Content_Types].xml" in names:
            return kind
    return "zip"


def sniff(data: bytes, path: object = None) -> str:
    """The kind the content is: pdf, png, jpeg, gif, bmp, tiff, webp, ole, docx, xlsx, zip, text or unknown.

    ``data`` is the whole content, or its first ``HEAD_BYTES`` when ``path`` names the file (zip containers are
    then opened from the path).
    """
    head = data[:HEAD_BYTES]
    if b"%PDF-" in head[:1024]:  # the PDF header may follow a little junk (ISO 32000-1 §7.5.2 readers allow it)
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(None if path is not None else data, path)
    if b"\x00" in head:
        return "unknown"
    return "text"
