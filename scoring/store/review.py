"""The office review: per item, the reviewer confirms the engine's score or overrides it with a score and a
reason. The applicant's answers are never changed; decisions are separate records, and the final score is the
engine's score with the overrides applied (``apply_overrides``), recomputed on every change.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from .. import kinds
from ..answers import AnswersFile
from ..engine import ScoreResult, score
from ..points import ZERO, half_points, to_decimal
from ..rubric import load_rubric
from . import audit, review_parts
from . import messages as msg
from .access import fresh, is_reviewer_of, submission_for
from .actors import Actor
from .errors import PermissionDenied, WorkflowError
from .locking import check_version, flush_or_conflict
from .models import EvidenceFile, Review, Submission, utcnow
from .scores import apply_overrides, overrides_of, refresh_scores, stored_answers
from .workflow import available_actions

__all__ = ["apply_overrides", "EvidenceFileInfo", "ItemReview", "PartCheck", "ReviewSheet", "SubmissionSummary", "review_sheet", "set_item_review", "confirm_remaining"]

ITEM_COLUMNS = ("item_id", "indicator", "title", "bonus", "max", "claimed", "self_score", "final_score", "status",
                "decision", "reason", "reviewer", "evidence")
INDICATOR_COLUMNS = ("indicator", "bonus", "max", "claimed", "self_score", "final_score")


@dataclass(frozen=True)
class SubmissionSummary:
    """The facts of a submission a review page shows, read inside the transaction."""

    id: int
    rubric: str
    round: int
    status: str
    version: int
    organisation: str
    office: str | None


@dataclass(frozen=True)
class ItemReview:
    """One item's recorded decision: confirm or override, the score, the reason, who decided and (items with
    parts) which parts were verified as met."""

    item_id: str
    decision: str
    score: Decimal
    reason: str | None
    reviewer: str | None
    updated_at: dt.datetime | None
    parts: Mapping[str, bool] | None = None  # for items with parts: part key → verified as met


@dataclass(frozen=True)
class PartCheck:
    """One part of an item with parts, as a review page shows it: the applicant's tick (None when the answer ticks
    no parts), the titles of the evidence given for it, and the reviewer's recorded check (None before one)."""

    key: str
    label: str
    claimed: bool | None
    evidence: tuple[str, ...]
    verified: bool | None


@dataclass(frozen=True)
class EvidenceFileInfo:
    """An uploaded evidence file as listed on a page (the content is read through ``evidence.open_evidence``)."""

    id: int
    path: str
    filename: str
    kind: str
    size: int


