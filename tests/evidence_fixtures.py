"""Evidence documents made by the tests: planted personal data (made up, with valid check characters) and decoys.

Nothing here is a real person's data: the ID numbers, phones and cards are generated to pass their checks.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from scoring.evidence.detect import id_check_char


def valid_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def luhn_card(prefix: str) -> str:
    """``prefix`` plus the Luhn check digit."""
    for digit in "0123456789":
        number = prefix + digit
        total = sum(int(d) if i % 2 == 0 else (int(d) * 2 - 9 if int(d) > 4 else int(d) * 2)
                    for i, d in enumerate(reversed(number)))
        if total % 10 == 0:
            return number
    raise AssertionError


ID = valid_id("31010119900307123")  # 310101199003071230
OLD_ID = "310101900307123"  # 15 digits: region 310101, born 1990-03-07
MOBILE = "13800138000"
CARD = luhn_card("622202020000123456")  # 19 digits, UnionPay prefix
EMAIL = "zhang.san@example.com"
LANDLINE = "021-57681234"
WRONG_ID = ID[:-1] + ("1" if ID[-1] != "1" else "2")  # check character wrong

PLANTED = {"id_card": ID, "mobile": MOBILE, "bank_card": CARD, "email": EMAIL, "landline": LANDLINE}
MASKED = {"id_card": "3101**********1230", "mobile": "138****8000", "bank_card": CARD[:4] + "*" * 11 + CARD[-4:],
          "email": "z********@example.com", "landline": "021-******34"}

DECOYS = [
    "统一社会信用代码：91310117MA1J3AB2CJ",
    "统一社会信用代码：913101175600000021",
    "统一社会信用代码：610000194201150008",  # passes the ID check too, but is labelled as a USCC
    "签订日期：2026-03-15，编号 20260315",
    "发票号码：26312000000123456789，发票代码 04412345",
    "订单号 DD202603150001，订单编号 2026031500012345",
    f"身份证号（校验位错误）：{WRONG_ID}",
    "共 12 页 第 3 页，金额 1,380,013.80 元",
    "合同编号 SJ-2026-0042，序号 12345678901",
]


def _cjk() -> str:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def make_pdf(path: Path, pages: list[list[str]], font: str | None = None) -> Path:
    """A text PDF, one list of lines per page (CJK font unless ``font`` names a standard one)."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        pdf.setFont(font or _cjk(), 11)
        y = A4[1] - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return path


def make_png(path: Path, size: tuple[int, int] = (400, 300), colour: str = "lightblue") -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def make_scanned_pdf(path: Path, image: Path) -> Path:
    """A one-page PDF that is only a picture (no text layer), like a scan."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(str(image), 36, 36, A4[0] - 72, A4[1] - 72)
    pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
              split_runs: str | None = None) -> Path:
    """A Word file with paragraphs, an optional table, and optionally one value split over two bold/plain runs."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    if split_runs:
        paragraph = document.add_paragraph("联系人手机：")
        paragraph.add_run(split_runs[:5]).bold = True
        paragraph.add_run(split_runs[5:])
    document.save(path)
    return path


def make_xlsx(path: Path, rows: list[list[object]], title: str = "签到表") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, color="FF0000")
    workbook.save(path)
    return path


def write_answers(folder: Path, answers: dict, library: dict | None = None, accepted: list | None = None,
                  rubric: str = "point", name: str = "松江测试科技有限公司") -> Path:
    data = {"rubric": rubric, "assessed_on": "2026-11-01", "applicant": {"name": name}, "answers": answers}
    if library:
        data["evidence_library"] = library
    if accepted:
        data["desensitisation"] = {"accepted": accepted}
    path = folder / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
