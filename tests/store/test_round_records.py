"""Who recommends and who decides (plan sections 五–六, annex 1): the two opinions and their paper copies, the
selection's paper-copy warning, the meeting decision, 授牌 with certificate numbers, and the 报备 export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from scoring.store import auth, db, decisions, opinions, ranking, report
from scoring.store.errors import PermissionDenied, WorkflowError
from scoring.store.models import AuditEntry, Certification, Submission, User

from ..cli_runner import invoke
from .test_ranking import _reviewed
from .world import ROUND

D = dt.date


def test_the_office_recommends_the_bureau_accepts_and_the_applicant_sees_only_final_opinions(engine, world):
    with db.session_scope(engine) as s:
        sub = _reviewed(s, world, "甲一", 1, {})
        sid = sub.id
        opinions.save_opinion(s, world.reviewer_a, sid, "recommendation", "同意推荐", "王所长", D(2026, 9, 8))
        with pytest.raises(PermissionDenied):
            opinions.save_opinion(s, world.reviewer_a, sid, "acceptance", "通过", "王所长", D(2026, 9, 25))
        with pytest.raises(PermissionDenied):
            opinions.save_opinion(s, world.reviewer_b, sid, "recommendation", "同意", "赵所长", D(2026, 9, 8))
        opinions.save_opinion(s, world.admin, sid, "acceptance", "经综合评定，予以通过", "陈科长", D(2026, 9, 25),
                              final=True)
    with db.session_scope(engine) as s:
        owner = s.get(Submission, sid).organisation_id
        user = s.execute(select(User).where(User.organisation_id == owner)).scalar_one()
        seen = opinions.opinions_of(s, auth.actor_of(user), sid)
        assert list(seen) == ["acceptance"] and seen["acceptance"].text == "经综合评定，予以通过"
        assert set(opinions.opinions_of(s, world.reviewer_a, sid)) == {"recommendation", "acceptance"}
        with pytest.raises(WorkflowError, match="已定稿"):
            opinions.save_opinion(s, world.admin, sid, "acceptance", "改", "陈科长", D(2026, 9, 26))


def test_an_opinion_needs_text_responsible_person_and_date(engine, world):
    with db.session_scope(engine) as s:
        sid = _reviewed(s, world, "甲一", 1, {}).id
        with pytest.raises(WorkflowError, match="均须填写"):
            opinions.save_opinion(s, world.reviewer_a, sid, "recommendation", "  ", "王所长", D(2026, 9, 8))


def test_selection_warns_until_the_sealed_paper_copy_is_received(engine, world):
    with db.session_scope(engine) as s:
        sid = _reviewed(s, world, "甲一", 1, {}).id
        warned = ranking.select_submissions(s, world.admin, ROUND, [sid]).warnings
        assert any("甲一" in w and "纸质" in w for w in warned)
        opinions.save_opinion(s, world.reviewer_a, sid, "recommendation", "同意推荐", "王所长", D(2026, 9, 8))
        with pytest.raises(PermissionDenied):
            opinions.record_paper_copy(s, world.reviewer_a, sid, "recommendation", D(2026, 9, 9))
        view = opinions.record_paper_copy(s, world.admin, sid, "recommendation", D(2026, 9, 9))
        assert view.paper_received_on == D(2026, 9, 9)
        assert not any("纸质" in w for w in ranking.selection_warnings(s, ROUND))
        assert s.execute(select(AuditEntry).where(AuditEntry.action == "paper_received")).scalar_one()


def _selected(s, world, names):
    subs = [_reviewed(s, world, name, n, {}) for n, name in enumerate(names, start=1)]
    ranking.select_submissions(s, world.admin, ROUND, [sub.id for sub in subs])
    return [sub.id for sub in subs]


def test_the_meeting_approves_selected_submissions_once_and_only_those(engine, world):
    with db.session_scope(engine) as s:
        first, second = _selected(s, world, ["甲一", "乙二"])
        unselected = _reviewed(s, world, "丙三", 3, {}).id
        with pytest.raises(WorkflowError, match="不在 2026 年度的入选名单"):
            decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 12), "审议通过", [first, unselected])
        with pytest.raises(PermissionDenied):
            decisions.record_decision(s, world.reviewer_a, ROUND, D(2026, 10, 12), "审议通过", [first])
        decided = decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 12), "审议通过甲一", [first])
        assert [site.submission_id for site in decided.approved] == [first]
        with pytest.raises(WorkflowError, match="已记录"):
            decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 13), "再议", [second])
        with pytest.raises(WorkflowError, match="不在 2026 年度局长办公会议通过的名单"):
            decisions.award_certificate(s, world.admin, second, "SJ-2026-002", D(2026, 10, 20))


def test_award_needs_a_decision_and_a_unique_number_and_records_the_certification(engine, world):
    with db.session_scope(engine) as s:
        first, second = _selected(s, world, ["甲一", "乙二"])
        with pytest.raises(WorkflowError, match="尚未记录局长办公会议决定"):
            decisions.award_certificate(s, world.admin, first, "SJ-2026-001", D(2026, 10, 20))
        decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 12), "审议通过", [first, second])
        site = decisions.award_certificate(s, world.admin, first, "SJ-2026-001", D(2026, 10, 20))
        assert site.certificate_no == "SJ-2026-001"
        with pytest.raises(WorkflowError, match="已被使用"):
            decisions.award_certificate(s, world.admin, second, "SJ-2026-001", D(2026, 10, 20))
        cert = s.execute(select(Certification).where(Certification.submission_id == first)).scalar_one()
        assert (cert.level, cert.kind, cert.year) == ("district", "point", ROUND)


def test_the_report_lists_awarded_sites_in_xlsx_and_docx_with_formula_text_kept_as_text(engine, world):
    with db.session_scope(engine) as s:
        first, second = _selected(s, world, ["=HYPERLINK(\"x\")公司", "乙二"])
        with pytest.raises(WorkflowError, match="尚无授牌记录"):
            report.report_bytes(s, world.admin, ROUND, ".xlsx")
        decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 12), "审议通过", [first, second])
        decisions.award_certificate(s, world.admin, first, "SJ-2026-001", D(2026, 10, 20))
        data = report.report_bytes(s, world.admin, ROUND, ".xlsx")
        word = report.report_bytes(s, world.admin, ROUND, ".docx")
        with pytest.raises(PermissionDenied):
            report.report_bytes(s, world.reviewer_a, ROUND, ".xlsx")
        with pytest.raises(WorkflowError, match=".xlsx 或 .docx"):
            report.report_bytes(s, world.admin, ROUND, ".csv")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["类别", "单位名称", "统一社会信用代码", "市场监管所", "自评得分", "复核得分", "证书编号",
                       "局长办公会议日期", "授牌日期"]
    assert len(rows) == 2  # the unawarded site is not reported
    assert rows[1][0] == "示范点" and rows[1][1] == "=HYPERLINK(\"x\")公司" and rows[1][3] == "新桥市场监管所"
    assert rows[1][6:] == ["SJ-2026-001", "2026-10-12", "2026-10-20"]
    assert sheet.cell(row=3, column=2).data_type == "s" and sheet.cell(row=3, column=2).quotePrefix
    table = Document(io.BytesIO(word)).tables[0]
    assert [c.text for c in table.rows[1].cells][6] == "SJ-2026-001"


def test_cli_shows_and_sets_the_round_reopens_filing_and_exports_the_report(engine, world, tmp_path, monkeypatch):
    from .conftest import url_of

    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    monkeypatch.setenv("TSP_TODAY", "2026-09-12")
    shown = invoke(["round", "show", "2026"])
    assert shown.exit_code == 0 and "方案默认" in shown.stdout and "申报截止：2026-09-10" in shown.stdout
    changed = invoke(["round", "set", "2026", "--phase", "filing=2026-09-01:2026-09-15"])
    assert changed.exit_code == 0 and "2026-09-15" in changed.stdout
    bad = invoke(["round", "set", "2026", "--phase", "filing=2026-09-20:2026-09-15"])
    assert bad.exit_code == 2 and "晚于结束日" in bad.stderr
    reopened = invoke(["round", "reopen", "2026", "上海甲科技有限公司", "--until", "2026-09-30",
                                   "--reason", "补交盖章件"])
    assert reopened.exit_code == 0, reopened.stderr
    with db.session_scope(engine) as s:
        first = _selected(s, world, ["甲一"])[0]
        decisions.record_decision(s, world.admin, ROUND, D(2026, 10, 12), "审议通过", [first])
        decisions.award_certificate(s, world.admin, first, "SJ-2026-001", D(2026, 10, 20))
    out = tmp_path / "报备.xlsx"
    exported = invoke(["export", "report", "--round", "2026", "--out", str(out)])
    assert exported.exit_code == 0, exported.stderr
    assert load_workbook(out).active["G3"].value == "SJ-2026-001"
    wrong = invoke(["export", "report", "--round", "2026", "--out", str(tmp_path / "x.csv")])
    assert wrong.exit_code == 2 and ".xlsx 或 .docx" in wrong.stderr
    listed = tmp_path / "名单.xlsx"
    assert invoke(["cultivation", "export", "--round", "2026", "--out", str(listed)]).exit_code == 0
    loaded = invoke(["cultivation", "import", str(listed), "--round", "2026"])
    assert loaded.exit_code == 0 and "已导入 0 个单位" in loaded.stdout


def test_the_stored_annex_1_form_prints_the_opinions_the_reader_may_see(engine, world):
    with db.session_scope(engine) as s:
        sid = _reviewed(s, world, "甲一", 1, {}).id
        opinions.save_opinion(s, world.reviewer_a, sid, "recommendation", "同意推荐", "王所长", D(2026, 9, 8))
        opinions.save_opinion(s, world.admin, sid, "acceptance", "予以通过", "陈科长", D(2026, 9, 25), final=True)
        office_copy = opinions.application_form(s, world.reviewer_a, sid)
        owner = s.execute(select(User).where(User.organisation_id == s.get(Submission, sid).organisation_id)
                          ).scalar_one()
        applicant_copy = opinions.application_form(s, auth.actor_of(owner), sid)

    def rows(data: bytes) -> list[str]:
        table = Document(io.BytesIO(data)).tables[0]
        return [row.cells[-1].text for row in table.rows[-2:]]

    assert rows(office_copy)[0].startswith("同意推荐\n负责人：王所长")
    assert rows(office_copy)[1].startswith("予以通过\n负责人：陈科长")
    assert rows(applicant_copy)[0].startswith("\n负责人：　")  # the draft recommendation is not shown to it
    assert "2026年9月25日" in rows(applicant_copy)[1]
