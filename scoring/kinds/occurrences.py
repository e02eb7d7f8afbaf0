"""``occurrences``: full points when at least ``minimum`` reported occurrences are each backed by an evidence
entry that counts (dated in the year for year-bound items; never dated after the assessment date)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO
from . import threshold
from .base import AnswerIssues, Outcome, StrictRule, non_negative_int, say

NAME = "occurrences"


class Rule(StrictRule):
    """Full points when at least ``minimum`` occurrences are each backed by evidence that counts."""

    kind: Literal["occurrences"]
    minimum: int = Field(gt=0)
    unit: str = Field(min_length=1)
    label: str = Field(min_length=1)


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    return []


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"value"}, threshold.hint(rule))
    if not issues.require(raw, "value", threshold.hint(rule)):
        return None
    whole = non_negative_int(raw["value"])
    if whole is None:
        issues.add("value", f"次数应为不小于 0 的整数，当前为 {raw['value']!r}")
        return None
    return {"value": Decimal(whole)}


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    reported = int(answer.value)
    counted = min(reported, valid)
    claimed = points if reported >= rule.minimum else ZERO
    evidenced = points if counted >= rule.minimum else ZERO
    text = say(msg.OCCURRENCES, label=rule.label, value=reported, unit=rule.unit, minimum=rule.minimum,
               valid=valid, counted=counted)
    detail = [text]
    if claimed and not evidenced:
        detail.append(say(msg.OCCURRENCES_SHORT, unit=rule.unit, minimum=rule.minimum, counted=counted))
    return Outcome(claimed, evidenced, detail)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return {"value": {"type": "integer", "minimum": 0}}, ["value"], {}


def example(rule: Rule) -> str:
    return f"value: {rule.minimum}"


def answer_help(rule: Rule) -> str:
    return f"value: {rule.label}（{rule.unit}），不少于 {rule.minimum} 得满分；每{rule.unit}须有一份注明日期的证据"


answer_fields = threshold.answer_fields
form_values = threshold.form_values
not_met = threshold.not_met
