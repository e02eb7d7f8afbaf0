"""The reviewer's confirmation of an applicant's eligibility (plan section 三): the verdict computed from the
applicant's own choices, and the reviewer's conclusion kept as a separate record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..eligibility import Eligibility, assess_eligibility
from . import audit
from . import messages as msg
from .access import fresh, is_reviewer_of, require_role, submission_for
from .actors import Actor
from .errors import PermissionDenied, WorkflowError
from .models import User, utcnow
from .round_models import EligibilityConfirmation


@dataclass(frozen=True)
class Confirmation:
    eligible: bool
    note: str | None
    by: str | None
    at: dt.datetime


@dataclass(frozen=True)
class EligibilityView:
    """What the applicant's choices say, and what the reviewer concluded (None until confirmed)."""

    submission_id: int
    category: str
    assessed: Eligibility
    confirmation: Confirmation | None
    choices: dict  # the applicant's ``applicant.eligibility`` as filed


def eligibility_of(session: Session, actor: Actor, submission_id: int) -> EligibilityView:
    """The submission's eligibility as computed and as confirmed, for anyone who may see the submission."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    applicant = (submission.answers or {}).get("applicant") or {}
    assessed = assess_eligibility(submission.rubric, applicant)
    row = session.get(EligibilityConfirmation, submission.id)
    confirmation = None
    if row is not None:
        user = session.get(User, row.confirmed_by_id) if row.confirmed_by_id else None
        confirmation = Confirmation(row.eligible, row.note, user.display_name if user else None, row.confirmed_at)
    return EligibilityView(submission.id, submission.rubric, assessed, confirmation,
                           dict(applicant.get("eligibility") or {}))


def confirm_eligibility(session: Session, actor: Actor, submission_id: int, eligible: bool,
                        note: str | None = None) -> EligibilityView:
    """Record the reviewer's conclusion (its own office's submissions, or the bureau); a "not eligible" needs a
    note. Audited with the computed verdict beside it."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    submission = submission_for(session, actor, submission_id)
    if not is_reviewer_of(actor, submission.organisation):
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="申报", id=submission_id))
    note = (note or "").strip() or None
    if not eligible and note is None:
        raise WorkflowError(msg.ELIGIBILITY_NOTE_REQUIRED)
    row = session.get(EligibilityConfirmation, submission.id)
    if row is None:
        row = EligibilityConfirmation(submission_id=submission.id, eligible=bool(eligible))
        session.add(row)
    row.eligible, row.note, row.confirmed_by_id, row.confirmed_at = bool(eligible), note, actor.user_id, utcnow()
    session.flush()
    computed = assess_eligibility(submission.rubric, (submission.answers or {}).get("applicant") or {})
    audit.record(session, actor, "eligibility_confirmed", "submission", submission.id, eligible=bool(eligible),
                 computed=computed.eligible, note=note)
    return eligibility_of(session, actor, submission.id)
