"""Ranking per category and the bureau's selection within the plan's quotas.

Reviewed submissions rank by their final (reviewed) score; ties share a rank. Selecting outside the quotas or
below the pass line is allowed (the plan says "原则上", in principle) but always answered with warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from . import messages as msg
from .access import fresh, require_role, scope_submissions, submission_for
from .actors import Actor
from .errors import WorkflowError
from .models import CATEGORIES, Office, Organisation, Park, Submission
from .opinions import paper_copy_warnings
from .settings import pass_line, quota
from .workflow import apply

RANKED_STATUSES = ("reviewed", "selected")
RANK_COLUMNS = ("rank", "submission_id", "organisation", "uscc", "office", "park", "status", "self_total",
                "final_total", "passed")


@dataclass(frozen=True)
class RankedRow:
    rank: int
    submission_id: int
    organisation: str
    uscc: str | None
    office: str | None
    park: str | None
    status: str
    self_total: Decimal
    final_total: Decimal
    passed: bool | None  # None when no pass line is set


def ranking(session: Session, actor: Actor, category: str, round_: int,
            statuses: tuple[str, ...] = RANKED_STATUSES) -> list[RankedRow]:
    """Reviewed (and selected) submissions of one category and round, best final score first, as the actor may
    see them (a reviewer: its own office's)."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    office = aliased(Office)
    stmt = (select(Submission.id, Organisation.name, Organisation.uscc, office.name, Park.name, Submission.status,
                   Submission.self_total, Submission.final_total)
            .join(Organisation, Submission.organisation_id == Organisation.id)
            .outerjoin(office, Organisation.office_id == office.id)
            .outerjoin(Park, Organisation.park_id == Park.id)
            .where(Submission.rubric == category, Submission.round == round_, Submission.status.in_(statuses)))
    rows = session.execute(scope_submissions(stmt, actor)).all()
    rows.sort(key=lambda r: (-(r[7] if r[7] is not None else r[6]), -r[6], r[0]))  # ties: self score, then ID
    line = pass_line(session, category)
    out: list[RankedRow] = []
    previous: Decimal | None = None
    rank = 0
    for position, (sid, name, uscc, office_name, park, status, own, final) in enumerate(rows, start=1):
        final = final if final is not None else own
        if final != previous:
            rank, previous = position, final
        out.append(RankedRow(rank, sid, name, uscc, office_name, park, status, own, final,
                             None if line is None else final >= line))
    return out


def ranking_frame(rows: list[RankedRow]) -> pd.DataFrame:
    return pd.DataFrame.from_records([tuple(vars(r).values()) for r in rows], columns=list(RANK_COLUMNS))


def selected_counts(session: Session, round_: int) -> dict[str, int]:
    stmt = (select(Submission.rubric, func.count()).where(Submission.round == round_, Submission.status == "selected")
            .group_by(Submission.rubric))
    counts = dict(session.execute(stmt).all())
    return {c: int(counts.get(c, 0)) for c in CATEGORIES}


def selection_warnings(session: Session, round_: int) -> list[str]:
    """Chinese warnings about the round's selected list: quotas broken, selections below the pass line, and
    categories without a pass line."""
    warnings = []
    counts = selected_counts(session, round_)
    for category in CATEGORIES:
        label = msg.CATEGORY_NAMES[category]
        low, high = quota(session, category)
        if counts[category] < low:
            warnings.append(msg.QUOTA_BELOW.format(category=label, count=counts[category], minimum=low))
        if counts[category] > high:
            warnings.append(msg.QUOTA_ABOVE.format(category=label, count=counts[category], maximum=high))
        line = pass_line(session, category)
        if line is None:
            if counts[category]:
                warnings.append(msg.NO_PASS_LINE.format(category=label))
            continue
        stmt = (select(Organisation.name, Submission.final_total)
                .join(Organisation, Submission.organisation_id == Organisation.id)
                .where(Submission.round == round_, Submission.status == "selected", Submission.rubric == category,
                       Submission.final_total < line)
                .order_by(Organisation.name))
        for name, final in session.execute(stmt).all():
            warnings.append(msg.BELOW_PASS_LINE.format(organisation=name, category=label, score=_n(final),
                                                       pass_line=_n(line)))
    return warnings + paper_copy_warnings(session, round_)


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


@dataclass(frozen=True)
class SelectionOutcome:
    changed: list[int]
    warnings: list[str]


def select_submissions(session: Session, actor: Actor, round_: int, submission_ids: list[int],
                       note: str | None = None) -> SelectionOutcome:
    """Mark reviewed submissions of the round as selected (bureau admin); returns the round's warnings."""
    return _change(session, actor, round_, submission_ids, "select", note)


def deselect_submissions(session: Session, actor: Actor, round_: int, submission_ids: list[int],
                         note: str) -> SelectionOutcome:
    """Take submissions off the selected list (bureau admin, with a note); returns the round's warnings."""
    return _change(session, actor, round_, submission_ids, "deselect", note)


def _lock_in_order(session: Session, submission_ids: list[int]) -> None:
    """Lock the submissions' rows up front, by ascending ID: every transaction that changes several submissions
    takes their locks in the same order (and the audit head last, at commit), so two of them cannot deadlock."""
    ids = sorted({i for i in submission_ids if isinstance(i, int) and not isinstance(i, bool)})
    if ids:
        session.execute(select(Submission.id).where(Submission.id.in_(ids)).order_by(Submission.id)
                        .with_for_update())


def _change(session: Session, actor: Actor, round_: int, submission_ids: list[int], action: str,
            note: str | None) -> SelectionOutcome:
    actor = fresh(session, actor)
    require_role(actor, "admin")
    _lock_in_order(session, submission_ids)
    changed = []
    for submission_id in submission_ids:
        submission = submission_for(session, actor, submission_id)
        if submission.round != round_:
            raise WorkflowError(msg.SELECTION_OTHER_ROUND.format(id=submission.id, round=submission.round,
                                                                 expected=round_))
        target = "selected" if action == "select" else "reviewed"
        if submission.status == target:
            continue
        if action == "select" and submission.status != "reviewed":
            raise WorkflowError(msg.SELECTION_NOT_REVIEWED.format(id=submission.id,
                                                                  organisation=submission.organisation.name))
        apply(session, actor, submission, action, note)
        changed.append(submission.id)
    return SelectionOutcome(changed, selection_warnings(session, round_))
