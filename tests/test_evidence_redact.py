"""Redacted copies: values masked in place (formatting kept), PDF text truly removed, originals untouched."""

from __future__ import annotations

import shutil
import zipfile

import openpyxl
import pikepdf
import pytest
from docx import Document
from pdfminer.high_level import extract_text

from scoring.answers import AcceptedFinding, load_answers
from scoring.evidence.check import check_file
from scoring.evidence.copies import read_manifest, sha256_of
from scoring.evidence.redact import RedactionFailed, redact_evidence, redact_file

from .evidence_fixtures import (
    CARD, DECOYS, EMAIL, ID, LANDLINE, MASKED, MOBILE, make_docx, make_pdf, make_xlsx, write_answers,
)


def all_stream_bytes(path) -> bytes:
    """Every stream of the PDF, decoded, as one byte string (what survives anywhere in the file)."""
    with pikepdf.open(path) as pdf:
        return b"".join(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream))


def test_pdf_text_is_removed_from_the_page_not_covered(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", [["第一页没有敏感信息"], [f"身份证号：{ID}", f"手机：{MOBILE}", *DECOYS[:2]]])
    before = src.read_bytes()
    result = redact_file(src, tmp_path / "out" / "a.pdf")
    page_two = extract_text(result.copy, page_numbers=[1])
    assert ID not in page_two and MOBILE not in page_two
    assert MASKED["id_card"] in page_two and MASKED["mobile"] in page_two
    assert "91310117MA1J3AB2CJ" in page_two  # decoys left as they were
    assert src.read_bytes() == before


def test_no_trace_of_the_value_is_left_in_any_pdf_stream(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", [[f"Card {CARD} mail {EMAIL}"]], font="Helvetica")
    assert CARD.encode() in all_stream_bytes(src)
    copy = redact_file(src, tmp_path / "b.pdf").copy
    data = all_stream_bytes(copy)
    assert CARD.encode() not in data and EMAIL.encode() not in data
    assert check_file(copy).findings == ()


def test_redaction_keeps_the_rest_of_the_line_in_place(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", [[f"Tel {MOBILE} end"]], font="Helvetica")
    copy = redact_file(src, tmp_path / "b.pdf").copy

    def x_of_end(path):
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTChar
        chars = [c for page in extract_pages(path) for box in page for line in box for c in line
                 if isinstance(c, LTChar)]
        text = "".join(c.get_text() for c in chars)
        return round(chars[text.index("end")].x0, 2)

    assert x_of_end(copy) == x_of_end(src)


def test_docx_values_are_masked_in_place_and_formatting_kept(tmp_path):
    src = make_docx(tmp_path / "a.docx", [f"邮箱 {EMAIL}", DECOYS[0]], table=[["身份证", ID]],
                    split_runs="13912345678")
    before = src.read_bytes()
    copy = redact_file(src, tmp_path / "out.docx").copy
    document = Document(copy)
    assert document.paragraphs[0].text == f"邮箱 {MASKED['email']}"
    assert document.paragraphs[1].text == DECOYS[0]
    assert document.tables[0].cell(0, 1).text == MASKED["id_card"]
    split = document.paragraphs[-1]
    assert split.text == "联系人手机：139****5678"
    assert [(r.text, r.bold) for r in split.runs] == [("联系人手机：", None), ("139**", True), ("**5678", None)]
    assert check_file(copy).findings == () and src.read_bytes() == before


def test_xlsx_values_are_masked_and_cell_styles_kept(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx", [[f"负责人 {LANDLINE}", int(MOBILE), CARD, DECOYS[4]]])
    copy = redact_file(src, tmp_path / "out.xlsx").copy
    sheet = openpyxl.load_workbook(copy).active
    assert [c.value for c in sheet[1]] == [f"负责人 {MASKED['landline']}", MASKED["mobile"], MASKED["bank_card"],
                                           DECOYS[4]]
    assert sheet["A1"].font.bold and sheet["A1"].font.color.rgb == "00FF0000"
    assert check_file(copy).findings == ()
    with zipfile.ZipFile(copy) as archive:
        assert not any(MOBILE.encode() in archive.read(n) or CARD.encode() in archive.read(n)
                       for n in archive.namelist())


def test_text_files_are_masked_line_by_line(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text(f"姓名,身份证\n张三,{ID}\n{DECOYS[2]}\n", encoding="utf-8")
    copy = redact_file(src, tmp_path / "b.csv").copy
    assert copy.read_text(encoding="utf-8") == f"姓名,身份证\n张三,{MASKED['id_card']}\n{DECOYS[2]}\n"


def test_accepted_findings_are_left_visible(tmp_path):
    src = make_docx(tmp_path / "a.docx", [f"办公电话 {LANDLINE}", f"手机 {MOBILE}"])
    accepted = [AcceptedFinding(file="a.docx", kind="landline", location="第 1 段", masked=MASKED["landline"])]
    copy = redact_file(src, tmp_path / "b.docx", "a.docx", accepted).copy
    assert [p.text for p in Document(copy).paragraphs] == [f"办公电话 {LANDLINE}", f"手机 {MASKED['mobile']}"]


def test_a_clean_file_gets_no_copy(tmp_path):
    assert redact_file(make_pdf(tmp_path / "a.pdf", [DECOYS]), tmp_path / "b.pdf") is None
    assert not (tmp_path / "b.pdf").exists()


def test_a_copy_never_overwrites_its_original(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", [[MOBILE]])
    with pytest.raises(ValueError):
        redact_file(src, src)


def test_redact_evidence_writes_copies_under_their_paths_with_a_manifest(tmp_path):
    (tmp_path / "evidence").mkdir()
    make_pdf(tmp_path / "evidence" / "a.pdf", [[f"手机 {MOBILE}"]])
    make_pdf(tmp_path / "evidence" / "clean.pdf", [DECOYS])
    answers = load_answers(write_answers(tmp_path, {
        "P01": {"met": True, "evidence": [{"title": "通知", "file": "evidence/a.pdf"}]},
        "P02": {"met": True, "evidence": [{"title": "任命", "file": "evidence/clean.pdf"}]},
    }))
    report = redact_evidence(answers, tmp_path, tmp_path / "redacted")
    assert report.problems == [] and [c.file for c in report.copies] == ["evidence/a.pdf"]
    assert (tmp_path / "redacted" / "evidence" / "a.pdf").is_file()
    assert not (tmp_path / "redacted" / "evidence" / "clean.pdf").exists()
    record = read_manifest(tmp_path / "redacted")["evidence/a.pdf"]
    assert record.source_sha256 == sha256_of(tmp_path / "evidence" / "a.pdf")


def test_redact_evidence_refuses_to_write_over_the_originals(tmp_path):
    make_pdf(tmp_path / "a.pdf", [[f"手机 {MOBILE}"]])
    answers = load_answers(write_answers(tmp_path, {"P01": {"met": True, "evidence": [{"title": "通知",
                                                                                         "file": "a.pdf"}]}}))
    report = redact_evidence(answers, tmp_path, tmp_path)
    assert [(p.file, p.item_id, p.field) for p in report.problems] == [("a.pdf", "P01", "evidence[0].file")]
    assert MOBILE in extract_text(tmp_path / "a.pdf")


def test_text_that_cannot_be_rewritten_fails_loudly_and_leaves_no_copy(tmp_path):
    from reportlab.pdfgen import canvas

    src = tmp_path / "form.pdf"
    pdf = canvas.Canvas(str(src))
    pdf.beginForm("stamp")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, f"Tel {MOBILE}")
    pdf.endForm()
    pdf.doForm("stamp")
    pdf.showPage()
    pdf.save()
    with pytest.raises(RedactionFailed, match="第 1 页"):
        redact_file(src, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_pdf_from_an_office_suite_with_subset_fonts_is_redacted_with_stars(tmp_path):
    from scoring.evidence.convert import find_soffice, office_to_pdf

    docx = make_docx(tmp_path / "a.docx", [f"身份证号：{ID}，手机：{MOBILE}"], table=[["张三", ID]])
    [pdf] = office_to_pdf([(docx, "a.docx")], tmp_path / "work", find_soffice())
    copy = redact_file(pdf, tmp_path / "b.pdf").copy
    text = "".join(extract_text(copy).split())
    assert ID not in text and MOBILE not in text
    assert text.count(MASKED["id_card"]) == 2 and MASKED["mobile"] in text
