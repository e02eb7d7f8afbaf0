"""The app: ``streamlit run app.py``. One page per step; the pages are listed once here.

Self-assessment needs no account. Signing in adds the pages of the user's role: the applicant files its
self-assessment, an office reviews and imports, the bureau ranks and selects, a park operator keeps its registry.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import session
from app_pages.common.paths import PAGES
from app_pages.applicant import sidebar
from app_pages.common import signin
from app_pages.strings import applicant as S
from app_pages.common import flash
from app_pages.common.ui import guarded

# A local image: a Material icon as page icon would make every browser fetch it from fonts.gstatic.com.
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "page_icon.png")
st.set_page_config(page_title=S.APP_TITLE, page_icon=PAGE_ICON, layout="wide")

APPLY = [
    st.Page(PAGES["start"], title=S.PAGE_START, icon=":material/home:", default=True),
    st.Page(PAGES["profile"], title=S.PAGE_PROFILE, icon=":material/badge:"),
    st.Page(PAGES["library"], title=S.PAGE_LIBRARY, icon=":material/folder_open:"),
    st.Page(PAGES["self_assessment"], title=S.PAGE_SELF_ASSESSMENT, icon=":material/checklist:"),
    st.Page(PAGES["results"], title=S.PAGE_RESULTS, icon=":material/insights:"),
    st.Page(PAGES["documents"], title=S.PAGE_DOCUMENTS, icon=":material/description:"),
]
LOGIN = st.Page(PAGES["login"], title=O.PAGE_LOGIN, icon=":material/login:")
FILING = st.Page(PAGES["filing"], title=O.PAGE_FILING, icon=":material/send:")
REVIEW_LIST = st.Page(PAGES["review_list"], title=O.PAGE_REVIEW_LIST, icon=":material/fact_check:")
REVIEW = st.Page(PAGES["review"], title=O.PAGE_REVIEW, icon=":material/rate_review:")
IMPORT = st.Page(PAGES["import"], title=O.PAGE_IMPORT, icon=":material/upload_file:")
SELECTION = st.Page(PAGES["selection"], title=O.PAGE_SELECTION, icon=":material/military_tech:")
DISTRICT = st.Page(PAGES["district"], title=O.PAGE_DISTRICT, icon=":material/bar_chart:")
REGISTRY = st.Page(PAGES["registry"], title=O.PAGE_REGISTRY, icon=":material/apartment:")
MEMBERSHIP = st.Page(PAGES["membership"], title=O.PAGE_MEMBERSHIP, icon=":material/handshake:")
ADMIN = st.Page(PAGES["admin"], title=O.PAGE_ADMIN, icon=":material/manage_accounts:")
ROUND = st.Page(PAGES["round"], title=O.PAGE_ROUND, icon=":material/event:")
DECISION = st.Page(PAGES["decision"], title=O.PAGE_DECISION, icon=":material/gavel:")
ORG_HISTORY = st.Page(PAGES["org_history"], title=O.PAGE_ORG_HISTORY, icon=":material/timeline:")
HISTORY = st.Page(PAGES["history"], title=O.PAGE_HISTORY, icon=":material/timeline:")

# The pages each role adds to the self-assessment pages.
ROLE_PAGES = {
    None: [LOGIN],
    "applicant": [FILING, HISTORY, MEMBERSHIP, LOGIN],
    "park_operator": [FILING, HISTORY, REGISTRY, LOGIN],
    "reviewer": [ROUND, REVIEW_LIST, REVIEW, IMPORT, SELECTION, DECISION, ORG_HISTORY, DISTRICT, LOGIN],
    "admin": [ROUND, REVIEW_LIST, REVIEW, IMPORT, SELECTION, DECISION, ORG_HISTORY, DISTRICT, REGISTRY, ADMIN,
              LOGIN],
}


def pages() -> dict[str, list]:
    actor = signin.actor()
    return {S.NAV_SECTION_APPLY: APPLY, O.NAV_SECTION_OFFICE: ROLE_PAGES[actor.role if actor else None]}


page = st.navigation(pages())
guarded(session.sync_with_url)
guarded(sidebar.render)
guarded(flash.show)
page.run()
