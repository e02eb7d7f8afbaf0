"""The append-only audit log: who did what, when. Each row carries the hash of the previous row.

``record`` adds a row in the caller's transaction (so the log and the change commit together or not at all);
``verify`` recomputes the chain and names the first broken row. Deleting rows at the end is caught through the
head row that every append updates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import messages as msg
from .actors import Actor
from .models import AuditEntry, AuditHead, utcnow

GENESIS = "0" * 64


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(data: Any) -> str:
    """Stable JSON (sorted keys, no spaces, Chinese kept): what the hash covers."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def row_hash(prev_hash: str, at: dt.datetime, actor_id: int | None, actor_name: str, action: str,
             object_type: str | None, object_id: int | None, detail: str) -> str:
    """SHA-256 over the row's fields and the previous row's hash."""
    payload = canonical_json([prev_hash, at.isoformat(timespec="microseconds"), actor_id, actor_name, action,
                              object_type, object_id, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(session: Session, actor: Actor | None, action: str, object_type: str | None = None,
           object_id: int | None = None, **detail: Any) -> AuditEntry:
    """Append one row (``actor`` None for an anonymous event such as a failed log-in)."""
    head = _locked_head(session)
    at = utcnow()
    actor_id = actor.user_id if actor else None
    actor_name = actor.label if actor else "-"
    text = canonical_json(detail)
    digest = row_hash(head.last_hash, at, actor_id, actor_name, action, object_type, object_id, text)
    entry = AuditEntry(at=at, actor_id=actor_id, actor_name=actor_name, action=action, object_type=object_type,
                       object_id=object_id, detail=text, prev_hash=head.last_hash, row_hash=digest)
    session.add(entry)
    head.last_hash = digest
    head.length += 1
    return entry


def _locked_head(session: Session) -> AuditHead:
    """The head row, locked (FOR UPDATE) once per transaction; later appends in the same transaction reuse it."""
    transaction = session.get_transaction()
    cached = session.info.get("audit_head")
    if cached is not None and cached[0] is transaction and cached[1] in session:
        return cached[1]
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    session.info["audit_head"] = (session.get_transaction(), head)
    return head


@dataclass(frozen=True)
class AuditReport:
    """The outcome of ``verify``: ``ok``, the rows checked, and the first broken row's ID with a Chinese message."""

    ok: bool
    rows: int
    broken_id: int | None
    message: str


def verify(session: Session, batch: int = 2000) -> AuditReport:
    """Recompute the whole chain in order; report the first row whose hash or link does not hold."""
    expected_prev = GENESIS
    position = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch)).scalars()
    for entry in rows:
        position += 1
        where = dict(position=position, id=entry.id, at=entry.at.isoformat(sep=" ", timespec="seconds"),
                     action=msg.ACTION_LABELS.get(entry.action, entry.action))
        if entry.prev_hash != expected_prev:
            return AuditReport(False, position, entry.id, msg.AUDIT_LINK_BROKEN.format(**where))
        digest = row_hash(entry.prev_hash, entry.at, entry.actor_id, entry.actor_name, entry.action,
                          entry.object_type, entry.object_id, entry.detail)
        if digest != entry.row_hash:
            return AuditReport(False, position, entry.id, msg.AUDIT_ROW_ALTERED.format(**where))
        expected_prev = entry.row_hash
    head = session.get(AuditHead, 1)
    if head is None or head.last_hash != expected_prev or head.length != position:
        return AuditReport(False, position, None, msg.AUDIT_TAIL_MISSING.format(
            expected=head.length if head else 0, rows=position))
    return AuditReport(True, position, None, msg.AUDIT_OK.format(rows=position))


def entries_frame(entries: list[AuditEntry]) -> pd.DataFrame:
    """Audit rows as a table (time, actor, action label, object, detail)."""
    return pd.DataFrame(
        [{"id": e.id, "at": e.at, "actor": e.actor_name, "action": msg.ACTION_LABELS.get(e.action, e.action),
          "object_type": e.object_type, "object_id": e.object_id, "detail": json.loads(e.detail)} for e in entries],
        columns=["id", "at", "actor", "action", "object_type", "object_id", "detail"])


def object_history(session: Session, object_type: str, object_id: int) -> list[AuditEntry]:
    """Every row about one object, oldest first (callers check the actor may see the object)."""
    stmt = (select(AuditEntry).where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
            .order_by(AuditEntry.id))
    return list(session.execute(stmt).scalars())
