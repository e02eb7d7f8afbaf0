"""The scoring engine: rule kinds, evidence checks and ``score()``.

Each rule kind has one function that turns an answer into a claimed score and the score the valid evidence
supports; ``score()`` applies the evidence rules common to all kinds and explains every point won or lost.
The engine never mentions an item ID: everything item-specific lives in the rubric.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import kinds
from . import messages as msg
from .answers import Applicant, AnswersFile, EvidenceEntry, ItemAnswer
from .kinds.base import fmt, say
from .points import ZERO, Points
from .rubric import Item, Rubric, load_rubric

Status = Literal["met", "partial", "not_met", "unanswered", "missing_evidence", "out_of_period", "capped_by_evidence"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


@dataclass(slots=True)
class ItemResult:
    """One item's score, its maximum, what the answers claimed, its status and the reasons, in Chinese."""

    id: str
    indicator: str
    content: str | None
    title: str
    bonus: bool
    score: Points
    max: Points
    claimed: Points
    status: Status
    evidence_counted: int
    messages: list[str]


@dataclass(slots=True)
class IndicatorSubtotal:
    """Score, maximum and claim of one 评价指标 (bonus items form their own group)."""

    indicator: str
    bonus: bool
    score: Points
    max: Points
    claimed: Points


class ScoreResult(BaseModel):
    """The outcome of scoring one answers file. Items and subtotals are plain dataclasses for speed."""

    # score() builds results without validation; the serializer is built when one is first dumped (JSON output).
    model_config = ConfigDict(defer_build=True)

    rubric: str
    rubric_version: str
    applicant: Applicant
    assessed_on: dt.date
    period_start: dt.date
    base: Points
    base_max: Points
    bonus: Points
    bonus_max: Points
    total: Points
    claimed_total: Points
    answered: int
    item_count: int
    items: list[ItemResult]
    indicators: list[IndicatorSubtotal]

    def item(self, item_id: str) -> ItemResult:
        """The result of one item (KeyError when absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


# ---------------------------------------------------------------- the assessment year


def period_start(assessed_on: dt.date) -> dt.date:
    """First day of the 12 months ending on ``assessed_on`` inclusive (2026-11-01 → 2025-11-02)."""
    try:
        year_before = assessed_on.replace(year=assessed_on.year - 1)
    except ValueError:  # 29 February
        year_before = assessed_on.replace(year=assessed_on.year - 1, day=28)
    return year_before + dt.timedelta(days=1)


@dataclass
class EvidenceCheck:
    """Which of an item's evidence entries count, and why the others do not."""

    valid: list[EvidenceEntry]
    total: int
    notes: list[str] = field(default_factory=list)


def check_evidence(item: Item, entries: tuple[EvidenceEntry, ...], assessed_on: dt.date,
                   start: dt.date) -> EvidenceCheck:
    """Evidence dated after ``assessed_on`` never counts; year-bound items count only entries dated in the year."""
    valid: list[EvidenceEntry] = []
    notes: list[str] = []
    for entry in entries:
        if entry.date is not None and entry.date > assessed_on:
            notes.append(say(msg.EVIDENCE_AFTER, title=entry.title, date=entry.date, assessed_on=assessed_on))
        elif item.year_bound and entry.date is None:
            notes.append(say(msg.EVIDENCE_UNDATED_YEAR, title=entry.title))
        elif item.year_bound and entry.date < start:
            notes.append(say(msg.EVIDENCE_OUTSIDE_YEAR, title=entry.title, date=entry.date, start=start,
                                                          end=assessed_on))
        else:
            valid.append(entry)
    return EvidenceCheck(valid=valid, total=len(entries), notes=notes)


# ---------------------------------------------------------------- one item, then the whole file


