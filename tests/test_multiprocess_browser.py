"""Two app processes on one PostgreSQL schema: a draft started in Chromium on one, with an evidence file uploaded
there, opens on the other with its evidence; a reviewer signed in on one is still signed in on the other and opens
a submission there. Each process has its own draft cache folder, so nothing is shared but the database (sign-in
sessions included: the session cookie names a row in ``signin_sessions``, not anything in a process's memory).
A batch import queued on one process is run by a worker process of its own, and its report shows on the other.

Needs PostgreSQL (``TSP_TEST_POSTGRES_URL``), Debian ``chromium`` and the ``playwright`` package.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from app_pages.strings import office as O
from scoring.store import db
from scoring.store.demo import DEMO_PASSWORD, load_demo
from tests.office_fixtures import demo_environment
from tests.store.conftest import TEST_KEY, PostgresSchema, skip_postgres
from scoring.store import messages as M
from tests.browser_waits import after_rerun
from tests.store.world import full_answers, pdf_bytes, uscc
from tests.test_app_browser import CHROMIUM, ROOT, WAIT_MS, keyed, launch, pick_submission, serve, settle
from tests.test_signin_browser import TIMEOUT, idle, nav_has, sign_in
from tests.zip_fixtures import zip_of

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _environment(schema: PostgresSchema) -> dict[str, str]:
    return {"TSP_DATABASE_URL": schema.schema_url, "TSP_SECRET_KEY": TEST_KEY, "TSP_JOB_WORKER": "external"}


def _two_processes(tmp_path, *, demo: bool):
    """Two app processes on a fresh schema (holding the demo district when ``demo``): (first URL, second URL,
    schema)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    if skip_postgres():
        pytest.skip("TSP_SKIP_POSTGRES=1")
    schema = PostgresSchema()
    engine = schema.engine()
    db.upgrade(engine)
    if demo:  # the demo district: accounts and submissions, evidence under TEST_KEY (argon2 at a cheap cost)
        with demo_environment(tmp_path / "demo.db"), db.session_scope(engine) as session:
            assert load_demo(session)
    engine.dispose()
    try:
        with contextlib.ExitStack() as servers:  # both processes stop when the test is done
            urls = []
            for name in ("one", "two"):
                folder = tmp_path / name
                folder.mkdir()
                settings = {**_environment(schema), "TSP_DRAFT_CACHE_DIR": str(folder / "cache")}
                urls.append(servers.enter_context(contextlib.contextmanager(serve)(folder, settings)))
            yield urls[0], urls[1], schema
    finally:
        schema.drop()


@pytest.fixture
def two_processes(tmp_path):
    yield from _two_processes(tmp_path, demo=False)


@pytest.fixture
def two_demo_processes(tmp_path):
    yield from _two_processes(tmp_path, demo=True)


def test_a_draft_started_on_one_process_opens_on_the_other_with_its_evidence(two_processes, tmp_path):
    from playwright.sync_api import sync_playwright

    first, second, _schema = two_processes
    upload = tmp_path / "领导小组通知.pdf"
    upload.write_bytes(pdf_bytes("领导小组"))
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(first)
            settle(page)
            page.get_by_role("button", name="开始自评").click()
            settle(page)
            field = keyed(page, "w.profile.name").locator("input")
            field.fill("上海两进程测试有限公司")
            after_rerun(page, lambda: field.press("Enter"))
            draft_id = parse_qs(urlparse(page.url).query)["draft"][0]

            page.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click()
            settle(page)
            page.get_by_role("button", name="上传文件").first.click()
            page.locator('.st-key-w-up-P01-0 input[type="file"]').set_input_files(str(upload))
            settle(page)
            page.wait_for_selector("text=领导小组通知", timeout=30_000)
            page.screenshot(path=str(tmp_path / "first.png"))

            other = browser.new_page(viewport={"width": 1400, "height": 1000})
            other.goto(f"{second}/?draft={draft_id}")
            settle(other)
            other.get_by_test_id("stSidebar").get_by_text("上海两进程测试有限公司").wait_for(timeout=30_000)
            other.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click()
            settle(other)
            other.wait_for_selector("text=领导小组通知", timeout=30_000)
            assert other.get_by_text("文件未保存在本草稿中").count() == 0
            other.screenshot(path=str(tmp_path / "second.png"))
        finally:
            browser.close()
    cached = tmp_path / "two" / "cache" / draft_id / "evidence" / "领导小组通知.pdf"
    assert cached.read_bytes() == pdf_bytes("领导小组")  # the second process rebuilt it from the database
    assert not (tmp_path / "one" / "drafts").exists() or not any((tmp_path / "one" / "drafts").iterdir())


