"""The park registry is under the bureau's control: a park operator only proposes members; the bureau or the
member itself confirms; only the bureau records certifications; Z15 and 全区进度 count only the bureau's
certifications of confirmed members; every step is in the audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from scoring.store import auth, db, directory, registry
from scoring.store.actors import SYSTEM
from scoring.store.errors import DataInvalid, PermissionDenied
from scoring.store.models import AuditEntry, Certification

from .test_registry import _workbook
from .world import PASSWORD, uscc

AS_OF = dt.date(2026, 11, 1)
OUTSIDER = "上海园外咨询有限公司"


def _actions(s) -> list[tuple[str, dict]]:
    rows = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    return [(r.action, json.loads(r.detail)) for r in rows]


def _targets(view) -> dict:
    return {(r.level, r.group): r.achieved_total for r in view.targets.itertuples()}


def test_an_operator_cannot_raise_z15_by_attaching_and_certifying_an_outside_firm(engine, world):
    with db.session_scope(engine) as s:
        org = registry.add_member(s, world.operator, world.park, OUTSIDER, "point", uscc(401))
        assert org.park_id is None  # a proposal, not a member
        with pytest.raises(PermissionDenied, match="区局"):
            registry.record_certification(s, world.operator, org.id, "municipal", "point", 2025)
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_count == 0
        [row] = [r for r in registry.members(s, world.operator, world.park) if r.organisation == OUTSIDER]
        assert row.membership == "proposed"
        with pytest.raises(PermissionDenied, match="区局管理员或该单位本身"):
            registry.confirm_member(s, world.operator, row.membership_id)
    with db.session_scope(engine) as s:
        assert s.execute(select(Certification)).first() is None


def test_a_bureau_certification_of_a_proposed_member_counts_only_once_the_membership_is_confirmed(engine, world):
    with db.session_scope(engine) as s:
        org = registry.add_member(s, world.operator, world.park, OUTSIDER, "point", uscc(401))
        registry.record_certification(s, world.admin, org.id, "municipal", "point", 2025, "沪市监〔2025〕8号")
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_count == 0
        parks = {r.park for r in registry.district_view(s, world.admin).by_park.itertuples()}
        assert parks == {"—"}  # counted for the district, not for the park
        membership = next(r.membership_id for r in registry.members(s, world.admin, world.park)
                          if r.organisation == OUTSIDER)
        registry.confirm_member(s, world.admin, membership)
        progress = registry.zone_progress(s, world.operator, world.park, AS_OF)
        assert progress.certified_sites == [OUTSIDER]
        assert registry.registry_answers(s, world.operator, world.park, AS_OF)["Z15"]["value"] == 1
        assert {r.park for r in registry.district_view(s, world.admin).by_park.itertuples()} == {"松江云谷科技园"}
        actions = _actions(s)
    names = [a for a, _ in actions]
    assert names.index("member_proposed") < names.index("certification_recorded") < names.index("member_confirmed")
    recorded = dict(actions)["certification_recorded"]
    assert (recorded["level"], recorded["year"], recorded["certificate_number"]) == ("municipal", 2025,
                                                                                     "沪市监〔2025〕8号")


def test_the_member_organisation_itself_confirms_and_others_cannot(engine, world):
    with db.session_scope(engine) as s:
        org = directory.create_organisation(s, SYSTEM, OUTSIDER, "point", uscc=uscc(401), office_id=world.office_a)
        own = auth.actor_of(auth.create_user(s, SYSTEM, "outsider", "园外用户", PASSWORD, "applicant",
                                             organisation_id=org.id))
        registry.add_member(s, world.operator, world.park, OUTSIDER, "point", uscc(401))
        [proposal] = registry.proposals_for_my_organisation(s, own)
        assert (proposal.park, proposal.organisation) == ("松江云谷科技园", OUTSIDER)
        assert registry.proposals_for_my_organisation(s, world.applicant_a) == []
        with pytest.raises(PermissionDenied):
            registry.confirm_member(s, world.applicant_a, proposal.membership_id)
        with pytest.raises(PermissionDenied):
            registry.reject_member(s, own, proposal.membership_id)
        registry.confirm_member(s, own, proposal.membership_id)
        assert org.park_id == world.park
        assert registry.proposals_for_my_organisation(s, own) == []
        assert ("member_confirmed", own.user_id) in [(e.action, e.actor_id) for e in
                                                      s.execute(select(AuditEntry)).scalars()]


def test_the_bureau_rejects_a_proposal_and_it_never_counts(engine, world):
    with db.session_scope(engine) as s:
        org = registry.add_member(s, world.operator, world.park, OUTSIDER, "point", uscc(401))
        registry.record_certification(s, world.admin, org.id, "district", "point", 2025)
        membership = next(r.membership_id for r in registry.members(s, world.admin, world.park)
                          if r.organisation == OUTSIDER)
        with pytest.raises(PermissionDenied):
            registry.reject_member(s, world.operator, membership)
        registry.reject_member(s, world.admin, membership)
        [row] = [r for r in registry.members(s, world.operator, world.park) if r.organisation == OUTSIDER]
        assert row.membership == "rejected" and org.park_id is None
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_count == 0
        with pytest.raises(registry.RegistryInvalid, match="已驳回"):
            registry.reject_member(s, world.admin, membership)
        assert "member_rejected" in [a for a, _ in _actions(s)]


def test_operators_cannot_edit_or_delete_certifications_and_the_bureau_can(engine, world):
    with db.session_scope(engine) as s:
        cert = registry.record_certification(s, world.admin, world.org_a, "district", "point", 2024)
        for attempt in (lambda: registry.update_certification(s, world.operator, cert.id, level="municipal",
                                                              kind="point", year=2024, certificate_number="X"),
                        lambda: registry.delete_certification(s, world.operator, cert.id)):
            with pytest.raises(PermissionDenied, match="区局管理员"):
                attempt()
        registry.update_certification(s, world.admin, cert.id, level="municipal", kind="point", year=2024,
                                      certificate_number="沪市监〔2024〕3号")
        assert (cert.level, cert.certificate_number) == ("municipal", "沪市监〔2024〕3号")
        registry.delete_certification(s, world.admin, cert.id)
        assert s.get(Certification, cert.id) is None
        actions = [a for a, _ in _actions(s)]
    assert "certification_updated" in actions and "certification_deleted" in actions


def test_certifications_a_park_operator_recorded_before_no_longer_count(engine, world):
    with db.session_scope(engine) as s:
        s.add(Certification(organisation_id=world.org_a, level="municipal", kind="point", year=2025,
                            recorded_by_id=world.operator.user_id))
        s.flush()
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_count == 0
        assert _targets(registry.district_view(s, world.admin))[("municipal", "station_point")] == 0
        registry.record_certification(s, world.admin, world.org_a, "district", "point", 2025)
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_sites == ["上海甲科技有限公司"]
        assert _targets(registry.district_view(s, world.admin))[("district", "station_point")] == 1


def test_an_operator_workbook_proposes_members_and_cannot_add_certifications(engine, world):
    data = _workbook([["上海新成员有限公司", uscc(402), "示范点", "", "", "", "", ""],
                      ["上海甲科技有限公司", uscc(1), "示范点", "市级", "点", 2025, "自拟编号", "已确认"]], [])
    with db.session_scope(engine) as s:
        with pytest.raises(DataInvalid) as err:
            registry.import_registry_xlsx(s, world.operator, world.park, data)
    assert [(p.item_id, p.field) for p in err.value.problems] == [("成员单位第3行", "认定级别")]
    assert "区局" in err.value.problems[0].message
    with db.session_scope(engine) as s:
        registry.record_certification(s, world.admin, world.org_a, "municipal", "point", 2025)
    with db.session_scope(engine) as s:  # repeating the bureau's own record is fine
        registry.import_registry_xlsx(s, world.operator, world.park, data)
        rows = {r.organisation: r.membership for r in registry.members(s, world.operator, world.park)}
        assert rows["上海新成员有限公司"] == "proposed" and rows["上海甲科技有限公司"] == "confirmed"
        assert registry.zone_progress(s, world.operator, world.park, AS_OF).certified_count == 1


def test_the_demo_registry_uses_confirmed_members_and_bureau_certifications_and_shows_z15_of_3(engine):
    from scoring.store import demo
    from scoring.store.models import Park, Submission, User

    with db.session_scope(engine) as s:
        demo.load_demo(s)
    with db.session_scope(engine) as s:
        admin = auth.actor_of(s.execute(select(User).where(User.username == "admin")).scalar_one())
        park = s.execute(select(Park)).scalar_one()
        rows = registry.members(s, admin, park.id)
        certified = [r for r in rows if r.certification_id is not None]
        assert len(certified) == 3 and all(r.bureau_recorded and r.certificate_number for r in certified)
        assert all(r.membership == "confirmed" for r in certified)
        assert [r.organisation for r in rows if r.membership == "proposed"] == [demo.ENTERPRISES[2][0]]
        certs = s.execute(select(Certification)).scalars().all()
        assert {c.recorded_by_id for c in certs} == {admin.user_id}
        assert registry.zone_progress(s, admin, park.id, AS_OF).certified_count >= 3
        zone = s.execute(select(Submission).where(Submission.rubric == "zone")).scalar_one()
        assert zone.answers["answers"]["Z15"]["value"] >= 3
