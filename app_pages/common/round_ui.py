"""Pieces of the annual round that several pages show: the eligibility panel, the phase banner, and the Markdown
escape for user text (``md``; the shared helper in ``common/text.py`` replaces it once it exists)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_pages.strings import office as O
from scoring.eligibility import Eligibility, assess_eligibility
from app_pages.common.text import md  # noqa: F401 - the round pages import it from here too

LOG = logging.getLogger("tsp.app")


def eligibility_panel(category: str, applicant: Mapping[str, Any] | Any) -> Eligibility:
    """Show whether the applicant appears eligible and why (plan section 三); returns the verdict."""
    verdict = assess_eligibility(category, applicant)
    reasons = "\n".join(f"- {md(reason)}" for reason in verdict.reasons)
    text = f"**{O.ELIGIBILITY_TITLE}：{verdict.label}**\n\n{reasons}"
    if verdict.eligible is True:
        st.success(text, icon=":material/verified:")
    elif verdict.eligible is False:
        st.error(f"{text}\n\n{O.ELIGIBILITY_STILL_ASSESS}", icon=":material/block:")
    else:
        st.info(text, icon=":material/help:")
    return verdict


def phase_banner(today: dt.date | None = None) -> None:
    """The round's current phase and the days left in it (and to the filing deadline), from the stored calendar."""
    from app_pages.common import signin
    from scoring.store import db
    from scoring.store.rounds import round_status

    try:
        with db.session_scope(signin.engine()) as session:
            status = round_status(session, today)
    except Exception:  # noqa: BLE001 - a banner must never break the page it sits on
        LOG.exception("phase banner failed")
        return
    st.info(O.phase_text(status), icon=":material/event:")
