"""The park registry: member sites with their certifications, and the park's service organisations.

It feeds the park's own zone self-assessment (the certified-sites item, "at least 3 certified member
stations/points", and the service-organisations bonus item; see ``plan.py``), imports and exports as xlsx, and
gives the bureau a district view of certified sites per park and year against the plan's 2023 targets.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook, load_workbook
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..answers import EvidenceEntry, ItemAnswer
from ..cells import append_safe
from ..engine import score_item
from ..problems import Problem
from ..uscc import uscc_problem
from . import audit
from . import messages as msg
from .access import fresh, park_for, require_role, scope_parks
from .actors import Actor
from .directory import check_organisation_fields, find_organisation
from .errors import DataInvalid, PermissionDenied, StoreError
from .models import (
    CATEGORIES, LEVELS, Certification, Organisation, Park, ParkMembership, ServiceOrganisation, Submission, User,
    utcnow,
)
from .plan import SITE_KINDS, TARGET_YEAR, TARGETS, fed_item_names, fed_items  # noqa: F401  (fed_item_names for pages)

CATEGORY_BY_LABEL = {label: key for key, label in msg.CATEGORY_NAMES.items()}
LEVEL_BY_LABEL = {label: key for key, label in msg.LEVEL_LABELS.items()}
KIND_BY_LABEL = {label: key for key, label in msg.KIND_LABELS.items()}


class RegistryInvalid(StoreError):
    """A registry change cannot be made as asked."""


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class CertificationRow:
    """One row of the member list: a member (or proposed member) with one of its certifications (or none).
    ``membership`` is confirmed, proposed or rejected; ``bureau_recorded`` says whether the certification counts
    (only the bureau's records do)."""

    organisation_id: int
    organisation: str
    uscc: str | None
    category: str
    level: str | None
    kind: str | None
    year: int | None
    membership: str = "confirmed"
    membership_id: int | None = None
    certification_id: int | None = None
    certificate_number: str | None = None
    bureau_recorded: bool | None = None


def members(session: Session, actor: Actor, park_id: int) -> list[CertificationRow]:
    """Member sites of the park (confirmed ones, then pending and rejected proposals), one row per certification
    (a site without one gets a row with None)."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id)
    return _member_rows(session, park)


def _member_rows(session: Session, park: Park) -> list[CertificationRow]:
    stmt = select(Organisation).where(Organisation.park_id == park.id).order_by(Organisation.name, Organisation.id)
    listed: list[tuple[Organisation, str, int | None]] = []
    memberships = {m.organisation_id: m for m in _memberships(session, park.id)}
    for org in session.execute(stmt).scalars():
        membership = memberships.pop(org.id, None)
        listed.append((org, "confirmed", membership.id if membership else None))
    pending = sorted(memberships.values(), key=lambda m: (m.status != "proposed", m.organisation.name, m.id))
    listed.extend((m.organisation, m.status, m.id) for m in pending)
    rows = []
    for org, status, membership_id in listed:
        base = dict(organisation_id=org.id, organisation=org.name, uscc=org.uscc, category=org.category,
                    membership=status, membership_id=membership_id)
        certs = sorted(org.certifications, key=lambda c: (c.year, c.level, c.kind))
        if not certs:
            rows.append(CertificationRow(level=None, kind=None, year=None, **base))
        rows.extend(CertificationRow(level=c.level, kind=c.kind, year=c.year, certification_id=c.id,
                                     certificate_number=c.certificate_number,
                                     bureau_recorded=_is_bureau_record(c), **base) for c in certs)
    return rows


def _memberships(session: Session, park_id: int) -> list[ParkMembership]:
    stmt = select(ParkMembership).where(ParkMembership.park_id == park_id).order_by(ParkMembership.id)
    return list(session.execute(stmt).scalars())


def _is_bureau_record(cert: Certification) -> bool:
    return cert.recorded_by_id is None or (cert.recorded_by is not None and cert.recorded_by.role == "admin")


def _bureau_recorded():
    """SQL condition: the certification was recorded by the bureau (an admin account, or the server's command
    line). Records a park operator made before the registry came under the bureau's control do not count."""
    by_admin = select(User.id).where(User.role == "admin")
    return or_(Certification.recorded_by_id.is_(None), Certification.recorded_by_id.in_(by_admin))


@dataclass(frozen=True)
class MembershipProposal:
    """A proposal that an organisation joins a park, as the organisation's own account sees it."""

    membership_id: int
    park: str
    organisation: str
    status: str
    proposed_at: dt.datetime


def proposals_for_my_organisation(session: Session, actor: Actor) -> list[MembershipProposal]:
    """Pending proposals naming the applicant's own organisation as a park member (for it to confirm)."""
    actor = fresh(session, actor)
    require_role(actor, "applicant")
    stmt = (select(ParkMembership).where(ParkMembership.organisation_id == actor.organisation_id,
                                         ParkMembership.status == "proposed").order_by(ParkMembership.id))
    return [MembershipProposal(m.id, m.park.name, m.organisation.name, m.status, m.proposed_at)
            for m in session.execute(stmt).scalars()]


@dataclass(frozen=True)
class ServiceRow:
    """A service organisation of a park as a page shows it."""

    id: int
    name: str
    service_type: str
    uscc: str | None


def service_organisations(session: Session, actor: Actor, park_id: int) -> list[ServiceRow]:
    """The park's service organisations (ZB1), by name, as plain rows."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id)
    return [ServiceRow(x.id, x.name, x.service_type, x.uscc) for x in _services(session, park)]


def park_names(session: Session, actor: Actor) -> dict[int, str]:
    """The parks the actor may see, by ID, sorted by name."""
    stmt = scope_parks(select(Park.id, Park.name), fresh(session, actor)).order_by(Park.name)
    return dict(session.execute(stmt).all())


def _services(session: Session, park: Park) -> list[ServiceOrganisation]:
    stmt = select(ServiceOrganisation).where(ServiceOrganisation.park_id == park.id).order_by(ServiceOrganisation.name)
    return list(session.execute(stmt).scalars())


# ---------------------------------------------------------------- membership


def add_member(session: Session, actor: Actor, park_id: int, name: str, category: str,
               uscc: str | None = None) -> Organisation:
    """Put a site on the park's member list. From the park's operator this is a proposal (it counts once the bureau
    or the organisation itself confirms); from the bureau it is confirmed at once. An existing organisation (same
    USCC, or same name) is named, a new one is created under the park's office."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id, write=True)
    org = _find_or_create(session, park, name, category, uscc)
    session.flush()
    if org.park_id != park.id:
        membership = _propose(session, actor, park, org)
        if actor.role == "admin":
            _decide(session, actor, membership, "confirmed")
    return org


def _find_or_create(session: Session, park: Park, name: str, category: str, uscc: str | None) -> Organisation:
    problems = check_organisation_fields(name, category, uscc)
    if problems:
        raise RegistryInvalid("；".join(problems))
    org = find_organisation(session, uscc=uscc, name=name)
    if org is None:
        org = Organisation(name=name.strip(), uscc=uscc.upper() if uscc else None, category=category,
                           office_id=park.office_id)
        session.add(org)
    elif org.park_id not in (None, park.id):
        raise RegistryInvalid(msg.REGISTRY_MEMBER_ELSEWHERE.format(organisation=org.name, park=org.park.name))
    return org


def _membership(session: Session, park_id: int, organisation_id: int) -> ParkMembership | None:
    stmt = select(ParkMembership).where(ParkMembership.park_id == park_id,
                                        ParkMembership.organisation_id == organisation_id)
    return session.execute(stmt).scalar_one_or_none()


def _propose(session: Session, actor: Actor, park: Park, org: Organisation) -> ParkMembership:
    """A pending membership (a rejected one is proposed again; a pending one is left as it is)."""
    membership = _membership(session, park.id, org.id)
    if membership is not None and membership.status == "proposed":
        return membership
    if membership is None:
        membership = ParkMembership(park_id=park.id, organisation_id=org.id)
        session.add(membership)
    membership.status, membership.proposed_by_id, membership.proposed_at = "proposed", actor.user_id, utcnow()
    membership.decided_by_id = membership.decided_at = None
    session.flush()
    audit.record(session, actor, "member_proposed", "park", park.id, organisation_id=org.id, name=org.name,
                 membership_id=membership.id)
    return membership


def _decide(session: Session, actor: Actor, membership: ParkMembership, status: str) -> None:
    org, park = membership.organisation, membership.park
    if status == "confirmed":
        if org.park_id not in (None, park.id):
            raise RegistryInvalid(msg.REGISTRY_MEMBER_ELSEWHERE.format(organisation=org.name, park=org.park.name))
        org.park_id = park.id
    membership.status, membership.decided_by_id, membership.decided_at = status, actor.user_id, utcnow()
    session.flush()
    action = "member_confirmed" if status == "confirmed" else "member_rejected"
    audit.record(session, actor, action, "park", park.id, organisation_id=org.id, name=org.name,
                 membership_id=membership.id)


def _pending(session: Session, membership_id: int) -> ParkMembership:
    membership = session.get(ParkMembership, membership_id) if isinstance(membership_id, int) else None
    if membership is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="成员提议", id=membership_id))
    return membership


