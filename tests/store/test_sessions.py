"""Sign-in sessions live in the database: a token the browser holds signs it in until it is idle too long, logs
out, is deactivated or changes its password. Tickets are single use and short-lived. The clock is injected."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scoring.store import auth, db, sessions, settings
from scoring.store.actors import SYSTEM
from scoring.store.errors import SettingInvalid
from scoring.store.models import SignInSession, SignInTicket

from .world import PASSWORD

T0 = dt.datetime(2026, 12, 1, 9, 0)


def _session_for(engine, actor, now=T0) -> str:
    with db.session_scope(engine) as s:
        return sessions.create_session(s, actor.user_id, "10.0.0.1", now)


def _who(engine, token, now):
    with db.session_scope(engine) as s:
        found = sessions.lookup(s, token, now)
        return found.username if found else None


def test_a_token_signs_its_user_in_and_only_its_hash_is_stored(engine, world):
    token = _session_for(engine, world.reviewer_a)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert _who(engine, token, T0) == "reviewer_a"
    assert _who(engine, token + "x", T0) is None and _who(engine, "", T0) is None
    with db.session_scope(engine) as s:
        stored = s.execute(select(SignInSession.token_hash)).scalars().all()
    assert stored == [sessions.digest(token)] and token not in stored


def test_activity_keeps_a_session_open_and_idle_time_ends_it(engine, world):
    token = _session_for(engine, world.reviewer_a)
    assert _who(engine, token, T0 + dt.timedelta(hours=7, minutes=59)) == "reviewer_a"  # touches it
    assert _who(engine, token, T0 + dt.timedelta(hours=15, minutes=58)) == "reviewer_a"  # 8 h after the touch
    assert _who(engine, token, T0 + dt.timedelta(hours=24)) is None


def test_the_idle_timeout_is_a_setting(engine, world):
    with db.session_scope(engine) as s:
        assert settings.idle_timeout(s) == dt.timedelta(hours=8)
        settings.set_setting(s, SYSTEM, settings.SESSION_IDLE_HOURS, 1)
    token = _session_for(engine, world.reviewer_a)
    assert _who(engine, token, T0 + dt.timedelta(minutes=59)) == "reviewer_a"
    assert _who(engine, token, T0 + dt.timedelta(minutes=59 + 61)) is None
    with pytest.raises(SettingInvalid):
        with db.session_scope(engine) as s:
            settings.set_setting(s, SYSTEM, settings.SESSION_IDLE_HOURS, 0)


def test_log_out_revokes_only_that_browser(engine, world):
    first, second = _session_for(engine, world.reviewer_a), _session_for(engine, world.reviewer_a)
    with db.session_scope(engine) as s:
        assert sessions.revoke(s, first, T0)
        assert not sessions.revoke(s, first, T0)
    assert _who(engine, first, T0) is None
    assert _who(engine, second, T0) == "reviewer_a"


def test_deactivation_revokes_every_session_of_the_account_at_once(engine, world):
    token = _session_for(engine, world.reviewer_a)
    other = _session_for(engine, world.reviewer_b)
    with db.session_scope(engine) as s:
        auth.set_active(s, world.admin, world.reviewer_a.user_id, False)
    assert _who(engine, token, T0) is None
    with db.session_scope(engine) as s:  # reactivating does not bring the old session back
        auth.set_active(s, world.admin, world.reviewer_a.user_id, True)
    assert _who(engine, token, T0) is None
    assert _who(engine, other, T0) == "reviewer_b"


def test_a_password_change_ends_the_other_sessions_and_keeps_the_one_making_it(engine, world):
    here, elsewhere = _session_for(engine, world.reviewer_a), _session_for(engine, world.reviewer_a)
    with db.session_scope(engine) as s:
        auth.change_password(s, world.reviewer_a, PASSWORD, "a brand new password", keep_session=here)
    assert _who(engine, here, T0) == "reviewer_a"
    assert _who(engine, elsewhere, T0) is None
    with db.session_scope(engine) as s:  # without a session to keep, every one ends
        auth.change_password(s, world.reviewer_a, "a brand new password", "yet another password")
    assert _who(engine, here, T0) is None


def test_a_ticket_is_redeemed_once_for_a_session(engine, world):
    with db.session_scope(engine) as s:
        ticket = sessions.issue_ticket(s, world.admin.user_id, T0)
    with db.session_scope(engine) as s:
        token = sessions.redeem_ticket(s, ticket, "10.0.0.1", T0 + dt.timedelta(seconds=5))
    assert token and _who(engine, token, T0) == "admin"
    with db.session_scope(engine) as s:
        assert sessions.redeem_ticket(s, ticket, "10.0.0.2", T0 + dt.timedelta(seconds=6)) is None
        assert s.execute(select(SignInTicket.ticket_hash)).scalar_one() == sessions.digest(ticket)


def test_a_ticket_expires_after_its_lifetime(engine, world):
    with db.session_scope(engine) as s:
        ticket = sessions.issue_ticket(s, world.admin.user_id, T0)
    with db.session_scope(engine) as s:
        late = T0 + sessions.TICKET_LIFETIME + dt.timedelta(seconds=1)
        assert sessions.redeem_ticket(s, ticket, "10.0.0.1", late) is None
        assert sessions.redeem_ticket(s, "made-up", "10.0.0.1", T0) is None


def test_a_ticket_of_a_deactivated_account_gives_no_session(engine, world):
    with db.session_scope(engine) as s:
        ticket = sessions.issue_ticket(s, world.reviewer_a.user_id, T0)
        auth.set_active(s, world.admin, world.reviewer_a.user_id, False)
    with db.session_scope(engine) as s:
        assert sessions.redeem_ticket(s, ticket, "10.0.0.1", T0) is None


def test_ended_sessions_are_forgotten_when_new_ones_are_made(engine, world):
    old = _session_for(engine, world.reviewer_a, T0)
    revoked = _session_for(engine, world.reviewer_a, T0)
    with db.session_scope(engine) as s:
        sessions.revoke(s, revoked, T0)
    _session_for(engine, world.reviewer_a, T0 + dt.timedelta(days=5))
    with db.session_scope(engine) as s:
        stored = set(s.execute(select(SignInSession.token_hash)).scalars())
    assert sessions.digest(old) not in stored and sessions.digest(revoked) not in stored and len(stored) == 1
