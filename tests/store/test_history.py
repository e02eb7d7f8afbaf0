"""Year over year: an organisation's rounds with self and reviewed scores, outcome and certificate; carrying last
year's self-assessment forward with stale evidence flagged; counts per year. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scoring.store import db, decisions, evidence, history, ranking, review, submissions, workflow
from scoring.store.errors import PermissionDenied, WorkflowError
from scoring.store.models import AuditEntry, Submission

from .world import full_answers, pdf_bytes, uscc

D = dt.date


def _last_year() -> dict:
    data = full_answers("point", "上海甲科技有限公司", uscc(1))
    data["assessed_on"] = "2025-11-01"
    for item_id, answer in data["answers"].items():
        for entry in answer["evidence"]:
            entry["date"] = entry["date"].replace("2026", "2025")
    data["answers"]["P01"]["evidence"] = [{"title": "领导小组通知", "date": "2025-10-01", "file": "evidence/通知.pdf"}]
    data["answers"]["P02"]["evidence"] = [{"title": "任命文件", "date": "2025-03-01", "file": "evidence/任命.pdf"}]
    return data


def _certified_2025(s, world) -> int:
    sub = submissions.create_submission(s, world.applicant_a, world.org_a, 2025, _last_year())
    evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/任命.pdf", pdf_bytes("任命"))
    evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/通知.pdf", pdf_bytes("通知"))
    workflow.transition(s, world.applicant_a, sub.id, "submit")
    review.set_item_review(s, world.reviewer_a, sub.id, "P03", decision="override", score=0, reason="无证明",
                           expected_version=sub.version)
    review.confirm_remaining(s, world.reviewer_a, sub.id, expected_version=sub.version)
    workflow.transition(s, world.reviewer_a, sub.id, "complete_review")
    ranking.select_submissions(s, world.admin, 2025, [sub.id])
    decisions.record_decision(s, world.admin, 2025, D(2025, 10, 12), "审议通过", [sub.id])
    decisions.award_certificate(s, world.admin, sub.id, "SJ-2025-001", D(2025, 10, 20))
    return sub.id


def test_history_shows_each_round_with_self_and_reviewed_scores_outcome_and_certificate(engine, world):
    with db.session_scope(engine) as s:
        sid = _certified_2025(s, world)
    with db.session_scope(engine) as s:
        (record,) = history.organisation_history(s, world.applicant_a, world.org_a)
        assert (record.year, record.submission_id, record.status) == (2025, sid, "selected")
        assert record.approved and record.certificate_no == "SJ-2025-001" and record.certified == ("区级示范点",)
        organisation = next(i for i in record.indicators if i.indicator == "组织机构")
        assert organisation.self_score == organisation.maximum
        assert organisation.reviewed == organisation.maximum - 3  # P03 (3 points) overridden to 0
        assert record.final_total == record.self_total - 3
        assert history.organisation_history(s, world.reviewer_a, world.org_a)
        with pytest.raises(PermissionDenied):
            history.organisation_history(s, world.reviewer_b, world.org_a)
        with pytest.raises(PermissionDenied):
            history.organisation_history(s, world.applicant_b, world.org_a)


def test_carrying_forward_starts_the_new_draft_with_stale_items_set_aside_and_the_files_copied(engine, world):
    with db.session_scope(engine) as s:
        _certified_2025(s, world)
    with db.session_scope(engine) as s:
        # assessed on 2026-06-30: the year runs from 2025-07-01, so P01's 2025-10-01 notice is current
        carried, new_id = history.carry_forward_draft(s, world.applicant_a, 2026, D(2026, 6, 30))
        flagged = {r.item_id for r in carried.renewals}
        assert "P02" in flagged and "P01" not in flagged
    with db.session_scope(engine) as s:
        stored = s.get(Submission, new_id)
        assert stored.round == 2026 and stored.status == "draft"
        assert stored.answers["assessed_on"] == "2026-06-30"
        assert stored.answers["answers"]["P01"]["met"] is True
        assert not set(stored.answers["answers"]) & flagged  # nothing flagged is scored as met
        assert [f.path for f in stored.evidence_files] == ["evidence/通知.pdf"]  # 任命.pdf was flagged P02's
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "draft_carried_forward")).scalar_one()
        assert '"from_round":2025' in entry.detail


def test_carrying_forward_without_an_earlier_round_is_refused_in_chinese(engine, world):
    with db.session_scope(engine) as s, pytest.raises(WorkflowError, match="没有 2026 年度以前的申报"):
        history.carry_forward_draft(s, world.applicant_a, 2026, D(2026, 11, 1))


def test_counts_per_year_by_level_and_kind(engine, world):
    with db.session_scope(engine) as s:
        _certified_2025(s, world)
        counts = history.counts_per_year(s, world.reviewer_a)
        assert [(c.year, c.district["point"], c.municipal["point"]) for c in counts] == [(2025, 1, 0)]
        with pytest.raises(PermissionDenied):
            history.counts_per_year(s, world.applicant_a)
