"""The demo district as a database the office pages run on in AppTest, built once per module and copied per test.

``load_demo`` with argon2 at its real cost takes seconds, so the demo is built once with a cheap hasher (the
hashes it writes verify with any hasher) into an SQLite file; every test gets a copy of that file as its own
``TSP_DATABASE_URL``, with its own data and drafts folders and a fixed secret key (the demo's evidence files were
encrypted with it).
"""

from __future__ import annotations

import base64
import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select, text
from streamlit.testing.v1 import AppTest

import streamlit as st

from app_pages.common import auth_routes, signin
from scoring.store import auth, db, sessions
from scoring.store.actors import Actor
from scoring.store.demo import load_demo
from scoring.store.models import Office, Organisation, Submission, User
from tests.markdown_text import literal

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ROOT = Path(__file__).resolve().parent.parent
TEST_KEY = base64.b64encode(bytes(range(32))).decode()
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@contextlib.contextmanager
def demo_environment(path: Path) -> Iterator[None]:
    """What building a demo database at ``path`` needs around it: the fixed test key and cheap argon2."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TSP_SECRET_KEY", TEST_KEY)
        mp.delenv("TSP_SECRET_KEY_FILE", raising=False)
        mp.setenv("TSP_DATA_DIR", str(path.parent / "data"))
        mp.setattr(auth, "_hasher", CHEAP_HASHER)
        yield


def build_demo_file(path: Path) -> None:
    """A migrated SQLite database at ``path`` holding the demo district."""
    engine = db.connect(sqlite_url(path))
    with db.session_scope(engine) as session:
        assert load_demo(session)
    engine.dispose()


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (the backup API, so a WAL file is never left behind)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@dataclass
class Database:
    """The test's own copy of the demo database, with small queries the tests check the outcome with."""

    url: str
    engine: Engine

    def actor(self, username: str) -> Actor:
        with db.session_scope(self.engine) as s:
            user = s.execute(select(User).where(User.username == username)).scalar_one()
            return auth.actor_of(user)

    def submission(self, submission_id: int) -> Submission:
        with db.session_scope(self.engine) as s:
            sub = s.get(Submission, submission_id)
            _ = sub.reviews, sub.evidence_files, sub.organisation
            return sub

    def submission_of(self, organisation: str) -> Submission:
        with db.session_scope(self.engine) as s:
            stmt = (select(Submission).join(Organisation, Submission.organisation_id == Organisation.id)
                    .where(Organisation.name == organisation))
            sub = s.execute(stmt).scalar_one()
            _ = sub.reviews, sub.evidence_files, sub.organisation
            return sub

    def submission_ids(self, *, office: str | None = None, status: str | None = None,
                       category: str | None = None) -> list[int]:
        stmt = (select(Submission.id).join(Organisation, Submission.organisation_id == Organisation.id)
                .outerjoin(Office, Organisation.office_id == Office.id).order_by(Submission.id))
        if office:
            stmt = stmt.where(Office.name == office)
        if status:
            stmt = stmt.where(Submission.status == status)
        if category:
            stmt = stmt.where(Submission.rubric == category)
        with self.engine.connect() as c:
            return list(c.execute(stmt).scalars())

    def count(self, model) -> int:
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from(model)).scalar()

    def scalar(self, sql: str, **params):
        with self.engine.connect() as c:
            return c.execute(text(sql), params).scalar()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo district built once for the module (cheap argon2, the fixed test key)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with demo_environment(path):
        build_demo_file(path)
    return path