def confirm_member(session: Session, actor: Actor, membership_id: int) -> None:
    """Confirm a proposed membership: the bureau, or an applicant account of the proposed organisation itself."""
    actor = fresh(session, actor)
    membership = _pending(session, membership_id)
    own = actor.role == "applicant" and actor.organisation_id == membership.organisation_id
    if actor.role != "admin" and not own:
        if actor.role == "park_operator" and actor.park_id == membership.park_id:
            raise PermissionDenied(msg.REGISTRY_CONFIRM_FORBIDDEN)
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="成员提议", id=membership_id))
    if membership.status != "proposed" and not (actor.role == "admin" and membership.status == "rejected"):
        raise RegistryInvalid(_decided(membership))
    _decide(session, actor, membership, "confirmed")


def reject_member(session: Session, actor: Actor, membership_id: int) -> None:
    """Reject a proposed membership (the bureau)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    membership = _pending(session, membership_id)
    if membership.status != "proposed":
        raise RegistryInvalid(_decided(membership))
    _decide(session, actor, membership, "rejected")


def _decided(membership: ParkMembership) -> str:
    return msg.REGISTRY_MEMBERSHIP_DECIDED.format(organisation=membership.organisation.name,
                                                  park=membership.park.name,
                                                  status=msg.MEMBERSHIP_LABELS[membership.status])


def remove_member(session: Session, actor: Actor, park_id: int, organisation_id: int) -> None:
    """Take a site off the park's member list, or withdraw a proposal (its certifications stay: they are the
    bureau's records)."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id, write=True)
    org = session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None
    membership = _membership(session, park.id, organisation_id) if org is not None else None
    if org is None or (org.park_id != park.id and membership is None):
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="成员单位", id=organisation_id))
    _remove(session, org, park, membership)
    audit.record(session, actor, "member_removed", "park", park.id, organisation_id=org.id, name=org.name)


