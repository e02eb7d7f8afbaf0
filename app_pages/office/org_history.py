"""单位历年情况 (office): pick an organisation of the office's jurisdiction and see its rounds and trends."""

from __future__ import annotations

import streamlit as st

from app_pages.common import history_view, signin
from app_pages.common.ui import guarded
from app_pages.strings import office as O
from scoring.store import history


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    st.title(O.HISTORY_TITLE)
    names = signin.run(lambda s: history.visible_organisations(s, actor))
    if names is None:
        return
    if not names:
        st.info(O.HISTORY_NONE_VISIBLE, icon=":material/info:")
        return
    chosen = st.selectbox(O.HISTORY_PICK, list(names), format_func=names.get, key="org_history_pick")
    history_view.render(actor, chosen)


guarded(body)
