"""The cultivation list per office (plan section 五(一)), who has not filed, last year's creators as 重点培育对象
(section 六(四)), and its xlsx import/export, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from scoring.store import cultivation, db, directory, registry
from scoring.store.errors import DataInvalid, PermissionDenied
from scoring.store.models import Organisation

from .world import ROUND, submitted, uscc


def test_an_office_lists_its_organisations_and_sees_who_has_not_filed(engine, world):
    with db.session_scope(engine) as s:
        cultivation.save_entry(s, world.reviewer_a, ROUND, world.org_a, contact="张联络", phone="13800000001")
        cultivation.save_entry(s, world.reviewer_a, ROUND, world.park_org, status="creating")
        cultivation.save_entry(s, world.reviewer_b, ROUND, world.org_b)
        with pytest.raises(PermissionDenied):
            cultivation.save_entry(s, world.reviewer_a, ROUND, world.org_b)
        with pytest.raises(PermissionDenied):
            cultivation.save_entry(s, world.applicant_a, ROUND, world.org_a)
        submitted(s, world)
    with db.session_scope(engine) as s:
        mine = cultivation.cultivation_list(s, world.reviewer_a, ROUND)
        assert [(r.organisation, r.contact, r.filed) for r in mine] == [
            ("上海甲科技有限公司", "张联络", True), ("松江云谷科技园", None, False)]
        assert [r.organisation for r in cultivation.not_filed(s, world.reviewer_a, ROUND)] == ["松江云谷科技园"]
        assert len(cultivation.cultivation_list(s, world.admin, ROUND)) == 3


def test_last_years_certified_creators_are_proposed_as_key_targets(engine, world):
    with db.session_scope(engine) as s:
        registry.record_certification(s, world.admin, world.org_a, "district", "point", ROUND - 1)
        registry.record_certification(s, world.admin, world.org_b, "municipal", "point", ROUND - 1)
        cultivation.save_entry(s, world.reviewer_a, ROUND, world.org_a, contact="张联络")
        assert cultivation.propose_key_targets(s, world.reviewer_a, ROUND) == ["上海甲科技有限公司"]
    with db.session_scope(engine) as s:
        (row,) = cultivation.cultivation_list(s, world.reviewer_a, ROUND)
        assert row.key_target and row.contact == "张联络"
        assert cultivation.key_target_candidates(s, world.reviewer_b, ROUND) == []


def _book(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "统一社会信用代码", "类别", "市场监管所", "联系人", "联系电话", "状态", "重点培育对象",
                  "备注"])
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text by the office, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_registers_new_organisations_and_export_round_trips_with_formula_text_kept_as_text(engine, world):
    data = _book([["上海甲科技有限公司", uscc(1), "示范点", "新桥市场监管所", "张联络", "13800000001", "培育中", "否", ""],
                  ["=上海新丙公司", uscc(50), "示范点", "新桥市场监管所", "@李", "", "创建中", "是", "-重点"]])
    with db.session_scope(engine) as s:
        assert cultivation.import_cultivation(s, world.reviewer_a, ROUND, data, "名单.xlsx") == 2
    with db.session_scope(engine) as s:
        rows = cultivation.cultivation_list(s, world.reviewer_a, ROUND)
        assert [(r.organisation, r.status, r.key_target) for r in rows] == [
            ("=上海新丙公司", "creating", True), ("上海甲科技有限公司", "cultivating", False)]
        exported = cultivation.cultivation_xlsx(s, world.reviewer_a, ROUND)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet["A2"].value == "=上海新丙公司" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert (sheet["E2"].value, sheet["I2"].value) == ("@李", "-重点") and sheet["E2"].data_type == sheet["I2"].data_type == "s"
    with db.session_scope(engine) as s:  # importing the export changes nothing
        cultivation.import_cultivation(s, world.reviewer_a, ROUND, exported, "导出.xlsx")
        again = cultivation.cultivation_list(s, world.reviewer_a, ROUND)
        assert [(r.organisation, r.contact, r.note) for r in again] == [
            ("=上海新丙公司", "@李", "-重点"), ("上海甲科技有限公司", "张联络", None)]


def test_a_bad_row_names_file_row_and_column_and_nothing_is_imported(engine, world):
    data = _book([["上海新丁公司", "", "示范点", "新桥市场监管所", "", "", "培育中", "否", ""],
                  ["上海新戊公司", "", "企业", "新桥市场监管所", "", "", "培育中", "也许", ""],
                  ["上海乙科技有限公司", uscc(2), "示范点", "九亭市场监管所", "", "", "", "", ""]])
    with db.session_scope(engine) as s, pytest.raises(DataInvalid) as caught:
        cultivation.import_cultivation(s, world.reviewer_a, ROUND, data, "/tmp/名单.xlsx")
    where = {(p.file, p.item_id, p.field) for p in caught.value.problems}
    assert where == {("名单.xlsx", "第3行", "类别"), ("名单.xlsx", "第3行", "重点培育对象"),
                     ("名单.xlsx", "第4行", "市场监管所"), ("名单.xlsx", "第4行", "单位名称")}
    with db.session_scope(engine) as s:
        assert cultivation.cultivation_list(s, world.admin, ROUND) == []
        assert directory.find_organisation(s, name="上海新丁公司") is None


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(engine, world):
    with db.session_scope(engine) as s, pytest.raises(DataInvalid) as caught:
        cultivation.import_cultivation(s, world.admin, ROUND, b"not a workbook", "名单.xlsx")
    assert "不是有效的 xlsx 文件" in caught.value.problems[0].message
