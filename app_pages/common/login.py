"""登录: sign in with a user name and password, see one's role, change the password, sign out.

A correct password gives a one-time ticket; the browser is sent to ``/auth/session`` to exchange it for its
HttpOnly sign-in cookie, and to ``/auth/signout`` to end the session (see ``common/auth_routes.py``)."""

from __future__ import annotations

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.ui import guarded
from app_pages.common.text import md
from scoring.store import auth
from scoring.store import messages as store_msg
from scoring.store import plan
from scoring.store.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, is_demo
from scoring.store.errors import AuthenticationFailed


def _demo_hint() -> None:
    """The demo accounts, shown only on a database the bundled demo was loaded into."""
    if not signin.run(is_demo, show=lambda text: None):
        return
    with st.expander(O.LOGIN_DEMO_HEADER, icon=":material/info:"):
        st.caption(O.LOGIN_DEMO_INTRO.format(password=DEMO_PASSWORD))
        st.table({O.LOGIN_DEMO_COLUMNS[0]: [a.username for a in DEMO_ACCOUNTS],
                  O.LOGIN_DEMO_COLUMNS[1]: [store_msg.ROLE_LABELS[a.role] for a in DEMO_ACCOUNTS],
                  O.LOGIN_DEMO_COLUMNS[2]: [a.note for a in DEMO_ACCOUNTS]})


def _signed_in(actor) -> None:
    st.success(O.LOGIN_AS.format(name=md(actor.display_name), username=md(actor.username),
                                 role=store_msg.ROLE_LABELS[actor.role]), icon=":material/verified_user:")
    st.write(O.LOGIN_ROLE_HELP[actor.role].format(**plan.fed_item_names()))
    if st.button(O.LOGOUT, key="logout", icon=":material/logout:"):
        signin.go_to(signin.sign_out_url(), O.LOGOUT_REDIRECTING, O.LOGOUT_CONTINUE)
        return
    with st.expander(O.PASSWORD_HEADER):
        with st.form("password_form", clear_on_submit=True):
            old = st.text_input(O.PASSWORD_OLD, type="password")
            new = st.text_input(O.PASSWORD_NEW, type="password")
            again = st.text_input(O.PASSWORD_AGAIN, type="password")
            if st.form_submit_button(O.PASSWORD_SUBMIT):
                if new != again:
                    st.error(O.PASSWORD_MISMATCH, icon=":material/error:")
                elif signin.run(lambda s: auth.change_password(s, actor, old, new,
                                                                    keep_session=signin.browser_token()) or True):
                    st.success(O.PASSWORD_CHANGED, icon=":material/check_circle:")


def body() -> None:
    st.title(O.LOGIN_TITLE)
    actor = signin.actor()
    if actor is not None:
        _signed_in(actor)
        return
    st.write(O.LOGIN_INTRO)
    with st.form("login_form"):
        username = st.text_input(O.LOGIN_USERNAME, key="login_username")
        password = st.text_input(O.LOGIN_PASSWORD, type="password", key="login_password")
        submitted = st.form_submit_button(O.LOGIN_SUBMIT, type="primary", icon=":material/login:")
    if submitted:
        if not username.strip() or not password:
            st.error(O.LOGIN_EMPTY, icon=":material/error:")
        else:
            try:
                address = signin.sign_in(username, password)
            except AuthenticationFailed as err:
                st.error(md(err.message), icon=":material/lock_clock:")
            else:
                if address is None:
                    st.error(store_msg.LOGIN_FAILED, icon=":material/error:")
                else:
                    signin.go_to(address, O.LOGIN_REDIRECTING, O.LOGIN_CONTINUE)
                    return
    _demo_hint()


guarded(body)
