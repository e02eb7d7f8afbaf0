"""Small pieces the office pages share: tables with Chinese headers, office choices, lazily built downloads."""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from app_pages import office_strings as O
from app_pages import signin
from app_pages.ui import pts
from scoring.store import db, directory
from scoring.store import messages as store_msg
from scoring.store.errors import StoreError
from scoring.store.filing import HistoryEntry

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOG = logging.getLogger("tsp.app")
T = TypeVar("T")
TABLE_COLUMNS = ("id", "organisation", "category", "office", "park", "status", "claimed_total", "self_total",
                 "final_total", "reviewed_items", "item_count", "submitted_at")


def points_text(value: object) -> str:
    """A score as people write it (92.5, 90), or an empty cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return pts(value)


def history_line(entry: HistoryEntry) -> str:
    """One step of a submission's history: when, who, what, and the note given with it."""
    line = O.HISTORY_LINE.format(at=f"{entry.at:%Y-%m-%d %H:%M}", actor=entry.actor, action=entry.action)
    return line + (O.HISTORY_NOTE.format(note=entry.note) if entry.note else "")


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The submissions table as shown: Chinese headers and labels, scores written exactly."""
    shown = table[list(TABLE_COLUMNS)].copy()
    shown["category"] = shown["category"].map(store_msg.CATEGORY_NAMES)
    shown["status"] = shown["status"].map(store_msg.STATUS_LABELS)
    for column in ("claimed_total", "self_total", "final_total"):
        shown[column] = shown[column].map(points_text)
    return shown.rename(columns=store_msg.SUBMISSION_COLUMNS)


def office_choices(session: Session) -> dict[int, str]:
    """Every office by ID (office names are not confidential)."""
    return {office.id: office.name for office in directory.offices(session)}


def lazy_bytes(action: Callable[[Session], bytes]) -> Callable[[], bytes]:
    """A download's content, built only when the user clicks (exports and evidence downloads are audited)."""
    def build() -> bytes:
        try:
            with db.session_scope(signin.engine()) as session:
                return action(session)
        except StoreError as err:
            LOG.warning("download refused: %s", err.message)
            return err.message.encode("utf-8")
    return build


NOTICES = "_office_notices"


def notice(text: str, *, error: bool = False) -> None:
    """A message for the next run of the page (actions run in callbacks, before the page is drawn)."""
    st.session_state.setdefault(NOTICES, []).append((error, text))


def show_notices() -> None:
    """The messages left by the previous interaction's actions."""
    for error, text in st.session_state.pop(NOTICES, []):
        if error:
            st.error(text, icon=":material/error:")
        else:
            st.success(text, icon=":material/check_circle:")


def act(action: Callable[[Session], T], done: str | Callable[[T], str]) -> T | None:
    """Run a change in one transaction; leave ``done`` (or the Chinese reason it failed) as a notice."""
    errors: list[str] = []
    result = signin.run(action, show=errors.append)
    for text in errors:
        notice(text, error=True)
    if not errors:
        notice(done(result) if callable(done) else done)
    return result
