"""``two_counts``: the sum of two parts, each ``min(cap, per × (count − baseline))`` and never below 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO
from .base import FIELD_NAME, AnswerIssues, Outcome, StrictRule, fmt, non_negative_int, number, say

NAME = "two_counts"


class CountPart(StrictRule):
    field: str = Field(pattern=FIELD_NAME)
    label: str = Field(min_length=1)
    per: Decimal = Field(gt=0)
    cap: Decimal = Field(gt=0)
    baseline: int = Field(ge=0, description="units that earn nothing (a reading of \"每多一类\"; adjustable)")


class Rule(StrictRule):
    """Sum of parts, each ``min(cap, per × (count − baseline))`` and never below 0."""

    kind: Literal["two_counts"]
    parts: list[CountPart] = Field(min_length=2, max_length=2)


def rule_max(rule: Rule) -> Decimal | None:
    return sum((p.cap for p in rule.parts), ZERO)


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    fields = [p.field for p in rule.parts]
    return [] if len(set(fields)) == len(fields) else [("rule.parts", "各部分的 field 须唯一")]


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    hint = "填写 " + "、".join(f"{p.field}（{p.label}）" for p in rule.parts)
    issues.allow(raw, {p.field for p in rule.parts}, hint)
    before = len(issues.found)
    figures = {}
    for part in rule.parts:
        if issues.require(raw, part.field, hint):
            count = non_negative_int(raw[part.field])
            if count is None:
                issues.add(part.field, f"{part.label}应为不小于 0 的整数，当前为 {raw[part.field]!r}")
            else:
                figures[part.field] = Decimal(count)
    return {"figures": figures} if len(issues.found) == before else None


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    total = ZERO
    detail = []
    for part in rule.parts:
        count = answer.figures[part.field]
        earned = max(ZERO, min(part.cap, part.per * (count - part.baseline)))
        total += earned
        detail.append(say(msg.COUNT_PART, label=part.label, count=fmt(count), baseline=part.baseline,
                          per=fmt(part.per), cap=fmt(part.cap), points=fmt(earned)))
    return Outcome(total, total, detail)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return ({p.field: {"type": "integer", "minimum": 0} for p in rule.parts}, [p.field for p in rule.parts], {})


def example(rule: Rule) -> str:
    return ", ".join(f"{p.field}: {p.baseline + 1}" for p in rule.parts)


def answer_help(rule: Rule) -> str:
    return "；".join(f"{p.field}: {p.label}（超过 {p.baseline} 的部分计分）" for p in rule.parts)


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    fields = {p.field: number(values.get(p.field)) for p in rule.parts}
    fields = {k: v for k, v in fields.items() if v is not None}
    return fields or None


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    return {p.field: number(body.get(p.field)) for p in rule.parts}


def not_met(rule: Rule) -> dict[str, Any]:
    return {p.field: 0 for p in rule.parts}
