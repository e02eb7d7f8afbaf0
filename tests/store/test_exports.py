"""Exports carry everything: totals, every decision with its reason and reviewer, and the evidence titles."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from scoring.store import db, exports, ranking, review
from scoring.store.errors import PermissionDenied

from ..cli_runner import invoke
from .conftest import url_of
from .test_ranking import _reviewed
from .world import PASSWORD, submitted


def _sheets(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_submissions_export_has_totals_decisions_reasons_and_evidence_titles(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score="2.5",
                               reason="监督记录只覆盖一个季度", expected_version=sub.version)
        data = exports.submissions_xlsx(s, world.reviewer_a)
    sheets = _sheets(data)
    header, row = sheets["申报列表"][0], sheets["申报列表"][1]
    values = dict(zip(header, row))
    assert (values["申报单位"], values["状态"], values["类别"]) == ("上海甲科技有限公司", "已提交", "示范点")
    assert values["自评核验分"] - values["复核得分"] == 2.5
    items = [dict(zip(sheets["逐项复核明细"][0], r)) for r in sheets["逐项复核明细"][1:]]
    p13 = next(i for i in items if i["条目编号"] == "P13")
    assert (p13["自评核验分"], p13["复核得分"], p13["复核结论"], p13["复核理由"], p13["复核人"]) == (
        5, 2.5, "调整", "监督记录只覆盖一个季度", "reviewer_a用户")
    assert p13["证明材料"].endswith("证明材料") and "达标" in p13["评分说明"]
    assert len(items) == 50


def test_a_reviewer_exports_only_its_own_office_and_applicants_cannot_export(engine, world):
    with db.session_scope(engine) as s:
        submitted(s, world)
        assert len(_sheets(exports.submissions_xlsx(s, world.reviewer_b))["申报列表"]) == 1  # header only
        with pytest.raises(PermissionDenied):
            exports.submissions_xlsx(s, world.applicant_a)


def test_selected_list_exports_rank_names_and_warnings_as_xlsx_and_docx(engine, world):
    with db.session_scope(engine) as s:
        first = _reviewed(s, world, "上海入选甲有限公司", 1, {})
        second = _reviewed(s, world, "上海入选乙有限公司", 2, {"P01": 0})
        ranking.select_submissions(s, world.admin, 2026, [first.id, second.id])
        xlsx = exports.selected_xlsx(s, world.admin, 2026)
        docx = exports.selected_docx(s, world.admin, 2026)
        with pytest.raises(PermissionDenied):
            exports.selected_xlsx(s, world.reviewer_a, 2026)
    sheets = _sheets(xlsx)
    rows = [r for r in sheets["入选名单"] if r and r[0] in (1, 2)]
    assert [(r[0], r[1]) for r in rows] == [(1, "上海入选甲有限公司"), (2, "上海入选乙有限公司")]
    assert any("少于本轮原则上的下限 10 个" in r[0] for r in sheets["提示"])
    document = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2026 年度" in text and "上海入选乙有限公司" in cells and "少于本轮原则上的下限 10 个" in text


def test_cli_creates_the_first_admin_and_exports(engine, world, tmp_path, monkeypatch):
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    made = invoke(["admin", "create-user", "chief", "--role", "admin", "--name", "区局局长",
                               "--password-stdin"], input=PASSWORD + "\n")
    assert made.exit_code == 0, made.stderr
    with db.session_scope(engine) as s:
        from scoring.store import auth

        assert auth.login(s, "chief", PASSWORD).role == "admin"
    wrong = invoke(["admin", "create-user", "r2", "--role", "reviewer", "--name", "某人",
                                "--password-stdin"], input=PASSWORD + "\n")
    assert wrong.exit_code == 2 and "市场监管所" in wrong.stderr and "Traceback" not in wrong.stderr
    with db.session_scope(engine) as s:
        submitted(s, world)
    out = tmp_path / "导出" / "申报列表.xlsx"
    exported = invoke(["export", "submissions", str(out)])
    assert exported.exit_code == 0, exported.stderr
    assert _sheets(out.read_bytes())["申报列表"][1][1] == "上海甲科技有限公司"
    line = invoke(["settings", "set", "pass_line.point", "85.5"])
    assert line.exit_code == 0 and "85.5" in line.stdout
    assert invoke(["settings", "set", "quota.point", "5,20"]).exit_code == 0
    shown = invoke(["settings", "show"])
    assert "pass_line.point = 85.5" in shown.stdout and "quota.point = [5, 20]" in shown.stdout
    bad = invoke(["settings", "set", "pass_line.point", "abc"])
    assert bad.exit_code == 2 and "pass_line.point" in bad.stderr
