"""The office pages driven through Streamlit's AppTest on a copy of the demo district.

Each test states one rule of the office side (log-in, who may open what, the per-item review, optimistic
locking, selection, batch import, filing, the park registry, the district view) and checks its outcome both on
the page and in the database. The demo (``scoring.store.demo``) is built once per module and copied per test
(``tests/office_fixtures.py``); the text asserted is taken from ``app_pages/strings/office.py`` and
``scoring/store/messages.py``.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from decimal import Decimal

import numpy as np
import pytest
import yaml
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app_pages.strings import office as O
from app_pages.strings import applicant as S
from scoring.drafts import DraftStore
from scoring.examples import example_answers
from scoring.rubric import load_rubric
from scoring.store import auth, db, directory, evidence, import_jobs, jobs, review, settings
from scoring.store import messages as M
from scoring.store.actors import SYSTEM
from scoring.store.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, PARK, demo_file as demo_evidence_file
from scoring.store.models import EvidenceFile, Office, Organisation, Submission
from scoring.store.plan import SELECTION_QUOTAS
from tests.office_fixtures import (app, demo, demo_file, empty, follow_redirect, page_alone, redirect_target,  # noqa: F401
                                   shown, signed_in_as, texts)
from app_pages.common.paths import PAGES as PATHS
from tests.store.world import full_answers, pdf_bytes, png_bytes, uscc
from tests.markdown_text import literal

PAGES = {**PATHS, "batch_import": PATHS["import"], "park_registry": PATHS["registry"]}
ROUND = 2026
XINQIAO, JIUTING = "新桥市场监管所", "九亭市场监管所"
SONGXIN = "上海松芯微电子科技有限公司"  # the point example, submitted in 新桥's jurisdiction


def errors(at: AppTest) -> list[str]:
    return [literal(e.value) for e in at.error]


def assert_no_crash(at: AppTest) -> None:
    assert not at.exception
    assert S.UNEXPECTED_ERROR not in errors(at)


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    form_button(at, "login_form").click().run()
    if redirect_target(at) is not None:  # a correct password: the browser goes to /auth/session and back
        follow_redirect(at)
    return at


def frame_with(at: AppTest, column: str):
    """The one table on the page with this column (read-only tables carry no key in AppTest)."""
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(frames) == 1, f"{len(frames)} tables with column {column!r}"
    return frames[0]


def short(ids: list[str]) -> str:
    """Item IDs as the store's messages list them: the first ten, then 等."""
    return "、".join(ids[:10]) + ("等" if len(ids) > 10 else "")


def form_button(at: AppTest, form: str):
    return next(b for b in at.button if b.form_id == form)


# ---------------------------------------------------------------- log-in


def test_a_wrong_password_is_refused_and_nobody_is_signed_in(demo):
    at = app(page=PAGES["login"])
    log_in(at, "xinqiao", "not-the-password")
    assert_no_crash(at)
    assert M.LOGIN_FAILED in errors(at)
    assert signed_in_as(at) is None
    with pytest.raises(ValueError):  # still only the self-assessment pages and the log-in page
        at.switch_page(PAGES["review_list"])


def test_after_five_wrong_passwords_this_source_is_refused_for_a_while(demo):
    at = app(page=PAGES["login"])
    for _ in range(5):
        log_in(at, "xinqiao", "not-the-password")
    log_in(at, "xinqiao", DEMO_PASSWORD)
    assert_no_crash(at)
    assert M.LOGIN_THROTTLED.format(minutes=1) in errors(at)
    assert signed_in_as(at) is None


def test_signing_in_adds_the_pages_of_the_role_and_only_those(demo):
    at = app(page=PAGES["login"])
    log_in(at, "songxin", DEMO_PASSWORD)
    assert_no_crash(at)
    assert signed_in_as(at) == "songxin"
    assert shown(at, O.LOGIN_ROLE_HELP["applicant"])
    for office_page in ("review_list", "review", "batch_import", "selection", "park_registry"):
        with pytest.raises(ValueError):  # not in an applicant's navigation: 申报审核 and the rest are absent
            at.switch_page(PAGES[office_page])
    at.switch_page(PAGES["filing"]).run()
    assert_no_crash(at)
    assert at.title[0].value == O.FILING_TITLE

    reviewer = log_in(app(page=PAGES["login"]), "xinqiao", DEMO_PASSWORD)
    reviewer.switch_page(PAGES["review_list"]).run()
    assert reviewer.title[0].value == O.REVIEW_LIST_TITLE
    with pytest.raises(ValueError):
        reviewer.switch_page(PAGES["filing"])


def test_the_demo_accounts_are_listed_on_a_demo_database(demo):
    at = app(page=PAGES["login"])
    assert shown(at, O.LOGIN_DEMO_INTRO.format(password=DEMO_PASSWORD))
    listed = at.table[0].value
    assert list(listed[O.LOGIN_DEMO_COLUMNS[0]]) == [a.username for a in DEMO_ACCOUNTS]


