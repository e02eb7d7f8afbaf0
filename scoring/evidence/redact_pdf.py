"""PDF redaction that removes text from the page content itself, not a box drawn over it.

pdfminer.six (MIT) interprets each page to learn, for every text-showing operator, which glyph codes it draws and
what Unicode text they stand for (through the fonts' encodings and ToUnicode maps). pikepdf (MPL-2.0) then rewrites
the same operators in the content stream: each glyph to hide becomes the font's own '*' glyph when the font has one,
otherwise it is dropped; a ``TJ`` adjustment keeps the rest of the line where it was. Saving through pikepdf writes
only the objects still in use, so the old content stream does not survive in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..atomic import atomic_path
from . import texts
from .detect import mask
from .extract import open_pdf_document
from .model import EvidenceUnreadable

TEXT_SHOW_OPERATORS = {"Tj", "TJ", "'", '"'}
STAR = "*"


class PdfRedactionFailed(EvidenceUnreadable):
    """A page whose text could not be tied to its content stream, so nothing was written."""


@dataclass
class _Show:
    """One text-showing operator as pdfminer ran it, with the text state it ran in."""

    font: object
    seq: list
    fontsize: float
    charspace: float


@dataclass
class _Glyph:
    show: int
    element: int
    start: int
    end: int
    cid: int
    text: str
    width: float  # text space units at font size 1


class _Recorder(PDFDevice):
    """Records the page's own text-showing operators in order (text inside form XObjects is left out: it is not
    rewritten here, and the check of the copy then reports what is left)."""

    def __init__(self, manager: PDFResourceManager):
        super().__init__(manager)
        self.shows: list[_Show] = []
        self.depth = 0

    def begin_figure(self, name, bbox, matrix) -> None:
        self.depth += 1

    def end_figure(self, name) -> None:
        self.depth -= 1

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        if self.depth:
            return
        self.shows.append(_Show(textstate.font, list(seq), textstate.fontsize, textstate.charspace))


def _codes(font, data: bytes) -> list[tuple[int, int, int]]:
    """(cid, start, end) of each character code in a string, for single- and multi-byte encodings."""
    if not font.is_multibyte():
        return [(byte, i, i + 1) for i, byte in enumerate(data)]
    codes, start = [], 0
    for end in range(1, len(data) + 1):
        cids = list(font.decode(data[start:end]))
        if cids:
            codes.append((cids[0], start, end))
            start = end
    return codes


def _unicode(font, cid: int) -> str:
    try:
        return font.to_unichr(cid)
    except (PDFUnicodeNotDefined, KeyError, IndexError):
        return "\ufffd"


@dataclass
class _Star:
    """The bytes that draw '*' in a font, with the glyph's width (None when the font has no '*')."""

    code: bytes | None = None
    width: float = 0.0


# Fonts subset by Word or LibreOffice rarely carry '*': a Helvetica '*' (a standard font, nothing embedded) stands in.
STAND_IN_STAR = _Star(b"*", stringWidth(STAR, "Helvetica", 1))


def _star(font) -> _Star:
    candidates: list[bytes] = []
    if not font.is_multibyte():
        candidates = [bytes([code]) for code in range(256)]
    else:
        unicode_map = getattr(font, "unicode_map", None)
        mapping = getattr(unicode_map, "cid2unichr", {}) if unicode_map else {}
        candidates = [cid.to_bytes(2, "big") for cid, text in mapping.items() if text == STAR and cid < 65536]
        candidates.append(STAR.encode("utf-16-be"))
    for code in candidates:
        decoded = _codes(font, code)
        if len(decoded) == 1 and decoded[0][2] == len(code):
            cid = decoded[0][0]
            if _unicode(font, cid) == STAR and font.char_width(cid) > 0:
                return _Star(code, font.char_width(cid))
    return _Star()


@dataclass
class _PageText:
    glyphs: list[_Glyph] = field(default_factory=list)
    compact: str = ""  # the page's text without whitespace, in content-stream order
    owner: list[int] = field(default_factory=list)  # glyph index of each compact character


