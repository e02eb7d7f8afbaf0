"""排名与入选: reviewed submissions ranked per category; the bureau marks the selected list, sees quota and pass-line
warnings, sets the pass lines and quotas, exports the list for the director's meeting and records the awards."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common.flash import flash
from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import DOCX_MIME, XLSX_MIME, act, lazy_bytes
from app_pages.common.ui import guarded, pts
from app_pages.common.text import md
from scoring.store import exports, ranking, registry, settings
from scoring.store import messages as store_msg
from scoring.store.models import CATEGORIES

TAB_ORDER = ("point", "station", "zone")  # most applicants first



def _ranking_frame(rows: list[ranking.RankedRow]) -> pd.DataFrame:
    return pd.DataFrame({
        O.RANK_COLUMNS["selected"]: [r.status == "selected" for r in rows],
        O.RANK_COLUMNS["rank"]: [r.rank for r in rows],
        O.RANK_COLUMNS["id"]: [r.submission_id for r in rows],
        O.RANK_COLUMNS["organisation"]: [r.organisation for r in rows],
        O.RANK_COLUMNS["office"]: [r.office or "" for r in rows],
        O.RANK_COLUMNS["park"]: [r.park or "" for r in rows],
        O.RANK_COLUMNS["self_total"]: [pts(r.self_total, empty="") for r in rows],
        O.RANK_COLUMNS["final_total"]: [pts(r.final_total, empty="") for r in rows],
        O.RANK_COLUMNS["passed"]: [O.PASSED[r.passed] for r in rows],
    })


def _on_save(category: str, round_: int, rows: list[ranking.RankedRow]) -> None:
    """Apply the ticks of one category's table: select the newly ticked, deselect the unticked (with the note)."""
    actor = signin.actor()
    edited = st.session_state.get(f"sel_table_{category}") or {}
    ticks = {index: change[O.RANK_COLUMNS["selected"]] for index, change in edited.get("edited_rows", {}).items()
             if O.RANK_COLUMNS["selected"] in change}
    add = [rows[i].submission_id for i, on in ticks.items() if on and rows[i].status != "selected"]
    remove = [rows[i].submission_id for i, on in ticks.items() if not on and rows[i].status == "selected"]
    note = (st.session_state.get(f"sel_note_{category}") or "").strip()
    if remove and not note:
        flash(O.SELECTION_NOTE_REQUIRED, error=True)
        return
    def change(session):
        outcome = None
        if add:
            outcome = ranking.select_submissions(session, actor, round_, add, note or None)
        if remove:
            outcome = ranking.deselect_submissions(session, actor, round_, remove, note)
        return outcome

    act(change, O.SELECTION_SAVED.format(added=len(add), removed=len(remove)))
    st.session_state.pop(f"sel_table_{category}", None)


def _category(actor, category: str, round_: int) -> None:
    rows = signin.run(lambda s: ranking.ranking(s, actor, category, round_))
    if rows is None:
        return
    low, high = signin.run(lambda s: settings.quota(s, category)) or (0, 0)
    line = signin.run(lambda s: settings.pass_line(s, category))
    selected = sum(1 for r in rows if r.status == "selected")
    st.markdown(O.RANK_SUMMARY.format(count=len(rows), selected=selected, low=low, high=high,
                                      line=pts(line, empty="") if line is not None else O.NO_LINE))
    if not rows:
        st.info(O.RANK_EMPTY, icon=":material/info:")
        return
    frame = _ranking_frame(rows)
    if actor.role != "admin":
        st.dataframe(frame, hide_index=True, key=f"sel_view_{category}")
        return
    disabled = [c for c in frame.columns if c != O.RANK_COLUMNS["selected"]]
    st.data_editor(frame, hide_index=True, disabled=disabled, key=f"sel_table_{category}",
                   column_config={O.RANK_COLUMNS["selected"]: st.column_config.CheckboxColumn(
                       O.RANK_COLUMNS["selected"], help=O.RANK_SELECT_HELP)})
    st.text_input(O.SELECTION_NOTE, key=f"sel_note_{category}", placeholder=O.SELECTION_NOTE_PLACEHOLDER)
    st.button(O.SELECTION_SAVE, key=f"sel_save_{category}", on_click=_on_save, args=(category, round_, rows),
              type="primary", icon=":material/how_to_reg:")


