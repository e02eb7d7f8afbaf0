"""开始: pick the category and start, load an example, or upload a saved answers file to resume."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.applicant import carry_forward
from app_pages.common import session
from app_pages.common.flash import flash
from app_pages.strings import applicant as S
from app_pages.common.ui import guarded
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from scoring.answers import parse_answers, parse_answers_text
from scoring.drafts import DraftError
from scoring.editing import new_working, working_from_answers
from scoring.examples import example_answers
from scoring.draft_archive import ArchiveError, is_archive, read_archive
from scoring.problems import AnswersInvalid
from scoring.rubric import CATEGORY_LABELS, RUBRIC_NAMES, load_rubric

CATEGORY_ORDER = ("point", "station", "zone")


def _category_label(name: str) -> str:
    return f"{CATEGORY_LABELS[name]}（{S.CATEGORY_HINTS[name]}）"


def _start_new(name: str) -> None:
    session.start_draft(new_working(load_rubric(name), dt.date.today()))


def _load_example(name: str) -> None:
    session.start_draft(working_from_answers(example_answers(name)))


RESUME_PROBLEMS = "start_resume_problems"
RESUMED = "start_resumed"


@session.callback
def _resume() -> None:
    """Open the uploaded answers file as a new draft, or keep its problem lines to show."""
    upload = st.session_state.get("resume_upload")
    st.session_state.pop(RESUME_PROBLEMS, None)
    if upload is None:
        return
    content = upload.getvalue()
    if is_archive(content):
        try:
            restored = read_archive(session.store(), upload.name, content)
        except ArchiveError as err:
            st.session_state[RESUME_PROBLEMS] = [err.message]
            return
        session.open_draft(restored.draft_id)
        if restored.missing:
            flash(S.START_RESUME_FILES_MISSING)
        st.session_state[RESUMED] = True
        return
    text = content.decode("utf-8-sig", errors="replace")
    try:
        answers = parse_answers(parse_answers_text(text, upload.name), upload.name)
    except AnswersInvalid as err:
        st.session_state[RESUME_PROBLEMS] = [p.line() for p in err.problems]
        return
    session.start_draft(working_from_answers(answers))
    if any(e.file for e in answers.evidence_library.values()) or any(
            e.file for a in answers.answers.values() for e in a.evidence):
        flash(S.START_RESUME_FILES_MISSING)
    st.session_state[RESUMED] = True


@session.callback
def _switch(draft_id: str) -> None:
    session.open_draft(draft_id)


def _recent(draft: session.OpenDraft | None) -> None:
    """The other drafts opened in this browser session, to switch back after trying an example."""
    others = [d for d in session.recent_drafts() if draft is None or d != draft.draft_id]
    shown = []
    for draft_id in others:
        try:
            working = session.store().load(draft_id)
        except DraftError:
            continue
        name = str((working.get("applicant") or {}).get("name") or "") or S.SIDEBAR_UNNAMED
        shown.append((draft_id, S.START_RECENT_ITEM.format(name=md(name), category=CATEGORY_LABELS[working["rubric"]])))
    if not shown:
        return
    st.subheader(S.START_RECENT_HEADER)
    for draft_id, label in shown:
        name_col, button_col = st.columns([4, 1], vertical_alignment="center")
        name_col.markdown(label)
        button_col.button(S.START_RECENT_OPEN, key=f"recent_{draft_id}", on_click=_switch, args=(draft_id,))
    st.caption(S.START_RECENT_NOTE)


def body() -> None:
    st.title(S.START_TITLE)
    st.caption(S.APP_SUBTITLE)
    st.write(S.START_INTRO)
    load_error = session.take_load_error()
    if load_error:
        st.warning(S.DRAFT_LOAD_FAILED.format(message=md(load_error)), icon=":material/warning:")

    draft = session.current()
    if draft is not None:
        with st.container(border=True):
            answered = draft.result.answered if draft.result else 0
            st.markdown(S.START_CURRENT.format(name=md(draft.name) or S.SIDEBAR_UNNAMED, category=draft.category,
                                               answered=answered, count=len(draft.rubric.items)))
            st.page_link(PAGES["self_assessment"], label=S.START_CONTINUE, icon=":material/arrow_forward:")

    _recent(draft)
    carry_forward.render()

    st.subheader(S.START_NEW_HEADER)
    category = st.radio(S.START_CATEGORY, CATEGORY_ORDER, format_func=_category_label, key="start_category")
    if st.button(S.START_NEW_BUTTON, type="primary", key="start_new", icon=":material/edit_note:"):
        _start_new(category)
        st.switch_page(PAGES["profile"])
    if draft is not None:
        st.caption(S.START_NEW_NOTE)

    st.subheader(S.START_EXAMPLE_HEADER)
    st.write(S.START_EXAMPLE_INTRO)
    columns = st.columns(len(CATEGORY_ORDER))
    for column, name in zip(columns, CATEGORY_ORDER):
        if column.button(S.START_EXAMPLE_BUTTON.format(category=CATEGORY_LABELS[name]), key=f"example_{name}",
                         width="stretch"):
            _load_example(name)
            st.switch_page(PAGES["results"])

    st.subheader(S.START_RESUME_HEADER)
    st.write(S.START_RESUME_INTRO)
    st.file_uploader(S.START_RESUME_UPLOADER, type=["zip", "yaml", "yml", "json"], key="resume_upload",
                     on_change=_resume, help=S.START_RESUME_HELP)
    if st.session_state.pop(RESUMED, False):
        st.switch_page(PAGES["self_assessment"])
    problems = st.session_state.get(RESUME_PROBLEMS)
    if problems:
        st.error(S.START_RESUME_BAD, icon=":material/error:")
        st.code("\n".join(problems), language=None, wrap_lines=True)


assert set(CATEGORY_ORDER) == set(RUBRIC_NAMES)
guarded(body)
