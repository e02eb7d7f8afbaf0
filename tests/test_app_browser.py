"""One real-browser run: start the app, fill a profile and one item, download the Annex 1 form.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` Python package; the Chinese fonts
(``fonts-noto-cjk``) only matter for screenshots. Written for Streamlit 1.67: widgets are found through
Streamlit's ``data-testid`` attributes and the ``st-key-<key>`` class of keyed widgets, which are internal.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    port = free_port()
    env = dict(os.environ, TSP_DRAFTS_DIR=str(tmp_path / "drafts"))
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
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


def keyed(page, key: str):
    """The container of the widget with this Streamlit key (dots become dashes in the class name)."""
    return page.locator(f".st-key-{key.replace('.', '-')}")


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=30_000)


def test_fill_a_profile_and_one_item_then_download_the_annex_1_form(app_url, tmp_path):
    from docx import Document
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.goto(app_url)
            settle(page)
            page.get_by_role("button", name="开始自评").click()
            settle(page)

            for key, value in (("w.profile.name", "上海测试&精密<机械>有限公司"),
                               ("w.profile.uscc", "91310117MA1J3AB2CJ"),
                               ("w.profile.phone", "021-57681234")):
                field = keyed(page, key).locator("input")
                field.fill(value)
                field.press("Enter")
                settle(page)
            assert "draft=" in page.url

            page.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click()
            settle(page)
            keyed(page, "w.ans.P01.choice").get_by_role("radio", name="达标", exact=True).click()
            settle(page)
            keyed(page, "w.ev.P01.add").get_by_role("button").click()
            settle(page)
            title = keyed(page, "w.ev.P01.0.title").locator("input")
            title.fill("关于成立商业秘密保护工作领导小组的通知")
            title.press("Enter")
            settle(page)
            total = page.get_by_test_id("stSidebar").get_by_test_id("stMetricValue").first
            assert total.inner_text() == "3"

            page.get_by_test_id("stSidebarNav").get_by_text("申报材料").click()
            settle(page)
            with page.expect_download() as download_info:
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
