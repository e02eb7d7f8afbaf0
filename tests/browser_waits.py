"""Waiting for the rerun an action starts, in a real browser: the condition, never a pause.

Right after a click Streamlit's script state may still read ``notRunning`` (the rerun has not started), so waiting
for ``notRunning`` alone can pass too early. Before the action, a MutationObserver watches the app's
``data-test-script-state``; a change whose old value is ``running`` is a rerun that ended after the watch began.
Old values are read, not only the current one, so a rerun that starts and ends before the observer's callback
runs is still seen. Used by the browser tests and by ``bench/browser_bench.py``.
"""

from __future__ import annotations

from collections.abc import Callable

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
WATCH_RERUN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__tspRerun = {done: false};
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.oldValue === 'running') &&
        app.getAttribute('data-test-script-state') === 'notRunning') {
      window.__tspRerun.done = true;
      observer.disconnect();
    }
  });
  observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
}"""
RERUN_DONE = "() => window.__tspRerun && window.__tspRerun.done"


def watch_rerun(page) -> None:
    """Start watching for the next rerun (call it while the app is idle, right before the action)."""
    page.evaluate(WATCH_RERUN)


def wait_rerun(page, timeout_ms: int = 90_000) -> None:
    """Return once the rerun seen since ``watch_rerun`` has ended and the app is idle."""
    page.wait_for_function(RERUN_DONE, timeout=timeout_ms, polling="raf")
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def after_rerun(page, action: Callable[[], object], timeout_ms: int = 90_000) -> None:
    """Do ``action`` (a click, a key press) and return once the rerun it started has ended and the app is idle."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    watch_rerun(page)
    action()
    wait_rerun(page, timeout_ms)
