"""Every rule kind at its edges, and the evidence rules common to all kinds."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from scoring.answers import load_answers
from scoring.engine import period_start, score
from tests.conftest import answers_for, ev


def item(rubric: str, item_id: str, answer: dict, **kwargs):
    return score(None, answers_for(rubric, {item_id: answer}, **kwargs)).item(item_id)


# ---------------------------------------------------------------- check


def test_check_met_scores_the_full_points():
    result = item("point", "P13", {"met": True, "evidence": [ev()]})
    assert (result.score, result.claimed, result.status) == (5, 5, "met")


def test_check_partial_scores_the_half_step_claimed():
    result = item("point", "P13", {"met": "partial", "score": 2.5, "evidence": [ev()]})
    assert (result.score, result.status) == (Decimal("2.5"), "partial")


def test_check_not_met_scores_zero_and_needs_no_evidence():
    result = item("point", "P13", {"met": False})
    assert (result.score, result.claimed, result.status) == (0, 0, "not_met")


def test_item_not_in_answers_is_unanswered():
    result = score(None, answers_for("point", {})).item("P01")
    assert (result.score, result.status) == (0, "unanswered")


# ---------------------------------------------------------------- evidence rules


def test_claimed_item_without_evidence_scores_zero_but_reports_its_claim():
    result = item("point", "P01", {"met": True})
    assert (result.score, result.claimed, result.status) == (0, 3, "missing_evidence")
    assert any("未提供任何证据" in m for m in result.messages)


def test_undated_evidence_counts_for_an_item_not_bound_to_the_year():
    assert item("point", "P01", {"met": True, "evidence": [ev(date=None)]}).status == "met"


def test_evidence_dated_after_assessed_on_never_counts():
    result = item("point", "P01", {"met": True, "evidence": [ev(date="2026-11-02")]})
    assert (result.score, result.status) == (0, "out_of_period")


def test_evidence_dated_on_assessed_on_counts():
    assert item("point", "P01", {"met": True, "evidence": [ev(date="2026-11-01")]}).score == 3


def test_one_valid_entry_is_enough_when_another_is_after_assessed_on():
    result = item("point", "P01", {"met": True, "evidence": [ev(date="2026-12-01"), ev(date="2026-01-01")]})
    assert (result.score, result.status, result.evidence_counted) == (3, "met", 1)
    assert any("晚于评估日" in m for m in result.messages)


def test_the_year_is_the_twelve_months_ending_on_assessed_on_inclusive():
    assert period_start(dt.date(2026, 11, 1)) == dt.date(2025, 11, 2)
    assert period_start(dt.date(2024, 2, 29)) == dt.date(2023, 3, 1)


# ---------------------------------------------------------------- threshold


@pytest.mark.parametrize("value,expected", [(499, 0), (500, 5), (500.5, 5), (10000, 5)])
def test_threshold_z12_needs_500_person_times(value, expected):
    assert item("zone", "Z12", {"value": value, "evidence": [ev()]}).score == expected


@pytest.mark.parametrize("value,expected", [(299, 0), (300, 8)])
def test_threshold_s25_needs_300_person_times(value, expected):
    assert item("station", "S25", {"value": value, "evidence": [ev()]}).score == expected


@pytest.mark.parametrize("value,expected", [(2, 0), (3, 10)])
def test_z15_needs_three_certified_member_sites_each_with_a_certificate(value, expected):
    certificates = [ev(f"授牌证书 {n}", date=None) for n in range(value)]
    assert item("zone", "Z15", {"value": value, "evidence": certificates}).score == expected


def test_year_bound_threshold_with_only_old_evidence_is_out_of_period():
    result = item("zone", "Z12", {"value": 800, "evidence": [ev(date="2025-11-01")]})
    assert (result.score, result.claimed, result.status) == (0, 5, "out_of_period")


def test_year_bound_threshold_counts_evidence_from_the_first_day_of_the_year():
    assert item("zone", "Z12", {"value": 800, "evidence": [ev(date="2025-11-02")]}).score == 5


def test_year_bound_item_does_not_count_undated_evidence():
    result = item("zone", "Z12", {"value": 800, "evidence": [ev(date=None)]})
    assert result.status == "out_of_period"
    assert any("未注明日期" in m for m in result.messages)


# ---------------------------------------------------------------- occurrences


def test_occurrences_p42_two_dated_inspections_in_the_year_score_full():
    result = item("point", "P42", {"value": 2, "evidence": [ev(date="2026-03-01"), ev(date="2026-09-01")]})
    assert (result.score, result.status) == (5, "met")


def test_occurrences_p42_one_inspection_is_not_met():
    result = item("point", "P42", {"value": 1, "evidence": [ev(date="2026-03-01")]})
    assert (result.score, result.claimed, result.status) == (0, 0, "not_met")


def test_occurrences_counts_only_evidence_dated_in_the_year():
    result = item("point", "P42", {"value": 2, "evidence": [ev(date="2026-03-01"), ev(date="2025-06-01")]})
    assert (result.score, result.claimed, result.status) == (0, 5, "capped_by_evidence")


def test_occurrences_counted_value_is_the_smaller_of_value_and_evidence():
    # three reported, three dated entries, one of them after assessed_on → two counted, below S27's minimum of 3
    entries = [ev(date="2026-01-05"), ev(date="2026-04-05"), ev(date="2026-11-05")]
    result = item("station", "S27", {"value": 3, "evidence": entries})
    assert (result.score, result.status, result.evidence_counted) == (0, "capped_by_evidence", 2)


def test_occurrences_with_more_evidence_than_reported_counts_the_reported_value():
    entries = [ev(date=f"2026-0{m}-01") for m in range(1, 5)]
    assert item("station", "S27", {"value": 3, "evidence": entries}).score == 8


# ---------------------------------------------------------------- per unit


@pytest.mark.parametrize("count,expected", [(0, 0), (1, 5), (2, 10), (3, 15), (4, 15)])
def test_per_unit_zb4_is_five_a_case_capped_at_15(count, expected):
    entries = [ev(f"案件{i}") for i in range(count)]
    assert item("zone", "ZB4", {"count": count, "evidence": entries}).score == expected


@pytest.mark.parametrize("count,expected", [(4, 20), (5, 20)])
def test_per_unit_sb4_is_capped_at_20(count, expected):
    entries = [ev(f"案件{i}") for i in range(count)]
    assert item("station", "SB4", {"count": count, "evidence": entries}).score == expected


def test_per_unit_counts_no_more_cases_than_evidence_entries():
    result = item("zone", "ZB4", {"count": 3, "evidence": [ev("案件一"), ev("案件二")]})
    assert (result.score, result.claimed, result.status) == (10, 15, "capped_by_evidence")


def test_per_unit_partial_when_below_cap():
    assert item("zone", "ZB4", {"count": 1, "evidence": [ev()]}).status == "partial"


# ---------------------------------------------------------------- tiered


@pytest.mark.parametrize("tier,expected", [("national_top10", 10), ("municipal_top15", 5), ("district_top10", 3),
                                           ("none", 0)])
def test_tiered_zb2_scores_the_one_tier_named(tier, expected):
    assert item("zone", "ZB2", {"tier": tier, "evidence": [ev()]}).score == expected


# ---------------------------------------------------------------- two counts


@pytest.mark.parametrize("types,units,expected", [
    (0, 0, 0), (1, 1, 0), (2, 1, 3), (1, 2, 2), (4, 4, 15), (5, 9, 15), (3, 2, 8), (4, 3, 13),
])
def test_two_counts_zb1_extra_types_and_units_each_capped(types, units, expected):
    assert item("zone", "ZB1", {"types": types, "units": units, "evidence": [ev()]}).score == expected


# ---------------------------------------------------------------- either


@pytest.mark.parametrize("trained,protecting,expected", [
    (0.30, 0.30, 8), (0.29, 0.9, 0), (0.9, 0.29, 0), (1, 1, 8), (0.3, 0.31, 8),
])
def test_either_s24_association_needs_both_shares_at_least_30_percent(trained, protecting, expected):
    answer = {"org_kind": "association", "trained_share": trained, "protecting_share": protecting,
              "evidence": [ev()]}
    assert item("station", "S24", answer).score == expected


@pytest.mark.parametrize("clients,expected", [(4, 0), (5, 8), (12, 8)])
def test_either_s24_service_firm_needs_at_least_five_clients(clients, expected):
    answer = {"org_kind": "service_firm", "clients": clients, "evidence": [ev()]}
    assert item("station", "S24", answer).score == expected


# ---------------------------------------------------------------- totals and output


def test_example_point_totals_are_reproducible_from_the_file(examples):
    result = score(None, load_answers(examples / "point.yaml"))
    assert (result.base, result.bonus, result.total, result.claimed_total) == (
        Decimal("84.5"), 10, Decimal("94.5"), Decimal("102.5"))
    assert result.item("P16").status == "missing_evidence"
    assert result.item("PB6").status == "out_of_period"


def test_subtotals_per_indicator_add_up_to_the_totals(examples):
    for name in ("zone", "station", "point"):
        result = score(None, load_answers(examples / f"{name}.yaml"))
        assert sum(s.score for s in result.indicators if not s.bonus) == result.base
        assert sum(s.score for s in result.indicators if s.bonus) == result.bonus
        assert sum(s.max for s in result.indicators) == result.base_max + result.bonus_max


def test_json_output_uses_plain_numbers(examples):
    data = json.loads(score(None, load_answers(examples / "point.yaml")).model_dump_json())
    assert data["total"] == 94.5 and data["base_max"] == 100
    assert data["items"][0] == {**data["items"][0], "id": "P01", "score": 3, "max": 3, "status": "met"}
    assert data["indicators"][0]["indicator"] == "组织机构"


def test_many_half_steps_add_up_without_drift():
    answers = {f"P{n:02d}": {"met": "partial", "score": 0.5, "evidence": [ev()]} for n in range(1, 44)}
    answers["P42"] = {"value": 0}
    result = score(None, answers_for("point", answers))
    assert result.total == Decimal("21")
    assert json.loads(result.model_dump_json())["total"] == 21
