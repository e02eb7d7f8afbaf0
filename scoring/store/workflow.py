"""The submission's states: draft → submitted → changes_requested / reviewed → selected.

Each step is one named action, allowed from some states to some roles; every step is written to the audit log
with its actor and note. An applicant can submit only when every item is answered; a review is complete only
when every item is confirmed or overridden.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..rubric import load_rubric
from . import audit
from . import messages as msg
from .access import fresh, is_owner, is_reviewer_of, submission_for
from .actors import Actor
from .errors import PermissionDenied, WorkflowError
from .locking import check_version, flush_or_conflict
from .models import Submission, utcnow

OWNER = "owner"  # the applicant account of the submission's organisation


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]  # OWNER, "reviewer" (of the organisation's office), "admin"
    note_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition("提交申报", ("draft", "changes_requested"), "submitted", (OWNER,)),
    "request_changes": Transition("退回修改", ("submitted",), "changes_requested", ("reviewer", "admin"), True),
    "complete_review": Transition("完成复核", ("submitted",), "reviewed", ("reviewer", "admin")),
    "reopen_review": Transition("重新复核", ("reviewed",), "submitted", ("reviewer", "admin"), True),
    "select": Transition("入选", ("reviewed",), "selected", ("admin",)),
    "deselect": Transition("取消入选", ("selected",), "reviewed", ("admin",), True),
}
ROLE_NAMES = {OWNER: "本单位申报账户", "reviewer": "辖区市场监管所审核员", "admin": "区局管理员"}


def _may(actor: Actor, submission: Submission, roles: tuple[str, ...]) -> bool:
    if OWNER in roles and is_owner(actor, submission.organisation_id):
        return True
    if "admin" in roles and actor.role == "admin":
        return True
    return "reviewer" in roles and actor.role == "reviewer" and is_reviewer_of(actor, submission.organisation)


def available_actions(actor: Actor, submission: Submission) -> list[str]:
    """The actions this actor may take on the submission now (for buttons)."""
    return [name for name, t in TRANSITIONS.items()
            if submission.status in t.sources and _may(actor, submission, t.roles)]


def unanswered_items(submission: Submission) -> list[str]:
    """IDs of the rubric items the stored answers leave out, in table order."""
    given = submission.answers.get("answers") or {}
    return [item.id for item in load_rubric(submission.rubric).items if item.id not in given]


def unreviewed_items(submission: Submission) -> list[str]:
    """IDs of the rubric items without a reviewer's decision, in table order."""
    done = {r.item_id for r in submission.reviews}
    return [item.id for item in load_rubric(submission.rubric).items if item.id not in done]


def _short(ids: list[str]) -> str:
    return "、".join(ids[:10]) + ("等" if len(ids) > 10 else "")


def _preconditions(action: str, submission: Submission) -> None:
    if action == "submit":
        missing = unanswered_items(submission)
        if missing:
            raise WorkflowError(msg.SUBMIT_INCOMPLETE.format(count=len(missing), items=_short(missing)))
    if action == "complete_review":
        missing = unreviewed_items(submission)
        if missing:
            raise WorkflowError(msg.REVIEW_INCOMPLETE.format(count=len(missing), items=_short(missing)))


def apply(session: Session, actor: Actor, submission: Submission, action: str, note: str | None = None) -> None:
    """Move an already-loaded, already-visible submission through ``action`` (checks role, state and inputs)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(msg.ACTION_UNKNOWN.format(action=action))
    if not _may(actor, submission, transition.roles):
        raise PermissionDenied(msg.TRANSITION_ROLE.format(
            action=transition.label, roles="或".join(ROLE_NAMES[r] for r in transition.roles)))
    if submission.status not in transition.sources:
        raise WorkflowError(msg.TRANSITION_NOT_ALLOWED.format(status=msg.STATUS_LABELS[submission.status],
                                                              action=transition.label))
    note = (note or "").strip() or None
    if transition.note_required and not note:
        raise WorkflowError(msg.NOTE_REQUIRED.format(action=transition.label))
    _preconditions(action, submission)
    before = submission.status
    submission.status = transition.target
    submission.updated_at = utcnow()
    if action == "submit":
        submission.submitted_at = submission.updated_at
    flush_or_conflict(session)
    audit.record(session, actor, action, "submission", submission.id, status_from=before,
                 status_to=transition.target, note=note, version=submission.version,
                 final_total=submission.final_total, self_total=submission.self_total)


def transition(session: Session, actor: Actor, submission_id: int, action: str, note: str | None = None,
               expected_version: int | None = None) -> Submission:
    """Take ``action`` on the submission as ``actor``; ``expected_version`` (the version the user saw) guards
    against acting on a stale page."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    check_version(submission, expected_version)
    apply(session, actor, submission, action, note)
    return submission