def test_a_reviewer_signed_in_on_one_process_is_signed_in_on_the_other(two_demo_processes, tmp_path):
    """The load balancer may send the next request to the other process: the sign-in must hold there (the session
    lives in the database), and signing out on the second process signs the browser out of the first too."""
    from playwright.sync_api import sync_playwright

    first, second, _schema = two_demo_processes
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            sign_in(page, first, "xinqiao", DEMO_PASSWORD)
            assert nav_has(page, O.PAGE_REVIEW_LIST)

            page.goto(second)  # the same browser, its cookies, the other process
            idle(page)
            assert nav_has(page, O.PAGE_REVIEW_LIST)
            page.locator('[data-testid="stSidebarNav"] a', has_text=O.PAGE_REVIEW_LIST).click()
            idle(page)
            page.get_by_role("heading", name=O.REVIEW_LIST_TITLE).wait_for(timeout=TIMEOUT)
            pick_submission(page, "上海松芯微电子科技有限公司")
            settle(page)
            keyed(page, "rl_open").get_by_role("button").click()
            page.get_by_role("heading", name="逐项复核：上海松芯微电子科技有限公司").wait_for(timeout=TIMEOUT)
            settle(page)
            page.screenshot(path=str(tmp_path / "reviewer_on_second.png"))

            page.goto(f"{second}/login")
            idle(page)
            page.get_by_role("button", name=O.LOGOUT).click()
            page.wait_for_url(f"{second}/", timeout=TIMEOUT)
            idle(page)
            page.goto(first)
            idle(page)
            assert not nav_has(page, O.PAGE_REVIEW_LIST)  # revoked in the database, so on every process
        finally:
            browser.close()


def _sign_in(page, url: str, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("登录").click()
    field = keyed(page, "login_username").locator("input")
    field.fill(username)
    expect(field).to_have_value(username)
    keyed(page, "login_password").locator("input").fill("songjiang-demo")
    page.get_by_role("button", name="登录").last.click()
    page.wait_for_url(url + "/", timeout=WAIT_MS)  # back from /auth/session with the cookie
    settle(page)


def test_an_import_queued_on_one_process_is_run_by_a_worker_process_and_its_report_shows_on_the_other(
        two_demo_processes, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    first, second, schema = two_demo_processes
    batch = tmp_path / "申报材料.zip"
    batch.write_bytes(zip_of({f"{n}.yaml": full_answers("point", f"上海两进程导入{n}有限公司", uscc(260 + n))
                              for n in range(3)}))
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            _sign_in(page, first, "xinqiao")
            page.get_by_test_id("stSidebarNav").get_by_text(O.PAGE_IMPORT).click()
            settle(page)
            page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(batch))
            expect(keyed(page, "import_run").get_by_role("button")).to_be_enabled()
            settle(page)
            keyed(page, "import_run").get_by_role("button").click()
            expect(page).to_have_url(re.compile(r"job=\d+"))
            expect(page.get_by_text(O.IMPORT_PHASES["queued"])).to_be_visible()  # queued: no worker runs here
            job = re.search(r"job=(\d+)", page.url).group(1)
            page.screenshot(path=str(tmp_path / "queued.png"), full_page=True)

            worker = subprocess.run([sys.executable, "-m", "scoring", "worker", "--once"], cwd=ROOT, text=True,
                                    capture_output=True, env=dict(os.environ, **_environment(schema)))
            assert worker.returncode == 0 and "已处理 1 个后台任务" in worker.stdout, worker.stderr
            expect(page.get_by_text(O.IMPORT_DONE.format(count=3))).to_be_visible()  # the fragment's refresh

            other = browser.new_page(viewport={"width": 1400, "height": 1000})
            other.set_default_timeout(WAIT_MS)
            _sign_in(other, second, "xinqiao")  # a new page is a new browser context, without the first's cookie
            other.goto(page.url.replace(first, second))  # the same address (the job in it) on the other process
            settle(other)
            assert f"job={job}" in other.url, other.url
            expect(other.get_by_text(O.IMPORT_DONE.format(count=3))).to_be_visible()
            expect(other.get_by_text(M.IMPORT_RESULT_WRITTEN.split("（")[0]).first).to_be_visible()
            other.screenshot(path=str(tmp_path / "report-on-second.png"), full_page=True)
        finally:
            browser.close()
