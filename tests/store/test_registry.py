"""The park registry: members and their certifications, xlsx in and out, and the zone items it feeds."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from scoring.answers import parse_answers
from scoring.engine import score
from scoring.store import db, ranking, registry
from scoring.store.errors import DataInvalid, PermissionDenied
from scoring.store.models import ServiceOrganisation

from .test_ranking import _reviewed
from .world import full_answers, uscc

AS_OF = dt.date(2026, 11, 1)


def _populate(s, world):
    """Four member sites (proposed by the operator, confirmed by the bureau): three certified stations/points (one
    of them only in 2027) and one certified zone-level organisation; plus three service organisations of two
    types."""
    op, admin = world.operator, world.admin
    a = registry.add_member(s, op, world.park, "上海园甲科技有限公司", "point", uscc(301))
    b = registry.add_member(s, op, world.park, "上海园乙科技有限公司", "point", uscc(302))
    c = registry.add_member(s, op, world.park, "松江园区律师事务所", "station")
    d = registry.add_member(s, op, world.park, "上海园丁科技有限公司", "point", uscc(304))
    for row in registry.members(s, admin, world.park):
        if row.membership == "proposed":
            registry.confirm_member(s, admin, row.membership_id)
    registry.record_certification(s, admin, a.id, "district", "point", 2023, "松市监示范〔2023〕1号")
    registry.record_certification(s, admin, a.id, "municipal", "point", 2025)
    registry.record_certification(s, admin, b.id, "district", "point", 2024)
    registry.record_certification(s, admin, c.id, "district", "station", 2027)
    registry.record_certification(s, admin, world.park_org, "district", "zone", 2024)
    registry.add_service_organisation(s, op, world.park, "某律师事务所", "律师事务所")
    registry.add_service_organisation(s, op, world.park, "另一律师事务所", "律师事务所")
    registry.add_service_organisation(s, op, world.park, "某鉴定所", "司法鉴定机构")
    return a, b, c, d


def test_certified_sites_count_stations_and_points_certified_by_the_assessment_year(engine, world):
    with db.session_scope(engine) as s:
        _populate(s, world)
        progress = registry.zone_progress(s, world.operator, world.park, AS_OF)
        assert progress.certified_sites == ["上海园乙科技有限公司", "上海园甲科技有限公司"]
        assert (progress.minimum, progress.sites_rule_met) == (3, False)
        assert registry.certified_site_count(s, world.park, 2027) == 3
        assert (progress.service_types, progress.service_units, progress.service_points) == (2, 3, 7)


def test_z15_and_zb1_values_come_from_the_registry_into_the_zone_self_assessment(engine, world):
    with db.session_scope(engine) as s:
        _, _, c, _ = _populate(s, world)
        registry.record_certification(s, world.admin, c.id, "municipal", "station", 2026)
        values = registry.registry_answers(s, world.operator, world.park, AS_OF)
    assert values["Z15"]["value"] == 3 and (values["ZB1"]["types"], values["ZB1"]["units"]) == (2, 3)
    data = full_answers("zone", "松江云谷科技园")
    data["answers"]["Z15"] = {"value": 9, "evidence": [{"title": "园区自报名单", "date": "2026-06-01"}]}
    merged = registry.apply_registry(data, values)
    assert merged["answers"]["Z15"]["value"] == 3
    assert [e["title"] for e in merged["answers"]["Z15"]["evidence"]][0] == "园区自报名单"
    result = score(None, parse_answers(merged))
    assert (result.item("Z15").score, result.item("ZB1").score) == (10, 7)
    assert data["answers"]["Z15"]["value"] == 9  # the input is not changed


def test_the_registry_gives_one_certificate_per_certified_site_as_the_z15_evidence(engine, world):
    with db.session_scope(engine) as s:
        _, _, c, _ = _populate(s, world)
        registry.record_certification(s, world.admin, c.id, "municipal", "station", 2026)
        values = registry.registry_answers(s, world.operator, world.park, AS_OF)
    titles = [e["title"] for e in values["Z15"]["evidence"]]
    assert len(titles) == 3 and all("认定" in t for t in titles)
    assert any(t.startswith("上海园甲科技有限公司") for t in titles)
    data = full_answers("zone", "松江云谷科技园")
    data["answers"]["Z15"] = {"value": 3, "evidence": [{"title": "汇总名单", "date": "2026-06-01"}]}
    assert score(None, parse_answers(data)).item("Z15").score == 0  # one summary document proves one site
    merged = registry.apply_registry(data, values)
    assert score(None, parse_answers(merged)).item("Z15").score == 10


def test_registry_round_trips_through_xlsx(engine, world):
    with db.session_scope(engine) as s:
        a, _, _, d = _populate(s, world)
        first = registry.export_registry_xlsx(s, world.operator, world.park)
        registry.remove_member(s, world.operator, world.park, d.id)
        for service in registry.service_organisations(s, world.operator, world.park):
            s.delete(s.get(ServiceOrganisation, service.id))
    with db.session_scope(engine) as s:
        outcome = registry.import_registry_xlsx(s, world.admin, world.park, first)
        second = registry.export_registry_xlsx(s, world.operator, world.park)
    assert (outcome.members, outcome.services, outcome.certifications_added) == (6, 3, 0)  # 4 + 甲 + the park

    def cells(data: bytes) -> dict:
        book = load_workbook(io.BytesIO(data))
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}

    assert cells(second) == cells(first)
    sheet = cells(first)["成员单位"]
    assert sheet[0] == ["单位名称", "统一社会信用代码", "类别", "认定级别", "认定类型", "认定年度", "证书编号", "成员状态"]
    assert ["上海园甲科技有限公司", uscc(301), "示范点", "区级", "点", 2023, "松市监示范〔2023〕1号", "已确认"] in sheet
    assert ["上海园甲科技有限公司", uscc(301), "示范点", "市级", "点", 2025, None, "已确认"] in sheet
    assert ["上海园丁科技有限公司", uscc(304), "示范点", None, None, None, None, "已确认"] in sheet


def _workbook(members: list[list], services: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "成员单位"
    sheet.append(["单位名称", "统一社会信用代码", "类别", "认定级别", "认定类型", "认定年度", "证书编号", "成员状态"])
    for row in members:
        sheet.append(row)
    extra = book.create_sheet("服务机构")
    extra.append(["机构名称", "服务类型", "统一社会信用代码"])
    for row in services:
        extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_bad_rows_changes_nothing_and_names_each_row_and_column(engine, world):
    with db.session_scope(engine) as s:
        _populate(s, world)
    data = _workbook([["上海新成员有限公司", "", "示范点", "区级", "点", 2025],
                      ["上海坏行有限公司", "91310117MA1J3AB2CK", "企业", "省级", "点", 1999],
                      ["上海半行有限公司", "", "示范点", "区级", "", ""]],
                     [["某服务机构", "", ""]])
    with db.session_scope(engine) as s:
        with pytest.raises(DataInvalid) as err:
            registry.import_registry_xlsx(s, world.operator, world.park, data, file="名册.xlsx")
    where = [(p.item_id, p.field) for p in err.value.problems]
    assert ("成员单位第3行", "统一社会信用代码") in where and ("成员单位第3行", "类别") in where
    assert ("成员单位第3行", "认定级别") in where and ("成员单位第3行", "认定年度") in where
    assert ("成员单位第4行", "认定级别") in where and ("服务机构第2行", "服务类型") in where
    with db.session_scope(engine) as s:
        names = {m.organisation for m in registry.members(s, world.operator, world.park)}
        assert "上海新成员有限公司" not in names and len(registry.service_organisations(s, world.admin, world.park)) == 3


def test_a_file_that_is_not_a_workbook_or_lacks_a_sheet_is_refused(engine, world):
    with db.session_scope(engine) as s:
        with pytest.raises(DataInvalid, match="xlsx"):
            registry.import_registry_xlsx(s, world.operator, world.park, b"plain text")
        book = Workbook()
        buffer = io.BytesIO()
        book.save(buffer)
        with pytest.raises(DataInvalid) as err:
            registry.import_registry_xlsx(s, world.operator, world.park, buffer.getvalue())
        assert {p.field for p in err.value.problems} == {"成员单位", "服务机构"}


def test_park_operators_cannot_record_certifications_and_others_cannot_read_the_registry(engine, world):
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            registry.record_certification(s, world.operator, world.org_b, "district", "point", 2025)
        with pytest.raises(PermissionDenied):
            registry.record_certification(s, world.operator, world.org_a, "district", "point", 2025)
        with pytest.raises(PermissionDenied):
            registry.export_registry_xlsx(s, world.reviewer_b, world.park)
        assert registry.export_registry_xlsx(s, world.reviewer_a, world.park)  # the park's own office may read


def test_district_view_counts_certifications_per_park_and_year_against_the_2023_targets(engine, world):
    with db.session_scope(engine) as s:
        _populate(s, world)
        view = registry.district_view(s, world.admin)
    rows = {(r.park, r.year, r.level): (r.zones, r.stations_points) for r in view.by_park.itertuples()}
    assert rows[("松江云谷科技园", 2023, "district")] == (0, 1)
    assert rows[("松江云谷科技园", 2024, "district")] == (1, 1)
    targets = {(r.level, r.group): (r.target, r.achieved_by_target_year, r.achieved_total)
               for r in view.targets.itertuples()}
    assert targets[("district", "station_point")] == (40, 1, 3)
    assert targets[("district", "zone")] == (2, 0, 1)
    assert targets[("municipal", "station_point")] == (6, 0, 1)


def test_selected_submissions_are_awarded_district_certifications(engine, world):
    with db.session_scope(engine) as s:
        sub = _reviewed(s, world, "上海入选有限公司", 9, {})
        ranking.select_submissions(s, world.admin, 2026, [sub.id])
        certs = registry.award_certifications(s, world.admin, 2026)
        assert [(c.organisation_id, c.level, c.kind, c.year, c.submission_id) for c in certs] == [
            (sub.organisation_id, "district", "point", 2026, sub.id)]
