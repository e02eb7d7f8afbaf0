"""The applicant's flow in real Chromium: the place is kept while answering, the draft zip round trip.

Needs Debian's ``chromium`` and the ``playwright`` package (see ``tests/test_app_browser.py``); written for
Streamlit 1.67, whose ``data-testid`` attributes and ``st-key-<key>`` classes are internal.
"""

from __future__ import annotations

import pytest

from tests.test_app_browser import keyed, launch, serve, settle

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
    page.goto(app_url)
    settle(page)
    page.get_by_role("button", name="开始自评").click()
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("逐项自评").click()
    settle(page)


def test_answering_items_keeps_the_group_selected_and_the_item_in_view(app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            open_self_assessment(page, app_url)
            keyed(page, "w.sa.indicator").get_by_test_id("stRadioOption").filter(has_text="人员管理").click()
            settle(page)
            assert chosen_group(page).startswith("人员管理")
            assert "group=3" in page.url
            for item_id in ("P07", "P08", "P12", "P16"):
                choice = keyed(page, f"w.ans.{item_id}.choice")
                choice.scroll_into_view_if_needed()
                choice.get_by_role("radio", name="达标", exact=True).click()
                settle(page)
                page.wait_for_function(
                    "id => !!document.querySelector('.st-key-sa_item_' + id + ' [data-testid=stMarkdownContainer]')",
                    arg=item_id)
                assert chosen_group(page).startswith("人员管理"), item_id
                assert in_viewport(page, item_id), item_id
            assert "已答 4/13" in keyed(page, "w.sa.indicator").inner_text()
            page.screenshot(path=str(tmp_path / "group.png"))
            page.reload()
            settle(page)
            page.wait_for_selector(".st-key-w-sa-indicator input:checked", timeout=30_000)
            assert chosen_group(page).startswith("人员管理")  # the URL keeps the group
        finally:
            browser.close()
