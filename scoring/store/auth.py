"""Accounts: argon2id password hashes (argon2-cffi), log-in, and creating users with their role's attachments."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit, sessions
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import AuthenticationFailed, PermissionDenied, StoreError
from .models import ROLES, LoginThrottle, Office, Organisation, Park, User, utcnow

MIN_PASSWORD_LENGTH = 8
# Log-in throttling (see ``login``).
NAME_FAILURES = 5
SOURCE_FAILURES = 30
THROTTLE_WINDOW = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=1)
THROTTLE_FORGET = dt.timedelta(days=1)
ANY_NAME = "*"  # not a valid user name, so it never collides with one
LOCAL_SOURCE = "local"
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


def _delay(blocks: int) -> dt.timedelta:
    """How long a source is refused after its ``blocks``-th block: doubling from ``FIRST_DELAY`` to ``MAX_DELAY``."""
    return min(FIRST_DELAY * 2 ** max(blocks - 1, 0), MAX_DELAY)


def _throttle_row(session: Session, username: str, source: str) -> LoginThrottle | None:
    stmt = select(LoginThrottle).where(LoginThrottle.username == username, LoginThrottle.source == source)
    return session.execute(stmt.with_for_update()).scalar_one_or_none()


def refused_until(session: Session, username: str, source: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when log-ins for ``username`` from ``source`` are refused (the name's own throttle or the source's
    cap over every name), or None when they are not."""
    now = now or utcnow()
    stmt = select(LoginThrottle.blocked_until).where(
        LoginThrottle.source == source, LoginThrottle.username.in_((username, ANY_NAME)),
        LoginThrottle.blocked_until > now)
    until = [row for row in session.execute(stmt).scalars()]
    return max(until) if until else None


def _locked_row(session: Session, username: str, source: str, now: dt.datetime) -> LoginThrottle:
    """The throttle row of (name, source), locked; created when missing (a concurrent creator wins, then we lock
    theirs)."""
    row = _throttle_row(session, username, source)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            session.add(LoginThrottle(username=username, source=source, window_start=now, failures=0, blocks=0))
    except IntegrityError:
        pass
    return _throttle_row(session, username, source)


def _forget_old_throttles(session: Session, now: dt.datetime) -> None:
    """Delete throttles idle for ``THROTTLE_FORGET`` that block nothing, skipping rows other log-ins hold."""
    stale = select(LoginThrottle.id).where(
        LoginThrottle.window_start < now - THROTTLE_FORGET,
        or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now)).limit(100)
    ids = list(session.execute(stale.with_for_update(skip_locked=True)).scalars())
    if ids:
        session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.id.in_(ids)))


