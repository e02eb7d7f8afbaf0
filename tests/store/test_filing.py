"""Filing a draft from the app: create or update the organisation's submission with its files, submit, see the
history; a park's zone self-assessment takes the registry-fed items from the registry. And the demo district."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from scoring.store import db, demo, evidence, filing, registry, review, submissions, workflow
from scoring.store.errors import Conflict, PermissionDenied, WorkflowError
from scoring.store.models import EvidenceFile, Submission, User
from scoring.problems import AnswersInvalid

from .world import ROUND, full_answers, pdf_bytes, uscc


def _answers(**kwargs) -> dict:
    data = full_answers("point", "上海甲科技有限公司", uscc(1), **kwargs)
    data["answers"]["P01"]["evidence"] = [{"title": "领导小组通知", "date": "2026-03-01", "file": "evidence/通知.pdf"}]
    return data


def test_filing_without_submitting_creates_a_draft_with_its_evidence_files(engine, world):
    with db.session_scope(engine) as s:
        filed = filing.file_draft(s, world.applicant_a, ROUND, _answers(), {"evidence/通知.pdf": pdf_bytes("a")},
                                  submit=False)
        assert filed.created and filed.files == 1
        assert filed.submission.status == "draft"
        assert [f.path for f in filed.submission.evidence_files] == ["evidence/通知.pdf"]
    with db.session_scope(engine) as s:
        stored = evidence.open_evidence(s, world.applicant_a, filed.submission.evidence_files[0].id)
        assert stored.data == pdf_bytes("a")


def test_filing_again_updates_the_same_submission_and_replaces_the_file(engine, world):
    with db.session_scope(engine) as s:
        first = filing.file_draft(s, world.applicant_a, ROUND, _answers(partial={"P01": 1.5}),
                                  {"evidence/通知.pdf": pdf_bytes("old")}, submit=False).submission
        before = first.self_total
        second = filing.file_draft(s, world.applicant_a, ROUND, _answers(), {"evidence/通知.pdf": pdf_bytes("new")},
                                   submit=True)
        assert not second.created and second.submission.id == first.id
        assert second.submission.status == "submitted"
        assert second.submission.self_total == before + Decimal("1.5")
        count = s.execute(select(func.count()).select_from(EvidenceFile)).scalar_one()
        assert count == 1


def test_submitting_an_incomplete_draft_is_refused_and_nothing_is_stored(engine, world):
    with pytest.raises(WorkflowError, match="1 个条目未作答（P19）"):
        with db.session_scope(engine) as s:
            filing.file_draft(s, world.applicant_a, ROUND, _answers(missing=("P19",)), {}, submit=True)
    with db.session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(Submission)).scalar_one() == 0


def test_a_submitted_submission_cannot_be_filed_over(engine, world):
    with db.session_scope(engine) as s:
        filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=True)
    with pytest.raises(WorkflowError, match="已提交"):
        with db.session_scope(engine) as s:
            filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=False)


def test_filing_over_a_stale_page_is_a_conflict(engine, world):
    with db.session_scope(engine) as s:
        sub = filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=False).submission
        seen = sub.version
        filing.file_draft(s, world.applicant_a, ROUND, _answers(partial={"P01": 1}), {}, submit=False)
    with pytest.raises(Conflict):
        with db.session_scope(engine) as s:
            filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=False, expected_version=seen)


def test_an_answers_file_for_another_category_is_refused_naming_the_field(engine, world):
    data = full_answers("station", "上海甲科技有限公司")
    with pytest.raises(AnswersInvalid) as err:
        with db.session_scope(engine) as s:
            filing.file_draft(s, world.applicant_a, ROUND, data, {}, submit=False)
    assert [p.field for p in err.value.problems] == ["rubric"]


def test_only_an_organisations_own_account_can_file(engine, world):
    with pytest.raises(PermissionDenied):
        with db.session_scope(engine) as s:
            filing.file_draft(s, world.reviewer_a, ROUND, _answers(), {}, submit=False)


def test_the_history_shows_the_note_sent_back_to_the_applicant_and_hides_other_offices(engine, world):
    with db.session_scope(engine) as s:
        sub = filing.file_draft(s, world.applicant_a, ROUND, _answers(), {}, submit=True).submission
        workflow.transition(s, world.reviewer_a, sub.id, "request_changes", note="请补充 P05 的证明材料")
        history = filing.submission_history(s, world.applicant_a, sub.id)
        assert [h.action for h in history] == ["创建申报", "提交申报", "退回修改"]
        assert history[-1].note == "请补充 P05 的证明材料"
        with pytest.raises(PermissionDenied):
            filing.submission_history(s, world.reviewer_b, sub.id)


def test_a_park_operator_filing_its_zone_gets_the_certified_sites_from_the_registry(engine, world):
    with db.session_scope(engine) as s:
        for n in range(2):
            org = registry.add_member(s, world.admin, world.park, f"成员企业{n}", "point", uscc(20 + n))
            registry.record_certification(s, world.admin, org.id, "district", "point", 2025)
        data = full_answers("zone", "松江云谷科技园", uscc(3))
        data["answers"]["Z15"] = {"value": 9, "evidence": [{"title": "自报名单", "date": "2026-06-01"}]}
        sub = filing.file_draft(s, world.operator, ROUND, data, {}, submit=False).submission
        z15 = sub.answers["answers"]["Z15"]
        assert z15["value"] == 2  # the registry's two certified members, not the nine typed in
        assert [e["title"] for e in z15["evidence"]][0] == "自报名单"
        own = review.review_sheet(s, world.operator, sub.id).own
        assert next(i for i in own.items if i.id == "Z15").score == 0  # fewer than three: not met


def test_the_demo_district_loads_once_with_every_state_and_a_consistent_review(engine):
    with db.session_scope(engine) as s:
        assert demo.load_demo(s) is True
        assert demo.is_demo(s)
    with db.session_scope(engine) as s:
        assert demo.load_demo(s) is False
        users = s.execute(select(func.count()).select_from(User)).scalar_one()
        assert users == len(demo.DEMO_ACCOUNTS) + len(demo.ENTERPRISES)
        statuses = dict(s.execute(select(Submission.status, func.count()).group_by(Submission.status)).all())
        reviewed = sum(1 for e in demo.ENTERPRISES if e[4] == "reviewed")
        assert statuses == {"reviewed": reviewed, "submitted": len(demo.ENTERPRISES) - reviewed + 2, "draft": 1}
        reviewed_subs = list(s.execute(select(Submission).where(Submission.status == "reviewed")).scalars())
        assert sum(1 for sub in reviewed_subs if any(r.decision == "override" for r in sub.reviews)) == 3
        for sub in reviewed_subs:
            own = {i.id: i.score for i in review.review_sheet(s, demo_admin(s), sub.id).own.items}
            lowered = sum((own[r.item_id] - r.score for r in sub.reviews if r.decision == "override"), Decimal(0))
            assert len(sub.reviews) == sub.item_count
            assert sub.final_total == sub.self_total - lowered


def demo_admin(s):
    from scoring.store import auth
    return auth.actor_of(s.execute(select(User).where(User.username == "admin")).scalar_one())


def test_the_demo_evidence_files_open_for_the_office_and_carry_the_demo_mark(engine):
    with db.session_scope(engine) as s:
        demo.load_demo(s)
    with db.session_scope(engine) as s:
        from scoring.store import auth
        reviewer = next(auth.actor_of(u) for u in s.execute(select(User).where(User.username == "xinqiao")).scalars())
        table = submissions.submissions_table(s, reviewer)
        point = table[table["organisation"] == "上海松芯微电子科技有限公司"].iloc[0]
        files = evidence.list_evidence(s, reviewer, int(point["id"]))
        assert {f.kind for f in files} == {"pdf", "xlsx"}
        content = evidence.open_evidence(s, reviewer, files[0].id)
        assert content.data.startswith(b"%PDF") or content.data.startswith(b"PK")
