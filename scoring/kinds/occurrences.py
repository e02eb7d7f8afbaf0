"""``occurrences``: full points when at least ``minimum`` reported occurrences are each backed by an evidence
entry that counts (dated in the year for year-bound items; never dated after the assessment date)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO
from . import threshold
from .base import AnswerIssues, Outcome, StrictRule, non_negative_int, number, say
from .checklist import Part, parse_ticks, ticks_schema

NAME = "occurrences"


class Rule(StrictRule):
    """Full points when at least ``minimum`` occurrences are each backed by evidence that counts."""

    kind: Literal["occurrences"]
    minimum: int = Field(gt=0)
    unit: str = Field(min_length=1)
    label: str = Field(min_length=1)
    parts: list[Part] = Field(default_factory=list, description="what every occurrence must cover, ticked one by one")


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    keys = [p.key for p in rule.parts]
    return [] if len(set(keys)) == len(keys) else [("rule.parts", "内容要件 key 须唯一")]


def evidence_parts(rule: Rule) -> dict[str, str]:
    return {p.key: p.label for p in rule.parts}


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"value", "parts"} if rule.parts else {"value"}, threshold.hint(rule))
    if not issues.require(raw, "value", threshold.hint(rule)):
        return None
    whole = non_negative_int(raw["value"])
    if whole is None:
        issues.add("value", f"次数应为不小于 0 的整数，当前为 {raw['value']!r}")
        return None
    fields: dict[str, Any] = {"value": Decimal(whole)}
    if rule.parts and raw.get("parts") is not None:
        parts = parse_ticks(raw["parts"], rule.parts, issues)
        if parts is None:
            return None
        fields["parts"] = parts
    return fields


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    reported = int(answer.value)
    counted = min(reported, valid)
    claimed = points if reported >= rule.minimum else ZERO
    evidenced = points if counted >= rule.minimum else ZERO
    text = say(msg.OCCURRENCES, label=rule.label, value=reported, unit=rule.unit, minimum=rule.minimum,
               valid=valid, counted=counted)
    detail = [text]
    if rule.parts:
        missing = [p.label for p in rule.parts if answer.parts and not answer.parts.get(p.key)]
        if missing:
            detail.append(say(msg.OCCURRENCES_PARTS_MISSING, missing="；".join(missing)))
            return Outcome(ZERO, ZERO, detail)
        if not answer.parts:
            detail.append(say(msg.OCCURRENCES_PARTS_UNSTATED, parts="；".join(p.label for p in rule.parts)))
    if claimed and not evidenced:
        detail.append(say(msg.OCCURRENCES_SHORT, unit=rule.unit, minimum=rule.minimum, counted=counted))
    return Outcome(claimed, evidenced, detail)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    properties: dict[str, Any] = {"value": {"type": "integer", "minimum": 0}}
    if rule.parts:
        properties["parts"] = ticks_schema(rule.parts)
    return properties, ["value"], {}


def example(rule: Rule) -> str:
    parts = ", parts: {" + ", ".join(f"{p.key}: true" for p in rule.parts) + "}" if rule.parts else ""
    return f"value: {rule.minimum}{parts}"


def answer_help(rule: Rule) -> str:
    covers = ("；parts 逐项确认内容：" + "、".join(f"{p.key}（{p.label}）" for p in rule.parts)) if rule.parts else ""
    return f"value: {rule.label}（{rule.unit}），不少于 {rule.minimum} 得满分；每{rule.unit}须有一份注明日期的证据{covers}"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    value = number(values.get("value"))
    if value is None:
        return None
    fields: dict[str, Any] = {"value": value}
    ticks = {p.key: values.get(p.key) for p in rule.parts}
    if any(tick is not None for tick in ticks.values()):
        fields["parts"] = {k: bool(v) for k, v in ticks.items()}
    return fields


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    ticks = body.get("parts") if isinstance(body.get("parts"), dict) else None
    values: dict[str, Any] = {"value": number(body.get("value"))}
    for part in rule.parts:
        values[part.key] = bool(ticks.get(part.key)) if ticks is not None else None
    return values


not_met = threshold.not_met