def test_the_demo_accounts_are_not_listed_on_a_real_database(empty):
    with db.session_scope(empty.engine) as s:
        auth.create_user(s, SYSTEM, "admin", "区局管理员", "a-real-password", "admin")
    at = app(page=PAGES["login"])
    assert_no_crash(at)
    assert at.text_input(key="login_username")  # the form is there
    assert not shown(at, O.LOGIN_DEMO_INTRO.format(password=DEMO_PASSWORD))
    assert not at.table
    log_in(at, "admin", "a-real-password")
    assert signed_in_as(at) == "admin"


# ---------------------------------------------------------------- who may open what


def test_a_reviewer_guessing_another_offices_submission_sees_only_not_found(demo):
    other = demo.submission_ids(office=JIUTING)[0]
    other_name = demo.submission(other).organisation.name
    at = app(demo.actor("xinqiao"), PAGES["review"], submission=str(other))
    assert_no_crash(at)
    assert errors(at) == [M.NOT_FOUND_OR_FORBIDDEN.format(what="申报", id=other)]
    assert not at.title and not at.metric and not at.tabs
    assert not any(other_name in t for t in texts(at))

    missing = app(demo.actor("xinqiao"), PAGES["review"], submission="99999")  # the same answer as a missing ID
    assert errors(missing) == [M.NOT_FOUND_OR_FORBIDDEN.format(what="申报", id=99999)]


def test_an_applicant_cannot_reach_the_review_page(demo):
    sid = demo.submission_of(SONGXIN).id
    at = app(demo.actor("songxin"), submission=str(sid))
    with pytest.raises(ValueError):
        at.switch_page(PAGES["review"])
    # the page's own guard, for an address typed in directly
    alone = page_alone(PAGES["review"], demo.actor("songxin"), submission=str(sid))
    assert [w.value for w in alone.warning] == [O.ROLE_NOT_ALLOWED]
    assert not alone.title and not alone.metric
    assert not any(SONGXIN in t for t in texts(alone))


def test_the_review_page_asks_a_visitor_who_is_not_signed_in_to_sign_in(demo):
    sid = demo.submission_of(SONGXIN).id
    alone = page_alone(PAGES["review"], submission=str(sid))
    assert [i.value for i in alone.info] == [O.SIGN_IN_FIRST]
    assert not alone.title and not alone.metric
    assert not any(SONGXIN in t for t in texts(alone))


def test_a_reviewer_lists_only_the_submissions_of_its_own_office(demo):
    at = app(demo.actor("xinqiao"), PAGES["review_list"])
    at.number_input(key="rl_round").set_value(ROUND).run()
    assert_no_crash(at)
    own = demo.submission_ids(office=XINQIAO)
    waiting = demo.submission_ids(office=XINQIAO, status="submitted")
    assert shown(at, O.REVIEW_LIST_COUNT.format(count=len(own), waiting=len(waiting)))
    listed = frame_with(at, M.SUBMISSION_COLUMNS["office"])
    assert sorted(listed[M.SUBMISSION_COLUMNS["id"]]) == own
    assert set(listed[M.SUBMISSION_COLUMNS["office"]]) == {XINQIAO}


# ---------------------------------------------------------------- the per-item review


def open_review(demo, username: str = "xinqiao", organisation: str = SONGXIN) -> tuple[AppTest, int]:
    sid = demo.submission_of(organisation).id
    at = app(demo.actor(username), PAGES["review"], submission=str(sid))
    assert_no_crash(at)
    return at, sid


def decide(at: AppTest, item_id: str, decision: str, score: float | None = None, reason: str = "") -> AppTest:
    at.segmented_control(key=f"rv_decision_{item_id}").set_value(decision)
    if score is not None:
        at.number_input(key=f"rv_score_{item_id}").set_value(score)
    at.text_input(key=f"rv_reason_{item_id}").input(reason)
    form_button(at, f"rv_form_{item_id}").click().run()
    assert_no_crash(at)
    return at


def test_an_override_without_a_reason_is_refused_and_nothing_is_stored(demo):
    at, sid = open_review(demo)
    before = demo.submission(sid)
    decide(at, "P01", "override", score=1.0, reason="   ")
    assert M.REVIEW_REASON_REQUIRED.format(item_id="P01") in errors(at)
    after = demo.submission(sid)
    assert after.reviews == [] and after.final_total is None and after.version == before.version


