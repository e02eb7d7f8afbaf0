"""The signed-in user of this browser session, and the database the office pages work on.

The engine is cached per database URL for the whole process (``st.cache_resource``: shared by every user, holds
no user data); each page action opens its own short transaction through ``run``. The signed-in user is kept in
``st.session_state`` as an ``Actor`` snapshot; every library call re-reads the account, so a deactivated account
stops working at once.
"""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app_pages.strings import office as O
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from scoring.problems import InputInvalid
from scoring.store import auth, db
from scoring.store import messages as store_msg
from scoring.store.actors import Actor
from scoring.store.errors import AuthenticationFailed, DataInvalid, PermissionDenied, StoreError

ACTOR_KEY = "_actor"
LOG = logging.getLogger("tsp.app")
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return db.connect(url)


def engine() -> Engine:
    """The migrated engine of ``TSP_DATABASE_URL`` (default: SQLite under ``data/``)."""
    return _engine(db.database_url())


def actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def sign_in(username: str, password: str) -> Actor | None:
    """Check the password; on success remember the user for this browser session. AuthenticationFailed (with a
    Chinese message) while the user name is locked out after repeated failures."""
    with db.session_scope(engine()) as session:
        try:
            found = auth.login(session, username.strip(), password)
        except AuthenticationFailed:
            session.commit()  # keep the audit row of the refused attempt
            raise
    if found is not None:
        st.session_state[ACTOR_KEY] = found
    return found


def sign_out() -> None:
    st.session_state.pop(ACTOR_KEY, None)


def run(action: Callable[[Session], T], *, show: Callable[[str], object] | None = None) -> T | None:
    """Run ``action(session)`` in one transaction (retried a few times after a deadlock or serialization
    failure, so ``action`` must only touch the database). A store error (no permission, conflict, invalid input) is shown
    in Chinese and gives None; nothing of a failed action is saved."""
    show = show or (lambda text: st.error(text, icon=":material/error:"))
    try:
        return db.run_in_transaction(engine(), action)  # retried whole after a deadlock
    except PermissionDenied as err:
        if err.message == store_msg.ACCOUNT_INACTIVE:
            sign_out()
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
