"""The append-only audit log: who did what, when. Each row carries a keyed MAC over its fields and the previous
row's MAC, so the rows form a chain that nobody without the key can rewrite.

``record`` queues a row in the caller's transaction; the rows are chained and written when that transaction
commits (so the log and the change commit together or not at all). Chaining takes the single head row's lock
*last*, after the transaction's own changes are flushed, and holds it only for the commit itself: the head is
never held while a transaction waits for another lock, so it cannot take part in a deadlock, and a log-in waits
milliseconds for an import's commit instead of the whole import. Row IDs are assigned under that lock, so ID
order is chain order.

The MAC is HMAC-SHA256 with a key derived from the evidence key (``crypto.chain_key``; kept across key rotations), which never enters the
database: someone who can write to the database can edit a row, but cannot compute the MAC that makes the edit
pass. The head row carries a MAC over the chain's length and last MAC, so deleting rows at the end is caught too.
Rows written before the chain was keyed (``legacy_rows`` of the head) keep their plain SHA-256; the first keyed row
links to the last of them, which seals them.

``verify`` recomputes the chain in one consistent snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite), so rows appended meanwhile never look like deleted ones, and can start from a keyed checkpoint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from . import messages as msg
from .actors import Actor
from .crypto import chain_key
from .errors import KeyMismatch, KeyUnusable
from .models import AuditCheckpoint, AuditEntry, AuditHead, utcnow

GENESIS = "0" * 64
LOG = logging.getLogger("tsp.store")
_PENDING = "audit_pending"
_SURVIVORS = "audit_failures"


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


def _payload(prev_hash: str, at: dt.datetime, actor_id: int | None, actor_name: str, action: str,
             object_type: str | None, object_id: int | None, detail: str) -> bytes:
    return canonical_json([prev_hash, at.isoformat(timespec="microseconds"), actor_id, actor_name, action,
                           object_type, object_id, detail]).encode("utf-8")


def row_hash(prev_hash: str, at: dt.datetime, actor_id: int | None, actor_name: str, action: str,
             object_type: str | None, object_id: int | None, detail: str) -> str:
    """Plain SHA-256 over the row's fields and the previous row's hash (rows written before the chain was keyed)."""
    return hashlib.sha256(_payload(prev_hash, at, actor_id, actor_name, action, object_type, object_id,
                                   detail)).hexdigest()


def row_mac(key: bytes, prev_hash: str, at: dt.datetime, actor_id: int | None, actor_name: str, action: str,
            object_type: str | None, object_id: int | None, detail: str) -> str:
    """HMAC-SHA256 with the audit key over the row's fields and the previous row's MAC."""
    return hmac.new(key, _payload(prev_hash, at, actor_id, actor_name, action, object_type, object_id, detail),
                    hashlib.sha256).hexdigest()


def _mac(key: bytes, *fields: Any) -> str:
    return hmac.new(key, canonical_json(list(fields)).encode("utf-8"), hashlib.sha256).hexdigest()


def head_mac(key: bytes, length: int, last_hash: str, legacy_rows: int) -> str:
    """The head's MAC: binds the chain's length, last MAC and count of unkeyed rows."""
    return _mac(key, "head", length, last_hash, legacy_rows)


def checkpoint_mac(key: bytes, rows: int, last_id: int, last_hash: str) -> str:
    return _mac(key, "checkpoint", rows, last_id, last_hash)


def record(session: Session, actor: Actor | None, action: str, object_type: str | None = None,
           object_id: int | None = None, **detail: Any) -> AuditEntry:
    """Queue one row (``actor`` None for an anonymous event such as a failed log-in); it is chained and written
    when the session's transaction commits, and dropped with it on rollback."""
    entry = AuditEntry(at=utcnow(), actor_id=actor.user_id if actor else None,
                       actor_name=actor.label if actor else "-", action=action, object_type=object_type,
                       object_id=object_id, detail=canonical_json(detail))
    session.info.setdefault(_PENDING, []).append(entry)
    return entry


@event.listens_for(Session, "before_commit")
def _chain_at_commit(session: Session) -> None:
    if not session.in_nested_transaction():
        _chain_pending(session)


