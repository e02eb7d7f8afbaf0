"""The audit log is a keyed hash chain: any change, insertion or deletion is found, and the first broken row named,
even when the tamperer recomputes the chain without the key."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from scoring.store import audit, db
from scoring.store import messages as msg
from scoring.store.actors import SYSTEM
from scoring.store.models import AuditEntry

from ..cli_runner import invoke
from .conftest import tampering, url_of


def _five_rows(engine) -> list[int]:
    with db.session_scope(engine) as s:
        rows = [audit.record(s, SYSTEM, "export", "round", n, what=f"第{n}次") for n in range(5)]
    return [r.id for r in rows]


def test_an_untouched_chain_verifies(engine):
    _five_rows(engine)
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert (report.ok, report.rows, report.broken_id) == (True, 5, None)


def test_changing_a_rows_detail_is_reported_at_that_row(engine):
    ids = _five_rows(engine)
    with tampering(engine) as c:
        c.execute(update(AuditEntry).where(AuditEntry.id == ids[2]).values(detail='{"what":"改过"}'))
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert (report.ok, report.broken_id) == (False, ids[2])
    assert "第 3 条记录" in report.message


def test_rehashing_a_changed_row_without_the_key_is_reported_at_that_row(engine):
    ids = _five_rows(engine)
    with tampering(engine) as c:
        row = c.execute(select(AuditEntry.__table__).where(AuditEntry.id == ids[1])).one()
        forged = audit.row_hash(row.prev_hash, row.at, row.actor_id, "冒名者", row.action, row.object_type,
                                row.object_id, row.detail)
        c.execute(update(AuditEntry).where(AuditEntry.id == ids[1]).values(actor_name="冒名者", row_hash=forged))
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert (report.ok, report.broken_id) == (False, ids[1])


def test_rewriting_the_whole_chain_and_head_without_the_key_fails(engine):
    """The attack the plain SHA-256 chain could not catch: edit a row, recompute every later hash and the head."""
    ids = _five_rows(engine)
    with tampering(engine) as c:
        rows = c.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()
        prev = audit.GENESIS
        for row in rows:
            name = "冒名者" if row.id == ids[2] else row.actor_name
            digest = audit.row_hash(prev, row.at, row.actor_id, name, row.action, row.object_type, row.object_id,
                                    row.detail)
            c.execute(update(AuditEntry).where(AuditEntry.id == row.id)
                      .values(actor_name=name, prev_hash=prev, row_hash=digest))
            prev = digest
        c.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert not report.ok


def test_a_key_that_is_not_the_chains_is_reported_as_a_forged_head(engine, monkeypatch):
    _five_rows(engine)
    monkeypatch.setenv("TSP_SECRET_KEY", base64.b64encode(bytes(32)).decode())
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert not report.ok and report.message == msg.AUDIT_HEAD_FORGED


def test_the_application_cannot_update_or_delete_audit_rows_on_postgresql(engine):
    ids = _five_rows(engine)
    if engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    for statement in (update(AuditEntry).where(AuditEntry.id == ids[0]).values(action="login"),
                      delete(AuditEntry).where(AuditEntry.id == ids[0])):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as c:
                c.execute(statement)


def test_deleting_a_row_in_the_middle_is_reported_at_the_next_row(engine):
    ids = _five_rows(engine)
    with tampering(engine) as c:
        c.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[3]})
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert (report.ok, report.broken_id) == (False, ids[4])


def test_deleting_the_last_rows_is_caught_by_the_head(engine):
    ids = _five_rows(engine)
    with tampering(engine) as c:
        c.execute(text("DELETE FROM audit_log WHERE id >= :id"), {"id": ids[3]})
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert not report.ok and report.rows == 3 and "末尾" in report.message


def test_rows_record_actor_action_object_and_detail(engine, world):
    with db.session_scope(engine) as s:
        entry = audit.record(s, world.reviewer_a, "item_overridden", "submission", 7, item_id="P01", score="1.5")
    entry_id = entry.id
    with db.session_scope(engine) as s:
        row = s.get(AuditEntry, entry_id)
        assert (row.actor_id, row.actor_name, row.action, row.object_type, row.object_id) == (
            world.reviewer_a.user_id, "reviewer_a用户（reviewer_a）", "item_overridden", "submission", 7)
        assert audit.entries_frame([row]).loc[0, "detail"] == {"item_id": "P01", "score": "1.5"}
        assert [e.id for e in audit.object_history(s, "submission", 7)] == [entry_id]


def test_cli_audit_verify_exits_0_when_intact_and_1_naming_the_broken_row(engine, monkeypatch):
    ids = _five_rows(engine)
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    ok = invoke(["audit", "verify"])
    assert ok.exit_code == 0 and "共 5 条记录" in ok.stdout
    with tampering(engine) as c:
        c.execute(update(AuditEntry).where(AuditEntry.id == ids[0]).values(action="login"))
    broken = invoke(["audit", "verify"])
    assert broken.exit_code == 1
    assert f"#{ids[0]}" in broken.stderr and "Traceback" not in broken.stderr
    with engine.connect() as c:
        assert c.execute(select(AuditEntry.action).where(AuditEntry.id == ids[0])).scalar() == "login"


def test_concurrent_writers_extend_one_chain_without_forking_it(engine):
    import threading

    errors = []

    def writer(n: int) -> None:
        try:
            for k in range(10):
                with db.session_scope(engine) as s:
                    audit.record(s, SYSTEM, "export", "round", n, step=k)
        except Exception as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with db.session_scope(engine) as s:
        report = audit.verify(s)
    assert (report.ok, report.rows) == (True, 30)
