"""The generated pages of the evidence bundle: cover, table of contents, and the footer laid over every page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from . import texts
from .fonts import cjk_font, wrap

MARGIN = 64.0
FOOTER_SIZE = 8.0
FOOTER_Y = 14.0
GREY = Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class Cover:
    applicant: str
    category: str
    total: str
    base: str
    bonus: str
    assessed_on: str
    files: int
    pages: int


@dataclass(frozen=True)
class TocRow:
    """One evidence entry in the table of contents (``page`` None when it has no file)."""

    item_id: str
    item_title: str
    title: str
    page: int | None
    shared_with: tuple[str, ...] = ()
    not_counted: str = ""  # why the entry does not count (dated after the assessment date, outside the year)


def _centered(pdf: canvas.Canvas, y: float, text: str, size: float) -> None:
    pdf.setFont(cjk_font(), size)
    pdf.drawCentredString(A4[0] / 2, y, text)


def _draw_cover(pdf: canvas.Canvas, cover: Cover) -> None:
    _centered(pdf, A4[1] * 0.68, texts.BUNDLE_TITLE, 30)
    lines = [texts.COVER_APPLICANT.format(name=cover.applicant), texts.COVER_CATEGORY.format(label=cover.category),
             texts.COVER_TOTAL.format(total=cover.total, base=cover.base, bonus=cover.bonus),
             texts.COVER_ASSESSED_ON.format(date=cover.assessed_on),
             texts.COVER_FILES.format(files=cover.files, pages=cover.pages)]
    y = A4[1] * 0.52
    for line in lines:
        for part in wrap(line, A4[0] - 2 * MARGIN, 14):
            _centered(pdf, y, part, 14)
            y -= 26
    pdf.showPage()


def _draw_toc(pdf: canvas.Canvas, rows: list[TocRow]) -> None:
    font = cjk_font()
    width = A4[0] - 2 * MARGIN
    number_width = 40.0
    y_top = A4[1] - MARGIN
    y = y_top - 40
    _centered(pdf, y_top - 10, texts.TOC_TITLE, 18)

    def room(height: float) -> None:
        nonlocal y
        if y - height < MARGIN:
            pdf.showPage()
            y = y_top

    current = None
    for row in rows:
        if row.item_id != current:
            current = row.item_id
            heading = wrap(f"{row.item_id}  {row.item_title}", width, 11)
            room(18 * len(heading) + 18)
            y -= 6
            for line in heading:
                pdf.setFont(font, 11)
                pdf.drawString(MARGIN, y, line)
                y -= 18
        note = texts.TOC_NO_FILE if row.page is None else (
            texts.TOC_SHARED.format(items="、".join(row.shared_with)) if row.shared_with else "")
        note += row.not_counted
        lines = wrap(row.title + note, width - 24 - number_width, 10)
        room(15 * len(lines))
        for index, line in enumerate(lines):
            pdf.setFont(font, 10)
            pdf.drawString(MARGIN + 24, y, line)
            if index == len(lines) - 1 and row.page is not None:
                end = MARGIN + 24 + pdfmetrics.stringWidth(line, font, 10) + 4
                dots = "." * max(0, int((MARGIN + width - number_width - end) / pdfmetrics.stringWidth(".", font, 10)))
                pdf.drawString(end, y, dots)
                pdf.drawRightString(MARGIN + width, y, str(row.page))
            y -= 15
    pdf.showPage()


def render_front(path: Path, cover: Cover, rows: list[TocRow]) -> None:
    """The cover and the table of contents as one PDF."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(texts.BUNDLE_TITLE)
    _draw_cover(pdf, cover)
    _draw_toc(pdf, rows)
    pdf.save()


def render_footers(path: Path, sizes: list[tuple[float, float]], applicant: str) -> None:
    """One transparent page per bundle page, each the size given, carrying the footer line at the bottom."""
    pdf = canvas.Canvas(str(path))
    total = len(sizes)
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.setPageSize((width, height))
        pdf.setFillColor(GREY)
        pdf.setFont(cjk_font(), FOOTER_SIZE)
        text = texts.FOOTER.format(name=applicant, page=number, pages=total, mark=texts.CONFIDENTIAL_MARK)
        pdf.drawCentredString(width / 2, FOOTER_Y, text)
        pdf.showPage()
    pdf.save()
