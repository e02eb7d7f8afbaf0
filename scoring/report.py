"""Text renderings of score results: a readable Chinese summary, CSV rankings and JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .cells import csv_text
from .engine import ItemResult, ScoreResult
from .messages import STATUS_LABELS
from .points import as_json_number
from .rubric import CATEGORY_LABELS

CSV_COLUMNS = ("rank", "file", "rubric", "applicant", "uscc", "assessed_on", "base", "bonus", "total",
               "claimed_total", "answered", "item_count", "rubric_version")


def _n(value: Decimal) -> str:
    return str(as_json_number(value))


def lost_points(result: ScoreResult) -> list[ItemResult]:
    """Items that did not earn full points, most recoverable points first (then in table order)."""
    order = {item.id: index for index, item in enumerate(result.items)}
    lost = [item for item in result.items if item.score < item.max]
    return sorted(lost, key=lambda i: (-(i.max - i.score), order[i.id]))


def result_json(results: list[tuple[str, ScoreResult]]) -> str:
    """One result as an object, several as a list; numbers are plain JSON numbers."""
    payload = [r.model_dump(mode="json") for _, r in results]
    return json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)


def ranked(results: list[tuple[str, ScoreResult]]) -> list[tuple[int, str, ScoreResult]]:
    """Results sorted by category, then total (highest first); rank restarts within each category, ties share a rank."""
    out: list[tuple[int, str, ScoreResult]] = []
    ordered = sorted(results, key=lambda fr: (fr[1].rubric, -fr[1].total, fr[0]))
    previous: tuple[str, Decimal] | None = None
    rank = 0
    position = 0
    for file, result in ordered:
        if previous is None or previous[0] != result.rubric:
            position = 0
        position += 1
        if previous is None or previous != (result.rubric, result.total):
            rank = position
        previous = (result.rubric, result.total)
        out.append((rank, file, result))
    return out


def results_csv(results: list[tuple[str, ScoreResult]]) -> str:
    """One row per file, ranked by total within each category; text (file, name, USCC, version) that a
    spreadsheet could take for a formula gets a leading single quote, numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, file, r in ranked(results):
        writer.writerow([rank, csv_text(file), r.rubric, csv_text(r.applicant.name), csv_text(r.applicant.uscc or ""),
                         r.assessed_on.isoformat(), _n(r.base), _n(r.bonus), _n(r.total), _n(r.claimed_total),
                         r.answered, r.item_count, csv_text(r.rubric_version)])
    return buffer.getvalue()


def result_table(file: str, result: ScoreResult) -> str:
    """A readable Chinese summary: totals, subtotals per 评价指标 and every item that lost points, with reasons."""
    lines = [
        f"文件：{file}",
        f"申报单位：{result.applicant.name}（{CATEGORY_LABELS[result.rubric]}，验收表版本 {result.rubric_version}）",
        f"评估日期：{result.assessed_on}（年度：{result.period_start} 至 {result.assessed_on}）",
        f"总得分：{_n(result.total)}（基本项 {_n(result.base)}/{_n(result.base_max)}，"
        f"加分项 {_n(result.bonus)}/{_n(result.bonus_max)}）；自评声称 {_n(result.claimed_total)}；"
        f"已作答 {result.answered}/{result.item_count} 项",
        "",
        "分项得分：",
    ]
    width = max(len(s.indicator) for s in result.indicators)
    for sub in result.indicators:
        pad = "　" * (width - len(sub.indicator))
        lines.append(f"  {sub.indicator}{pad}  {_n(sub.score):>5} / {_n(sub.max):<4}（自评 {_n(sub.claimed)}）")
    lost = lost_points(result)
    if lost:
        lines += ["", "失分条目（按可挽回分值排序）："]
        for item in lost:
            lines.append(f"  {item.id} {item.title}：{_n(item.score)}/{_n(item.max)}，{STATUS_LABELS[item.status]}")
            lines.extend(f"      {m}" for m in item.messages)
    return "\n".join(lines) + "\n"
