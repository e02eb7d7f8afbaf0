"""The applicants' app: ``streamlit run app.py``. One page per step; the pages are listed once here."""

from __future__ import annotations

import streamlit as st

from app_pages import session, sidebar
from app_pages import strings as S
from app_pages.ui import guarded, show_flash

st.set_page_config(page_title=S.APP_TITLE, page_icon=":material/verified_user:", layout="wide")

PAGES = {
    S.NAV_SECTION_APPLY: [
        st.Page(session.PAGE_FILES["start"], title=S.PAGE_START, icon=":material/home:", default=True),
        st.Page(session.PAGE_FILES["profile"], title=S.PAGE_PROFILE, icon=":material/badge:"),
        st.Page(session.PAGE_FILES["library"], title=S.PAGE_LIBRARY, icon=":material/folder_open:"),
        st.Page(session.PAGE_FILES["self_assessment"], title=S.PAGE_SELF_ASSESSMENT, icon=":material/checklist:"),
        st.Page(session.PAGE_FILES["results"], title=S.PAGE_RESULTS, icon=":material/insights:"),
        st.Page(session.PAGE_FILES["documents"], title=S.PAGE_DOCUMENTS, icon=":material/description:"),
    ],
}

page = st.navigation(PAGES)
guarded(session.sync_with_url)
guarded(sidebar.render)
guarded(show_flash)
page.run()
