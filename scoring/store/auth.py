"""Accounts: argon2id password hashes (argon2-cffi), log-in, and creating users with their role's attachments."""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import AuthenticationFailed, PermissionDenied, StoreError
from .models import ROLES, AuditEntry, Office, Organisation, Park, User, utcnow

MIN_PASSWORD_LENGTH = 8
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = dt.timedelta(minutes=15)
USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


class AccountInvalid(StoreError):
    """A user cannot be created as asked (name taken, weak password, role without its office/organisation/park)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountInvalid(msg.PASSWORD_TOO_SHORT.format(minimum=MIN_PASSWORD_LENGTH))
    return _hasher.hash(password)


def actor_of(user: User) -> Actor:
    """The session snapshot of a user."""
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                 organisation_id=user.organisation_id, office_id=user.office_id, park_id=user.park_id)


def _check_attachments(session: Session, role: str, organisation_id: int | None, office_id: int | None,
                       park_id: int | None) -> None:
    label = msg.ROLE_LABELS[role]
    needs = {"reviewer": ("office", "市场监管所"), "applicant": ("organisation", "所属单位"),
             "park_operator": ("park", "园区")}
    given = {"office": office_id, "organisation": organisation_id, "park": park_id}
    names = {"office": "市场监管所", "organisation": "所属单位", "park": "园区"}
    required = needs.get(role)
    if required and given[required[0]] is None:
        raise AccountInvalid(msg.ROLE_NEEDS.format(role=label, what=required[1]))
    allowed = {"reviewer": {"office"}, "applicant": {"organisation"}, "park_operator": {"park", "organisation"},
               "admin": set()}[role]
    for key, value in given.items():
        if value is not None and key not in allowed:
            raise AccountInvalid(msg.ROLE_FORBIDS.format(role=label, what=names[key]))
    for model, value, key in ((Office, office_id, "office"), (Organisation, organisation_id, "organisation"),
                              (Park, park_id, "park")):
        if value is not None and session.get(model, value) is None:
            raise AccountInvalid(msg.NOT_FOUND_OR_FORBIDDEN.format(what=names[key], id=value))
    if role == "park_operator" and organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        if organisation.park_id != park_id or organisation.category != "zone":
            raise AccountInvalid(msg.OPERATOR_ORGANISATION)


def create_user(session: Session, actor: Actor, username: str, display_name: str, password: str, role: str, *,
                organisation_id: int | None = None, office_id: int | None = None,
                park_id: int | None = None) -> User:
    """Create an account (the bureau admin, or the command line for the first admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    if not USERNAME_RE.match(username or ""):
        raise AccountInvalid(msg.USERNAME_INVALID)
    if role not in ROLES:
        raise AccountInvalid(msg.ROLE_UNKNOWN.format(role=role, choices="、".join(ROLES)))
    if not display_name or not display_name.strip():
        raise AccountInvalid(msg.DISPLAY_NAME_REQUIRED)
    _check_attachments(session, role, organisation_id, office_id, park_id)
    if session.execute(select(User.id).where(User.username == username)).first():
        raise AccountInvalid(msg.USERNAME_TAKEN.format(username=username))
    user = User(username=username, display_name=display_name.strip(), password_hash=hash_password(password),
                role=role, organisation_id=organisation_id, office_id=office_id, park_id=park_id, active=True)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user_created", "user", user.id, username=username, role=role,
                 organisation_id=organisation_id, office_id=office_id, park_id=park_id)
    return user


def recent_failures(session: Session, username: str, now: dt.datetime | None = None) -> int:
    """Failed log-ins for this user name within the lock-out window (read from the audit log)."""
    since = (now or utcnow()) - LOCKOUT_WINDOW
    stmt = select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "login_failed", AuditEntry.at >= since,
        AuditEntry.detail == audit.canonical_json({"username": username}))
    return int(session.execute(stmt).scalar_one())


def login(session: Session, username: str, password: str) -> Actor | None:
    """The actor for a correct user name and password, else None (show ``messages.LOGIN_FAILED``).

    After ``LOCKOUT_FAILURES`` failed attempts for a user name within ``LOCKOUT_WINDOW``, even the right password
    is refused with AuthenticationFailed until the window has passed (guessing passwords gets nowhere).
    Every outcome is written to the audit log; commit the session either way.
    """
    if recent_failures(session, username) >= LOCKOUT_FAILURES:
        audit.record(session, None, "login_locked", "user", None, username=username)
        raise AuthenticationFailed(msg.LOGIN_LOCKED.format(minutes=int(LOCKOUT_WINDOW.total_seconds() // 60)))
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    hashed = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(hashed, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        audit.record(session, None, "login_failed", "user", user.id if user else None, username=username)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    actor = actor_of(user)
    audit.record(session, actor, "login", "user", user.id)
    return actor


def change_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    """Change one's own password (the old one must be right)."""
    actor = fresh(session, actor)
    user = session.get(User, actor.user_id) if not actor.is_system else None
    if user is None:
        raise PermissionDenied(msg.PERMISSION_GENERIC)
    try:
        _hasher.verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError):
        raise PermissionDenied(msg.LOGIN_FAILED) from None
    user.password_hash = hash_password(new_password)
    audit.record(session, actor, "password_changed", "user", user.id)


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    """Deactivate or reactivate an account (bureau admin); a deactivated user's open sessions stop working."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    user = session.get(User, user_id)
    if user is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="用户", id=user_id))
    user.active = active
    audit.record(session, actor, "user_activated" if active else "user_deactivated", "user", user.id)
    return user


def users(session: Session, actor: Actor) -> list[User]:
    """Every account, by user name (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    return list(session.execute(select(User).order_by(User.username)).scalars())
