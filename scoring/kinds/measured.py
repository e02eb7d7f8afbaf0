"""``measured``: the table names a measure (全员, 全覆盖 = 100 %); the applicant reports it as ``value``.

Full points when ``value`` reaches ``minimum``; the message says what was required, in the table's words. Answers
files written before the item had a measure hold a tick (``met``); they stay valid and score as before.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO, as_json_number, to_decimal
from . import check
from .base import AnswerIssues, Outcome, StrictRule, fmt, number, say

NAME = "measured"


class Rule(StrictRule):
    """Full points when the reported measure reaches ``minimum``; ``required`` quotes the table."""

    kind: Literal["measured"]
    label: str = Field(min_length=1, description="what is measured")
    unit: str = Field(min_length=1)
    minimum: Decimal = Field(gt=0)
    maximum: Decimal | None = Field(default=None, gt=0, description="the largest possible value (100 for %)")
    required: str = Field(min_length=1, description="what the table requires, in its words (全员知晓 …)")


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    if rule.maximum is not None and rule.minimum > rule.maximum:
        return [("rule.minimum", "要求值不能大于 maximum")]
    return []


def _hint(rule: Rule) -> str:
    return f"填写 value（{rule.label}，单位：{rule.unit}；要求：{rule.required}）"


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"value", "met", "score"}, _hint(rule))
    if raw.get("value") is None and raw.get("met") is not None:
        return check.parse_met(raw, points, issues) or None
    if not issues.require(raw, "value", _hint(rule)):
        return None
    for key in ("met", "score"):
        if raw.get(key) is not None:
            issues.add(key, f"已填写 value 时不再填写 {key}")
            return None
    value = to_decimal(raw["value"])
    if value is None or value < 0 or (rule.maximum is not None and value > rule.maximum):
        top = f"、不大于 {fmt(rule.maximum)}" if rule.maximum is not None else ""
        issues.add("value", f"{rule.label}应为不小于 0{top}的数字，当前为 {raw['value']!r}")
        return None
    return {"value": value}


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    if answer.value is None:
        outcome = check.score_met(points, answer)
        outcome.detail.append(say(msg.MEASURED_TICK, required=rule.required))
        return outcome
    reached = answer.value >= rule.minimum
    awarded = points if reached else ZERO
    text = say(msg.MEASURED, label=rule.label, value=fmt(answer.value), unit=rule.unit, required=rule.required,
               minimum=fmt(rule.minimum), verdict=msg.REACHED if reached else msg.NOT_REACHED)
    return Outcome(awarded, awarded, [text])


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    properties, _, extras = check.met_schema(points)
    value: dict[str, Any] = {"type": "number", "minimum": 0,
                             "description": f"{rule.label}（{rule.unit}）；要求：{rule.required}"}
    if rule.maximum is not None:
        value["maximum"] = as_json_number(rule.maximum)
    return ({"value": value, **properties}, [],
            {"oneOf": [{"required": ["value"], "not": {"anyOf": [{"required": ["met"]}, {"required": ["score"]}]}},
                       {"required": ["met"], "not": {"required": ["value"]}, **extras}]})


def example(rule: Rule) -> str:
    return f"value: {as_json_number(rule.minimum)}"


def answer_help(rule: Rule) -> str:
    return f"value: {rule.label}（{rule.unit}），要求{rule.required}（不少于 {as_json_number(rule.minimum)}{rule.unit}）得满分"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    value = number(values.get("value"))
    return None if value is None else {"value": value}


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    value = number(body.get("value"))
    if value is None and body.get("met") is True:
        value = as_json_number(rule.minimum)
    return {"value": value}


def not_met(rule: Rule) -> dict[str, Any]:
    return {"value": 0}
