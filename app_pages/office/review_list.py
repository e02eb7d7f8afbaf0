"""申报审核: the submissions an office (or the bureau) may see, filtered, with the list's xlsx export; opening
one goes to 逐项复核."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import XLSX_MIME, display_table, lazy_bytes, office_choices
from app_pages.common.ui import guarded
from app_pages.common.paths import PAGES
from app_pages.common.round_ui import phase_banner
from scoring.store import exports, submissions
from scoring.store import messages as store_msg
from scoring.store.models import CATEGORIES, STATUSES

REVIEW_PAGE = PAGES["review"]


def _filters(actor) -> dict:
    columns = st.columns(4)
    category = columns[0].selectbox(O.FILTER_CATEGORY, (None, *CATEGORIES), key="rl_category",
                                    format_func=lambda c: O.ALL if c is None else store_msg.CATEGORY_NAMES[c])
    status = columns[1].selectbox(O.FILTER_STATUS, (None, *STATUSES), key="rl_status",
                                  format_func=lambda s: O.ALL if s is None else store_msg.STATUS_LABELS[s])
    round_ = columns[2].number_input(O.FILTER_ROUND, min_value=2000, max_value=2100, value=dt.date.today().year,
                                     step=1, key="rl_round")
    office_id = None
    if actor.role == "admin":
        offices = signin.run(office_choices) or {}
        office_id = columns[3].selectbox(O.FILTER_OFFICE, (None, *offices), key="rl_office",
                                         format_func=lambda o: O.ALL if o is None else offices[o])
    return {"category": category, "status": status, "round_": int(round_), "office_id": office_id}


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    st.title(O.REVIEW_LIST_TITLE)
    phase_banner()
    st.caption(O.REVIEW_LIST_INTRO[actor.role])
    filters = _filters(actor)
    table = signin.run(lambda s: submissions.submissions_table(s, actor, **filters))
    if table is None:
        return
    if table.empty:
        st.info(O.REVIEW_LIST_EMPTY, icon=":material/inbox:")
        return
    waiting = int((table["status"] == "submitted").sum())
    st.markdown(O.REVIEW_LIST_COUNT.format(count=len(table), waiting=waiting))
    st.dataframe(display_table(table), hide_index=True, key="rl_table")

    labels = {int(r.id): O.SUBMISSION_OPTION.format(id=r.id, organisation=r.organisation,
                                                    status=store_msg.STATUS_LABELS[r.status])
              for r in table.itertuples()}
    pick_col, open_col = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick_col.selectbox(O.REVIEW_LIST_PICK, list(labels), format_func=labels.get, key="rl_pick")
    if open_col.button(O.REVIEW_LIST_OPEN, type="primary", key="rl_open", icon=":material/rate_review:"):
        st.switch_page(REVIEW_PAGE, query_params={"submission": str(chosen)})

    st.download_button(
        O.REVIEW_LIST_EXPORT, key="rl_export", icon=":material/download:", on_click="ignore", mime=XLSX_MIME,
        file_name=O.REVIEW_LIST_EXPORT_FILE.format(round=filters["round_"]),
        data=lazy_bytes(lambda s: exports.submissions_xlsx(s, actor, round_=filters["round_"],
                                                            category=filters["category"])))


guarded(body)
