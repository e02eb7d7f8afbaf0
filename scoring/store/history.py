"""Year over year: an organisation's rounds (submissions, self and reviewed scores per 评价指标, outcome,
certificate), last year's self-assessment for the applicant to carry forward, and the district's counts per year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..carry_forward import CarriedForward, carry_forward
from ..editing import settle
from ..engine import score
from . import audit
from . import messages as msg
from .access import fresh, organisation_for, require_role
from .actors import Actor
from .errors import WorkflowError
from .evidence import open_evidence, upload_evidence
from .filing import own_organisation
from .models import Certification, Submission
from .round_models import DecisionEntry
from .scores import apply_overrides, overrides_of, stored_answers
from .submissions import create_submission


@dataclass(frozen=True)
class IndicatorScore:
    indicator: str
    bonus: bool
    maximum: Decimal
    self_score: Decimal
    reviewed: Decimal | None


@dataclass(frozen=True)
class RoundRecord:
    year: int
    submission_id: int
    category: str
    status: str
    self_total: Decimal
    final_total: Decimal | None
    approved: bool
    certificate_no: str | None
    certified: tuple[str, ...]  # "区级示范点" …, the certifications recorded for that year
    indicators: tuple[IndicatorScore, ...]


def organisation_history(session: Session, actor: Actor, organisation_id: int) -> list[RoundRecord]:
    """Every round of the organisation, oldest first, for anyone who may see it (itself, its office, the bureau)."""
    actor = fresh(session, actor)
    organisation = organisation_for(session, actor, organisation_id)
    stmt = select(Submission).where(Submission.organisation_id == organisation.id).order_by(Submission.round)
    certs: dict[int, list[str]] = {}
    for cert in organisation.certifications:
        certs.setdefault(cert.year, []).append(f"{msg.LEVEL_LABELS[cert.level]}示范{msg.KIND_LABELS[cert.kind]}")
    records = []
    for submission in session.execute(stmt).scalars():
        entry = session.execute(select(DecisionEntry).where(DecisionEntry.submission_id == submission.id)
                                ).scalar_one_or_none()
        own = score(None, stored_answers(submission))
        reviewed = bool(submission.reviews)
        final = apply_overrides(own, *overrides_of(submission)) if reviewed else None
        final_by = {(i.indicator, i.bonus): i.score for i in final.indicators} if final else {}
        indicators = tuple(IndicatorScore(i.indicator, i.bonus, i.max, i.score, final_by.get((i.indicator, i.bonus)))
                           for i in own.indicators)
        records.append(RoundRecord(submission.round, submission.id, submission.rubric, submission.status,
                                   submission.self_total, submission.final_total, entry is not None,
                                   entry.certificate_no if entry else None, tuple(certs.get(submission.round, ())),
                                   indicators))
    return records


@dataclass(frozen=True)
class PreviousRound:
    year: int
    submission_id: int
    data: dict
    files: dict[str, bytes]


def previous_round(session: Session, actor: Actor, year: int) -> PreviousRound | None:
    """The actor's organisation's latest submission before ``year``, with its evidence files (each read is
    logged as a download), or None."""
    actor = fresh(session, actor)
    organisation = own_organisation(session, actor)
    stmt = (select(Submission).where(Submission.organisation_id == organisation.id, Submission.round < year)
            .order_by(Submission.round.desc()).limit(1))
    submission = session.execute(stmt).scalar_one_or_none()
    if submission is None:
        return None
    files = {f.path: open_evidence(session, actor, f.id).data for f in submission.evidence_files}
    return PreviousRound(submission.round, submission.id, dict(submission.answers), files)


def earlier_rounds(session: Session, actor: Actor, year: int) -> list[int]:
    """The years before ``year`` in which the actor's organisation has a submission (newest first)."""
    actor = fresh(session, actor)
    organisation = own_organisation(session, actor)
    stmt = (select(Submission.round).where(Submission.organisation_id == organisation.id, Submission.round < year)
            .order_by(Submission.round.desc()))
    return list(session.execute(stmt).scalars())


def carry_forward_draft(session: Session, actor: Actor, year: int, assessed_on: dt.date) -> tuple[CarriedForward, int]:
    """Start the ``year`` round's draft submission from the last one: its answers and evidence files, with the
    items whose evidence is out of the new assessment year set aside for renewal (they stay unanswered until the
    applicant renews them). Returns what was carried and the new submission's ID; audited."""
    actor = fresh(session, actor)
    organisation = own_organisation(session, actor)
    previous = previous_round(session, actor, year)
    if previous is None:
        raise WorkflowError(msg.CARRY_NO_PREVIOUS.format(organisation=organisation.name, year=year))
    carried = carry_forward(previous.data, assessed_on, from_round=previous.year)
    valid = settle(carried.data).answers_data()
    submission = create_submission(session, actor, organisation.id, year, valid)
    named = {e.get("file") for a in (valid.get("answers") or {}).values() for e in a.get("evidence") or []}
    named |= {e.get("file") for e in (valid.get("evidence_library") or {}).values()}
    for path, content in previous.files.items():
        if path in named:
            upload_evidence(session, actor, submission.id, path, content)
    audit.record(session, actor, "draft_carried_forward", "submission", submission.id, from_round=previous.year,
                 from_submission=previous.submission_id, renew=[r.item_id for r in carried.renewals])
    return carried, submission.id


@dataclass(frozen=True)
class YearCounts:
    year: int
    district: dict[str, int]   # certifications recorded per kind
    municipal: dict[str, int]


def counts_per_year(session: Session, actor: Actor) -> list[YearCounts]:
    """Certifications per year, level and kind, for the district view (office and bureau)."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    stmt = (select(Certification.year, Certification.level, Certification.kind, func.count())
            .group_by(Certification.year, Certification.level, Certification.kind))
    table: dict[int, YearCounts] = {}
    for year, level, kind, count in session.execute(stmt).all():
        row = table.setdefault(year, YearCounts(year, {"zone": 0, "station": 0, "point": 0},
                                                {"zone": 0, "station": 0, "point": 0}))
        (row.district if level == "district" else row.municipal)[kind] = int(count)
    return [table[y] for y in sorted(table)]


def visible_organisations(session: Session, actor: Actor) -> dict[int, str]:
    """Organisations with at least one submission the actor may see, by name (for the history page's picker)."""
    from .access import scope_submissions
    from .models import Organisation

    actor = fresh(session, actor)
    stmt = (select(Organisation.id, Organisation.name).join(Submission, Submission.organisation_id == Organisation.id)
            .distinct().order_by(Organisation.name, Organisation.id))
    return {oid: name for oid, name in session.execute(scope_submissions(stmt, actor)).all()}
