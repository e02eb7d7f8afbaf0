"""Spreadsheet formula injection: names, reasons and titles that start with = + - @ come back from every export as
literal text (string cells), and numbers stay numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from scoring.cells import csv_text, safe_row
from scoring.store import auth, db, directory, exports, ranking, registry, review, submissions, workflow
from scoring.store.actors import SYSTEM

from ..cli_runner import invoke
from .world import PASSWORD, full_answers, uscc

LINK = '=HYPERLINK("http://evil.example/x","点此")'
HOSTILE = (LINK, "+1+2", "-3+4", "@SUM(A1:A2)")


def _cells(data: bytes) -> dict[str, list]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [c for row in ws.iter_rows() for c in row] for ws in book.worksheets}


def _assert_text(cells: list, *values: str) -> None:
    found = {c.value: c for c in cells if c.value in values}
    assert set(found) == set(values)
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix, cell.value


def test_safe_row_keeps_numbers_and_marks_formula_like_text_as_text():
    book = Workbook()
    sheet = book.active
    sheet.append(safe_row(sheet, [LINK, "-5", -5, 2.5, "普通文字", "\tx", "\r=1"]))
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        (LINK, "s"), ("-5", "s"), (-5, "n"), (2.5, "n"), ("普通文字", "s"), ("\tx", "s"), ("\r=1", "s")]
    assert [c.quotePrefix for c in row] == [True, True, False, False, False, True, True]
    assert [csv_text(v) for v in (LINK, "-5", -5, "ok")] == ["'" + LINK, "'-5", -5, "ok"]


def _hostile_submission(s, world, serial: int, name: str, reason: str, title: str):
    org = directory.create_organisation(s, SYSTEM, name, "point", uscc=uscc(500 + serial), office_id=world.office_a)
    user = auth.actor_of(auth.create_user(s, SYSTEM, f"evil{serial}", "申报人", PASSWORD, "applicant",
                                          organisation_id=org.id))
    data = full_answers("point", name, uscc(500 + serial))
    data["answers"]["P01"]["evidence"] = [{"title": title, "date": "2026-06-01"}]
    sub = submissions.create_submission(s, user, org.id, 2026, data)
    workflow.transition(s, user, sub.id, "submit")
    version = review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score="2.5",
                                     reason=reason, expected_version=sub.version).version
    review.confirm_remaining(s, world.reviewer_a, sub.id, expected_version=version)
    workflow.transition(s, world.reviewer_a, sub.id, "complete_review")
    return sub


def test_submissions_export_writes_names_reasons_and_titles_as_text(engine, world):
    with db.session_scope(engine) as s:
        _hostile_submission(s, world, 1, LINK, "+核减：记录不全", "@证明材料")
        _hostile_submission(s, world, 2, "-上海减号有限公司", "-仅一个季度", "=1+1")
        data = exports.submissions_xlsx(s, world.admin)
    cells = _cells(data)
    _assert_text(cells["申报列表"], LINK, "-上海减号有限公司")
    _assert_text(cells["逐项复核明细"], LINK, "+核减：记录不全", "@证明材料", "-上海减号有限公司", "-仅一个季度",
                 "=1+1")
    totals = [c for c in cells["申报列表"] if c.row == 2 and isinstance(c.value, (int, float))]
    assert totals and all(c.data_type == "n" for c in totals)


def test_selected_list_export_writes_names_as_text(engine, world):
    with db.session_scope(engine) as s:
        sub = _hostile_submission(s, world, 3, LINK, "核减", "材料")
        ranking.select_submissions(s, world.admin, 2026, [sub.id])
        data = exports.selected_xlsx(s, world.admin, 2026)
    _assert_text(_cells(data)["入选名单"], LINK)


def test_registry_export_writes_member_and_service_names_as_text_and_imports_them_back(engine, world):
    with db.session_scope(engine) as s:
        registry.add_member(s, world.admin, world.park, LINK, "point")
        registry.add_service_organisation(s, world.operator, world.park, "@某律师事务所", "-律师事务所")
        data = registry.export_registry_xlsx(s, world.operator, world.park)
    cells = _cells(data)
    _assert_text(cells["成员单位"], LINK)
    _assert_text(cells["服务机构"], "@某律师事务所", "-律师事务所")
    with db.session_scope(engine) as s:
        registry.import_registry_xlsx(s, world.admin, world.park, data)
        names = {m.organisation for m in registry.members(s, world.admin, world.park)}
        services = {(x.name, x.service_type) for x in registry.service_organisations(s, world.admin, world.park)}
    assert LINK in names and ("@某律师事务所", "-律师事务所") in services


def test_score_csv_quotes_formula_like_names(tmp_path):
    
    import yaml


    rows = []
    for number, name in enumerate(HOSTILE):
        data = {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": name},
                "answers": {"P01": {"met": True, "evidence": [{"title": "通知"}]}}}
        path = tmp_path / f"a{number}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        rows.append(str(path))
    result = invoke(["score", *rows, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["applicant"] for r in parsed) == sorted("'" + n for n in HOSTILE)
    assert {r["total"] for r in parsed} == {"3"}