def _remove(session: Session, org: Organisation, park: Park, membership: ParkMembership | None) -> None:
    if org.park_id == park.id:
        org.park_id = None
    if membership is not None:
        session.delete(membership)


# ---------------------------------------------------------------- certifications (the bureau's records)


def record_certification(session: Session, actor: Actor, organisation_id: int, level: str, kind: str, year: int,
                         certificate_number: str | None = None,
                         submission_id: int | None = None) -> Certification:
    """Record a certification (授牌): the bureau only, for any site."""
    actor = fresh(session, actor)
    _require_bureau(actor)
    org = session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None
    if org is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="单位", id=organisation_id))
    number = _certificate_number(certificate_number)
    problem = _certification_problem(level, kind, year)
    if problem:
        raise RegistryInvalid(problem)
    cert = _certify(session, org, level, kind, year, actor.user_id, submission_id, number)
    session.flush()
    audit.record(session, actor, "certification_recorded", "organisation", org.id, certification_id=cert.id,
                 level=level, kind=kind, year=year, certificate_number=cert.certificate_number,
                 submission_id=submission_id)
    return cert


def update_certification(session: Session, actor: Actor, certification_id: int, *, level: str, kind: str,
                         year: int, certificate_number: str | None) -> Certification:
    """Correct a recorded certification (the bureau only)."""
    actor = fresh(session, actor)
    _require_bureau(actor)
    cert = _certification(session, certification_id)
    number = _certificate_number(certificate_number)
    problem = _certification_problem(level, kind, year)
    if problem:
        raise RegistryInvalid(problem)
    before = {"level": cert.level, "kind": cert.kind, "year": cert.year, "certificate_number": cert.certificate_number}
    cert.level, cert.kind, cert.year, cert.certificate_number = level, kind, year, number
    cert.recorded_by_id, cert.recorded_at = actor.user_id, utcnow()
    session.flush()
    audit.record(session, actor, "certification_updated", "organisation", cert.organisation_id,
                 certification_id=cert.id, before=before, level=level, kind=kind, year=year,
                 certificate_number=number)
    return cert


