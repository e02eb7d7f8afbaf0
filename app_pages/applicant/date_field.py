"""A date typed as text (YYYY-MM-DD) instead of Streamlit's date picker, whose months and format hint are English.

The field saves on Enter as well as on leaving it (``st.text_input`` calls ``on_change`` on both); a value that is
not a real date keeps the saved one and says why beside the field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Callable

import streamlit as st

from app_pages.strings import applicant as S

DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def read_date(text: object, *, minimum: dt.date = DATE_MIN, maximum: dt.date = DATE_MAX) -> tuple[dt.date | None, str | None]:
    """A typed date as (date, None), or (None, a Chinese message); blank is (None, None).

    Accepts 2026-03-01, 2026-3-1, 2026/3/1, 2026.3.1 and 2026年3月1日.
    """
    raw = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not raw:
        return None, None
    match = _PATTERN.fullmatch(raw)
    if match is None:
        return None, S.DATE_BAD_FORMAT.format(text=raw)
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return None, S.DATE_BAD_MONTH.format(text=raw, month=month)
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None, S.DATE_BAD_DAY.format(text=raw, year=year, month=month, day=day)
    if not minimum <= value <= maximum:
        return None, S.DATE_OUT_OF_RANGE.format(text=raw, low=minimum.isoformat(), high=maximum.isoformat())
    return value, None


def date_field(label: str, value: dt.date | str | None, *, key: str, on_change: Callable[..., None] | None = None,
               args: tuple[Any, ...] = (), help: str | None = None, label_visibility: str = "visible",
               minimum: dt.date = DATE_MIN, maximum: dt.date = DATE_MAX, container: Any = None) -> None:
    """A text field for a date that may be blank, with the reason beside it when the typed text is refused."""
    place = container if container is not None else st
    shown = value.isoformat() if isinstance(value, dt.date) else str(value or "")
    place.text_input(label, value=shown, key=key, on_change=on_change, args=args, help=help,
                     placeholder=S.DATE_PLACEHOLDER, label_visibility=label_visibility)
    _, problem = read_date(st.session_state.get(key), minimum=minimum, maximum=maximum)
    if problem is not None:
        place.error(problem + (S.DATE_SAVED.format(value=shown) if shown else S.DATE_NOTHING_SAVED),
                    icon=":material/event_busy:")
