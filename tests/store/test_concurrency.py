"""Several writers at once: the admin's selection beside single-submission reviews surfaces no error and leaves a
valid chain; ``audit verify`` beside live appends raises no false alarm; a client that holds a transaction open is
cut off and others' log-ins go through."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from scoring.store import audit, auth, db, ranking, workflow
from scoring.store.actors import SYSTEM

from .conftest import url_of
from .test_ranking import _reviewed
from .world import PASSWORD

ROUND = 2026


def _run_threads(targets, timeout: float = 120) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as err:  # noqa: BLE001 - collected and asserted below
                errors.append(err)
        return run

    threads = [threading.Thread(target=guarded(fn)) for fn in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    return errors


def test_selection_beside_single_submission_reviews_surfaces_no_error_and_keeps_the_chain(engine, world):
    """Bounded: 1 admin × 6 select/deselect rounds of 4 submissions, 2 reviewers × 8 reopen/complete pairs."""
    with db.session_scope(engine) as s:
        chosen = [_reviewed(s, world, f"入选{n}", n, {}).id for n in range(4)]
        toggled = [_reviewed(s, world, f"复核{n}", 10 + n, {}).id for n in range(2)]

    def admin() -> None:
        for n in range(6):
            ids = chosen if n % 2 == 0 else list(reversed(chosen))
            db.run_in_transaction(engine, lambda s: ranking.select_submissions(s, world.admin, ROUND, ids))
            db.run_in_transaction(engine, lambda s: ranking.deselect_submissions(s, world.admin, ROUND, ids,
                                                                                 note="重新比较"))

    def reviewer(submission_id: int) -> None:
        for _ in range(8):
            db.run_in_transaction(engine, lambda s: workflow.transition(s, world.reviewer_a, submission_id,
                                                                        "reopen_review", note="再看一遍"))
            db.run_in_transaction(engine, lambda s: workflow.transition(s, world.reviewer_a, submission_id,
                                                                        "complete_review"))

    errors = _run_threads([admin, *(lambda sid=sid: reviewer(sid) for sid in toggled)])
    assert errors == []
    with db.session_scope(engine, readonly=True) as s:
        report = audit.verify(s)
    assert report.ok, report.message
    with db.session_scope(engine, readonly=True) as s:
        counts = dict(s.execute(text("SELECT action, count(*) FROM audit_log WHERE action IN "
                                     "('select', 'deselect', 'reopen_review') GROUP BY action")).all())
    assert counts == {"select": 24, "deselect": 24, "reopen_review": 16}


def test_verify_beside_live_appends_reports_no_false_alarm(engine):
    with db.session_scope(engine) as s:
        for n in range(4):
            audit.record(s, SYSTEM, "export", "round", n)
    appended = threading.Event()

    def append_while_verifying(done: int, _total: int) -> None:
        if done == 2 and not appended.is_set():  # the verify is half-way through the rows
            def writer() -> None:
                for n in range(3):
                    with db.session_scope(engine) as s:
                        audit.record(s, SYSTEM, "export", "round", 100 + n)
            assert _run_threads([writer], timeout=60) == []
            appended.set()

    with db.session_scope(engine, readonly=True) as s:
        report = audit.verify(s, batch=1, progress=append_while_verifying)
    assert appended.is_set()
    assert (report.ok, report.rows) == (True, 4), report.message
    with db.session_scope(engine, readonly=True) as s:
        assert (audit.verify(s).ok, audit.verify(s).rows) == (True, 7)


def test_incremental_verify_starts_at_the_keyed_checkpoint_and_still_sees_later_tampering(engine):
    with db.session_scope(engine) as s:
        for n in range(5):
            audit.record(s, SYSTEM, "export", "round", n)
    with db.session_scope(engine, readonly=True) as s:
        full = audit.verify(s)
    with db.session_scope(engine) as s:
        audit.save_checkpoint(s, full)
        for n in range(3):
            audit.record(s, SYSTEM, "export", "round", 10 + n)
    with db.session_scope(engine, readonly=True) as s:
        report = audit.verify(s, incremental=True)
    assert (report.ok, report.rows, report.from_rows) == (True, 8, 5)
    from .conftest import tampering

    with tampering(engine) as c:
        c.execute(text("UPDATE audit_checkpoints SET rows = 4"))
    with db.session_scope(engine, readonly=True) as s:
        forged = audit.verify(s, incremental=True)
    assert not forged.ok and "校验点" in forged.message


@pytest.mark.postgres
def test_a_client_holding_a_transaction_open_is_cut_off_and_log_ins_succeed(engine, world, monkeypatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("the timeouts are PostgreSQL settings")
    monkeypatch.setenv("TSP_DB_LOCK_TIMEOUT_MS", "300")
    monkeypatch.setenv("TSP_DB_IDLE_TIMEOUT_MS", "1000")
    limited = db.make_engine(url_of(engine))
    try:
        stuck = limited.connect()
        stuck.execute(text("SELECT * FROM audit_head FOR UPDATE"))  # a frozen client holding the head
        stuck.execute(text("SELECT * FROM users FOR UPDATE"))       # ... and every account row
        started = time.monotonic()
        actor = db.run_in_transaction(limited, lambda s: auth.login(s, "reviewer_b", PASSWORD))
        waited = time.monotonic() - started
        assert actor is not None and actor.username == "reviewer_b"
        assert waited < 10
        with pytest.raises(Exception, match="idle-in-transaction|terminat|closed"):
            stuck.execute(text("SELECT 1"))
        stuck.invalidate()
        with limited.connect() as c:
            assert c.execute(text("SHOW lock_timeout")).scalar() == "300ms"
            assert c.execute(text("SHOW statement_timeout")).scalar() == "30s"
    finally:
        limited.dispose()
