"""会议决定与授牌: the 局长办公会议 decision on the selected list (recorded apart from the selection), 授牌 with a
certificate number per approved site, and the 报备 table for the 市市场监管局 (Excel, Word)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import signin
from app_pages.common.office_ui import DOCX_MIME, XLSX_MIME, act, lazy_bytes
from app_pages.common.round_ui import md
from app_pages.common.ui import guarded
from app_pages.strings import office as O
from scoring.store import decisions, ranking, report
from scoring.store import messages as store_msg
from scoring.store.models import CATEGORIES
from scoring.store.rounds import today


def _selected(actor, year: int) -> dict[int, str]:
    def load(s):
        out = {}
        for category in CATEGORIES:
            for row in ranking.ranking(s, actor, category, year, statuses=("selected",)):
                out[row.submission_id] = f"{store_msg.CATEGORY_NAMES[category]} · {row.organisation}"
        return out

    return signin.run(load) or {}


def _decision_form(actor, year: int) -> None:
    chosen = _selected(actor, year)
    if not chosen:
        st.info(O.DECISION_NO_SELECTED, icon=":material/info:")
        return
    with st.form("decision_form"):
        st.markdown(f"**{O.DECISION_FORM}**")
        day = st.date_input(O.DECISION_DATE, value=today(), key="decision_date", format="YYYY-MM-DD")
        text = st.text_area(O.DECISION_TEXT, key="decision_text")
        approved = st.multiselect(O.DECISION_LIST, list(chosen), default=list(chosen), format_func=chosen.get,
                                  key="decision_list")
        if st.form_submit_button(O.MEETING_DECISION_SAVE, type="primary"):
            act(lambda s: decisions.record_decision(s, actor, year, day, text, approved),
                O.MEETING_DECISION_SAVED.format(year=year))
            st.rerun()


def _awards(actor, decision: decisions.Decision) -> None:
    frame = pd.DataFrame([{"organisation": a.organisation, "category": store_msg.CATEGORY_NAMES[a.category],
                           "office": a.office or "", "certificate_no": a.certificate_no or "",
                           "awarded_on": a.awarded_on or ""} for a in decision.approved])
    st.dataframe(frame.rename(columns=O.AWARD_COLUMNS), hide_index=True, key="award_table")
    waiting = {a.submission_id: a.organisation for a in decision.approved if a.certificate_no is None}
    if actor.role != "admin" or not waiting:
        return
    with st.form("award_form"):
        st.markdown(f"**{O.AWARD_FORM}**")
        site = st.selectbox(O.AWARD_SITE, list(waiting), format_func=waiting.get, key="award_site")
        cols = st.columns(2)
        number = cols[0].text_input(O.AWARD_NUMBER, key="award_number")
        day = cols[1].date_input(O.AWARD_DATE, value=today(), key="award_date", format="YYYY-MM-DD")
        if st.form_submit_button(O.AWARD_SAVE, type="primary"):
            act(lambda s: decisions.award_certificate(s, actor, site, number, day),
                lambda a: O.AWARD_SAVED.format(organisation=a.organisation, number=a.certificate_no))
            st.rerun()


def _report(actor, year: int) -> None:
    st.subheader(O.REPORT_HEADER)
    cols = st.columns(2)
    cols[0].download_button(O.REPORT_XLSX, key="report_xlsx", icon=":material/download:", on_click="ignore",
                            mime=XLSX_MIME, file_name=O.REPORT_FILE.format(year=year, suffix=".xlsx"),
                            data=lazy_bytes(lambda s: report.report_bytes(s, actor, year, ".xlsx")))
    cols[1].download_button(O.REPORT_DOCX, key="report_docx", icon=":material/download:", on_click="ignore",
                            mime=DOCX_MIME, file_name=O.REPORT_FILE.format(year=year, suffix=".docx"),
                            data=lazy_bytes(lambda s: report.report_bytes(s, actor, year, ".docx")))


def body() -> None:
    actor = signin.require("admin", "reviewer")
    if actor is None:
        return
    st.title(O.DECISION_TITLE)
    st.caption(O.DECISION_INTRO)
    year = int(st.number_input(O.ROUND_YEAR, min_value=2000, max_value=2100, value=today().year, step=1,
                               key="decision_year"))
    decision = signin.run(lambda s: decisions.decision_of(s, actor, year))
    if decision is None:
        st.info(O.DECISION_NONE.format(year=year), icon=":material/gavel:")
        if actor.role == "admin":
            _decision_form(actor, year)
        return
    st.markdown(O.DECISION_SHOWN.format(date=decision.meeting_date, decision=md(decision.decision),
                                        by=md(decision.recorded_by or "—")))
    _awards(actor, decision)
    if actor.role == "admin":
        _report(actor, year)


guarded(body)