def delete_certification(session: Session, actor: Actor, certification_id: int) -> None:
    """Delete a certification recorded in error (the bureau only)."""
    actor = fresh(session, actor)
    _require_bureau(actor)
    cert = _certification(session, certification_id)
    audit.record(session, actor, "certification_deleted", "organisation", cert.organisation_id,
                 certification_id=cert.id, level=cert.level, kind=cert.kind, year=cert.year,
                 certificate_number=cert.certificate_number)
    session.delete(cert)
    session.flush()


def _require_bureau(actor: Actor) -> None:
    if actor.role != "admin":
        raise PermissionDenied(msg.REGISTRY_BUREAU_ONLY)


def _certification(session: Session, certification_id: int) -> Certification:
    cert = session.get(Certification, certification_id) if isinstance(certification_id, int) else None
    if cert is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="认定记录", id=certification_id))
    return cert


def _certificate_number(value: str | None) -> str | None:
    number = (value or "").strip() or None
    if number is not None and len(number) > 100:
        raise RegistryInvalid(msg.REGISTRY_CERTIFICATE_NUMBER_LONG)
    return number


def _certification_problem(level: str, kind: str, year: object) -> str | None:
    if level not in LEVELS:
        return msg.REGISTRY_VALUE_INVALID.format(column="认定级别", value=level, choices="municipal、district")
    if kind not in CATEGORIES:
        return msg.REGISTRY_VALUE_INVALID.format(column="认定类型", value=kind, choices="zone、station、point")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        return msg.REGISTRY_YEAR_INVALID.format(value=year)
    return None


def _certify(session: Session, org: Organisation, level: str, kind: str, year: int, by: int | None,
             submission_id: int | None = None, certificate_number: str | None = None) -> Certification:
    for cert in org.certifications:
        if (cert.level, cert.kind, cert.year) == (level, kind, year):
            if certificate_number and not cert.certificate_number:
                cert.certificate_number = certificate_number
            return cert
    cert = Certification(organisation=org, level=level, kind=kind, year=year, recorded_by_id=by,
                         submission_id=submission_id, certificate_number=certificate_number)
    session.add(cert)
    return cert


def add_service_organisation(session: Session, actor: Actor, park_id: int, name: str, service_type: str,
                             uscc: str | None = None) -> ServiceOrganisation:
    """Register a service organisation based in the park (its operator or the bureau)."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id, write=True)
    if not (name or "").strip() or not (service_type or "").strip():
        raise RegistryInvalid(msg.REGISTRY_REQUIRED.format(column="机构名称、服务类型"))
    service = ServiceOrganisation(park_id=park.id, name=name.strip(), service_type=service_type.strip(),
                                  uscc=uscc.upper() if uscc else None)
    session.add(service)
    session.flush()
    audit.record(session, actor, "service_organisation_added", "park", park.id, name=service.name,
                 service_type=service.service_type)
    return service


def award_certifications(session: Session, actor: Actor, round_: int, year: int | None = None) -> list[Certification]:
    """After the director's meeting: a district-level certification for every selected submission of the round."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    year = year or round_
    stmt = select(Submission).where(Submission.round == round_, Submission.status == "selected")
    certs = [_certify(session, s.organisation, "district", s.rubric, year, actor.user_id, s.id)
             for s in session.execute(stmt).scalars()]
    session.flush()
    audit.record(session, actor, "certifications_awarded", "round", round_, year=year,
                 certification_ids=[c.id for c in certs])
    return certs


# ---------------------------------------------------------------- the zone items from the registry


@dataclass(frozen=True)
class ZoneProgress:
    """How far the park is toward the registry-fed zone items, as of a year."""

    year: int
    certified_sites: list[str]
    minimum: int
    service_types: int
    service_units: int
    service_points: Decimal
    service_points_max: Decimal

    @property
    def certified_count(self) -> int:
        return len(self.certified_sites)

    @property
    def sites_rule_met(self) -> bool:
        return self.certified_count >= self.minimum


