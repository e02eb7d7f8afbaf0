"""``check``: met / partly met with a half-step score / not met."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from .. import messages as msg
from ..points import HALF, ZERO, as_json_number, half_points, to_decimal
from .base import AnswerIssues, Outcome, StrictRule, fmt, number, say

NAME = "check"
CHOICES = ("met", "partial", "not_met")
HINT = "填写 met: true / false / partial（partial 时另填 score）"


class Rule(StrictRule):
    """Met / partly met with a half-step score / not met."""

    kind: Literal["check"]


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    return []


# ---------------------------------------------------------------- the met/partial/score answer, shared by kinds
# whose older answers files hold a plain tick (checklist, measured)


def parse_met(raw: Mapping[str, Any], points: Decimal, issues: AnswerIssues) -> dict[str, Any]:
    """``met`` (true / false / partial) and, for partial, ``score``: the fields, or {} after reporting problems."""
    met = raw.get("met")
    if met not in (True, False, "partial"):
        issues.add("met", f"met 应为 true、false 或 partial，当前为 {met!r}")
        return {}
    fields: dict[str, Any] = {"met": met}
    if met == "partial":
        score = parse_partial_score(raw, points, issues)
        if score is None:
            return {}
        fields["score"] = score
    elif raw.get("score") is not None:
        issues.add("score", "只有部分达标（met: partial）才填写 score")
        return {}
    return fields


def parse_partial_score(raw: Mapping[str, Any], points: Decimal, issues: AnswerIssues) -> Decimal | None:
    """The ``score`` of a partial claim: above 0, below full marks, in steps of 0.5."""
    score_raw = raw.get("score")
    if score_raw is None:
        issues.add("score", "部分达标（partial）须填写得分 score")
        return None
    if to_decimal(score_raw) is None:
        issues.add("score", f"得分 {score_raw!r} 不是数字")
        return None
    score = half_points(score_raw, HALF, points - HALF)
    if score is None:
        value = to_decimal(score_raw)
        if not (ZERO < value < points):
            issues.add("score", f"部分得分须大于 0 且小于满分 {fmt(points)}，当前为 {fmt(value)}")
        else:
            issues.add("score", f"得分须为 {HALF} 的整数倍，当前为 {fmt(value)}")
    return score


def score_met(points: Decimal, answer: Any) -> Outcome:
    if answer.met is True:
        return Outcome(points, points, [msg.CHECK_MET])
    if answer.met == "partial":
        return Outcome(answer.score, answer.score, [say(msg.CHECK_PARTIAL, score=fmt(answer.score))])
    return Outcome(ZERO, ZERO, [msg.CHECK_NOT_MET])


def choices(points: Decimal) -> tuple[str, ...]:
    """The choices a tick offers: "partly met" only when a half-step score fits strictly below full marks."""
    return CHOICES if points > HALF else tuple(c for c in CHOICES if c != "partial")


def met_fields(values: Mapping[str, Any]) -> dict[str, Any] | None:
    choice = values.get("choice")
    if choice is None:
        return None
    if choice == "met":
        return {"met": True}
    if choice == "not_met":
        return {"met": False}
    if choice == "partial":
        fields: dict[str, Any] = {"met": "partial"}
        score = number(values.get("score"))
        if score is not None:
            fields["score"] = score
        return fields
    raise ValueError(f"unknown check choice {choice!r}")


def met_values(body: Mapping[str, Any]) -> dict[str, Any]:
    met = body.get("met")
    choice = {True: "met", False: "not_met", "partial": "partial"}.get(met) if isinstance(met, (bool, str)) else None
    return {"choice": choice, "score": number(body.get("score"))}


def met_schema(points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return ({"met": {"enum": [True, False, "partial"]},
             "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": as_json_number(points),
                       "multipleOf": 0.5}},
            ["met"],
            {"allOf": [{"if": {"properties": {"met": {"const": "partial"}}}, "then": {"required": ["score"]},
                        "else": {"not": {"required": ["score"]}}}]})


# ---------------------------------------------------------------- the kind's interface


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"met", "score"}, HINT)
    if not issues.require(raw, "met", HINT):
        return None
    return parse_met(raw, points, issues) or None


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    return score_met(points, answer)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    return met_schema(points)


def example(rule: Rule) -> str:
    return "met: true"


def answer_help(rule: Rule) -> str:
    return "met: true（达标）/ false（未达标）/ partial（部分达标，另填 score，0.5 分一档）"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    return met_fields(values)


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    return met_values(body)


def not_met(rule: Rule) -> dict[str, Any]:
    return {"met": False}
