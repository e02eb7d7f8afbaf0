"""证据库: documents registered once per draft and attached to any number of items."""

from __future__ import annotations

from pathlib import PurePosixPath

import streamlit as st

from app_pages.common import session
from app_pages.common.flash import flash
from app_pages.strings import applicant as S
from app_pages.applicant.date_field import date_field, read_date
from app_pages.applicant.evidence_editor import file_review, show_findings, upload_problem
from app_pages.common.ui import guarded, require_draft
from app_pages.common.text import md
from scoring.answers import parse_date
from scoring.editing import add_library_entry, evidence_entry, library_usage, remove_library_entry, update_library_entry

ADD_FORM = "library_add"
REPLACE_ROUND = "_library_replace_round"
ADD_ROUND = "_library_add_round"


def _add_key(field: str) -> str:
    """Keys of the add form's widgets; a new round after each addition gives an empty form."""
    return f"{ADD_FORM}_{st.session_state.get(ADD_ROUND, 0)}_{field}"


@session.callback
def _on_title(entry_key: str) -> None:
    value = st.session_state[session.key("lib", entry_key, "title")]
    session.change(lambda working: update_library_entry(working, entry_key, title=value))


@session.callback
def _on_date(entry_key: str) -> None:
    value, problem = read_date(st.session_state[session.key("lib", entry_key, "date")])
    if problem is None:
        session.change(lambda working: update_library_entry(working, entry_key, date=value))


@session.callback
def _on_delete(entry_key: str) -> None:
    draft = session.current()
    title = (draft.working.get("evidence_library") or {}).get(entry_key, {}).get("title") or ""
    users = session.change(lambda working: remove_library_entry(working, entry_key), reset_widgets=())
    if users:
        flash(S.LIBRARY_DELETED.format(title=md(title), items="、".join(users)))
    else:
        flash(S.LIBRARY_DELETED_UNUSED.format(title=md(title)))


@session.callback
def _on_add() -> None:
    title = (st.session_state.get(_add_key("title")) or "").strip()
    if not title:
        st.session_state[f"{ADD_FORM}_error"] = S.LIBRARY_ADD_NEED_TITLE
        return
    draft = session.current()
    upload = st.session_state.get(_add_key("file"))
    refused = upload_problem(upload.name, upload.getvalue()) if upload is not None else None
    if refused is not None:
        st.session_state[f"{ADD_FORM}_error"] = refused
        return
    path = session.store().add_file(draft.draft_id, upload.name, upload.getvalue()) if upload is not None else None
    date, problem = read_date(st.session_state.get(_add_key("date")))
    if problem is not None:
        st.session_state[f"{ADD_FORM}_error"] = problem
        return
    session.change(lambda working: add_library_entry(working, evidence_entry(title, date, path)))
    if path is not None:
        file_review(session.current(), path)  # the desensitisation check runs on upload, then stays cached
    flash(S.LIBRARY_ADDED.format(title=md(title)))
    st.session_state[ADD_ROUND] = st.session_state.get(ADD_ROUND, 0) + 1


def _replace_key(entry_key: str) -> str:
    return session.key("lib", entry_key, "replace", st.session_state.get(REPLACE_ROUND, 0))


@session.callback
def _on_replace(entry_key: str) -> None:
    """A new file for a library entry, in place: every item that refers to the entry keeps referring to it."""
    upload = st.session_state.get(_replace_key(entry_key))
    st.session_state[REPLACE_ROUND] = st.session_state.get(REPLACE_ROUND, 0) + 1
    if upload is None:
        return
    problem = upload_problem(upload.name, upload.getvalue())
    if problem is not None:
        flash(problem, error=True)
        return
    draft = session.current()
    path = session.store().add_file(draft.draft_id, upload.name, upload.getvalue())
    session.change(lambda working: update_library_entry(working, entry_key, file=path))
    file_review(session.current(), path)
    flash(S.LIBRARY_REPLACED.format(name=md(upload.name)))


def _file_part(draft: session.OpenDraft, entry_key: str, relative: str | None) -> None:
    """The entry's file: its download and check result, or that it is missing; and a way to (re)place it."""
    path = session.store().file_path(draft.draft_id, relative) if relative else None
    name = PurePosixPath(relative).name if relative else ""
    if relative and path is None:
        st.caption(S.LIBRARY_FILE_MISSING.format(name=md(name)))
    elif path is not None:
        st.download_button(S.LIBRARY_DOWNLOAD + "：" + md(name), data=path.read_bytes, file_name=name, on_click="ignore",
                           key=session.key("lib", entry_key, "download"), icon=":material/download:")
        show_findings(draft, relative)
    with st.popover(S.LIBRARY_REPLACE if relative else S.LIBRARY_ATTACH, icon=":material/upload_file:"):
        st.file_uploader(S.LIBRARY_REPLACE_HELP, key=_replace_key(entry_key), on_change=_on_replace,
                         args=(entry_key,))


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    st.title(S.LIBRARY_TITLE)
    st.write(S.LIBRARY_INTRO)
    library = draft.working.get("evidence_library") or {}
    usage = library_usage(draft.working)

    with st.form(ADD_FORM, border=True):
        st.markdown(f"**{S.LIBRARY_ADD_HEADER}**")
        title_col, date_col = st.columns([3, 1])
        title_col.text_input(S.LIBRARY_TITLE_FIELD, key=_add_key("title"))
        date_field(S.LIBRARY_DATE_FIELD, None, key=_add_key("date"), help=S.LIBRARY_DATE_HELP, container=date_col)
        st.file_uploader(S.LIBRARY_FILE_FIELD, key=_add_key("file"))
        st.form_submit_button(S.LIBRARY_ADD_BUTTON, on_click=_on_add, type="primary", icon=":material/add:")
    error = st.session_state.pop(f"{ADD_FORM}_error", None)
    if error:
        st.error(error, icon=":material/error:")

    if not library:
        st.info(S.LIBRARY_EMPTY, icon=":material/folder_open:")
        return
    for entry_key, entry in reversed(library.items()):  # the newest next to the form
        with st.container(border=True):
            title_col, date_col, delete_col = st.columns([6, 3, 1], vertical_alignment="bottom")
            title_col.text_input(S.LIBRARY_TITLE_FIELD, value=entry.get("title") or "",
                                 key=session.key("lib", entry_key, "title"), on_change=_on_title, args=(entry_key,))
            date_field(S.LIBRARY_DATE_FIELD, parse_date(entry.get("date")), key=session.key("lib", entry_key, "date"),
                       on_change=_on_date, args=(entry_key,), container=date_col)
            delete_col.button("", icon=":material/delete:", help=S.LIBRARY_DELETE,
                              key=session.key("lib", entry_key, "delete"), on_click=_on_delete, args=(entry_key,))
            users = usage.get(entry_key) or []
            named = "、".join(f"{u} {draft.rubric.item(u).title}" for u in users)
            st.caption(S.LIBRARY_USED_BY.format(items=named) if users else S.LIBRARY_UNUSED)
            _file_part(draft, entry_key, str(entry["file"]) if entry.get("file") else None)
            for problem in draft.settled.field_problems(f"evidence_library.{entry_key}"):
                st.error(md(problem.message), icon=":material/error:")


guarded(body)
