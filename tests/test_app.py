"""The applicants' app driven through Streamlit's AppTest: each category from example to downloads.

AppTest renders one page at a time: after a change or ``switch_page`` the test calls ``run()`` again.
Every test uses its own drafts folder (``TSP_DRAFTS_DIR``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from app_pages.strings import applicant as S
from app_pages.common.session import key
from scoring import messages as msg
from scoring.answers import load_answers
from scoring.drafts import ANSWERS_NAME, WORKING_NAME, DraftStore
from scoring.engine import score
from scoring.rubric import load_rubric
from tests.conftest import EXAMPLES

from app_pages.common.paths import PAGES
from tests.markdown_text import literal

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = {**PAGES, "evidence_library": PAGES["library"]}


@pytest.fixture
def drafts(tmp_path, monkeypatch) -> DraftStore:
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "drafts"))
    return DraftStore(tmp_path / "drafts")


def new_app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    return at.run()


def assert_clean(at: AppTest) -> None:
    """No exception reached the page and the error guard did not fire."""
    assert not at.exception
    assert S.UNEXPECTED_ERROR not in [e.value for e in at.error]


def sidebar_total(at: AppTest) -> Decimal:
    return Decimal(at.sidebar.metric[0].value)


def load_example(at: AppTest, category: str) -> AppTest:
    at.button(key=f"example_{category}").click().run()
    assert_clean(at)
    return at


def open_indicator(at: AppTest, rubric_name: str, item_id: str) -> AppTest:
    indicator = load_rubric(rubric_name).item(item_id).indicator
    at.switch_page(PAGE["self_assessment"]).run()
    at.radio(key=key("sa", "indicator")).set_value(indicator).run()
    assert_clean(at)
    return at


def first_unearned_check_item(rubric_name: str) -> str:
    """A check item the example does not score (not met or unanswered), to claim during the walk."""
    rubric = load_rubric(rubric_name)
    result = score(rubric, load_answers(EXAMPLES / f"{rubric_name}.yaml"))
    return next(r.id for r in result.items
                if rubric.item(r.id).rule.kind == "check" and r.status in ("not_met", "unanswered"))


# ---------------------------------------------------------------- the walk through each category


@pytest.mark.parametrize("category", ["point", "station", "zone"])
def test_walk_from_example_to_downloads(drafts, category):
    at = new_app()
    assert_clean(at)
    load_example(at, category)
    example = score(None, load_answers(EXAMPLES / f"{category}.yaml"))
    assert sidebar_total(at) == example.total
    draft_id = at.query_params["draft"]
    assert drafts.exists(draft_id)

    # claim an unearned item: the total does not move and the missing-evidence warning shows at once
    item_id = first_unearned_check_item(category)
    points = load_rubric(category).item(item_id).points
    open_indicator(at, category, item_id)
    at.segmented_control(key=key("ans", item_id, "choice")).set_value("met").run()
    assert_clean(at)
    assert sidebar_total(at) == example.total
    warning = msg.MISSING_EVIDENCE.format(claimed=points)
    assert any(warning in w.value for w in at.warning)

    # add one dated evidence entry: the item now scores its full points
    at.button(key=key("ev", item_id, "add")).click().run()
    at.text_input(key=key("ev", item_id, 0, "title")).input("整改报告及会议纪要").run()
    at.text_input(key=key("ev", item_id, 0, "date")).input("2026-10-08").run()
    assert_clean(at)
    assert sidebar_total(at) == example.total + points
    assert not any(warning in w.value for w in at.warning)

    # the answers file on disk has the new answer, evidence included
    saved = load_answers(drafts.folder(draft_id) / ANSWERS_NAME)
    assert saved.answers[item_id].met is True
    assert [e.title for e in saved.answers[item_id].evidence] == ["整改报告及会议纪要"]

    at.switch_page(PAGE["results"]).run()
    assert_clean(at)
    assert Decimal(at.metric[0].value) == example.total + points

    at.switch_page(PAGE["documents"]).run()
    assert_clean(at)
    labels = [b.label for b in at.download_button]
    assert S.DOCS_FORM in labels and S.DOCS_TABLE in labels and S.DOCS_ANSWERS in labels


def test_a_refresh_or_restart_reopens_the_draft_named_in_the_url(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P06")
    at.segmented_control(key=key("ans", "P06", "choice")).set_value("partial").run()
    draft_id = at.query_params["draft"]

    fresh = new_app(draft=draft_id)  # a new session: what a refresh or a restarted server sees
    assert_clean(fresh)
    assert fresh.session_state["_draft"].working["answers"]["P06"] == {"met": "partial", "note": "尚未开展复评"}
    fresh.switch_page(PAGE["self_assessment"]).run()
    fresh.radio(key=key("sa", "indicator")).set_value("定密分级").run()
    assert fresh.segmented_control(key=key("ans", "P06", "choice")).value == "partial"
    assert any(w.value.startswith("已选择“部分达标”，但还没有填写得分") for w in fresh.warning)


def test_an_unknown_draft_in_the_url_is_explained_and_nothing_breaks(drafts):
    at = new_app(draft="0" * 24)
    assert_clean(at)
    assert any("找不到这份自评草稿" in w.value for w in at.warning)
    assert "draft" not in at.query_params


# ---------------------------------------------------------------- answers by rule kind


def test_partly_met_score_changes_the_total_by_that_score(drafts):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)
    open_indicator(at, "point", "P06")  # example: not met
    at.segmented_control(key=key("ans", "P06", "choice")).set_value("partial").run()
    at.text_input(key=key("ans", "P06", "score")).input("1.5").run()
    at.button(key=key("ev", "P06", "add")).click().run()
    at.text_input(key=key("ev", "P06", 0, "title")).input("商业秘密清单复评记录").run()
    assert_clean(at)
    assert sidebar_total(at) == before + Decimal("1.5")


def test_occurrences_count_only_as_many_dated_entries_as_given(drafts):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)  # P42 is earned with 2 inspections and 2 dated reports
    open_indicator(at, "point", "P42")
    at.button(key=key("ev", "P42", 1, "remove")).click().run()
    assert_clean(at)
    assert sidebar_total(at) == before - 5
    assert any(msg.CAPPED.format(claimed=5, score=0) in w.value for w in at.warning)


def test_zone_tier_two_counts_and_per_unit_widgets_score_as_the_rubric_says(drafts):
    at = load_example(new_app(), "zone")
    before = sidebar_total(at)  # ZB1 3 types/4 units = 6+6; ZB2 municipal = 5; ZB4 2 cases = 10
    open_indicator(at, "zone", "ZB2")
    at.radio(key=key("ans", "ZB2", "tier")).set_value("national_top10").run()
    assert sidebar_total(at) == before + 5
    at.text_input(key=key("ans", "ZB1", "types")).input("4").run()
    assert sidebar_total(at) == before + 5 + 3
    at.text_input(key=key("ans", "ZB4", "count")).input("3").run()  # only 2 evidence entries: capped
    assert sidebar_total(at) == before + 5 + 3
    assert any("按有效证据只能认定" in w.value for w in at.warning)
    assert_clean(at)


def test_zone_threshold_below_the_minimum_scores_nothing(drafts):
    at = load_example(new_app(), "zone")
    before = sidebar_total(at)
    open_indicator(at, "zone", "Z12")
    at.text_input(key=key("ans", "Z12", "value")).input("499").run()
    assert sidebar_total(at) == before - 5
    assert_clean(at)


def test_station_either_choice_takes_percentages(drafts):
    at = load_example(new_app(), "station")
    before = sidebar_total(at)  # S24: association, 42% and 35% → met (8 points)
    open_indicator(at, "station", "S24")
    at.text_input(key=key("ans", "S24", "protecting_share")).input("29.5").run()
    assert sidebar_total(at) == before - 8
    working = at.session_state["_draft"].working
    assert working["answers"]["S24"]["protecting_share"] == 0.295
    at.radio(key=key("ans", "S24", "org_kind")).set_value("service_firm").run()
    at.text_input(key=key("ans", "S24", "clients")).input("5").run()
    assert sidebar_total(at) == before
    assert_clean(at)


def test_clearing_a_check_answer_leaves_the_item_unanswered_but_keeps_its_evidence(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P01")
    answered = at.sidebar.metric[1].value
    at.segmented_control(key=key("ans", "P01", "choice")).set_value(None).run()
    assert at.sidebar.metric[1].value != answered
    body = at.session_state["_draft"].working["answers"]["P01"]
    assert "met" not in body and body["evidence"][0]["title"] == "关于成立商业秘密保护工作领导小组的通知"


# ---------------------------------------------------------------- evidence library and uploads


def test_one_library_entry_proves_several_items(drafts):
    at = new_app()
    at.radio(key="start_category").set_value("point").run()
    at.button(key="start_new").click().run()
    at.text_input(key=key("profile", "name")).input("上海测试科技有限公司").run()
    at.switch_page(PAGE["evidence_library"]).run()
    at.text_input(key="library_add_0_title").input("员工保密协议及签署名单")
    at.text_input(key="library_add_0_date").input("2026-01-15")
    at.button[0].click().run()  # the form's submit button
    assert_clean(at)
    library = at.session_state["_draft"].working["evidence_library"]
    assert library == {"E1": {"title": "员工保密协议及签署名单", "date": "2026-01-15"}}
    assert at.text_input(key="library_add_1_title").value == ""  # an empty form for the next one

    at.switch_page(PAGE["self_assessment"]).run()
    at.radio(key=key("sa", "indicator")).set_value("人员管理").run()
    for item_id in ("P08", "P14"):
        at.segmented_control(key=key("ans", item_id, "choice")).set_value("met").run()
        at.multiselect(key=key("ev", item_id, "refs")).select("E1").run()
    assert_clean(at)
    assert sidebar_total(at) == 4  # P08 and P14 are 2 points each

    at.switch_page(PAGE["evidence_library"]).run()
    assert any("P08" in c.value and "P14" in c.value for c in at.caption)
    at.button(key=key("lib", "E1", "delete")).click().run()
    assert sidebar_total(at) == 0


def test_an_uploaded_evidence_file_is_kept_with_the_draft(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P06")
    assert not [u for u in at.get("file_uploader") if u.key == key("up", "P06", 0)]  # drawn only on request
    at.button(key=key("ev", "P06", "upload")).click().run()
    at.file_uploader(key=key("up", "P06", 0)).upload("复评记录.pdf", b"%PDF-1.4 test", "application/pdf").run()
    assert_clean(at)
    draft = at.session_state["_draft"]
    entry = draft.working["answers"]["P06"]["evidence"][0]
    assert entry == {"title": "复评记录", "file": "evidence/复评记录.pdf"}
    assert drafts.file_path(draft.draft_id, entry["file"]).read_bytes() == b"%PDF-1.4 test"
    assert not [u for u in at.get("file_uploader") if u.key.startswith(key("up", "P06"))]  # closed once it is done


# ---------------------------------------------------------------- profile


def test_a_wrong_uscc_is_explained_beside_the_field_and_kept_as_typed(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["profile"]).run()
    at.text_input(key=key("profile", "uscc")).input("91310117MA1J3AB2CX").run()
    assert any("校验位错误：第 18 位应为 J" in e.value for e in at.error)
    draft_id = at.query_params["draft"]
    assert drafts.load(draft_id)["applicant"]["uscc"] == "91310117MA1J3AB2CX"
    assert "uscc" not in yaml.safe_load((drafts.folder(draft_id) / ANSWERS_NAME).read_text(encoding="utf-8"))["applicant"]
    at.text_input(key=key("profile", "postcode")).input("20161").run()
    at.text_input(key=key("profile", "phone")).input("12345").run()
    errors = " ".join(e.value for e in at.error)
    assert "邮政编码应为 6 位数字" in errors and "联系电话" in errors
    at.text_input(key=key("profile", "uscc")).input("91310117MA1J3AB2CJ").run()
    assert not any("统一社会信用代码" in e.value for e in at.error)


def test_zone_profile_has_the_park_fields(drafts):
    at = load_example(new_app(), "zone")
    at.switch_page(PAGE["profile"]).run()
    assert at.text_input(key=key("profile", "name")).label == S.PROFILE_ZONE_LABELS["name"]
    at.number_input(key=key("profile", "park_enterprises")).set_value(170).run()
    assert at.session_state["_draft"].settled.answers.applicant.park_enterprises == 170
    assert_clean(at)


def test_a_new_draft_without_a_name_is_saved_but_offers_no_answers_file_yet(drafts):
    at = new_app()
    at.radio(key="start_category").set_value("station").run()
    at.button(key="start_new").click().run()
    assert_clean(at)
    draft_id = at.query_params["draft"]
    assert (drafts.folder(draft_id) / WORKING_NAME).is_file()
    assert not (drafts.folder(draft_id) / ANSWERS_NAME).exists()
    assert at.sidebar.download_button[0].disabled
    at.text_input(key=key("profile", "name")).input("松江区某某协会").run()
    assert not at.sidebar.download_button[0].disabled
    assert (drafts.folder(draft_id) / ANSWERS_NAME).is_file()


# ---------------------------------------------------------------- resuming from a file


def test_uploading_a_saved_answers_file_resumes_it_as_a_new_draft(drafts):
    at = new_app()
    text = (EXAMPLES / "station.yaml").read_bytes()
    at.file_uploader(key="resume_upload").upload("协会自评.yaml", text, "application/x-yaml").run()
    assert_clean(at)
    draft = at.session_state["_draft"]
    assert draft.rubric.rubric == "station"
    assert sidebar_total(at) == score(None, load_answers(EXAMPLES / "station.yaml")).total


def test_an_invalid_upload_shows_the_problem_lines_and_changes_nothing(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["start"]).run()
    before = at.session_state["_draft"].draft_id
    bad = "rubric: point\nassessed_on: 2026-11-01\napplicant: {name: 某公司}\nanswers:\n  P01: {met: maybe}\n  P99: {met: true}\n"
    at.file_uploader(key="resume_upload").upload("坏文件.yaml", bad.encode("utf-8"), "application/x-yaml").run()
    assert_clean(at)
    assert S.START_RESUME_BAD in [e.value for e in at.error]
    shown = at.code[0].value
    assert "坏文件.yaml: P01.met: met 应为 true、false 或 partial" in shown
    assert "坏文件.yaml: P99: 未知条目编号 P99" in shown
    assert at.session_state["_draft"].draft_id == before


def test_a_yaml_syntax_error_names_the_line(drafts):
    at = new_app()
    at.file_uploader(key="resume_upload").upload("坏.yaml", b"rubric: point\nanswers: [\n", "application/x-yaml").run()
    assert "第 3 行" in at.code[0].value or "第 2 行" in at.code[0].value
    assert "_draft" not in at.session_state


# ---------------------------------------------------------------- pages without a draft, and the error guard


@pytest.mark.parametrize("page", ["profile", "evidence_library", "self_assessment", "results", "documents"])
def test_every_page_without_a_draft_points_to_the_start(drafts, page):
    at = new_app()
    at.switch_page(PAGE[page]).run()
    assert_clean(at)
    assert S.NO_DRAFT in [i.value for i in at.info]


def test_an_unexpected_error_shows_a_chinese_message_not_a_traceback(drafts, monkeypatch):
    at = load_example(new_app(), "point")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("scoring.gaps.lost_points", broken)
    at.switch_page(PAGE["results"]).run()
    assert not at.exception
    assert S.UNEXPECTED_ERROR in [e.value for e in at.error]


def test_evidence_dated_before_the_assessment_year_is_flagged_at_once(drafts):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)
    open_indicator(at, "point", "P42")
    for index in (0, 1):
        at.text_input(key=key("ev", "P42", index, "date")).input("2025-06-30").run()
    assert_clean(at)
    assert sidebar_total(at) == before - 5
    expected = msg.OUT_OF_PERIOD_YEAR.format(claimed=5, start=dt.date(2025, 11, 2), end=dt.date(2026, 11, 1))
    assert any(expected in literal(w.value) for w in at.warning)


def test_after_trying_an_example_the_own_draft_is_one_click_away(drafts):
    at = new_app()
    at.button(key="start_new").click().run()
    at.text_input(key=key("profile", "name")).input("我的单位").run()
    own = at.query_params["draft"]
    at.switch_page(PAGE["start"]).run()
    load_example(at, "zone")
    at.switch_page(PAGE["start"]).run()
    at.button(key=f"recent_{own}").click().run()
    assert_clean(at)
    assert at.query_params["draft"] == own
    assert at.session_state["_draft"].name == "我的单位"


def test_two_tabs_on_one_draft_do_not_undo_each_others_answers(drafts):
    first = load_example(new_app(), "point")
    draft_id = first.query_params["draft"]
    second = new_app(draft=draft_id)
    open_indicator(first, "point", "P06")
    first.segmented_control(key=key("ans", "P06", "choice")).set_value("met").run()
    open_indicator(second, "point", "P01")
    second.segmented_control(key=key("ans", "P01", "choice")).set_value("not_met").run()
    saved = drafts.load(draft_id)["answers"]
    assert saved["P06"]["met"] is True and saved["P01"]["met"] is False


def test_a_failing_change_is_explained_and_the_page_keeps_working(drafts, monkeypatch):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P01")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr("scoring.drafts.DraftStore.save", broken)
        at.text_input(key=key("note", "P01")).input("补充说明").run()
        assert not at.exception
        assert S.CHANGE_FAILED in [e.value for e in at.error]
        assert "note" not in at.session_state["_draft"].working["answers"]["P01"]  # shows what is saved
    at.text_input(key=key("note", "P01")).input("补充说明").run()
    assert drafts.load(at.query_params["draft"])["answers"]["P01"]["note"] == "补充说明"


def test_the_work_summary_is_drafted_editable_saved_and_resettable(drafts):
    from scoring.documents import draft_work_summary

    at = load_example(new_app(), "station")
    at.switch_page(PAGE["documents"]).run()
    draft = at.session_state["_draft"]
    drafted = draft_work_summary(draft.rubric, draft.settled.answers, draft.result)
    area = at.text_area(key=key("docs", "summary"))
    assert area.value == drafted
    area.input("本协会建立了商业秘密保护工作制度，并组织成员单位培训。").run()
    assert_clean(at)
    saved = load_answers(drafts.folder(at.query_params["draft"]) / ANSWERS_NAME)
    assert saved.applicant.work_summary == "本协会建立了商业秘密保护工作制度，并组织成员单位培训。"
    at.button(key="docs_summary_reset").click().run()
    assert at.text_area(key=key("docs", "summary")).value == drafted
    assert at.session_state["_draft"].settled.answers.applicant.work_summary is None


def test_the_library_form_asks_for_a_title_and_keeps_an_uploaded_file(drafts):
    at = load_example(new_app(), "point")
    at.switch_page(PAGE["evidence_library"]).run()
    at.button[0].click().run()
    assert S.LIBRARY_ADD_NEED_TITLE in [e.value for e in at.error]
    at.text_input(key="library_add_0_title").input("保密制度汇编")
    at.file_uploader(key="library_add_0_file").upload("制度汇编.pdf", b"%PDF-1.4 rules", "application/pdf")
    at.button[0].click().run()
    assert_clean(at)
    draft = at.session_state["_draft"]
    entry = draft.working["evidence_library"]["E1"]
    assert entry == {"title": "保密制度汇编", "file": "evidence/制度汇编.pdf"}
    assert drafts.file_path(draft.draft_id, entry["file"]).read_bytes() == b"%PDF-1.4 rules"


def test_a_checklist_item_is_ticked_part_by_part_and_full_points_need_every_part(drafts):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)  # P24: all four parts met, 2 points
    open_indicator(at, "point", "P24")
    at.checkbox(key=key("ans", "P24", "logs")).uncheck().run()
    at.text_input(key=key("ans", "P24", "score")).input("1.5").run()
    assert sidebar_total(at) == before - Decimal("0.5")
    working = at.session_state["_draft"].working
    assert working["answers"]["P24"]["parts"]["logs"] is False and working["answers"]["P24"]["score"] == 1.5
    at.checkbox(key=key("ans", "P24", "logs")).check().run()
    assert sidebar_total(at) == before
    assert_clean(at)


def test_a_measured_item_takes_the_measure_and_says_what_was_required(drafts):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)  # PB3: 100 % trained, 5 points
    open_indicator(at, "point", "PB3")
    widget = at.text_input(key=key("ans", "PB3", "value"))
    assert "单位员工受训全覆盖" in widget.help
    widget.input("95").run()
    assert sidebar_total(at) == before - 5
    assert_clean(at)


def test_an_evidence_entry_of_a_checklist_item_names_the_part_it_proves(drafts):
    at = load_example(new_app(), "point")
    open_indicator(at, "point", "P24")
    at.selectbox(key=key("ev", "P24", 0, "part")).set_value("patches").run()
    assert_clean(at)
    working = at.session_state["_draft"].working
    assert working["answers"]["P24"]["evidence"][0]["part"] == "patches"
    assert at.session_state["_draft"].settled.answers.answers["P24"].evidence[0].part == "patches"
