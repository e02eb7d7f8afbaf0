"""The text of an evidence file, in blocks that each know where they are (page, paragraph, table cell, sheet!cell).

Pages and files whose text cannot be read (images, scanned pages) come back as unchecked notes, never as clean.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import texts
from .model import EvidenceUnreadable
from .ooxml import W, body_blocks, paragraph_text, parse_part, story_parts

# A page counts as a scan when it has (almost) no text and an image covering much of it.
SCAN_MAX_CHARS = 20
SCAN_MIN_IMAGE_SHARE = 0.3


@dataclass(frozen=True)
class TextBlock:
    location: str
    text: str


@dataclass
class Extraction:
    """The text blocks of one file, and the places (location, reason) that could not be read."""

    blocks: list[TextBlock] = field(default_factory=list)
    unchecked: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- PDF


def open_pdf_document(path: Path, name: str):
    """A pdfminer document; EvidenceUnreadable when encrypted with a password or broken."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfparser import PDFParser

    handle = path.open("rb")
    try:
        return handle, PDFDocument(PDFParser(handle), password="")
    except PDFEncryptionError:
        handle.close()
        raise EvidenceUnreadable(name, texts.PDF_ENCRYPTED) from None
    except Exception:  # pdfminer raises many kinds of errors on damaged files
        handle.close()
        raise EvidenceUnreadable(name, texts.PDF_BROKEN) from None


def _walk_layout(item, lines: list[str], stats: dict) -> None:
    from pdfminer.layout import LTChar, LTImage, LTTextLine

    if isinstance(item, LTTextLine):
        lines.append(item.get_text())
        stats["chars"] += sum(1 for ch in item if isinstance(ch, LTChar) and not ch.get_text().isspace())
        return
    if isinstance(item, LTImage):
        stats["image_area"] = max(stats["image_area"], item.width * item.height)
        return
    if isinstance(item, LTChar):
        stats["chars"] += 1
        lines.append(item.get_text())
        return
    try:
        children = list(item)
    except TypeError:
        return
    for child in children:
        _walk_layout(child, lines, stats)


def extract_pdf(path: Path, name: str) -> Extraction:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    handle, document = open_pdf_document(path, name)
    result = Extraction()
    try:
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            interpreter.process_page(page)
            layout = device.get_result()
            lines: list[str] = []
            stats = {"chars": 0, "image_area": 0.0}
            _walk_layout(layout, lines, stats)
            location = texts.PAGE.format(page=number)
            page_area = max(layout.width * layout.height, 1.0)
            if stats["chars"] <= SCAN_MAX_CHARS and stats["image_area"] >= SCAN_MIN_IMAGE_SHARE * page_area:
                result.unchecked.append((location, texts.UNCHECKED_SCANNED_PAGE))
            if lines:
                result.blocks.append(TextBlock(location, "".join(lines)))
    except EvidenceUnreadable:
        raise
    except Exception:
        raise EvidenceUnreadable(name, texts.PDF_BROKEN) from None
    finally:
        handle.close()
    return result


# ---------------------------------------------------------------- Word


def _part_label(part: str) -> str:
    stem = part.removeprefix("word/").removesuffix(".xml")
    if stem.startswith(("header", "footer")):
        return texts.HEADER_FOOTER.format(part=stem)
    return texts.NOTES.format(part=stem)


def extract_docx(path: Path, name: str) -> Extraction:
    result = Extraction()
    try:
        with zipfile.ZipFile(path) as archive:
            for part in story_parts(archive):
                root = parse_part(archive, part)
                if part == "word/document.xml":
                    for kind, where, paragraph in body_blocks(root):
                        text = paragraph_text(paragraph)
                        if not text.strip():
                            continue
                        location = (texts.PARAGRAPH.format(number=where[0]) if kind == "paragraph" else
                                    texts.TABLE_CELL.format(table=where[0], row=where[1], column=where[2]))
                        result.blocks.append(TextBlock(location, text))
                else:
                    text = "\n".join(paragraph_text(p) for p in root.iter(f"{W}p"))
                    if text.strip():
                        result.blocks.append(TextBlock(_part_label(part), text))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise EvidenceUnreadable(name, texts.OFFICE_BROKEN.format(suffix=path.suffix)) from None
    except Exception as err:  # lxml.etree.XMLSyntaxError and friends
        if type(err).__module__.startswith("lxml"):
            raise EvidenceUnreadable(name, texts.OFFICE_BROKEN.format(suffix=path.suffix)) from None
        raise
    return _merge_blocks(result)


def _merge_blocks(result: Extraction) -> Extraction:
    """One block per location (a cell's paragraphs joined by line breaks)."""
    merged: dict[str, list[str]] = {}
    for block in result.blocks:
        merged.setdefault(block.location, []).append(block.text)
    result.blocks = [TextBlock(location, "\n".join(parts)) for location, parts in merged.items()]
    return result


# ---------------------------------------------------------------- Excel


def cell_text(value: object) -> str | None:
    """The text of a cell value as a reader sees it (whole numbers without a decimal point)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return None


def extract_xlsx(path: Path, name: str) -> Extraction:
    import openpyxl

    result = Extraction()
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises zip, XML and key errors on damaged files
        raise EvidenceUnreadable(name, texts.OFFICE_BROKEN.format(suffix=path.suffix)) from None
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text = cell_text(getattr(cell, "value", None))
                    if text and text.strip():
                        result.blocks.append(TextBlock(texts.CELL.format(sheet=sheet.title, cell=cell.coordinate),
                                                       text))
    finally:
        workbook.close()
    return result


# ---------------------------------------------------------------- plain text


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-8 or GB18030 text; None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def extract_text(path: Path, name: str) -> Extraction:
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise EvidenceUnreadable(name, texts.TEXT_NOT_DECODABLE)
    lines = decoded[0].splitlines()
    return Extraction([TextBlock(texts.LINE.format(line=n), line) for n, line in enumerate(lines, start=1)
                       if line.strip()])


EXTRACTORS = {"pdf": extract_pdf, "docx": extract_docx, "xlsx": extract_xlsx, "text": extract_text}
