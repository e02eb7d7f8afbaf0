"""自评结果: totals, claimed against evidenced, per-indicator charts and the lost points with how to earn them."""

from __future__ import annotations

import streamlit as st

from app_pages.strings import applicant as S
from app_pages.common.ui import guarded, pts, require_draft
from app_pages.common.text import md
from scoring.charts import score_bars, share_radar
from scoring.gaps import Gap, claimed_vs_evidenced, indicator_frame, lost_points, recoverable_total


def _gap(gap: Gap) -> None:
    with st.container(border=True):
        header = S.RESULTS_GAP_TITLE.format(id=gap.item_id, title=gap.title, points=pts(gap.recoverable))
        badge = S.SA_BADGE.format(color=S.STATUS_COLORS[gap.status], label=gap.status_label)
        st.markdown(f"{header}　{badge}")
        st.markdown(S.RESULTS_GAP_REASON.format(text=md(" ".join(gap.reasons))))
        st.markdown(S.RESULTS_GAP_HOW.format(text=gap.guidance))
        st.caption(S.RESULTS_GAP_EVIDENCE.format(items="；".join(gap.evidence_needed)))
        if gap.clauses:
            st.caption(S.RESULTS_GAP_CLAUSES.format(clauses="；".join(c.label() for c in gap.clauses)))


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    result = draft.result
    st.title(S.RESULTS_TITLE)
    st.caption(f"{md(draft.name) or S.SIDEBAR_UNNAMED} · {draft.category} · {draft.rubric.title}")
    if result is None:
        st.error(S.UNEXPECTED_ERROR)
        return
    unanswered = result.item_count - result.answered
    if unanswered:
        st.info(S.RESULTS_UNANSWERED.format(count=unanswered), icon=":material/info:")

    columns = st.columns(5)
    columns[0].metric(S.RESULTS_TOTAL, pts(result.total))
    columns[1].metric(S.RESULTS_BASE, f"{pts(result.base)} / {pts(result.base_max)}")
    columns[2].metric(S.RESULTS_BONUS, f"{pts(result.bonus)} / {pts(result.bonus_max)}")
    versus = claimed_vs_evidenced(result)
    columns[3].metric(S.RESULTS_CLAIMED, pts(versus.claimed), help=S.RESULTS_CLAIMED_HELP)
    columns[4].metric(S.RESULTS_EVIDENCED, pts(versus.evidenced), delta=f"-{pts(versus.difference)}" if versus.difference else None,
                      help=S.RESULTS_EVIDENCED_HELP)
    if versus.difference:
        st.warning(S.RESULTS_GAP_NOTE.format(items=versus.items_short, points=pts(versus.difference)),
                   icon=":material/warning:")
    elif result.answered:
        st.success(S.RESULTS_ALL_EVIDENCED, icon=":material/check_circle:")

    st.subheader(S.RESULTS_CHART_HEADER)
    frame = indicator_frame(result)
    radar = share_radar(frame)
    tabs = st.tabs([S.RESULTS_TAB_BARS, S.RESULTS_TAB_RADAR, S.RESULTS_TAB_TABLE] if radar else
                   [S.RESULTS_TAB_BARS, S.RESULTS_TAB_TABLE])
    with tabs[0]:
        st.plotly_chart(score_bars(frame), config={"displayModeBar": False}, key="results_bars")
    if radar is not None:
        with tabs[1]:
            st.caption(S.RESULTS_RADAR_NOTE)
            st.plotly_chart(radar, config={"displayModeBar": False}, key="results_radar")
    with tabs[-1]:
        table = frame.drop(columns=["加分项"])
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={"得分率": st.column_config.ProgressColumn("得分率", min_value=0, max_value=1,
                                                                              format="percent")})

    st.subheader(S.RESULTS_LOST_HEADER)
    st.caption(S.RESULTS_LOST_INTRO)
    gaps = lost_points(result, draft.rubric)
    if not gaps:
        st.success(S.RESULTS_LOST_NONE)
        return
    for bonus, header in ((False, S.RESULTS_LOST_BASE), (True, S.RESULTS_LOST_BONUS)):
        group = [g for g in gaps if g.bonus == bonus]
        if not group:
            continue
        st.markdown("##### " + header.format(points=pts(recoverable_total(gaps, bonus))))
        for gap in group:
            _gap(gap)


guarded(body)
