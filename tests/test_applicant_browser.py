"""The applicant's flow in real Chromium: the place is kept while answering, the draft zip round trip.

Needs Debian's ``chromium`` and the ``playwright`` package (see ``tests/test_app_browser.py``); written for
Streamlit 1.67, whose ``data-testid`` attributes and ``st-key-<key>`` classes are internal.
"""

from __future__ import annotations

import re

import pytest

from tests.browser_waits import after_rerun
from tests.test_app_browser import WAIT_MS, keyed, launch, serve, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(tmp_path):
    yield from serve(tmp_path)


def chosen_group(page) -> str:
    """The text of the 评价指标 option that the browser shows as selected ('' when none is)."""
    return page.locator(".st-key-w-sa-indicator input:checked").evaluate_all(
        "inputs => inputs.map(i => i.closest('label').innerText).join('')")


def in_viewport(page, item_id: str) -> bool:
    return page.locator(f".st-key-sa_item_{item_id}").evaluate(
        "card => { const r = card.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }")


def open_self_assessment(page, app_url: str) -> None:
    """A new draft's 逐项自评, each step waiting for the element that proves it happened (a click landing while
    the previous rerun still runs is otherwise lost)."""
    page.goto(app_url)
    settle(page)
    after_rerun(page, page.get_by_role("button", name="开始自评").click)
    keyed(page, "w.profile.name").locator("input").wait_for(timeout=WAIT_MS)  # the new draft opens on 单位信息
    after_rerun(page, page.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click)
    keyed(page, "w.sa.indicator").wait_for(timeout=WAIT_MS)


def test_answering_items_keeps_the_group_selected_and_the_item_in_view(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            open_self_assessment(page, app_url)
            after_rerun(page, keyed(page, "w.sa.indicator").get_by_test_id("stRadioOption").filter(
                has_text="人员管理").click)
            assert chosen_group(page).startswith("人员管理")
            expect(page).to_have_url(re.compile(r"group=3"))
            for item_id in ("P07", "P08", "P09", "P10"):
                choice = keyed(page, f"w.ans.{item_id}.choice")
                choice.scroll_into_view_if_needed()
                after_rerun(page, choice.get_by_role("radio", name="达标", exact=True).click)
                page.wait_for_function(
                    "id => !!document.querySelector('.st-key-sa_item_' + id + ' [data-testid=stMarkdownContainer]')",
                    arg=item_id)
                assert chosen_group(page).startswith("人员管理"), item_id
                assert in_viewport(page, item_id), item_id
            expect(keyed(page, "w.sa.indicator")).to_contain_text("已答 4/13", timeout=90_000)
            page.screenshot(path=str(tmp_path / "group.png"))
            page.reload()
            settle(page)
            page.wait_for_selector(".st-key-w-sa-indicator input:checked", timeout=30_000)
            assert chosen_group(page).startswith("人员管理")  # the URL keeps the group
        finally:
            browser.close()


def test_the_draft_zip_downloads_and_resumes_with_its_evidence_files(app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    evidence = tmp_path / "保密制度.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% a policy\n%%EOF\n")
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            open_self_assessment(page, app_url)
            after_rerun(page, keyed(page, "w.ans.P01.choice").get_by_role("radio", name="达标", exact=True).click)
            page.get_by_test_id("stSidebar").get_by_text("1 / 50").wait_for(timeout=WAIT_MS)  # saved and scored
            card = page.locator(".st-key-sa_item_P01")
            after_rerun(page, card.get_by_role("button", name="上传文件").click)
            card.get_by_test_id("stFileUploaderDropzone").wait_for(timeout=WAIT_MS)  # drawn on request
            after_rerun(page, lambda: card.locator("input[type=file]").set_input_files(str(evidence)))
            page.wait_for_selector(".st-key-sa_item_P01 :text('保密制度.pdf')", timeout=30_000)
            link = page.get_by_test_id("stSidebar").locator("code").inner_text()
            assert "?draft=" in link
            with page.expect_download() as download:
                page.get_by_test_id("stSidebar").get_by_role("button", name="下载整份草稿（zip）").click()
            archive = tmp_path / "draft.zip"
            download.value.save_as(archive)

            fresh = browser.new_context().new_page()
            fresh.goto(app_url)
            settle(fresh)
            fresh.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(archive))
            settle(fresh)
            fresh.wait_for_url("**/self_assessment**", timeout=30_000)
            settle(fresh)
            assert "draft=" in fresh.url and link.split("draft=")[1] not in fresh.url  # a new draft
            fresh.wait_for_selector(".st-key-sa_item_P01 :text('保密制度.pdf')", timeout=30_000)
            assert fresh.locator(".st-key-sa_item_P01").get_by_text("文件未保存").count() == 0
            restored_id = fresh.url.split("draft=")[1].split("&")[0]
            stored = list((tmp_path / "drafts" / restored_id / "evidence").iterdir())
            assert [p.read_bytes() for p in stored] == [evidence.read_bytes()]
        finally:
            browser.close()


def test_the_start_page_lists_the_drafts_opened_in_this_browser(app_url):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(app_url)
            settle(page)
            page.get_by_role("button", name="载入示范点示例").click()
            settle(page)
            page.wait_for_function("() => document.cookie.includes('tsp_recent_drafts=')", timeout=30_000)
            other = context.new_page()  # a new tab: a new Streamlit session, only the cookie is shared
            other.goto(app_url)
            settle(other)
            other.wait_for_selector("text=在本浏览器中打开过的自评", timeout=30_000)
            expect(other.get_by_role("button", name="切换到这份")).to_have_count(1, timeout=60_000)
        finally:
            browser.close()


def test_a_lost_point_link_opens_the_items_group_with_the_item_in_view(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(app_url)
            settle(page)
            page.get_by_role("button", name="载入示范点示例").click()
            settle(page)
            links = page.get_by_role("link", name="去修改")
            links.first.wait_for(timeout=30_000)
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            target = max(hrefs, key=lambda href: href.split("item=")[1])  # a late item, far down its group
            item_id = target.split("item=")[1]
            links.nth(hrefs.index(target)).click()
            settle(page)
            page.wait_for_selector(f".st-key-sa_item_{item_id}", timeout=30_000)
            page.wait_for_function(
                "id => { const r = document.querySelector('.st-key-sa_item_' + id).getBoundingClientRect();"
                " return r.top >= 0 && r.top < window.innerHeight; }", arg=item_id, timeout=30_000)
            assert "group=" in page.url and "item=" not in page.url
        finally:
            browser.close()
