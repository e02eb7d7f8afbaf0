"""Submissions: creating and editing an organisation's self-assessment, and the reviewer's table of them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from ..answers import AnswersFile, answers_data, parse_answers
from ..engine import ScoreResult
from ..problems import AnswersInvalid, Problem
from . import audit
from . import messages as msg
from .access import fresh, is_owner, organisation_for, scope_submissions, submission_for
from .actors import Actor
from .errors import PermissionDenied, WorkflowError
from .locking import check_version, flush_or_conflict
from .models import Office, Organisation, Park, Submission
from .scores import refresh_scores

EDITABLE_STATUSES = ("draft", "changes_requested")
TABLE_COLUMNS = tuple(msg.SUBMISSION_COLUMNS)


def validate_for(organisation: Organisation, data: object, file: str) -> AnswersFile:
    """Validate answers data for this organisation: its category must match, and its USCC when both give one."""
    answers = parse_answers(data, file=file)
    problems = []
    if answers.rubric != organisation.category:
        problems.append(Problem(file, None, "rubric", msg.CATEGORY_MISMATCH.format(
            organisation=organisation.name, expected=msg.CATEGORY_NAMES[organisation.category],
            actual=msg.CATEGORY_NAMES[answers.rubric])))
    if answers.applicant.uscc and organisation.uscc and answers.applicant.uscc != organisation.uscc:
        problems.append(Problem(file, None, "applicant.uscc", msg.USCC_MISMATCH.format(
            organisation=organisation.name, expected=organisation.uscc, actual=answers.applicant.uscc)))
    if problems:
        raise AnswersInvalid(problems)
    return answers


def new_submission(organisation: Organisation, round_: int, answers: AnswersFile, status: str,
                   created_by_id: int | None, source_file: str | None = None,
                   result: ScoreResult | None = None) -> Submission:
    """A scored Submission object (not yet added to a session); ``result`` is the engine's score of ``answers``
    when the caller already has it."""
    submission = Submission(organisation=organisation, organisation_id=organisation.id, round=round_,
                            rubric=answers.rubric, rubric_version=answers.rubric_version or "",
                            answers=answers_data(answers), status=status, created_by_id=created_by_id,
                            source_file=source_file, reviews=[])
    refresh_scores(submission, answers, own=result)
    return submission


def _existing(session: Session, organisation_id: int, round_: int) -> Submission | None:
    stmt = select(Submission).where(Submission.organisation_id == organisation_id, Submission.round == round_)
    return session.execute(stmt).scalar_one_or_none()


def create_submission(session: Session, actor: Actor, organisation_id: int, round_: int, data: object) -> Submission:
    """A draft self-assessment of the actor's own organisation for one round (year)."""
    actor = fresh(session, actor)
    organisation = organisation_for(session, actor, organisation_id)
    if not is_owner(actor, organisation.id):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="本单位的申报账户"))
    existing = _existing(session, organisation.id, round_)
    if existing is not None:
        raise WorkflowError(msg.SUBMISSION_EXISTS.format(organisation=organisation.name, round=round_,
                                                         id=existing.id, status=msg.STATUS_LABELS[existing.status]))
    answers = validate_for(organisation, data, f"{organisation.name}（{round_} 年度）")
    submission = new_submission(organisation, round_, answers, "draft", actor.user_id)
    session.add(submission)
    session.flush()
    audit.record(session, actor, "submission_created", "submission", submission.id, round=round_,
                 self_total=submission.self_total)
    return submission


def save_answers(session: Session, actor: Actor, submission_id: int, data: object,
                 expected_version: int) -> Submission:
    """Replace the answers of a draft (or a submission sent back for changes) and re-score it."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    if not is_owner(actor, submission.organisation_id):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="本单位的申报账户"))
    check_version(submission, expected_version)
    if submission.status not in EDITABLE_STATUSES:
        raise WorkflowError(msg.EDIT_NOT_ALLOWED.format(status=msg.STATUS_LABELS[submission.status]))
    answers = validate_for(submission.organisation, data, f"申报#{submission.id}")
    before = submission.self_total
    submission.answers = answers_data(answers)
    refresh_scores(submission, answers)
    flush_or_conflict(session)
    audit.record(session, actor, "answers_saved", "submission", submission.id, version=submission.version,
                 self_total_before=before, self_total=submission.self_total)
    return submission


def submissions_table(session: Session, actor: Actor, *, category: str | None = None,
                      office_id: int | None = None, status: str | None = None,
                      round_: int | None = None) -> pd.DataFrame:
    """The submissions the actor may see, one row each, as a DataFrame with ``TABLE_COLUMNS``
    (Chinese headers: ``messages.SUBMISSION_COLUMNS``). Filters are optional; scores are exact Decimals."""
    actor = fresh(session, actor)
    office = aliased(Office)
    stmt = (
        select(Submission.id, Organisation.name, Organisation.uscc, Submission.rubric, office.name, Park.name,
               Submission.round, Submission.status, Submission.claimed_total, Submission.self_total,
               Submission.final_total, Submission.reviewed_items, Submission.item_count, Submission.submitted_at,
               Submission.updated_at, Submission.version)
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .outerjoin(office, Organisation.office_id == office.id)
        .outerjoin(Park, Organisation.park_id == Park.id)
        .order_by(Submission.id)
    )
    stmt = visible_submissions(stmt, actor, category=category, office_id=office_id, status=status, round_=round_)
    rows = session.execute(stmt).all()
    return pd.DataFrame.from_records(rows, columns=list(TABLE_COLUMNS))


def visible_submissions(stmt: Select, actor: Actor, *, category: str | None = None, office_id: int | None = None,
                        status: str | None = None, round_: int | None = None) -> Select:
    """``stmt`` (a query that joins ``Submission`` and ``Organisation``) restricted to the submissions the actor
    may see and to the filters given: the one definition of which rows ``submissions_table`` and the exports show."""
    stmt = scope_submissions(stmt, actor)
    if category:
        stmt = stmt.where(Submission.rubric == category)
    if office_id is not None:
        stmt = stmt.where(Organisation.office_id == office_id)
    if status:
        stmt = stmt.where(Submission.status == status)
    if round_ is not None:
        stmt = stmt.where(Submission.round == round_)
    return stmt