def _score_item(item: Item, answer: ItemAnswer | None, assessed_on: dt.date, start: dt.date) -> ItemResult:
    """Score one item and explain it."""
    def result(score: Decimal, claimed: Decimal, status: str, counted: int, lines: list[str]) -> ItemResult:
        return ItemResult(item.id, item.indicator, item.content, item.title, item.bonus, score, item.points,
                          claimed, status, counted, lines)

    if answer is None:
        return result(ZERO, ZERO, "unanswered", 0, [say(msg.UNANSWERED, max=fmt(item.points))])
    evidence = check_evidence(item, answer.evidence, assessed_on, start)
    valid = len(evidence.valid)
    outcome = kinds.module_of(item.rule).score(item.rule, item.points, answer, valid)
    claimed = outcome.claimed
    lines = outcome.detail
    if claimed == ZERO:
        return result(ZERO, ZERO, "not_met", valid, lines + [say(msg.NOT_MET, max=fmt(item.points))])
    if evidence.total == 0:
        return result(ZERO, claimed, "missing_evidence", 0, lines + [say(msg.MISSING_EVIDENCE, claimed=fmt(claimed))])
    if valid == 0:
        template = msg.OUT_OF_PERIOD_YEAR if item.year_bound else msg.OUT_OF_PERIOD
        verdict = say(template, claimed=fmt(claimed), start=start, end=assessed_on)
        return result(ZERO, claimed, "out_of_period", 0, lines + evidence.notes + [verdict])
    score = outcome.evidenced
    lines += evidence.notes
    lines.append(say(msg.EVIDENCE_COUNTED, valid=valid))
    if score < claimed:
        lines.append(say(msg.CAPPED, claimed=fmt(claimed), score=fmt(score)))
        return result(score, claimed, "capped_by_evidence", valid, lines)
    status = "met" if score == item.points else "partial"
    template = msg.MET if status == "met" else msg.PARTIAL
    lines.append(say(template, score=fmt(score), max=fmt(item.points)))
    return result(score, claimed, status, valid, lines)


def score_item(item: Item, answer: ItemAnswer | None, assessed_on: dt.date) -> ItemResult:
    """Score one item on its own and explain it."""
    return _score_item(item, answer, assessed_on, period_start(assessed_on))


def _subtotals(items: list[ItemResult]) -> list[IndicatorSubtotal]:
    groups: dict[tuple[str, bool], list[ItemResult]] = {}
    for item in items:
        groups.setdefault((item.indicator, item.bonus), []).append(item)
    return [
        IndicatorSubtotal(name, bonus, sum((i.score for i in group), ZERO), sum((i.max for i in group), ZERO),
                          sum((i.claimed for i in group), ZERO))
        for (name, bonus), group in groups.items()
    ]


def score(rubric: Rubric | None, answers: AnswersFile) -> ScoreResult:
    """Score an answers file against its rubric (the bundled one when ``rubric`` is None)."""
    rubric = rubric or load_rubric(answers.rubric)
    if rubric.rubric != answers.rubric:
        raise ValueError(f"answers are for {answers.rubric!r}, rubric is {rubric.rubric!r}")
    start = period_start(answers.assessed_on)
    given = answers.answers
    items = [_score_item(item, given.get(item.id), answers.assessed_on, start) for item in rubric.items]
    base = sum((i.score for i in items if not i.bonus), ZERO)
    bonus = sum((i.score for i in items if i.bonus), ZERO)
    # Every value here is already validated: construct without validating again (the hot path of batch scoring).
    return ScoreResult.model_construct(
        rubric=rubric.rubric, rubric_version=rubric.version, applicant=answers.applicant,
        assessed_on=answers.assessed_on, period_start=start,
        base=base, base_max=rubric.base_total, bonus=bonus, bonus_max=rubric.bonus_total, total=base + bonus,
        claimed_total=sum((i.claimed for i in items), ZERO),
        answered=sum(1 for i in items if i.status != "unanswered"), item_count=len(items),
        items=items, indicators=_subtotals(items))
