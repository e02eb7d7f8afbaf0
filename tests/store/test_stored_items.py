"""Per-item scores are stored with the submission (``submission_items``), so the submissions export reads rows
instead of scoring again, and what it reads is exactly what a fresh re-score of the answers gives."""

from __future__ import annotations

import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select

import scoring.engine
from scoring.engine import score
from scoring.store import db, exports, importer, jobs, review, scores, submissions, workflow
from scoring.store import messages as msg
from scoring.store.models import Submission, SubmissionItem

from .world import ROUND, full_answers, uscc

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def _sheets(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _without_files(data: dict) -> dict:
    for entry in data.get("evidence_library", {}).values():
        entry.pop("file", None)
    for answer in data["answers"].values():
        for entry in answer.get("evidence", []):
            entry.pop("file", None)
    return data


def _variant(category: str, serial: int, rng: random.Random) -> dict:
    """The category's example with another applicant, some items dropped to not met, evidence removed or dated
    after the assessment, and one evidence title that a spreadsheet would take for a formula."""
    data = _without_files(yaml.safe_load((EXAMPLES / f"{category}.yaml").read_text(encoding="utf-8")))
    prefix = {"point": "91310117MA1", "station": "51310117MJ4", "zone": "91310117MA2"}[category]
    data["applicant"] = {**data["applicant"], "name": f"上海逐项样本{category}{serial}有限公司",
                         "uscc": uscc(400 + serial, prefix)}
    for item_id in list(data["answers"]):
        answer, roll = data["answers"][item_id], rng.random()
        if roll < 0.1:
            data["answers"][item_id] = {"met": False} if "met" in answer else answer
        elif roll < 0.2:
            answer.pop("evidence", None)
        elif roll < 0.3 and answer.get("evidence") and "title" in answer["evidence"][0]:
            answer["evidence"][0]["date"] = "2026-12-15"
    first = next(a for a in data["answers"].values() if a.get("evidence") and "title" in a["evidence"][0])
    first["evidence"] = [{"title": "=HYPERLINK(\"http://x\")", "date": "2026-05-01"}]
    return data


def _batch(folder: Path) -> Path:
    rng = random.Random(20261202)
    for serial in range(9):
        category = ("point", "station", "zone")[serial % 3]
        text = yaml.safe_dump(_variant(category, serial, rng), allow_unicode=True, sort_keys=False)
        (folder / f"{serial}.yaml").write_text(text, encoding="utf-8")
    return folder


def _reviewed_district(s, world, tmp_path: Path) -> list[int]:
    """Nine imported submissions of the three categories with overrides and confirmations, plus applicant A's
    submission created, edited and submitted through the app's path. Returns every submission ID."""
    folder = tmp_path / "batch"
    folder.mkdir()
    report = importer.import_batch(s, world.reviewer_a, importer.open_source(_batch(folder)), world.office_a)
    assert report.written, report.lines()
    ids = [f.submission_id for f in report.files]
    for index, sub_id in enumerate(ids):
        sub = s.get(Submission, sub_id)
        first, second, last = sub.items[0], sub.items[1], sub.items[-1]
        review.set_item_review(s, world.reviewer_a, sub_id, first.item_id, decision="override", score="0",
                               reason="现场未见原件", expected_version=sub.version)
        review.set_item_review(s, world.reviewer_a, sub_id, second.item_id, decision="confirm",
                               expected_version=sub.version)
        if index % 2:
            review.set_item_review(s, world.reviewer_a, sub_id, last.item_id, decision="override",
                                   score=str(last.max), reason="=补充材料已核实", expected_version=sub.version)
    own = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                        full_answers("point", "上海甲科技有限公司", uscc(1)))
    edited = full_answers("point", "上海甲科技有限公司", uscc(1), partial={"P05": 1.5})
    del edited["answers"]["P13"]["evidence"]
    submissions.save_answers(s, world.applicant_a, own.id, edited, own.version)
    workflow.transition(s, world.applicant_a, own.id, "submit")
    review.set_item_review(s, world.reviewer_a, own.id, "P05", decision="override", score="0.5",
                           reason="只有一半岗位签署", expected_version=own.version)
    return [*ids, own.id]


def _rescored_rows(s, sub_id: int) -> list[list]:
    """What the engine says of the submission now, as 逐项复核明细 rows: its stored answers parsed and scored
    again, the reviewer's overrides applied."""
    sub = s.get(Submission, sub_id)
    answers = scores.stored_answers(sub)
    own = score(None, answers)
    overrides, reasons = scores.overrides_of(sub)
    final = scores.apply_overrides(own, overrides, reasons)
    reviews = {r.item_id: r for r in sub.reviews}
    rows = []
    for item, after in zip(own.items, final.items):
        given, decided = answers.answers.get(item.id), reviews.get(item.id)
        rows.append([sub.id, sub.organisation.name, msg.CATEGORY_NAMES[sub.rubric], item.id, item.indicator,
                     item.title, _number(item.max), _number(item.claimed), _number(item.score),
                     _number(after.score) if decided else None,
                     msg.DECISION_LABELS[decided.decision] if decided else "",
                     (decided.reason or "") if decided else "",
                     decided.reviewer.display_name if decided and decided.reviewer else "",
                     "".join(item.messages), "；".join(e.title for e in given.evidence) if given else ""])
    return [[None if v == "" else v for v in row] for row in rows]  # an empty string reads back as an empty cell


