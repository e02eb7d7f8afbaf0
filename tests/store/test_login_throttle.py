"""Failed log-ins slow down the source that makes them, per user name and source, without locking the real user
out; they are kept as counts (bounded audit rows); the bureau can clear a throttle."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from scoring.store import auth, db
from scoring.store import messages as msg
from scoring.store.actors import SYSTEM
from scoring.store.errors import AuthenticationFailed, PermissionDenied
from scoring.store.models import AuditEntry, LoginThrottle

from ..cli_runner import invoke
from .world import PASSWORD

T0 = dt.datetime(2026, 12, 1, 9, 0)
ATTACKER, OFFICE = "203.0.113.9", "10.20.0.5"


def _try(engine, username, password, source, now=T0):
    """The user name signed in, None for a wrong password, or the refusal message."""
    try:
        with db.session_scope(engine) as s:
            actor = auth.login(s, username, password, source, now)
            return actor.username if actor else None
    except AuthenticationFailed as err:
        return err.message


def _guess(engine, username, times, source=ATTACKER, now=T0):
    return [_try(engine, username, "wrong password", source, now) for _ in range(times)]


def _audit_rows(engine) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(AuditEntry)).scalar()


def test_four_failures_still_let_the_right_password_in_from_the_same_source(engine, world):
    assert _guess(engine, "admin", auth.NAME_FAILURES - 1) == [None] * (auth.NAME_FAILURES - 1)
    assert _try(engine, "admin", PASSWORD, ATTACKER) == "admin"


def test_guessing_refuses_the_guessing_source_but_the_real_user_elsewhere_signs_in(engine, world):
    _guess(engine, "admin", auth.NAME_FAILURES)
    refused = _try(engine, "admin", PASSWORD, ATTACKER)
    assert refused == msg.LOGIN_THROTTLED.format(minutes=1)
    assert _try(engine, "admin", PASSWORD, OFFICE) == "admin"
    assert _try(engine, "reviewer_a", PASSWORD, ATTACKER) == "reviewer_a"  # other names from that source too


def test_the_delay_grows_with_each_block_and_ends_when_it_has_passed(engine, world):
    _guess(engine, "admin", auth.NAME_FAILURES)
    later = T0 + auth.FIRST_DELAY + dt.timedelta(seconds=1)
    assert _try(engine, "admin", PASSWORD, ATTACKER, later) == "admin"  # a success clears the count
    _guess(engine, "admin", auth.NAME_FAILURES, now=later)
    second = later + auth.FIRST_DELAY + dt.timedelta(seconds=1)
    _guess(engine, "admin", auth.NAME_FAILURES, now=second)  # blocked for 1 min, then 2 min
    assert _try(engine, "admin", PASSWORD, ATTACKER, second + dt.timedelta(seconds=90)) == \
        msg.LOGIN_THROTTLED.format(minutes=1)
    assert _try(engine, "admin", PASSWORD, ATTACKER, second + dt.timedelta(minutes=2, seconds=1)) == "admin"


def test_one_source_trying_many_names_is_capped(engine, world):
    for n in range(auth.SOURCE_FAILURES):
        assert _try(engine, f"name{n}", "wrong password", ATTACKER) is None
    assert _try(engine, "reviewer_a", PASSWORD, ATTACKER) == msg.LOGIN_SOURCE_THROTTLED.format(minutes=1)
    assert _try(engine, "reviewer_a", PASSWORD, OFFICE) == "reviewer_a"


def test_a_hundred_bad_guesses_write_a_handful_of_rows(engine, world):
    before = _audit_rows(engine)
    for n in range(100):  # a minute apart: every block expires, the delay keeps doubling
        _try(engine, "admin", f"guess {n}", ATTACKER, T0 + dt.timedelta(minutes=n))
    with engine.connect() as c:
        throttle_rows = c.execute(select(func.count()).select_from(LoginThrottle)).scalar()
        actions = c.execute(select(AuditEntry.action).where(AuditEntry.id > before)).scalars().all()
    assert throttle_rows == 2  # (admin, source) and (any name, source)
    assert len(actions) <= 16, actions
    assert set(actions) <= {"login_failed", "login_throttled"}
    assert _try(engine, "admin", PASSWORD, OFFICE, T0 + dt.timedelta(minutes=100)) == "admin"


def test_unlock_clears_the_throttle_of_a_name_and_is_audited(engine, world):
    _guess(engine, "admin", auth.NAME_FAILURES)
    with db.session_scope(engine) as s:
        shown = auth.throttles(s, world.admin, T0)
        assert [(t.username, t.source, t.blocked_until is not None) for t in shown] == \
            [("*", ATTACKER, False), ("admin", ATTACKER, True)]
        assert auth.unlock(s, SYSTEM, "admin") == 1
    assert _try(engine, "admin", PASSWORD, ATTACKER) == "admin"
    with engine.connect() as c:
        row = c.execute(select(AuditEntry).where(AuditEntry.action == "login_unlocked")).one()
    assert '"username":"admin"' in row.detail


def test_only_the_bureau_may_unlock(engine, world):
    with pytest.raises(PermissionDenied):
        with db.session_scope(engine) as s:
            auth.unlock(s, world.reviewer_a, "admin")
    with pytest.raises(auth.AccountInvalid, match=msg.LOGIN_UNLOCK_NAME_REQUIRED):
        with db.session_scope(engine) as s:
            auth.unlock(s, world.admin, "  ")


def test_the_conflict_message_says_to_save_again_not_to_refresh():
    for text in (msg.CONFLICT.format(current=3, expected=2), msg.CONFLICT_CONCURRENT):
        assert "重新保存" in text and "刷新" not in text


def test_the_command_line_unlocks_a_name(engine, world, monkeypatch):
    from .conftest import url_of

    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    _guess(engine, "admin", auth.NAME_FAILURES)
    assert _try(engine, "admin", PASSWORD, ATTACKER) == msg.LOGIN_THROTTLED.format(minutes=1)
    done = invoke(["admin", "unlock", "admin"])
    assert done.exit_code == 0, done.stderr
    assert "已解除 admin 的登录限制（清除 1 条记录）" in done.stdout
    assert _try(engine, "admin", PASSWORD, ATTACKER) == "admin"
    with engine.connect() as c:
        actors = c.execute(select(AuditEntry.actor_name).where(AuditEntry.action == "login_unlocked")).scalars()
        assert list(actors) == [SYSTEM.label]


def test_the_command_line_sets_the_idle_timeout_and_the_proxy_trust(engine, world, monkeypatch):
    from scoring.store import settings

    from .conftest import url_of

    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    assert invoke(["settings", "set", "session.idle_hours", "10"]).exit_code == 0
    assert invoke(["settings", "set", "login.trust_forwarded_for", "true"]).exit_code == 0
    bad = invoke(["settings", "set", "session.idle_hours", "forever"])
    assert bad.exit_code == 2 and "session.idle_hours" in bad.stderr and "Traceback" not in bad.stderr
    with db.session_scope(engine) as s:
        assert settings.idle_timeout(s) == dt.timedelta(hours=10)
        assert settings.trust_forwarded_for(s) is True


def test_the_source_is_the_peer_unless_a_trusted_proxy_names_the_client():
    from scoring.store.sessions import client_source

    assert client_source("203.0.113.9", "1.2.3.4", False) == "203.0.113.9"
    assert client_source("10.0.0.1", "1.2.3.4, 198.51.100.7", True) == "198.51.100.7"
    assert client_source("127.0.0.1", None, False) == client_source(None, None, True) == "local"


def test_old_throttles_that_block_nothing_are_forgotten(engine, world):
    _guess(engine, "admin", 2)
    _guess(engine, "reviewer_a", 1, now=T0 + auth.THROTTLE_FORGET + dt.timedelta(minutes=1))
    with engine.connect() as c:
        names = set(c.execute(select(LoginThrottle.username)).scalars())
    assert names == {"reviewer_a", "*"}
