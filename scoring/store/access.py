"""Who may see what. Every read of stored data goes through these functions.

- applicant: its own organisation's submissions and evidence only;
- reviewer (市场监管所): submissions of organisations in its own office's jurisdiction only;
- admin (区局): everything;
- park operator: its own park's member sites and registry (and, when its account names the park's own
  organisation, that organisation's submissions, like an applicant).

An ID that does not exist and an ID the actor may not open raise the same ``PermissionDenied``, so guessing IDs
reveals nothing.
"""

from __future__ import annotations

from sqlalchemy import Select, false, or_
from sqlalchemy.orm import Session

from . import messages as msg
from .actors import Actor
from .errors import PermissionDenied
from .models import EvidenceFile, Organisation, Park, Submission, User

OWNER_ROLES = ("applicant", "park_operator")


def fresh(session: Session, actor: Actor) -> Actor:
    """The actor as the database has it now; PermissionDenied when the account is gone or deactivated."""
    if actor.is_system:
        return actor
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied(msg.ACCOUNT_INACTIVE)
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                 organisation_id=user.organisation_id, office_id=user.office_id, park_id=user.park_id)


def require_role(actor: Actor, *roles: str) -> None:
    """PermissionDenied unless the actor has one of ``roles``."""
    if actor.role not in roles:
        names = "、".join(msg.ROLE_LABELS[r] for r in roles)
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles=names))


def is_owner(actor: Actor, organisation_id: int) -> bool:
    """True when the actor files for this organisation (applicant, or a park operator for its park's own one)."""
    return actor.role in OWNER_ROLES and actor.organisation_id is not None and actor.organisation_id == organisation_id


def is_reviewer_of(actor: Actor, organisation: Organisation) -> bool:
    """True for the bureau, and for a reviewer whose office has jurisdiction over the organisation."""
    if actor.role == "admin":
        return True
    return actor.role == "reviewer" and organisation.office_id is not None and organisation.office_id == actor.office_id


def can_view_organisation(actor: Actor, organisation: Organisation) -> bool:
    if is_reviewer_of(actor, organisation) or is_owner(actor, organisation.id):
        return True
    return actor.role == "park_operator" and organisation.park_id is not None and organisation.park_id == actor.park_id


def can_view_submission(actor: Actor, submission: Submission) -> bool:
    return is_owner(actor, submission.organisation_id) or is_reviewer_of(actor, submission.organisation)


def _denied(what: str, object_id: object) -> PermissionDenied:
    return PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what=what, id=object_id))


def submission_for(session: Session, actor: Actor, submission_id: int) -> Submission:
    """The submission, when the actor may see it."""
    submission = session.get(Submission, submission_id) if isinstance(submission_id, int) else None
    if submission is None or not can_view_submission(actor, submission):
        raise _denied("申报", submission_id)
    return submission


def evidence_for(session: Session, actor: Actor, evidence_id: int) -> EvidenceFile:
    """The evidence file's record, when the actor may see its submission."""
    evidence = session.get(EvidenceFile, evidence_id) if isinstance(evidence_id, int) else None
    if evidence is None or not can_view_submission(actor, evidence.submission):
        raise _denied("证明材料", evidence_id)
    return evidence


def organisation_for(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None
    if organisation is None or not can_view_organisation(actor, organisation):
        raise _denied("单位", organisation_id)
    return organisation


def can_view_park(actor: Actor, park: Park) -> bool:
    if actor.role == "admin":
        return True
    if actor.role == "park_operator":
        return actor.park_id == park.id
    return actor.role == "reviewer" and park.office_id is not None and park.office_id == actor.office_id


def park_for(session: Session, actor: Actor, park_id: int, *, write: bool = False) -> Park:
    """The park, when the actor may see it (``write``: change its registry — its operator and the bureau only)."""
    park = session.get(Park, park_id) if isinstance(park_id, int) else None
    if park is None or not can_view_park(actor, park):
        raise _denied("园区", park_id)
    if write and not (actor.role == "admin" or (actor.role == "park_operator" and actor.park_id == park.id)):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="该园区运营方或区局管理员"))
    return park


def scope_submissions(stmt: Select, actor: Actor) -> Select:
    """Restrict a query that already joins ``Organisation`` to the submissions the actor may see."""
    if actor.role == "admin":
        return stmt
    conditions = []
    if actor.role == "reviewer" and actor.office_id is not None:
        conditions.append(Organisation.office_id == actor.office_id)
    if actor.role in OWNER_ROLES and actor.organisation_id is not None:
        conditions.append(Submission.organisation_id == actor.organisation_id)
    return stmt.where(or_(*conditions) if conditions else false())


def scope_parks(stmt: Select, actor: Actor) -> Select:
    """Restrict a query over ``Park`` to the parks the actor may see."""
    if actor.role == "admin":
        return stmt
    if actor.role == "park_operator":
        return stmt.where(Park.id == actor.park_id)
    if actor.role == "reviewer":
        return stmt.where(Park.office_id == actor.office_id)
    return stmt.where(false())

