"""Offices, parks and organisations: the directory the bureau maintains."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import StoreError
from .models import CATEGORIES, Office, Organisation, Park
from ..uscc import uscc_problem


class DirectoryInvalid(StoreError):
    """An office, park or organisation cannot be created as asked."""


def office_named(session: Session, name: str) -> Office | None:
    return session.execute(select(Office).where(Office.name == name.strip())).scalar_one_or_none()


def park_named(session: Session, name: str) -> Park | None:
    return session.execute(select(Park).where(Park.name == name.strip())).scalar_one_or_none()


def create_office(session: Session, actor: Actor, name: str) -> Office:
    """A new market-supervision office (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    name = (name or "").strip()
    if not name:
        raise DirectoryInvalid(msg.NAME_REQUIRED.format(what="市场监管所"))
    if office_named(session, name):
        raise DirectoryInvalid(msg.NAME_TAKEN.format(what="市场监管所", name=name))
    office = Office(name=name)
    session.add(office)
    session.flush()
    audit.record(session, actor, "office_created", "office", office.id, name=name)
    return office


def create_park(session: Session, actor: Actor, name: str, office_id: int | None = None) -> Park:
    """A new park (bureau admin), optionally under an office's jurisdiction."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    name = (name or "").strip()
    if not name:
        raise DirectoryInvalid(msg.NAME_REQUIRED.format(what="园区"))
    if park_named(session, name):
        raise DirectoryInvalid(msg.NAME_TAKEN.format(what="园区", name=name))
    park = Park(name=name, office_id=office_id)
    session.add(park)
    session.flush()
    audit.record(session, actor, "park_created", "park", park.id, name=name, office_id=office_id)
    return park


def find_organisation(session: Session, *, uscc: str | None = None, name: str | None = None) -> Organisation | None:
    """The organisation with this USCC, else the one with exactly this name (when only one has it)."""
    if uscc:
        found = session.execute(select(Organisation).where(Organisation.uscc == uscc.upper())).scalar_one_or_none()
        if found is not None:
            return found
    if name:
        matches = list(session.execute(select(Organisation).where(Organisation.name == name.strip())).scalars())
        if len(matches) == 1 and (not uscc or matches[0].uscc is None):
            return matches[0]
    return None


def check_organisation_fields(name: str, category: str, uscc: str | None) -> list[str]:
    """Chinese messages for what is wrong with an organisation's name, category and USCC."""
    problems = []
    if not (name or "").strip():
        problems.append(msg.NAME_REQUIRED.format(what="单位"))
    if category not in CATEGORIES:
        problems.append(msg.CATEGORY_UNKNOWN.format(category=category))
    if uscc:
        problem = uscc_problem(uscc.upper())
        if problem:
            problems.append(problem)
    return problems


def create_organisation(session: Session, actor: Actor, name: str, category: str, *, uscc: str | None = None,
                        office_id: int | None = None, park_id: int | None = None) -> Organisation:
    """A new organisation: the bureau for any office, a reviewer only in its own office."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    if actor.role == "reviewer" and office_id != actor.office_id:
        raise DirectoryInvalid(msg.ORGANISATION_OTHER_OFFICE)
    problems = check_organisation_fields(name, category, uscc)
    if problems:
        raise DirectoryInvalid("；".join(problems))
    if uscc and find_organisation(session, uscc=uscc):
        raise DirectoryInvalid(msg.NAME_TAKEN.format(what="统一社会信用代码", name=uscc.upper()))
    organisation = Organisation(name=name.strip(), category=category, uscc=uscc.upper() if uscc else None,
                                office_id=office_id, park_id=park_id)
    session.add(organisation)
    session.flush()
    audit.record(session, actor, "organisation_created", "organisation", organisation.id, name=organisation.name,
                 category=category, uscc=organisation.uscc, office_id=office_id, park_id=park_id)
    return organisation


def offices(session: Session) -> list[Office]:
    """Every office, by name (names are not confidential)."""
    return list(session.execute(select(Office).order_by(Office.name)).scalars())


def parks(session: Session) -> list[Park]:
    """Every park, by name (park names are not confidential)."""
    return list(session.execute(select(Park).order_by(Park.name)).scalars())


def organisations(session: Session, actor: Actor) -> list[Organisation]:
    """Every organisation, by name (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    return list(session.execute(select(Organisation).order_by(Organisation.name)).scalars())


def office_names(session: Session) -> dict[int, str]:
    """Every office's name by ID, sorted by name (plain values for a page)."""
    return dict(session.execute(select(Office.id, Office.name).order_by(Office.name)).all())


def park_names(session: Session) -> dict[int, str]:
    """Every park's name by ID, sorted by name (plain values for a page)."""
    return dict(session.execute(select(Park.id, Park.name).order_by(Park.name)).all())


def organisation_names(session: Session, actor: Actor) -> dict[int, tuple[str, str]]:
    """Every organisation's (name, category) by ID, sorted by name (bureau admin; plain values for a page)."""
    return {o.id: (o.name, o.category) for o in organisations(session, actor)}
