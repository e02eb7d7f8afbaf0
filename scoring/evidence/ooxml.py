"""Text of Word (docx) parts read straight from the package XML, so the same walk serves checking and redaction.

A paragraph's text is the concatenation of its own ``w:t`` elements, with tabs and breaks as whitespace so that
numbers in neighbouring cells of a tabbed line do not run together. Text boxes belong to their own paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_STORY_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
_TEXT_TAGS = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@dataclass
class Piece:
    """A stretch of a paragraph's text; ``element`` is the ``w:t`` holding it, or None for a tab or break."""

    text: str
    element: etree._Element | None


def paragraph_pieces(paragraph: etree._Element) -> list[Piece]:
    """The text pieces that belong to this paragraph (not to paragraphs nested in its text boxes)."""
    pieces: list[Piece] = []
    for element in paragraph.iter(*_TEXT_TAGS):
        owner = element.getparent()
        while owner is not None and owner.tag != f"{W}p":
            owner = owner.getparent()
        if owner is not paragraph:
            continue
        marker = _TEXT_TAGS[element.tag]
        pieces.append(Piece(element.text or "", element) if marker is None else Piece(marker, None))
    return pieces


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(piece.text for piece in paragraph_pieces(paragraph))


def story_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts of a docx that hold text, body first."""
    names = [n for n in archive.namelist() if DOCX_STORY_PART.match(n)]
    return sorted(names, key=lambda n: (n != "word/document.xml", n))


def parse_part(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), XML_PARSER)


def body_blocks(root: etree._Element) -> Iterator[tuple[str, tuple[int, ...], etree._Element]]:
    """The body's paragraphs with where they are: ("paragraph", (n,), p) or ("cell", (table, row, column), p).

    Paragraphs are numbered among the body's top-level paragraphs; cells by table, row and cell, counted from 1.
    Paragraphs inside a cell (nested tables and text boxes included) share the cell's location.
    """
    body = root.find(f"{W}body")
    if body is None:
        return
    paragraphs = tables = 0
    for child in body:
        if child.tag == f"{W}p":
            paragraphs += 1
            for paragraph in child.iter(f"{W}p"):
                yield "paragraph", (paragraphs,), paragraph
        elif child.tag == f"{W}tbl":
            tables += 1
            for row_number, row in enumerate(child.findall(f"{W}tr"), start=1):
                for column, cell in enumerate(row.findall(f"{W}tc"), start=1):
                    for paragraph in cell.iter(f"{W}p"):
                        yield "cell", (tables, row_number, column), paragraph
        elif child.tag == f"{W}sdt":
            for paragraph in child.iter(f"{W}p"):
                paragraphs += 1
                yield "paragraph", (paragraphs,), paragraph
