"""The open draft of this browser session: loading it from the URL, changing it, saving it on every change.

The draft's working copy (``scoring.editing``) is the one source of truth. Widgets show it and write back to it in
their ``on_change`` callbacks through ``change()``, which saves to disk and rescored at once, before the rerun
draws the page and the sidebar. The draft ID sits in the URL (``?draft=…``), so a refresh or a restart of the app
reopens the same draft.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from app_pages.common.flash import flash
from app_pages.strings import applicant as S
from scoring.drafts import DraftError, DraftStore
from scoring.editing import Settled, settle
from scoring.engine import ScoreResult, score
from scoring.rubric import CATEGORY_LABELS, Rubric, load_rubric

DRAFT_KEY = "_draft"
ERROR_KEY = "_draft_error"
RECENT_KEY = "_recent_drafts"
LOG = logging.getLogger("tsp.app")
QUERY_PARAM = "draft"
RECENT_COOKIE = "tsp_recent_drafts"
RECENT_COOKIE_AGE = 180 * 24 * 3600
RECENT_MAX = 10
_COOKIE_WRITTEN = "_recent_cookie_written"
_COOKIE_SCRIPT = """<script>(function () {{
  const cookie = "{name}={value}; path=/; max-age={age}; SameSite=Lax";
  try {{ window.parent.document.cookie = cookie; }} catch (e) {{ document.cookie = cookie; }}
}})();</script>"""
WIDGET_PREFIX = "w."
FOCUS_KEY = "_sa_focus"  # the item the self-assessment page keeps in view after the next rerun



@dataclass
class OpenDraft:
    """A draft opened in this session, with its settled answers and score kept current."""

    draft_id: str
    working: dict[str, Any]
    rubric: Rubric
    settled: Settled
    result: ScoreResult | None
    stamp: int | None = None
    revision: int = 0

    @property
    def category(self) -> str:
        return CATEGORY_LABELS[self.rubric.rubric]

    @property
    def name(self) -> str:
        return str((self.working.get("applicant") or {}).get("name") or "").strip()

    @property
    def assessed_on(self) -> dt.date:
        return dt.date.fromisoformat(self.working["assessed_on"])


def store() -> DraftStore:
    return DraftStore()


def _rescore(rubric: Rubric, working: dict, settled: Settled | None = None) -> tuple[Settled, ScoreResult | None]:
    settled = settled or settle(working, rubric)
    return settled, (score(rubric, settled.answers) if settled.answers is not None else None)


def current() -> OpenDraft | None:
    return st.session_state.get(DRAFT_KEY)


def key(*parts: object) -> str:
    """A widget key; every widget that shows part of the draft uses one, so a reload can reset them all."""
    return WIDGET_PREFIX + ".".join(str(p) for p in parts)


def forget_widgets(*parts: object) -> None:
    """Drop the widget state under a key prefix, so those widgets show the working copy afresh."""
    exact = key(*parts) if parts else None
    prefix = exact + "." if exact else WIDGET_PREFIX
    for name in [k for k in st.session_state if isinstance(k, str) and (k == exact or k.startswith(prefix))]:
        del st.session_state[name]


def _open(draft_id: str, working: dict) -> OpenDraft:
    rubric = load_rubric(working["rubric"])
    settled, result = _rescore(rubric, working)
    draft = OpenDraft(draft_id, working, rubric, settled, result, stamp=store().stamp(draft_id))
    forget_widgets()
    st.session_state[DRAFT_KEY] = draft
    st.query_params[QUERY_PARAM] = draft_id
    recent = st.session_state.setdefault(RECENT_KEY, [])
    if draft_id in recent:
        recent.remove(draft_id)
    recent.insert(0, draft_id)
    return draft


def open_draft(draft_id: str) -> OpenDraft:
    """Open a stored draft (DraftError when it cannot be read)."""
    return _open(draft_id, store().load(draft_id))


def start_draft(working: dict) -> OpenDraft:
    """Store a new draft made of ``working`` and open it."""
    return _open(store().create(working), working)


def _cookie_drafts() -> list[str]:
    raw = str((st.context.cookies or {}).get(RECENT_COOKIE) or "")
    return [part for part in raw.split(".") if DraftStore.valid_id(part)]


def recent_drafts() -> list[str]:
    """IDs of the drafts opened in this browser (this session's first, then those the browser's cookie keeps)."""
    return list(dict.fromkeys(list(st.session_state.get(RECENT_KEY, [])) + _cookie_drafts()))[:RECENT_MAX]


def remember_in_browser() -> None:
    """Keep the recent draft IDs in a cookie (IDs only, not HttpOnly), written when they change."""
    wanted = ".".join(recent_drafts())
    if not wanted or wanted == ".".join(_cookie_drafts()) or st.session_state.get(_COOKIE_WRITTEN) == wanted:
        return
    st.session_state[_COOKIE_WRITTEN] = wanted
    script = _COOKIE_SCRIPT.format(name=RECENT_COOKIE, value=wanted, age=RECENT_COOKIE_AGE)
    st.html(script, unsafe_allow_javascript=True, width="content")


def sync_with_url() -> None:
    """Open the draft the URL names, or put the open draft's ID into the URL."""
    wanted = st.query_params.get(QUERY_PARAM)
    draft = current()
    if draft is not None and draft.draft_id == wanted and store().stamp(wanted) != draft.stamp:
        _reload(draft)  # saved meanwhile from another tab: show that
    elif wanted and (draft is None or draft.draft_id != wanted):
        try:
            open_draft(wanted)
        except DraftError as err:
            st.session_state[ERROR_KEY] = err.message
            st.session_state.pop(DRAFT_KEY, None)
            del st.query_params[QUERY_PARAM]
    elif draft is not None and not wanted:
        st.query_params[QUERY_PARAM] = draft.draft_id