def _count_failure(session: Session, username: str, source: str, now: dt.datetime) -> None:
    """Count one failed log-in for (name, source) and for (any name, source); block the source when a count
    reaches its limit. Audits only the first failure of a window and each block, so guessing writes few rows.
    Locks in one order: the name's row, the any-name row, then (through the audit log) the audit head."""
    events: list[dict] = []
    for key, limit in ((username, NAME_FAILURES), (ANY_NAME, SOURCE_FAILURES)):
        row = _locked_row(session, key, source, now)
        if row.window_start < now - THROTTLE_WINDOW:
            row.window_start, row.failures = now, 0
        row.failures += 1
        if row.failures == 1 and key != ANY_NAME:
            events.append({"action": "login_failed", "username": username})
        if row.failures >= limit:
            row.blocks += 1
            row.blocked_until = now + _delay(row.blocks)
            row.window_start, row.failures = now, 0
            events.append({"action": "login_throttled", "username": key,
                           "minutes": int(_delay(row.blocks).total_seconds() // 60)})
    session.flush()
    _forget_old_throttles(session, now)
    for event in events:
        action = event.pop("action")
        audit.record(session, None, action, "user", None, source=source, **event)


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def login(session: Session, username: str, password: str, source: str = LOCAL_SOURCE,
          now: dt.datetime | None = None) -> Actor | None:
    """The actor for a correct user name and password, else None (show ``messages.LOGIN_FAILED``).

    Failed attempts are counted per user name **and** source (the client's address): after ``NAME_FAILURES``
    failures of one name from one source, that source is refused for that name for a delay that doubles with
    each block (``FIRST_DELAY`` … ``MAX_DELAY``); after ``SOURCE_FAILURES`` failures of any names, the source is
    refused altogether. Refusals raise AuthenticationFailed with a Chinese message. The right password from
    another source still signs in, so a stranger cannot keep the real user out. Commit the session either way.
    """
    now = now or utcnow()
    source = (source or LOCAL_SOURCE)[:64]
    username = username[:64]
    until = refused_until(session, username, source, now)
    if until is not None:
        source_wide = session.execute(select(LoginThrottle.id).where(
            LoginThrottle.source == source, LoginThrottle.username == ANY_NAME,
            LoginThrottle.blocked_until == until)).first()
        template = msg.LOGIN_SOURCE_THROTTLED if source_wide else msg.LOGIN_THROTTLED
        raise AuthenticationFailed(template.format(minutes=_minutes_left(until, now)))
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    hashed = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(hashed, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        _count_failure(session, username, source, now)
        return None
    session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.username == username,
                                                           LoginThrottle.source == source))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = now
    actor = actor_of(user)
    audit.record(session, actor, "login", "user", user.id, source=source)
    return actor


@dataclass(frozen=True)
class Throttle:
    """A (user name, source) whose failed log-ins are being counted or refused, for the admin page."""

    username: str
    source: str
    failures: int
    blocked_until: dt.datetime | None


def throttles(session: Session, actor: Actor, now: dt.datetime | None = None) -> list[Throttle]:
    """Current log-in throttles by user name (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    now = now or utcnow()
    stmt = select(LoginThrottle).where(or_(LoginThrottle.blocked_until > now,
                                           LoginThrottle.window_start >= now - THROTTLE_WINDOW))
    rows = session.execute(stmt.order_by(LoginThrottle.username, LoginThrottle.source)).scalars()
    return [Throttle(r.username, r.source, r.failures,
                     r.blocked_until if r.blocked_until and r.blocked_until > now else None) for r in rows]


def unlock(session: Session, actor: Actor, username: str) -> int:
    """Clear every log-in throttle of ``username`` (all sources; bureau admin or the command line), audited.
    Returns how many throttle rows were cleared."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    username = (username or "").strip()
    if not username:
        raise AccountInvalid(msg.LOGIN_UNLOCK_NAME_REQUIRED)
    cleared = session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.username == username)).rowcount
    audit.record(session, actor, "login_unlocked", "user", None, username=username, cleared=cleared)
    return cleared


def change_password(session: Session, actor: Actor, old_password: str, new_password: str, *,
                    keep_session: str | None = None) -> None:
    """Change one's own password (the old one must be right). Every other signed-in session of the account ends;
    ``keep_session`` (the token of the browser making the change) stays signed in."""
    actor = fresh(session, actor)
    user = session.get(User, actor.user_id) if not actor.is_system else None
    if user is None:
        raise PermissionDenied(msg.PERMISSION_GENERIC)
    try:
        _hasher.verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError):
        raise PermissionDenied(msg.LOGIN_FAILED) from None
    user.password_hash = hash_password(new_password)
    ended = sessions.revoke_user(session, user.id, keep=keep_session)
    audit.record(session, actor, "password_changed", "user", user.id, sessions_ended=ended)


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    """Deactivate or reactivate an account (bureau admin); a deactivated user's open sessions stop working."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    user = session.get(User, user_id)
    if user is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="用户", id=user_id))
    user.active = active
    if active:
        audit.record(session, actor, "user_activated", "user", user.id)
    else:
        ended = sessions.revoke_user(session, user.id)
        audit.record(session, actor, "user_deactivated", "user", user.id, sessions_ended=ended)
    return user


def users(session: Session, actor: Actor) -> list[User]:
    """Every account, by user name (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    return list(session.execute(select(User).order_by(User.username)).scalars())
