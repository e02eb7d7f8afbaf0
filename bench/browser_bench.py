"""Click → idle in real Chromium through a fixed applicant scenario. Targets (2-core machine): answering an item
≤ 0.6 s median, page switch ≤ 1.0 s, 自评结果 first load ≤ 2 s.

Starts the app on a free port with a temporary drafts folder, opens a new 示范点 draft, answers ten check items in
two 评价指标 groups, goes through the applicant pages twice (the first visit of a page is its "first load", later
visits are "page switch") and opens 自评结果 by its URL in a new browser context (nothing cached).
"Idle" is Streamlit's ``[data-testid="stApp"][data-test-script-state="notRunning"]`` with the page's own element
drawn. Prints median and p90 per action kind and each page's first load.
Needs Debian ``chromium`` and the ``playwright`` package.
Usage: python bench/browser_bench.py [ROUNDS]
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_waits import IDLE, wait_rerun, watch_rerun  # noqa: E402 - the tests' wait for a rerun
CHROMIUM = "/usr/bin/chromium"
TARGETS = {"answer": 0.6, "page switch": 1.0, "first load 自评结果": 2.0}
PAGES = ["单位信息", "证据库", "逐项自评", "自评结果", "申报材料", "开始"]
# A marker each page draws last, so "idle" means the page is on screen, not only that the script stopped.
PAGE_MARK = {"开始": "商业秘密保护示范创建自评", "单位信息": "单位信息", "证据库": "证据库", "逐项自评": "逐项自评",
             "自评结果": "自评结果", "申报材料": "申报材料"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, TSP_DRAFTS_DIR=str(folder / "drafts"), TSP_DATA_DIR=str(folder / "data"),
               PYTHONPATH=str(ROOT))
    env.pop("TSP_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=open(folder / "server.log", "w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the app did not start: " + (folder / "server.log").read_text())


def timed(page, action, ready: str | None = None, *, rerun: bool = True) -> float:
    """Seconds from the action to idle: the rerun it caused has ended (or, for a page load, the app is not running)
    and ``ready`` is on screen."""
    if rerun:
        watch_rerun(page)
    start = time.perf_counter()
    action()
    if rerun:
        wait_rerun(page, 60_000)
    else:
        page.wait_for_selector(IDLE, timeout=60_000)
    if ready:
        page.wait_for_selector(ready, timeout=60_000)
    return time.perf_counter() - start


def nav(page, title: str):
    return lambda: page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()


def scenario(browser, url: str, times: dict[str, list[float]]) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    times["new browser 开始"].append(timed(page, lambda: page.goto(url), "text=开始自评", rerun=False))
    times["start draft"].append(timed(page, lambda: page.get_by_role("button", name="开始自评").click()))
    page.wait_for_url(re.compile(r"draft="))
    draft_url = page.url
    times["first load 逐项自评"].append(timed(page, nav(page, "逐项自评"), ".st-key-w-sa-indicator"))
    for group in ("人员管理", "涉密信息保护"):
        radio = page.locator(".st-key-w-sa-indicator")
        times["switch group"].append(timed(page, lambda: radio.get_by_test_id("stRadioOption").filter(
            has_text=group).click()))
        ids = page.locator("[class*='st-key-w-ans-'][class*='-choice']").evaluate_all(
            "es => es.map(e => e.className.match(/st-key-w-ans-(\\w+)-choice/)[1])")
        for item_id in ids[:5]:
            widget = page.locator(f".st-key-w-ans-{item_id}-choice")
            widget.scroll_into_view_if_needed()
            times["answer"].append(timed(page, lambda: widget.get_by_role("radio", name="达标", exact=True).click()))
    seen = {"开始", "逐项自评"}
    for _ in range(2):
        for title in PAGES:
            kind = "page switch" if title in seen else f"first load {title}"
            seen.add(title)
            times[kind].append(timed(page, nav(page, title), f"h1:has-text('{PAGE_MARK[title]}')"))
    page.close()
    fresh = browser.new_context().new_page()
    fresh.set_viewport_size({"width": 1400, "height": 900})
    draft_id = re.search(r"draft=(\w+)", draft_url).group(1)
    results_url = f"{url}/results?draft={draft_id}"
    times["new browser 自评结果"].append(timed(fresh, lambda: fresh.goto(results_url), "h1:has-text('自评结果')",
                                                 rerun=False))
    fresh.context.close()


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def main() -> None:
    from playwright.sync_api import sync_playwright

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    times: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_app(Path(folder))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                try:
                    for _ in range(rounds):
                        scenario(browser, url, times)
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{'action':<22}{'n':>4}{'median s':>10}{'p90 s':>8}{'target':>8}")
    for kind, values in times.items():
        target = TARGETS.get(kind)
        verdict = "" if target is None else f"{target:>6.1f} {'ok' if statistics.median(values) <= target else 'SLOW'}"
        print(f"{kind:<22}{len(values):>4}{statistics.median(values):>10.2f}{p90(values):>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
