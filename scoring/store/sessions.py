"""Server-side sign-in sessions: a browser is signed in by a random token it holds in an HttpOnly cookie.

Only the SHA-256 of a token is stored, so reading the database does not let anyone sign in. A session ends when it
has been idle longer than the ``session.idle_hours`` setting (default 8 hours), at log-out, when the account is
deactivated and when its password changes. Every lookup reads the database, so a revocation takes effect on the
next page run in every app process sharing the database.

The log-in page cannot set an HttpOnly cookie (it runs inside a WebSocket), so after checking the password it
issues a one-time **ticket** (random, stored hashed, valid ``TICKET_LIFETIME``); the browser is sent top-level to
``/auth/session?ticket=…``, whose handler redeems the ticket for a session and sets the cookie.

Every function takes ``now`` so tests can move the clock instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .actors import Actor
from .models import SignInSession, SignInTicket, User, utcnow
from .settings import MAX_IDLE_HOURS, idle_timeout

COOKIE_NAME = "tsp_session"
TOKEN_BYTES = 32
TICKET_LIFETIME = dt.timedelta(seconds=60)
# A lookup records activity at most this often, so page runs do not write on every click.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def digest(secret: str) -> str:
    """The SHA-256 (hex) a token or ticket is stored as."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def client_source(remote_ip: str | None, forwarded_for: str | None, trust_proxy: bool) -> str:
    """The address a request comes from, as log-in throttling counts it: the connection's peer, or, when the
    bureau has said a reverse proxy sits in front (``login.trust_forwarded_for``), the last address that proxy
    appended to X-Forwarded-For. Local connections are ``local``."""
    if trust_proxy and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last[:64]
    if not remote_ip or remote_ip in ("127.0.0.1", "::1"):
        return "local"
    return remote_ip[:64]


def _new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def issue_ticket(session: Session, user_id: int, now: dt.datetime | None = None) -> str:
    """A one-time ticket for ``user_id`` (after a correct password), valid for ``TICKET_LIFETIME``."""
    now = now or utcnow()
    ticket = _new_secret()
    session.add(SignInTicket(ticket_hash=digest(ticket), user_id=user_id, expires_at=now + TICKET_LIFETIME))
    session.execute(SignInTicket.__table__.delete().where(SignInTicket.expires_at < now - dt.timedelta(days=1)))
    session.flush()
    return ticket


def redeem_ticket(session: Session, ticket: str, source: str, now: dt.datetime | None = None) -> str | None:
    """Exchange a ticket for a new session token (the cookie value), or None when the ticket is unknown, used
    or expired. The ticket is spent by a conditional UPDATE, so two concurrent redeems cannot both succeed."""
    now = now or utcnow()
    if not ticket:
        return None
    spent = session.execute(
        update(SignInTicket)
        .where(SignInTicket.ticket_hash == digest(ticket), SignInTicket.used_at.is_(None),
               SignInTicket.expires_at >= now)
        .values(used_at=now)
        .returning(SignInTicket.user_id))
    user_id = spent.scalar_one_or_none()
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    return create_session(session, user_id, source, now)


def create_session(session: Session, user_id: int, source: str, now: dt.datetime | None = None) -> str:
    """A new session for ``user_id``; returns the token the browser keeps (only its hash is stored)."""
    now = now or utcnow()
    token = _new_secret()
    session.add(SignInSession(token_hash=digest(token), user_id=user_id, created_at=now, last_seen_at=now,
                              source=source[:64]))
    session.flush()
    _forget_ended(session, now)
    return token


def _forget_ended(session: Session, now: dt.datetime) -> None:
    """Delete sessions that can no longer sign anyone in (idle past the longest allowed timeout, or revoked a
    day ago), skipping rows other transactions hold, so the table stays the size of the active sessions."""
    cutoff = now - dt.timedelta(hours=MAX_IDLE_HOURS) - dt.timedelta(days=1)
    ended = select(SignInSession.id).where(or_(SignInSession.last_seen_at < cutoff,
                                               SignInSession.revoked_at < now - dt.timedelta(days=1))).limit(100)
    ids = list(session.execute(ended.with_for_update(skip_locked=True)).scalars())
    if ids:
        session.execute(SignInSession.__table__.delete().where(SignInSession.id.in_(ids)))


def lookup(session: Session, token: str | None, now: dt.datetime | None = None) -> Actor | None:
    """The actor signed in by ``token``, or None when it is unknown, revoked, idle too long or its account is
    deactivated. Records activity (at most every ``TOUCH_INTERVAL``)."""
    from .auth import actor_of  # auth revokes sessions, so it imports this module

    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        select(SignInSession, User).join(User, SignInSession.user_id == User.id)
        .where(SignInSession.token_hash == digest(token), SignInSession.revoked_at.is_(None))).first()
    if row is None:
        return None
    signed_in, user = row
    if not user.active or now - signed_in.last_seen_at > idle_timeout(session):
        return None
    if now - signed_in.last_seen_at >= TOUCH_INTERVAL:
        signed_in.last_seen_at = now
    return actor_of(user)


def revoke(session: Session, token: str | None, now: dt.datetime | None = None) -> bool:
    """End the session of ``token`` (log-out); True when one was open."""
    if not token:
        return False
    result = session.execute(update(SignInSession)
                             .where(SignInSession.token_hash == digest(token), SignInSession.revoked_at.is_(None))
                             .values(revoked_at=now or utcnow()))
    return result.rowcount > 0


def revoke_user(session: Session, user_id: int, *, keep: str | None = None, now: dt.datetime | None = None) -> int:
    """End every open session of ``user_id`` (deactivation, password change), except the one of token ``keep``;
    also spends the user's unused tickets. Returns how many sessions were ended."""
    now = now or utcnow()
    stmt = update(SignInSession).where(SignInSession.user_id == user_id, SignInSession.revoked_at.is_(None))
    if keep:
        stmt = stmt.where(SignInSession.token_hash != digest(keep))
    ended = session.execute(stmt.values(revoked_at=now)).rowcount
    session.execute(update(SignInTicket).where(SignInTicket.user_id == user_id, SignInTicket.used_at.is_(None))
                    .values(used_at=now))
    return ended


def open_sessions(session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """How many sessions of ``user_id`` would still sign a browser in."""
    now = now or utcnow()
    since = now - idle_timeout(session)
    rows = session.execute(select(SignInSession.id).where(
        SignInSession.user_id == user_id, SignInSession.revoked_at.is_(None), SignInSession.last_seen_at >= since))
    return len(rows.all())