def test_an_override_with_score_and_reason_recomputes_the_final_total(demo):
    at, sid = open_review(demo)
    before = demo.submission(sid)
    decide(at, "P01", "override", score=1.0, reason="领导小组通知未见正式发文")  # engine: 3 of 3 points
    assert O.REVIEW_SAVED.format(item_id="P01") in [s.value for s in at.success]
    after = demo.submission(sid)
    assert [(r.item_id, r.decision, r.score, r.reason) for r in after.reviews] == [
        ("P01", "override", Decimal(1), "领导小组通知未见正式发文")]
    assert after.self_total == before.self_total
    assert after.final_total == before.self_total - 2
    final_metric = next(m for m in at.metric if m.label == O.METRIC_FINAL)
    assert final_metric.value == str(after.final_total)


def test_a_reviewer_checks_an_item_part_by_part_and_the_parts_found_set_the_score(demo):
    at, sid = open_review(demo)
    at.selectbox(key="rv_indicator").set_value("人员管理").run()
    card = "\n".join(m.value for m in at.markdown)
    assert O.PARTS_HEADER in card
    assert O.PART_LINE.format(claimed=O.PART_CLAIMED[True], label="离开工作岗位前下线工作账户或设置电脑锁屏",
                              evidence=O.PART_EVIDENCE.format(titles="《终端自动锁屏策略截图》"),
                              verified=O.PART_VERIFIED[None]) in card
    assert [at.checkbox(key=f"rv_part_P12_{k}").value for k in ("report", "register", "flow", "lock")] == [True] * 4

    at.checkbox(key="rv_part_P12_lock").uncheck()
    decide(at, "P12", "confirm")  # a confirmation must agree with the applicant's ticks
    assert M.REVIEW_PARTS_DIFFER.format(item_id="P12", differences=M.REVIEW_PART_NOT_MET.format(
        label="离开工作岗位前下线工作账户或设置电脑锁屏")) in errors(at)
    assert demo.submission(sid).reviews == []

    at.checkbox(key="rv_part_P12_lock").uncheck()
    decide(at, "P12", "override", score=1.5, reason="锁屏策略未覆盖研发终端")
    stored = demo.submission(sid)
    assert [(r.item_id, r.decision, r.score, r.parts) for r in stored.reviews] == [
        ("P12", "override", Decimal("1.5"), {"report": True, "register": True, "flow": True, "lock": False})]
    assert stored.final_total == stored.self_total - Decimal("0.5")
    assert at.checkbox(key="rv_part_P12_lock").value is False  # the recorded check, not the applicant's tick
    assert O.PART_VERIFIED[False] in "\n".join(m.value for m in at.markdown)


def test_confirm_the_rest_then_complete_the_review(demo):
    at, sid = open_review(demo)
    items = len(load_rubric("point").items)
    decide(at, "P01", "override", score=1.0, reason="领导小组通知未见正式发文")
    at.button(key="rv_do_complete_review").click().run()  # not every item has a decision yet
    open_items = [i.id for i in load_rubric("point").items if i.id != "P01"]
    assert M.REVIEW_INCOMPLETE.format(count=items - 1, items=short(open_items)) in errors(at)
    assert demo.submission(sid).status == "submitted"

    at.button(key="rv_confirm_rest").click().run()
    assert O.REVIEW_CONFIRMED_REST.format(count=items - 1) in [s.value for s in at.success]
    stored = demo.submission(sid)
    decisions = {r.item_id: r.decision for r in stored.reviews}
    assert len(decisions) == items and decisions["P01"] == "override"
    assert sum(d == "override" for d in decisions.values()) == 1
    assert stored.final_total == stored.self_total - 2

    at.button(key="rv_do_complete_review").click().run()
    assert_no_crash(at)
    assert demo.submission(sid).status == "reviewed"
    assert shown(at, O.REVIEW_READ_ONLY.format(status=M.STATUS_LABELS["reviewed"]))
    assert not any(b.form_id.startswith("rv_form_") for b in at.button)  # no more decisions on a reviewed one


def test_sending_back_for_changes_requires_a_note(demo):
    at, sid = open_review(demo)
    at.button(key="rv_do_request_changes").click().run()
    assert M.NOTE_REQUIRED.format(action="退回修改") in errors(at)
    assert demo.submission(sid).status == "submitted"

    note = "请补充 P21 的培训签到表"
    at.text_input(key="rv_note_request_changes").input(note)
    at.button(key="rv_do_request_changes").click().run()
    assert_no_crash(at)
    assert demo.submission(sid).status == "changes_requested"
    assert O.TRANSITION_DONE.format(action="退回修改") in [s.value for s in at.success]
    assert shown(at, O.HISTORY_NOTE.format(note=note))  # the note is in the submission's record


