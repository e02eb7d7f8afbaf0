"""Where an applicant loses points, and the per-indicator figures the results page charts.

Everything here is derived from a ``ScoreResult`` and its rubric: the engine's own reasons, the rubric's guidance
with the Haidian guideline clauses it cites. Nothing is scored again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .engine import ItemResult, ScoreResult
from .messages import STATUS_LABELS
from .points import ZERO, as_json_number
from .rubric import Rubric, guideline_clauses

EVIDENCE_STATUSES = ("missing_evidence", "out_of_period", "capped_by_evidence")


@dataclass(frozen=True)
class Clause:
    number: str
    title: str

    def label(self) -> str:
        return f"{self.number} {self.title}"


def item_clauses(rubric: Rubric, item_id: str) -> list[Clause]:
    """The guideline clauses an item's guidance cites, with their titles."""
    titles = guideline_clauses()
    return [Clause(number, titles.get(number, "")) for number in rubric.item(item_id).guidance.clauses]


@dataclass(frozen=True)
class Gap:
    """Points an item could still earn, why they are lost and how to earn them."""

    item_id: str
    title: str
    indicator: str
    bonus: bool
    recoverable: Decimal
    score: Decimal
    max: Decimal
    claimed: Decimal
    status: str
    status_label: str
    reasons: tuple[str, ...]
    guidance: str
    clauses: tuple[Clause, ...]
    evidence_needed: tuple[str, ...]

    @property
    def evidence_only(self) -> bool:
        """True when the applicant claims the points and only the evidence falls short."""
        return self.status in EVIDENCE_STATUSES


def lost_points(result: ScoreResult, rubric: Rubric) -> list[Gap]:
    """Every item scoring below its maximum, the most recoverable points first (table order breaks ties)."""
    gaps = []
    for position, item in enumerate(result.items):
        if item.score >= item.max:
            continue
        row = rubric.item(item.id)
        gaps.append((position, Gap(
            item_id=item.id, title=item.title, indicator=item.indicator, bonus=item.bonus,
            recoverable=item.max - item.score, score=item.score, max=item.max, claimed=item.claimed,
            status=item.status, status_label=STATUS_LABELS[item.status], reasons=tuple(item.messages),
            guidance=row.guidance.text, clauses=tuple(item_clauses(rubric, item.id)),
            evidence_needed=tuple(row.evidence))))
    gaps.sort(key=lambda pair: (-pair[1].recoverable, pair[0]))
    return [gap for _, gap in gaps]


def recoverable_total(gaps: list[Gap], bonus: bool | None = None) -> Decimal:
    """Points the gaps add up to (base only, bonus only, or all when ``bonus`` is None)."""
    return sum((g.recoverable for g in gaps if bonus is None or g.bonus == bonus), ZERO)


INDICATOR_COLUMNS = ["评价指标", "加分项", "满分", "自评", "认定得分", "得分率"]


def indicator_frame(result: ScoreResult) -> pd.DataFrame:
    """One row per 评价指标 (bonus items as their own row): max, claimed, evidenced score and share of max."""
    rows = []
    for sub in result.indicators:
        rows.append({
            "评价指标": sub.indicator, "加分项": sub.bonus,
            "满分": as_json_number(sub.max), "自评": as_json_number(sub.claimed),
            "认定得分": as_json_number(sub.score),
            "得分率": float(sub.score / sub.max) if sub.max else 0.0,
        })
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


@dataclass(frozen=True)
class ClaimedVsEvidenced:
    """The applicant's own total against what the evidence supports."""

    claimed: Decimal
    evidenced: Decimal
    items_short: int

    @property
    def difference(self) -> Decimal:
        return self.claimed - self.evidenced


def claimed_vs_evidenced(result: ScoreResult) -> ClaimedVsEvidenced:
    short = sum(1 for item in result.items if item.claimed > item.score)
    return ClaimedVsEvidenced(result.claimed_total, result.total, short)


def evidence_warnings(result: ScoreResult) -> list[ItemResult]:
    """Items whose claim the evidence does not (fully) support, in table order."""
    return [item for item in result.items if item.status in EVIDENCE_STATUSES]


def answered_by_indicator(result: ScoreResult) -> dict[str, tuple[int, int]]:
    """评价指标 → (answered items, items), in table order."""
    counts: dict[str, list[int]] = {}
    for item in result.items:
        pair = counts.setdefault(item.indicator, [0, 0])
        pair[0] += item.status != "unanswered"
        pair[1] += 1
    return {name: (a, n) for name, (a, n) in counts.items()}
