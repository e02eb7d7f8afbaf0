"""单位信息: the applicant profile (the answers file's ``applicant`` section) and the assessment date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.applicant.date_field import date_field, read_date
from app_pages.applicant.wording import plain
from app_pages.applicant import eligibility_choices
from app_pages.common import session
from app_pages.strings import applicant as S
from app_pages.common.ui import guarded, require_draft
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from scoring.editing import set_applicant_field, set_assessed_on
from scoring.engine import period_start

ASSESSED_MIN = dt.date(2020, 1, 1)

LAYOUT = (("name", "uscc"), ("leader", "org_type"), ("address", "postcode"), ("contact", "contact_title"),
          ("phone", None))


@session.callback
def _on_text(field: str) -> None:
    value = st.session_state[session.key("profile", field)]
    session.change(lambda working: set_applicant_field(working, field, value))


@session.callback
def _on_count(field: str) -> None:
    value = st.session_state[session.key("profile", field)]
    session.change(lambda working: set_applicant_field(working, field, None if value is None else int(value)))


@session.callback
def _on_date() -> None:
    value, problem = read_date(st.session_state[session.key("profile", "assessed_on")], minimum=ASSESSED_MIN)
    if problem is None and value is not None:
        session.change(lambda working: set_assessed_on(working, value))


def _label(draft: session.OpenDraft, field: str) -> str:
    if draft.rubric.rubric == "zone" and field in S.PROFILE_ZONE_LABELS:
        return S.PROFILE_ZONE_LABELS[field]
    return S.PROFILE_FIELDS[field]


def _placeholder(draft: session.OpenDraft, field: str) -> str | None:
    hint = S.PROFILE_PLACEHOLDERS.get(field)
    return hint.get(draft.rubric.rubric) if isinstance(hint, dict) else hint


def _problems(draft: session.OpenDraft, field: str) -> None:
    applicant = draft.working.get("applicant") or {}
    for problem in draft.settled.field_problems(f"applicant.{field}"):
        if field == "name" and not applicant:
            st.info(md(plain(problem.message)), icon=":material/info:")
        else:
            st.error(md(plain(problem.message)), icon=":material/error:")


def _text_field(draft: session.OpenDraft, field: str) -> None:
    value = (draft.working.get("applicant") or {}).get(field)
    st.text_input(_label(draft, field), value="" if value is None else str(value), key=session.key("profile", field),
                  placeholder=_placeholder(draft, field), on_change=_on_text, args=(field,))
    _problems(draft, field)


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    st.title(S.PROFILE_TITLE)
    st.caption(f"{draft.category} · {draft.rubric.title}")
    st.write(S.PROFILE_INTRO)
    eligibility_choices.render(draft)

    with st.container(border=True):
        for left, right in LAYOUT:
            columns = st.columns(2)
            for column, field in zip(columns, (left, right)):
                if field is not None:
                    with column:
                        _text_field(draft, field)
        if draft.rubric.rubric == "zone":
            columns = st.columns(2)
            with columns[0]:
                count = (draft.working.get("applicant") or {}).get("park_enterprises")
                st.number_input(S.PROFILE_FIELDS["park_enterprises"], min_value=0, step=1,
                                value=count if isinstance(count, int) else None,
                                key=session.key("profile", "park_enterprises"),
                                on_change=_on_count, args=("park_enterprises",))
                _problems(draft, "park_enterprises")
            with columns[1]:
                _text_field(draft, "park_output_value")

    with st.container(border=True):
        date_field(S.PROFILE_ASSESSED_ON, draft.assessed_on, key=session.key("profile", "assessed_on"),
                   minimum=ASSESSED_MIN, help=S.PROFILE_ASSESSED_ON_HELP, on_change=_on_date)
        st.caption(S.PROFILE_PERIOD.format(start=period_start(draft.assessed_on), end=draft.assessed_on))

    st.page_link(PAGES["self_assessment"], label=S.PROFILE_NEXT, icon=":material/arrow_forward:")


guarded(body)