def test_a_decision_on_a_stale_page_is_refused_and_the_other_change_is_kept(demo):
    at, sid = open_review(demo)
    shown_version = demo.submission(sid).version
    with db.session_scope(demo.engine) as s:  # someone else decides P02 meanwhile
        review.set_item_review(s, demo.actor("admin"), sid, "P02", decision="override", score=0,
                               reason="区局复核：制度未发布", expected_version=shown_version)
    current = demo.submission(sid).version
    assert current != shown_version

    decide(at, "P01", "confirm")
    assert M.CONFLICT.format(current=current, expected=shown_version) in errors(at)
    stored = demo.submission(sid)
    assert [(r.item_id, r.decision, r.reason) for r in stored.reviews] == [("P02", "override", "区局复核：制度未发布")]
    assert stored.version == current


# ---------------------------------------------------------------- ranking and selection


def selection_page(demo) -> AppTest:
    at = app(demo.actor("admin"), PAGES["selection"])
    at.number_input(key="sel_round").set_value(ROUND).run()
    assert_no_crash(at)
    return at


def test_ticked_submissions_are_selected_and_the_quota_warning_follows(demo):
    at = selection_page(demo)
    low = SELECTION_QUOTAS["point"][0]  # the plan's quota: the demo does not change it

    def warning(count: int) -> str:
        return M.QUOTA_BELOW.format(category="示范点", count=count, minimum=low)

    assert warning(0) in [w.value for w in at.warning]
    table = at.data_editor(key="sel_table_point").value
    chosen = [int(table[O.RANK_COLUMNS["id"]][i]) for i in (0, 1)]

    # AppTest cannot click cells: the editor's edit state is set as Streamlit stores it
    at.session_state["sel_table_point"] = {"edited_rows": {0: {O.RANK_COLUMNS["selected"]: True},
                                                           1: {O.RANK_COLUMNS["selected"]: True}},
                                           "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="sel_save_point").click().run()
    assert_no_crash(at)
    assert O.SELECTION_SAVED.format(added=2, removed=0) in [s.value for s in at.success]
    assert [demo.submission(i).status for i in chosen] == ["selected", "selected"]
    assert demo.submission_ids(category="point", status="selected") == sorted(chosen)  # and no other
    warnings = [w.value for w in at.warning]
    assert warning(2) in warnings and warning(0) not in warnings
    ticked = at.data_editor(key="sel_table_point").value
    assert list(ticked[O.RANK_COLUMNS["selected"]][:2]) == [True, True]


def test_unticking_a_selected_submission_needs_a_note_and_then_deselects_it(demo):
    at = selection_page(demo)
    first = int(at.data_editor(key="sel_table_point").value[O.RANK_COLUMNS["id"]][0])
    edit = {"edited_rows": {0: {O.RANK_COLUMNS["selected"]: True}}, "added_rows": [], "deleted_rows": []}
    at.session_state["sel_table_point"] = edit
    at.run()
    at.button(key="sel_save_point").click().run()
    assert demo.submission(first).status == "selected"

    at.session_state["sel_table_point"] = {**edit, "edited_rows": {0: {O.RANK_COLUMNS["selected"]: False}}}
    at.run()
    at.button(key="sel_save_point").click().run()
    assert O.SELECTION_NOTE_REQUIRED in errors(at)
    assert demo.submission(first).status == "selected"

    at.session_state["sel_table_point"] = {**edit, "edited_rows": {0: {O.RANK_COLUMNS["selected"]: False}}}
    at.text_input(key="sel_note_point").input("经局长办公会议审议调整")
    at.run()
    at.button(key="sel_save_point").click().run()
    assert O.SELECTION_SAVED.format(added=0, removed=1) in [s.value for s in at.success]
    assert demo.submission(first).status == "reviewed"


def test_the_pass_line_and_quota_form_saves_the_settings(demo):
    at = selection_page(demo)
    at.number_input(key="set_line_point").set_value(75.5)
    at.number_input(key="set_low_point").set_value(2)
    at.number_input(key="set_high_point").set_value(5)
    form_button(at, "sel_settings_point").click().run()
    assert_no_crash(at)
    assert O.SETTING_SAVED in [s.value for s in at.success]
    with db.session_scope(demo.engine) as s:
        assert settings.pass_line(s, "point") == Decimal("75.5")
        assert settings.quota(s, "point") == (2, 5)
        assert settings.pass_line(s, "zone") == Decimal(70)  # the other categories untouched
    reviewed = len(demo.submission_ids(category="point", status="reviewed"))
    assert shown(at, O.RANK_SUMMARY.format(count=reviewed, selected=0, low=2, high=5, line="75.5"))


# ---------------------------------------------------------------- batch import


def import_zip(files: dict[str, bytes | dict]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            if isinstance(content, dict):
                content = yaml.safe_dump(content, allow_unicode=True).encode("utf-8")
            archive.writestr(name, content)
    return buffer.getvalue()


def import_answers(name: str, serial: int, with_file: str | None = None) -> dict:
    data = full_answers("point", name, uscc(200 + serial))
    if with_file:
        data["answers"]["P01"]["evidence"][0]["file"] = with_file
    return data


def good_batch() -> dict[str, bytes | dict]:
    return {
        "a/甲.yaml": import_answers("上海导入甲有限公司", 1, "材料/领导小组通知.pdf"),
        "a/材料/领导小组通知.pdf": pdf_bytes("通知"),
        "b/乙.yaml": import_answers("上海导入乙有限公司", 2),
        "c/丙.yml": import_answers("上海导入丙有限公司", 3, "照片.png"),
        "c/照片.png": png_bytes(),
    }


def upload_and_click(demo, data: bytes, button: str) -> AppTest:
    at = app(demo.actor("xinqiao"), PAGES["batch_import"])
    assert at.button(key="import_run").disabled  # nothing to import before a file is chosen
    at.file_uploader(key="import_zip").upload("申报材料.zip", data, "application/zip").run()
    at.button(key=button).click().run()
    assert_no_crash(at)
    return at


def run_import(demo, data: bytes, button: str) -> AppTest:
    """Upload, click, let the background worker run the queued job, and show the page again."""
    at = upload_and_click(demo, data, button)
    job_id = int(at.query_params["job"])  # the page names the queued job in the address
    assert jobs.run_one(demo.engine, "test-worker") == job_id
    at.run()
    assert_no_crash(at)
    return at


def test_the_import_page_queues_a_job_and_imports_nothing_until_the_worker_runs_it(demo):
    before = (demo.count(Submission), demo.count(Organisation), demo.count(EvidenceFile))
    at = upload_and_click(demo, import_zip(good_batch()), "import_run")
    assert (demo.count(Submission), demo.count(Organisation), demo.count(EvidenceFile)) == before
    reviewer = demo.actor("xinqiao")
    with db.session_scope(demo.engine, readonly=True) as s:
        queued = import_jobs.latest_import(s, reviewer, reviewer.office_id)
    assert queued is not None and queued.status == "queued" and not queued.dry_run
    assert at.query_params["job"] == str(queued.id)
    assert any(O.IMPORT_PHASES["queued"] in p.proto.text for p in at.get("progress"))
    assert demo.scalar("SELECT count(*) FROM job_inputs WHERE job_id = :id", id=queued.id) >= 1
    at.run()  # the page shown again (the fragment's refresh, a reload): still only queued
    assert demo.count(Submission) == before[0]

    assert jobs.run_one(demo.engine, "test-worker") == queued.id
    at.run()
    assert_no_crash(at)
    assert O.IMPORT_DONE.format(count=3) in [s.value for s in at.success]
    assert demo.count(Submission) == before[0] + 3
    assert demo.scalar("SELECT count(*) FROM job_inputs WHERE job_id = :id", id=queued.id) == 0
    recent = frame_with(at, O.IMPORT_RECENT_COLUMNS[0])
    assert list(recent[O.IMPORT_RECENT_COLUMNS[0]]) == [f"#{queued.id}"]
    assert list(recent[O.IMPORT_RECENT_COLUMNS[6]]) == [O.IMPORT_JOB_STATUS["done"]]
    assert at.download_button(key="import_report_xlsx").proto.label == O.IMPORT_REPORT_DOWNLOAD


def test_the_report_is_shown_again_after_a_reload_by_a_colleague_of_the_office(demo):
    at = run_import(demo, import_zip(good_batch()), "import_check")
    job = at.query_params["job"]
    with db.session_scope(demo.engine) as s:
        office = s.execute(select(Office).where(Office.name == XINQIAO)).scalar_one()
        auth.create_user(s, SYSTEM, "xinqiao2", "新桥第二审核员", "a-real-password", "reviewer", office_id=office.id)
    again = app(demo.actor("xinqiao2"), PAGES["batch_import"], job=job)  # a reload, by anyone of the office
    assert_no_crash(again)
    assert O.IMPORT_CHECKED.format(count=3) in [s.value for s in again.success]
    report = frame_with(again, M.IMPORT_REPORT_COLUMNS["problems"])
    assert list(report[M.IMPORT_REPORT_COLUMNS["result"]]) == [M.IMPORT_RESULT_OK] * 3
    other = app(demo.actor("jiuting"), PAGES["batch_import"], job=job)  # another office's reviewer
    assert M.NOT_FOUND_OR_FORBIDDEN.format(what="任务", id=int(job)) in errors(other)
    assert not [d for d in other.dataframe if M.IMPORT_REPORT_COLUMNS["problems"] in d.value.columns]


def test_a_zip_with_a_broken_file_in_the_middle_imports_nothing_and_says_why(demo):
    batch = good_batch()
    broken = import_answers("上海导入乙有限公司", 2)
    broken["answers"]["P13"] = {"met": "partial", "score": 1.2}
    batch["b/乙.yaml"] = broken
    before = (demo.count(Submission), demo.count(Organisation), demo.count(EvidenceFile))

    at = run_import(demo, import_zip(batch), "import_run")
    assert O.IMPORT_REJECTED_SUMMARY.format(count=3, rejected=1) in errors(at)
    report = frame_with(at, M.IMPORT_REPORT_COLUMNS["problems"])
    results = dict(zip(report[M.IMPORT_REPORT_COLUMNS["file"]], report[M.IMPORT_REPORT_COLUMNS["result"]]))
    assert results == {"a/甲.yaml": M.IMPORT_RESULT_OK, "b/乙.yaml": M.IMPORT_RESULT_REJECTED,
                       "c/丙.yml": M.IMPORT_RESULT_OK}
    problems = dict(zip(report[M.IMPORT_REPORT_COLUMNS["file"]], report[M.IMPORT_REPORT_COLUMNS["problems"]]))
    assert "P13" in problems["b/乙.yaml"] and problems["a/甲.yaml"] == ""
    assert (demo.count(Submission), demo.count(Organisation), demo.count(EvidenceFile)) == before


def test_a_good_zip_is_checked_then_imported_whole(demo):
    before = demo.count(Submission)
    checked = run_import(demo, import_zip(good_batch()), "import_check")
    assert O.IMPORT_CHECKED.format(count=3) in [s.value for s in checked.success]
    assert demo.count(Submission) == before  # a check writes nothing

    at = run_import(demo, import_zip(good_batch()), "import_run")
    assert O.IMPORT_DONE.format(count=3) in [s.value for s in at.success]
    assert demo.count(Submission) == before + 3
    new = [demo.submission_of(name) for name in ("上海导入甲有限公司", "上海导入乙有限公司", "上海导入丙有限公司")]
    assert {s.status for s in new} == {"submitted"}
    assert {s.organisation.office_id for s in new} == {demo.actor("xinqiao").office_id}
    assert [f.path for f in new[0].evidence_files] == ["材料/领导小组通知.pdf"]
    report = frame_with(at, M.IMPORT_REPORT_COLUMNS["problems"])
    assert list(report[M.IMPORT_REPORT_COLUMNS["result"]]) == [M.IMPORT_RESULT_WRITTEN.format(id=s.id) for s in new]


def test_a_damaged_or_corrupt_zip_gets_a_chinese_message_and_skipped_entries_are_listed(demo):
    batch = good_batch()
    batch["../逃逸.yaml"] = import_answers("上海逃逸有限公司", 4)
    batch["说明.txt"] = b"readme"
    data = bytearray(import_zip(batch))  # stored, not deflated: the names are in the clear
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("c/照片.png")
    data[info.header_offset + 30 + len(info.filename.encode()) + 20] ^= 0xFF  # a byte inside the PNG
    at = run_import(demo, bytes(data), "import_check")
    report = frame_with(at, M.IMPORT_REPORT_COLUMNS["problems"])
    problems = dict(zip(report[M.IMPORT_REPORT_COLUMNS["file"]], report[M.IMPORT_REPORT_COLUMNS["problems"]]))
    assert M.IMPORT_MEMBER_CRC.format(name="c/照片.png") in problems["c/丙.yml"]
    skipped = frame_with(at, M.IMPORT_SKIPPED_COLUMNS[1])
    assert dict(zip(skipped[M.IMPORT_SKIPPED_COLUMNS[0]], skipped[M.IMPORT_SKIPPED_COLUMNS[1]])) == {
        "../逃逸.yaml": M.IMPORT_SKIP_OUTSIDE, "说明.txt": M.IMPORT_SKIP_TYPE}

    at = run_import(demo, bytes(data[: len(data) // 2]), "import_check")
    assert M.IMPORT_NOT_ZIP.format(path="申报材料.zip") in errors(at)[0]


# ---------------------------------------------------------------- filing


def open_example_draft(at: AppTest) -> str:
    """Load the point example on the start page (as the applicant would); the draft's ID."""
    at.switch_page(PAGES["start"]).run()
    at.button(key="example_point").click().run()
    assert_no_crash(at)
    return at.query_params["draft"]


def example_files() -> list[str]:
    answers = example_answers("point")
    paths = [e.file for e in answers.evidence_library.values() if e.file]
    paths += [e.file for a in answers.answers.values() for e in a.evidence if e.file and not e.ref]
    return sorted(set(paths))


def fresh_applicant(demo) -> str:
    """A new point organisation in 新桥's jurisdiction with its applicant account (no submission yet)."""
    with db.session_scope(demo.engine) as s:
        office = s.execute(select(Office).where(Office.name == XINQIAO)).scalar_one()
        org = directory.create_organisation(s, SYSTEM, "上海新桥芯测科技有限公司", "point", office_id=office.id)
        auth.create_user(s, SYSTEM, "xince", "上海新桥芯测科技有限公司", "a-real-password", "applicant",
                         organisation_id=org.id)
    return "xince"


def test_a_submission_already_submitted_cannot_be_changed_by_filing_again(demo):
    stored = demo.submission_of(SONGXIN)
    at = app(demo.actor("songxin"))
    open_example_draft(at)
    at.switch_page(PAGES["filing"]).run()
    assert_no_crash(at)
    at.button(key="filing_save").click().run()
    assert M.EDIT_NOT_ALLOWED.format(status=M.STATUS_LABELS["submitted"]) in errors(at)
    after = demo.submission_of(SONGXIN)
    assert (after.status, after.version, len(after.evidence_files)) == ("submitted", stored.version,
                                                                        len(stored.evidence_files))


def test_saving_files_the_draft_with_its_evidence_files(demo):
    username = fresh_applicant(demo)
    at = app(demo.actor(username))
    draft_id = open_example_draft(at)
    folder = DraftStore().folder(draft_id)
    contents = {path: demo_evidence_file(path, path, SONGXIN) for path in example_files()}
    for path, content in contents.items():  # the files the applicant attached while filling in the draft
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    at.switch_page(PAGES["filing"]).run()
    assert_no_crash(at)
    assert shown(at, O.FILING_FILES.format(count=len(example_files())))

    at.button(key="filing_save").click().run()
    assert_no_crash(at)
    stored = demo.submission_of("上海新桥芯测科技有限公司")
    assert stored.status == "draft" and stored.round == ROUND
    assert sorted(f.path for f in stored.evidence_files) == example_files()
    reviewer = demo.actor("xinqiao")
    with db.session_scope(demo.engine) as s:  # stored encrypted, and what the office opens is what was attached
        opened = {f.path: evidence.open_evidence(s, reviewer, f.id).data for f in stored.evidence_files}
    assert opened == contents
    assert O.FILING_SAVED.format(id=stored.id, files=len(example_files())) in [s.value for s in at.success]
    assert stored.self_total == at.session_state["_draft"].result.total


def test_submitting_an_incomplete_draft_is_refused_and_nothing_is_filed(demo):
    username = fresh_applicant(demo)
    at = app(demo.actor(username))
    open_example_draft(at)
    at.switch_page(PAGES["filing"]).run()
    given = example_answers("point").answers
    missing = [i.id for i in load_rubric("point").items if i.id not in given]
    assert missing  # the example leaves items out
    assert shown(at, O.FILING_INCOMPLETE.format(count=len(missing)))
    before = demo.count(Submission)

    at.button(key="filing_submit").click().run()
    assert_no_crash(at)
    assert M.SUBMIT_INCOMPLETE.format(count=len(missing), items=short(missing)) in errors(at)
    assert demo.count(Submission) == before  # not even the draft: the whole filing is one transaction


# ---------------------------------------------------------------- park registry and district view


def test_the_park_operator_sees_z15_met_and_proposes_a_member_without_certifying(demo):
    at = app(demo.actor("yungu"), PAGES["park_registry"])
    assert_no_crash(at)
    sites_label = O.REG_SITES_METRIC.format(sites_id="Z15")  # the item ID comes from the rubric's fed_by mark
    sites = next(m for m in at.metric if m.label == sites_label)
    assert sites.value == O.REG_SITES_VALUE.format(count=3, minimum=3)
    assert O.REG_SITES_MET.format(minimum=3) in [s.value for s in at.success]
    assert not [b for b in at.button if b.form_id == "reg_cert_form"]  # no 授牌 for the operator
    assert not [b for b in at.button if b.key and b.key.startswith("reg_confirm_")]
    members_before = len(frame_with(at, O.REG_MEMBER_COLUMNS[3]))

    at.text_input(key="reg_new_name").input("上海云谷新成员科技有限公司")
    at.selectbox(key="reg_new_category").set_value("point")
    form_button(at, "reg_member_form").click().run()
    assert_no_crash(at)
    assert O.REG_MEMBER_PROPOSED.format(name="上海云谷新成员科技有限公司") in [s.value for s in at.success]
    table = frame_with(at, O.REG_MEMBER_COLUMNS[3])
    assert len(table) == members_before + 1
    row = table[table[O.REG_MEMBER_COLUMNS[0]] == "上海云谷新成员科技有限公司"].iloc[0]
    assert row[O.REG_MEMBER_COLUMNS[7]] == "待确认"
    assert demo.scalar("SELECT park_id FROM organisations WHERE name = :n", n="上海云谷新成员科技有限公司") is None
    sites = next(m for m in at.metric if m.label == O.REG_SITES_METRIC.format(sites_id="Z15"))
    assert sites.value == O.REG_SITES_VALUE.format(count=3, minimum=3)


def test_the_bureau_confirms_a_proposal_and_records_a_certification_on_the_registry_page(demo):
    at = app(demo.actor("admin"), PAGES["park_registry"])
    assert_no_crash(at)
    pending = "上海泖港智能装备有限公司"
    [confirm] = [b for b in at.button if b.key and b.key.startswith("reg_confirm_")]
    confirm.click().run()
    assert_no_crash(at)
    assert O.REG_CONFIRMED.format(name=pending) in [s.value for s in at.success]
    park = demo.scalar("SELECT id FROM parks WHERE name = :n", n=PARK)
    assert demo.scalar("SELECT park_id FROM organisations WHERE name = :n", n=pending) == park
    org_id = demo.scalar("SELECT id FROM organisations WHERE name = :n", n=pending)
    at.selectbox(key="reg_cert_org").set_value(org_id)
    at.selectbox(key="reg_cert_level").set_value("district")
    at.selectbox(key="reg_cert_kind").set_value("point")
    at.number_input(key="reg_cert_year").set_value(2026)
    at.text_input(key="reg_cert_number").input("松市监商秘〔2026〕第 001 号")
    form_button(at, "reg_cert_form").click().run()
    assert_no_crash(at)
    assert O.REG_CERTIFIED.format(name=pending, year=2026) in [s.value for s in at.success]
    sites = next(m for m in at.metric if m.label == O.REG_SITES_METRIC.format(sites_id="Z15"))
    assert sites.value == O.REG_SITES_VALUE.format(count=4, minimum=3)
    assert demo.scalar("SELECT certificate_number FROM certifications WHERE organisation_id = :o", o=org_id) == \
        "松市监商秘〔2026〕第 001 号"


def _series(values) -> list:
    """A plotly JSON array, plain or typed (``{"dtype", "bdata"}``)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_the_district_page_charts_the_certifications_against_the_targets(demo):
    at = app(demo.actor("admin"), PAGES["district"])
    assert_no_crash(at)
    assert at.title[0].value == O.DISTRICT_TITLE
    chart = at.get_by_key("district_targets")
    figure = json.loads(chart.proto.spec)
    bars = {trace["name"]: dict(zip(trace["x"], _series(trace["y"]))) for trace in figure["data"]}
    assert bars["2023 年目标"] == {"市级示范区": 1, "市级示范站（点）": 6, "区级示范区": 2, "区级示范站（点）": 40}
    # the demo registers one municipal (2025) and two district (2024, 2025) point certifications
    assert bars["累计认定"] == {"市级示范区": 0, "市级示范站（点）": 1, "区级示范区": 0, "区级示范站（点）": 2}


def test_the_park_operator_fills_the_open_zone_draft_from_the_registry(demo):
    at = app(demo.actor("yungu"), PAGES["start"])
    at.button(key="example_zone").click().run()
    assert_no_crash(at)
    draft_id = at.query_params["draft"]
    working = DraftStore().load(draft_id)
    working["answers"]["Z15"]["value"] = 7  # typed in by hand, more than the registry holds
    DraftStore().save(draft_id, working)
    at.switch_page(PAGES["park_registry"]).run()
    at.button(key="reg_fill_draft").click().run()
    assert_no_crash(at)
    assert O.REG_FILLED.format(items="Z15、ZB1") in [s.value for s in at.success]
    filled = yaml.safe_load((DraftStore().folder(draft_id) / "answers.yaml").read_text(encoding="utf-8"))
    assert filled["answers"]["Z15"]["value"] == 3
    assert filled["answers"]["ZB1"]["types"] == 3 and filled["answers"]["ZB1"]["units"] == 3


def test_the_registry_page_explains_the_fill_button_without_a_zone_draft(demo):
    at = app(demo.actor("yungu"), PAGES["park_registry"])
    assert_no_crash(at)
    assert shown(at, O.REG_NO_ZONE_DRAFT.format(sites_id="Z15", services_id="ZB1"))
    assert not [b for b in at.button if b.key == "reg_fill_draft"]


def test_the_proposed_enterprise_confirms_its_own_park_membership(demo):
    pending = "上海泖港智能装备有限公司"  # proposed by the demo park operator, not yet confirmed
    at = app(demo.actor("demo03"), PAGES["membership"])
    assert_no_crash(at)
    assert at.title[0].value == O.REG_OWN_TITLE
    [confirm] = [b for b in at.button if b.key and b.key.startswith("reg_own_confirm_")]
    confirm.click().run()
    assert_no_crash(at)
    assert O.REG_OWN_CONFIRMED.format(park=PARK) in [s.value for s in at.success]
    assert shown(at, O.REG_OWN_NONE)
    park = demo.scalar("SELECT id FROM parks WHERE name = :n", n=PARK)
    assert demo.scalar("SELECT park_id FROM organisations WHERE name = :n", n=pending) == park
    other = app(demo.actor("demo01"), PAGES["membership"])
    assert shown(other, O.REG_OWN_NONE)
