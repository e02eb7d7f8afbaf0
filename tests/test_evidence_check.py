"""The check of one file per format: findings with kind, location and mask; unchecked pages; bad input."""

from __future__ import annotations

import pikepdf
import pytest

from scoring.evidence.check import check_file
from scoring.evidence.model import EvidenceUnreadable

from .evidence_fixtures import (
    CARD, DECOYS, EMAIL, ID, LANDLINE, MASKED, MOBILE, make_docx, make_pdf, make_png, make_scanned_pdf, make_xlsx,
)


def found(check) -> set[tuple[str, str, str]]:
    return {(f.kind, f.location, f.masked) for f in check.findings}


def test_pdf_findings_name_the_page(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", [[f"身份证号：{ID}", *DECOYS], [f"手机：{MOBILE}", f"邮箱：{EMAIL}"]])
    check = check_file(pdf, "evidence/a.pdf")
    assert found(check) == {("id_card", "第 1 页", MASKED["id_card"]), ("mobile", "第 2 页", MASKED["mobile"]),
                            ("email", "第 2 页", MASKED["email"])}
    assert {f.file for f in check.findings} == {"evidence/a.pdf"} and check.unchecked == ()


def test_a_pdf_in_a_standard_latin_font_is_read_too(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", [[f"Card {CARD} Tel {LANDLINE}"]], font="Helvetica")
    assert found(check_file(pdf)) == {("bank_card", "第 1 页", MASKED["bank_card"]),
                                      ("landline", "第 1 页", MASKED["landline"])}


def test_docx_findings_name_the_paragraph_and_the_table_cell(tmp_path):
    docx = make_docx(tmp_path / "a.docx", ["培训签到", *DECOYS, f"联系邮箱 {EMAIL}"],
                     table=[["姓名", "身份证号", "手机"], ["张三", ID, MOBILE]], split_runs="13912345678")
    assert found(check_file(docx)) == {
        ("email", f"第 {len(DECOYS) + 2} 段", MASKED["email"]),
        ("id_card", "表 1 第 2 行第 2 列", MASKED["id_card"]),
        ("mobile", "表 1 第 2 行第 3 列", MASKED["mobile"]),
        ("mobile", f"第 {len(DECOYS) + 3} 段", "139****5678"),  # split over a bold and a plain run
    }


def test_xlsx_findings_name_sheet_and_cell_including_numbers_stored_as_numbers(tmp_path):
    xlsx = make_xlsx(tmp_path / "a.xlsx", [["姓名", "手机", "卡号", "备注"],
                                           ["张三", int(MOBILE), CARD, DECOYS[0]],
                                           ["李四", "无", "无", DECOYS[3]]])
    assert found(check_file(xlsx)) == {("mobile", "签到表!B2", MASKED["mobile"]),
                                       ("bank_card", "签到表!C2", MASKED["bank_card"])}


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".md"])
def test_text_findings_name_the_line(tmp_path, suffix):
    path = tmp_path / f"a{suffix}"
    path.write_text("\n".join(["标题", *DECOYS, f"张三,{ID},{LANDLINE}"]), encoding="utf-8")
    line = f"第 {len(DECOYS) + 2} 行"
    assert found(check_file(path)) == {("id_card", line, MASKED["id_card"]), ("landline", line, MASKED["landline"])}


def test_gb18030_text_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(f"联系电话：{MOBILE}".encode("gb18030"))
    assert found(check_file(path)) == {("mobile", "第 1 行", MASKED["mobile"])}


def test_a_clean_file_is_clean(tmp_path):
    assert check_file(make_pdf(tmp_path / "a.pdf", [DECOYS])).clean


def test_images_are_reported_as_unchecked_not_clean(tmp_path):
    check = check_file(make_png(tmp_path / "photo.png"))
    assert not check.clean and check.findings == ()
    assert [(u.location, "无法检查" in u.reason) for u in check.unchecked] == [("整个文件", True)]


def test_a_scanned_page_is_unchecked_by_page_while_text_pages_are_checked(tmp_path):
    text = make_pdf(tmp_path / "text.pdf", [[f"手机：{MOBILE}"]])
    scan = make_scanned_pdf(tmp_path / "scan.pdf", make_png(tmp_path / "p.png"))
    with pikepdf.open(text) as pdf, pikepdf.open(scan) as other:
        pdf.pages.extend(other.pages)
        pdf.save(tmp_path / "mixed.pdf")
    check = check_file(tmp_path / "mixed.pdf")
    assert found(check) == {("mobile", "第 1 页", MASKED["mobile"])}
    assert [u.location for u in check.unchecked] == ["第 2 页"]


def test_missing_file_is_bad_input(tmp_path):
    with pytest.raises(EvidenceUnreadable, match="不存在"):
        check_file(tmp_path / "none.pdf")


def test_a_file_that_is_not_what_its_extension_says_is_bad_input(tmp_path):
    fake = tmp_path / "fake.pdf"
    make_docx(tmp_path / "real.docx", ["x"]).rename(fake)
    with pytest.raises(EvidenceUnreadable, match=r"扩展名 \.pdf 不符.*Word"):
        check_file(fake)
    (tmp_path / "b.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(EvidenceUnreadable, match="扩展名 .xlsx 不符"):
        check_file(tmp_path / "b.xlsx")


def test_an_encrypted_pdf_is_bad_input(tmp_path):
    with pikepdf.open(make_pdf(tmp_path / "a.pdf", [["x"]])) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(EvidenceUnreadable, match="加密"):
        check_file(tmp_path / "locked.pdf")


def test_a_damaged_pdf_is_bad_input(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(EvidenceUnreadable, match="损坏"):
        check_file(path)
