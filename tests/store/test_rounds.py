"""The round's calendar (plan section 五), the filing deadline with its per-organisation reopening, and the
reviewer's eligibility confirmation (section 三), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scoring.store import db, eligibility_review, filing, rounds
from scoring.store.errors import PermissionDenied, SettingInvalid, WorkflowError
from scoring.store.models import AuditEntry

from .world import ROUND, full_answers, submitted, uscc

D = dt.date


def test_a_year_without_settings_follows_the_plans_calendar(engine):
    with db.session_scope(engine) as s:
        calendar = rounds.get_round(s, ROUND)
    assert not calendar.stored
    assert [(p.label, p.start, p.end) for p in calendar.phases] == [
        ("孵化培育", D(2026, 5, 1), D(2026, 8, 31)), ("创建申报", D(2026, 9, 1), D(2026, 9, 10)),
        ("验收评定", D(2026, 9, 11), D(2026, 9, 30)), ("报批授牌", D(2026, 10, 1), D(2026, 10, 31)),
        ("推广运用", D(2026, 10, 1), D(2026, 12, 31))]
    assert calendar.filing_deadline == D(2026, 9, 10)


def test_the_bureau_moves_the_deadline_and_the_change_is_audited(engine, world):
    with db.session_scope(engine) as s:
        changed = rounds.set_round(s, world.admin, ROUND, {"filing": ("2026-09-01", "2026-09-15")})
        assert changed.stored and changed.filing_deadline == D(2026, 9, 15)
        assert changed.phase("acceptance").start == D(2026, 9, 11)  # the others keep their dates
    with db.session_scope(engine) as s:
        assert rounds.get_round(s, ROUND).filing_deadline == D(2026, 9, 15)
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "round_changed")).scalar_one()
        assert "2026-09-15" in entry.detail


@pytest.mark.parametrize("changes, fragment", [
    ({"filing": ("2026-09-20", "2026-09-10")}, "晚于结束日"),
    ({"filing": ("2026-09-01", "2027-01-10")}, "应在 2026 年内"),
    ({"filing": ("2026-09-01", "9月10日")}, "不是 YYYY-MM-DD"),
    ({"harvest": ("2026-09-01", "2026-09-10")}, "未知的阶段"),
])
def test_bad_phase_dates_are_refused_in_chinese(engine, world, changes, fragment):
    with db.session_scope(engine) as s, pytest.raises(SettingInvalid, match=fragment):
        rounds.set_round(s, world.admin, ROUND, changes)


def test_only_the_bureau_sets_the_calendar(engine, world):
    with db.session_scope(engine) as s, pytest.raises(PermissionDenied):
        rounds.set_round(s, world.reviewer_a, ROUND, {"filing": ("2026-09-01", "2026-09-20")})


def test_status_names_the_phase_and_days_left(engine):
    with db.session_scope(engine) as s:
        early = rounds.round_status(s, D(2026, 9, 8))
        late = rounds.round_status(s, D(2026, 10, 20))
        winter = rounds.round_status(s, D(2026, 1, 15))
    assert [p.key for p in early.current] == ["filing"] and early.days_left == 3 and early.filing_open
    assert early.days_to_deadline == 2
    assert [p.key for p in late.current] == ["approval", "promotion"] and not late.filing_open
    assert winter.current == () and winter.next_phase.key == "cultivation"


def _answers() -> dict:
    return full_answers("point", "上海甲科技有限公司", uscc(1))


def test_filing_on_the_deadline_is_accepted_and_the_day_after_refused(engine, world):
    with db.session_scope(engine) as s:
        filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=False, today=D(2026, 9, 10))
    with db.session_scope(engine) as s, pytest.raises(rounds.FilingClosed, match="2026-09-10 截止"):
        filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=True, today=D(2026, 9, 11))
    with db.session_scope(engine) as s, pytest.raises(rounds.FilingClosed, match="尚未开放"):
        filing.file_draft(s, world.applicant_b, ROUND, full_answers("point", "上海乙科技有限公司", uscc(2)), {},
                          submit=False, today=D(2026, 8, 20))


def test_the_clock_reads_tsp_today(monkeypatch):
    monkeypatch.setenv("TSP_TODAY", "2026-09-11")
    assert rounds.today() == D(2026, 9, 11)
    monkeypatch.delenv("TSP_TODAY")
    assert isinstance(rounds.today(), dt.date)


def test_reopening_lets_one_organisation_file_until_its_day_and_is_audited(engine, world):
    late = D(2026, 9, 12)
    with db.session_scope(engine) as s:
        granted = rounds.reopen_filing(s, world.admin, ROUND, world.org_a, D(2026, 9, 14), "材料盖章延误", on=late)
        assert granted.organisation == "上海甲科技有限公司"
    with db.session_scope(engine) as s:
        filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=True, today=D(2026, 9, 14))
    with db.session_scope(engine) as s, pytest.raises(rounds.FilingClosed):
        filing.file_draft(s, world.applicant_b, ROUND, full_answers("point", "上海乙科技有限公司", uscc(2)), {},
                          submit=True, today=late)
    with db.session_scope(engine) as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "filing_reopened")).scalar_one()
        assert entry.object_id == world.org_a and "材料盖章延误" in entry.detail
        assert [r.organisation_id for r in rounds.reopenings(s, world.admin, ROUND)] == [world.org_a]


def test_reopening_needs_the_bureau_and_a_reason(engine, world):
    with db.session_scope(engine) as s, pytest.raises(PermissionDenied):
        rounds.reopen_filing(s, world.reviewer_a, ROUND, world.org_a, D(2026, 9, 20), "x", on=D(2026, 9, 12))
    with db.session_scope(engine) as s, pytest.raises(WorkflowError, match="原因"):
        rounds.reopen_filing(s, world.admin, ROUND, world.org_a, D(2026, 9, 20), " ", on=D(2026, 9, 12))
    with db.session_scope(engine) as s, pytest.raises(WorkflowError, match="早于今天"):
        rounds.reopen_filing(s, world.admin, ROUND, world.org_a, D(2026, 9, 11), "x", on=D(2026, 9, 12))


def _eligible_answers() -> dict:
    data = _answers()
    data["applicant"]["eligibility"] = {"org_kind": "enterprise", "industry": "automotive", "leading": "no"}
    return data


def test_the_reviewer_sees_the_computed_verdict_and_confirms_it_as_a_record(engine, world):
    with db.session_scope(engine) as s:
        sub = filing.file_draft(s, world.applicant_a, ROUND, _eligible_answers(), {}, submit=True).submission.id
    with db.session_scope(engine) as s:
        view = eligibility_review.eligibility_of(s, world.reviewer_a, sub)
        assert view.assessed.eligible is False and view.confirmation is None
        with pytest.raises(WorkflowError, match="须填写说明"):
            eligibility_review.confirm_eligibility(s, world.reviewer_a, sub, False)
    with db.session_scope(engine) as s:
        eligibility_review.confirm_eligibility(s, world.reviewer_a, sub, False, "规模未达领先")
    with db.session_scope(engine) as s:
        seen = eligibility_review.eligibility_of(s, world.applicant_a, sub)
        assert seen.confirmation.eligible is False and seen.confirmation.note == "规模未达领先"
        assert seen.confirmation.by == "reviewer_a用户"
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "eligibility_confirmed")).scalar_one()
        assert '"computed":false' in entry.detail


def test_another_office_and_the_applicant_cannot_confirm(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world).id
    with db.session_scope(engine) as s, pytest.raises(PermissionDenied):
        eligibility_review.confirm_eligibility(s, world.reviewer_b, sub, True)
    with db.session_scope(engine) as s, pytest.raises(PermissionDenied):
        eligibility_review.confirm_eligibility(s, world.applicant_a, sub, True)
