"""Edges of the office pages that used to end on the generic error page or an English message: a submission ID
in the address that names no submission, the decision control clicked twice, and a damaged zip in 批量导入."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml

from app_pages.common.paths import PAGES
from app_pages.strings import applicant as S
from app_pages.strings import office as O
from scoring.store import jobs
from scoring.store import messages as M
from scoring.store.models import Submission
from tests.markdown_text import literal
from tests.office_fixtures import app, demo, demo_file  # noqa: F401 - fixtures
from tests.store.world import full_answers, pdf_bytes, uscc

SONGXIN = "上海松芯微电子科技有限公司"


def messages(at) -> list[str]:
    return [literal(e.value) for e in (*at.error, *at.warning, *at.info)]


def assert_no_crash(at) -> None:
    assert not at.exception
    assert S.UNEXPECTED_ERROR not in messages(at) and O.DATABASE_ERROR not in messages(at)


@pytest.mark.parametrize("raw", ["9223372036854775808", "99999999999999999999999", "-1", "0", "abc", "1e3", "１２",
                                 " 3x"])
def test_a_submission_id_that_is_no_positive_64_bit_integer_says_there_is_no_such_submission(demo, raw):
    at = app(demo.actor("admin"), PAGES["review"], submission=raw)
    assert_no_crash(at)
    assert O.REVIEW_NO_SUCH_SUBMISSION.format(value=raw.strip()) in messages(at)


def test_the_largest_64_bit_id_is_looked_up_and_not_found(demo):
    largest = str(2**63 - 1)
    at = app(demo.actor("admin"), PAGES["review"], submission=largest)
    assert_no_crash(at)
    assert M.NOT_FOUND_OR_FORBIDDEN.format(what="申报", id=largest) in messages(at)


def test_a_second_click_on_the_chosen_decision_keeps_it(demo):
    sid = demo.submission_of(SONGXIN).id
    at = app(demo.actor("xinqiao"), PAGES["review"], submission=str(sid))
    control = at.segmented_control(key="rv_decision_P01")
    assert control.proto.required  # Streamlit ignores a click on the selected option of a required control
    control.set_value("override")
    at.number_input(key="rv_score_P01").set_value(1.0)
    at.text_input(key="rv_reason_P01").input("通知未见正式发文")
    next(b for b in at.button if b.form_id == "rv_form_P01").click().run()
    assert_no_crash(at)
    assert not any("未知操作" in m for m in messages(at))
    assert [(r.item_id, r.decision) for r in demo.submission(sid).reviews] == [("P01", "override")]


def _damaged_zip() -> bytes:
    """A zip whose answers file fails its CRC check when read (one byte of the stored data changed)."""
    answers = yaml.safe_dump(full_answers("point", "上海导入甲有限公司", uscc(201)), allow_unicode=True).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a/甲.yaml", answers)
        archive.writestr("a/通知.pdf", pdf_bytes("通知"))
    data = bytearray(buffer.getvalue())
    at = data.index(b"rubric")
    data[at] ^= 0x01  # "rubric" → "subric" inside the stored member: the CRC no longer matches
    return bytes(data)


def test_a_damaged_zip_is_refused_with_a_chinese_message_and_nothing_is_imported(demo):
    before = demo.count(Submission)
    at = app(demo.actor("xinqiao"), PAGES["import"])
    at.file_uploader(key="import_zip").upload("申报材料.zip", _damaged_zip(), "application/zip").run()
    at.button(key="import_run").click().run()
    assert_no_crash(at)
    assert jobs.run_one(demo.engine, "test-worker") == int(at.query_params["job"])  # the background import
    at.run()
    assert_no_crash(at)
    report = next(e.value for e in at.dataframe if M.IMPORT_REPORT_COLUMNS["problems"] in e.value.columns)
    problems = dict(zip(report[M.IMPORT_REPORT_COLUMNS["file"]], report[M.IMPORT_REPORT_COLUMNS["problems"]]))
    assert M.IMPORT_MEMBER_CRC.format(name="a/甲.yaml") in problems["a/甲.yaml"]  # the damaged member is named
    assert demo.count(Submission) == before
