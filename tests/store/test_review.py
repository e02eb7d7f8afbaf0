"""The office review: overrides need a score and a reason, the final score is recomputed exactly, the applicant's
claim stays, and a stale or concurrent edit is refused instead of overwriting."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from scoring.answers import parse_answers
from scoring.engine import score
from scoring.store import db, review, submissions
from scoring.store.errors import Conflict, WorkflowError
from scoring.store.models import Review, Submission

from .world import full_answers, submitted


def test_apply_overrides_replaces_item_scores_and_recomputes_totals_and_subtotals_exactly():
    result = score(None, parse_answers(full_answers("point", "测试单位")))
    changed = review.apply_overrides(result, {"P01": Decimal("1.5"), "PB1": Decimal("0")}, {"P01": "职责不清"})
    assert changed.item("P01").score == Decimal("1.5") and changed.item("PB1").score == 0
    assert changed.base == result.base - Decimal("1.5") and changed.bonus == result.bonus - 5
    assert changed.total == changed.base + changed.bonus
    assert changed.claimed_total == result.claimed_total and changed.item("P01").claimed == 3
    organisation = next(i for i in changed.indicators if i.indicator == result.item("P01").indicator)
    assert organisation.score == sum(i.score for i in changed.items if i.indicator == organisation.indicator
                                     and not i.bonus)
    assert "职责不清" in changed.item("P01").messages[-1]
    assert result.item("P01").score == 3  # the engine's own result is untouched


def test_override_is_stored_apart_from_the_answers_and_changes_only_the_final_score(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        answers_before, self_before = dict(sub.answers), sub.self_total
        review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score="2.5",
                               reason="监督记录只覆盖一个季度", expected_version=sub.version)
        assert sub.answers == answers_before and sub.self_total == self_before
        assert sub.final_total == self_before - Decimal("2.5")
        sheet = review.review_sheet(s, world.applicant_a, sub.id)
        frame = sheet.items_frame().set_index("item_id")
        assert (frame.loc["P13", "self_score"], frame.loc["P13", "final_score"]) == (5, Decimal("2.5"))
        assert frame.loc["P13", "reason"] == "监督记录只覆盖一个季度"
        assert sheet.final.total == sub.final_total and sheet.own.total == self_before


@pytest.mark.parametrize("value,reason,words", [
    ("2.5", None, "须填写理由"), ("2.5", "  ", "须填写理由"), ("6", "过高", "0 到 5"), ("-1", "负数", "0 到 5"),
    ("1.2", "不是半分", "0.5 的整数倍"), ("abc", "不是数", "0 到 5"),
])
def test_overrides_need_a_half_step_score_within_the_item_and_a_reason(engine, world, value, reason, words):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError, match=words):
            review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score=value,
                                   reason=reason, expected_version=sub.version)


def test_confirm_takes_the_engines_score_and_changing_a_decision_keeps_one_record(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score=0, reason="无记录",
                               expected_version=sub.version)
        review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="confirm", expected_version=sub.version)
        rows = s.execute(select(Review).where(Review.submission_id == sub.id)).scalars().all()
        assert [(r.item_id, r.decision, r.score) for r in rows] == [("P13", "confirm", Decimal(5))]
        assert sub.final_total == sub.self_total


def test_a_stale_version_raises_a_conflict_and_saves_nothing(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        sub_id, seen = sub.id, sub.version
    with db.session_scope(engine) as s:  # the first reviewer saves
        review.set_item_review(s, world.reviewer_a, sub_id, "P01", decision="override", score=1, reason="甲的意见",
                               expected_version=seen)
    with pytest.raises(Conflict, match=f"您打开时为版本 {seen}") as err:
        with db.session_scope(engine) as s:  # the second, on the page loaded before, does not overwrite
            review.set_item_review(s, world.admin, sub_id, "P01", decision="override", score=3, reason="乙的意见",
                                   expected_version=seen)
    assert err.value.current_version == seen + 1
    with db.session_scope(engine) as s:
        kept = s.execute(select(Review).where(Review.submission_id == sub_id)).scalar_one()
        assert (kept.score, kept.reason) == (1, "甲的意见")


def test_two_reviewers_saving_at_once_one_wins_and_the_other_gets_a_conflict(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        sub_id, seen = sub.id, sub.version
    barrier = threading.Barrier(2, timeout=1)
    outcomes: dict[str, object] = {}

    def save(name: str, actor, value: int) -> None:
        try:
            with db.session_scope(engine) as s:
                s.get(Submission, sub_id)  # both pages loaded the same version
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    pass  # SQLite: the other writer waits for this transaction; nothing interleaves
                review.set_item_review(s, actor, sub_id, "P01", decision="override", score=value,
                                       reason=f"{name}的意见", expected_version=seen)
            outcomes[name] = "saved"
        except Conflict as err:
            outcomes[name] = err

    threads = [threading.Thread(target=save, args=("甲", world.reviewer_a, 1)),
               threading.Thread(target=save, args=("乙", world.admin, 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(type(v).__name__ for v in outcomes.values()) == ["Conflict", "str"]
    winner = next(name for name, v in outcomes.items() if v == "saved")
    with db.session_scope(engine) as s:
        kept = s.execute(select(Review).where(Review.submission_id == sub_id)).scalar_one()
        assert kept.reason == f"{winner}的意见"
        assert s.get(Submission, sub_id).version == seen + 1


def test_saving_answers_on_a_stale_version_is_a_conflict_too(engine, world):
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, 2026,
                                            full_answers("point", "上海甲科技有限公司", missing=("P01",)))
        first = sub.version
        submissions.save_answers(s, world.applicant_a, sub.id, full_answers("point", "上海甲科技有限公司"),
                                 expected_version=first)
        with pytest.raises(Conflict):
            submissions.save_answers(s, world.applicant_a, sub.id, full_answers("point", "上海甲科技有限公司"),
                                     expected_version=first)


def test_reviews_are_allowed_only_while_submitted(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.confirm_remaining(s, world.reviewer_a, sub.id, expected_version=sub.version)
        from scoring.store import workflow

        workflow.transition(s, world.reviewer_a, sub.id, "complete_review")
        with pytest.raises(WorkflowError, match="已复核"):
            review.set_item_review(s, world.reviewer_a, sub.id, "P01", decision="confirm",
                                   expected_version=sub.version)


def test_indicator_frame_compares_self_and_final_per_indicator(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P42", decision="override", score=0,
                               reason="检查报告未覆盖四方面", expected_version=sub.version)
        frame = review.review_sheet(s, world.reviewer_a, sub.id).indicators_frame()
        row = frame[frame["indicator"] == "商业秘密检查改进情况"].iloc[0]
        assert (row["self_score"], row["final_score"], row["max"]) == (10, 5, 10)


def test_a_submission_filed_under_an_older_rubric_version_says_so_instead_of_scoring(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        sub.answers = {**sub.answers, "rubric_version": "2019.1"}
    with db.session_scope(engine) as s:
        with pytest.raises(WorkflowError, match="验收表版本 2019.1"):
            review.review_sheet(s, world.reviewer_a, sub.id)
