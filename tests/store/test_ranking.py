"""Ranking per category by the reviewed score, the pass line as a setting, and quota warnings on selection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.store import db, directory, ranking, review, settings, workflow
from scoring.store.actors import SYSTEM
from scoring.store.errors import PermissionDenied, SettingInvalid, WorkflowError

from .world import submitted, uscc


def _reviewed(s, world, name: str, serial: int, overrides: dict[str, float], office: int | None = None):
    """A reviewed point submission of a new organisation, with some items overridden."""
    office = office or world.office_a
    org = directory.create_organisation(s, SYSTEM, name, "point", uscc=uscc(100 + serial), office_id=office)
    from scoring.store import auth

    user = auth.actor_of(auth.create_user(s, SYSTEM, f"app{serial}", name, "correct horse battery", "applicant",
                                          organisation_id=org.id))
    sub = submitted(s, world, actor=user, org_id=org.id, name=name, code=uscc(100 + serial))
    reviewer = world.reviewer_a if office == world.office_a else world.reviewer_b
    for item_id, value in overrides.items():
        review.set_item_review(s, reviewer, sub.id, item_id, decision="override", score=value, reason="核减",
                               expected_version=sub.version)
    review.confirm_remaining(s, reviewer, sub.id, expected_version=sub.version)
    workflow.transition(s, reviewer, sub.id, "complete_review")
    return sub


def test_ranking_orders_by_reviewed_score_and_ties_share_a_rank(engine, world):
    with db.session_scope(engine) as s:
        top = _reviewed(s, world, "甲一", 1, {})
        tie_a = _reviewed(s, world, "乙二", 2, {"P01": 0})
        tie_b = _reviewed(s, world, "丙三", 3, {"P02": 0, "P03": 2})
        rows = ranking.ranking(s, world.admin, "point", 2026)
    assert [(r.rank, r.submission_id) for r in rows] == [(1, top.id), (2, tie_a.id), (2, tie_b.id)]
    assert rows[1].final_total == rows[0].final_total - 3
    assert all(r.passed is None for r in rows)  # no pass line set yet


def test_pass_line_is_a_setting_that_marks_who_passes(engine, world):
    with db.session_scope(engine) as s:
        high = _reviewed(s, world, "甲一", 1, {})
        low = _reviewed(s, world, "乙二", 2, {"P13": 0, "P42": 0})
        line = high.final_total - 1
        settings.set_setting(s, world.admin, "pass_line.point", str(line))
        rows = {r.submission_id: r.passed for r in ranking.ranking(s, world.admin, "point", 2026)}
        assert settings.pass_line(s, "point") == line
    assert rows == {high.id: True, low.id: False}


def test_only_the_bureau_changes_settings_and_values_are_checked(engine, world):
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            settings.set_setting(s, world.reviewer_a, "pass_line.point", 80)
        for key, value in (("pass_line.point", 200), ("pass_line.point", "80.3"), ("quota.zone", [5, 1]),
                           ("nothing", 1)):
            with pytest.raises(SettingInvalid):
                settings.set_setting(s, world.admin, key, value)
        assert settings.quota(s, "point") == (10, 30)


def test_a_reviewer_ranks_only_its_own_offices_submissions(engine, world):
    with db.session_scope(engine) as s:
        mine = _reviewed(s, world, "甲一", 1, {})
        _reviewed(s, world, "乙二", 2, {}, office=world.office_b)
        assert [r.submission_id for r in ranking.ranking(s, world.reviewer_a, "point", 2026)] == [mine.id]
        assert len(ranking.ranking(s, world.admin, "point", 2026)) == 2


def test_selection_warns_when_quotas_are_broken_or_a_pick_is_below_the_pass_line(engine, world):
    with db.session_scope(engine) as s:
        subs = [_reviewed(s, world, f"单位{n}", n, {"P13": 0} if n == 2 else {}) for n in range(1, 4)]
        settings.set_setting(s, world.admin, "pass_line.point", str(subs[0].final_total))
        outcome = ranking.select_submissions(s, world.admin, 2026, [subs[0].id, subs[1].id])
        assert outcome.changed == [subs[0].id, subs[1].id]
        assert "示范点入选 2 个，少于本轮原则上的下限 10 个。" in outcome.warnings
        assert "示范区入选 0 个，少于本轮原则上的下限 1 个。" in outcome.warnings
        assert any("单位2" in w and "低于合格线" in w for w in outcome.warnings)
        settings.set_setting(s, world.admin, "quota.point", [1, 1])
        warnings = ranking.selection_warnings(s, 2026)
        assert "示范点入选 2 个，多于本轮原则上的上限 1 个。" in warnings
        assert subs[1].status == "selected"


def test_only_reviewed_submissions_can_be_selected_and_only_by_the_bureau(engine, world):
    with db.session_scope(engine) as s:
        open_one = submitted(s, world)
        done = _reviewed(s, world, "乙二", 2, {})
        with pytest.raises(WorkflowError, match="尚未完成复核"):
            ranking.select_submissions(s, world.admin, 2026, [open_one.id])
        with pytest.raises(PermissionDenied):
            ranking.select_submissions(s, world.reviewer_a, 2026, [done.id])
        out = ranking.deselect_submissions(s, world.admin, 2026, [done.id], note="复议")
        assert out.changed == [] and done.status == "reviewed"
        assert ranking.selected_counts(s, 2026) == {"zone": 0, "station": 0, "point": 0}
        assert Decimal(done.final_total) == done.self_total
