"""Who may apply (plan section 三): the eligibility file, the applicant's choices and the verdict."""

from __future__ import annotations

import pytest
import yaml

from scoring.answers import answers_data, load_answers, parse_answers
from scoring.eligibility import assess_eligibility, load_eligibility, load_eligibility_file
from scoring.problems import AnswersInvalid, RubricInvalid


def _labels(category: str, field: str) -> list[str]:
    rules = load_eligibility().categories[category]
    return [o.label for c in rules.conditions if c.field == field for o in c.options]


def test_the_file_lists_the_plans_organisation_types_per_category():
    assert {"集成电路", "生物医药", "人工智能", "电子信息", "生命健康", "汽车", "高端装备", "先进材料", "时尚消费品",
            "检验检测认证", "医疗器械"} <= set(_labels("point", "industry"))
    assert "行业协会" in _labels("station", "org_kind")
    assert any("律师事务所" in label and "司法鉴定机构" in label for label in _labels("station", "org_kind"))
    assert any("松散型联盟" in label for label in _labels("station", "org_kind"))
    assert {"产业基地", "科技企业孵化器", "海外高层次人才创业园", "大学科技园"} <= set(_labels("zone", "org_kind"))
    assert load_eligibility().version == "2023.1"


def test_an_enterprise_in_a_listed_industry_with_a_leading_position_is_eligible():
    verdict = assess_eligibility("point", {"eligibility": {"org_kind": "enterprise", "industry": "medical_devices",
                                                            "leading": "yes"}})
    assert verdict.eligible is True
    assert len(verdict.reasons) == 3 and "医疗器械" in verdict.reasons[1]


def test_no_leading_position_makes_a_point_applicant_ineligible_whatever_else():
    verdict = assess_eligibility("point", {"eligibility": {"org_kind": "enterprise", "industry": "other",
                                                            "leading": "no", "note": "食品"}})
    assert verdict.eligible is False
    assert "不符合" in verdict.reasons[2]


def test_other_leaves_it_to_the_office_and_quotes_the_explanation():
    verdict = assess_eligibility("zone", {"eligibility": {"org_kind": "other", "note": "文创产业园"}})
    assert verdict.eligible is None
    assert "文创产业园" in verdict.reasons[0] and "市场监管所" in verdict.reasons[0]


def test_an_applicant_without_choices_is_not_yet_assessed():
    verdict = assess_eligibility("station", {"name": "某协会"})
    assert verdict.eligible is None
    assert all("尚未选择" in r for r in verdict.reasons)


def test_old_answers_files_without_eligibility_stay_valid():
    answers = load_answers("data/examples/point.yaml")
    assert answers.applicant.eligibility is None


def _point_data(eligibility: object) -> dict:
    data = yaml.safe_load(open("data/examples/point.yaml", encoding="utf-8"))
    data["applicant"]["eligibility"] = eligibility
    return data


def test_choices_round_trip_through_the_answers_file_and_unquoted_yes_is_read_as_yes():
    answers = parse_answers(_point_data({"org_kind": "enterprise", "industry": "automotive", "leading": True}))
    assert answers.applicant.eligibility == {"org_kind": "enterprise", "industry": "automotive", "leading": "yes"}
    assert parse_answers(answers_data(answers)).applicant.eligibility == answers.applicant.eligibility
    assert assess_eligibility("point", answers.applicant).eligible is True


def test_an_unknown_option_or_field_is_reported_with_the_field():
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(_point_data({"org_kind": "bank", "key_industry": "yes"}), file="a.yaml")
    fields = {p.field for p in caught.value.problems}
    assert fields == {"applicant.eligibility.org_kind", "applicant.eligibility.key_industry"}
    assert all(p.file == "a.yaml" for p in caught.value.problems)


def test_a_broken_eligibility_file_names_the_file_and_field(tmp_path):
    path = tmp_path / "eligibility.yaml"
    path.write_text("version: '1'\nsource: x\ncategories:\n  point:\n    basis: x\n    conditions:\n"
                    "      - {field: colour, question: q, options: [{key: a, label: b, outcome: eligible}]}\n",
                    encoding="utf-8")
    with pytest.raises(RubricInvalid) as caught:
        load_eligibility_file(path)
    lines = [p.line() for p in caught.value.problems]
    assert any(line.startswith(str(path)) and "categories.point.conditions.0.field" in line for line in lines)


def test_an_eligibility_file_missing_a_category_is_refused(tmp_path):
    path = tmp_path / "eligibility.yaml"
    path.write_text("version: '1'\nsource: x\ncategories:\n  point:\n    basis: x\n    conditions:\n"
                    "      - {field: org_kind, question: q, options: [{key: a, label: b, outcome: eligible}]}\n",
                    encoding="utf-8")
    with pytest.raises(RubricInvalid) as caught:
        load_eligibility_file(path)
    assert "缺少类别" in caught.value.problems[0].message and "station" in caught.value.problems[0].message
