"""Bad answers files give problems naming the file, the item ID and the field; good ones round-trip."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from scoring.answers import answers_data, answers_to_yaml, load_answers, parse_answers
from scoring.engine import score
from scoring.problems import AnswersInvalid
from tests.conftest import answers_for, ev


def problems_of(rubric: str, answers: dict, **kwargs) -> list[tuple]:
    with pytest.raises(AnswersInvalid) as err:
        answers_for(rubric, answers, **kwargs)
    return [(p.file, p.item_id, p.field) for p in err.value.problems]


def test_unknown_item_id_is_named():
    assert problems_of("point", {"P44": {"met": True}}) == [("test.yaml", "P44", None)]


def test_answer_for_another_rubrics_item_is_named_with_its_table():
    with pytest.raises(AnswersInvalid) as err:
        answers_for("point", {"Z01": {"met": True}})
    problem = err.value.problems[0]
    assert (problem.item_id, problem.field) == ("Z01", None)
    assert "示范区" in problem.message


def test_field_that_does_not_fit_the_kind_is_named():
    assert ("test.yaml", "P01", "value") in problems_of("point", {"P01": {"met": True, "value": 3}})
    assert ("test.yaml", "Z12", "met") in problems_of("zone", {"Z12": {"met": True}})


@pytest.mark.parametrize("score_value", [0, 3, 3.5, -1])
def test_partial_score_must_be_strictly_between_zero_and_max(score_value):
    assert ("test.yaml", "P01", "score") in problems_of("point", {"P01": {"met": "partial", "score": score_value}})


def test_partial_score_must_be_a_half_step():
    assert ("test.yaml", "P13", "score") in problems_of("point", {"P13": {"met": "partial", "score": 1.25}})


def test_partial_without_score_and_score_without_partial_are_named():
    assert ("test.yaml", "P13", "score") in problems_of("point", {"P13": {"met": "partial"}})
    assert ("test.yaml", "P13", "score") in problems_of("point", {"P13": {"met": True, "score": 2}})


def test_met_must_be_true_false_or_partial():
    assert ("test.yaml", "P01", "met") in problems_of("point", {"P01": {"met": "yes"}})


def test_bad_evidence_date_is_named_with_its_index():
    assert ("test.yaml", "P01", "evidence[1].date") in problems_of(
        "point", {"P01": {"met": True, "evidence": [ev(), ev(date="2026-02-30")]}})


def test_evidence_needs_a_title():
    assert ("test.yaml", "P01", "evidence[0].title") in problems_of("point", {"P01": {"met": True,
                                                                                      "evidence": [{"date": "2026-01-01"}]}})


def test_bad_assessed_on_is_named():
    assert ("test.yaml", None, "assessed_on") in problems_of("point", {}, assessed_on="2026-13-01")


def test_unknown_rubric_name_is_named():
    with pytest.raises(AnswersInvalid) as err:
        parse_answers({"rubric": "park", "assessed_on": "2026-11-01", "applicant": {"name": "x"}}, "a.yaml")
    assert [(p.file, p.field) for p in err.value.problems] == [("a.yaml", "rubric")]


def test_wrong_uscc_check_digit_is_named():
    problems = problems_of("point", {}, uscc="91310117MA1J3AB2CK")
    assert problems == [("test.yaml", None, "applicant.uscc")]


def test_valid_uscc_is_accepted():
    assert answers_for("point", {}, uscc="91310117MA1J3AB2CJ").applicant.uscc == "91310117MA1J3AB2CJ"


@pytest.mark.parametrize("postcode", ["20161", "2016120", "abcdef"])
def test_postcode_must_be_six_digits(postcode):
    assert ("test.yaml", None, "applicant.postcode") in problems_of("point", {}, postcode=postcode)


@pytest.mark.parametrize("phone,ok", [("13916881234", True), ("021-57681234", True), ("02157681234", True),
                                      ("12345", False), ("1391688123", False)])
def test_phone_must_be_a_mobile_or_a_landline_with_area_code(phone, ok):
    if ok:
        assert answers_for("point", {}, phone=phone).applicant.phone == phone
    else:
        assert ("test.yaml", None, "applicant.phone") in problems_of("point", {}, phone=phone)


def test_integer_fields_reject_fractions_and_negatives():
    assert ("test.yaml", "ZB4", "count") in problems_of("zone", {"ZB4": {"count": 1.5}})
    assert ("test.yaml", "P42", "value") in problems_of("point", {"P42": {"value": -1}})
    assert ("test.yaml", "ZB1", "units") in problems_of("zone", {"ZB1": {"types": 2, "units": "many"}})


def test_unknown_tier_is_named():
    assert ("test.yaml", "ZB2", "tier") in problems_of("zone", {"ZB2": {"tier": "world_top1"}})


def test_either_rejects_fields_of_the_other_option_and_shares_above_one():
    assert ("test.yaml", "S24", "clients") in problems_of(
        "station", {"S24": {"org_kind": "association", "trained_share": 0.4, "protecting_share": 0.4, "clients": 5}})
    assert ("test.yaml", "S24", "trained_share") in problems_of(
        "station", {"S24": {"org_kind": "association", "trained_share": 40, "protecting_share": 0.4}})


def test_five_mistakes_give_five_problems():
    problems = problems_of("point", {
        "P01": {"met": "maybe"},
        "P02": {"met": "partial", "score": 5},
        "P99": {"met": True},
        "P42": {"value": "two"},
        "P03": {"met": True, "evidence": [{"title": "x", "date": "yesterday"}]},
    })
    assert len(problems) == 5


def test_unknown_evidence_ref_is_named():
    data = {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": "x"},
            "answers": {"P01": {"met": True, "evidence": [{"ref": "NOPE"}]}}}
    with pytest.raises(AnswersInvalid) as err:
        parse_answers(data, "a.yaml")
    assert [(p.item_id, p.field) for p in err.value.problems] == [("P01", "evidence[0].ref")]


def test_shared_evidence_is_resolved_from_the_library():
    data = {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": "x"},
            "evidence_library": {"NDA": {"title": "员工保密协议", "date": "2026-01-15"}},
            "answers": {"P08": {"met": True, "evidence": [{"ref": "NDA"}]},
                        "P14": {"met": True, "evidence": [{"ref": "NDA"}]}}}
    answers = parse_answers(data, "a.yaml")
    assert answers.answers["P14"].evidence[0].title == "员工保密协议"
    assert answers.answers["P14"].evidence[0].date == dt.date(2026, 1, 15)
    assert score(None, answers).item("P08").status == "met"


def test_malformed_yaml_reports_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("rubric: point\nanswers:\n  P01: {met: true\n  P02: x\n", encoding="utf-8")
    with pytest.raises(AnswersInvalid) as err:
        load_answers(path)
    assert err.value.problems[0].file == str(path)
    assert "行" in err.value.problems[0].message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(AnswersInvalid) as err:
        load_answers(tmp_path / "nope.yaml")
    assert err.value.problems[0].message == "文件不存在"


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_examples_round_trip_through_yaml_unchanged(examples, name):
    original = load_answers(examples / f"{name}.yaml")
    again = parse_answers(yaml.safe_load(answers_to_yaml(original)), "again.yaml")
    assert again == original
    assert answers_data(again) == answers_data(original)
