"""年度日程与培育: the year's phases and filing deadline (the bureau edits them and reopens filing for one
organisation), and the office's cultivation list with who has not filed, 重点培育对象, and Excel import/export."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import signin
from app_pages.common.office_ui import XLSX_MIME, act, lazy_bytes
from app_pages.common.round_ui import md, phase_banner
from app_pages.common.ui import guarded
from app_pages.strings import office as O
from scoring.store import cultivation, directory, rounds
from scoring.store import messages as store_msg


def _calendar(actor, year: int) -> None:
    st.subheader(O.ROUND_CALENDAR_HEADER)
    calendar = signin.run(lambda s: rounds.get_round(s, year))
    if calendar is None:
        return
    st.caption(O.ROUND_CALENDAR_SOURCE[calendar.stored])
    frame = pd.DataFrame([{"label": p.label, "start": p.start, "end": p.end} for p in calendar.phases])
    st.dataframe(frame.rename(columns=O.ROUND_CALENDAR_COLUMNS), hide_index=True, key="round_calendar")
    if actor.role != "admin":
        return
    with st.expander(O.ROUND_EDIT, icon=":material/edit_calendar:"):
        with st.form("round_form", border=False):
            phase = st.selectbox(O.ROUND_PHASE, rounds.PHASES, format_func=store_msg.PHASE_LABELS.get,
                                 key="round_phase", index=rounds.PHASES.index(rounds.FILING_PHASE))
            cols = st.columns(2)
            current = calendar.phase(phase)
            start = cols[0].date_input(O.ROUND_START, value=current.start, key="round_start", format="YYYY-MM-DD")
            end = cols[1].date_input(O.ROUND_END, value=current.end, key="round_end", format="YYYY-MM-DD")
            if st.form_submit_button(O.ROUND_SAVE):
                act(lambda s: rounds.set_round(s, actor, year, {phase: (start, end)}),
                    lambda c: O.ROUND_SAVED.format(year=year, deadline=c.filing_deadline))
                st.rerun()
    _reopen(actor, year)


def _reopen(actor, year: int) -> None:
    with st.expander(O.REOPEN_HEADER, icon=":material/lock_open:"):
        organisations = signin.run(lambda s: {o.id: o.name for o in directory.organisations(s, actor)}) or {}
        with st.form("reopen_form", border=False):
            chosen = st.selectbox(O.REOPEN_ORGANISATION, list(organisations), format_func=organisations.get,
                                  key="reopen_org", index=None, placeholder=O.ELIGIBILITY_PICK)
            until = st.date_input(O.REOPEN_UNTIL, value=rounds.today() + dt.timedelta(days=7), key="reopen_until",
                                  format="YYYY-MM-DD")
            reason = st.text_input(O.REOPEN_REASON, key="reopen_reason")
            if st.form_submit_button(O.REOPEN_SAVE) and chosen is not None:
                act(lambda s: rounds.reopen_filing(s, actor, year, chosen, until, reason),
                    lambda r: O.REOPEN_DONE.format(organisation=r.organisation, until=r.until))
                st.rerun()
        granted = signin.run(lambda s: rounds.reopenings(s, actor, year)) or []
        if granted:
            frame = pd.DataFrame([{"organisation": r.organisation, "until": r.until, "reason": r.reason}
                                  for r in granted])
            st.dataframe(frame.rename(columns=O.REOPEN_COLUMNS), hide_index=True, key="reopen_table")


def _cultivation(actor, year: int) -> None:
    st.subheader(O.CULTIVATION_HEADER)
    rows = signin.run(lambda s: cultivation.cultivation_list(s, actor, year))
    if rows is None:
        return
    if not rows:
        st.info(O.CULTIVATION_EMPTY, icon=":material/info:")
    else:
        frame = pd.DataFrame([{
            "organisation": r.organisation, "category": store_msg.CATEGORY_NAMES[r.category], "office": r.office,
            "contact": r.contact or "", "phone": r.phone or "", "status": store_msg.CULTIVATION_STATUS_LABELS[r.status],
            "key_target": O.YES_NO[r.key_target], "filed": O.YES_NO[r.filed], "note": r.note or ""} for r in rows])
        st.dataframe(frame.rename(columns=O.CULTIVATION_TABLE_COLUMNS), hide_index=True, key="cultivation_table")
        waiting = [r.organisation for r in rows if not r.filed and r.status != "withdrawn"]
        if waiting:
            st.warning(O.CULTIVATION_NOT_FILED.format(count=len(waiting), names="、".join(md(n) for n in waiting)),
                       icon=":material/schedule:")
        else:
            st.success(O.CULTIVATION_ALL_FILED, icon=":material/done_all:")
    cols = st.columns(2)
    if cols[0].button(O.CULTIVATION_PROPOSE, key="cultivation_propose", icon=":material/star:"):
        act(lambda s: cultivation.propose_key_targets(s, actor, year),
            lambda names: O.CULTIVATION_PROPOSED.format(names="、".join(names)) if names
            else O.CULTIVATION_PROPOSED_NONE)
        st.rerun()
    cols[1].download_button(O.CULTIVATION_EXPORT, key="cultivation_export", icon=":material/download:",
                            on_click="ignore", mime=XLSX_MIME, file_name=O.CULTIVATION_EXPORT_FILE.format(year=year),
                            data=lazy_bytes(lambda s: cultivation.cultivation_xlsx(s, actor, year)))
    upload = st.file_uploader(O.CULTIVATION_IMPORT, type=["xlsx"], key="cultivation_upload")
    if upload is not None and st.button(O.CULTIVATION_IMPORT_BUTTON, key="cultivation_import", type="primary"):
        data, name = upload.getvalue(), upload.name
        act(lambda s: cultivation.import_cultivation(s, actor, year, data, name),
            lambda count: O.CULTIVATION_IMPORTED.format(count=count))
        st.rerun()


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    st.title(O.ROUND_TITLE)
    phase_banner()
    year = int(st.number_input(O.ROUND_YEAR, min_value=2000, max_value=2100, value=rounds.today().year, step=1,
                               key="round_year"))
    _calendar(actor, year)
    _cultivation(actor, year)


guarded(body)
