"""What every rule kind shares: the strict model base, the outcome of scoring, the problems of one answer.

A rule kind is one module in this package; ``registry`` lists them. Kind modules sit at the bottom of the
library: they take a rule and the item's points, never pages or the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict

from ..points import ZERO, as_json_number, to_decimal

FIELD_NAME = r"^[a-z][a-z0-9_]*$"


class StrictRule(BaseModel):
    """Base of every rule model: unknown keys are errors, rules never change once loaded."""

    # Built on first use: a rubric read from the validated-rubric cache never builds a rule model.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@dataclass
class Outcome:
    """What one rule kind makes of an answer: the claim, what ``valid`` evidence entries support, and why."""

    claimed: Decimal
    evidenced: Decimal
    detail: list[str]


@dataclass
class AnswerIssues:
    """The problems of one item's answer, as (field, message) pairs; the caller adds the file and item ID."""

    kind: str
    found: list[tuple[str | None, str]] = field(default_factory=list)

    def add(self, field_name: str | None, message: str) -> None:
        self.found.append((field_name, message))

    def allow(self, raw: Mapping[str, Any], allowed: set[str], hint: str) -> None:
        """Report every key outside ``allowed`` (evidence and note are always allowed)."""
        for key in sorted(set(raw) - allowed - {"evidence", "note"}, key=str):
            self.add(key, f"该条目（{self.kind}）不接受字段 {key}；{hint}")

    def require(self, raw: Mapping[str, Any], key: str, hint: str) -> bool:
        if raw.get(key) is None:
            self.add(key, f"缺少 {key}；{hint}")
            return False
        return True


@lru_cache(maxsize=4096)
def say(template: str, **values: object) -> str:
    """A message from its template; cached, since batches repeat the same lines many times."""
    return template.format(**values)


@lru_cache(maxsize=1024)
def fmt(value: Decimal) -> str:
    """A point value or figure as people write it (3, 2.5, 0.35)."""
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def non_negative_int(raw: object) -> int | None:
    """A whole number ≥ 0 from YAML/JSON or a form; None otherwise."""
    value = to_decimal(raw)
    if value is None or value < 0 or value != value.to_integral_value():
        return None
    return int(value)


def number(raw: object) -> int | float | None:
    """A form number (int, float, Decimal or numeric text) as a plain JSON number; None when blank."""
    value = to_decimal(raw)
    return None if value is None else as_json_number(value)


def positive_below(score: Decimal, points: Decimal) -> bool:
    return ZERO < score < points