def _page_text(shows: list[_Show]) -> _PageText:
    page = _PageText()
    chars: list[str] = []
    for show_index, show in enumerate(shows):
        for element_index, element in enumerate(show.seq):
            if not isinstance(element, bytes):
                continue
            for cid, start, end in _codes(show.font, element):
                text = _unicode(show.font, cid)
                page.glyphs.append(_Glyph(show_index, element_index, start, end, cid, text,
                                          show.font.char_width(cid)))
                for ch in text:
                    if not ch.isspace():
                        chars.append(ch)
                        page.owner.append(len(page.glyphs) - 1)
    page.compact = "".join(chars)
    return page


def _glyphs_to_hide(page: _PageText, values: dict[str, str]) -> set[int]:
    hide: set[int] = set()
    for value, kind in values.items():
        masked = mask(kind, value)
        pairs = [(v, m) for v, m in zip(value, masked) if not v.isspace()]
        needle = "".join(v for v, _ in pairs)
        start = page.compact.find(needle)
        while start >= 0:
            hide.update(page.owner[start + j] for j, (v, m) in enumerate(pairs) if v != m)
            start = page.compact.find(needle, start + 1)
    return hide


class _Segment:
    """Part of a rewritten TJ: drawn in the original font, or in the stand-in font that supplies '*'."""

    def __init__(self, stand_in: bool):
        self.stand_in = stand_in
        self.items: list = []

    def push_bytes(self, data: bytes) -> None:
        if self.items and isinstance(self.items[-1], bytes):
            self.items[-1] += data
        elif data:
            self.items.append(data)

    def push_number(self, number: float) -> None:
        if abs(number) < 1e-6:
            return
        if self.items and isinstance(self.items[-1], float):
            self.items[-1] += number
        else:
            self.items.append(float(number))

    def array(self) -> pikepdf.Array:
        return pikepdf.Array([pikepdf.String(e) if isinstance(e, bytes) else round(e, 3) for e in self.items])


def _new_segments(show: _Show, show_index: int, glyphs: list[_Glyph], hide: set[int], star: _Star,
                  stand_in: _Star | None) -> list[_Segment]:
    """``show`` redrawn with each hidden glyph replaced by one '*' — from the font itself when it has one, else from
    the stand-in font — or, with neither, left out; ``TJ`` adjustments keep every other glyph where it was."""
    by_element: dict[int, list[tuple[int, _Glyph]]] = {}
    for index, glyph in enumerate(glyphs):
        if glyph.show == show_index:
            by_element.setdefault(glyph.element, []).append((index, glyph))
    segments = [_Segment(False)]

    def segment(stand_in_font: bool) -> _Segment:
        if segments[-1].stand_in != stand_in_font:
            segments.append(_Segment(stand_in_font))
        return segments[-1]

    for element_index, element in enumerate(show.seq):
        if not isinstance(element, bytes):
            segment(False).push_number(float(element))
            continue
        for index, glyph in by_element.get(element_index, []):
            if index not in hide:
                segment(False).push_bytes(element[glyph.start:glyph.end])
            elif star.code is not None or stand_in is not None:
                use = star if star.code is not None else stand_in
                part = segment(use is stand_in)
                part.push_bytes(use.code)
                part.push_number((use.width - glyph.width) * 1000)
            else:
                spacing = show.charspace * 1000 / show.fontsize if show.fontsize else 0.0
                segment(False).push_number(-(glyph.width * 1000 + spacing))
    return [s for s in segments if s.items]


def _same_strings(instruction, show: _Show) -> bool:
    operand = instruction.operands[-1]
    mine = [bytes(e) for e in (operand if isinstance(operand, pikepdf.Array) else [operand])
            if isinstance(e, pikepdf.String)]
    return mine == [e for e in show.seq if isinstance(e, bytes)]


