"""申报材料: the 开展情况 text (drafted, editable) and the downloads: Annex 1 form, acceptance table, answers file."""

from __future__ import annotations

import streamlit as st

from app_pages import session
from app_pages import strings as S
from app_pages.sidebar import answers_download
from app_pages.ui import guarded, require_draft
from scoring.documents import DocumentError, draft_work_summary, render_acceptance_table, render_application_form
from scoring.editing import set_applicant_field

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RENDERED = "_documents_rendered"
SUMMARY = ("docs", "summary")


@session.callback
def _on_summary() -> None:
    draft = session.current()
    text = st.session_state[session.key(*SUMMARY)]
    drafted = draft_work_summary(draft.rubric, draft.settled.answers, draft.result)
    value = None if text.strip() == drafted.strip() else text
    session.change(lambda working: set_applicant_field(working, "work_summary", value))


@session.callback
def _on_reset() -> None:
    session.change(lambda working: set_applicant_field(working, "work_summary", None), reset_widgets=SUMMARY)


def _rendered(draft: session.OpenDraft) -> dict[str, bytes | str]:
    """The two documents of the draft as it stands (made again only after a change); a message on failure."""
    cached = st.session_state.get(RENDERED)
    if cached and cached[0] == (draft.draft_id, draft.revision):
        return cached[1]
    files: dict[str, bytes | str] = {}
    for name, make in (("form", lambda: render_application_form(draft.settled.answers, draft.result, draft.rubric)),
                       ("table", lambda: render_acceptance_table(draft.result, draft.rubric))):
        try:
            files[name] = make()
        except DocumentError as err:
            files[name] = S.DOCS_FAILED.format(message=err)
    st.session_state[RENDERED] = ((draft.draft_id, draft.revision), files)
    return files


def _download(content: bytes | str, label: str, file_name: str, widget_key: str) -> None:
    if isinstance(content, str):
        st.error(content, icon=":material/error:")
        return
    st.download_button(label, data=content, file_name=file_name, mime=DOCX_MIME, icon=":material/download:",
                       on_click="ignore", key=widget_key, type="primary", width="stretch")


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    st.title(S.DOCS_TITLE)
    st.write(S.DOCS_INTRO)
    if not draft.settled.named or draft.result is None:
        st.warning(S.DOCS_NEED_NAME, icon=":material/warning:")
        st.page_link(session.PAGE_FILES["profile"], label=S.PAGE_PROFILE, icon=":material/badge:")
        return
    result = draft.result
    if result.answered < result.item_count:
        st.info(S.DOCS_INCOMPLETE.format(count=result.item_count - result.answered), icon=":material/info:")

    st.subheader(S.DOCS_SUMMARY_HEADER)
    st.caption(S.DOCS_SUMMARY_INTRO)
    edited = draft.settled.answers.applicant.work_summary
    text = edited or draft_work_summary(draft.rubric, draft.settled.answers, result)
    st.text_area(S.DOCS_SUMMARY_LABEL, value=text, height=260, key=session.key(*SUMMARY), on_change=_on_summary)
    if edited:
        note_col, reset_col = st.columns([3, 1], vertical_alignment="center")
        note_col.caption(S.DOCS_SUMMARY_EDITED)
        reset_col.button(S.DOCS_SUMMARY_RESET, on_click=_on_reset, key="docs_summary_reset")

    st.subheader(S.DOCS_DOWNLOAD_HEADER)
    files = _rendered(draft)
    name = draft.settled.answers.applicant.name
    form_col, table_col, answers_col = st.columns(3)
    with form_col:
        _download(files["form"], S.DOCS_FORM, S.DOCS_FORM_FILE.format(name=name, category=draft.category), "docs_form")
    with table_col:
        _download(files["table"], S.DOCS_TABLE, S.DOCS_TABLE_FILE.format(name=name, category=draft.category),
                  "docs_table")
    with answers_col:
        answers_download(draft, label=S.DOCS_ANSWERS, key="docs_answers")


guarded(body)