@dataclass(frozen=True)
class ReviewSheet:
    """Everything a review page shows for one submission: answers, self and final results, decisions, files.
    Plain values only, built while the transaction is open, so a page can use it after the session closed."""

    submission: SubmissionSummary
    answers: AnswersFile
    own: ScoreResult
    final: ScoreResult
    reviews: Mapping[str, ItemReview]
    evidence: tuple[EvidenceFileInfo, ...]
    actions: tuple[str, ...]

    @property
    def version(self) -> int:
        return self.submission.version

    def evidence_titles(self, item_id: str) -> list[str]:
        """Titles of the evidence the answers give for one item."""
        answer = self.answers.answers.get(item_id)
        return [e.title for e in answer.evidence] if answer else []

    def evidence_files_for(self, item_id: str) -> list[EvidenceFileInfo]:
        """The uploaded files the item's evidence entries point at (``file:``), to view or download."""
        answer = self.answers.answers.get(item_id)
        wanted = {posixpath.normpath(e.file.replace("\\", "/")) for e in answer.evidence if e.file} if answer else set()
        return [f for f in self.evidence if f.path in wanted]

    def part_checks(self, item_id: str) -> tuple[PartCheck, ...]:
        """The parts of an item a reviewer verifies one by one; empty for items without them."""
        item = load_rubric(self.submission.rubric).item(item_id)
        if kinds.part_review(item.rule) is None:
            return ()
        answer = self.answers.answers.get(item_id)
        claimed = review_parts.claimed(item, answer)
        review = self.reviews.get(item_id)
        verified = review.parts if review is not None and review.parts is not None else {}
        evidence = answer.evidence if answer is not None else ()
        return tuple(PartCheck(key=p.key, label=p.label, claimed=claimed.get(p.key) if claimed else None,
                               evidence=tuple(e.title for e in evidence if e.part == p.key),
                               verified=verified.get(p.key)) for p in item.rule.parts)

    def items_frame(self) -> pd.DataFrame:
        """Self vs reviewer per item: max, claim, engine score, final score, decision and reason."""
        rows = []
        for own, final in zip(self.own.items, self.final.items):
            review = self.reviews.get(own.id)
            rows.append((own.id, own.indicator, own.title, own.bonus, own.max, own.claimed, own.score, final.score,
                         own.status, review.decision if review else None, review.reason if review else None,
                         review.reviewer if review else None, "；".join(self.evidence_titles(own.id))))
        return pd.DataFrame.from_records(rows, columns=list(ITEM_COLUMNS))

    def indicators_frame(self) -> pd.DataFrame:
        """Self vs reviewer per 评价指标 (bonus items form their own group)."""
        rows = [(own.indicator, own.bonus, own.max, own.claimed, own.score, final.score)
                for own, final in zip(self.own.indicators, self.final.indicators)]
        return pd.DataFrame.from_records(rows, columns=list(INDICATOR_COLUMNS))


def _summary(submission: Submission) -> SubmissionSummary:
    organisation = submission.organisation
    return SubmissionSummary(id=submission.id, rubric=submission.rubric, round=submission.round,
                             status=submission.status, version=submission.version, organisation=organisation.name,
                             office=organisation.office.name if organisation.office else None)


def _item_review(review: Review) -> ItemReview:
    return ItemReview(item_id=review.item_id, decision=review.decision, score=review.score, reason=review.reason,
                      reviewer=review.reviewer.display_name if review.reviewer else None,
                      updated_at=review.updated_at,
                      parts=MappingProxyType(dict(review.parts)) if review.parts is not None else None)


def _file_info(file: EvidenceFile) -> EvidenceFileInfo:
    return EvidenceFileInfo(id=file.id, path=file.path, filename=file.filename, kind=file.kind, size=file.size)


