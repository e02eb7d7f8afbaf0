"""A blank answers file for a rubric: every item listed with its criterion, points and evidence as comments."""

from __future__ import annotations

import datetime as dt
import textwrap

from .answers import TIER_NONE
from .points import as_json_number
from .rubric import (
    CheckRule, EitherRule, Item, OccurrencesRule, PerUnitRule, Rubric, ThresholdRule, TieredRule, TwoCountsRule,
)


def _example_answer(item: Item) -> str:
    rule = item.rule
    evidence = "evidence: [{title: 证据名称, date: YYYY-MM-DD, file: 文件路径}]"
    if isinstance(rule, CheckRule):
        body = "met: true"
    elif isinstance(rule, (ThresholdRule, OccurrencesRule)):
        body = f"value: {as_json_number(rule.minimum)}"
    elif isinstance(rule, PerUnitRule):
        body = "count: 1"
    elif isinstance(rule, TieredRule):
        body = f"tier: {rule.tiers[-1].key}"
    elif isinstance(rule, TwoCountsRule):
        body = ", ".join(f"{p.field}: {p.baseline + 1}" for p in rule.parts)
    elif isinstance(rule, EitherRule):
        option = rule.options[0]
        body = ", ".join([f"org_kind: {option.key}"] +
                         [f"{c.field}: {as_json_number(c.minimum)}" for c in option.conditions])
    else:
        raise TypeError(rule.kind)
    return f"# {item.id}: {{{body}, {evidence}}}"


def _answer_help(item: Item) -> str:
    rule = item.rule
    if isinstance(rule, CheckRule):
        return "met: true（达标）/ false（未达标）/ partial（部分达标，另填 score，0.5 分一档）"
    if isinstance(rule, (ThresholdRule, OccurrencesRule)):
        extra = "；每次须有一份注明日期的证据" if isinstance(rule, OccurrencesRule) else ""
        return f"value: {rule.label}（{rule.unit}），不少于 {as_json_number(rule.minimum)} 得满分{extra}"
    if isinstance(rule, PerUnitRule):
        return (f"count: {rule.label}（{rule.unit}），每{rule.unit} {as_json_number(rule.per_unit)} 分，"
                f"最多 {as_json_number(rule.cap)} 分；每{rule.unit}须有一份证据")
    if isinstance(rule, TieredRule):
        tiers = "、".join(f"{t.key}（{t.label}，{as_json_number(t.points)} 分）" for t in rule.tiers)
        return f"tier: {tiers} 或 {TIER_NONE}"
    if isinstance(rule, TwoCountsRule):
        return "；".join(f"{p.field}: {p.label}" for p in rule.parts)
    if isinstance(rule, EitherRule):
        return "；".join(f"org_kind: {o.key}（{o.label}）时填 " + "、".join(f"{c.field}（{c.label}）" for c in o.conditions)
                        for o in rule.options)
    raise TypeError(rule.kind)


def blank_answers_yaml(rubric: Rubric, today: dt.date | None = None) -> str:
    """The template text. Items are commented out: uncomment and fill the ones you answer."""
    today = today or dt.date.today()
    lines = [
        f"# {rubric.title}（版本 {rubric.version}，{rubric.source}）自评文件",
        "# 每个条目：去掉行首的 # 并填写；未填写的条目计为“未作答”。每个得分条目至少需要一份证据。",
        f"rubric: {rubric.rubric}",
        f'rubric_version: "{rubric.version}"',
        f"assessed_on: {today.isoformat()}   # 评估日期；“每年”指截至该日（含）的 12 个月",
        "applicant:",
        '  name: ""            # 单位名称（必填）',
        "  # uscc: 统一社会信用代码（18 位）",
        "  # leader: 负责人",
        "  # address: 联系地址",
        '  # postcode: "201600"',
        "  # org_type: 单位类型" + ("（园区类型）" if rubric.rubric == "zone" else ""),
        "  # contact: 联系人",
        "  # contact_title: 职务/职称",
        "  # phone: 联系电话",
    ]
    if rubric.rubric == "zone":
        lines += ["  # park_enterprises: 入园企业数量", "  # park_output_value: 园区产值"]
    lines.append("answers:")
    indicator = None
    for item in rubric.items:
        if item.indicator != indicator:
            indicator = item.indicator
            lines += ["", f"  # ── {indicator} ──"]
        heading = f"{item.id} {item.content + ' · ' if item.content else ''}{item.title}"
        lines.append(f"  # {heading}（{as_json_number(item.points)} 分{'，加分项' if item.bonus else ''}）")
        for chunk in textwrap.wrap(item.criterion, 60):
            lines.append(f"  #   {chunk}")
        lines.append(f"  #   证据：{'；'.join(item.evidence)}" + ("（须在评估年度内）" if item.year_bound else ""))
        lines.append(f"  #   作答：{_answer_help(item)}")
        lines.append(f"  {_example_answer(item)}")
    return "\n".join(lines) + "\n"
