"""The optional ``desensitisation`` section: findings the applicant accepts are recorded in the answers file."""

from __future__ import annotations

import json

import jsonschema
import pytest

from scoring.answers import AcceptedFinding, answers_data, parse_answers
from scoring.problems import AnswersInvalid
from scoring.schema import answers_schema

ACCEPTED = {"file": "evidence/联络表.pdf", "kind": "landline", "location": "第 1 页", "masked": "021-******34"}


def data(**extra) -> dict:
    return {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": "测试单位"},
            "answers": {"P01": {"met": True, "evidence": [{"title": "联络表", "file": "evidence/联络表.pdf"}]}},
            **extra}


def test_accepted_findings_are_read_and_written_back_unchanged():
    answers = parse_answers(data(desensitisation={"accepted": [ACCEPTED]}))
    assert answers.desensitisation.accepted == (AcceptedFinding(**ACCEPTED),)
    written = answers_data(answers)
    assert written["desensitisation"] == {"accepted": [ACCEPTED]}
    assert parse_answers(json.loads(json.dumps(written))) == answers


def test_the_section_is_optional_and_left_out_when_empty():
    answers = parse_answers(data())
    assert answers.desensitisation.accepted == ()
    assert "desensitisation" not in answers_data(answers)


@pytest.mark.parametrize(("entry", "field"), [
    ({**ACCEPTED, "kind": "passport"}, "desensitisation.accepted[0].kind"),
    ({**ACCEPTED, "masked": "02157681234"}, "desensitisation.accepted[0].masked"),
    ({k: v for k, v in ACCEPTED.items() if k != "location"}, "desensitisation.accepted[0].location"),
    ({**ACCEPTED, "value": "x"}, "desensitisation.accepted[0].value"),
])
def test_a_wrong_accepted_entry_is_reported_by_field(entry, field):
    with pytest.raises(AnswersInvalid) as err:
        parse_answers(data(desensitisation={"accepted": [entry]}), file="a.yaml")
    assert [p.field for p in err.value.problems] == [field]


def test_the_published_schema_accepts_the_section_and_rejects_a_full_value():
    validator = jsonschema.Draft202012Validator(answers_schema())
    assert validator.is_valid(data(desensitisation={"accepted": [ACCEPTED]}))
    assert not validator.is_valid(data(desensitisation={"accepted": [{**ACCEPTED, "masked": "02157681234"}]}))


def test_accepting_findings_records_each_once_and_round_trips():
    from scoring.evidence import Finding, accept

    finding = Finding(**ACCEPTED)
    answers = accept(accept(parse_answers(data()), [finding, finding]), [finding])
    assert answers.desensitisation.accepted == (AcceptedFinding(**ACCEPTED),)
    assert parse_answers(answers_data(answers)) == answers
