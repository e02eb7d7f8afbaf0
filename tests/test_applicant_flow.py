"""The applicant's flow through AppTest: refused input says why, the results page is compact and linked."""

from __future__ import annotations

import re

from decimal import Decimal

import pytest

from app_pages.applicant.answer_widgets import NumberRule, read_number
from app_pages.common.session import key
from app_pages.strings import applicant as S
from tests.markdown_text import literal
from tests.test_app import PAGE, assert_clean, drafts, load_example, new_app, open_indicator, sidebar_total  # noqa: F401


def errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("typed, message", [
    ("-5", S.NUMBER_NEGATIVE.format(text="-5")),
    ("2.5", S.NUMBER_NOT_WHOLE.format(text="2.5")),
    ("1e3", S.NUMBER_EXPONENT.format(text="1e3")),
    ("abc", S.NUMBER_NOT_A_NUMBER.format(text="abc")),
])
def test_a_refused_count_says_why_beside_the_field_and_keeps_the_saved_value(drafts, typed, message):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)
    open_indicator(at, "point", "P42")
    at.text_input(key=key("ans", "P42", "value")).input(typed).run()
    assert_clean(at)
    assert message + S.NUMBER_SAVED.format(value=2) in errors(at)
    assert sidebar_total(at) == before
    at.text_input(key=key("ans", "P42", "value")).input("3").run()
    assert not [e for e in errors(at) if "「" in e]  # the stale message is gone
    assert at.text_input(key=key("ans", "P42", "value")).value == "3"


def test_read_number_accepts_plain_numbers_and_half_steps():
    assert read_number("３", NumberRule()) == (Decimal(3), None)
    assert read_number("", NumberRule()) == (None, None)
    assert read_number("2.5", NumberRule(whole=False, half=True)) == (Decimal("2.5"), None)
    assert read_number("2.3", NumberRule(whole=False, half=True))[1] == S.NUMBER_NOT_HALF.format(text="2.3")
    assert read_number("101", NumberRule(whole=False, maximum=Decimal(100)))[1] == S.NUMBER_OUT_OF_RANGE.format(
        text="101", low="0", high="100")


# ---------------------------------------------------------------- results and navigation (point 9)


def page_links(at) -> list:
    return list(at.get("page_link"))


def test_results_link_every_lost_point_to_its_item_and_list_unanswered_items_in_one_line_per_group(drafts):
    from scoring.gaps import lost_points

    at = load_example(new_app(), "point")
    at.switch_page(PAGE["results"]).run()
    assert_clean(at)
    draft = at.session_state["_draft"]
    gaps = lost_points(draft.result, draft.rubric)
    answered = [g for g in gaps if g.status != "unanswered"]
    unanswered = [g for g in gaps if g.status == "unanswered"]
    queries = [link.proto.query_string for link in page_links(at) if link.proto.page == "self_assessment"]
    for gap in answered:
        assert f"draft={draft.draft_id}&item={gap.item_id}" in queries
    groups = {g.indicator for g in unanswered}
    lines = [m.value for m in at.markdown if m.value.startswith("**") and "**：" in m.value and "P" in m.value]
    assert len([line for line in lines if any(line.startswith(f"**{name}**") for name in groups)]) == len(groups)
    assert not at.get("plotly_chart")  # no chart is built until asked for


def answered_items(at) -> set[str]:
    """The items whose answer widgets the page shows (any kind: choice, parts, numbers, options)."""
    widgets = [*at.segmented_control, *at.checkbox, *at.text_input, *at.radio]
    return {w.key.split(".")[2] for w in widgets if w.key and w.key.startswith("w.ans.")}


def test_an_item_link_opens_its_group_and_the_filter_shows_only_lost_items(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["self_assessment"])
    at.query_params["item"] = "P42"
    at.run()
    assert_clean(at)
    assert at.radio(key=key("sa", "indicator")).value == "商业秘密检查改进情况"
    at.radio(key=key("sa", "indicator")).set_value("人员管理").run()
    at.segmented_control(key="sa_filter").set_value("lost").run()
    draft = at.session_state["_draft"]
    lost = {r.id for r in draft.result.items if r.indicator == "人员管理" and r.status != "unanswered" and r.score < r.max}
    assert answered_items(at) == lost
    at.segmented_control(key="sa_filter").set_value("unanswered").run()
    assert answered_items(at) == {r.id for r in draft.result.items if r.indicator == "人员管理" and r.status == "unanswered"}


