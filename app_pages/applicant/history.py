"""历年申报 (applicant): the own organisation's rounds, outcomes, certificates and score trends."""

from __future__ import annotations

import streamlit as st

from app_pages.common import history_view, signin
from app_pages.common.ui import guarded
from app_pages.strings import office as O


def body() -> None:
    actor = signin.require("applicant", "park_operator")
    if actor is None or actor.organisation_id is None:
        return
    st.title(O.HISTORY_TITLE)
    history_view.render(actor, actor.organisation_id)


guarded(body)
