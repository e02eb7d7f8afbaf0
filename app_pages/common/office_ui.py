"""Small pieces the office pages share: tables with Chinese headers, office choices, lazily built downloads,
the background jobs' worker."""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app_pages.common.flash import FLASH_KEY, flash
from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.ui import pts
from app_pages.common.text import md
from scoring.store import db, directory, jobs
from scoring.store import messages as store_msg
from scoring.store.errors import StoreError
from scoring.store.filing import HistoryEntry

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOG = logging.getLogger("tsp.app")
T = TypeVar("T")
TABLE_COLUMNS = ("id", "organisation", "category", "office", "park", "status", "claimed_total", "self_total",
                 "final_total", "reviewed_items", "item_count", "submitted_at")


def history_line(entry: HistoryEntry) -> str:
    """One step of a submission's history: when, who, what, and the note given with it."""
    line = O.HISTORY_LINE.format(at=f"{entry.at:%Y-%m-%d %H:%M}", actor=md(entry.actor), action=entry.action)
    return line + (O.HISTORY_NOTE.format(note=md(entry.note)) if entry.note else "")


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The submissions table as shown: Chinese headers and labels, scores written exactly."""
    shown = table[list(TABLE_COLUMNS)].copy()
    shown["category"] = shown["category"].map(store_msg.CATEGORY_NAMES)
    shown["status"] = shown["status"].map(store_msg.STATUS_LABELS)
    for column in ("claimed_total", "self_total", "final_total"):
        shown[column] = shown[column].map(partial(pts, empty=""))
    return shown.rename(columns=store_msg.SUBMISSION_COLUMNS)


def ensure_job_worker() -> None:
    """A worker thread for background jobs in this process, unless workers run as processes of their own
    (``TSP_JOB_WORKER=external``)."""
    if os.environ.get("TSP_JOB_WORKER", "thread") != "external":
        jobs.start_thread_worker(signin.engine())


def office_choices(session: Session) -> dict[int, str]:
    """Every office by ID (office names are not confidential)."""
    return directory.office_names(session)


class DownloadFailed(Exception):
    """A lazily built download could not be built; no file is served."""


def lazy_bytes(action: Callable[[Session], bytes]) -> Callable[[], bytes]:
    """A download's content, built only when the user clicks (exports and evidence downloads are audited). When
    it cannot be built no file is served (Streamlit reports the failed download) and the Chinese reason is
    shown on the page's next run; the error never ends up inside a downloaded file."""
    # The click runs outside the script, so it cannot draw on the page: it leaves the reason in the queue that
    # the next run shows.
    notices = st.session_state.setdefault(FLASH_KEY, [])

    def build() -> bytes:
        try:
            return db.run_in_transaction(signin.engine(), action)
        except StoreError as err:
            LOG.warning("download refused: %s", err.message)
            notices.append((True, err.message))
            raise DownloadFailed(err.message) from None
        except SQLAlchemyError:
            LOG.exception("download failed")
            notices.append((True, O.DATABASE_ERROR))
            raise DownloadFailed(O.DATABASE_ERROR) from None
    return build


def act(action: Callable[[Session], T], done: str | Callable[[T], str]) -> T | None:
    """Run a change in one transaction; leave ``done`` (or the Chinese reason it failed) as a notice."""
    errors: list[str] = []
    result = signin.run(action, show=errors.append)
    for text in errors:
        flash(text, error=True)
    if not errors:
        flash(done(result) if callable(done) else done)
    return result
