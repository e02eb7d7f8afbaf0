"""Every rule kind is one module, and every consumer of rule kinds covers every registered kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import jsonschema
import pytest
import yaml

from scoring import kinds
from scoring.answers import parse_answers
from scoring.editing import answer_fields, form_values
from scoring.engine import score_item
from scoring.rubric import Guidance, Item
from scoring.schema import item_answer_schema
from scoring.store.demo import _not_met
from scoring.template import _answer_help, _example_answer

# One rule of each kind; a kind registered without a sample here fails the coverage test below.
SAMPLES = {
    "check": {"kind": "check"},
    "checklist": {"kind": "checklist", "parts": [{"key": "a", "label": "甲"}, {"key": "b", "label": "乙"}]},
    "measured": {"kind": "measured", "label": "知晓人员占比", "unit": "%", "minimum": 100, "maximum": 100,
                 "required": "所有人员知晓"},
    "threshold": {"kind": "threshold", "minimum": 3, "unit": "家", "label": "数量"},
    "occurrences": {"kind": "occurrences", "minimum": 2, "unit": "次", "label": "次数"},
    "per_unit": {"kind": "per_unit", "per_unit": 5, "cap": 10, "unit": "件", "label": "案件数"},
    "tiered": {"kind": "tiered", "tiers": [{"key": "high", "label": "高", "points": 10},
                                          {"key": "low", "label": "低", "points": 5}]},
    "two_counts": {"kind": "two_counts", "parts": [
        {"field": "types", "label": "类型数", "per": 3, "cap": 6, "baseline": 1},
        {"field": "units", "label": "数量", "per": 2, "cap": 4, "baseline": 1}]},
    "either": {"kind": "either", "options": [
        {"key": "share", "label": "比例", "conditions": [{"field": "share", "label": "占比", "type": "share",
                                                          "minimum": 0.3}]},
        {"key": "count", "label": "数量", "conditions": [{"field": "clients", "label": "家数", "type": "integer",
                                                          "minimum": 5}]}]},
}
ASSESSED = dt.date(2026, 11, 1)


def sample_item(kind: str) -> Item:
    points = {"tiered": 10, "per_unit": 10, "two_counts": 10}.get(kind, 4)
    return Item(id="P01", indicator="组织机构", title="示例", criterion="示例", points=points, year_bound=False,
                rule=SAMPLES[kind], evidence=["x"], guidance=Guidance(text="x"))


def parse_one(item: Item, body: dict):
    from scoring.rubric import Rubric

    rubric = Rubric(rubric="point", title="t", version="1", source="s", base_total=item.points, bonus_total=0,
                    items=[item])
    data = {"rubric": "point", "assessed_on": ASSESSED.isoformat(), "applicant": {"name": "甲公司"},
            "answers": {item.id: {**body, "evidence": [{"title": "证据", "date": "2026-10-01"}]}}}
    return parse_answers(data, rubric=rubric).answers[item.id]


def test_every_kind_module_has_the_whole_interface():
    for name, module in kinds.MODULES.items():
        missing = [attr for attr in kinds.INTERFACE if not hasattr(module, attr)]
        assert missing == [], f"{name} lacks {missing}"
        assert module.NAME == name
        assert module.Rule.model_fields["kind"].annotation.__args__ == (name,)


def test_every_registered_kind_has_a_sample_here_and_a_widget_in_the_app():
    from app_pages.applicant.answer_widgets import WIDGETS

    from tests.test_properties import STRATEGIES

    assert set(SAMPLES) == set(kinds.KIND_NAMES)
    assert set(WIDGETS) == set(kinds.KIND_NAMES)
    assert set(STRATEGIES) == set(kinds.KIND_NAMES)


def test_the_rubric_rule_union_admits_exactly_the_registered_kinds():
    admitted = {member.model_fields["kind"].annotation.__args__[0] for member in kinds.Rule.__origin__.__args__}
    assert admitted == set(kinds.KIND_NAMES)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_consumer_handles_the_kind(kind):
    item = sample_item(kind)
    example = yaml.safe_load("{" + _example_answer(item).split(": {", 1)[1].rsplit(", evidence", 1)[0] + "}")
    assert _answer_help(item)
    answer = parse_one(item, example)  # the template's example is a valid answer
    assert score_item(item, answer, ASSESSED).claimed > 0
    schema = {**item_answer_schema(item), "$defs": {"evidence": {"type": "object"}}}
    jsonschema.Draft202012Validator(schema).validate({**example, "evidence": [{"title": "x"}]})
    blank = _not_met(item)  # the demo's not-met answer is valid, validates against the schema and scores 0
    jsonschema.Draft202012Validator(schema).validate(blank)
    assert score_item(item, parse_one(item, blank), ASSESSED).score == Decimal(0)
    values = form_values(item, example)  # form values ↔ answer fields round trip
    assert parse_one(item, answer_fields(item, values)) == answer


def test_an_unknown_kind_is_a_rubric_problem_not_a_silent_default():
    with pytest.raises(KeyError):
        kinds.module_of(type("R", (), {"kind": "nonsense"})())


def test_the_public_api_resolves_every_listed_name_and_import_scoring_loads_nothing_else():
    import subprocess
    import sys

    import scoring

    assert all(getattr(scoring, name) is not None for name in scoring.__all__)
    code = "import sys, scoring; print(sorted(m for m in sys.modules if m.startswith('scoring')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['scoring']"


def test_kind_modules_sit_at_the_bottom_importing_no_pages_store_or_engine():
    import ast
    from pathlib import Path

    allowed = {"__future__", "dataclasses", "decimal", "functools", "types", "typing", "pydantic",
               "messages", "points", "base", "check", "checklist", "threshold", "either", "measured", "occurrences",
               "per_unit", "tiered", "two_counts"}
    for path in Path(kinds.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module.split(".")[-1]] if node.module else [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            else:
                continue
            assert set(names) <= allowed, (path.name, names)
