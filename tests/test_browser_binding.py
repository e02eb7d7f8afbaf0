"""The middleware that binds a Streamlit session to its browser: every browser gets a random HttpOnly cookie, and
every WebSocket handshake carries a digest of it (and of the sign-in cookie) that the client cannot forge."""

from __future__ import annotations

import asyncio

from app_pages.common.browser_binding import BROWSER_COOKIE, HEADER, BrowserBinding, binding
from scoring.store.sessions import COOKIE_NAME


def run(scope: dict) -> tuple[dict, list[dict]]:
    seen: dict = {}
    sent: list[dict] = []

    async def app(scope, receive, send):
        seen.update(scope)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    async def receive():
        return {}

    async def send(message):
        sent.append(message)

    asyncio.run(BrowserBinding(app)(scope, receive, send))
    return seen, sent


def set_cookies(sent: list[dict]) -> list[str]:
    return [v.decode() for k, v in sent[0]["headers"] if k == b"set-cookie"]


def test_a_browser_without_the_cookie_gets_a_random_httponly_strict_one_once():
    _, first = run({"type": "http", "scheme": "https", "headers": []})
    _, second = run({"type": "http", "scheme": "http", "headers": []})
    (one,), (two,) = set_cookies(first), set_cookies(second)
    assert one.startswith(f"{BROWSER_COOKIE}=") and "HttpOnly" in one and "SameSite=Strict" in one
    assert "Secure" in one and "Secure" not in two
    assert one.split(";")[0] != two.split(";")[0]
    _, again = run({"type": "http", "scheme": "http", "headers": [(b"cookie", one.split(";")[0].encode())]})
    assert set_cookies(again) == []


def test_the_websocket_header_comes_from_the_cookies_and_a_forged_one_is_dropped():
    cookies = f"{BROWSER_COOKIE}=abc; {COOKIE_NAME}=token".encode()
    seen, _ = run({"type": "websocket", "headers": [(b"cookie", cookies), (HEADER.lower().encode(), b"forged")]})
    stamped = [v for k, v in seen["headers"] if k == HEADER.lower().encode()]
    assert stamped == [binding("abc", "token").encode()]
    stranger, _ = run({"type": "websocket", "headers": [(HEADER.lower().encode(), stamped[0])]})
    assert [v for k, v in stranger["headers"] if k == HEADER.lower().encode()] == [binding(None, None).encode()]
    assert binding("abc", None) != binding("abc", "token")  # signing in starts a fresh Streamlit session