def certified_site_count(session: Session, park_id: int, year: int) -> int:
    """Confirmed member sites holding a bureau-recorded municipal or district station/point certification of
    ``year`` or earlier."""
    return len(_certified_sites(session, park_id, year))


def _certified_sites(session: Session, park_id: int, year: int) -> list[str]:
    return list(_site_certificates(session, park_id, year))


def _site_certificates(session: Session, park_id: int, year: int) -> dict[str, tuple[str, str, int]]:
    """Member site name → its earliest station/point certification (level, kind, year) of ``year`` or earlier."""
    stmt = (select(Organisation.name, Certification.level, Certification.kind, Certification.year)
            .join(Certification, Certification.organisation_id == Organisation.id)
            .where(Organisation.park_id == park_id, Certification.kind.in_(SITE_KINDS), Certification.year <= year,
                   _bureau_recorded())
            .order_by(Organisation.name, Certification.year, Certification.id))
    sites: dict[str, tuple[str, str, int]] = {}
    for name, level, kind, cert_year in session.execute(stmt):
        sites.setdefault(name, (level, kind, cert_year))
    return sites


def zone_progress(session: Session, actor: Actor, park_id: int, as_of: dt.date) -> ZoneProgress:
    """Certified member sites against the zone rule's minimum, and the service-organisation bonus the registry
    supports (scored by the engine's own rule)."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id)
    sites_item, service_item = fed_items()
    services = _services(session, park)
    types, units = len({s.service_type for s in services}), len(services)
    answer = _service_answer(service_item, types, units, as_of)
    result = score_item(service_item, answer, as_of)
    return ZoneProgress(year=as_of.year, certified_sites=_certified_sites(session, park.id, as_of.year),
                        minimum=int(sites_item.rule.minimum), service_types=types, service_units=units,
                        service_points=result.score, service_points_max=service_item.points)


def _registry_evidence(as_of: dt.date) -> EvidenceEntry:
    return EvidenceEntry(title=msg.REGISTRY_EVIDENCE_TITLE.format(date=as_of.isoformat()), date=as_of)


def _service_answer(item, types: int, units: int, as_of: dt.date) -> ItemAnswer:
    # The rubric loader checks that an item fed by the service organisations has the parts "types" and "units".
    return ItemAnswer(figures={"types": Decimal(types), "units": Decimal(units)},
                      evidence=(_registry_evidence(as_of),))


def registry_answers(session: Session, actor: Actor, park_id: int, as_of: dt.date) -> dict[str, dict]:
    """Answers for the registry-fed zone items, in the answers-file format. The certified-sites item gets one
    evidence entry per certified site (the registry's certification record, as the table asks one certificate
    per site); the service-organisations item gets the registry extract."""
    progress = zone_progress(session, actor, park_id, as_of)
    sites_item, service_item = fed_items()
    park = park_for(session, fresh(session, actor), park_id)
    certificates = [{"title": msg.REGISTRY_CERTIFICATE_TITLE.format(
                         organisation=name, year=year, level=msg.LEVEL_LABELS.get(level, level),
                         kind=msg.CATEGORY_NAMES.get(kind, kind)), "date": as_of.isoformat()}
                    for name, (level, kind, year) in _site_certificates(session, park.id, as_of.year).items()]
    extract = {"title": _registry_evidence(as_of).title, "date": as_of.isoformat()}
    return {
        sites_item.id: {"value": progress.certified_count, "evidence": certificates},
        service_item.id: {"types": progress.service_types, "units": progress.service_units, "evidence": [extract]},
    }


def apply_registry(data: dict, from_registry: dict[str, dict]) -> dict:
    """A copy of zone answers data with the registry-fed items' values replaced; the applicant's own evidence
    entries for those items are kept, followed by the registry's."""
    out = {**data, "answers": dict(data.get("answers") or {})}
    for item_id, answer in from_registry.items():
        own = (out["answers"].get(item_id) or {}).get("evidence") or []
        titles = {e.get("title") for e in own if isinstance(e, dict)}
        extra = [e for e in answer["evidence"] if e["title"] not in titles]
        out["answers"][item_id] = {**{k: v for k, v in answer.items() if k != "evidence"}, "evidence": [*own, *extra]}
    return out


