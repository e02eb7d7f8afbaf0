"""The office's 推荐意见 and the bureau's 验收意见 (Annex 1's two opinion rows) as records, and the sealed paper
copy received at 反不正当竞争科 (plan section 五(二)).

The office (or the bureau) writes the recommendation; only the bureau writes the acceptance opinion and records
paper copies. An opinion marked final can no longer be changed and is shown to the applicant; drafts are not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..documents import OpinionText
from . import audit
from . import messages as msg
from .access import fresh, is_owner, is_reviewer_of, require_role, submission_for
from .actors import Actor
from .errors import PermissionDenied, WorkflowError
from .models import Organisation, Submission, User, utcnow
from .round_models import OPINION_KINDS, Opinion

PAPER_CHECKED_STATUSES = ("reviewed", "selected")


@dataclass(frozen=True)
class OpinionView:
    submission_id: int
    kind: str
    label: str
    text: str
    responsible: str
    opinion_date: dt.date
    final: bool
    paper_received_on: dt.date | None
    recorded_by: str | None

    def printed(self) -> OpinionText:
        return OpinionText(self.text, self.responsible, self.opinion_date)


def _view(session: Session, row: Opinion) -> OpinionView:
    user = session.get(User, row.recorded_by_id) if row.recorded_by_id else None
    return OpinionView(row.submission_id, row.kind, msg.OPINION_KIND_LABELS[row.kind], row.text, row.responsible,
                       row.opinion_date, row.final, row.paper_received_on, user.display_name if user else None)


def _row(session: Session, submission_id: int, kind: str) -> Opinion | None:
    stmt = select(Opinion).where(Opinion.submission_id == submission_id, Opinion.kind == kind)
    return session.execute(stmt).scalar_one_or_none()


def _may_write(actor: Actor, submission: Submission, kind: str) -> None:
    if kind not in OPINION_KINDS:
        raise WorkflowError(msg.NOT_FOUND_OR_FORBIDDEN.format(what="意见类型", id=kind))
    allowed = actor.role == "admin" or (kind == "recommendation" and is_reviewer_of(actor, submission.organisation))
    if not allowed:
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles=msg.OPINION_KIND_ROLE[kind]))


def save_opinion(session: Session, actor: Actor, submission_id: int, kind: str, text: str, responsible: str,
                 opinion_date: dt.date, *, final: bool = False) -> OpinionView:
    """Write or revise an opinion (until it is final); audited."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    submission = submission_for(session, actor, submission_id)
    _may_write(actor, submission, kind)
    text, responsible = (text or "").strip(), (responsible or "").strip()
    if not text or not responsible or not isinstance(opinion_date, dt.date):
        raise WorkflowError(msg.OPINION_REQUIRED)
    row = _row(session, submission.id, kind)
    if row is not None and row.final:
        raise WorkflowError(msg.OPINION_FINAL_LOCKED.format(kind=msg.OPINION_KIND_LABELS[kind]))
    if row is None:
        row = Opinion(submission_id=submission.id, kind=kind)
        session.add(row)
    row.text, row.responsible, row.opinion_date, row.final = text, responsible, opinion_date, bool(final)
    row.recorded_by_id, row.updated_at = actor.user_id, utcnow()
    session.flush()
    audit.record(session, actor, "opinion_saved", "submission", submission.id, kind=kind, final=bool(final),
                 responsible=responsible, date=opinion_date)
    return _view(session, row)


def record_paper_copy(session: Session, actor: Actor, submission_id: int, kind: str,
                      received_on: dt.date) -> OpinionView:
    """The sealed paper copy carrying this opinion was received on ``received_on`` (bureau admin); audited."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    submission = submission_for(session, actor, submission_id)
    row = _row(session, submission.id, kind)
    if row is None:
        raise WorkflowError(msg.NOT_FOUND_OR_FORBIDDEN.format(what=msg.OPINION_KIND_LABELS.get(kind, "意见"),
                                                              id=submission_id))
    row.paper_received_on = received_on
    session.flush()
    audit.record(session, actor, "paper_received", "submission", submission.id, kind=kind, received_on=received_on)
    return _view(session, row)


def opinions_of(session: Session, actor: Actor, submission_id: int) -> dict[str, OpinionView]:
    """The submission's opinions by kind: all of them for the office and the bureau, final ones for the applicant."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    owner_only = is_owner(actor, submission.organisation_id) and not is_reviewer_of(actor, submission.organisation)
    stmt = select(Opinion).where(Opinion.submission_id == submission.id).order_by(Opinion.kind)
    return {row.kind: _view(session, row) for row in session.execute(stmt).scalars()
            if row.final or not owner_only}


def paper_copy_warnings(session: Session, round_: int) -> list[str]:
    """One Chinese warning per reviewed or selected submission of the round whose sealed paper copy (with the
    recommending office's seal) has not been received."""
    received = (select(Opinion.submission_id)
                .where(Opinion.kind == "recommendation", Opinion.paper_received_on.is_not(None)))
    stmt = (select(Submission.id, Organisation.name).join(Organisation)
            .where(Submission.round == round_, Submission.status.in_(PAPER_CHECKED_STATUSES),
                   Submission.id.not_in(received))
            .order_by(Organisation.name, Submission.id))
    return [msg.PAPER_MISSING.format(organisation=name, id=sid) for sid, name in session.execute(stmt).all()]


def application_form(session: Session, actor: Actor, submission_id: int) -> bytes:
    """The Annex 1 form of a stored submission with the opinions the actor may see printed into their rows."""
    from ..documents import render_application_form
    from ..engine import score
    from .scores import stored_answers

    shown = opinions_of(session, actor, submission_id)
    submission = submission_for(session, actor, submission_id)
    answers = stored_answers(submission)
    return render_application_form(answers, score(None, answers),
                                   opinions={kind: view.printed() for kind, view in shown.items()})