def review_sheet(session: Session, actor: Actor, submission_id: int) -> ReviewSheet:
    """The review sheet of a submission the actor may see (the applicant sees its own, with the decisions)."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    answers = stored_answers(submission)
    own, final = _results(submission, answers)
    return ReviewSheet(submission=_summary(submission), answers=answers, own=own, final=final,
                       reviews=MappingProxyType({r.item_id: _item_review(r) for r in submission.reviews}),
                       evidence=tuple(_file_info(f) for f in submission.evidence_files),
                       actions=tuple(available_actions(actor, submission)))


def _results(submission: Submission, answers: AnswersFile) -> tuple[ScoreResult, ScoreResult]:
    own = score(None, answers)
    overrides, reasons = overrides_of(submission)
    return own, apply_overrides(own, overrides, reasons)


def _reviewable(session: Session, actor: Actor, submission_id: int, expected_version: int) -> Submission:
    submission = submission_for(session, actor, submission_id)
    if not is_reviewer_of(actor, submission.organisation):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="辖区市场监管所审核员或区局管理员"))
    check_version(submission, expected_version)
    if submission.status != "submitted":
        raise WorkflowError(msg.REVIEW_NOT_ALLOWED.format(status=msg.STATUS_LABELS[submission.status]))
    return submission


def _override_score(item_id: str, raw: object, most: Decimal) -> Decimal:
    value = half_points(raw, ZERO, most)
    if value is not None:
        return value
    number = to_decimal(raw)
    if number is None or not (ZERO <= number <= most):
        raise WorkflowError(msg.REVIEW_SCORE_RANGE.format(item_id=item_id, max=most, score=raw))
    raise WorkflowError(msg.REVIEW_SCORE_STEP.format(item_id=item_id, score=raw))


def set_item_review(session: Session, actor: Actor, submission_id: int, item_id: str, *, decision: str,
                    expected_version: int, score: object = None, reason: str | None = None,
                    parts: Mapping[str, bool] | None = None) -> Submission:
    """Confirm (``decision="confirm"``) or override (``"override"`` with ``score`` and a required ``reason``) one
    item. ``expected_version`` is the version the reviewer's page showed: a stale one raises Conflict.

    ``parts`` (items with parts only: part key → verified as met) records the reviewer's check of each part. A
    confirmation must agree with the applicant's ticks; an override's score follows from the parts (full when all
    are met, 0 when none is) or, when only some are, is ``score``."""
    actor = fresh(session, actor)
    submission = _reviewable(session, actor, submission_id, expected_version)
    rubric = load_rubric(submission.rubric)
    if not rubric.has_item(item_id):
        raise WorkflowError(msg.REVIEW_UNKNOWN_ITEM.format(item_id=item_id))
    item = rubric.item(item_id)
    reason = (reason or "").strip() or None
    answers = stored_answers(submission, rubric)
    engine_score = next(i.score for i in refresh_scores(submission, answers, rubric)[0].items if i.id == item_id)
    checked = review_parts.checked_parts(item, parts) if parts is not None else None
    if decision == "override":
        value = (review_parts.parts_override_score(item, checked, score) if checked is not None
                 else _override_score(item_id, score, item.points))
        if reason is None:
            raise WorkflowError(msg.REVIEW_REASON_REQUIRED.format(item_id=item_id))
    elif decision == "confirm":
        value = engine_score
        if checked is not None:
            checked = review_parts.confirmed_parts(item, checked, answers.answers.get(item_id))
    else:
        raise WorkflowError(msg.ACTION_UNKNOWN.format(action=decision))
    review = next((r for r in submission.reviews if r.item_id == item_id), None)
    before = (review.decision, review.score, review.reason, review.parts) if review else None
    if review is None:
        review = Review(item_id=item_id, submission_id=submission.id)
        submission.reviews.append(review)
    review.decision, review.score, review.reason, review.parts = decision, value, reason, checked
    review.reviewer_id, review.updated_at = actor.user_id, utcnow()
    refresh_scores(submission, answers, rubric)
    flush_or_conflict(session)
    audit.record(session, actor, "item_overridden" if decision == "override" else "item_confirmed", "submission",
                 submission.id, item_id=item_id, engine_score=engine_score, score=value, reason=reason,
                 parts=checked, before=list(before) if before else None, final_total=submission.final_total,
                 version=submission.version)
    return submission


def confirm_remaining(session: Session, actor: Actor, submission_id: int, expected_version: int) -> int:
    """Confirm the engine's score on every item that has no decision yet; returns how many were confirmed."""
    actor = fresh(session, actor)
    submission = _reviewable(session, actor, submission_id, expected_version)
    rubric = load_rubric(submission.rubric)
    answers = stored_answers(submission, rubric)
    own = refresh_scores(submission, answers, rubric)[0]
    done = {r.item_id for r in submission.reviews}
    now = utcnow()
    added = [Review(item_id=i.id, submission_id=submission.id, decision="confirm", score=i.score, reason=None,
                    parts=review_parts.claimed(rubric.item(i.id), answers.answers.get(i.id)),
                    reviewer_id=actor.user_id, updated_at=now) for i in own.items if i.id not in done]
    submission.reviews.extend(added)
    refresh_scores(submission, answers, rubric)
    flush_or_conflict(session)
    audit.record(session, actor, "item_confirmed", "submission", submission.id,
                 item_ids=[r.item_id for r in added], final_total=submission.final_total, version=submission.version)
    return len(added)
