"""Submission states: who may move a submission where, what each step needs, and that every step is logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scoring.store import db, review, submissions, workflow
from scoring.store.errors import PermissionDenied, WorkflowError
from scoring.store.models import AuditEntry

from .world import ROUND, full_answers, submitted, uscc


def _draft(s, world, **kwargs):
    return submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                         full_answers("point", "上海甲科技有限公司", uscc(1), **kwargs))


def test_an_applicant_cannot_submit_while_an_item_is_unanswered(engine, world):
    with db.session_scope(engine) as s:
        sub = _draft(s, world, missing=("P19", "PB7"))
        with pytest.raises(WorkflowError, match="2 个条目未作答（P19、PB7）"):
            workflow.transition(s, world.applicant_a, sub.id, "submit")
        assert sub.status == "draft"


def test_submit_then_request_changes_then_resubmit_then_review_then_select(engine, world):
    with db.session_scope(engine) as s:
        sub = _draft(s, world)
        workflow.transition(s, world.applicant_a, sub.id, "submit")
        workflow.transition(s, world.reviewer_a, sub.id, "request_changes", note="请补充 P05 证据")
        assert sub.status == "changes_requested"
        submissions.save_answers(s, world.applicant_a, sub.id, full_answers("point", "上海甲科技有限公司", uscc(1)),
                                 expected_version=sub.version)
        workflow.transition(s, world.applicant_a, sub.id, "submit")
        review.confirm_remaining(s, world.reviewer_a, sub.id, expected_version=sub.version)
        workflow.transition(s, world.reviewer_a, sub.id, "complete_review")
        workflow.transition(s, world.admin, sub.id, "select")
        assert sub.status == "selected"
        steps = s.execute(select(AuditEntry.action, AuditEntry.actor_id).where(
            AuditEntry.object_type == "submission", AuditEntry.object_id == sub.id,
            AuditEntry.action.in_(list(workflow.TRANSITIONS))).order_by(AuditEntry.id)).all()
    assert steps == [("submit", world.applicant_a.user_id), ("request_changes", world.reviewer_a.user_id),
                     ("submit", world.applicant_a.user_id), ("complete_review", world.reviewer_a.user_id),
                     ("select", world.admin.user_id)]


def test_each_step_logs_its_note_and_the_states(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        workflow.transition(s, world.reviewer_a, sub.id, "request_changes", note="P05 证据缺日期")
        row = s.execute(select(AuditEntry).where(AuditEntry.action == "request_changes")).scalar_one()
        assert '"note":"P05 证据缺日期"' in row.detail
        assert '"status_from":"submitted"' in row.detail and '"status_to":"changes_requested"' in row.detail


def test_sending_back_needs_a_note(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError, match="须填写说明"):
            workflow.transition(s, world.reviewer_a, sub.id, "request_changes", note="  ")


def test_a_review_is_complete_only_when_every_item_has_a_decision(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P01", decision="confirm", expected_version=sub.version)
        with pytest.raises(WorkflowError, match="未复核"):
            workflow.transition(s, world.reviewer_a, sub.id, "complete_review")


@pytest.mark.parametrize("who,action", [
    ("applicant_a", "complete_review"), ("reviewer_a", "submit"), ("reviewer_a", "select"),
    ("reviewer_b", "request_changes"), ("applicant_b", "submit"),
])
def test_roles_may_take_only_their_own_steps(engine, world, who, action):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(PermissionDenied):
            workflow.transition(s, getattr(world, who), sub.id, action, note="说明")


def test_a_step_from_the_wrong_state_is_refused(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError, match="已提交"):
            workflow.transition(s, world.admin, sub.id, "select")
        with pytest.raises(WorkflowError):
            submissions.save_answers(s, world.applicant_a, sub.id, full_answers("point", "上海甲科技有限公司"),
                                     expected_version=sub.version)


def test_available_actions_follow_role_and_state(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        assert workflow.available_actions(world.applicant_a, sub) == []
        assert workflow.available_actions(world.reviewer_a, sub) == ["request_changes", "complete_review"]
        assert workflow.available_actions(world.reviewer_b, sub) == []


def test_answers_must_match_the_organisations_category_and_uscc(engine, world):
    from scoring.problems import AnswersInvalid

    with db.session_scope(engine) as s:
        with pytest.raises(AnswersInvalid) as err:
            submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                          full_answers("station", "上海甲科技有限公司", uscc(9)))
        assert {p.field for p in err.value.problems} == {"rubric", "applicant.uscc"}
