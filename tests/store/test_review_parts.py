"""A reviewer checks an item with parts (checklist) part by part: a confirmation must agree with the applicant's
ticks, an override's score follows from the parts found met, and the check is recorded, shown and audited."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from scoring.store import db, review, submissions, workflow
from scoring.store.errors import WorkflowError
from scoring.store.models import AuditEntry, Review

from .world import ROUND, full_answers, submitted, uscc

P12_PARTS = ("report", "register", "flow", "lock")  # P12 督促遵守保护制度, 2 points, four parts


def _all(value: bool) -> dict[str, bool]:
    return {key: value for key in P12_PARTS}


def _ticked_some(s, world):
    """A submission whose P12 answer ticks two of four parts, claims 1 point and gives evidence for one part."""
    data = full_answers("point", "上海甲科技有限公司", uscc(1))
    data["answers"]["P12"] = {
        "parts": {"report": True, "register": True, "flow": False, "lock": False}, "score": 1,
        "evidence": [{"title": "涉密载体归档台账", "date": "2026-06-01", "part": "report"}]}
    sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND, data)
    workflow.transition(s, world.applicant_a, sub.id, "submit")
    return sub


def test_confirming_an_item_with_parts_records_the_applicants_ticks_and_the_sheet_shows_them(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="confirm", parts=_all(True),
                               expected_version=sub.version)
        row = s.execute(select(Review).where(Review.submission_id == sub.id)).scalar_one()
        assert (row.decision, row.score, row.parts) == ("confirm", Decimal(2), _all(True))
        checks = review.review_sheet(s, world.applicant_a, sub.id).part_checks("P12")
        assert [(c.key, c.claimed, c.verified) for c in checks] == [(k, True, True) for k in P12_PARTS]
        assert checks[0].label == "涉密信息及载体及时上报，由保密员归档统一管理"
        assert review.review_sheet(s, world.applicant_a, sub.id).part_checks("P13") == ()


def test_a_confirmation_that_disagrees_with_the_ticks_is_refused_naming_the_part(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        found = {**_all(True), "lock": False}
        with pytest.raises(WorkflowError, match="P12.*自评达标、核实未达标：离开工作岗位前下线工作账户或设置电脑锁屏.*调整得分"):
            review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="confirm", parts=found,
                                   expected_version=sub.version)
        assert sub.reviews == []


@pytest.mark.parametrize("found,score,expected", [
    (_all(False), "2", Decimal(0)),  # none met: 0, whatever the score field holds
    (_all(True), "0", Decimal(2)),  # all met: full points
    ({**_all(True), "lock": False}, "1.5", Decimal("1.5")),  # some met: the reviewer's half-step score
])
def test_an_override_with_parts_scores_by_the_parts_found_met(engine, world, found, score, expected):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="override", parts=found, score=score,
                               reason="现场核查", expected_version=sub.version)
        row = s.execute(select(Review).where(Review.submission_id == sub.id)).scalar_one()
        assert (row.score, row.parts) == (expected, found)
        assert sub.final_total == sub.self_total - 2 + expected
        sheet = review.review_sheet(s, world.applicant_a, sub.id)
        assert [c.verified for c in sheet.part_checks("P12")] == [found[k] for k in P12_PARTS]
        sub_id = sub.id
    with db.session_scope(engine) as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "item_overridden",
                                                   AuditEntry.object_id == sub_id)).scalar_one()
        assert json.loads(entry.detail)["parts"] == found


@pytest.mark.parametrize("score", ["2", "0", "1.2", None])
def test_some_parts_met_needs_a_half_step_score_above_0_and_below_full(engine, world, score):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError, match="P12 核实 4 项要件中 3 项达标.*大于 0、小于满分 2"):
            review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="override", score=score,
                                   parts={**_all(True), "flow": False}, reason="流转记录缺失",
                                   expected_version=sub.version)


@pytest.mark.parametrize("item_id,parts,words", [
    ("P13", {"report": True}, "P13 不分要件"),
    ("P12", {**_all(True), "extra": True}, "P12 没有要件 extra"),
    ("P12", {"report": True, "register": True}, "P12 须逐项核实每个要件，缺少：flow、lock"),
    ("P12", {**_all(True), "flow": "yes"}, "P12 的要件 flow 须为达标或未达标"),
    ("P12", ["report"], "P12 须逐项核实每个要件"),
])
def test_parts_must_be_every_part_of_an_item_with_parts_each_true_or_false(engine, world, item_id, parts, words):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError, match=words):
            review.set_item_review(s, world.reviewer_a, sub.id, item_id, decision="override", score="0",
                                   parts=parts, reason="核查", expected_version=sub.version)


def test_confirming_the_rest_records_the_ticks_of_items_with_parts_only(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.confirm_remaining(s, world.reviewer_a, sub.id, sub.version)
        rows = {r.item_id: r.parts for r in s.execute(select(Review).where(Review.submission_id == sub.id)).scalars()}
        assert rows["P12"] == _all(True) and rows["P16"] == {"declassify": True, "revoke": True, "notify": True}
        assert rows["P13"] is None and rows["P01"] is None


def test_the_sheet_shows_each_parts_tick_and_evidence_and_a_confirmation_keeps_a_partial_claim(engine, world):
    with db.session_scope(engine) as s:
        sub = _ticked_some(s, world)
        checks = review.review_sheet(s, world.reviewer_a, sub.id).part_checks("P12")
        assert [(c.claimed, c.evidence, c.verified) for c in checks] == [
            (True, ("涉密载体归档台账",), None), (True, (), None), (False, (), None), (False, (), None)]
        ticks = {"report": True, "register": True, "flow": False, "lock": False}
        review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="confirm", parts=ticks,
                               expected_version=sub.version)
        row = s.execute(select(Review).where(Review.submission_id == sub.id)).scalar_one()
        assert (row.score, row.parts) == (Decimal(1), ticks)


def test_confirming_a_partial_claim_without_ticks_records_the_reviewers_check(engine, world):
    with db.session_scope(engine) as s:
        data = full_answers("point", "上海甲科技有限公司", uscc(1), partial={"P12": 1.5})
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND, data)
        workflow.transition(s, world.applicant_a, sub.id, "submit")
        found = {**_all(True), "flow": False}
        review.set_item_review(s, world.reviewer_a, sub.id, "P12", decision="confirm", parts=found,
                               expected_version=sub.version)
        row = s.execute(select(Review).where(Review.submission_id == sub.id)).scalar_one()
        assert (row.score, row.parts) == (Decimal("1.5"), found)
        checks = review.review_sheet(s, world.reviewer_a, sub.id).part_checks("P12")
        assert [(c.claimed, c.verified) for c in checks] == [(None, found[k]) for k in P12_PARTS]