# ---------------------------------------------------------------- xlsx


def export_registry_xlsx(session: Session, actor: Actor, park_id: int) -> bytes:
    """The park's registry as a workbook: sheet 成员单位 (one row per certification, with the certificate number
    and the membership's state) and sheet 服务机构."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id)
    book = Workbook()
    sheet = book.active
    sheet.title = msg.REGISTRY_SHEET_MEMBERS
    sheet.append(list(msg.REGISTRY_MEMBER_HEADERS))
    for row in _member_rows(session, park):
        append_safe(sheet, [row.organisation, row.uscc or "", msg.CATEGORY_NAMES[row.category],
                            msg.LEVEL_LABELS[row.level] if row.level else "",
                            msg.KIND_LABELS[row.kind] if row.kind else "", row.year if row.year else "",
                            row.certificate_number or "", msg.MEMBERSHIP_LABELS[row.membership]])
    services = book.create_sheet(msg.REGISTRY_SHEET_SERVICES)
    services.append(list(msg.REGISTRY_SERVICE_HEADERS))
    for service in _services(session, park):
        append_safe(services, [service.name, service.service_type, service.uscc or ""])
    for ws in (sheet, services):
        ws.freeze_panes = "A2"
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 24
    buffer = io.BytesIO()
    book.save(buffer)
    audit.record(session, actor, "export", "park", park.id, what="registry_xlsx")
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class _MemberRow:
    row: int
    name: str
    uscc: str | None
    category: str
    cert: tuple[str, str, int] | None
    certificate_number: str | None = None


def _read_members(ws, file: str, problems: list[Problem]) -> list[_MemberRow]:
    out = []
    sheet = msg.REGISTRY_SHEET_MEMBERS
    seen_certs: dict[tuple, int] = {}
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = [_cell(v) for v in (list(values) + [None] * 8)[:8]]
        if not any(cells[:7]):
            continue
        where = f"{sheet}第{number}行"
        before = len(problems)
        name, code, category_label, level_label, kind_label, year_text, certificate_number, _ = cells
        code = code.upper() or None
        if not name:
            problems.append(Problem(file, where, "单位名称", msg.REGISTRY_REQUIRED.format(column="单位名称")))
        if code and uscc_problem(code):
            problems.append(Problem(file, where, "统一社会信用代码", uscc_problem(code)))
        category = CATEGORY_BY_LABEL.get(category_label) or (category_label if category_label in CATEGORIES else None)
        if category is None:
            problems.append(Problem(file, where, "类别", msg.REGISTRY_VALUE_INVALID.format(
                column="类别", value=category_label, choices="、".join(CATEGORY_BY_LABEL))))
        cert = None
        if any((level_label, kind_label, year_text)):
            if not all((level_label, kind_label, year_text)):
                problems.append(Problem(file, where, "认定级别", msg.REGISTRY_CERT_PARTIAL))
            else:
                level, kind = LEVEL_BY_LABEL.get(level_label), KIND_BY_LABEL.get(kind_label)
                if level is None:
                    problems.append(Problem(file, where, "认定级别", msg.REGISTRY_VALUE_INVALID.format(
                        column="认定级别", value=level_label, choices="、".join(LEVEL_BY_LABEL))))
                if kind is None:
                    problems.append(Problem(file, where, "认定类型", msg.REGISTRY_VALUE_INVALID.format(
                        column="认定类型", value=kind_label, choices="、".join(KIND_BY_LABEL))))
                year = int(year_text) if year_text.isdigit() else None
                if year is None or not 2000 <= year <= 2100:
                    problems.append(Problem(file, where, "认定年度", msg.REGISTRY_YEAR_INVALID.format(value=year_text)))
                cert = (level, kind, year)
        key = code or f"name:{name}"
        if len(problems) == before:
            if cert is not None:
                if (key, cert) in seen_certs:
                    first = seen_certs[(key, cert)]
                    problems.append(Problem(file, where, None, msg.REGISTRY_DUPLICATE.format(row=first)))
                    continue
                seen_certs[(key, cert)] = number
            out.append(_MemberRow(number, name, code, category, cert, certificate_number or None))
    return out


def _read_services(ws, file: str, problems: list[Problem]) -> list[tuple[str, str, str | None]]:
    out = []
    seen: dict[str, int] = {}
    sheet = msg.REGISTRY_SHEET_SERVICES
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = [_cell(v) for v in (list(values) + [None] * 3)[:3]]
        if not any(cells):
            continue
        where = f"{sheet}第{number}行"
        name, service_type, code = cells
        code = code.upper() or None
        ok = True
        for column, value in (("机构名称", name), ("服务类型", service_type)):
            if not value:
                problems.append(Problem(file, where, column, msg.REGISTRY_REQUIRED.format(column=column)))
                ok = False
        if code and uscc_problem(code):
            problems.append(Problem(file, where, "统一社会信用代码", uscc_problem(code)))
            ok = False
        if name in seen:
            problems.append(Problem(file, where, "机构名称", msg.REGISTRY_DUPLICATE.format(row=seen[name])))
            ok = False
        if ok:
            seen[name] = number
            out.append((name, service_type, code))
    return out


@dataclass(frozen=True)
class RegistryImport:
    members: int
    certifications_added: int
    services: int


def import_registry_xlsx(session: Session, actor: Actor, park_id: int, data: bytes,
                         file: str = "名册.xlsx") -> RegistryImport:
    """Replace the park's registry with the workbook's (same layout as the export). All rows are checked first;
    any problem raises DataInvalid listing them all, and nothing changes. Members missing from the workbook leave
    the park (pending proposals are withdrawn). New members from a park operator are proposals; from the bureau
    they are confirmed. Only the bureau's workbook adds certifications (never removes them); a park operator's
    may only repeat those the bureau recorded."""
    actor = fresh(session, actor)
    park = park_for(session, actor, park_id, write=True)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise DataInvalid(msg.REGISTRY_NOT_XLSX, [Problem(file, None, None, msg.REGISTRY_NOT_XLSX)]) from None
    problems: list[Problem] = []
    sheets = {}
    for title, headers in ((msg.REGISTRY_SHEET_MEMBERS, msg.REGISTRY_MEMBER_HEADERS),
                           (msg.REGISTRY_SHEET_SERVICES, msg.REGISTRY_SERVICE_HEADERS)):
        if title not in book.sheetnames:
            problems.append(Problem(file, None, title, msg.REGISTRY_SHEET_MISSING.format(sheet=title)))
            continue
        ws = book[title]
        header = [_cell(v) for v in next(ws.iter_rows(max_row=1, values_only=True), ())][:len(headers)]
        if tuple(header) != headers:
            problems.append(Problem(file, None, title, msg.REGISTRY_HEADER_MISMATCH.format(
                sheet=title, expected="、".join(headers))))
            continue
        sheets[title] = ws
    member_rows = _read_members(sheets[msg.REGISTRY_SHEET_MEMBERS], file, problems) \
        if msg.REGISTRY_SHEET_MEMBERS in sheets else []
    service_rows = _read_services(sheets[msg.REGISTRY_SHEET_SERVICES], file, problems) \
        if msg.REGISTRY_SHEET_SERVICES in sheets else []
    book.close()
    problems.extend(_member_conflicts(session, actor, park, member_rows, file))
    if problems:
        raise DataInvalid(msg.REGISTRY_INVALID.format(count=len(problems)), problems)
    return _apply_import(session, actor, park, member_rows, service_rows, file)


def _member_conflicts(session: Session, actor: Actor, park: Park, rows: list[_MemberRow],
                      file: str) -> list[Problem]:
    """Rows naming a member of another park; and, from a park operator, rows carrying a certification that is not
    already the bureau's record (only the bureau records certifications)."""
    problems = []
    for row in rows:
        where = f"{msg.REGISTRY_SHEET_MEMBERS}第{row.row}行"
        org = find_organisation(session, uscc=row.uscc, name=row.name)
        if org is not None and org.park_id not in (None, park.id):
            problems.append(Problem(file, where, "单位名称",
                                    msg.REGISTRY_MEMBER_ELSEWHERE.format(organisation=org.name, park=org.park.name)))
        if row.cert is not None and actor.role != "admin":
            recorded = {(c.level, c.kind, c.year) for c in (org.certifications if org else []) if _is_bureau_record(c)}
            if row.cert not in recorded:
                level, kind, year = row.cert
                problems.append(Problem(file, where, "认定级别", msg.REGISTRY_IMPORT_CERT_BUREAU_ONLY.format(
                    level=msg.LEVEL_LABELS[level], kind=msg.KIND_LABELS[kind], year=year)))
    return problems


