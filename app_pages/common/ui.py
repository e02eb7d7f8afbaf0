"""Small pieces every page uses: the error guard, the no-draft notice, number formatting."""

from __future__ import annotations

import logging
import math
from decimal import Decimal
from typing import Callable

import streamlit as st

from app_pages.common import session
from app_pages.strings import applicant as S
from app_pages.common.paths import PAGES
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
        st.page_link(PAGES["start"], label=S.GO_START, icon=":material/home:")
    return draft


def pts(value: Decimal | int | float | None, empty: str = "—") -> str:
    """Points as people write them: 5, 2.5 (never 5.0 or 2.50); ``empty`` for no value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    number = as_json_number(Decimal(str(value)))
    return str(number)

