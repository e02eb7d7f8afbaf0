"""An organisation's rounds on one page (office and applicant alike): a table per year and a trend chart of the
self and reviewed score per 评价指标."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import signin
from app_pages.common.ui import pts
from app_pages.strings import office as O
from scoring.charts import FONT
from scoring.store import history
from scoring.store import messages as store_msg


def _outcome(record: history.RoundRecord) -> str:
    if record.certificate_no or record.certified:
        return O.HISTORY_OUTCOME["certified"]
    if record.approved:
        return O.HISTORY_OUTCOME["approved"]
    return O.HISTORY_OUTCOME["selected" if record.status == "selected" else "none"]


def trend_figure(records: list[history.RoundRecord], indicator: str) -> go.Figure:
    """Self and reviewed score of one 评价指标 across the years (reviewed only where a review exists)."""
    points = [(r.year, i) for r in records for i in r.indicators if i.indicator == indicator]
    years = [str(y) for y, _ in points]
    fig = go.Figure()
    fig.add_scatter(x=years, y=[float(i.self_score) for _, i in points], name=O.HISTORY_SELF, mode="lines+markers")
    fig.add_scatter(x=years, y=[None if i.reviewed is None else float(i.reviewed) for _, i in points],
                    name=O.HISTORY_REVIEWED, mode="lines+markers")
    top = max((float(i.maximum) for _, i in points), default=1)
    fig.update_layout(font_family=FONT, yaxis_range=[0, top * 1.05], yaxis_title="分", xaxis_type="category",
                      legend_orientation="h", margin=dict(l=40, r=20, t=30, b=40), height=320)
    return fig


def render(actor, organisation_id: int) -> None:
    records = signin.run(lambda s: history.organisation_history(s, actor, organisation_id))
    if records is None:
        return
    if not records:
        st.info(O.HISTORY_EMPTY, icon=":material/info:")
        return
    frame = pd.DataFrame([{"year": r.year, "category": store_msg.CATEGORY_NAMES[r.category],
                           "status": store_msg.STATUS_LABELS[r.status], "self_total": pts(r.self_total, empty=""),
                           "final_total": pts(r.final_total, empty=""), "outcome": _outcome(r),
                           "certificate_no": r.certificate_no or ""} for r in records])
    st.dataframe(frame.rename(columns=O.HISTORY_COLUMNS), hide_index=True, key="history_table")
    st.subheader(O.HISTORY_TREND)
    indicators = list(dict.fromkeys(i.indicator for r in records for i in r.indicators))
    chosen = st.selectbox(O.HISTORY_INDICATOR, indicators, key="history_indicator")
    st.plotly_chart(trend_figure(records, chosen), key="history_trend")
