"""``threshold``: full points when the reported ``value`` reaches ``minimum`` ("不少于" includes the number)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO, as_json_number, to_decimal
from .base import AnswerIssues, Outcome, StrictRule, fmt, number, say

NAME = "threshold"


class Rule(StrictRule):
    """Full points when the reported ``value`` reaches ``minimum`` ("不少于" includes the number)."""

    kind: Literal["threshold"]
    minimum: Decimal = Field(gt=0)
    unit: str = Field(min_length=1)
    label: str = Field(min_length=1, description="what the value counts, shown to the user")


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    return []


def hint(rule: Any) -> str:
    return f"填写 value（{rule.label}，单位：{rule.unit}）"


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"value"}, hint(rule))
    if not issues.require(raw, "value", hint(rule)):
        return None
    value = to_decimal(raw["value"])
    if value is None or value < 0:
        issues.add("value", f"value 应为不小于 0 的数字，当前为 {raw['value']!r}")
        return None
    return {"value": value}


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    reached = answer.value >= rule.minimum
    awarded = points if reached else ZERO
    text = say(msg.THRESHOLD, label=rule.label, value=fmt(answer.value), unit=rule.unit,
               minimum=fmt(rule.minimum), verdict=msg.REACHED if reached else msg.NOT_REACHED)
    return Outcome(awarded, awarded, [text])


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return {"value": {"type": "number", "minimum": 0}}, ["value"], {}


def example(rule: Rule) -> str:
    return f"value: {as_json_number(rule.minimum)}"


def answer_help(rule: Rule) -> str:
    return f"value: {rule.label}（{rule.unit}），不少于 {as_json_number(rule.minimum)} 得满分"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    value = number(values.get("value"))
    return None if value is None else {"value": value}


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    return {"value": number(body.get("value"))}


def not_met(rule: Rule) -> dict[str, Any]:
    return {"value": 0}
