"""``either``: the applicant picks one option (``org_kind``); full points when all its conditions are reached."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO, as_json_number, to_decimal
from .base import FIELD_NAME, AnswerIssues, Outcome, StrictRule, fmt, non_negative_int, number, say

NAME = "either"
HUNDRED = Decimal(100)


class Condition(StrictRule):
    field: str = Field(pattern=FIELD_NAME)
    label: str = Field(min_length=1)
    type: Literal["share", "integer"]
    minimum: Decimal = Field(ge=0)
    wording: str | None = Field(default=None, description="the requirement as the table words it, quoted in messages")


class Option(StrictRule):
    key: str = Field(pattern=FIELD_NAME)
    label: str = Field(min_length=1)
    conditions: list[Condition] = Field(min_length=1)


class Rule(StrictRule):
    """The applicant picks one option (``org_kind``); full points when all its conditions are reached."""

    kind: Literal["either"]
    options: list[Option] = Field(min_length=2)


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    found = []
    keys = [o.key for o in rule.options]
    if len(set(keys)) != len(keys):
        found.append(("rule.options", "选项 key 须唯一"))
    types: dict[str, str] = {}
    for option in rule.options:
        for cond in option.conditions:
            if cond.type == "share" and cond.minimum > 1:
                found.append(("rule.options", f"比例条件 {cond.field} 的下限须在 0–1 之间"))
            if types.setdefault(cond.field, cond.type) != cond.type:
                found.append(("rule.options", f"条件 {cond.field} 在不同选项中的类型不一致"))
    return found


def _fields(rule: Rule) -> dict[str, Condition]:
    every: dict[str, Condition] = {}
    for option in rule.options:
        for cond in option.conditions:
            every.setdefault(cond.field, cond)
    return every


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    options = {o.key: o for o in rule.options}
    all_fields = set(_fields(rule))
    hint = "填写 org_kind（" + "、".join(f"{o.key}：{o.label}" for o in rule.options) + "）及对应数据"
    issues.allow(raw, {"org_kind"} | all_fields, hint)
    before = len(issues.found)
    if not issues.require(raw, "org_kind", hint):
        return None
    option = options.get(raw["org_kind"])
    if option is None:
        issues.add("org_kind", f"未知类型 {raw['org_kind']!r}；可选：{'、'.join(options)}")
        return None
    own = {c.field for c in option.conditions}
    for key in sorted(all_fields - own):
        if raw.get(key) is not None:
            issues.add(key, f"{option.label}不填写 {key}")
    figures = {}
    for cond in option.conditions:
        if not issues.require(raw, cond.field, hint):
            continue
        if cond.type == "integer":
            count = non_negative_int(raw[cond.field])
            if count is None:
                issues.add(cond.field, f"{cond.label}应为不小于 0 的整数")
            else:
                figures[cond.field] = Decimal(count)
        else:
            share = to_decimal(raw[cond.field])
            if share is None or not (ZERO <= share <= 1):
                issues.add(cond.field, f"{cond.label}应为 0 到 1 之间的小数（如 0.35），当前为 {raw[cond.field]!r}")
            else:
                figures[cond.field] = share
    return {"org_kind": option.key, "figures": figures} if len(issues.found) == before else None


def _shown(cond: Condition, value: Decimal) -> str:
    return f"{fmt(value * HUNDRED)}%" if cond.type == "share" else fmt(value)


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    option = next(o for o in rule.options if o.key == answer.org_kind)
    detail = [say(msg.EITHER_OPTION, label=option.label)]
    reached_all = True
    for cond in option.conditions:
        value = answer.figures[cond.field]
        reached = value >= cond.minimum
        reached_all &= reached
        minimum = say(msg.EITHER_MINIMUM, minimum=_shown(cond, cond.minimum))
        required = say(msg.EITHER_WORDING, wording=cond.wording, minimum=minimum) if cond.wording else minimum
        detail.append(say(msg.EITHER_CONDITION, label=cond.label, value=_shown(cond, value), required=required,
                          verdict=msg.REACHED if reached else msg.NOT_REACHED))
    awarded = points if reached_all else ZERO
    return Outcome(awarded, awarded, detail)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    every = {name: ({"type": "number", "minimum": 0, "maximum": 1} if c.type == "share"
                    else {"type": "integer", "minimum": 0}) for name, c in _fields(rule).items()}
    variants = []
    for option in rule.options:
        own = [c.field for c in option.conditions]
        others = [f for f in every if f not in own]
        variants.append({
            "properties": {"org_kind": {"const": option.key}},
            "required": own,
            **({"not": {"anyOf": [{"required": [f]} for f in others]}} if others else {}),
        })
    return {"org_kind": {"enum": [o.key for o in rule.options]}, **every}, ["org_kind"], {"oneOf": variants}


def example(rule: Rule) -> str:
    option = rule.options[0]
    figures = [f"{c.field}: {as_json_number(c.minimum)}" for c in option.conditions]
    return ", ".join([f"org_kind: {option.key}", *figures])


def answer_help(rule: Rule) -> str:
    return "；".join(f"org_kind: {o.key}（{o.label}）时填 " + "、".join(f"{c.field}（{c.label}）" for c in o.conditions)
                    for o in rule.options)


def share_from_percent(percent: object) -> int | float | None:
    """A percentage typed in a form (42 or 35.5) as the share the answers file holds (0.42, 0.355), exactly."""
    value = to_decimal(percent)
    return None if value is None else as_json_number(value / HUNDRED)


def percent_from_share(share: object) -> int | float | None:
    """The share in an answers file (0.42) as the percentage a form shows (42)."""
    value = to_decimal(share)
    return None if value is None else as_json_number(value * HUNDRED)


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    option = next((o for o in rule.options if o.key == values.get("org_kind")), None)
    if option is None:
        return None
    fields: dict[str, Any] = {"org_kind": option.key}
    for cond in option.conditions:
        raw = values.get(cond.field)
        value = share_from_percent(raw) if cond.type == "share" else number(raw)
        if value is not None:
            fields[cond.field] = value
    return fields


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"org_kind": body.get("org_kind")}
    for name, cond in _fields(rule).items():
        raw = body.get(name)
        values[name] = percent_from_share(raw) if cond.type == "share" else number(raw)
    return values


def not_met(rule: Rule) -> dict[str, Any]:
    option = rule.options[-1]
    return {"org_kind": option.key, **{c.field: 0 for c in option.conditions}}
