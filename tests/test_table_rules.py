"""Rules the acceptance tables state more precisely than a tick: Z15's certificates, P10's year, compound criteria
as checklists, measured criteria, S24's wording and its alliance option, ZB1's stated reading."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.answers import parse_answers
from scoring.engine import score
from scoring.problems import AnswersInvalid
from scoring.rubric import load_rubric
from tests.conftest import answers_for, ev


def result(rubric: str, item_id: str, answer: dict, **kwargs):
    return score(None, answers_for(rubric, {item_id: answer}, **kwargs)).item(item_id)


# ---------------------------------------------------------------- Z15: one certificate per site


def test_z15_three_sites_with_one_summary_document_scores_0_and_says_why():
    outcome = result("zone", "Z15", {"value": 3, "evidence": [ev("授牌证书汇总")]})
    assert (outcome.score, outcome.claimed, outcome.status) == (0, 10, "capped_by_evidence")
    assert any("每家须有一份单独的有效证据" in line and "认定 1 家" in line for line in outcome.messages)


def test_z15_counts_only_certificates_not_dated_after_the_assessment_date():
    certificates = [ev("证书 1", "2024-05-01"), ev("证书 2", None), ev("证书 3", "2026-12-01")]
    outcome = result("zone", "Z15", {"value": 3, "evidence": certificates}, assessed_on="2026-11-01")
    assert outcome.score == 0 and outcome.evidence_counted == 2
    old_ones = [ev("证书 1", "2019-05-01"), ev("证书 2", "2020-01-01"), ev("证书 3", None)]
    assert result("zone", "Z15", {"value": 3, "evidence": old_ones}).score == 10  # not year-bound


def test_z15_and_zb1_are_found_from_the_rubric_not_by_id():
    zone = load_rubric("zone")
    assert zone.item_fed_by("registry.certified_sites").id == "Z15"
    assert zone.item_fed_by("registry.service_organisations").id == "ZB1"


# ---------------------------------------------------------------- P10: the current year's training plan


@pytest.mark.parametrize("date,expected", [("2026-01-10", 2), ("2025-11-02", 2), ("2025-11-01", 0)])
def test_p10_counts_only_a_training_plan_dated_in_the_assessment_year(date, expected):
    outcome = result("point", "P10", {"met": True, "evidence": [ev("年度培训计划", date)]}, assessed_on="2026-11-01")
    assert outcome.score == expected


def test_every_criterion_naming_a_year_is_year_bound_or_listed_as_decided_otherwise():
    decided_not = set()  # every 年度/每年 criterion of the three tables is year-bound
    for name in ("zone", "station", "point"):
        for item in load_rubric(name).items:
            if "年度" in item.criterion or "每年" in item.criterion:
                assert item.year_bound or item.id in decided_not, item.id


# ---------------------------------------------------------------- compound criteria: checklists


def test_checklist_scores_full_points_only_when_every_part_is_met():
    parts = {"passwords": True, "antivirus": True, "patches": True, "logs": True}
    assert result("point", "P24", {"parts": parts, "evidence": [ev()]}).score == 2
    some = {**parts, "logs": False}
    outcome = result("point", "P24", {"parts": some, "score": 1, "evidence": [ev()]})
    assert (outcome.score, outcome.status) == (1, "partial")
    assert any("未达标：用户操作行为有日志记录" in line for line in outcome.messages)
    assert any("须经审核确认" in line for line in outcome.messages)


def test_checklist_with_some_parts_needs_a_partial_score_and_none_scores_0():
    with pytest.raises(AnswersInvalid) as err:
        answers_for("station", {"S28": {"parts": {"agreement": True}, "evidence": [ev()]}})
    assert [(p.item_id, p.field) for p in err.value.problems] == [("S28", "score")]
    none = {"agreement": False, "no_infringement": False}
    assert result("station", "S28", {"parts": none, "evidence": [ev()]}).status == "not_met"


def test_checklist_met_true_in_todays_files_means_every_part_is_met():
    outcome = result("station", "S14", {"met": True, "evidence": [ev()]})
    assert (outcome.score, outcome.status) == (2, "met")
    assert any("全部要件达标" in line for line in outcome.messages)


def test_checklist_evidence_can_name_the_part_it_proves_and_an_unknown_part_is_reported():
    answers = answers_for("point", {"P12": {"met": True, "evidence": [ev("锁屏策略", part="lock")]}})
    assert answers.answers["P12"].evidence[0].part == "lock"
    with pytest.raises(AnswersInvalid) as err:
        answers_for("point", {"P12": {"met": True, "evidence": [ev("锁屏策略", part="screens")]}})
    assert [(p.item_id, p.field) for p in err.value.problems] == [("P12", "evidence[0].part")]


def test_p42_inspections_must_cover_all_four_contents_when_stated():
    dated = [ev("上半年检查", "2026-06-30"), ev("下半年检查", "2026-10-15")]
    covers = {"rules": True, "people_areas": True, "classification": True, "carriers": True}
    assert result("point", "P42", {"value": 2, "parts": covers, "evidence": dated}).score == 5
    outcome = result("point", "P42", {"value": 2, "parts": {**covers, "carriers": False}, "evidence": dated})
    assert outcome.score == 0 and any("内容未覆盖：涉密载体、物品的管理情况" in m for m in outcome.messages)
    assert result("point", "P42", {"value": 2, "evidence": dated}).score == 5  # today's files score the same


# ---------------------------------------------------------------- measured criteria


@pytest.mark.parametrize("value,expected", [(100, 5), (98.5, 0)])
def test_pb3_full_coverage_means_100_percent_and_says_what_was_required(value, expected):
    outcome = result("point", "PB3", {"value": value, "evidence": [ev()]})
    assert outcome.score == expected
    assert any("要求单位员工受训全覆盖（不少于 100 %）" in line for line in outcome.messages)


def test_a_measured_share_above_100_percent_is_refused():
    with pytest.raises(AnswersInvalid) as err:
        answers_for("station", {"S04": {"value": 120, "evidence": [ev()]}})
    assert [(p.item_id, p.field) for p in err.value.problems] == [("S04", "value")]


def test_measured_items_accept_todays_tick_and_score_it_the_same():
    assert result("station", "SB3", {"met": True, "evidence": [ev()]}).score == 5
    assert result("zone", "Z02", {"met": "partial", "score": 2.5, "evidence": [ev()]}).score == Decimal("2.5")


# ---------------------------------------------------------------- S24


def test_s24_quotes_the_table_and_keeps_30_percent_inclusive():
    outcome = result("station", "S24", {"org_kind": "association", "trained_share": 0.30, "protecting_share": 0.30,
                                        "evidence": [ev()]})
    assert outcome.score == 8
    assert any("超总数的30%以上" in line and "不少于 30%" in line for line in outcome.messages)


@pytest.mark.parametrize("trained,expected", [(0.5, 8), (0.2, 0)])
def test_s24_a_loose_alliance_of_demonstration_enterprises_has_its_own_option(trained, expected):
    answer = {"org_kind": "alliance", "trained_share": trained, "protecting_share": 0.4, "evidence": [ev()]}
    outcome = result("station", "S24", answer)
    assert outcome.score == expected
    assert "示范企业自发组成的松散型联盟组织" in outcome.messages[0]


# ---------------------------------------------------------------- ZB1: a reading, stated and adjustable


def test_zb1_guidance_states_types_minus_one_as_a_reading():
    zb1 = load_rubric("zone").item("ZB1")
    assert "解读" in zb1.guidance.text and [p.baseline for p in zb1.rule.parts] == [1, 1]


def test_an_adjusted_rubric_can_count_zb1_from_the_first_type(tmp_path: Path, monkeypatch):
    source = Path("rubrics/zone.yaml").read_text(encoding="utf-8")
    adjusted = source.replace("per: 3, cap: 9, baseline: 1", "per: 3, cap: 9, baseline: 0")
    assert adjusted != source
    for name in ("zone.yaml", "guideline.yaml"):
        (tmp_path / name).write_text(adjusted if name == "zone.yaml" else Path("rubrics", name).read_text("utf-8"),
                                     encoding="utf-8")
    from scoring.rubric import load_rubric_file

    rubric = load_rubric_file(tmp_path / "zone.yaml")
    data = {"rubric": "zone", "assessed_on": "2026-11-01", "applicant": {"name": "园区"},
            "answers": {"ZB1": {"types": 2, "units": 1, "evidence": [ev()]}}}
    assert score(rubric, parse_answers(data, rubric=rubric)).item("ZB1").score == 6


# ---------------------------------------------------------------- answers files in today's format


# The bundled examples as they were written before checklists, measures and per-site certificates (format 1),
# with their totals then. Only Z15 changes: one summary document proves one certified site, not four.
FORMAT1 = Path(__file__).parent / "data" / "format1"
TOTALS_BEFORE = {"zone": Decimal(120), "station": Decimal("107.5"), "point": Decimal("94.5")}


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_answers_files_in_format_1_stay_valid_and_score_the_same_except_z15(name):
    from scoring.answers import load_answers

    result_now = score(None, load_answers(FORMAT1 / f"{name}.yaml"))
    expected = TOTALS_BEFORE[name] - (10 if name == "zone" else 0)
    assert result_now.total == expected
    if name == "zone":
        assert result_now.item("Z15").status == "capped_by_evidence"
