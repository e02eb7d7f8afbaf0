"""A blank answers file for a rubric: every item listed with its criterion, points and evidence as comments."""

from __future__ import annotations

import datetime as dt
import textwrap

from . import kinds
from .points import as_json_number
from .rubric import Item, Rubric


def _example_answer(item: Item) -> str:
    evidence = "evidence: [{title: 证据名称, date: YYYY-MM-DD, file: 文件路径}]"
    return f"# {item.id}: {{{kinds.module_of(item.rule).example(item.rule)}, {evidence}}}"


def _answer_help(item: Item) -> str:
    return kinds.module_of(item.rule).answer_help(item.rule)


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
