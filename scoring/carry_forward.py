"""Carry a self-assessment into the next round: last year's answers and evidence library become the new draft,
and every item whose evidence falls outside the new assessment year is flagged for renewal and its claim set
aside, so nothing is scored as met on last year's documents until the applicant renews them."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .engine import period_start
from . import messages as msg

CLAIM_FIELDS = ("met", "parts", "score", "value", "count", "tier", "org_kind", "figures")


@dataclass(frozen=True)
class Renewal:
    """One item to renew: the evidence that is out of date (title, its date or None when undated)."""

    item_id: str
    stale: tuple[tuple[str, dt.date | None], ...]

    @property
    def message(self) -> str:
        parts = [msg.CARRY_UNDATED.format(title=t) if d is None else msg.CARRY_STALE.format(title=t, date=d)
                 for t, d in self.stale]
        return "；".join(parts)


@dataclass(frozen=True)
class CarriedForward:
    data: dict[str, Any]
    renewals: tuple[Renewal, ...]
    period: tuple[dt.date, dt.date]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _entries(entry: dict, library: dict) -> dict:
    if isinstance(entry, dict) and entry.get("ref") in library:
        return {**library[entry["ref"]], **{k: v for k, v in entry.items() if k != "ref"}}
    return entry if isinstance(entry, dict) else {}


def carry_forward(previous: dict[str, Any], assessed_on: dt.date, from_round: int | None = None) -> CarriedForward:
    """The new draft from last year's answers-file data, assessed on ``assessed_on``, and the items to renew.

    Evidence counts as current when dated within the 12 months ending on ``assessed_on``; an item with any
    undated or older evidence keeps its evidence and note but loses its claim (met, value, …) and gains a note
    naming what to renew. Items with only current evidence keep their claim.
    """
    data = copy.deepcopy(previous)
    data["assessed_on"] = assessed_on.isoformat()
    data.pop("rubric_version", None)
    data.pop("desensitisation", None)  # decisions about last year's files are made again on the new files
    start = period_start(assessed_on)
    library = data.get("evidence_library") or {}
    renewals = []
    for item_id, answer in sorted((data.get("answers") or {}).items()):
        if not isinstance(answer, dict):
            continue
        stale = []
        for entry in answer.get("evidence") or []:
            resolved = _entries(entry, library)
            day = _date(resolved.get("date"))
            if day is None or not start <= day <= assessed_on:
                stale.append((str(resolved.get("title") or "—"), day))
        if stale:
            renewal = Renewal(item_id, tuple(stale))
            for field in CLAIM_FIELDS:
                answer.pop(field, None)
            label = msg.CARRY_NOTE.format(year=from_round) if from_round else msg.CARRY_NOTE_PLAIN
            answer["note"] = f"{label}{renewal.message}"
            renewals.append(renewal)
    return CarriedForward(data, tuple(renewals), (start, assessed_on))
