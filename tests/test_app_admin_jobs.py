"""The admin's 校验审计日志 runs in the background: the click queues a job, the page shows its progress, then its
outcome, without the page request doing the work."""

from __future__ import annotations

from app_pages.common.paths import PAGES
from app_pages.strings import office as O
from scoring.store import db, jobs
from scoring.store import messages as M
from tests.office_fixtures import app, demo, demo_file, shown  # noqa: F401 - fixtures


def test_the_admins_verify_is_queued_shown_as_progress_then_as_its_outcome(demo, monkeypatch):
    monkeypatch.setenv("TSP_JOB_WORKER", "external")  # this test plays the worker, so the steps are deterministic
    admin = demo.actor("admin")
    at = app(admin, PAGES["admin"])
    at.button(key="adm_audit").click().run()
    with db.session_scope(demo.engine, readonly=True) as s:
        view = jobs.latest(s, admin, "audit_verify")
    assert view is not None and view.status == "queued"
    assert any(O.ADMIN_AUDIT_QUEUED in p.proto.text for p in at.get("progress"))
    assert jobs.run_one(demo.engine, "test-worker") == view.id
    at.run()
    assert shown(at, M.AUDIT_OK.split("：")[0])
    assert not at.exception