def _apply_import(session: Session, actor: Actor, park: Park, member_rows: list[_MemberRow],
                  service_rows: list[tuple[str, str, str | None]], file: str) -> RegistryImport:
    kept: set[int] = set()
    added = 0
    by_key: dict[str, Organisation] = {}
    for row in member_rows:
        key = row.uscc or f"name:{row.name}"
        org = by_key.get(key) or _find_or_create(session, park, row.name, row.category, row.uscc)
        by_key[key] = org
        session.flush()
        if org.id not in kept and org.park_id != park.id:
            membership = _propose(session, actor, park, org)
            if actor.role == "admin":
                _decide(session, actor, membership, "confirmed")
        kept.add(org.id)
        if row.cert is not None and actor.role == "admin":
            count = len(org.certifications)
            cert = _certify(session, org, *row.cert, actor.user_id, certificate_number=row.certificate_number)
            if len(org.certifications) > count:
                added += 1
                session.flush()
                level, kind, year = row.cert
                audit.record(session, actor, "certification_recorded", "organisation", org.id,
                             certification_id=cert.id, level=level, kind=kind, year=year,
                             certificate_number=cert.certificate_number, file=file)
    for org in session.execute(select(Organisation).where(Organisation.park_id == park.id)).scalars():
        if org.id not in kept and org.category != "zone":
            _remove(session, org, park, _membership(session, park.id, org.id))
    for membership in _memberships(session, park.id):
        if membership.organisation_id not in kept and membership.status == "proposed":
            session.delete(membership)
    for service in _services(session, park):
        session.delete(service)
    session.flush()
    for name, service_type, code in service_rows:
        session.add(ServiceOrganisation(park_id=park.id, name=name, service_type=service_type, uscc=code))
    session.flush()
    result = RegistryImport(members=len(kept), certifications_added=added, services=len(service_rows))
    audit.record(session, actor, "registry_imported", "park", park.id, file=file, members=result.members,
                 certifications_added=added, services=result.services)
    return result