def _on_setting(key: str, value) -> None:
    actor = signin.actor()
    act(lambda s: settings.set_setting(s, actor, key, value), O.SETTING_SAVED)


def _settings(actor) -> None:
    current = signin.run(lambda s: {c: (settings.pass_line(s, c), settings.quota(s, c)) for c in CATEGORIES}) or {}
    for category in TAB_ORDER:
        line, (low, high) = current.get(category, (None, (0, 0)))
        with st.form(f"sel_settings_{category}", border=True):
            st.markdown(f"**{store_msg.CATEGORY_NAMES[category]}**")
            cols = st.columns(3)
            cols[0].number_input(O.SETTING_PASS_LINE, min_value=0.0, step=0.5, key=f"set_line_{category}",
                                 value=float(line) if line is not None else None, placeholder=O.NO_LINE)
            cols[1].number_input(O.SETTING_QUOTA_LOW, min_value=0, step=1, value=low, key=f"set_low_{category}")
            cols[2].number_input(O.SETTING_QUOTA_HIGH, min_value=0, step=1, value=high, key=f"set_high_{category}")
            st.form_submit_button(O.SETTING_SAVE, on_click=_on_settings_form, args=(category,))


def _on_settings_form(category: str) -> None:
    line = st.session_state.get(f"set_line_{category}")
    _on_setting(f"pass_line.{category}", None if line is None else str(line))
    _on_setting(f"quota.{category}", [int(st.session_state[f"set_low_{category}"]),
                                      int(st.session_state[f"set_high_{category}"])])


def _on_award(round_: int) -> None:
    actor = signin.actor()
    act(lambda s: registry.award_certifications(s, actor, round_),
        lambda certs: O.AWARDED.format(count=len(certs), round=round_))


def body() -> None:
    actor = signin.require("admin", "reviewer")
    if actor is None:
        return
    st.title(O.SELECTION_TITLE)
    st.caption(O.SELECTION_INTRO[actor.role])
    round_ = int(st.number_input(O.FILTER_ROUND, min_value=2000, max_value=2100, value=dt.date.today().year,
                                 step=1, key="sel_round"))
    if actor.role == "admin":
        warnings = signin.run(lambda s: ranking.selection_warnings(s, round_)) or []
        for warning in warnings:
            st.warning(md(warning), icon=":material/warning:")
    tabs = st.tabs([store_msg.CATEGORY_NAMES[c] for c in TAB_ORDER])
    for tab, category in zip(tabs, TAB_ORDER):
        with tab:
            _category(actor, category, round_)
    if actor.role != "admin":
        return
    st.subheader(O.SELECTION_EXPORT_HEADER)
    xlsx_col, docx_col = st.columns(2)
    xlsx_col.download_button(O.SELECTION_EXPORT_XLSX, data=lazy_bytes(lambda s: exports.selected_xlsx(s, actor, round_)),
                             file_name=O.SELECTION_EXPORT_FILE.format(round=round_, suffix="xlsx"), mime=XLSX_MIME,
                             on_click="ignore", key="sel_xlsx", icon=":material/download:", width="stretch")
    docx_col.download_button(O.SELECTION_EXPORT_DOCX, data=lazy_bytes(lambda s: exports.selected_docx(s, actor, round_)),
                             file_name=O.SELECTION_EXPORT_FILE.format(round=round_, suffix="docx"), mime=DOCX_MIME,
                             on_click="ignore", key="sel_docx", icon=":material/download:", width="stretch")
    with st.expander(O.AWARD_HEADER):
        st.caption(O.AWARD_INTRO)
        st.button(O.AWARD_BUTTON.format(round=round_), key="sel_award", on_click=_on_award, args=(round_,))
    st.subheader(O.SETTINGS_HEADER)
    _settings(actor)


guarded(body)
