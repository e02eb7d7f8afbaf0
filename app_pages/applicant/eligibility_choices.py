"""单位信息 → 申报资格: the plan's organisation types as select boxes (with "其他" text), then the verdict panel."""

from __future__ import annotations

import streamlit as st

from app_pages.common import session
from app_pages.common.round_ui import eligibility_panel
from app_pages.strings import office as O
from scoring.eligibility import NOTE_FIELD, OTHER_KEY, load_eligibility, set_eligibility_choice


@session.callback
def _on_choice(field: str, keys: tuple[str, ...]) -> None:
    index = st.session_state[session.key("eligibility", field)]
    value = None if index is None else keys[index]
    session.change(lambda working: set_eligibility_choice(working, field, value))


@session.callback
def _on_note() -> None:
    value = st.session_state[session.key("eligibility", NOTE_FIELD)]
    session.change(lambda working: set_eligibility_choice(working, NOTE_FIELD, value))


def render(draft: session.OpenDraft) -> None:
    """The eligibility questions of the draft's category and whether the applicant appears eligible."""
    rules = load_eligibility().categories[draft.rubric.rubric]
    choices = (draft.working.get("applicant") or {}).get("eligibility") or {}
    with st.container(border=True):
        st.subheader(O.ELIGIBILITY_TITLE)
        st.caption(O.ELIGIBILITY_BASIS.format(basis=rules.basis))
        columns = st.columns(len(rules.conditions))
        for column, condition in zip(columns, rules.conditions):
            keys = tuple(o.key for o in condition.options)
            labels = {i: o.label for i, o in enumerate(condition.options)}
            current = choices.get(condition.field)
            with column:
                st.selectbox(condition.question, options=list(labels), format_func=labels.__getitem__,
                             index=keys.index(current) if current in keys else None,
                             placeholder=O.ELIGIBILITY_PICK, key=session.key("eligibility", condition.field),
                             on_change=_on_choice, args=(condition.field, keys))
        if OTHER_KEY in choices.values():
            st.text_input(O.ELIGIBILITY_NOTE, value=str(choices.get(NOTE_FIELD) or ""),
                          key=session.key("eligibility", NOTE_FIELD), on_change=_on_note)
        eligibility_panel(draft.rubric.rubric, draft.working.get("applicant") or {})
