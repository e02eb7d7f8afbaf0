"""自评结果: totals, claimed against evidenced, per-indicator figures and the lost points with how to earn them.

Kept light for a fast first load: the per-indicator table is a plain table, and a chart (plotly, whose script the
browser loads on first use) is built only when the user asks for it. Unanswered items are one line per 评价指标;
every lost-point entry links to its item on the 逐项自评 page.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import session
from app_pages.common.paths import PAGES
from app_pages.strings import applicant as S
from app_pages.common.ui import guarded, pts, require_draft
from app_pages.common.text import md
from scoring.gaps import Gap, claimed_vs_evidenced, indicator_frame, lost_points, recoverable_total

VIEW_KEY = "results_view"


def item_link(draft: session.OpenDraft, item_id: str, label: str) -> None:
    """A link that opens 逐项自评 at this item (its group chosen, the item scrolled into view)."""
    st.page_link(PAGES["self_assessment"], label=label, icon=":material/edit:",
                 query_params={session.QUERY_PARAM: draft.draft_id, "item": item_id})


def _gap(draft: session.OpenDraft, gap: Gap) -> None:
    with st.container(border=True, gap="small"):
        header = S.RESULTS_GAP_TITLE.format(id=gap.item_id, title=gap.title, points=pts(gap.recoverable))
        badge = S.SA_BADGE.format(color=S.STATUS_COLORS[gap.status], label=gap.status_label)
        text_col, link_col = st.columns([5, 1], vertical_alignment="center")
        text_col.markdown(f"{header}　{badge}")
        with link_col:
            item_link(draft, gap.item_id, S.RESULTS_GO_ITEM)
        st.markdown(S.RESULTS_GAP_REASON.format(text=md(" ".join(gap.reasons))))
        with st.expander(S.RESULTS_GAP_HOW_HEADER):
            st.markdown(S.RESULTS_GAP_HOW.format(text=gap.guidance))
            st.caption(S.RESULTS_GAP_EVIDENCE.format(items="；".join(gap.evidence_needed)))
            if gap.clauses:
                st.caption(S.RESULTS_GAP_CLAUSES.format(clauses="；".join(c.label() for c in gap.clauses)))


def _unanswered(draft: session.OpenDraft, gaps: list[Gap]) -> None:
    """Unanswered items: one line per 评价指标 with a link to its first unanswered item."""
    by_indicator: dict[str, list[Gap]] = {}
    for gap in sorted(gaps, key=lambda g: [i.id for i in draft.rubric.items].index(g.item_id)):
        by_indicator.setdefault(gap.indicator, []).append(gap)
    st.markdown("##### " + S.RESULTS_UNANSWERED_HEADER.format(count=len(gaps),
                                                                points=pts(recoverable_total(gaps))))
    for indicator, group in by_indicator.items():
        text_col, link_col = st.columns([5, 1], vertical_alignment="center")
        text_col.markdown(S.RESULTS_UNANSWERED_LINE.format(
            indicator=indicator, items="、".join(f"{g.item_id} {g.title}" for g in group)))
        with link_col:
            item_link(draft, group[0].item_id, S.RESULTS_GO_ANSWER)


def _figures(frame) -> None:
    view = st.segmented_control(S.RESULTS_VIEW, list(S.RESULTS_VIEWS), format_func=S.RESULTS_VIEWS.get,
                                default="table", key=VIEW_KEY, label_visibility="collapsed") or "table"
    if view == "table":
        table = frame.drop(columns=["加分项"]).copy()
        for column in ("满分", "自评", "认定得分"):
            table[column] = table[column].map(pts)
        table["得分率"] = table["得分率"].map(lambda share: f"{share:.0%}")
        st.table(table.set_index("评价指标"))
        return
    from scoring.charts import score_bars, share_radar  # plotly only when a chart is asked for

    if view == "bars":
        st.plotly_chart(score_bars(frame), config={"displayModeBar": False}, key="results_bars")
        return
    radar = share_radar(frame)
    if radar is None:
        st.caption(S.RESULTS_RADAR_TOO_FEW)
        return
    st.caption(S.RESULTS_RADAR_NOTE)
    st.plotly_chart(radar, config={"displayModeBar": False}, key="results_radar")


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
    _figures(indicator_frame(result))

    st.subheader(S.RESULTS_LOST_HEADER)
    st.caption(S.RESULTS_LOST_INTRO)
    gaps = lost_points(result, draft.rubric)
    if not gaps:
        st.success(S.RESULTS_LOST_NONE)
        return
    answered = [g for g in gaps if g.status != "unanswered"]
    for bonus, header in ((False, S.RESULTS_LOST_BASE), (True, S.RESULTS_LOST_BONUS)):
        group = [g for g in answered if g.bonus == bonus]
        if not group:
            continue
        st.markdown("##### " + header.format(points=pts(recoverable_total(group))))
        for gap in group:
            _gap(draft, gap)
    unanswered = [g for g in gaps if g.status == "unanswered"]
    if unanswered:
        _unanswered(draft, unanswered)


guarded(body)