def _fonts_in_force(instructions: list) -> dict[int, tuple]:
    """The (font resource name, size) set by ``Tf`` at each instruction (saved and restored with q/Q)."""
    state: tuple = (None, None)
    stack: list[tuple] = []
    fonts: dict[int, tuple] = {}
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator = str(instruction.operator)
        if operator == "q":
            stack.append(state)
        elif operator == "Q":
            state = stack.pop() if stack else state
        elif operator == "Tf" and len(instruction.operands) == 2:
            state = (instruction.operands[0], instruction.operands[1])
        fonts[index] = state
    return fonts


def _instruction(operator: str, *operands) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def _rewrite(instructions: list, shows: list[_Show], glyphs: list[_Glyph], hide: set[int], page_number: int,
             name: str, stand_in_font: Callable[[], pikepdf.Name]) -> list:
    positions = [i for i, ins in enumerate(instructions)
                 if not isinstance(ins, pikepdf.ContentStreamInlineImage) and str(ins.operator) in TEXT_SHOW_OPERATORS]
    if len(positions) != len(shows) or not all(_same_strings(instructions[p], s) for p, s in zip(positions, shows)):
        raise PdfRedactionFailed(name, texts.PDF_REDACTION_FAILED.format(page=page_number, reason="无法对应页面内容流"))
    fonts = _fonts_in_force(instructions)
    stars: dict[int, _Star] = {}
    out = list(instructions)
    for show_index in sorted({glyphs[i].show for i in hide}, reverse=True):
        show, position = shows[show_index], positions[show_index]
        star = stars.setdefault(id(show.font), _star(show.font))
        font_name, font_size = fonts[position]
        stand_in = STAND_IN_STAR if star.code is None and font_name is not None else None
        new: list = []
        for segment in _new_segments(show, show_index, glyphs, hide, star, stand_in):
            if segment.stand_in:
                new += [_instruction("Tf", stand_in_font(), font_size), _instruction("TJ", segment.array()),
                        _instruction("Tf", font_name, font_size)]
            else:
                new.append(_instruction("TJ", segment.array()))
        old = instructions[position]
        operator = str(old.operator)
        if operator == "'":
            new.insert(0, _instruction("T*"))
        elif operator == '"':
            new[:0] = [_instruction("Tw", old.operands[0]), _instruction("Tc", old.operands[1]), _instruction("T*")]
        out[position:position + 1] = new
    return out


def redact_pdf(src: Path, dst: Path, values: dict[str, str], name: str | None = None) -> int:
    """Write ``dst``: ``src`` with every occurrence of the given values ({value: kind}) masked in the page text.

    Returns the number of pages changed. Raises PdfRedactionFailed when a page's text cannot be tied to its content
    stream; nothing is written then.
    """
    name = name or str(src)
    handle, document = open_pdf_document(src, name)
    changed = 0
    try:
        try:
            pdf = pikepdf.open(src)
        except pikepdf.PdfError:
            raise PdfRedactionFailed(name, texts.PDF_BROKEN) from None
        with pdf:
            manager = PDFResourceManager(caching=True)
            for number, (miner_page, page) in enumerate(zip(PDFPage.create_pages(document), pdf.pages), start=1):
                recorder = _Recorder(manager)
                PDFPageInterpreter(manager, recorder).process_page(miner_page)
                text = _page_text(recorder.shows)
                hide = _glyphs_to_hide(text, values)
                if not hide:
                    continue
                instructions = pikepdf.parse_content_stream(page)
                stand_in: list[pikepdf.Name] = []

                def stand_in_font(page=page) -> pikepdf.Name:
                    if not stand_in:
                        font = pdf.make_indirect(pikepdf.Dictionary(
                            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                            Encoding=pikepdf.Name.WinAnsiEncoding))
                        stand_in.append(page.add_resource(font, pikepdf.Name.Font, prefix="FRedact"))
                    return stand_in[0]

                rewritten = _rewrite(instructions, recorder.shows, text.glyphs, hide, number, name, stand_in_font)
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
                changed += 1
            with atomic_path(dst) as temp:
                pdf.save(temp)
    finally:
        handle.close()
    return changed
