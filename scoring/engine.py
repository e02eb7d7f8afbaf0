"""The scoring engine: rule kinds, evidence checks and ``score()``.

Each rule kind has one function that turns an answer into a claimed score and the score the valid evidence
supports; ``score()`` applies the evidence rules common to all kinds and explains every point won or lost.
The engine never mentions an item ID: everything item-specific lives in the rubric.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Callable, Literal

from pydantic import BaseModel

from . import messages as msg
from .answers import TIER_NONE, Applicant, AnswersFile, EvidenceEntry, ItemAnswer
from .points import ZERO, Points
from .rubric import (
    CheckRule, EitherRule, Item, OccurrencesRule, PerUnitRule, Rubric, ThresholdRule, TieredRule, TwoCountsRule,
    load_rubric,
)

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
            notes.append(_say(msg.EVIDENCE_AFTER, title=entry.title, date=entry.date, assessed_on=assessed_on))
        elif item.year_bound and entry.date is None:
            notes.append(_say(msg.EVIDENCE_UNDATED_YEAR, title=entry.title))
        elif item.year_bound and entry.date < start:
            notes.append(_say(msg.EVIDENCE_OUTSIDE_YEAR, title=entry.title, date=entry.date, start=start,
                                                          end=assessed_on))
        else:
            valid.append(entry)
    return EvidenceCheck(valid=valid, total=len(entries), notes=notes)


# ---------------------------------------------------------------- rule kinds


@dataclass
class KindOutcome:
    """What one rule kind makes of an answer: the claim, what ``valid`` evidence entries support, and why."""

    claimed: Decimal
    evidenced: Decimal
    detail: list[str]


@lru_cache(maxsize=4096)
def _say(template: str, **values: object) -> str:
    """A message from its template; cached, since batches repeat the same lines many times."""
    return template.format(**values)


@lru_cache(maxsize=1024)
def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def _score_check(item: Item, rule: CheckRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    if answer.met is True:
        return KindOutcome(item.points, item.points, [msg.CHECK_MET])
    if answer.met == "partial":
        return KindOutcome(answer.score, answer.score, [_say(msg.CHECK_PARTIAL, score=_fmt(answer.score))])
    return KindOutcome(ZERO, ZERO, [msg.CHECK_NOT_MET])


def _score_threshold(item: Item, rule: ThresholdRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    reached = answer.value >= rule.minimum
    points = item.points if reached else ZERO
    text = _say(msg.THRESHOLD, label=rule.label, value=_fmt(answer.value), unit=rule.unit,
                                minimum=_fmt(rule.minimum), verdict=msg.REACHED if reached else msg.NOT_REACHED)
    return KindOutcome(points, points, [text])


def _score_occurrences(item: Item, rule: OccurrencesRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    reported = int(answer.value)
    counted = min(reported, valid)
    claimed = item.points if reported >= rule.minimum else ZERO
    evidenced = item.points if counted >= rule.minimum else ZERO
    text = _say(msg.OCCURRENCES, label=rule.label, value=reported, unit=rule.unit, minimum=rule.minimum,
                                  valid=valid, counted=counted)
    return KindOutcome(claimed, evidenced, [text])


def _score_per_unit(item: Item, rule: PerUnitRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    counted = min(answer.count, valid)
    claimed = min(rule.cap, rule.per_unit * answer.count)
    evidenced = min(rule.cap, rule.per_unit * counted)
    text = _say(msg.PER_UNIT, label=rule.label, count=answer.count, unit=rule.unit, per=_fmt(rule.per_unit),
                               cap=_fmt(rule.cap), valid=valid, counted=counted)
    return KindOutcome(claimed, evidenced, [text])


def _score_tiered(item: Item, rule: TieredRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    if answer.tier == TIER_NONE:
        return KindOutcome(ZERO, ZERO, [msg.TIER_NONE])
    tier = next(t for t in rule.tiers if t.key == answer.tier)
    return KindOutcome(tier.points, tier.points, [_say(msg.TIER, label=tier.label, points=_fmt(tier.points))])


def _score_two_counts(item: Item, rule: TwoCountsRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    total = ZERO
    detail = []
    for part in rule.parts:
        count = answer.figures[part.field]
        points = max(ZERO, min(part.cap, part.per * (count - part.baseline)))
        total += points
        detail.append(_say(msg.COUNT_PART, label=part.label, count=_fmt(count), baseline=part.baseline,
                                            per=_fmt(part.per), cap=_fmt(part.cap), points=_fmt(points)))
    return KindOutcome(total, total, detail)


def _score_either(item: Item, rule: EitherRule, answer: ItemAnswer, valid: int) -> KindOutcome:
    option = next(o for o in rule.options if o.key == answer.org_kind)
    detail = [_say(msg.EITHER_OPTION, label=option.label)]
    reached_all = True
    for cond in option.conditions:
        value = answer.figures[cond.field]
        reached = value >= cond.minimum
        reached_all &= reached
        detail.append(_say(msg.EITHER_CONDITION, label=cond.label, value=_fmt(value), minimum=_fmt(cond.minimum),
                                                  verdict=msg.REACHED if reached else msg.NOT_REACHED))
    points = item.points if reached_all else ZERO
    return KindOutcome(points, points, detail)


RULE_SCORERS: dict[type, Callable[..., KindOutcome]] = {
    CheckRule: _score_check,
    ThresholdRule: _score_threshold,
    OccurrencesRule: _score_occurrences,
    PerUnitRule: _score_per_unit,
    TieredRule: _score_tiered,
    TwoCountsRule: _score_two_counts,
    EitherRule: _score_either,
}


# ---------------------------------------------------------------- one item, then the whole file


def _score_item(item: Item, answer: ItemAnswer | None, assessed_on: dt.date, start: dt.date) -> ItemResult:
    """Score one item and explain it."""
    def result(score: Decimal, claimed: Decimal, status: str, counted: int, lines: list[str]) -> ItemResult:
        return ItemResult(item.id, item.indicator, item.content, item.title, item.bonus, score, item.points,
                          claimed, status, counted, lines)

    if answer is None:
        return result(ZERO, ZERO, "unanswered", 0, [_say(msg.UNANSWERED, max=_fmt(item.points))])
    evidence = check_evidence(item, answer.evidence, assessed_on, start)
    valid = len(evidence.valid)
    outcome = RULE_SCORERS[type(item.rule)](item, item.rule, answer, valid)
    claimed = outcome.claimed
    lines = outcome.detail
    if claimed == ZERO:
        return result(ZERO, ZERO, "not_met", valid, lines + [_say(msg.NOT_MET, max=_fmt(item.points))])
    if evidence.total == 0:
        return result(ZERO, claimed, "missing_evidence", 0, lines + [_say(msg.MISSING_EVIDENCE, claimed=_fmt(claimed))])
    if valid == 0:
        template = msg.OUT_OF_PERIOD_YEAR if item.year_bound else msg.OUT_OF_PERIOD
        verdict = _say(template, claimed=_fmt(claimed), start=start, end=assessed_on)
        return result(ZERO, claimed, "out_of_period", 0, lines + evidence.notes + [verdict])
    score = outcome.evidenced
    lines += evidence.notes
    lines.append(_say(msg.EVIDENCE_COUNTED, valid=valid))
    if score < claimed:
        lines.append(_say(msg.CAPPED, claimed=_fmt(claimed), score=_fmt(score)))
        return result(score, claimed, "capped_by_evidence", valid, lines)
    status = "met" if score == item.points else "partial"
    template = msg.MET if status == "met" else msg.PARTIAL
    lines.append(_say(template, score=_fmt(score), max=_fmt(item.points)))
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
