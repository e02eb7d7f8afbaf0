"""``per_unit``: ``per_unit`` points for each counted unit (each backed by an evidence entry), up to ``cap``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import as_json_number
from .base import AnswerIssues, Outcome, StrictRule, fmt, non_negative_int, number, say

NAME = "per_unit"


class Rule(StrictRule):
    """``per_unit`` points for each counted unit (each backed by an evidence entry), up to ``cap``."""

    kind: Literal["per_unit"]
    per_unit: Decimal = Field(gt=0)
    cap: Decimal = Field(gt=0)
    unit: str = Field(min_length=1)
    label: str = Field(min_length=1)


def rule_max(rule: Rule) -> Decimal | None:
    return rule.cap


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    return []


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    hint = f"填写 count（{rule.label}，单位：{rule.unit}）"
    issues.allow(raw, {"count"}, hint)
    if not issues.require(raw, "count", hint):
        return None
    count = non_negative_int(raw["count"])
    if count is None:
        issues.add("count", f"count 应为不小于 0 的整数，当前为 {raw['count']!r}")
        return None
    return {"count": count}


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    counted = min(answer.count, valid)
    claimed = min(rule.cap, rule.per_unit * answer.count)
    evidenced = min(rule.cap, rule.per_unit * counted)
    text = say(msg.PER_UNIT, label=rule.label, count=answer.count, unit=rule.unit, per=fmt(rule.per_unit),
               cap=fmt(rule.cap), valid=valid, counted=counted)
    return Outcome(claimed, evidenced, [text])


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return {"count": {"type": "integer", "minimum": 0}}, ["count"], {}


def example(rule: Rule) -> str:
    return "count: 1"


def answer_help(rule: Rule) -> str:
    return (f"count: {rule.label}（{rule.unit}），每{rule.unit} {as_json_number(rule.per_unit)} 分，"
            f"最多 {as_json_number(rule.cap)} 分；每{rule.unit}须有一份证据")


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    count = number(values.get("count"))
    return None if count is None else {"count": count}


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    return {"count": number(body.get("count"))}


def not_met(rule: Rule) -> dict[str, Any]:
    return {"count": 0}