@event.listens_for(Session, "do_orm_execute")
def _chain_before_reading_the_log(state) -> None:
    """A transaction that reads the log after writing to it (a history shown right after a change) sees its own
    rows: they are chained at that point instead of at commit."""
    if state.is_select and (state.session.info.get(_PENDING) or state.session.info.get(_SURVIVORS)) and \
            AuditEntry.__table__ in find_tables(state.statement, include_selects=True):
        _chain_pending(state.session)


def _chain_pending(session: Session) -> None:
    """Write the transaction's queued rows: its own changes first, then the head lock, the chain and the head."""
    for actor, action, object_type, object_id, detail in session.info.pop(_SURVIVORS, ()):
        record(session, actor, action, object_type, object_id, **detail)
    entries = session.info.get(_PENDING)
    if not entries:
        return
    session.flush()
    key = chain_key(session)
    head = _locked_head(session)
    if head.mac is None:
        head.legacy_rows = head.length  # the first keyed row seals whatever was written before
    elif not hmac.compare_digest(head.mac, head_mac(key, head.length, head.last_hash, head.legacy_rows)):
        raise KeyMismatch(msg.AUDIT_WRONG_KEY)  # never extend the chain with a key that is not its own
    prev = head.last_hash
    for entry in entries:
        entry.prev_hash = prev
        entry.row_hash = row_mac(key, prev, entry.at, entry.actor_id, entry.actor_name, entry.action,
                                 entry.object_type, entry.object_id, entry.detail)
        prev = entry.row_hash
        session.add(entry)
    head.length += len(entries)
    head.last_hash = prev
    head.mac = head_mac(key, head.length, head.last_hash, head.legacy_rows)
    session.info[_PENDING] = []
    session.flush()


def record_failure(session: Session, actor: Actor | None, action: str, object_type: str | None = None,
                   object_id: int | None = None, **detail: Any) -> None:
    """Log a refused or failed action that is about to raise: the row is written with the transaction when it
    commits, and in a transaction of its own when it rolls back (so the failure is never lost with it)."""
    session.info.setdefault(_SURVIVORS, []).append((actor, action, object_type, object_id, detail))


@event.listens_for(Session, "after_transaction_end")
def _end_of_transaction(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING, None)
    survivors = session.info.pop(_SURVIVORS, None)
    if survivors:
        try:
            with Session(session.get_bind(), expire_on_commit=False) as own:
                for actor, action, object_type, object_id, detail in survivors:
                    record(own, actor, action, object_type, object_id, **detail)
                own.commit()
        except (KeyMismatch, KeyUnusable) as err:  # without the chain's key nothing can be appended
            LOG.error("audit rows not written (%s): %s", err.message, survivors)


def _locked_head(session: Session) -> AuditHead:
    stmt = select(AuditHead).where(AuditHead.id == 1).with_for_update().execution_options(populate_existing=True)
    return session.execute(stmt).scalar_one()


def seal_head(session: Session) -> None:
    """Give an unkeyed head (a database from before the keyed chain) its MAC, sealing the rows it counts."""
    head = _locked_head(session)
    if head.mac is None:
        head.legacy_rows = head.length
        head.mac = head_mac(chain_key(session), head.length, head.last_hash, head.legacy_rows)


@dataclass(frozen=True)
class AuditReport:
    """The outcome of ``verify``: ``ok``, the rows checked, and the first broken row's ID with a Chinese message;
    ``last_id``/``last_hash`` is where a verified chain ends (for a checkpoint), ``from_rows`` where it started."""

    ok: bool
    rows: int
    broken_id: int | None
    message: str
    last_id: int | None = None
    last_hash: str | None = None
    from_rows: int = 0


Progress = Callable[[int, int], None]


def _snapshot(session: Session) -> bool:
    """Start the session's transaction as a consistent snapshot; False when it had already started."""
    if session.in_transaction() and session.get_transaction()._connections:  # noqa: SLF001 - no public probe
        return False
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        session.connection()
    return True


