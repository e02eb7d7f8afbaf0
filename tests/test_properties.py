"""Invariants of the engine over generated answers files, one line each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.answers import answers_to_yaml, parse_answers
from scoring.engine import score
from scoring.points import HALF
from scoring.rubric import Item, load_rubric

ASSESSED_ON = dt.date(2026, 11, 1)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2027, 3, 1)))
evidence_lists = st.lists(st.builds(lambda d: {"title": "证据", **({"date": d.isoformat()} if d else {})}, dates),
                          max_size=4)


def _tick(item: Item):
    halves = int(item.points / HALF)
    partial = st.integers(1, halves - 1).map(lambda n: {"met": "partial", "score": float(n * HALF)}) \
        if halves > 1 else st.just({"met": True})
    return st.one_of(st.just({"met": True}), st.just({"met": False}), partial)


def _checklist(item: Item):
    keys = [p.key for p in item.rule.parts]
    halves = int(item.points / HALF)

    def body(ticks: list[bool], n: int) -> dict:
        parts = dict(zip(keys, ticks))
        some = 0 < sum(ticks) < len(ticks)
        return {"parts": parts, **({"score": float(n * HALF)} if some else {})}
    return st.one_of(_tick(item), st.builds(body, st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)),
                                            st.integers(1, max(1, halves - 1))))


def _either(item: Item):
    return st.one_of(
        st.tuples(st.sampled_from(["association", "alliance"]), st.integers(0, 100), st.integers(0, 100)).map(
            lambda s: {"org_kind": s[0], "trained_share": s[1] / 100, "protecting_share": s[2] / 100}),
        st.integers(0, 10).map(lambda c: {"org_kind": "service_firm", "clients": c}))


# One strategy per rule kind (tests/test_kinds.py proves the registry has no kind without a sample there).
STRATEGIES = {
    "check": _tick,
    "checklist": _checklist,
    "measured": lambda item: st.one_of(_tick(item), st.integers(0, 100).map(lambda v: {"value": v})),
    "threshold": lambda item: st.integers(0, 1000).map(lambda v: {"value": v}),
    "occurrences": lambda item: st.integers(0, 6).map(lambda v: {"value": v}),
    "per_unit": lambda item: st.integers(0, 8).map(lambda v: {"count": v}),
    "tiered": lambda item: st.sampled_from([t.key for t in item.rule.tiers] + ["none"]).map(lambda t: {"tier": t}),
    "two_counts": lambda item: st.tuples(st.integers(0, 8), st.integers(0, 8)).map(
        lambda c: {item.rule.parts[0].field: c[0], item.rule.parts[1].field: c[1]}),
    "either": _either,
}


def answer_strategy(item: Item):
    body = STRATEGIES[item.rule.kind](item)
    return st.tuples(body, evidence_lists).map(lambda be: {**be[0], "evidence": be[1]})


@st.composite
def answers_files(draw, name=None):
    name = name or draw(st.sampled_from(["zone", "station", "point"]))
    rubric = load_rubric(name)
    answers = {}
    for item in rubric.items:
        if draw(st.booleans()):
            answers[item.id] = draw(answer_strategy(item))
    return {"rubric": name, "assessed_on": ASSESSED_ON, "applicant": {"name": "测试单位"}, "answers": answers}


def total(data: dict) -> Decimal:
    return score(None, parse_answers(data)).total


@settings(max_examples=150, deadline=None)
@given(answers_files())
def test_no_item_scores_above_its_max_or_below_zero(data):
    assert all(Decimal(0) <= i.score <= i.max for i in score(None, parse_answers(data)).items)


@settings(max_examples=150, deadline=None)
@given(answers_files())
def test_total_never_exceeds_base_max_plus_bonus_max(data):
    result = score(None, parse_answers(data))
    assert result.total == result.base + result.bonus <= result.base_max + result.bonus_max


@settings(max_examples=150, deadline=None)
@given(answers_files())
def test_score_never_exceeds_the_claim(data):
    result = score(None, parse_answers(data))
    assert all(i.score <= i.claimed for i in result.items) and result.total <= result.claimed_total


@settings(max_examples=100, deadline=None)
@given(answers_files(), st.data())
def test_adding_evidence_never_lowers_the_total(data, more):
    extra = more.draw(evidence_lists)
    richer = {**data, "answers": {k: {**v, "evidence": v["evidence"] + extra} for k, v in data["answers"].items()}}
    assert total(richer) >= total(data)


@settings(max_examples=100, deadline=None)
@given(answers_files(name="point"), st.data())
def test_meeting_more_items_never_lowers_the_total(data, more):
    rubric = load_rubric("point")
    item_id = more.draw(st.sampled_from([i.id for i in rubric.items if i.rule.kind == "check"]))
    evidence = data["answers"].get(item_id, {}).get("evidence", [])
    better = {**data, "answers": {**data["answers"], item_id: {"met": True, "evidence": evidence}}}
    assert total(better) >= total(data)


@settings(max_examples=60, deadline=None)
@given(answers_files())
def test_the_total_is_reproducible_from_the_written_answers_file(data):
    answers = parse_answers(data)
    again = parse_answers(yaml.safe_load(answers_to_yaml(answers)))
    assert score(None, again) == score(None, answers)
