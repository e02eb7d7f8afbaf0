"""The 局长办公会议 decision on the round's list (plan section 五(四)), recorded apart from the selection, and
授牌: a certificate number per approved site, which also records its district certification.

The selection is the bureau's proposal; the meeting approves a list (all or part of it). Only approved
submissions can be awarded, each certificate number once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .access import fresh, require_role, scope_submissions, submission_for
from .actors import Actor
from .errors import WorkflowError
from .models import Office, Organisation, Submission, User
from .registry import record_certification
from .round_models import DecisionEntry, MeetingDecision


@dataclass(frozen=True)
class ApprovedSite:
    submission_id: int
    organisation_id: int
    organisation: str
    category: str
    office: str | None
    certificate_no: str | None
    awarded_on: dt.date | None


@dataclass(frozen=True)
class Decision:
    year: int
    meeting_date: dt.date
    decision: str
    recorded_by: str | None
    approved: tuple[ApprovedSite, ...]


def _decision_row(session: Session, year: int) -> MeetingDecision | None:
    return session.execute(select(MeetingDecision).where(MeetingDecision.year == year)).scalar_one_or_none()


def record_decision(session: Session, actor: Actor, year: int, meeting_date: dt.date, decision: str,
                    submission_ids: list[int]) -> Decision:
    """Record the meeting's decision for ``year`` with the submissions it approved (each selected in that round;
    bureau admin; once per year); audited."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    decision = (decision or "").strip()
    if not decision or not submission_ids or not isinstance(meeting_date, dt.date):
        raise WorkflowError(msg.DECISION_EMPTY)
    existing = _decision_row(session, year)
    if existing is not None:
        raise WorkflowError(msg.DECISION_EXISTS.format(year=year, date=existing.meeting_date))
    submissions = [submission_for(session, actor, sid) for sid in dict.fromkeys(submission_ids)]
    for submission in submissions:
        if submission.round != year or submission.status != "selected":
            raise WorkflowError(msg.DECISION_NOT_SELECTED.format(id=submission.id, year=year,
                                                                 organisation=submission.organisation.name))
    row = MeetingDecision(year=year, meeting_date=meeting_date, decision=decision, recorded_by_id=actor.user_id)
    session.add(row)
    session.flush()
    for submission in submissions:
        session.add(DecisionEntry(decision_id=row.id, submission_id=submission.id))
    session.flush()
    audit.record(session, actor, "meeting_decision_recorded", "round", year, meeting_date=meeting_date,
                 decision=decision, approved=[s.id for s in submissions])
    return decision_of(session, actor, year)


def decision_of(session: Session, actor: Actor, year: int) -> Decision | None:
    """The year's decision with its approved sites as the actor may see them (a reviewer: its own office's)."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    row = _decision_row(session, year)
    if row is None:
        return None
    stmt = (select(DecisionEntry, Submission.organisation_id, Organisation.name, Submission.rubric, Office.name)
            .join(Submission, DecisionEntry.submission_id == Submission.id)
            .join(Organisation, Submission.organisation_id == Organisation.id)
            .outerjoin(Office, Organisation.office_id == Office.id)
            .where(DecisionEntry.decision_id == row.id)
            .order_by(Submission.rubric, Organisation.name))
    sites = tuple(ApprovedSite(e.submission_id, org_id, name, rubric, office, e.certificate_no, e.awarded_on)
                  for e, org_id, name, rubric, office in session.execute(scope_submissions(stmt, actor)).all())
    user = session.get(User, row.recorded_by_id) if row.recorded_by_id else None
    return Decision(row.year, row.meeting_date, row.decision, user.display_name if user else None, sites)


def award_certificate(session: Session, actor: Actor, submission_id: int, certificate_no: str,
                      awarded_on: dt.date) -> ApprovedSite:
    """授牌: give an approved site its certificate number and record its district certification (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    submission = submission_for(session, actor, submission_id)
    number = (certificate_no or "").strip()
    if not number:
        raise WorkflowError(msg.AWARD_NUMBER_REQUIRED)
    decision = _decision_row(session, submission.round)
    if decision is None:
        raise WorkflowError(msg.DECISION_MISSING.format(year=submission.round))
    entry = session.execute(select(DecisionEntry).where(DecisionEntry.decision_id == decision.id,
                                                        DecisionEntry.submission_id == submission.id)
                            ).scalar_one_or_none()
    if entry is None:
        raise WorkflowError(msg.AWARD_NOT_APPROVED.format(id=submission.id, year=submission.round))
    taken = session.execute(select(DecisionEntry.id).where(DecisionEntry.certificate_no == number,
                                                           DecisionEntry.id != entry.id)).first()
    if taken:
        raise WorkflowError(msg.AWARD_NUMBER_TAKEN.format(number=number))
    certification = record_certification(session, actor, submission.organisation_id, "district", submission.rubric,
                                         submission.round, certificate_number=number,
                                         submission_id=submission.id)
    entry.certificate_no, entry.awarded_on, entry.certification_id = number, awarded_on, certification.id
    try:
        session.flush()
    except IntegrityError:
        raise WorkflowError(msg.AWARD_NUMBER_TAKEN.format(number=number)) from None
    audit.record(session, actor, "certificate_awarded", "submission", submission.id, certificate_no=number,
                 awarded_on=awarded_on)
    org = submission.organisation
    return ApprovedSite(submission.id, org.id, org.name, submission.rubric, org.office.name if org.office else None,
                        number, awarded_on)