def verify(session: Session, batch: int = 2000, *, incremental: bool = False,
           progress: Progress | None = None) -> AuditReport:
    """Recompute the chain in ID order (from the newest keyed checkpoint when ``incremental``); report the first
    row whose MAC or link does not hold, a forged head, or a missing tail."""
    snapshot = _snapshot(session)
    key = chain_key(session)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is None:
        return AuditReport(False, 0, None, msg.AUDIT_TAIL_MISSING.format(expected=0, rows=0))
    if head.mac is None and head.length > 0:
        return AuditReport(False, 0, None, msg.AUDIT_HEAD_UNSEALED)
    if head.mac is not None and not hmac.compare_digest(
            head.mac, head_mac(key, head.length, head.last_hash, head.legacy_rows)):
        return AuditReport(False, 0, None, msg.AUDIT_HEAD_FORGED)
    expected_prev, position, after_id = GENESIS, 0, 0
    if incremental:
        start = _checkpoint_start(session, key)
        if isinstance(start, AuditReport):
            return start
        if start is not None:
            position, after_id, expected_prev = start
    from_rows = position
    stmt = select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id)
    if not snapshot:  # rows committed after the head was read lie beyond its length
        stmt = stmt.limit(max(head.length - position, 0))
    last_id = after_id or None
    for entry in session.execute(stmt.execution_options(yield_per=batch)).scalars():
        position += 1
        where = dict(position=position, id=entry.id, at=entry.at.isoformat(sep=" ", timespec="seconds"),
                     action=msg.ACTION_LABELS.get(entry.action, entry.action))
        if entry.prev_hash != expected_prev:
            return AuditReport(False, position, entry.id, msg.AUDIT_LINK_BROKEN.format(**where))
        fields = (entry.prev_hash, entry.at, entry.actor_id, entry.actor_name, entry.action, entry.object_type,
                  entry.object_id, entry.detail)
        digest = row_hash(*fields) if position <= head.legacy_rows else row_mac(key, *fields)
        if not hmac.compare_digest(digest, entry.row_hash):
            return AuditReport(False, position, entry.id, msg.AUDIT_ROW_ALTERED.format(**where))
        expected_prev, last_id = entry.row_hash, entry.id
        if progress is not None and position % batch == 0:
            progress(position, head.length)
    if head.last_hash != expected_prev or head.length != position:
        return AuditReport(False, position, None, msg.AUDIT_TAIL_MISSING.format(expected=head.length, rows=position))
    if progress is not None:
        progress(position, head.length)
    return AuditReport(True, position, None, msg.AUDIT_OK.format(rows=position), last_id, expected_prev, from_rows)


def _checkpoint_start(session: Session, key: bytes) -> tuple[int, int, str] | AuditReport | None:
    """(rows, last ID, last MAC) of the newest checkpoint, after checking it is genuine and its row unchanged."""
    checkpoint = session.execute(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)).scalar()
    if checkpoint is None:
        return None
    if not hmac.compare_digest(checkpoint.mac, checkpoint_mac(key, checkpoint.rows, checkpoint.last_id,
                                                              checkpoint.last_hash)):
        return AuditReport(False, 0, None, msg.AUDIT_CHECKPOINT_FORGED.format(id=checkpoint.id))
    row = session.get(AuditEntry, checkpoint.last_id)
    count = session.execute(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.id <= checkpoint.last_id)).scalar_one()
    if row is None or row.row_hash != checkpoint.last_hash or count != checkpoint.rows:
        return AuditReport(False, count, checkpoint.last_id, msg.AUDIT_BEFORE_CHECKPOINT.format(
            rows=checkpoint.rows, id=checkpoint.last_id, found=count))
    return checkpoint.rows, checkpoint.last_id, checkpoint.last_hash


def save_checkpoint(session: Session, report: AuditReport) -> None:
    """Remember a verified chain's end (keyed), so the next incremental verify starts there."""
    if not report.ok or report.last_id is None:
        return
    session.add(AuditCheckpoint(rows=report.rows, last_id=report.last_id, last_hash=report.last_hash,
                                mac=checkpoint_mac(chain_key(session), report.rows, report.last_id, report.last_hash)))


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
