"""The sign-in as the pages see it (AppTest): the cookie, not session state, decides who is signed in; log-out,
deactivation and a password change take effect on the next run; the bureau clears a log-in throttle on 账户与设置."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from app_pages.common.paths import PAGES
from app_pages.strings import office as O
from scoring.store import auth, db
from scoring.store import messages as M
from scoring.store.demo import DEMO_PASSWORD
from tests.office_fixtures import (  # noqa: F401 - fixtures
    COOKIE_JAR, app, demo, demo_file, follow_redirect, redirect_target, signed_in_as,
)


def nav_has(at: AppTest, page: str) -> bool:
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


def sign_in_by_form(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.form_id == "login_form").click().run()
    return at


def test_a_correct_password_sends_the_browser_for_its_cookie_and_nothing_is_kept_in_session_state(demo):
    at = sign_in_by_form(app(page=PAGES["login"]), "admin", DEMO_PASSWORD)
    assert not at.exception
    assert redirect_target(at).startswith("/auth/session?ticket=")
    assert [i.value for i in at.info] == [O.LOGIN_REDIRECTING]
    assert signed_in_as(at) is None and not nav_has(at, PAGES["admin"])  # not before the cookie is set
    follow_redirect(at)
    assert signed_in_as(at) == "admin"
    at.switch_page(PAGES["admin"]).run()
    assert at.title[0].value == O.ADMIN_TITLE
    at.session_state[COOKIE_JAR] = {}  # the same Streamlit session, without the cookie: signed out
    at.run()
    assert not nav_has(at, PAGES["admin"])


def test_log_out_revokes_the_session_so_the_same_cookie_no_longer_signs_in(demo):
    at = app(demo.actor("admin"), PAGES["login"])
    cookie = dict(at.session_state[COOKIE_JAR])
    at.button(key="logout").click().run()
    assert redirect_target(at) == "/auth/signout"
    follow_redirect(at)
    assert signed_in_as(at) is None
    at.session_state[COOKIE_JAR] = cookie  # a copy of the old cookie is worth nothing
    at.switch_page(PAGES["login"]).run()
    assert at.text_input(key="login_username")
    assert not nav_has(at, PAGES["admin"])


def test_a_deactivated_account_is_signed_out_on_its_next_run(demo):
    reviewer = app(demo.actor("xinqiao"), PAGES["review_list"])
    assert reviewer.title[0].value == O.REVIEW_LIST_TITLE
    with db.session_scope(demo.engine) as s:
        auth.set_active(s, demo.actor("admin"), demo.actor("xinqiao").user_id, False)
    reviewer.run()
    assert not nav_has(reviewer, PAGES["review_list"])


def test_the_admin_clears_a_log_in_throttle_on_the_accounts_page(demo):
    for _ in range(auth.NAME_FAILURES):
        with db.session_scope(demo.engine) as s:
            auth.login(s, "xinqiao", "wrong password", "198.51.100.7")
    at = app(demo.actor("admin"), PAGES["admin"])
    assert not at.exception
    table = next(d.value for d in at.dataframe if O.ADMIN_THROTTLE_COLUMNS[1] in d.value.columns)
    assert "198.51.100.7" in set(table[O.ADMIN_THROTTLE_COLUMNS[1]])
    at.text_input(key="adm_unlock_name").input("xinqiao")
    next(b for b in at.button if b.form_id == "adm_unlock_form").click().run()
    assert not at.exception
    assert any(O.ADMIN_UNLOCKED.format(username="xinqiao", count=1) in str(s.value) for s in at.success) or \
        any(O.ADMIN_UNLOCKED.format(username="xinqiao", count=1) in str(t.value) for t in at.toast)
    with db.session_scope(demo.engine) as s:
        assert auth.login(s, "xinqiao", DEMO_PASSWORD, "198.51.100.7").username == "xinqiao"
        assert auth.refused_until(s, "xinqiao", "198.51.100.7", dt.datetime(2100, 1, 1)) is None
    assert demo.scalar("SELECT count(*) FROM audit_log WHERE action = 'login_unlocked'") == 1


def test_a_throttled_source_sees_the_chinese_message_on_the_log_in_page(demo):
    at = app(page=PAGES["login"])
    for _ in range(auth.NAME_FAILURES):
        sign_in_by_form(at, "xinqiao", "not-the-password")
    sign_in_by_form(at, "xinqiao", DEMO_PASSWORD)
    assert M.LOGIN_THROTTLED.format(minutes=1) in [e.value for e in at.error]
    assert redirect_target(at) is None
