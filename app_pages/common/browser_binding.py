"""Binds every Streamlit session to the browser that opened it, so a Streamlit session ID alone is worth nothing.

Streamlit reconnects a WebSocket to an existing session when the client presents that session's ID, unless the
identity it derives from the connection (``user_info``, which includes the headers named in
``server.trustedUserHeaders``) differs from the one the session was created with. This ASGI middleware gives every
browser a random HttpOnly cookie ``tsp_browser`` and, on each WebSocket handshake, replaces the header
``X-Tsp-Browser`` with a digest of that cookie and the sign-in cookie. A stranger presenting someone else's
session ID therefore gets a fresh session instead of theirs (their open draft and widget state included), and
signing in or out starts a fresh Streamlit session (no session fixation). The sign-in itself is still checked
against the database on every run (``signin.actor``); this is the second layer.
"""

from __future__ import annotations

import hashlib
import secrets
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scoring.store.sessions import COOKIE_NAME as SESSION_COOKIE

BROWSER_COOKIE = "tsp_browser"
HEADER = "X-Tsp-Browser"
USER_KEY = "tsp_browser"
_HEADER_BYTES = HEADER.lower().encode("latin-1")


def trusted_headers() -> dict[str, str]:
    """The ``server.trustedUserHeaders`` value this middleware needs."""
    return {HEADER: USER_KEY}


def _cookies(scope: Scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header counts as no cookie
                return {}
    return {key: morsel.value for key, morsel in jar.items()}


def binding(browser: str | None, session: str | None) -> str:
    """What a Streamlit session is bound to: this browser and its sign-in (a digest, never the tokens)."""
    return hashlib.sha256(f"{browser or ''}|{session or ''}".encode("utf-8")).hexdigest()


class BrowserBinding:
    """ASGI middleware: sets ``tsp_browser`` on HTTP responses to a browser without one; stamps WebSocket
    handshakes with ``X-Tsp-Browser`` (any such header the client sent is dropped)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            cookies = _cookies(scope)
            headers = [(k, v) for k, v in scope.get("headers", []) if k != _HEADER_BYTES]
            headers.append((_HEADER_BYTES, binding(cookies.get(BROWSER_COOKIE),
                                                   cookies.get(SESSION_COOKIE)).encode("latin-1")))
            await self.app(dict(scope, headers=headers), receive, send)
            return
        if scope["type"] != "http" or _cookies(scope).get(BROWSER_COOKIE):
            await self.app(scope, receive, send)
            return
        cookie = f"{BROWSER_COOKIE}={secrets.token_urlsafe(32)}; Path=/; HttpOnly; SameSite=Strict"
        if scope.get("scheme") == "https":
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), (b"set-cookie", cookie.encode())])
            await send(message)

        await self.app(scope, receive, send_with_cookie)
