"""全区进度 → per year: certifications counted per year and level against the plan's targets, and the
candidates for the municipal level (last year's district certifications, plan section 六(四))."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import signin
from app_pages.common.round_ui import md
from app_pages.strings import office as O
from scoring.store import cultivation, history
from scoring.store.plan import TARGETS
from scoring.store.rounds import today


def render(actor) -> None:
    st.subheader(O.DISTRICT_YEARS_HEADER)
    counts = signin.run(lambda s: history.counts_per_year(s, actor)) or []
    rows = [(c.year, c.district["zone"], c.district["station"], c.district["point"], c.municipal["zone"],
             c.municipal["station"] + c.municipal["point"]) for c in counts]
    target = ("目标（每年）", TARGETS["district"]["zone"], "—", f"站点合计 {TARGETS['district']['station_point']}",
              TARGETS["municipal"]["zone"], TARGETS["municipal"]["station_point"])
    frame = pd.DataFrame([*[tuple(str(v) for v in r) for r in rows], tuple(str(v) for v in target)],
                         columns=list(O.DISTRICT_YEARS_COLUMNS))
    st.dataframe(frame, hide_index=True, key="district_years")
    candidates = signin.run(lambda s: cultivation.key_target_candidates(s, actor, today().year)) or []
    if candidates:
        st.info(O.DISTRICT_CANDIDATES.format(names="、".join(md(name) for _, name, _ in candidates)),
                icon=":material/stars:")
    else:
        st.caption(O.DISTRICT_CANDIDATES_NONE)
