"""Carrying last year's self-assessment into the new round: stale evidence flags its item for renewal and the
item is not scored as met until renewed."""

from __future__ import annotations

import datetime as dt

from scoring.editing import settle
from scoring.carry_forward import carry_forward
from scoring.engine import score


def _last_year() -> dict:
    return {
        "rubric": "point", "rubric_version": "2022.1", "assessed_on": "2025-11-01",
        "applicant": {"name": "上海甲科技有限公司"},
        "evidence_library": {"NDA": {"title": "员工保密协议", "date": "2025-01-15"}},
        "answers": {
            "P01": {"met": True, "evidence": [{"title": "领导小组通知", "date": "2026-03-01"}]},
            "P02": {"met": True, "evidence": [{"title": "任命文件", "date": "2025-03-01"}], "note": "原说明"},
            "P08": {"met": True, "evidence": [{"ref": "NDA"}]},
            "P42": {"value": 2, "evidence": [{"title": "检查报告"}, {"title": "检查报告二", "date": "2026-06-30"}]},
        },
    }


def test_items_with_evidence_outside_the_new_year_are_flagged_and_lose_their_claim():
    carried = carry_forward(_last_year(), dt.date(2026, 11, 1), from_round=2025)
    assert [r.item_id for r in carried.renewals] == ["P02", "P08", "P42"]
    assert carried.renewals[1].stale == (("员工保密协议", dt.date(2025, 1, 15)),)
    assert carried.renewals[2].stale == (("检查报告", None),)
    answers = carried.data["answers"]
    assert answers["P01"]["met"] is True  # only current evidence: the claim stays
    assert "met" not in answers["P02"] and answers["P02"]["evidence"] == [{"title": "任命文件", "date": "2025-03-01"}]
    assert answers["P02"]["note"].startswith("沿用 2025 年度自评") and "2025-03-01" in answers["P02"]["note"]
    assert "value" not in answers["P42"]
    assert carried.data["assessed_on"] == "2026-11-01" and "rubric_version" not in carried.data
    assert carried.period == (dt.date(2025, 11, 2), dt.date(2026, 11, 1))


def test_the_carried_draft_opens_as_a_working_copy_whose_flagged_items_score_as_unanswered():
    carried = carry_forward(_last_year(), dt.date(2026, 11, 1))
    settled = settle(carried.data)
    assert {p.item_id for p in settled.problems} <= {"P02", "P08", "P42"}
    result = score(None, settled.answers)
    status = {i.id: i.status for i in result.items}
    assert status["P01"] == "met"
    assert status["P02"] == status["P08"] == status["P42"] == "unanswered"


def test_last_years_data_is_not_changed():
    previous = _last_year()
    carry_forward(previous, dt.date(2026, 11, 1))
    assert previous["answers"]["P02"]["met"] is True and previous["assessed_on"] == "2025-11-01"
