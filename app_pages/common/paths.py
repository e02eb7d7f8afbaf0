"""Where each page's file lives: the one place page paths are written (``app.py`` builds its pages from it)."""

from __future__ import annotations

PAGES = {
    "start": "app_pages/applicant/start.py",
    "profile": "app_pages/applicant/profile.py",
    "library": "app_pages/applicant/evidence_library.py",
    "self_assessment": "app_pages/applicant/self_assessment.py",
    "results": "app_pages/applicant/results.py",
    "documents": "app_pages/applicant/documents.py",
    "filing": "app_pages/applicant/filing.py",
    "login": "app_pages/common/login.py",
    "review_list": "app_pages/office/review_list.py",
    "review": "app_pages/office/review.py",
    "import": "app_pages/office/batch_import.py",
    "selection": "app_pages/office/selection.py",
    "district": "app_pages/office/district.py",
    "admin": "app_pages/office/admin.py",
    "registry": "app_pages/park/park_registry.py",
    "membership": "app_pages/park/membership.py",
    "round": "app_pages/office/round_setup.py",
    "decision": "app_pages/office/decision.py",
    "org_history": "app_pages/office/org_history.py",
    "history": "app_pages/applicant/history.py",
}
