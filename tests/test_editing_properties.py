"""Whatever is typed into a draft, settling it never fails and its valid part is a file that reads back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.answers import answers_data, parse_answers
from scoring.editing import settle, working_from_answers
from scoring.engine import score
from scoring.examples import example_answers

ANSWER_KEYS = ["met", "score", "value", "count", "tier", "types", "units", "org_kind", "trained_share",
               "protecting_share", "clients", "note"]
APPLICANT_KEYS = ["name", "uscc", "postcode", "phone", "park_enterprises", "leader"]
junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 600), st.floats(-1, 30, allow_nan=False),
                 st.sampled_from(["", "partial", "none", "national_top10", "association", "2026-13-01", "甲"]),
                 st.text(max_size=5))
junk_entry = st.fixed_dictionaries({}, optional={"title": junk, "date": junk, "file": junk, "ref": junk})
edits = st.lists(st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(["P01", "P42", "S24", "ZB1", "ZB2", "Z12", "X1"]),
              st.sampled_from(ANSWER_KEYS), junk),
    st.tuples(st.just("evidence"), st.sampled_from(["P01", "P08", "S24", "ZB4"]), st.just("evidence"),
              st.lists(junk_entry, max_size=3)),
    st.tuples(st.just("applicant"), st.just(None), st.sampled_from(APPLICANT_KEYS), junk),
    st.tuples(st.just("library"), st.sampled_from(["NDA", "E1", "SVC"]), st.just(None), junk_entry),
), max_size=8)


def apply(working: dict, edit: tuple) -> None:
    kind, target, field, value = edit
    if kind in ("answer", "evidence"):
        working["answers"].setdefault(target, {})[field] = value
    elif kind == "applicant":
        working["applicant"][field] = value
    else:
        working["evidence_library"][target] = value


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["point", "station", "zone"]), edits)
def test_any_typed_values_settle_into_a_valid_file_and_named_problems(category, changes):
    working = working_from_answers(example_answers(category))
    for change in changes:
        apply(working, change)
    settled = settle(working)
    assert settled.answers is not None
    assert all(p.item_id is not None or p.field for p in settled.problems)
    score(None, settled.answers)
    if settled.named:
        data = answers_data(settled.answers)
        assert answers_data(parse_answers(data, "roundtrip.yaml")) == data
