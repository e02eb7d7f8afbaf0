"""The exported JSON Schema accepts the examples and rejects what validation rejects."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from scoring.schema import answers_schema

VALIDATOR = jsonschema.Draft202012Validator(answers_schema(), format_checker=jsonschema.FormatChecker())


def as_json(path):
    # YAML dates become ISO strings, as in a JSON answers file.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_examples_are_valid_against_the_schema(examples, name):
    VALIDATOR.validate(as_json(examples / f"{name}.yaml"))


@pytest.mark.parametrize("answers", [
    {"P01": {"met": True, "value": 3}},
    {"P13": {"met": "partial"}},
    {"P13": {"met": True, "score": 2}},
    {"P13": {"met": "partial", "score": 1.25}},
    {"P99": {"met": True}},
    {"P42": {"value": 1.5}},
])
def test_schema_rejects_answers_that_do_not_fit_the_item(answers):
    data = {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": "x"}, "answers": answers}
    assert not VALIDATOR.is_valid(data)


def test_schema_knows_the_s24_options():
    base = {"rubric": "station", "assessed_on": "2026-11-01", "applicant": {"name": "x"}}
    ok = {**base, "answers": {"S24": {"org_kind": "service_firm", "clients": 6}}}
    mixed = {**base, "answers": {"S24": {"org_kind": "service_firm", "clients": 6, "trained_share": 0.5}}}
    assert VALIDATOR.is_valid(ok)
    assert not VALIDATOR.is_valid(mixed)


def test_published_schema_file_is_up_to_date():
    from pathlib import Path

    published = Path(__file__).resolve().parent.parent / "docs" / "answers.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == json.loads(json.dumps(answers_schema()))