def test_partly_met_without_a_score_says_the_score_is_missing(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P06")
    at.segmented_control(key=key("ans", "P06", "choice")).set_value("partial").run()
    assert_clean(at)
    assert any(S.SA_PARTIAL_NO_SCORE in m.value for m in at.markdown)
    assert any(w.value.startswith("已选择“部分达标”，但还没有填写得分") for w in at.warning)


def test_emptying_an_evidence_title_is_refused_with_a_message(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P42")
    field = at.text_input(key=key("ev", "P42", 0, "title"))
    old = field.value
    assert old
    field.input("  ").run()
    assert_clean(at)
    assert S.SA_EVIDENCE_TITLE_REFUSED in errors(at)
    assert at.text_input(key=key("ev", "P42", 0, "title")).value == old
    assert at.session_state["_draft"].working["answers"]["P42"]["evidence"][0]["title"] == old


# ---------------------------------------------------------------- Chinese only, dates as text (points 4, 5, 10)


def test_an_impossible_date_is_refused_in_chinese_and_a_valid_one_saves(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P42")
    field_key = key("ev", "P42", 0, "date")
    saved = at.session_state["_draft"].working["answers"]["P42"]["evidence"][0]["date"]
    at.text_input(key=field_key).input("2026-13-01").run()
    assert_clean(at)
    assert S.DATE_BAD_MONTH.format(text="2026-13-01", month=13) + S.DATE_SAVED.format(value=saved) in errors(at)
    assert at.session_state["_draft"].working["answers"]["P42"]["evidence"][0]["date"] == saved
    at.text_input(key=field_key).input("2026年2月3日").run()
    assert not [e for e in errors(at) if "「" in e]
    assert str(at.session_state["_draft"].working["answers"]["P42"]["evidence"][0]["date"]) == "2026-02-03"


def test_read_date_names_what_is_wrong():
    from app_pages.applicant.date_field import read_date

    assert read_date("2026-2-30")[1] == S.DATE_BAD_DAY.format(text="2026-2-30", year=2026, month=2, day=30)
    assert read_date("March 1")[1] == S.DATE_BAD_FORMAT.format(text="March 1")
    assert read_date("2026/03/01") == (__import__("datetime").date(2026, 3, 1), None)


def test_the_pages_carry_the_chinese_stylesheet_and_a_score_line_for_narrow_screens(drafts):
    at = load_example(new_app(), "point")
    html = "".join(h.proto.body for h in at.get("html"))
    for text in (S.CHROME_UPLOAD, S.CHROME_UPLOAD_LIMIT, S.CHROME_SELECT_ALL, S.CHROME_PRESS_ENTER):
        assert f'content: "{text}"' in html
    assert "@media (max-width: 640px)" in html
    draft = at.session_state["_draft"]
    line = S.MOBILE_SCORE.split("**")[0]
    assert any(m.value.startswith(f"**{draft.result.total}** 分 · 已作答 {draft.result.answered}/") for m in at.markdown), line


def test_profile_messages_carry_no_answers_file_field_keys(drafts):
    at = new_app()
    at.button(key="start_new").click().run()
    at.switch_page(PAGE["profile"]).run()
    assert_clean(at)
    shown = [e.value for e in at.error] + [i.value for i in at.info]
    assert any("申报单位名称不能为空" in m for m in shown)
    assert not [m for m in shown if "（name）" in m]


def test_yaml_parser_problems_are_in_chinese_with_the_line():
    from scoring.answers import parse_answers_text
    from scoring.problems import AnswersInvalid

    for text, expected in (("a: [1, 2", "YAML 格式错误（第 2 行第 1 列）：方括号列表未正确闭合，缺少“,”或“]”"),
                           ("x:\n\t- 1", "YAML 格式错误（第 2 行第 1 列）：不能用制表符（Tab）缩进，请改用空格"),
                           ("d: 2026-13-01", "第 1 行：日期 2026-13-01 不存在（月份应在 1 至 12 之间）")):
        with pytest.raises(AnswersInvalid) as caught:
            parse_answers_text(text, "f.yaml")
        message = caught.value.problems[0].message
        assert expected in message
        assert not re.search(r"[A-Za-z]{3,}", message.replace("YAML", "").replace("YYYY-MM-DD", "").replace("（Tab）", ""))


# ---------------------------------------------------------------- 申报材料 (point 7)


def test_documents_list_the_form_fields_that_would_print_blank(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["profile"]).run()
    at.text_input(key=key("profile", "uscc")).input("12345").run()
    at.text_input(key=key("profile", "phone")).input("").run()
    at.switch_page(PAGE["documents"]).run()
    assert_clean(at)
    warning = next(w.value for w in at.warning if w.value.startswith(S.DOCS_BLANK_FIELDS))
    assert S.DOCS_FIELD_INVALID.format(label="统一社会信用代码") in warning
    assert S.DOCS_FIELD_EMPTY.format(label="联系电话") in warning
    assert "邮政编码" not in warning


def test_files_only_in_the_library_are_not_called_missing(drafts):
    from scoring.editing import add_library_entry, evidence_entry

    at = new_app()
    at.button(key="start_new").click().run()
    draft = at.session_state["_draft"]
    store = drafts
    path = store.add_file(draft.draft_id, "制度.pdf", b"%PDF-1.4 x")
    working = store.load(draft.draft_id)
    working["applicant"] = {"name": "上海测试有限公司"}
    add_library_entry(working, evidence_entry("保密制度", "2026-01-05", path))
    store.save(draft.draft_id, working)
    fresh = new_app(draft=draft.draft_id)
    fresh.switch_page(PAGE["documents"]).run()
    assert_clean(fresh)
    infos = [i.value for i in fresh.info]
    assert S.DESENS_NO_FILES not in infos
    assert S.DESENS_FILES_UNUSED.format(count=1) in infos


def test_the_phone_cell_of_the_form_holds_a_number_with_extension_on_one_line():
    from docx import Document
    from docx.shared import Cm, Pt

    from forms.build_templates import FORM_WIDTHS, PHONE_PT

    phone = "021-57890000-8001"
    needed = len(phone) * Pt(PHONE_PT) * 0.5 + Cm(0.3)  # digits are half an em; cell margins 0.15 cm each side
    assert Cm(FORM_WIDTHS[5]) >= needed
    doc = Document("forms/application_station_point.docx")
    cell = next(c for row in doc.tables[0].rows for c in row.cells if c.text == "{{ phone }}")
    assert abs(cell.width - Cm(FORM_WIDTHS[5])) < Cm(0.01)
    assert cell.paragraphs[0].runs[0].font.size == Pt(PHONE_PT)


# ---------------------------------------------------------------- 证据库 (point 2)


def library_draft(drafts, with_file: bool = True):
    import datetime as dt

    from scoring.editing import add_evidence, add_library_entry, evidence_entry, new_working
    from scoring.rubric import load_rubric

    working = new_working(load_rubric("point"), dt.date(2026, 11, 1))
    working["applicant"] = {"name": "上海测试有限公司"}
    draft_id = drafts.create(working)
    path = drafts.add_file(draft_id, "名单.txt", "联系人 13812345678\n".encode()) if with_file else "evidence/丢失.pdf"
    entry_key = add_library_entry(working, evidence_entry("员工名单", "2026-03-01", path))
    working["answers"] = {"P06": {"met": True}, "P07": {"met": True}}
    add_evidence(working, "P06", {"ref": entry_key})
    add_evidence(working, "P07", {"ref": entry_key})
    drafts.save(draft_id, working)
    at = new_app(draft=draft_id)
    at.switch_page(PAGE["evidence_library"]).run()
    assert_clean(at)
    return at, draft_id, entry_key


def test_the_library_shows_each_entrys_check_result(drafts):
    at, _, _ = library_draft(drafts)
    assert any("手机号" in w.value or "13812345678"[:3] in w.value for w in at.warning)


def test_an_upload_whose_content_does_not_match_its_extension_is_refused(drafts):
    at, draft_id, entry_key = library_draft(drafts, with_file=False)
    at.file_uploader(key=key("lib", entry_key, "replace", 0)).upload("程序.pdf", b"MZ\x90\x00 not a pdf",
                                                                      "application/pdf").run()
    assert_clean(at)
    assert any(literal(e.value).startswith("未接收文件《程序.pdf》") for e in at.error)
    assert drafts.load(draft_id)["evidence_library"][entry_key]["file"] == "evidence/丢失.pdf"


def test_a_missing_file_is_replaced_in_place_and_every_reference_stays(drafts):
    at, draft_id, entry_key = library_draft(drafts, with_file=False)
    at.file_uploader(key=key("lib", entry_key, "replace", 0)).upload("制度.pdf", b"%PDF-1.4\n%%EOF\n",
                                                                      "application/pdf").run()
    assert_clean(at)
    working = drafts.load(draft_id)
    new_file = working["evidence_library"][entry_key]["file"]
    assert drafts.file_path(draft_id, new_file).read_bytes() == b"%PDF-1.4\n%%EOF\n"
    assert working["answers"]["P06"]["evidence"] == [{"ref": entry_key}]
    assert working["answers"]["P07"]["evidence"] == [{"ref": entry_key}]


def test_the_work_summary_has_a_length_guide_and_a_save_button(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["documents"]).run()
    long_text = "本单位落实商业秘密保护制度。" * 100  # 1,400 characters
    at.text_area(key=key("docs", "summary")).input(long_text)
    at.button(key="docs_summary_save").click().run()
    assert_clean(at)
    assert at.session_state["_draft"].working["applicant"]["work_summary"] == long_text
    assert any(c.value.startswith("当前 1400 字") for c in at.caption)
    assert any(w.value.startswith("开展情况已有 1400 字") for w in at.warning)
