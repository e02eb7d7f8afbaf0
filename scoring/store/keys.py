"""The evidence key at start-up: required with PostgreSQL, and checked against the fingerprint the database
keeps, so a process with a wrong key stops before it writes anything under that key."""

from __future__ import annotations

import os

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .crypto import configured_key_file, fingerprint, load_key
from .errors import KeyMismatch, KeyUnusable
from .models import SystemState, utcnow

FINGERPRINT_KEY = "key_fingerprint"


def stored_fingerprint(session: Session) -> str | None:
    row = session.get(SystemState, FINGERPRINT_KEY)
    return row.value if row is not None else None


def set_fingerprint(session: Session, value: str) -> None:
    row = session.get(SystemState, FINGERPRINT_KEY)
    if row is None:
        session.add(SystemState(key=FINGERPRINT_KEY, value=value))
    else:
        row.value, row.updated_at = value, utcnow()


def require_configured_key(backend: str) -> None:
    """With PostgreSQL, the key must be given (``TSP_SECRET_KEY``, or a key file that exists): never generated."""
    if backend != "postgresql" or os.environ.get("TSP_SECRET_KEY"):
        return
    path = configured_key_file()
    if path is None or not path.exists():
        raise KeyUnusable(msg.KEY_REQUIRED_POSTGRES)


def check_startup(engine: Engine) -> str:
    """Check (or, on a new database, record) the key's fingerprint and seal an unkeyed audit head; returns the
    fingerprint. KeyUnusable without a usable key, KeyMismatch with a key that is not the database's."""
    from .db import session_scope

    require_configured_key(engine.dialect.name)
    current = fingerprint(load_key())
    with session_scope(engine, readonly=True) as session:
        stored = stored_fingerprint(session)
        head = session.get(audit.AuditHead, 1)
        sealed = head is None or head.mac is not None
    if stored is not None and stored != current:
        raise KeyMismatch(msg.KEY_MISMATCH.format(stored=stored[:12], current=current[:12]))
    if stored is None or not sealed:
        with session_scope(engine) as session:
            stored = stored_fingerprint(session)
            if stored is not None and stored != current:
                raise KeyMismatch(msg.KEY_MISMATCH.format(stored=stored[:12], current=current[:12]))
            if stored is None:
                set_fingerprint(session, current)
            audit.seal_head(session)
    return current