def _reload(draft: OpenDraft) -> None:
    """Take the stored working copy (another tab of the same draft saved since) and redraw every widget."""
    draft.working = store().load(draft.draft_id)
    draft.settled, draft.result = _rescore(draft.rubric, draft.working)
    draft.stamp = store().stamp(draft.draft_id)
    draft.revision += 1
    forget_widgets()


def change(edit: Callable[[dict], Any], *, reset_widgets: tuple[object, ...] | None = None) -> Any:
    """Apply ``edit`` to the open draft's working copy, save it and rescore; returns what ``edit`` returned.

    ``reset_widgets`` names a widget-key prefix (as ``key`` parts) to redraw from the working copy, for edits
    that move things around (removing an evidence row shifts the rows below it).
    """
    draft = current()
    if draft is None:
        return None
    if store().stamp(draft.draft_id) != draft.stamp:
        _reload(draft)
    outcome = edit(draft.working)
    settled, result = _rescore(draft.rubric, draft.working)
    store().save(draft.draft_id, draft.working, settled)
    draft.settled, draft.result = settled, result
    draft.stamp = store().stamp(draft.draft_id)
    draft.revision += 1
    if reset_widgets is not None:
        forget_widgets(*reset_widgets)
    return outcome


def callback(function: Callable[..., None]) -> Callable[..., None]:
    """Wrap a widget callback: an unexpected error is logged and shown in Chinese on the next run."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the user must never see a traceback
            LOG.exception("callback %s failed", function.__name__)
            draft = current()
            try:
                if draft is not None:
                    _reload(draft)  # show what is saved, not an edit that was not
            except Exception:  # noqa: BLE001
                LOG.exception("reloading draft %s failed", draft.draft_id)
            forget_widgets()
            flash(S.CHANGE_FAILED, error=True)
    return wrapper



def focus(item_id: str) -> None:
    """Keep ``item_id`` in view on the self-assessment page after the rerun that an edit of it causes."""
    st.session_state[FOCUS_KEY] = item_id


def take_load_error() -> str | None:
    return st.session_state.pop(ERROR_KEY, None)
