"""Build the docxtpl templates of the application documents from code, so every change to them is reviewable.

Usage: python forms/build_templates.py            (writes the .docx files next to this script)
       python forms/build_templates.py --check    (exit 1 when a committed template differs from what this builds)

Templates and the context each expects (every value arrives escaped; line breaks in values become real breaks):

application_zone.docx           松江区商业秘密保护示范区申报表 (Annex 1):
    name, uscc, leader, address, postcode, org_type, park_enterprises, park_output_value, contact, contact_title,
    phone, work_summary
application_station_point.docx  松江区商业秘密保护示范站（点）申报表 (Annex 1): the same without the two park
    fields, plus category_marks (“☑ 示范站　☐ 示范点”)
acceptance_table.docx           the filled 验收表 of any category (Annexes 2–4):
    title, name_label, name, totals (list of text: the claimed and the evidence-checked total, or the
    reviewer's), notes (list of text), reviewer (bool), rows (list of {indicator, content, id, criterion, points,
    score}, one per scored row in table order; the annex's columns 评价指标 | 评价内容 | 评价标准 | 分值 | 得分)

The two opinion rows of the application forms hold the office's 推荐意见 and the bureau's 验收意见 when they are
recorded (recommendation_text/_responsible/_date, acceptance_…), otherwise the blank signature, seal and date
lines of the official form. The output is byte-for-byte reproducible
(fixed zip timestamps and document dates) so a rebuild that changes nothing changes no file.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FORMS_DIR = Path(__file__).resolve().parent

BODY_FONT = "SimSun"  # 宋体
TITLE_FONT = "SimHei"  # 黑体
LATIN_FONT = "Times New Roman"
FIXED_DATE = dt.datetime(2023, 9, 1, tzinfo=dt.timezone.utc)  # 松市监竞争〔2023〕33号
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

# The signature block of each opinion row, as printed on the official form.
SIGNATURE_LINES = ("负责人：　　　　　　　　（单位公章）", "年　　月　　日")
FULL_SPACE = "　"


# ---------------------------------------------------------------- fonts and document setup


def east_asian_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the East-Asian font explicitly (w:eastAsia) in a w:rPr so Word and LibreOffice pick a Chinese font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for hint in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(hint), None)


def chinese_language(rpr) -> None:
    """Mark text as Chinese (w:lang eastAsia="zh-CN") for line breaking and proofing."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.attrib.pop(qn("w:bidi"), None)


def new_document(size_pt: float, landscape: bool = False) -> Document:
    """A4 document whose Normal style is 宋体 (Latin: Times New Roman), single-spaced, Chinese language."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size_pt)
    east_asian_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    chinese_language(normal.element.get_or_add_rPr())
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    east_asian_fonts(defaults, BODY_FONT)
    chinese_language(defaults)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    props = doc.core_properties
    props.author = props.last_modified_by = "松江区市场监督管理局"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    return doc


def add_paragraph(container, text: str, *, align=LEFT, size: float | None = None, bold: bool = False,
                  font: str | None = None, space_after: float = 0, space_before: float = 0):
    """One paragraph with a single run (a template tag must never be split across runs)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(space_before)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            east_asian_fonts(run._element.get_or_add_rPr(), font)
    return paragraph


# ---------------------------------------------------------------- tables


def bordered_table(doc, rows: int, widths_cm: list[float]):
    """A centred, fixed-layout table with a 1 pt outer frame and 0.5 pt inner lines."""
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr  # table.autofit = False already made the layout fixed (w:tblLayout)
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("left", 8), ("bottom", 8), ("right", 8), ("insideH", 4), ("insideV", 4)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(Cm(0.15).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm):
        grid_col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    return table


def fill(cell, text: str = "", *, align=CENTER, bold: bool = False, valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER,
         size: float | None = None):
    """Replace a cell's content with one paragraph holding ``text`` in a single run."""
    cell.vertical_alignment = valign
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    return paragraph


def merged(table, row: int, first: int, last: int):
    """Cells ``first``..``last`` of one row merged into one (horizontal span)."""
    return table.cell(row, first).merge(table.cell(row, last)) if last > first else table.cell(row, first)


