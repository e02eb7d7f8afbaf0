"""The evidence of one item: entries picked from the draft's library, its own entries, and file uploads."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import streamlit as st

from app_pages import session
from app_pages import strings as S
from scoring.answers import parse_date
from scoring.editing import (
    Settled, add_evidence, evidence_entry, item_evidence, item_refs, remove_evidence, set_refs, update_evidence,
)

DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
UPLOAD_COUNTER = "_upload_round"


def library_label(entry: dict) -> str:
    """How a library entry reads in a picker: its title, with its date when it has one."""
    title = entry.get("title") or S.UNTITLED_EVIDENCE
    return f"{title}（{entry['date']}）" if entry.get("date") else title


@session.callback
def _on_refs(item_id: str) -> None:
    keys = st.session_state[session.key("ev", item_id, "refs")]
    session.change(lambda working: set_refs(working, item_id, list(keys)), reset_widgets=("ev", item_id))


@session.callback
def _on_title(item_id: str, index: int) -> None:
    value = st.session_state[session.key("ev", item_id, index, "title")]
    session.change(lambda working: update_evidence(working, item_id, index, title=value))


@session.callback
def _on_date(item_id: str, index: int) -> None:
    value = st.session_state[session.key("ev", item_id, index, "date")]
    session.change(lambda working: update_evidence(working, item_id, index, date=value))


@session.callback
def _on_remove(item_id: str, index: int) -> None:
    session.change(lambda working: remove_evidence(working, item_id, index), reset_widgets=("ev", item_id))


@session.callback
def _on_add(item_id: str) -> None:
    session.change(lambda working: add_evidence(working, item_id, evidence_entry()), reset_widgets=("ev", item_id))


def _upload_key(item_id: str) -> str:
    rounds = st.session_state.setdefault(UPLOAD_COUNTER, {})
    return session.key("up", item_id, rounds.get(item_id, 0))


@session.callback
def _on_upload(item_id: str) -> None:
    files = st.session_state.get(_upload_key(item_id)) or []
    draft = session.current()
    store = session.store()
    entries = []
    for upload in files:
        path = store.add_file(draft.draft_id, upload.name, upload.getvalue())
        entries.append(evidence_entry(title=PurePosixPath(upload.name).stem, file=path))
    if entries:
        def edit(working: dict) -> None:
            for entry in entries:
                add_evidence(working, item_id, entry)
        session.change(edit, reset_widgets=("ev", item_id))
    rounds = st.session_state.setdefault(UPLOAD_COUNTER, {})
    rounds[item_id] = rounds.get(item_id, 0) + 1  # a fresh, empty uploader next time


def _entry_problems(settled: Settled, item_id: str, index: int) -> list[str]:
    prefix = f"evidence[{index}]"
    return [p.message for p in settled.item_problems(item_id) if (p.field or "").startswith(prefix)]


def evidence_editor(draft: session.OpenDraft, item_id: str) -> None:
    """Draw the evidence of one item with its controls."""
    working = draft.working
    library = working.get("evidence_library") or {}
    if library:
        refs = [k for k in item_refs(working, item_id) if k in library]
        st.multiselect(S.SA_LIBRARY_PICK, list(library), default=refs, key=session.key("ev", item_id, "refs"),
                       format_func=lambda k: library_label(library.get(k, {})), help=S.SA_LIBRARY_PICK_HELP,
                       on_change=_on_refs, args=(item_id,), placeholder=S.SA_LIBRARY_PICK_PLACEHOLDER)
    for index, entry in enumerate(item_evidence(working, item_id)):
        if "ref" in entry:
            continue
        with st.container(border=True, gap="small"):
            st.text_input(S.SA_EVIDENCE_TITLE, value=entry.get("title") or "", placeholder=S.SA_EVIDENCE_TITLE_PLACEHOLDER,
                          key=session.key("ev", item_id, index, "title"), label_visibility="collapsed",
                          on_change=_on_title, args=(item_id, index))
            date_col, remove_col = st.columns([5, 1], vertical_alignment="center")
            date_col.date_input(S.SA_EVIDENCE_DATE, value=parse_date(entry.get("date")), min_value=DATE_MIN,
                                max_value=DATE_MAX, format="YYYY-MM-DD", key=session.key("ev", item_id, index, "date"),
                                label_visibility="collapsed", on_change=_on_date, args=(item_id, index),
                                help=S.SA_EVIDENCE_DATE_HELP)
            remove_col.button("", icon=":material/delete:", help=S.SA_EVIDENCE_REMOVE,
                              key=session.key("ev", item_id, index, "remove"), on_click=_on_remove,
                              args=(item_id, index))
            if entry.get("file"):
                stored = session.store().file_path(draft.draft_id, str(entry["file"])) is not None
                template = S.SA_EVIDENCE_FILE if stored else S.SA_EVIDENCE_FILE_MISSING
                st.caption(template.format(name=PurePosixPath(str(entry["file"])).name))
            for message in _entry_problems(draft.settled, item_id, index):
                st.error(message, icon=":material/error:")
    add_col, upload_col = st.columns(2)
    add_col.button(S.SA_EVIDENCE_ADD, key=session.key("ev", item_id, "add"), on_click=_on_add, args=(item_id,))
    with upload_col.popover(S.SA_EVIDENCE_UPLOAD, icon=":material/attach_file:"):
        st.file_uploader(S.SA_EVIDENCE_UPLOADER, accept_multiple_files=True, key=_upload_key(item_id),
                         on_change=_on_upload, args=(item_id,))
