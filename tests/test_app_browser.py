"""One real-browser run: start the app, fill a profile and one item, download the Annex 1 form.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` Python package; the Chinese fonts
(``fonts-noto-cjk``) only matter for screenshots. Written for Streamlit 1.67: widgets are found through
Streamlit's ``data-testid`` attributes and the ``st-key-<key>`` class of keyed widgets, which are internal.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser_waits import IDLE, after_rerun

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Generous: on a loaded 2-core machine one Streamlit rerun can take many seconds. Every wait is on a condition
# (the script state, an element, a text, a value), never a fixed sleep, so a fast machine does not wait at all.
WAIT_MS = 90_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(tmp_path: Path, settings: dict[str, str] | None = None):
    """Start the app on a free port with its drafts and data folder under ``tmp_path`` and ``settings`` in its
    environment (the embedded database unless they name one); yields its URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    port = free_port()
    env = dict(os.environ, TSP_DRAFTS_DIR=str(tmp_path / "drafts"), TSP_DATA_DIR=str(tmp_path / "data"))
    env.pop("TSP_DATABASE_URL", None)
    env.update(settings or {})
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                    if reply.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the app did not start: " + (tmp_path / "server.log").read_text())
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def app_url(tmp_path):
    yield from serve(tmp_path)


@pytest.fixture
def demo_app_url(tmp_path):
    """The app on a database holding the demo district (``python -m scoring demo load``)."""
    subprocess.run([sys.executable, "-m", "scoring", "demo", "load"], cwd=ROOT, check=True, capture_output=True,
                   env=dict(os.environ, TSP_DATA_DIR=str(tmp_path / "data"), TSP_DATABASE_URL=""))
    yield from serve(tmp_path)


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM,
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def open_page(browser, url: str, **options):
    """A page on the app with generous default timeouts, once its first run has finished."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, **options)
    page.set_default_timeout(WAIT_MS)
    page.set_default_navigation_timeout(WAIT_MS)
    page.goto(url)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    settle(page)
    return page


def keyed(page, key: str):
    """The container of the widget with this Streamlit key (dots become dashes in the class name)."""
    return page.locator(f".st-key-{key.replace('.', '-')}")


def settle(page) -> None:
    """Wait until the script is not running. Right after an action the rerun may not have started yet, so each
    step also waits (through ``expect``) for the element or text that proves its effect."""
    page.wait_for_selector(IDLE, timeout=WAIT_MS)


def pick_submission(page, organisation: str) -> None:
    """Choose ``organisation`` in the reviewer list's picker."""
    option = page.get_by_role("option", name=organisation)
    for _ in range(3):  # a rerun landing while the list opens closes it again: open it until it shows
        keyed(page, "rl_pick").click()
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            settle(page)
    option.click()


def test_fill_a_profile_and_one_item_then_download_the_annex_1_form(app_url, tmp_path):
    from docx import Document
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = open_page(browser, app_url, accept_downloads=True)
            page.get_by_role("button", name="开始自评").click()
            expect(keyed(page, "w.profile.name").locator("input")).to_be_visible()
            expect(page).to_have_url(re.compile(r"draft="))  # the draft is open and its ID is in the URL
            settle(page)

            for key, value in (("w.profile.name", "上海测试&精密<机械>有限公司"),
                               ("w.profile.uscc", "91310117MA1J3AB2CJ"),
                               ("w.profile.phone", "021-57681234")):
                field = keyed(page, key).locator("input")
                expect(field).to_have_count(1)  # the previous run's copy of the form is gone
                field.fill(value)
                # the rerun Enter starts must end before the next field is typed in, or its redraw empties that field
                after_rerun(page, lambda: field.press("Enter"))
                expect(field).to_have_value(value)
            expect(page).to_have_url(re.compile(r"draft="))

            after_rerun(page, page.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click)
            met = keyed(page, "w.ans.P01.choice").get_by_role("radio", name="达标", exact=True)
            after_rerun(page, met.click)
            expect(met).to_be_checked()
            after_rerun(page, keyed(page, "w.ev.P01.add").get_by_role("button").click)
            title = keyed(page, "w.ev.P01.0.title").locator("input")
            title.fill("关于成立商业秘密保护工作领导小组的通知")
            after_rerun(page, lambda: title.press("Enter"))
            total = page.get_by_test_id("stSidebar").get_by_test_id("stMetricValue").first
            expect(total).to_have_text("3")
            settle(page)

            page.get_by_test_id("stSidebarNav").get_by_text("申报材料").click()
            expect(keyed(page, "docs_form").get_by_role("button")).to_be_enabled()
            settle(page)
            with page.expect_download(timeout=WAIT_MS) as download_info:
                keyed(page, "docs_form").get_by_role("button").click()
            download = download_info.value
            assert download.suggested_filename.endswith("申报表.docx")
            saved = tmp_path / "form.docx"
            download.save_as(saved)
        finally:
            browser.close()

    text = "\n".join(cell.text for table in Document(io.BytesIO(saved.read_bytes())).tables
                     for row in table.rows for cell in row.cells)
    assert "上海测试&精密<机械>有限公司" in text
    assert "021-57681234" in text


def test_a_reviewer_logs_in_opens_a_submission_and_overrides_an_item_with_a_reason(demo_app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = open_page(browser, demo_app_url)
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_text("登录")).to_be_visible()
            expect(nav.get_by_text("申报审核")).to_have_count(0)  # not signed in: no office pages
            nav.get_by_text("登录").click()
            username = keyed(page, "login_username").locator("input")
            username.fill("xinqiao")
            expect(username).to_have_value("xinqiao")
            keyed(page, "login_password").locator("input").fill("songjiang-demo")
            page.get_by_role("button", name="登录").last.click()
            page.wait_for_url(demo_app_url + "/", timeout=90_000)  # back from /auth/session with the cookie
            settle(page)
            nav.get_by_text("申报审核").click()
            expect(keyed(page, "rl_pick")).to_be_visible()
            settle(page)
            pick_submission(page, "上海松芯微电子科技有限公司")
            expect(keyed(page, "rl_pick").get_by_role("combobox")).to_have_value(re.compile("上海松芯微电子科技有限公司"))
            settle(page)
            keyed(page, "rl_open").get_by_role("button").click()
            expect(page.get_by_role("heading", name="逐项复核：上海松芯微电子科技有限公司")).to_have_count(1)
            metrics = page.get_by_test_id("stMetricValue")
            expect(metrics.nth(1)).to_have_text("94.5")
            expect(metrics.nth(2)).to_have_text("94.5")
            settle(page)

            keyed(page, "rv_decision_P01").get_by_text("调整得分").click()
            score = keyed(page, "rv_score_P01").locator("input")
            score.fill("1")
            expect(score).to_have_value("1")
            reason = keyed(page, "rv_reason_P01").locator("input")
            reason.fill("通知未明确领导小组职责")
            expect(reason).to_have_value("通知未明确领导小组职责")
            page.get_by_role("button", name="保存本条结论").first.click()
            expect(page.get_by_text("已保存 P01 的复核结论。")).to_have_count(1)
            expect(metrics.nth(2)).to_have_text("92.5")
            expect(metrics.nth(3)).to_have_text("1 / 50")
            settle(page)
            page.locator("[class*='st-key-rv_view_P01_']").first.get_by_role("button").click()
            viewer = page.locator("[class*='st-key-rv_pdf_P01_']")
            expect(viewer).to_have_count(1)
            settle(page)
            page.screenshot(path=str(tmp_path / "review.png"))
        finally:
            browser.close()