def row_height(row, cm: float, exact: bool = False) -> None:
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def row_flag(row, name: str) -> None:
    """Set a row property such as w:cantSplit or w:tblHeader."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(f"w:{name}")
    # Keep the schema order: cantSplit precedes trHeight, tblHeader follows it.
    height = tr_pr.find(qn("w:trHeight"))
    if name == "cantSplit" and height is not None:
        height.addprevious(element)
    else:
        tr_pr.append(element)


# ---------------------------------------------------------------- application forms (Annex 1)

FORM_WIDTHS = [2.9, 3.0, 2.4, 2.4, 2.2, 3.7]  # 16.6 cm of a 16.6 cm text width; the last fits a phone number
# with extension ("021-57890000-8001") on one line at PHONE_PT
PHONE_PT = 10.5


def opinion_row(table, row: int, label: str, key: str) -> None:
    """An opinion row: the recorded opinion (``{key}_text``) at its top, then the responsible person, seal and date
    lines at its bottom right (``{key}_responsible``, ``{key}_date``; blank lines when nothing is recorded)."""
    fill(table.cell(row, 0), label, bold=True)
    cell = merged(table, row, 1, len(FORM_WIDTHS) - 1)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    opinion = cell.paragraphs[0]
    opinion.alignment = JUSTIFY
    opinion.paragraph_format.space_after = Pt(6)
    opinion.add_run("{{ %s_text }}" % key)
    first = cell.add_paragraph()
    first.alignment = RIGHT
    first.add_run("负责人：{{ %s_responsible }}（单位公章）" % key + FULL_SPACE * 2)
    date = cell.add_paragraph()
    date.alignment = RIGHT
    date.paragraph_format.space_before = Pt(10)
    date.paragraph_format.space_after = Pt(6)
    date.add_run("{{ %s_date }}" % key + FULL_SPACE * 2)
    row_height(table.rows[row], 3.8)
    row_flag(table.rows[row], "cantSplit")


def work_summary_row(table, row: int) -> None:
    fill(table.cell(row, 0), "商业秘密\n保护工作\n开展情况", bold=True)
    cell = merged(table, row, 1, len(FORM_WIDTHS) - 1)
    fill(cell, "（可附件）", align=LEFT, valign=WD_CELL_VERTICAL_ALIGNMENT.TOP)  # where the annex has it
    paragraph = cell.add_paragraph("{{ work_summary }}")
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.line_spacing = 1.25
    paragraph.paragraph_format.space_before = Pt(3)
    first_line_indent_chars(paragraph, 2)
    row_height(table.rows[row], 7.5)


def first_line_indent_chars(paragraph, chars: int, size_pt: float = 12) -> None:
    """Indent the first line by whole characters (首行缩进), as Chinese text expects."""
    paragraph.paragraph_format.first_line_indent = Pt(chars * size_pt)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def form_title(doc, title: str) -> None:
    add_paragraph(doc, "附件1", font=TITLE_FONT, size=14, space_after=6)
    add_paragraph(doc, title, align=CENTER, size=18, bold=True, font=TITLE_FONT, space_before=6, space_after=14)


def identity_rows(table, name_label: str) -> None:
    """Rows 0–2, the same on both forms: name and leader, USCC, address and postcode."""
    fill(table.cell(0, 0), name_label, bold=True)
    fill(merged(table, 0, 1, 3), "{{ name }}")
    fill(table.cell(0, 4), "负责人", bold=True)
    fill(table.cell(0, 5), "{{ leader }}")
    fill(table.cell(1, 0), "统一社会\n信用代码", bold=True)
    fill(merged(table, 1, 1, 5), "{{ uscc }}")
    fill(table.cell(2, 0), "联系地址", bold=True)
    fill(merged(table, 2, 1, 3), "{{ address }}")
    fill(table.cell(2, 4), "邮政编码", bold=True)
    fill(table.cell(2, 5), "{{ postcode }}")


def closing_rows(table) -> None:
    """Rows 4–7, the same on both forms: contact, work summary and the two opinion rows."""
    contact_row(table, 4)
    work_summary_row(table, 5)
    opinion_row(table, 6, "市场所\n推荐意见", "recommendation")
    opinion_row(table, 7, "区局验收\n意见", "acceptance")
    for row in table.rows[:5]:
        row_height(row, 1.2)


def build_zone_form() -> Document:
    doc = new_document(12)
    form_title(doc, "松江区商业秘密保护示范区申报表")
    table = bordered_table(doc, 8, FORM_WIDTHS)
    identity_rows(table, "园区名称")
    fill(table.cell(3, 0), "园区类型", bold=True)
    fill(table.cell(3, 1), "{{ org_type }}")
    fill(table.cell(3, 2), "入园企业\n数量", bold=True)
    fill(table.cell(3, 3), "{{ park_enterprises }}")
    fill(table.cell(3, 4), "园区产值", bold=True)
    fill(table.cell(3, 5), "{{ park_output_value }}")
    closing_rows(table)
    return doc


def contact_row(table, row: int) -> None:
    fill(table.cell(row, 0), "联系人", bold=True)
    fill(table.cell(row, 1), "{{ contact }}")
    fill(table.cell(row, 2), "职务/职称", bold=True)
    fill(table.cell(row, 3), "{{ contact_title }}")
    fill(table.cell(row, 4), "联系电话", bold=True)
    fill(table.cell(row, 5), "{{ phone }}", size=PHONE_PT)


def build_station_point_form() -> Document:
    doc = new_document(12)
    form_title(doc, "松江区商业秘密保护示范站（点）申报表")
    add_paragraph(doc, "申报类别：{{ category_marks }}", space_after=6)
    table = bordered_table(doc, 8, FORM_WIDTHS)
    identity_rows(table, "单位名称")
    fill(table.cell(3, 0), "单位类型", bold=True)
    fill(merged(table, 3, 1, 5), "{{ org_type }}")
    closing_rows(table)
    return doc


# ---------------------------------------------------------------- acceptance table (Annexes 2–4)

TABLE_WIDTHS = [2.2, 2.2, 8.5, 1.5, 2.2]  # 16.6 cm
TABLE_HEADER = ("评价指标", "评价内容", "评价标准", "分值", "得分")  # as the annexes head them


def build_acceptance_table() -> Document:
    doc = new_document(10.5)
    add_paragraph(doc, "{{ title }}", align=CENTER, size=18, bold=True, font=TITLE_FONT, space_after=12)
    add_paragraph(doc, "{{ name_label }}：{{ name }}", size=12, space_after=4)
    add_paragraph(doc, "{%p for line in totals %}", size=12)
    add_paragraph(doc, "{{ line }}", size=12, space_after=4)
    add_paragraph(doc, "{%p endfor %}", size=12)
    table = bordered_table(doc, 4, TABLE_WIDTHS)
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER):
        fill(cell, text, bold=True)
    row_height(table.rows[0], 0.9)
    row_flag(table.rows[0], "tblHeader")
    fill(table.cell(1, 0), "{%tr for row in rows %}", align=LEFT)
    cells = table.rows[2].cells
    fill(cells[0], "{{ row.indicator }}")
    fill(cells[1], "{{ row.content }}")
    fill(cells[2], "{{ row.criterion }}", align=JUSTIFY)
    fill(cells[3], "{{ row.points }}")
    fill(cells[4], "{{ row.score }}")
    row_flag(table.rows[2], "cantSplit")
    row_height(table.rows[2], 0.8)
    fill(table.cell(3, 0), "{%tr endfor %}", align=LEFT)
    add_paragraph(doc, "{%p for note in notes %}", size=10.5)
    add_paragraph(doc, "注：{{ note }}", size=10.5, space_before=4)
    add_paragraph(doc, "{%p endfor %}", size=10.5)
    add_paragraph(doc, "{%p if reviewer %}", size=10.5)
    add_paragraph(doc, "评审人（签字）：　　　　　　　　　　　　　　日期：　　　　年　　月　　日", size=12, space_before=18)
    add_paragraph(doc, "{%p endif %}", size=10.5)
    return doc


# ---------------------------------------------------------------- writing


TEMPLATES = {
    "application_zone.docx": build_zone_form,
    "application_station_point.docx": build_station_point_form,
    "acceptance_table.docx": build_acceptance_table,
}


def reproducible_bytes(doc: Document) -> bytes:
    """The document as .docx bytes with fixed zip timestamps, so equal content gives equal files."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_parts(data: bytes) -> dict[str, bytes]:
    """Member name → uncompressed content: what a comparison of two .docx files should look at."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def built_templates() -> dict[str, bytes]:
    """File name → bytes of every template, as this script builds them."""
    return {name: reproducible_bytes(build()) for name, build in TEMPLATES.items()}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, data in built_templates().items():
        path = FORMS_DIR / name
        if check:
            if not path.exists() or docx_parts(path.read_bytes()) != docx_parts(data):
                stale.append(name)
            continue
        tmp = path.with_suffix(".docx.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"wrote {path}")
    if stale:
        print("out of date (run python forms/build_templates.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
