"""Small pieces every page uses: the error guard, the no-draft notice, number formatting."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Callable

import streamlit as st

from app_pages import session
from app_pages import strings as S
from scoring.points import as_json_number

LOG = logging.getLogger("tsp.app")


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; an unexpected error shows a Chinese message (details go to the server log only)."""
    try:
        body()
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        LOG.exception("page failed")
        st.error(S.UNEXPECTED_ERROR, icon=":material/error:")


def require_draft() -> session.OpenDraft | None:
    """The open draft, or None after telling the user how to open one."""
    draft = session.current()
    if draft is None:
        st.info(S.NO_DRAFT, icon=":material/info:")
        st.page_link(session.PAGE_FILES["start"], label=S.GO_START, icon=":material/home:")
    return draft


def pts(value: Decimal | int | float | None) -> str:
    """Points as people write them: 5, 2.5 (never 5.0 or 2.50)."""
    if value is None:
        return "—"
    number = as_json_number(Decimal(str(value)))
    return str(number)


def show_flash() -> None:
    """Messages left by the callbacks of the previous interaction."""
    for error, message in session.take_flash():
        if error:
            st.error(message, icon=":material/error:")
        else:
            st.toast(message, icon=":material/check_circle:")
