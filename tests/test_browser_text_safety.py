"""In real Chromium, on the hostile demo district: no page makes the browser fetch anything from a host other than
the app itself (no image planted in user text, no page icon or font from a font host), and the hostile text
shows literally. Needs Debian's ``chromium`` and the ``playwright`` package (see ``test_app_browser``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.office_fixtures import TEST_KEY, copy_database, sqlite_url
from tests.page_matrix_fixtures import build_matrix_file, role_pages, submission_of
from tests.test_app_browser import CHROMIUM, IDLE, keyed, launch, serve
from tests.test_text_safety import FAKE_CONCLUSION, HOSTILE, _make_hostile

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PLANTED_HOST = "127.0.0.1:9"
WAIT = 60_000


@pytest.fixture
def hostile_app(tmp_path):
    """The app serving a copy of the hostile demo district; yields (URL, database file)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    source = tmp_path / "hostile.db"
    build_matrix_file(source, adjust=_make_hostile)
    database = tmp_path / "tsp.db"
    copy_database(source, database)
    settings = {"TSP_DATABASE_URL": sqlite_url(database), "TSP_SECRET_KEY": TEST_KEY}
    for url in serve(tmp_path, settings):  # the server stops when this fixture is finished
        yield url, database


def idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=WAIT)


def sign_in(page, username: str) -> None:
    """Sign in through the 登录 page (the one place the browser tests know how)."""
    page.get_by_test_id("stSidebarNav").get_by_text("登录").click()
    keyed(page, "login_username").locator("input").wait_for(timeout=WAIT)
    keyed(page, "login_username").locator("input").fill(username)
    keyed(page, "login_password").locator("input").fill("songjiang-demo")
    page.get_by_role("button", name="登录").last.click()
    page.get_by_test_id("stSidebarNav").get_by_text("申报审核").wait_for(timeout=WAIT)
    idle(page)


def test_no_page_fetches_from_another_host_and_hostile_text_shows_literally(hostile_app, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = hostile_app
    app_host = urlsplit(url).netloc
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            idle(page)
            sign_in(page, "admin")
            nav = page.get_by_test_id("stSidebarNav")
            for path in role_pages()["admin"]:
                stem = Path(path).stem
                link = nav.locator(f'a[href$="/{stem}"]')
                if link.count() == 0:  # the default page is served at the root
                    continue
                link.first.click()
                page.wait_for_url(f"**/{stem}*", timeout=WAIT)
                idle(page)

            # open the third reviewed enterprise's submission (it carries an override) from 申报审核
            from scoring.store import db
            engine = db.make_engine(sqlite_url(database))
            try:
                from tests.office_fixtures import Database
                sid = submission_of(Database(sqlite_url(database), engine), "上海泖港智能装备有限公司")
            finally:
                engine.dispose()
            nav.get_by_text("申报审核").click()
            keyed(page, "rl_pick").wait_for(timeout=WAIT)
            idle(page)
            keyed(page, "rl_pick").click()
            option = page.get_by_role("option").filter(has_text=f"#{sid}\u3000").first
            option_text = option.inner_text()  # a selectbox shows its options as plain text
            option_links = page.get_by_role("listbox").locator("a, img").count()
            option.click()
            idle(page)
            keyed(page, "rl_open").get_by_role("button").click()
            page.get_by_test_id("stHeading").first.wait_for(timeout=WAIT)
            idle(page)
            page.get_by_text("申报单位备注").first.wait_for(timeout=WAIT)
            shown = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")  # invisible joiners
            planted = page.locator(f'[data-testid="stMain"] :is(a[href*="{PLANTED_HOST}"], img[src*="{PLANTED_HOST}"])')
            planted_count = planted.count()
            page.screenshot(path=str(tmp_path / "hostile-review.png"), full_page=True)
        finally:
            browser.close()

    assert not [r for r in requests if PLANTED_HOST in r]
    assert planted_count == 0  # neither the link nor the bare address became a link, nor the image an image
    assert [r for r in requests if urlsplit(r).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r).netloc != app_host] == []
    assert f"《{HOSTILE}》" in shown  # the evidence title, literally, with its brackets and asterisks
    assert FAKE_CONCLUSION in shown and HOSTILE in shown
    assert f"逐项复核：{HOSTILE}" in shown
    assert HOSTILE in option_text and option_links == 0
