"""Desensitisation for a draft on disk: reviewing its files (cached), accepting, redacting into the draft, bundling."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_text

from scoring.answers import load_answers
from scoring.editing import settle, working_from_answers
from scoring.evidence import cache as cache_module
from scoring.evidence import texts
from scoring.evidence.bundle import BundleRefused
from scoring.evidence.cache import CheckCache
from scoring.evidence.draft import (
    NOT_IN_DRAFT, REDACTED_DIR, accept_in_working, build_draft_bundle, current_copy, redact_draft, review_evidence,
    review_file, stored_path, withdraw_in_working,
)

from .evidence_fixtures import ID, MASKED, MOBILE, make_pdf, make_png, write_answers

APPLICANT = "松江测试科技有限公司"


@pytest.fixture
def draft(tmp_path):
    """A draft folder: a PDF with a planted ID number (P01), a clean text file (P10) and a photo (P11)."""
    folder = tmp_path / "draft"
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    make_pdf(evidence / "名单.pdf", [["培训人员名单"], [f"张三 身份证号：{ID}"]])
    (evidence / "plan.txt").write_text("全年培训四次。\n", encoding="utf-8")
    make_png(evidence / "photo.png")
    write_answers(folder, {
        "P01": {"met": True, "evidence": [{"title": "人员名单", "file": "evidence/名单.pdf"}]},
        "P10": {"met": True, "evidence": [{"title": "培训计划", "file": "evidence/plan.txt"}]},
        "P11": {"met": True, "evidence": [{"title": "培训照片", "file": "evidence/photo.png"},
                                          {"title": "名单（再次引用）", "file": "evidence/名单.pdf"}]},
    })
    return folder


def answers_of(folder):
    return load_answers(folder / "answers.yaml")


def test_each_file_is_reviewed_once_in_item_order_with_the_items_using_it(draft):
    review = review_evidence(answers_of(draft), draft, cache=CheckCache())
    assert [(r.file, r.items) for r in review.files] == [
        ("evidence/名单.pdf", ("P01", "P11")), ("evidence/plan.txt", ("P10",)), ("evidence/photo.png", ("P11",))]


def test_a_planted_id_is_outstanding_masked_and_blocks_the_bundle(draft):
    review = review_evidence(answers_of(draft), draft, cache=CheckCache())
    names = review.files[0]
    assert [(r.finding.kind, r.finding.location, r.finding.masked, r.status) for r in names.findings] == [
        ("id_card", "第 2 页", MASKED["id_card"], "outstanding")]
    assert ID not in repr(review)
    assert not review.ready and len(review.outstanding) == 1


def test_images_are_listed_as_unchecked_not_clean(draft):
    photo = review_evidence(answers_of(draft), draft, cache=CheckCache()).files[2]
    assert photo.findings == () and photo.error is None
    assert [u.reason for u in photo.unchecked] == [texts.UNCHECKED_IMAGE]


def test_a_second_review_reads_no_file_again_until_the_file_changes(draft, monkeypatch):
    calls = []
    real = cache_module.check_file
    monkeypatch.setattr(cache_module, "check_file", lambda path, name, today=None: calls.append(name) or real(
        path, name, today))
    cache = CheckCache()
    review_file(draft, "evidence/名单.pdf", cache=cache)
    review_file(draft, "evidence/名单.pdf", cache=cache)
    assert calls == ["evidence/名单.pdf"]
    make_pdf(draft / "evidence" / "名单.pdf", [["名单已更新，无个人信息"]])
    assert review_file(draft, "evidence/名单.pdf", cache=cache).findings == ()
    assert calls == ["evidence/名单.pdf"] * 2


def test_an_unreadable_file_gets_its_chinese_message(draft):
    (draft / "evidence" / "坏.pdf").write_bytes(b"%PDF-1.4 not really")
    review = review_file(draft, "evidence/坏.pdf", cache=CheckCache())
    assert review.error == texts.PDF_BROKEN and review.findings == ()
    assert review_file(draft, "evidence/没有.pdf", cache=CheckCache()).error == texts.MISSING


def test_accepting_records_the_finding_in_the_working_copy_and_settle_keeps_it(draft):
    answers = answers_of(draft)
    finding = review_evidence(answers, draft, cache=CheckCache()).outstanding[0]
    working = working_from_answers(answers)
    assert accept_in_working(working, [finding]) == 1
    assert accept_in_working(working, [finding]) == 0
    settled = settle(working).answers
    assert [a.model_dump() for a in settled.desensitisation.accepted] == [{
        "file": "evidence/名单.pdf", "kind": "id_card", "location": "第 2 页", "masked": MASKED["id_card"]}]
    review = review_evidence(settled, draft, cache=CheckCache())
    assert [r.status for r in review.files[0].findings] == ["accepted"] and review.ready

    assert withdraw_in_working(working, finding) is True
    assert "desensitisation" not in working
    assert withdraw_in_working(working, finding) is False


def test_redacting_writes_a_copy_in_the_draft_and_leaves_the_original_alone(draft):
    original = (draft / "evidence" / "名单.pdf").read_bytes()
    report = redact_draft(answers_of(draft), draft)
    assert report.problems == []
    copy = draft / REDACTED_DIR / "evidence" / "名单.pdf"
    assert [c.copy for c in report.copies] == [copy]
    assert (draft / "evidence" / "名单.pdf").read_bytes() == original
    assert ID not in extract_text(copy) and MASKED["id_card"] in extract_text(copy)
    assert ID in extract_text(io.BytesIO(original))
    review = review_evidence(answers_of(draft), draft, cache=CheckCache())
    assert [r.status for r in review.files[0].findings] == ["redacted"]
    assert review.files[0].copy == copy and review.ready


def test_a_copy_of_an_older_original_is_ignored(draft):
    redact_draft(answers_of(draft), draft)
    assert current_copy(draft, "evidence/名单.pdf") is not None
    make_pdf(draft / "evidence" / "名单.pdf", [[f"新版名单 联系电话 {MOBILE}"]])
    assert current_copy(draft, "evidence/名单.pdf") is None
    review = review_file(draft, "evidence/名单.pdf", cache=CheckCache())
    assert [(r.finding.kind, r.status) for r in review.findings] == [("mobile", "outstanding")]


def test_accepted_findings_stay_visible_in_the_copy(draft, tmp_path):
    (draft / "evidence" / "plan.txt").write_text(f"联系人 {MOBILE}\n身份证 {ID}\n", encoding="utf-8")
    answers = answers_of(draft)
    mobile = next(f for f in review_evidence(answers, draft, cache=CheckCache()).outstanding if f.kind == "mobile")
    working = working_from_answers(answers)
    accept_in_working(working, [mobile])
    answers = settle(working).answers
    redact_draft(answers, draft)
    copy = (draft / REDACTED_DIR / "evidence" / "plan.txt").read_text(encoding="utf-8")
    assert MOBILE in copy and ID not in copy
    statuses = {r.finding.kind: r.status for r in review_file(
        draft, "evidence/plan.txt", answers.desensitisation.accepted, cache=CheckCache()).findings}
    assert statuses == {"mobile": "accepted", "id_card": "redacted"}


def test_files_outside_the_draft_are_never_read_copied_or_bundled(draft, tmp_path):
    (tmp_path / "secret.txt").write_text(f"身份证 {ID}\n", encoding="utf-8")
    write_answers(draft, {"P10": {"met": True, "evidence": [{"title": "外部文件", "file": "../secret.txt"}]}})
    answers = answers_of(draft)
    assert stored_path(draft, "../secret.txt") is None
    review = review_evidence(answers, draft, cache=CheckCache())
    assert [(r.file, r.error) for r in review.files] == [("../secret.txt", NOT_IN_DRAFT)] and not review.ready
    report = redact_draft(answers, draft)
    assert report.copies == [] and [(p.item_id, p.message) for p in report.problems] == [("P10", NOT_IN_DRAFT)]
    assert not (draft / REDACTED_DIR).exists()
    with pytest.raises(BundleRefused) as refused:
        build_draft_bundle(answers, draft, soffice=None)
    assert [p.message for p in refused.value.problems] == [NOT_IN_DRAFT]


def test_the_bundle_is_refused_while_outstanding_and_built_after_redaction(draft):
    with pytest.raises(BundleRefused) as refused:
        build_draft_bundle(answers_of(draft), draft, soffice=None)
    assert any(MASKED["id_card"] in p.message for p in refused.value.problems)
    redact_draft(answers_of(draft), draft)
    built = build_draft_bundle(answers_of(draft), draft, soffice=None)
    assert built.data.startswith(b"%PDF-") and built.files == 3
    text = extract_text(io.BytesIO(built.data))
    assert ID not in text and MASKED["id_card"] in text and APPLICANT in text
    assert [u.file for u in built.unchecked] == ["evidence/photo.png"]
