"""``tiered``: the points of the one tier the applicant names (``none`` scores 0)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO, as_json_number
from .base import FIELD_NAME, AnswerIssues, Outcome, StrictRule, fmt, say

NAME = "tiered"
TIER_NONE = "none"


class Tier(StrictRule):
    key: str = Field(pattern=FIELD_NAME)
    label: str = Field(min_length=1)
    points: Decimal = Field(gt=0)


class Rule(StrictRule):
    """The points of the one tier the applicant names (``none`` scores 0)."""

    kind: Literal["tiered"]
    tiers: list[Tier] = Field(min_length=1)


def rule_max(rule: Rule) -> Decimal | None:
    return max(t.points for t in rule.tiers)


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    keys = [t.key for t in rule.tiers]
    if len(set(keys)) != len(keys) or TIER_NONE in keys:
        return [("rule.tiers", "档次 key 须唯一，且不得使用保留值 none")]
    return []


def keys(rule: Rule) -> list[str]:
    return [t.key for t in rule.tiers] + [TIER_NONE]


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    hint = f"填写 tier，可选：{'、'.join(keys(rule))}"
    issues.allow(raw, {"tier"}, hint)
    if not issues.require(raw, "tier", hint):
        return None
    if raw["tier"] not in keys(rule):
        issues.add("tier", f"未知档次 {raw['tier']!r}；可选：{'、'.join(keys(rule))}")
        return None
    return {"tier": raw["tier"]}


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    if answer.tier == TIER_NONE:
        return Outcome(ZERO, ZERO, [msg.TIER_NONE])
    tier = next(t for t in rule.tiers if t.key == answer.tier)
    return Outcome(tier.points, tier.points, [say(msg.TIER, label=tier.label, points=fmt(tier.points))])


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return {"tier": {"enum": keys(rule)}}, ["tier"], {}


def example(rule: Rule) -> str:
    return f"tier: {rule.tiers[-1].key}"


def answer_help(rule: Rule) -> str:
    tiers = "、".join(f"{t.key}（{t.label}，{as_json_number(t.points)} 分）" for t in rule.tiers)
    return f"tier: {tiers} 或 {TIER_NONE}"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    tier = values.get("tier")
    return None if tier is None else {"tier": tier}


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    return {"tier": body.get("tier") if body.get("tier") in keys(rule) else None}


def not_met(rule: Rule) -> dict[str, Any]:
    return {"tier": TIER_NONE}
