"""``checklist``: a criterion made of several parts, each ticked on its own.

Full points only when every part is met. ``met: true`` means every part is met (so answers files written before
the item had parts keep their meaning and score), ``met: false`` none. ``parts`` ticks the parts one by one; when
some but not all are met the applicant claims a half-step ``score`` below full marks, which a reviewer confirms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Mapping

from pydantic import Field

from .. import messages as msg
from ..points import ZERO
from . import check
from .base import FIELD_NAME, AnswerIssues, Outcome, StrictRule, fmt, number, say

NAME = "checklist"
HINT = "填写 parts（逐项 true / false），或 met: true（全部要件达标）/ false；部分要件达标时另填 score"


class Part(StrictRule):
    key: str = Field(pattern=FIELD_NAME)
    label: str = Field(min_length=1, description="one requirement of the criterion, in the table's words")


class Rule(StrictRule):
    """Several parts, each met or not; full points only when all are met."""

    kind: Literal["checklist"]
    parts: list[Part] = Field(min_length=2)


def rule_max(rule: Rule) -> Decimal | None:
    return None


def rule_problems(rule: Rule, year_bound: bool) -> list[tuple[str, str]]:
    keys = [p.key for p in rule.parts]
    return [] if len(set(keys)) == len(keys) else [("rule.parts", "要件 key 须唯一")]


def part_keys(rule: Rule) -> list[str]:
    return [p.key for p in rule.parts]


def claimed_parts(rule: Rule, answer: Any) -> dict[str, bool] | None:
    """The parts an answer ticks: its ``parts``, every part for ``met: true``, none for ``met: false``; None when
    there is no answer or it claims a partial score without ticking the parts."""
    if answer is None:
        return None
    if answer.parts:
        return {p.key: bool(answer.parts.get(p.key)) for p in rule.parts}
    if answer.met is True or answer.met is False:
        return {p.key: answer.met for p in rule.parts}
    return None


def parts_score(rule: Rule, points: Decimal, parts: Mapping[str, bool]) -> Decimal | None:
    """Full points when every part is met and 0 when none is; None when only some are (a score is then chosen)."""
    met = sum(bool(parts.get(p.key)) for p in rule.parts)
    if met == len(rule.parts):
        return points
    return ZERO if met == 0 else None


def parse_ticks(ticks: object, rule_parts: list[Part], issues: AnswerIssues) -> dict[str, bool] | None:
    """``parts: {key: true/false}`` checked against the rule's parts; a part left out is not met."""
    keys = [p.key for p in rule_parts]
    if not isinstance(ticks, dict):
        issues.add("parts", "parts 应为映射，如 {" + ", ".join(f"{k}: true" for k in keys) + "}")
        return None
    before = len(issues.found)
    parts: dict[str, bool] = {}
    for key, tick in ticks.items():
        if key not in keys:
            issues.add(f"parts.{key}", f"未知要件 {key!r}；可选：{'、'.join(keys)}")
        elif not isinstance(tick, bool):
            issues.add(f"parts.{key}", f"应为 true 或 false，当前为 {tick!r}")
        else:
            parts[key] = tick
    return None if len(issues.found) > before else {k: parts.get(k, False) for k in keys}


def ticks_schema(rule_parts: list[Part]) -> dict[str, Any]:
    return {"type": "object", "description": "逐项要件：" + "；".join(f"{p.key}：{p.label}" for p in rule_parts),
            "properties": {p.key: {"type": "boolean"} for p in rule_parts}, "additionalProperties": False}


def evidence_parts(rule: Rule) -> dict[str, str]:
    return {p.key: p.label for p in rule.parts}


def parse(raw: Mapping[str, Any], rule: Rule, points: Decimal, issues: AnswerIssues) -> dict[str, Any] | None:
    issues.allow(raw, {"met", "score", "parts"}, HINT)
    if raw.get("parts") is None:
        if not issues.require(raw, "met", HINT):
            return None
        return check.parse_met(raw, points, issues) or None
    if raw.get("met") is not None:
        issues.add("met", "已逐项填写 parts 时不再填写 met")
        return None
    parts = parse_ticks(raw["parts"], rule.parts, issues)
    if parts is None:
        return None
    met = sum(parts.values())
    fields: dict[str, Any] = {"parts": parts}
    if 0 < met < len(rule.parts):
        score = check.parse_partial_score(raw, points, issues)
        if score is None:
            return None
        fields["score"] = score
    elif raw.get("score") is not None:
        issues.add("score", "只有部分要件达标时才填写 score")
        return None
    return fields


def score(rule: Rule, points: Decimal, answer: Any, valid: int) -> Outcome:
    if not answer.parts:
        outcome = check.score_met(points, answer)
        if answer.met == "partial":
            outcome.detail.append(msg.CHECKLIST_CONFIRM)
        elif answer.met is True:
            outcome.detail.append(say(msg.CHECKLIST_ALL, parts="；".join(p.label for p in rule.parts)))
        return outcome
    missing = [p.label for p in rule.parts if not answer.parts.get(p.key)]
    if not missing:
        return Outcome(points, points, [say(msg.CHECKLIST_ALL, parts="；".join(p.label for p in rule.parts))])
    if len(missing) == len(rule.parts):
        return Outcome(ZERO, ZERO, [msg.CHECKLIST_NONE])
    detail = [say(msg.CHECKLIST_SOME, met=len(rule.parts) - len(missing), total=len(rule.parts),
                  missing="；".join(missing)),
              say(msg.CHECK_PARTIAL, score=fmt(answer.score)), msg.CHECKLIST_CONFIRM]
    return Outcome(answer.score, answer.score, detail)


def schema(rule: Rule, points: Decimal) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    properties, _, _ = check.met_schema(points)
    properties["parts"] = ticks_schema(rule.parts)
    return properties, [], {"oneOf": [{"required": ["met"], "not": {"required": ["parts"]}},
                                      {"required": ["parts"], "not": {"required": ["met"]}}]}


def example(rule: Rule) -> str:
    return "parts: {" + ", ".join(f"{p.key}: true" for p in rule.parts) + "}"


def answer_help(rule: Rule) -> str:
    listed = "、".join(f"{p.key}（{p.label}）" for p in rule.parts)
    return f"parts 逐项填写 true / false：{listed}；全部达标才得满分，部分达标另填 score（0.5 分一档，须经审核确认）"


def answer_fields(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any] | None:
    ticks = {p.key: values.get(p.key) for p in rule.parts}
    if all(tick is None for tick in ticks.values()):
        return None
    fields: dict[str, Any] = {"parts": {k: bool(v) for k, v in ticks.items()}}
    met = sum(fields["parts"].values())
    score = number(values.get("score"))
    if 0 < met < len(rule.parts) and score is not None:
        fields["score"] = score
    return fields


def form_values(rule: Rule, body: Mapping[str, Any]) -> dict[str, Any]:
    ticks = body.get("parts") if isinstance(body.get("parts"), dict) else None
    met = body.get("met")
    if ticks is None and met is True:
        ticks = {p.key: True for p in rule.parts}
    elif ticks is None and met is False:
        ticks = {p.key: False for p in rule.parts}
    values: dict[str, Any] = {p.key: (bool(ticks.get(p.key)) if ticks is not None else None) for p in rule.parts}
    values["score"] = number(body.get("score"))
    return values


def not_met(rule: Rule) -> dict[str, Any]:
    return {"parts": {p.key: False for p in rule.parts}}
