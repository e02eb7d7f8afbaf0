"""The evidence bundle: pages, table of contents, bookmarks, footers, shared files once, and refusal."""

from __future__ import annotations

import re
import shutil

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from scoring.answers import load_answers
from scoring.evidence.bundle import BundleRefused, build_bundle
from scoring.evidence.redact import redact_evidence

from .evidence_fixtures import DECOYS, MASKED, MOBILE, make_docx, make_pdf, make_png, make_xlsx, write_answers

APPLICANT = "松江测试科技有限公司"


def page_text(path, index: int) -> str:
    return extract_text(path, page_numbers=[index])


def rows_of(path, index: int) -> list[str]:
    """The text of a page row by row: characters on the same baseline, left to right."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from chars(child)

    rows: dict[int, list[LTChar]] = {}
    for page in extract_pages(path, page_numbers=[index]):
        for char in chars(page):
            rows.setdefault(round(char.y0), []).append(char)
    return ["".join(c.get_text() for c in sorted(row, key=lambda c: c.x0)).strip()
            for _, row in sorted(rows.items(), reverse=True)]


def pages_with(path, marker: str) -> list[int]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return [i + 1 for i in range(count) if marker in page_text(path, i)]


def outline(path) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        found = []

        def walk(items, depth):
            for item in items:
                found.append((depth, item.title, pdf.pages.index(pikepdf.Page(item.destination[0])) + 1))
                walk(item.children, depth + 1)

        walk(tree.root, 0)
        return found


@pytest.fixture
def applicant(tmp_path):
    """Three clean PDFs (1, 2 and 3 pages), an image and a text file; one PDF shared by P04, P05 and P12."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    make_pdf(folder / "notice.pdf", [["材料甲 领导小组通知"]])
    make_pdf(folder / "list.pdf", [["材料乙 商业秘密清单 第一页"], ["材料乙 第二页", *DECOYS]])
    make_pdf(folder / "training.pdf", [["材料丙 一"], ["材料丙 二"], ["材料丙 三"]])
    make_png(folder / "photo.png", (300, 500))
    (folder / "plan.md").write_text("# 材料丁 培训计划\n全年四次培训。\n", encoding="utf-8")
    path = write_answers(tmp_path, {
        "P01": {"met": True, "evidence": [{"title": "领导小组通知", "file": "evidence/notice.pdf"}]},
        "P04": {"met": True, "evidence": [{"ref": "LIST"}]},
        "P05": {"met": True, "evidence": [{"ref": "LIST"}, {"title": "定密审批表"}]},
        "P10": {"met": True, "evidence": [{"title": "年度培训计划", "file": "evidence/plan.md"}]},
        "P11": {"met": True, "evidence": [{"title": "培训签到表", "file": "evidence/training.pdf"},
                                          {"title": "培训照片", "file": "evidence/photo.png"}]},
        "P12": {"met": True, "evidence": [{"title": "清单（再次引用）", "file": "evidence/list.pdf"}]},
    }, library={"LIST": {"title": "商业秘密清单", "file": "evidence/list.pdf"}})
    return path


@pytest.fixture
def built(applicant, tmp_path):
    out = tmp_path / "证明材料.pdf"
    bundle = build_bundle(load_answers(applicant), applicant.parent, out, soffice=None)
    return out, bundle


def test_the_bundle_has_cover_contents_and_every_file_once(built):
    out, bundle = built
    # cover + contents (1 page) + notice 1 + list 2 + plan 1 + training 3 + photo 1
    assert bundle.front_pages == 2 and bundle.pages == 2 + 1 + 2 + 1 + 3 + 1
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == bundle.pages
    assert pages_with(out, "材料乙 商业秘密清单") == [4]


def test_the_cover_names_applicant_category_and_self_assessed_total(built):
    cover = page_text(built[0], 0)
    assert "申报单位：" + APPLICANT in cover and "商业秘密保护示范点" in cover
    assert re.search(r"自评得分：\d+(\.5)? 分", cover)


