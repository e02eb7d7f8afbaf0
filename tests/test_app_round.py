"""The annual round's pages through AppTest on a copy of the demo district: the eligibility panel on 单位信息,
eligibility confirmation and opinions on 逐项复核, 年度日程与培育, 会议决定与授牌, the history pages, and carrying
last year's self-assessment forward on 开始. The clock is 2026-09-05 (``TSP_TODAY``, tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app_pages.common import session as draft_session
from app_pages.common.paths import PAGES
from app_pages.common.round_ui import md
from app_pages.strings import applicant as S
from app_pages.strings import office as O
from scoring.store import db, demo as demo_district, rounds
from scoring.store import messages as M
from scoring.store.models import Submission
from scoring.store.round_models import EligibilityConfirmation, MeetingDecision, Opinion
from tests.office_fixtures import app, demo, demo_file, shown  # noqa: F401 - fixtures

SONGXIN = "上海松芯微电子科技有限公司"
CERTIFIED = "上海茸城精密机械有限公司"  # the first one the demo's round certifies (account demo01)


def assert_no_crash(at: AppTest) -> None:
    assert not at.exception
    assert S.UNEXPECTED_ERROR not in [e.value for e in at.error]


def form_button(at: AppTest, form: str):
    return next(b for b in at.button if b.form_id == form)


def finish_round(demo) -> None:
    with db.session_scope(demo.engine) as s:
        assert demo_district.complete_round(s) is not None


def test_the_profile_page_shows_the_eligibility_verdict_before_any_scoring(demo):
    at = app(page=PAGES["start"])
    at.button(key="start_new").click().run()  # a new 示范点 draft
    at.switch_page(PAGES["profile"]).run()
    assert_no_crash(at)
    assert shown(at, O.ELIGIBILITY_TITLE) and shown(at, "尚待确认")
    at.selectbox(key=draft_session.key("eligibility", "org_kind")).set_value(0).run()
    at.selectbox(key=draft_session.key("eligibility", "industry")).set_value(10).run()  # 医疗器械
    at.selectbox(key=draft_session.key("eligibility", "leading")).set_value(1).run()  # 否
    assert_no_crash(at)
    errors = [e.value for e in at.error]
    assert any("不符合申报条件" in e and md("医疗器械") in e for e in errors)
    assert any(O.ELIGIBILITY_STILL_ASSESS in e for e in errors)
    at.selectbox(key=draft_session.key("eligibility", "leading")).set_value(0).run()
    assert any("符合申报条件" in s.value for s in at.success)
    working = draft_session.store().load(at.query_params["draft"])
    assert working["applicant"]["eligibility"] == {"org_kind": "enterprise", "industry": "medical_devices",
                                                   "leading": "yes"}


def test_the_reviewer_confirms_eligibility_and_writes_the_recommendation_on_the_review_page(demo):
    sid = demo.submission_of(SONGXIN).id
    at = app(demo.actor("xinqiao"), PAGES["review"], submission=str(sid))
    assert_no_crash(at)
    form_button(at, f"el_form_{sid}").click().run()
    assert_no_crash(at)
    at.text_area(key="op_text_recommendation").input("同意推荐。")
    at.text_input(key="op_who_recommendation").input("王所长")
    form_button(at, f"op_form_recommendation_{sid}").click().run()
    assert_no_crash(at)
    assert O.OPINION_SAVED.format(kind=M.OPINION_KIND_LABELS["recommendation"]) in [s.value for s in at.success] \
        or shown(at, "同意推荐")
    with db.session_scope(demo.engine) as s:
        assert s.get(EligibilityConfirmation, sid).eligible is True
        opinion = s.execute(select(Opinion).where(Opinion.submission_id == sid)).scalar_one()
        assert (opinion.kind, opinion.text, opinion.responsible, opinion.opinion_date) == (
            "recommendation", "同意推荐。", "王所长", dt.date(2026, 9, 5))
    assert not any(b.form_id == f"op_form_acceptance_{sid}" for b in at.button)  # the bureau's row only


def test_the_round_page_shows_the_calendar_and_the_offices_organisations_not_yet_filed(demo):
    at = app(demo.actor("zhongshan"), PAGES["round"])
    assert_no_crash(at)
    assert at.title[0].value == O.ROUND_TITLE
    assert any("创建申报" in i.value and "2026-09-10" in i.value for i in at.info)  # the phase banner
    calendar = at.dataframe[0].value
    assert list(calendar[O.ROUND_CALENDAR_COLUMNS["label"]]) == list(M.PHASE_LABELS.values())
    listed = at.dataframe[1].value
    assert set(listed[O.CULTIVATION_TABLE_COLUMNS["office"]]) == {"中山市场监管所"}
    assert any(demo_district.NOT_FILED[0] in w.value for w in at.warning)
    assert not any(b.form_id == "round_form" for b in at.button)  # only the bureau edits the calendar


def test_the_bureau_moves_the_deadline_on_the_round_page(demo):
    at = app(demo.actor("admin"), PAGES["round"])
    at.date_input(key="round_end").set_value(dt.date(2026, 9, 20))
    form_button(at, "round_form").click().run()
    assert_no_crash(at)
    with db.session_scope(demo.engine) as s:
        assert rounds.get_round(s, 2026).filing_deadline == dt.date(2026, 9, 20)


def test_the_decision_page_records_the_meeting_and_awards_a_certificate(demo):
    from scoring.store import ranking
    from scoring.store.actors import SYSTEM

    with db.session_scope(demo.engine) as s:
        rows = [r for r in ranking.ranking(s, SYSTEM, "point", 2026) if r.passed][:2]
        ranking.select_submissions(s, SYSTEM, 2026, [r.submission_id for r in rows])
    at = app(demo.actor("admin"), PAGES["decision"])
    assert_no_crash(at)
    assert shown(at, O.DECISION_NONE.format(year=2026))
    at.text_area(key="decision_text").input("审议通过")
    form_button(at, "decision_form").click().run()
    assert_no_crash(at)
    assert shown(at, "审议通过")
    at.text_input(key="award_number").input("SJ-2026-001")
    form_button(at, "award_form").click().run()
    assert_no_crash(at)
    table = at.dataframe[0].value
    assert "SJ-2026-001" in list(table[O.AWARD_COLUMNS["certificate_no"]])
    assert [b.label for b in at.get("download_button")] == [O.REPORT_XLSX, O.REPORT_DOCX]
    with db.session_scope(demo.engine) as s:
        assert s.execute(select(MeetingDecision)).scalar_one().meeting_date == dt.date(2026, 9, 5)


def test_the_office_history_page_shows_rounds_and_a_trend_per_indicator(demo):
    finish_round(demo)
    at = app(demo.actor("xinqiao"), PAGES["org_history"])
    assert_no_crash(at)
    at.selectbox(key="org_history_pick").set_value(demo.submission_of(SONGXIN).organisation_id).run()
    assert_no_crash(at)
    assert at.get_by_key("history_trend") is not None
    at.selectbox(key="org_history_pick").set_value(
        next(sub.organisation_id for sub in [demo.submission(i) for i in demo.submission_ids(office="新桥市场监管所")]
             if sub.organisation.name == CERTIFIED)).run()
    table = at.dataframe[0].value
    assert list(table[O.HISTORY_COLUMNS["year"]]) == [2026, 2027]
    assert list(table[O.HISTORY_COLUMNS["outcome"]])[0] == O.HISTORY_OUTCOME["certified"]


def test_the_applicant_sees_its_history_and_carries_last_year_forward(demo, monkeypatch):
    finish_round(demo)
    applicant = demo.actor("demo01")
    at = app(applicant, PAGES["history"])
    assert_no_crash(at)
    assert at.title[0].value == O.HISTORY_TITLE
    assert list(at.dataframe[0].value[O.HISTORY_COLUMNS["certificate_no"]])[0].startswith("松市监示范点")
    monkeypatch.setenv("TSP_TODAY", "2028-09-02")
    at = app(applicant, PAGES["start"])
    assert_no_crash(at)
    at.button(key="carry_forward").click().run()
    assert_no_crash(at)
    working = draft_session.store().load(at.query_params["draft"])
    assert working["assessed_on"] == "2028-09-02"
    assert working["applicant"]["name"] == CERTIFIED
    flagged = [item for item, answer in working["answers"].items() if "note" in answer and "沿用 2027" in answer["note"]]
    assert flagged and all("met" not in working["answers"][i] for i in flagged)
