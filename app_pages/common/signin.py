"""Who is signed in on this browser, and the database the office pages work on.

The browser is signed in by the HttpOnly cookie ``tsp_session`` (set by ``/auth/session``, see ``auth_routes``),
read on every run from ``st.context.cookies``, which holds the cookies of the WebSocket connection making the run
(a browser that reconnects with another browser's Streamlit session ID brings its own cookies, not the other
one's; ``serve.py`` also binds each Streamlit session to its browser, see ``browser_binding``). The token is looked up in the database on every call (``scoring.store.sessions``), so log-out,
deactivation, a password change and the idle timeout take effect on the next run in every app process. Nothing
about the signed-in user is kept in ``st.session_state``.

The engine is cached per database URL for the whole process (``st.cache_resource``: shared by every user, holds
no user data); each page action opens its own short transaction through ``run``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Callable, TypeVar
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app_pages.common.auth_routes import SESSION_PATH, SIGNOUT_PATH
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from app_pages.strings import office as O
from scoring.problems import InputInvalid
from scoring.store import auth, db, sessions, settings
from scoring.store.actors import Actor
from scoring.store.errors import DataInvalid, PermissionDenied, StoreError

LOG = logging.getLogger("tsp.app")
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return db.connect(url)


def engine() -> Engine:
    """The migrated engine of ``TSP_DATABASE_URL`` (default: SQLite under ``data/``)."""
    return _engine(db.database_url())


def browser_cookies() -> Mapping[str, str]:
    """The cookies the browser of this run's connection sent (tests replace this function)."""
    return st.context.cookies


def browser_token() -> str | None:
    """The sign-in token of this browser, if it holds one."""
    token = browser_cookies().get(sessions.COOKIE_NAME)
    return token if isinstance(token, str) and token else None


def actor() -> Actor | None:
    """The user this browser is signed in as, read from the database on every call; None when signed out."""
    token = browser_token()
    if token is None:
        return None
    try:
        with db.session_scope(engine()) as session:
            return sessions.lookup(session, token)
    except SQLAlchemyError:
        LOG.exception("database error while looking up a sign-in session")
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _source(session: Session) -> str:
    """Where this browser connects from, as log-in throttling counts it."""
    return sessions.client_source(_text(st.context.ip_address), _text(st.context.headers.get("X-Forwarded-For")),
                                  settings.trust_forwarded_for(session))


def sign_in(username: str, password: str) -> str | None:
    """Check the password; on success the address (``/auth/session?ticket=…``) the browser must open to get its
    sign-in cookie, else None. AuthenticationFailed (with a Chinese message) while this source is throttled."""
    with db.session_scope(engine()) as session:
        try:
            found = auth.login(session, username.strip(), password, _source(session))
        except StoreError:
            session.commit()  # keep the throttle counts and their audit rows
            raise
        if found is None:
            return None
        ticket = sessions.issue_ticket(session, found.user_id)
    return f"{SESSION_PATH}?{urlencode({'ticket': ticket})}"


def sign_out_url() -> str:
    return SIGNOUT_PATH


def go_to(url: str, message: str, fallback: str) -> None:
    """Send the browser top-level to ``url`` (a same-origin route), with a link in case scripts are blocked."""
    st.info(message, icon=":material/hourglass_top:")
    st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)
    st.link_button(fallback, url, icon=":material/arrow_forward:")


def run(action: Callable[[Session], T], *, show: Callable[[str], object] | None = None,
        readonly: bool = False) -> T | None:
    """Run ``action(session)`` in one transaction (retried a few times after a deadlock or serialization
    failure, so ``action`` must only touch the database). A store error (no permission, conflict, invalid input) is shown
    in Chinese and gives None; nothing of a failed action is saved. ``readonly`` for reads that must not wait for
    a writer (on SQLite, a background import's write)."""
    show = show or (lambda text: st.error(text, icon=":material/error:"))
    try:
        return db.run_in_transaction(engine(), action, readonly=readonly)  # retried whole after a deadlock
    except PermissionDenied as err:
        show(md(err.message))
    except DataInvalid as err:
        show("\n\n".join(md(line) for line in [err.message, *(p.line() for p in err.problems[:50])]))
    except StoreError as err:
        show(md(err.message))
    except InputInvalid as err:
        show("\n\n".join([O.INPUT_INVALID, *(md(p.line()) for p in err.problems[:50])]))
    except SQLAlchemyError:
        LOG.exception("database error")
        show(O.DATABASE_ERROR)
    return None


def require(*roles: str) -> Actor | None:
    """The signed-in user when it has one of ``roles``; otherwise None after saying why."""
    current = actor()
    if current is None:
        st.info(O.SIGN_IN_FIRST, icon=":material/login:")
        st.page_link(PAGES["login"], label=O.GO_SIGN_IN, icon=":material/login:")
        return None
    if roles and current.role not in roles:
        st.warning(O.ROLE_NOT_ALLOWED, icon=":material/block:")
        return None
    return current