def _refuse(*args, **kwargs):
    raise AssertionError("the export parsed or scored the answers again")


def test_the_item_sheet_equals_a_fresh_rescore_of_every_submission(engine, world, tmp_path):
    with db.session_scope(engine) as s:
        ids = _reviewed_district(s, world, tmp_path)
    with db.session_scope(engine) as s:
        sheets = _sheets(exports.submissions_xlsx(s, world.admin))
        expected = [row for sub_id in sorted(ids) for row in _rescored_rows(s, sub_id)]
    assert sheets["逐项复核明细"][0] == list(msg.ITEM_EXPORT_HEADERS)
    assert sheets["逐项复核明细"][1:] == expected
    assert len(expected) == 3 * 50 + 3 * 34 + 3 * 22 + 50
    assert [r[0] for r in sheets["申报列表"][1:]] == sorted(ids)
    assert {r[9] for r in expected if r[10] == "调整"} >= {0, 0.5}  # overrides are in the comparison
    assert any(r[14] == '=HYPERLINK("http://x")' for r in expected) and any(r[11] == "=补充材料已核实" for r in expected)


def test_the_export_does_not_parse_or_score_answers(engine, world, tmp_path, monkeypatch):
    with db.session_scope(engine) as s:
        ids = _reviewed_district(s, world, tmp_path)
        expected = [row for sub_id in sorted(ids) for row in _rescored_rows(s, sub_id)]

    monkeypatch.setattr(scoring.engine, "score", _refuse)
    monkeypatch.setattr(scores, "score", _refuse)
    monkeypatch.setattr(scores, "parse_answers", _refuse)
    monkeypatch.setattr(exports, "score", _refuse, raising=False)
    with db.session_scope(engine) as s:
        items = _sheets(exports.submissions_xlsx(s, world.reviewer_a, round_=ROUND))["逐项复核明细"]
    assert items[1:] == expected


def test_the_export_job_reads_the_stored_items_too(engine, world, tmp_path, monkeypatch):
    with db.session_scope(engine) as s:
        ids = _reviewed_district(s, world, tmp_path)
        expected = [row for sub_id in sorted(ids) for row in _rescored_rows(s, sub_id)]
        job_id = jobs.enqueue(s, world.reviewer_a, "export_submissions", round_=ROUND)
    monkeypatch.setattr(scores, "parse_answers", _refuse)
    monkeypatch.setattr(exports, "score", _refuse, raising=False)
    assert jobs.run_one(engine, "w1") == job_id
    with db.session_scope(engine) as s:
        name, data = jobs.job_result(s, world.reviewer_a, job_id)
    assert name == f"申报列表-{ROUND}.xlsx" and _sheets(data)["逐项复核明细"][1:] == expected


def test_editing_answers_rewrites_the_stored_items_and_reviews_leave_them_alone(engine, world):
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                            full_answers("point", "上海甲科技有限公司", uscc(1)))
        sub_id = sub.id
        before = s.execute(select(SubmissionItem.item_id, SubmissionItem.score)
                           .where(SubmissionItem.submission_id == sub_id, SubmissionItem.item_id == "P13")).one()
        edited = full_answers("point", "上海甲科技有限公司", uscc(1))
        del edited["answers"]["P13"]["evidence"]
        submissions.save_answers(s, world.applicant_a, sub_id, edited, sub.version)
    with db.session_scope(engine) as s:
        p13 = s.execute(select(SubmissionItem).where(SubmissionItem.submission_id == sub_id,
                                                     SubmissionItem.item_id == "P13")).scalar_one()
        assert (before.score, p13.score, p13.claimed, p13.status, p13.evidence) == (5, 0, 5, "missing_evidence", "")
        count = len(s.get(Submission, sub_id).items)
        workflow.transition(s, world.applicant_a, sub_id, "submit")
        sub = s.get(Submission, sub_id)
        review.set_item_review(s, world.reviewer_a, sub_id, "P01", decision="override", score="0", reason="无",
                               expected_version=sub.version)
    with db.session_scope(engine) as s:
        p01 = s.execute(select(SubmissionItem).where(SubmissionItem.submission_id == sub_id,
                                                     SubmissionItem.item_id == "P01")).scalar_one()
        assert (count, p01.score, p01.status) == (50, Decimal(p01.max), "met")


def test_stored_items_are_in_the_engines_rubric_order(engine, world):
    data = full_answers("point", "上海甲科技有限公司", uscc(1), missing=("P02",))
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND, data)
        stored = [(i.position, i.item_id, i.score, i.status) for i in sub.items]
        result = score(None, scores.stored_answers(sub))
    assert stored == [(k, i.id, i.score, i.status) for k, i in enumerate(result.items)]
    assert ("P02", "unanswered") in {(i[1], i[3]) for i in stored}