def test_contents_give_the_page_where_each_evidence_starts(built):
    out, bundle = built
    starts = {(r.item_id, r.title): r.page for r in bundle.rows}
    assert starts == {("P01", "领导小组通知"): 3, ("P04", "商业秘密清单"): 4, ("P05", "商业秘密清单"): 4,
                      ("P05", "定密审批表"): None, ("P10", "年度培训计划"): 6, ("P11", "培训签到表"): 7,
                      ("P11", "培训照片"): 10, ("P12", "清单（再次引用）"): 4}
    assert pages_with(out, "材料丙 一") == [7] and pages_with(out, "材料丁 培训计划") == [6]
    rows = rows_of(out, 1)
    for title, page in [("领导小组通知", 3), ("年度培训计划", 6), ("培训照片", 10), ("商业秘密清单（与 P04、P12 共用）", 4)]:
        assert any(re.fullmatch(re.escape(title) + r"\.+" + str(page), row) for row in rows), (title, rows)
    assert "定密审批表（未附电子文件）" in rows


def test_bookmarks_per_item_point_to_their_evidence(built):
    assert outline(built[0]) == [
        (0, "封面", 1), (0, "目录", 2),
        (0, "P01 领导小组、办事机构及职责", 3), (1, "领导小组通知", 3),
        (0, "P04 信息范围、定密责任人和知悉部门", 4), (1, "商业秘密清单", 4),
        (0, "P05 保密等级和保密期限", 4), (1, "商业秘密清单", 4),
        (0, "P10 培训列入年度培训计划", 6), (1, "年度培训计划", 6),
        (0, "P11 开展培训并保存记录", 7), (1, "培训签到表", 7), (1, "培训照片", 10),
        (0, "P12 督促遵守保护制度", 4), (1, "清单（再次引用）", 4),
    ]


def test_every_page_has_the_footer_with_applicant_page_number_and_mark(built):
    out, bundle = built
    for index in (0, 4, bundle.pages - 1):
        text = page_text(out, index)
        assert APPLICANT in text and f"第 {index + 1} 页 / 共 {bundle.pages} 页" in text and "注意保密" in text


def test_the_bundle_is_refused_while_a_finding_is_neither_redacted_nor_accepted(applicant, tmp_path):
    make_pdf(applicant.parent / "evidence" / "notice.pdf", [["材料甲", f"联系人手机 {MOBILE}"]])
    out = tmp_path / "out.pdf"
    with pytest.raises(BundleRefused) as err:
        build_bundle(load_answers(applicant), applicant.parent, out, soffice=None)
    assert [(p.file, p.item_id, p.field) for p in err.value.problems] == [
        ("evidence/notice.pdf", "P01", "evidence[0].file")]
    assert MASKED["mobile"] in err.value.problems[0].message and MOBILE not in str(err.value)
    assert err.value.hint and not out.exists()


def test_redacted_copies_are_used_in_the_bundle(applicant, tmp_path):
    make_pdf(applicant.parent / "evidence" / "notice.pdf", [["材料甲", f"联系人手机 {MOBILE}"]])
    answers = load_answers(applicant)
    redact_evidence(answers, applicant.parent, tmp_path / "redacted")
    out = tmp_path / "out.pdf"
    build_bundle(answers, applicant.parent, out, tmp_path / "redacted", soffice=None)
    page = page_text(out, 2)
    assert "材料甲" in page and MASKED["mobile"] in page and MOBILE not in page


def test_a_copy_made_from_an_older_original_is_not_used(applicant, tmp_path):
    notice = applicant.parent / "evidence" / "notice.pdf"
    make_pdf(notice, [["材料甲", f"联系人手机 {MOBILE}"]])
    answers = load_answers(applicant)
    redact_evidence(answers, applicant.parent, tmp_path / "redacted")
    make_pdf(notice, [["材料甲（修订）", f"联系人手机 {MOBILE}"]])
    with pytest.raises(BundleRefused):
        build_bundle(answers, applicant.parent, tmp_path / "out.pdf", tmp_path / "redacted", soffice=None)


