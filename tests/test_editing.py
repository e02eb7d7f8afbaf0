"""Editing a self-assessment: form values ↔ answers, working-copy edits, and settling the valid part."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from scoring.answers import answers_data, load_answers
from scoring.editing import (
    add_evidence, add_library_entry, answer_fields, check_choices, evidence_entry, form_values, item_refs,
    library_usage, new_working, next_library_key, percent_from_share, remove_evidence, remove_library_entry,
    set_answer, set_applicant_field, set_note, set_refs, settle, share_from_percent, update_evidence,
    working_from_answers,
)
from scoring.engine import score
from scoring.rubric import CheckRule, Guidance, Item, load_rubric
from tests.conftest import EXAMPLES

ASSESSED_ON = dt.date(2026, 11, 1)


def working_for(rubric_name: str, answers: dict | None = None, **applicant) -> dict:
    working = new_working(load_rubric(rubric_name), ASSESSED_ON)
    working["applicant"] = {"name": "测试单位", **applicant}
    working["answers"] = copy.deepcopy(answers or {})
    return working


def item(rubric_name: str, item_id: str) -> Item:
    return load_rubric(rubric_name).item(item_id)


# ---------------------------------------------------------------- form values → answer fields


@pytest.mark.parametrize("choice, expected", [
    ("met", {"met": True}), ("not_met", {"met": False}), (None, None),
    ("partial", {"met": "partial"}),
])
def test_check_choice_becomes_met_field(choice, expected):
    assert answer_fields(item("point", "P01"), {"choice": choice, "score": None}) == expected


def test_partial_score_from_a_form_is_a_plain_number():
    assert answer_fields(item("point", "P01"), {"choice": "partial", "score": 1.5}) == {"met": "partial", "score": 1.5}
    assert answer_fields(item("point", "P01"), {"choice": "partial", "score": 2.0}) == {"met": "partial", "score": 2}


def test_score_is_dropped_unless_partial():
    assert answer_fields(item("point", "P01"), {"choice": "met", "score": 1.5}) == {"met": True}


def test_blank_number_leaves_threshold_occurrences_and_per_unit_unanswered():
    assert answer_fields(item("zone", "Z12"), {"value": None}) is None
    assert answer_fields(item("point", "P42"), {"value": None}) is None
    assert answer_fields(item("zone", "ZB4"), {"count": None}) is None
    assert answer_fields(item("point", "P42"), {"value": 0}) == {"value": 0}
    assert answer_fields(item("zone", "ZB4"), {"count": 2}) == {"count": 2}


def test_tier_none_is_an_answer_and_blank_is_not():
    assert answer_fields(item("zone", "ZB2"), {"tier": "none"}) == {"tier": "none"}
    assert answer_fields(item("zone", "ZB2"), {"tier": None}) is None


def test_two_counts_keep_what_is_filled_so_validation_names_the_other():
    zb1 = item("zone", "ZB1")
    assert answer_fields(zb1, {"types": 3, "units": None}) == {"types": 3}
    assert answer_fields(zb1, {"types": None, "units": None}) is None


def test_either_shares_are_typed_as_percentages_and_stored_as_exact_shares():
    s24 = item("station", "S24")
    fields = answer_fields(s24, {"org_kind": "association", "trained_share": 42, "protecting_share": 35.5,
                                 "clients": 9})
    assert fields == {"org_kind": "association", "trained_share": 0.42, "protecting_share": 0.355}
    assert answer_fields(s24, {"org_kind": "service_firm", "clients": 6, "trained_share": 42}) == \
        {"org_kind": "service_firm", "clients": 6}
    assert answer_fields(s24, {"org_kind": None}) is None


def test_percent_and_share_convert_exactly_both_ways():
    assert share_from_percent(30) == 0.3
    assert Decimal(str(share_from_percent(35.5))) == Decimal("0.355")
    assert percent_from_share(0.42) == 42
    assert percent_from_share(None) is None


@pytest.mark.parametrize("rubric_name", ["zone", "station", "point"])
def test_form_values_of_every_example_answer_give_the_answer_back(rubric_name):
    rubric = load_rubric(rubric_name)
    data = answers_data(load_answers(EXAMPLES / f"{rubric_name}.yaml"))
    for item_id, body in data["answers"].items():
        fields = {k: v for k, v in body.items() if k not in ("evidence", "note")}
        row = rubric.item(item_id)
        assert answer_fields(row, form_values(row, body)) == fields, item_id


def test_partly_met_is_offered_only_when_a_half_step_fits_below_full_marks():
    assert "partial" in check_choices(item("point", "P01"))
    half_point = Item(id="P99", indicator="x", title="x", criterion="x", points=Decimal("0.5"),
                      rule=CheckRule(kind="check"), evidence=["x"], guidance=Guidance(text="x"))
    assert check_choices(half_point) == ("met", "not_met")


# ---------------------------------------------------------------- working-copy edits


def test_set_answer_keeps_evidence_and_note_and_none_clears_only_the_answer():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": "通知"}], "note": "备注"}})
    set_answer(working, item("point", "P01"), {"met": "partial", "score": 1})
    assert working["answers"]["P01"] == {"evidence": [{"title": "通知"}], "note": "备注", "met": "partial", "score": 1}
    set_answer(working, item("point", "P01"), None)
    assert working["answers"]["P01"] == {"evidence": [{"title": "通知"}], "note": "备注"}


def test_an_item_with_nothing_left_disappears_from_the_working_copy():
    working = working_for("point", {"P01": {"met": True}})
    set_answer(working, item("point", "P01"), None)
    assert "P01" not in working["answers"]
    set_note(working, "P02", "  ")
    assert "P02" not in working["answers"]


def test_applicant_fields_are_kept_as_typed_and_blank_removes_them():
    working = working_for("point")
    set_applicant_field(working, "uscc", " 91310117MA1J3AB2CX ")
    assert working["applicant"]["uscc"] == "91310117MA1J3AB2CX"
    set_applicant_field(working, "uscc", "")
    assert "uscc" not in working["applicant"]


def test_evidence_rows_are_added_updated_and_removed_in_place():
    working = working_for("point", {"P01": {"met": True}})
    index = add_evidence(working, "P01", evidence_entry())
    update_evidence(working, "P01", index, title=" 领导小组通知 ", date=dt.date(2026, 3, 1))
    assert working["answers"]["P01"]["evidence"] == [{"title": "领导小组通知", "date": "2026-03-01"}]
    update_evidence(working, "P01", index, date=None)
    assert working["answers"]["P01"]["evidence"] == [{"title": "领导小组通知"}]
    assert remove_evidence(working, "P01", index) == {"title": "领导小组通知"}
    assert working["answers"]["P01"] == {"met": True}


def test_library_references_are_set_first_and_own_entries_are_kept():
    working = working_for("point", {"P08": {"met": True, "evidence": [{"title": "自有材料"}]}})
    key = add_library_entry(working, evidence_entry("员工保密协议", "2026-01-15"))
    set_refs(working, "P08", [key])
    assert working["answers"]["P08"]["evidence"] == [{"ref": key}, {"title": "自有材料"}]
    set_refs(working, "P08", [])
    assert working["answers"]["P08"]["evidence"] == [{"title": "自有材料"}]


def test_new_library_keys_fill_the_first_gap():
    working = working_for("point")
    working["evidence_library"] = {"E1": {"title": "a"}, "E3": {"title": "c"}}
    assert next_library_key(working) == "E2"


def test_removing_a_library_entry_removes_every_reference_and_names_the_items():
    working = working_for("point", {"P08": {"met": True}, "P14": {"met": True}, "P01": {"met": True}})
    key = add_library_entry(working, evidence_entry("员工保密协议", "2026-01-15"))
    set_refs(working, "P08", [key])
    set_refs(working, "P14", [key])
    assert library_usage(working) == {key: ["P08", "P14"]}
    assert remove_library_entry(working, key) == ["P08", "P14"]
    assert key not in working["evidence_library"]
    assert item_refs(working, "P08") == [] and item_refs(working, "P14") == []


# ---------------------------------------------------------------- settle


@pytest.mark.parametrize("rubric_name", ["zone", "station", "point"])
def test_a_valid_answers_file_settles_to_itself_without_problems(rubric_name):
    answers = load_answers(EXAMPLES / f"{rubric_name}.yaml")
    settled = settle(working_from_answers(answers))
    assert settled.problems == ()
    assert settled.named
    assert answers_data(settled.answers) == answers_data(answers)


def test_an_invalid_uscc_is_reported_and_left_out_while_the_rest_is_kept():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": "通知"}]}},
                          uscc="91310117MA1J3AB2CX", phone="021-57681234")
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [(None, "applicant.uscc")]
    assert "校验位" in settled.problems[0].message
    assert settled.answers.applicant.uscc is None
    assert settled.answers.applicant.phone == "021-57681234"
    assert "P01" in settled.answers.answers


def test_partly_met_without_a_score_is_named_and_scored_as_unanswered_meanwhile():
    working = working_for("point", {"P01": {"met": "partial"}, "P02": {"met": True, "evidence": [{"title": "任命"}]}})
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [("P01", "score")]
    assert set(settled.answers.answers) == {"P02"}


def test_blank_evidence_rows_are_in_progress_not_problems():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": ""}, {"title": "通知"}]}})
    settled = settle(working)
    assert settled.problems == ()
    assert [e.title for e in settled.answers.answers["P01"].evidence] == ["通知"]


def test_an_evidence_row_without_title_is_named_by_its_index_and_only_that_row_is_dropped():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": "通知"}, {"date": "2026-03-01"}]}})
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [("P01", "evidence[1].title")]
    assert [e.title for e in settled.answers.answers["P01"].evidence] == ["通知"]


def test_items_with_only_evidence_or_a_note_are_not_answers_yet():
    working = working_for("point", {"P01": {"evidence": [{"title": "通知"}], "note": "稍后填写"}})
    settled = settle(working)
    assert settled.problems == ()
    assert settled.answers.answers == {}


def test_a_missing_name_is_reported_but_the_draft_is_still_scored():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": "通知"}]}})
    working["applicant"] = {"uscc": "91310117MA1J3AB2CJ"}
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [(None, "applicant.name")]
    assert not settled.named
    assert settled.answers.applicant.name == ""
    assert settled.answers_data() is None
    assert score(None, settled.answers).total == 3


def test_a_library_entry_without_title_is_named_and_its_references_count_for_nothing():
    working = working_for("point", {"P08": {"met": True, "evidence": [{"ref": "E1"}]}})
    working["evidence_library"] = {"E1": {"date": "2026-01-15"}}
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [(None, "evidence_library.E1.title")]
    assert score(None, settled.answers).item("P08").status == "missing_evidence"


def test_settle_never_changes_the_working_copy():
    working = working_for("point", {"P01": {"met": "partial"}, "P02": {"met": True, "evidence": [{"title": ""}]}},
                          uscc="bad")
    before = copy.deepcopy(working)
    settle(working)
    assert working == before


def test_problems_name_the_row_as_the_working_copy_holds_it_even_after_a_blank_row():
    working = working_for("point", {"P01": {"met": True, "evidence": [{"title": ""}, {"date": "2026-03-01"},
                                                                       {"title": "通知"}]}})
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [("P01", "evidence[1].title")]
    assert [e.title for e in settled.answers.answers["P01"].evidence] == ["通知"]


def test_a_blank_library_entry_is_in_progress_not_a_problem():
    working = working_for("point", {"P08": {"met": True, "evidence": [{"ref": "E1"}]}})
    working["evidence_library"] = {"E1": {"title": ""}}
    settled = settle(working)
    assert settled.problems == ()
    assert score(None, settled.answers).item("P08").status == "missing_evidence"


def test_rows_named_by_index_are_dropped_before_references_to_a_bad_library_entry_move_them():
    working = working_for("point", {"P08": {"met": True, "evidence": [
        {"ref": "E1"}, {"title": "保密协议签署名单"}, {"date": "2026-02-01"}]}})
    working["evidence_library"] = {"E1": {"date": "2026-01-15"}}
    settled = settle(working)
    assert [(p.item_id, p.field) for p in settled.problems] == [(None, "evidence_library.E1.title"),
                                                                ("P08", "evidence[2].title")]
    assert [e.title for e in settled.answers.answers["P08"].evidence] == ["保密协议签署名单"]


def test_settle_parses_the_working_copy_once_and_keeps_every_valid_part(monkeypatch):
    import scoring.editing as editing

    calls = []
    real = editing.parse_answers_valid_part
    monkeypatch.setattr(editing, "parse_answers_valid_part", lambda *a, **k: calls.append(1) or real(*a, **k))
    working = working_for("point", {
        "P01": {"met": True, "evidence": [{"title": "通知"}, {"title": "纪要", "date": "2026-13-01"}]},
        "P02": {"met": "partial"},  # no score: the answer is left out, its problem reported
        "P03": {"met": True, "evidence": [{"title": "照片"}]},
    }, uscc="not-a-code")
    settled = settle(working)
    assert len(calls) == 1
    assert {(p.item_id, p.field) for p in settled.problems} == {
        ("P01", "evidence[1].date"), ("P02", "score"), (None, "applicant.uscc")}
    assert sorted(settled.answers.answers) == ["P01", "P03"]
    assert [e.title for e in settled.answers.answers["P01"].evidence] == ["通知"]
    assert settled.answers.applicant.name == "测试单位" and settled.answers.applicant.uscc is None
