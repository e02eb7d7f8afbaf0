"""The cookie routes of ``serve.py``: a ticket becomes an HttpOnly, SameSite=Strict cookie once; sign-out revokes
it; requests started by another site are refused."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from app_pages.common import auth_routes
from scoring.store import db, sessions

from .conftest import url_of


def request(path: str, *, query: str = "", cookie: str | None = None, scheme: str = "http",
            site: str = "same-origin") -> Request:
    headers = [(b"sec-fetch-site", site.encode())]
    if cookie:
        headers.append((b"cookie", f"{sessions.COOKIE_NAME}={cookie}".encode()))
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode(),
                    "headers": headers, "scheme": scheme, "server": ("tsp.example", 443 if scheme == "https" else 80),
                    "client": ("203.0.113.9", 50000), "root_path": ""})


@pytest.fixture
def routes_db(engine, monkeypatch):
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    yield engine
    auth_routes._engine.cache_clear()


def ticket_for(engine, actor) -> str:
    with db.session_scope(engine) as s:
        return sessions.issue_ticket(s, actor.user_id)


def test_a_ticket_sets_an_httponly_strict_cookie_and_works_once(routes_db, world):
    ticket = ticket_for(routes_db, world.admin)
    reply = auth_routes.session_from_ticket(request("/auth/session", query=f"ticket={ticket}"))
    assert reply.status_code == 303 and reply.headers["location"] == "/"
    cookie = reply.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    with db.session_scope(routes_db) as s:
        assert sessions.lookup(s, token).username == "admin"
    again = auth_routes.session_from_ticket(request("/auth/session", query=f"ticket={ticket}"))
    assert again.status_code == 400 and "set-cookie" not in again.headers


def test_the_cookie_is_secure_over_https(routes_db, world):
    ticket = ticket_for(routes_db, world.admin)
    reply = auth_routes.session_from_ticket(request("/auth/session", query=f"ticket={ticket}", scheme="https"))
    assert "Secure" in reply.headers["set-cookie"]


def test_another_site_cannot_sign_a_browser_in_or_out(routes_db, world):
    ticket = ticket_for(routes_db, world.admin)
    refused = auth_routes.session_from_ticket(request("/auth/session", query=f"ticket={ticket}", site="cross-site"))
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    with db.session_scope(routes_db) as s:
        token = sessions.create_session(s, world.admin.user_id, "local")
    assert auth_routes.sign_out(request("/auth/signout", cookie=token, site="cross-site")).status_code == 403
    with db.session_scope(routes_db) as s:
        assert sessions.lookup(s, token) is not None


def test_sign_out_revokes_the_session_and_clears_the_cookie(routes_db, world):
    with db.session_scope(routes_db) as s:
        token = sessions.create_session(s, world.admin.user_id, "local")
    reply = auth_routes.sign_out(request("/auth/signout", cookie=token))
    assert reply.status_code == 303
    assert reply.headers["set-cookie"].startswith(f'{sessions.COOKIE_NAME}=""') and "Max-Age=0" in \
        reply.headers["set-cookie"]
    with db.session_scope(routes_db) as s:
        assert sessions.lookup(s, token) is None
    with routes_db.connect() as c:
        from sqlalchemy import text
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE action = 'signed_out'")).scalar() == 1
