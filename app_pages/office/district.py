"""全区进度: certified sites per park and per year, and the district's totals against the plan's 2023 targets."""

from __future__ import annotations

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.ui import guarded
from app_pages.office import round_district
from scoring.charts import district_bars, target_bars
from scoring.store import registry
from scoring.store import messages as store_msg


def body() -> None:
    actor = signin.require("admin", "reviewer")
    if actor is None:
        return
    st.title(O.DISTRICT_TITLE)
    st.caption(O.DISTRICT_INTRO[actor.role])
    view = signin.run(lambda s: registry.district_view(s, actor))
    if view is None:
        return
    st.subheader(O.DISTRICT_TARGETS_HEADER)
    targets = view.targets.copy()
    targets["label"] = [O.DISTRICT_TARGET_LABEL.format(level=store_msg.LEVEL_LABELS[level], group=O.DISTRICT_GROUPS[group])
                        for level, group in zip(targets["level"], targets["group"])]
    st.plotly_chart(target_bars(targets), key="district_targets")
    round_district.render(actor)
    if view.by_park.empty:
        st.info(O.DISTRICT_EMPTY, icon=":material/info:")
        return
    st.subheader(O.DISTRICT_PARKS_HEADER)
    by_park = view.by_park.copy()
    by_park["level"] = by_park["level"].map(store_msg.LEVEL_LABELS)
    st.plotly_chart(district_bars(by_park), key="district_parks")
    st.dataframe(by_park.rename(columns=O.DISTRICT_COLUMNS), hide_index=True, key="district_table")


guarded(body)