# ---------------------------------------------------------------- the district view


DISTRICT_COLUMNS = ("park", "year", "level", "zones", "stations_points")
TARGET_COLUMNS = ("level", "group", "target", "achieved_by_target_year", "achieved_total")


@dataclass
class DistrictView:
    """Certified sites per park and year (``by_park``) and progress against the plan's targets (``targets``)."""

    by_park: pd.DataFrame
    targets: pd.DataFrame


def district_view(session: Session, actor: Actor) -> DistrictView:
    """Bureau-recorded certifications counted per park (confirmed members; sites outside any park, proposed
    members included, under “—”), year and level, and the district's totals against the 2023 targets (zones;
    stations and points together)."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    visible = scope_parks(select(Park.id), actor)
    stmt = (select(Park.name, Certification.year, Certification.level, Certification.kind)
            .select_from(Certification).join(Organisation, Certification.organisation_id == Organisation.id)
            .outerjoin(Park, Organisation.park_id == Park.id).where(_bureau_recorded()))
    if actor.role != "admin":
        stmt = stmt.where(Organisation.park_id.in_(visible))
    counts: dict[tuple[str, int, str], list[int]] = {}
    totals: dict[tuple[str, str], list[int]] = {}
    for park, year, level, kind in session.execute(stmt).all():
        group = "zones" if kind == "zone" else "stations_points"
        slot = counts.setdefault((park or "—", year, level), [0, 0])
        slot[0 if group == "zones" else 1] += 1
        total = totals.setdefault((level, group), [0, 0])
        total[1] += 1
        if year <= TARGET_YEAR:
            total[0] += 1
    by_park = pd.DataFrame.from_records(
        [(park, year, level, z, sp) for (park, year, level), (z, sp) in sorted(counts.items())],
        columns=list(DISTRICT_COLUMNS))
    target_rows = []
    for level, groups in TARGETS.items():
        for group, target in groups.items():
            counted = totals.get((level, "zones" if group == "zone" else "stations_points"), [0, 0])
            target_rows.append((level, group, target, *counted))
    targets = pd.DataFrame.from_records(target_rows, columns=list(TARGET_COLUMNS))
    return DistrictView(by_park=by_park, targets=targets)