def app_environment(monkeypatch, tmp_path: Path, database: Path) -> None:
    """The app's environment around a test on ``database``: the test key, folders under ``tmp_path``, cheap argon2,
    the test browser's cookie jar, and no worker thread (a test that needs its background jobs run plays the
    worker itself with ``jobs.run_one``, so each step is deterministic)."""
    monkeypatch.setenv("TSP_JOB_WORKER", "external")
    monkeypatch.setenv("TSP_SECRET_KEY", TEST_KEY)
    monkeypatch.delenv("TSP_SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("TSP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "drafts"))
    monkeypatch.setenv("TSP_DATABASE_URL", sqlite_url(database))
    monkeypatch.setattr(auth, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(signin, "browser_cookies", _cookie_jar)


# AppTest has no browser and cannot seed ``st.context.cookies``: the tests replace ``signin.browser_cookies`` with
# this jar, kept per AppTest in its session state, and fill it the way the browser would (a session created in the
# database, or the ticket the log-in page hands out redeemed through the same store call as ``/auth/session``).
COOKIE_JAR = "_test_browser_cookies"


def _cookie_jar() -> dict[str, str]:
    return st.session_state.get(COOKIE_JAR, {})


def _with_engine(action):
    engine = db.make_engine(db.database_url())
    try:
        with db.session_scope(engine) as session:
            return action(session)
    finally:
        engine.dispose()


def sign_in_browser(at: AppTest, actor: Actor) -> AppTest:
    """Give this AppTest's 'browser' the session cookie of ``actor`` (a session created in the database)."""
    token = _with_engine(lambda s: sessions.create_session(s, actor.user_id, "local"))
    at.session_state[COOKIE_JAR] = {sessions.COOKIE_NAME: token}
    return at


def redirect_target(at: AppTest) -> str | None:
    """The address the page sends the browser to (its fallback link button), if any."""
    links = [e.proto.url for e in at.get("link_button")]
    routes = [u for u in links if u.startswith((auth_routes.SESSION_PATH, auth_routes.SIGNOUT_PATH))]
    return routes[0] if routes else None


def follow_redirect(at: AppTest) -> AppTest:
    """Do what the browser does with the page's redirect: redeem the ticket for the cookie, or sign out."""
    from urllib.parse import parse_qs, urlsplit

    target = redirect_target(at)
    assert target is not None, "the page sends the browser nowhere"
    parts = urlsplit(target)
    jar = dict(at.session_state[COOKIE_JAR]) if COOKIE_JAR in at.session_state else {}
    if parts.path == auth_routes.SESSION_PATH:
        ticket = parse_qs(parts.query)["ticket"][0]
        token = _with_engine(lambda s: sessions.redeem_ticket(s, ticket, "local"))
        assert token is not None, "the ticket was refused"
        jar[sessions.COOKIE_NAME] = token
    else:
        token = jar.pop(sessions.COOKIE_NAME, None)
        _with_engine(lambda s: sessions.revoke(s, token))
    at.session_state[COOKIE_JAR] = jar
    return at.run()


@pytest.fixture
def demo(demo_file, tmp_path, monkeypatch) -> Database:
    """This test's own copy of the demo database, named by ``TSP_DATABASE_URL``."""
    database = tmp_path / "tsp.db"
    copy_database(demo_file, database)
    app_environment(monkeypatch, tmp_path, database)
    engine = db.make_engine(sqlite_url(database))
    yield Database(sqlite_url(database), engine)
    engine.dispose()
    signin._engine.clear()


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Database:
    """A migrated database without the demo, as a real deployment starts."""
    database = tmp_path / "tsp.db"
    app_environment(monkeypatch, tmp_path, database)
    engine = db.connect(sqlite_url(database))
    yield Database(sqlite_url(database), engine)
    engine.dispose()
    signin._engine.clear()


def app(actor: Actor | None = None, page: str | None = None, **query: str) -> AppTest:
    """The app after one run, signed in as ``actor``, on ``page`` (a path such as ``app_pages/office/review.py``)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if actor is not None:
        sign_in_browser(at, actor)
    at.query_params.update(query)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def page_alone(page: str, actor: Actor | None = None, **query: str) -> AppTest:
    """One page script run on its own, without the app's navigation (as a guessed address would reach it)."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if actor is not None:
        sign_in_browser(at, actor)
    at.query_params.update(query)
    return at.run()


def texts(at: AppTest) -> list[str]:
    """Every message and text element of the rendered page, for 'is this shown' checks."""
    out = []
    for kind in ("error", "warning", "info", "success", "markdown", "caption", "title", "header", "subheader"):
        out.extend(literal(e.value) for e in getattr(at, kind))
    return out


def shown(at: AppTest, fragment: str) -> bool:
    return any(fragment in t for t in texts(at))


def signed_in_as(at: AppTest) -> str | None:
    """The user name this AppTest's 'browser' is signed in as (its cookie looked up in the database)."""
    token = (at.session_state[COOKIE_JAR] if COOKIE_JAR in at.session_state else {}).get(sessions.COOKIE_NAME)
    found = _with_engine(lambda s: sessions.lookup(s, token))
    return found.username if found else None
