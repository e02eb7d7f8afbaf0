"""The sign-in in a real browser: it survives a reload and a second tab, a Streamlit session ID taken from a
signed-in admin's connection gives another browser nothing, and log-out then reload is signed out.

Runs ``serve.py`` (the app plus the cookie routes) on a copy of the demo district. Screenshots of each state are
written to ``TSP_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app_pages.strings import office as O
from scoring.store.demo import DEMO_PASSWORD
from tests.test_app_browser import IDLE, demo_app_url, launch  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

ADMIN_PAGE = O.PAGE_ADMIN  # 账户与设置, only in an admin's navigation
TIMEOUT = 60_000


def shot(page, name: str) -> None:
    folder = os.environ.get("TSP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=TIMEOUT)
    page.wait_for_selector('[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"]', timeout=TIMEOUT)


def nav_has(page, label: str) -> bool:
    return page.locator('[data-testid="stSidebarNav"] a', has_text=label).count() > 0


def session_id_of(page) -> list[str]:
    """Collects the Streamlit session ID the server gives this page's WebSocket (as an attacker reading the
    connection, a proxy log of upload URLs or a server warning would learn it)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[str] = []

    def frame(payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            try:
                message = ForwardMsg.FromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not every frame is a whole ForwardMsg
                return
            if message.HasField("new_session") and message.new_session.initialize.session_id:
                found.append(message.new_session.initialize.session_id)

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return found


PRESENT_SESSION_ID = """
(() => {
  const Original = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const list = Array.isArray(protocols) ? protocols.slice(0, 2) : [protocols];
    return new Original(url, [...list, %s]);
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    idle(page)
    page.locator('.st-key-login_username input').fill(username)
    page.locator('.st-key-login_password input').fill(password)
    page.get_by_role("button", name=O.LOGIN_SUBMIT).click()
    page.wait_for_url(re.compile(re.escape(url) + r"/?$"), timeout=TIMEOUT)
    idle(page)


def test_sign_in_survives_reload_and_tabs_and_a_stolen_session_id_gets_nothing(demo_app_url):
    from playwright.sync_api import sync_playwright

    url = demo_app_url
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            admin = browser.new_context(viewport={"width": 1400, "height": 900})
            page = admin.new_page()
            ids = session_id_of(page)
            sign_in(page, url, "admin", DEMO_PASSWORD)
            page.wait_for_selector(f'[data-testid="stSidebarNav"] a:has-text("{ADMIN_PAGE}")', timeout=TIMEOUT)
            shot(page, "1_signed_in")
            cookie = next(c for c in admin.cookies() if c["name"] == "tsp_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
            assert page.evaluate("document.cookie").find("tsp_session") < 0  # scripts cannot read it

            page.reload()
            idle(page)
            assert nav_has(page, ADMIN_PAGE)
            shot(page, "2_after_reload")

            tab = admin.new_page()
            tab.goto(url)
            idle(tab)
            assert nav_has(tab, ADMIN_PAGE)
            shot(tab, "3_second_tab")
            tab.close()

            assert ids, "the admin page's session ID was not seen on its WebSocket"
            stolen = ids[-1]
            stranger = browser.new_context(viewport={"width": 1400, "height": 900})
            stranger.add_init_script(PRESENT_SESSION_ID % repr(stolen))
            attacker = stranger.new_page()
            seen = session_id_of(attacker)
            attacker.goto(f"{url}/admin")
            idle(attacker)
            shot(attacker, "4_stranger_with_admin_session_id")
            assert not nav_has(attacker, ADMIN_PAGE)
            assert attacker.get_by_text(O.ADMIN_TITLE, exact=True).count() == 0
            assert seen and stolen not in seen  # Streamlit refused the takeover: another browser, another session
            stranger.close()

            page.goto(f"{url}/login")
            idle(page)
            page.get_by_role("button", name=O.LOGOUT).click()
            page.wait_for_url(re.compile(re.escape(url) + r"/?$"), timeout=TIMEOUT)
            idle(page)
            page.reload()
            idle(page)
            assert not nav_has(page, ADMIN_PAGE)
            assert not any(c["name"] == "tsp_session" for c in admin.cookies())
            shot(page, "5_signed_out_after_reload")
        finally:
            browser.close()
