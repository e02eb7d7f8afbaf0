"""The three district tables as data: IDs, points, sums, and a broken rubric's problems."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from scoring.problems import RubricInvalid
from scoring.rubric import RULE_KINDS, guideline_clauses, load_rubric, load_rubric_file, parse_rubric

# The public contract of every answers file (shared/rubric-item-ids.md): ID → points, in table order.
EXPECTED = {
    "zone": "Z01:5 Z02:5 Z03:5 Z04:5 Z05:5 Z06:5 Z07:5 Z08:5 Z09:5 Z10:10 Z11:10 Z12:5 Z13:10 Z14:5 Z15:10 Z16:5 "
            "ZB1:15 ZB2:10 ZB3:5 ZB4:15 ZB5:10 ZB6:10",
    "station": "S01:3 S02:3 S03:3 S04:3 S05:2 S06:3 S07:2 S08:5 S09:2 S10:2 S11:2 S12:2 S13:2 S14:2 S15:2 S16:2 "
               "S17:2 S18:2 S19:2 S20:2 S21:2 S22:2 S23:8 S24:8 S25:8 S26:8 S27:8 S28:8 "
               "SB1:5 SB2:5 SB3:5 SB4:20 SB5:5 SB6:5",
    "point": " ".join(f"P{n:02d}:{p}" for n, p in enumerate(
        [3, 2, 3, 2, 3, 2, 2, 2, 2, 2, 3, 2, 5, 2, 2, 3, 2, 2, 2] + [2] * 22 + [5, 5], start=1))
             + " " + " ".join(f"PB{n}:5" for n in range(1, 8)),
}
BONUS_MAX = {"zone": 65, "station": 45, "point": 35}
RULES = {"Z12": ("threshold", 500), "S25": ("threshold", 300), "Z15": ("occurrences", 3),
         "P42": ("occurrences", 2), "S27": ("occurrences", 3)}


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_rubric_has_the_contracted_ids_and_points_in_table_order(name):
    rubric = load_rubric(name)
    got = [(item.id, item.points) for item in rubric.items]
    expected = [(pair.split(":")[0], Decimal(pair.split(":")[1])) for pair in EXPECTED[name].split()]
    assert got == expected


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_base_items_sum_to_100_and_bonus_to_the_table_maximum(name):
    rubric = load_rubric(name)
    assert sum(i.points for i in rubric.base_items) == 100 == rubric.base_total
    assert sum(i.points for i in rubric.bonus_items) == BONUS_MAX[name] == rubric.bonus_total


@pytest.mark.parametrize("item_id,kind_and_minimum", RULES.items())
def test_counted_items_carry_their_rule_and_minimum(item_id, kind_and_minimum):
    rubric = load_rubric({"Z": "zone", "S": "station", "P": "point"}[item_id[0]])
    rule = rubric.item(item_id).rule
    assert (rule.kind, rule.minimum) == kind_and_minimum


def test_year_bound_items_are_the_per_year_rows():
    bound = {i.id for name in ("zone", "station", "point") for i in load_rubric(name).items if i.year_bound}
    assert bound == {"Z12", "S25", "S27", "P42", "P10"}


def test_bonus_rules_match_the_tables():
    zone = load_rubric("zone")
    station = load_rubric("station")
    assert (zone.item("ZB4").rule.per_unit, zone.item("ZB4").rule.cap) == (5, 15)
    assert (station.item("SB4").rule.per_unit, station.item("SB4").rule.cap) == (5, 20)
    assert [(t.key, t.points) for t in zone.item("ZB2").rule.tiers] == [
        ("national_top10", 10), ("municipal_top15", 5), ("district_top10", 3)]
    assert [(p.field, p.per, p.cap, p.baseline) for p in zone.item("ZB1").rule.parts] == [
        ("types", 3, 9, 1), ("units", 2, 6, 1)]
    assert station.item("S24").rule.kind == "either"


def test_every_item_cites_only_clauses_listed_in_the_guideline():
    clauses = guideline_clauses()
    for name in ("zone", "station", "point"):
        for item in load_rubric(name).items:
            assert item.evidence and item.guidance.text
            assert set(item.guidance.clauses) <= set(clauses), item.id


def test_rows_pushed_out_of_their_tables_by_extraction_belong_to_exit_management():
    assert load_rubric("station").item("S11").content == "离职管理"
    assert load_rubric("point").item("P19").content == "离职管理"


# ---------------------------------------------------------------- a broken rubric names file, item and field


def _point_data() -> dict:
    return yaml.safe_load((Path(__file__).parent.parent / "rubrics" / "point.yaml").read_text(encoding="utf-8"))


def _problems(data: dict) -> list[tuple]:
    with pytest.raises(RubricInvalid) as err:
        parse_rubric(data, "broken.yaml")
    return [(p.file, p.item_id, p.field) for p in err.value.problems]


def test_duplicate_item_id_is_reported_with_file_and_item():
    data = _point_data()
    data["items"][1]["id"] = "P01"
    assert ("broken.yaml", "P01", "id") in _problems(data)


def test_unknown_rule_kind_is_reported_on_the_rule_field():
    data = _point_data()
    data["items"][0]["rule"] = {"kind": "guess"}
    problems = _problems(data)
    assert [p for p in problems if p[1] == "P01" and p[2].startswith("rule")]


def test_parameters_that_do_not_fit_the_kind_are_reported():
    data = _point_data()
    data["items"][41]["rule"] = {"kind": "occurrences", "minimum": 2, "unit": "次", "label": "x", "cap": 5}
    assert [p for p in _problems(data) if p[1] == "P42" and p[2].startswith("rule")]


def test_per_unit_cap_must_equal_the_items_points():
    data = yaml.safe_load((Path(__file__).parent.parent / "rubrics" / "zone.yaml").read_text(encoding="utf-8"))
    zb4 = next(i for i in data["items"] if i["id"] == "ZB4")
    zb4["rule"]["cap"] = 20
    assert ("broken.yaml", "ZB4", "rule") in _problems(data)


def test_base_total_mismatch_is_reported():
    data = _point_data()
    data["items"][0]["points"] = 4
    assert ("broken.yaml", None, "base_total") in _problems(data)


def test_several_mistakes_are_all_reported_at_once():
    data = _point_data()
    data["items"][0]["points"] = "three"
    del data["items"][2]["criterion"]
    data["items"][3]["guidance"]["clauses"] = ["99.9"]
    problems = _problems(data)
    assert ("broken.yaml", "P01", "points") in problems
    assert ("broken.yaml", "P03", "criterion") in problems
    assert ("broken.yaml", "P04", "guidance.clauses") in problems


def test_bonus_flag_must_match_the_id_prefix():
    data = _point_data()
    data["items"][-1]["bonus"] = False
    assert ("broken.yaml", "PB7", "id") in _problems(data)


def test_an_office_can_ship_an_adjusted_copy(tmp_path):
    data = yaml.safe_load((Path(__file__).parent.parent / "rubrics" / "station.yaml").read_text(encoding="utf-8"))
    data["version"] = "2026.1-松江调整"
    s01 = next(i for i in data["items"] if i["id"] == "S01")
    s02 = next(i for i in data["items"] if i["id"] == "S02")
    s01["points"], s02["points"] = 4, 2
    path = tmp_path / "station-adjusted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    adjusted = load_rubric_file(path)
    assert adjusted.version == "2026.1-松江调整"
    assert adjusted.item("S01").points == 4


def test_malformed_rubric_yaml_reports_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("rubric: point\nitems:\n  - id: P01\n   bad: [\n", encoding="utf-8")
    with pytest.raises(RubricInvalid) as err:
        load_rubric_file(path)
    assert err.value.problems[0].file == str(path)
    assert "第 4 行" in err.value.problems[0].message


def test_rule_kinds_listed_are_the_registered_kind_modules():
    from scoring import kinds

    assert RULE_KINDS == kinds.KIND_NAMES


def test_every_guidance_citation_exists_in_the_guideline_and_no_clause_is_padding():
    clauses = guideline_clauses()
    citing: dict[str, set[str]] = {}
    for name in ("zone", "station", "point"):
        for item in load_rubric(name).items:
            for clause in item.guidance.clauses:
                assert clause in clauses, (item.id, clause)
                citing.setdefault(clause, set()).add(item.title)  # station and point share titles for one topic
    assert max(len(titles) for titles in citing.values()) <= 8
    assert len(citing.get("4.3", ())) <= 6


def test_citations_the_guideline_does_not_support_are_gone():
    point, station, zone = load_rubric("point"), load_rubric("station"), load_rubric("zone")
    assert station.item("S11").guidance.clauses == ["8.2.4"]
    assert point.item("P17").guidance.clauses[0] == "8.2.4" and "13.3.3" not in point.item("P17").guidance.clauses
    assert "10.3" not in point.item("P07").guidance.clauses
    assert "4.2" not in zone.item("Z06").guidance.clauses + zone.item("ZB2").guidance.clauses
    assert "5.1" not in zone.item("Z05").guidance.clauses and "11.5" not in zone.item("ZB5").guidance.clauses
    assert "泄密应急演练" not in point.item("PB6").guidance.text and "12.2" not in point.item("PB6").guidance.clauses
    assert "劳动合同或保密协议" in point.item("P16").guidance.text


def test_the_guideline_is_named_as_it_names_itself():
    import yaml
    from pathlib import Path

    data = yaml.safe_load(Path("rubrics/guideline.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "海淀区互联网企业商业秘密保护指南"
    assert "保护指引" not in Path("README.md").read_text(encoding="utf-8")
