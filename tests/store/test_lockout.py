"""Repeated failed log-ins lock the user name for a while, even against the right password; the log says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from scoring.store import auth, db
from scoring.store.errors import AuthenticationFailed
from scoring.store.models import AuditEntry

from .conftest import tampering
from .world import PASSWORD


def _fail(engine, username: str, times: int) -> None:
    for _ in range(times):
        with db.session_scope(engine) as s:
            assert auth.login(s, username, "wrong password") is None


def test_four_failures_still_let_the_right_password_in(engine, world):
    _fail(engine, "reviewer_a", auth.LOCKOUT_FAILURES - 1)
    with db.session_scope(engine) as s:
        assert auth.login(s, "reviewer_a", PASSWORD).username == "reviewer_a"


def test_five_failures_lock_the_user_name_even_for_the_right_password(engine, world):
    _fail(engine, "reviewer_a", auth.LOCKOUT_FAILURES)
    with pytest.raises(AuthenticationFailed, match="暂停登录 15 分钟"):
        with db.session_scope(engine) as s:
            auth.login(s, "reviewer_a", PASSWORD)
    with db.session_scope(engine) as s:  # other user names are not affected
        assert auth.login(s, "reviewer_b", PASSWORD).username == "reviewer_b"


def test_the_lock_ends_when_the_failures_are_older_than_the_window(engine, world):
    _fail(engine, "reviewer_a", auth.LOCKOUT_FAILURES)
    with tampering(engine) as c:  # move the failures back in time (the chain is not verified here)
        c.execute(update(AuditEntry).where(AuditEntry.action == "login_failed")
                  .values(at=AuditEntry.at - auth.LOCKOUT_WINDOW - dt.timedelta(minutes=1)))
    with db.session_scope(engine) as s:
        assert auth.login(s, "reviewer_a", PASSWORD).username == "reviewer_a"


def test_failures_of_an_unknown_user_name_lock_it_too(engine, world):
    _fail(engine, "nobody", auth.LOCKOUT_FAILURES)
    with db.session_scope(engine) as s:
        assert auth.recent_failures(s, "nobody") == auth.LOCKOUT_FAILURES
        assert auth.recent_failures(s, "reviewer_a") == 0
