"""Lost points, per-indicator figures and their charts, all derived from the engine's result."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from scoring.answers import load_answers
from scoring.charts import score_bars, share_radar
from scoring.engine import score
from scoring.gaps import (
    answered_by_indicator, claimed_vs_evidenced, evidence_warnings, indicator_frame, item_clauses, lost_points,
    recoverable_total,
)
from scoring.rubric import load_rubric
from tests.conftest import EXAMPLES, answers_for, ev


def point_result(answers: dict):
    rubric = load_rubric("point")
    return rubric, score(rubric, answers_for("point", answers))


def test_lost_points_come_most_recoverable_first_and_table_order_breaks_ties():
    rubric, result = point_result({
        "P01": {"met": True, "evidence": [ev()]},                   # 3 of 3: not a gap
        "P03": {"met": "partial", "score": 1, "evidence": [ev()]},  # 2 of 3 lost
    })
    gaps = lost_points(result, rubric)
    assert "P01" not in {g.item_id for g in gaps}
    assert len(gaps) == len(rubric.items) - 1
    position = {item.id: n for n, item in enumerate(rubric.items)}
    keys = [(-g.recoverable, position[g.item_id]) for g in gaps]
    assert keys == sorted(keys)
    assert next(g for g in gaps if g.item_id == "P03").recoverable == Decimal(2)


def test_a_gap_carries_the_engines_reasons_and_the_rubrics_guidance_with_clause_titles():
    rubric, result = point_result({"P13": {"met": True}})
    gap = next(g for g in lost_points(result, rubric) if g.item_id == "P13")
    assert gap.status == "missing_evidence" and gap.evidence_only
    assert gap.status_label == "缺少证据"
    assert list(gap.reasons) == result.item("P13").messages
    assert gap.guidance == rubric.item("P13").guidance.text
    assert [c.number for c in gap.clauses] == rubric.item("P13").guidance.clauses
    assert all(c.title for c in gap.clauses)
    assert gap.evidence_needed == tuple(rubric.item("P13").evidence)


def test_every_lost_point_is_accounted_for():
    rubric = load_rubric("station")
    result = score(rubric, load_answers(EXAMPLES / "station.yaml"))
    gaps = lost_points(result, rubric)
    assert recoverable_total(gaps, bonus=False) == result.base_max - result.base
    assert recoverable_total(gaps, bonus=True) == result.bonus_max - result.bonus
    assert recoverable_total(gaps) == result.base_max + result.bonus_max - result.total


def test_clauses_are_listed_with_the_guideline_titles():
    rubric = load_rubric("point")
    clauses = item_clauses(rubric, "P01")
    assert [c.number for c in clauses] == rubric.item("P01").guidance.clauses
    assert clauses[0].label().startswith(clauses[0].number + " ")


def test_indicator_frame_has_one_row_per_indicator_adding_up_to_the_totals():
    rubric = load_rubric("zone")
    result = score(rubric, load_answers(EXAMPLES / "zone.yaml"))
    frame = indicator_frame(result)
    assert list(frame["评价指标"]) == rubric.indicators()
    base = frame[~frame["加分项"]]
    assert base["满分"].sum() == 100
    assert Decimal(str(base["认定得分"].sum())) == result.base
    assert Decimal(str(frame["自评"].sum())) == result.claimed_total
    assert ((frame["得分率"] >= 0) & (frame["得分率"] <= 1)).all()


def test_claimed_against_evidenced_counts_the_items_the_evidence_does_not_support():
    _, result = point_result({"P13": {"met": True}, "P01": {"met": True, "evidence": [ev()]}})
    versus = claimed_vs_evidenced(result)
    assert (versus.claimed, versus.evidenced, versus.difference, versus.items_short) == (8, 3, 5, 1)
    assert [i.id for i in evidence_warnings(result)] == ["P13"]


def test_answered_by_indicator_counts_answers_in_table_order():
    rubric, result = point_result({"P01": {"met": False}, "P04": {"met": True}})
    counts = answered_by_indicator(result)
    assert list(counts) == rubric.indicators()
    assert counts["组织机构"] == (1, 3)
    assert counts["定密分级"] == (1, 3)


def test_score_bars_show_full_marks_claim_and_evidenced_score_per_indicator():
    rubric = load_rubric("point")
    frame = indicator_frame(score(rubric, load_answers(EXAMPLES / "point.yaml")))
    fig = score_bars(frame)
    assert [trace.name for trace in fig.data] == ["满分", "自评", "认定得分"]
    assert list(fig.data[2].y) == list(frame["认定得分"])
    assert list(fig.data[0].x) == rubric.indicators()


def test_radar_shows_base_indicators_in_percent_as_a_closed_line():
    rubric = load_rubric("point")
    frame = indicator_frame(score(rubric, load_answers(EXAMPLES / "point.yaml")))
    radar = share_radar(frame).data[0]
    base = frame[~frame["加分项"]]
    assert list(radar.theta) == list(base["评价指标"]) + [base["评价指标"].iloc[0]]
    assert radar.r[0] == radar.r[-1] == round(base["得分率"].iloc[0] * 100, 1)
    assert "加分项" not in radar.theta


def test_no_radar_with_fewer_than_three_indicators():
    frame = pd.DataFrame([{"评价指标": name, "加分项": False, "满分": 5, "自评": 5, "认定得分": 5, "得分率": 1.0}
                          for name in ("甲", "乙")])
    assert share_radar(frame) is None