def test_accepted_findings_let_the_bundle_through(applicant, tmp_path):
    make_pdf(applicant.parent / "evidence" / "notice.pdf", [["材料甲", f"联系人手机 {MOBILE}"]])
    data = applicant.read_text(encoding="utf-8") + (
        "desensitisation:\n  accepted:\n  - {file: evidence/notice.pdf, kind: mobile, location: 第 1 页, "
        f"masked: '{MASKED['mobile']}'}}\n")
    applicant.write_text(data, encoding="utf-8")
    out = tmp_path / "out.pdf"
    build_bundle(load_answers(applicant), applicant.parent, out, soffice=None)
    assert MOBILE in page_text(out, 2)


def test_word_and_excel_without_libreoffice_give_a_message_naming_the_file(applicant, tmp_path):
    make_docx(applicant.parent / "evidence" / "rules.docx", ["管理制度"])
    data = applicant.read_text(encoding="utf-8").replace("evidence/plan.md", "evidence/rules.docx")
    applicant.write_text(data, encoding="utf-8")
    with pytest.raises(BundleRefused) as err:
        build_bundle(load_answers(applicant), applicant.parent, tmp_path / "out.pdf", soffice=None)
    [problem] = err.value.problems
    assert (problem.file, problem.item_id) == ("evidence/rules.docx", "P10")
    assert "LibreOffice" in problem.message and "evidence/rules.docx" in problem.message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_word_and_excel_files_are_converted_through_libreoffice(applicant, tmp_path):
    make_docx(applicant.parent / "evidence" / "rules.docx", ["材料戊 管理制度"], table=[["条款", "内容"]])
    make_xlsx(applicant.parent / "evidence" / "sheet.xlsx", [["材料己", "签到"]])
    data = (applicant.read_text(encoding="utf-8").replace("evidence/plan.md", "evidence/rules.docx")
            .replace("evidence/photo.png", "evidence/sheet.xlsx"))
    applicant.write_text(data, encoding="utf-8")
    out = tmp_path / "out.pdf"
    bundle = build_bundle(load_answers(applicant), applicant.parent, out)
    rows = {r.title: r.page for r in bundle.rows}
    assert pages_with(out, "材料戊 管理制度") == [rows["年度培训计划"]]
    assert pages_with(out, "材料己") == [rows["培训照片"]]


def test_evidence_of_items_answered_not_met_stays_out_and_uncounted_evidence_is_marked(tmp_path):
    folder = tmp_path / "evidence"
    folder.mkdir()
    make_pdf(folder / "notice.pdf", [["材料甲 领导小组通知"]])
    make_pdf(folder / "unmet.pdf", [["材料戊 未达标条目的材料"]])
    make_pdf(folder / "late.pdf", [["材料己 晚于基准日"]])
    path = write_answers(tmp_path, {
        "P01": {"met": True, "evidence": [{"title": "领导小组通知", "file": "evidence/notice.pdf"}]},
        "P02": {"met": False, "evidence": [{"title": "未达标的材料", "file": "evidence/unmet.pdf"}]},
        "P10": {"met": True, "evidence": [{"title": "年度培训计划", "date": "2026-12-01", "file": "evidence/late.pdf"}]},
        "P42": {"value": 2, "evidence": [{"title": "2024 年检查报告", "date": "2024-05-01"},
                                         {"title": "2026 年检查报告", "date": "2026-06-01"}]},
    })
    out = tmp_path / "证明材料.pdf"
    bundle = build_bundle(load_answers(path), path.parent, out, soffice=None)
    assert pages_with(out, "材料戊") == []
    assert {b.evidence.file for b in bundle.files} == {"evidence/notice.pdf", "evidence/late.pdf"}
    contents = page_text(out, 1).replace("\n", "")
    assert "未达标的材料" not in contents
    assert "不计分：日期 2026-12-01 晚于自评基准日" in contents
    assert "不计分：日期 2024-05-01 不在本年度内" in contents
    assert "领导小组通知【" not in contents and "2026 年检查报告【" not in contents
