"""The two HTTP routes that put the sign-in cookie on the browser and take it off again (mounted by ``serve.py``).

A Streamlit page runs over a WebSocket and cannot set an HttpOnly cookie, so the log-in page, after checking the
password, sends the browser top-level to ``/auth/session?ticket=…``: the handler redeems the one-time ticket for a
server-side session and sets the cookie (HttpOnly, SameSite=Strict, Path=/, Secure on https). ``/auth/signout``
revokes the session and clears the cookie. Both refuse requests another site started (``Sec-Fetch-Site:
cross-site``), so a link elsewhere cannot sign a browser into someone else's account or out of its own.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from app_pages.strings import office as O
from scoring.store import audit, db, sessions, settings

LOG = logging.getLogger("tsp.auth")
SESSION_PATH = "/auth/session"
SIGNOUT_PATH = "/auth/signout"
COOKIE_MIN_AGE = dt.timedelta(hours=24)


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return db.connect(url)


def engine() -> Engine:
    return _engine(db.database_url())


def _page(message: str, status: int) -> HTMLResponse:
    body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{O.AUTH_PAGE_TITLE}</title>'
            f'</head><body><p>{html.escape(message)}</p><p><a href="/">{O.AUTH_BACK}</a></p></body></html>')
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _cross_site(request: Request) -> bool:
    return request.headers.get("sec-fetch-site") == "cross-site"


def _https(request: Request, trust_proxy: bool) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "") if trust_proxy else ""
    return request.url.scheme == "https" or forwarded.split(",")[-1].strip() == "https"


def session_from_ticket(request: Request) -> Response:
    """Redeem ``?ticket=`` for a session and set its cookie, then go to the app."""
    if _cross_site(request):
        return _page(O.AUTH_CROSS_SITE, 403)
    ticket = request.query_params.get("ticket", "")
    try:
        with db.session_scope(engine()) as session:
            trust = settings.trust_forwarded_for(session)
            source = sessions.client_source(request.client.host if request.client else None,
                                            request.headers.get("x-forwarded-for"), trust)
            token = sessions.redeem_ticket(session, ticket, source)
            max_age = max(COOKIE_MIN_AGE, settings.idle_timeout(session))
    except SQLAlchemyError:
        LOG.exception("database error while redeeming a sign-in ticket")
        return _page(O.DATABASE_ERROR, 503)
    if token is None:
        return _page(O.AUTH_TICKET_INVALID, 400)
    reply = RedirectResponse("/", status_code=303, headers={"Cache-Control": "no-store"})
    reply.set_cookie(sessions.COOKIE_NAME, token, max_age=int(max_age.total_seconds()), path="/",
                     httponly=True, samesite="strict", secure=_https(request, trust))
    return reply


def sign_out(request: Request) -> Response:
    """Revoke the browser's session, clear its cookie, go to the app."""
    if _cross_site(request):
        return _page(O.AUTH_CROSS_SITE, 403)
    token = request.cookies.get(sessions.COOKIE_NAME)
    try:
        with db.session_scope(engine()) as session:
            actor = sessions.lookup(session, token)
            if sessions.revoke(session, token) and actor is not None:
                audit.record(session, actor, "signed_out", "user", actor.user_id)
    except SQLAlchemyError:
        LOG.exception("database error while signing out")
        return _page(O.DATABASE_ERROR, 503)
    reply = RedirectResponse("/", status_code=303, headers={"Cache-Control": "no-store"})
    reply.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return reply


ROUTES = [Route(SESSION_PATH, session_from_ticket, methods=["GET"]),
          Route(SIGNOUT_PATH, sign_out, methods=["GET", "POST"])]
