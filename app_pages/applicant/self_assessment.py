"""逐项自评: the items of one 评价指标 at a time, each with its answer widget, evidence and live verdict."""

from __future__ import annotations

import streamlit as st

from app_pages.common import session
from app_pages.strings import applicant as S
from app_pages.applicant.answer_widgets import answer_widget
from app_pages.applicant.evidence_editor import evidence_editor
from app_pages.applicant.wording import plain
from app_pages.common.ui import guarded, pts, require_draft
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from scoring.editing import answer_body, set_note
from scoring.engine import ItemResult, period_start
from scoring.gaps import EVIDENCE_STATUSES, answered_by_indicator, item_clauses
from scoring.messages import STATUS_LABELS
from scoring.points import HALF
from scoring.rubric import Item

INDICATOR_KEY = ("sa", "indicator")
GROUP_PARAM = "group"  # the open 评价指标 (its number, from 1) in the URL
FILTER_KEY = "sa_filter"  # not a draft widget: the filter stays when another draft is opened
ITEM_PARAM = "item"  # a link to one item: opens its group and scrolls to it
_SCROLL_SCRIPT = """<script>/* {nonce} */
(function () {{
  const card = window.parent.document.querySelector(".st-key-sa_item_{item_id}") ||
               document.querySelector(".st-key-sa_item_{item_id}");
  if (card) card.scrollIntoView({{block: "{block}"}});
}})();
</script>"""


@session.callback
def _on_note(item_id: str) -> None:
    value = st.session_state[session.key("note", item_id)]
    session.focus(item_id)
    session.change(lambda working: set_note(working, item_id, value))


@session.callback
def _go(indicator: str) -> None:
    st.session_state[session.key(*INDICATOR_KEY)] = indicator
    st.session_state.pop(session.FOCUS_KEY, None)


def _shown_by(shown: str, result: ItemResult) -> bool:
    """Whether the 逐项自评 filter (全部 / 未作答 / 缺证据 / 失分) shows an item with this result."""
    if shown == "unanswered":
        return result.status == "unanswered"
    if shown == "evidence":
        return result.status in EVIDENCE_STATUSES
    if shown == "lost":
        return result.status != "unanswered" and result.score < result.max
    return True


def _on_group() -> None:
    st.session_state.pop(session.FOCUS_KEY, None)


def _chosen_group(draft: session.OpenDraft, indicators: list[str]) -> str:
    """The group to show: the one an item link names, else the one chosen in this session, else the URL's."""
    widget_key = session.key(*INDICATOR_KEY)
    linked = st.query_params.get(ITEM_PARAM)
    if linked:
        del st.query_params[ITEM_PARAM]
        item = next((i for i in draft.rubric.items if i.id == linked), None)
        if item is not None:
            st.session_state[widget_key] = item.indicator
            st.session_state[session.FOCUS_KEY] = (item.id, "start")
            st.session_state[FILTER_KEY] = "all"  # the linked item must be on the page
    if st.session_state.get(widget_key) not in indicators:
        number = st.query_params.get(GROUP_PARAM) or ""
        index = int(number) - 1 if number.isdigit() and 0 < int(number) <= len(indicators) else 0
        st.session_state[widget_key] = indicators[index]
    return st.session_state[widget_key]


def _keep_in_view(revision: int) -> None:
    """Scroll the item just edited (or linked to) into view; nothing moves when it is already visible."""
    target = st.session_state.pop(session.FOCUS_KEY, None)
    if not target:
        return
    item_id, block = target if isinstance(target, tuple) else (target, "nearest")
    st.html(_SCROLL_SCRIPT.format(nonce=revision, item_id=item_id, block=block), unsafe_allow_javascript=True,
            width="content")


def _partial_without_score(working: dict, item: Item) -> bool:
    body = answer_body(working, item.id) or {}
    return body.get("met") == "partial" and body.get("score") is None


def _badge(draft: session.OpenDraft, item: Item, result: ItemResult) -> str:
    if result.status == "unanswered" and _partial_without_score(draft.working, item):
        return S.SA_BADGE.format(color="orange", label=S.SA_PARTIAL_NO_SCORE)
    color = S.STATUS_COLORS[result.status]
    label = STATUS_LABELS[result.status]
    if result.status == "unanswered":
        return S.SA_BADGE.format(color=color, label=label)
    return S.SA_SCORE_BADGE.format(color=color, label=label, score=pts(result.score), max=pts(result.max))


def _guide(draft: session.OpenDraft, item: Item) -> None:
    """The item's evidence list, how to earn it, the guideline clauses and its year window: one Markdown block (the
    page draws one expander per item, so every element saved here is saved fourteen times in a long group)."""
    parts = [S.SA_GUIDE_EVIDENCE + "\n" + "\n".join(f"- {e}" for e in item.evidence),
             S.SA_GUIDE_HOW + "：" + item.guidance.text]
    clauses = item_clauses(draft.rubric, item.id)
    if clauses:
        parts.append(S.SA_GUIDE_CLAUSES.format(clauses="；".join(c.label() for c in clauses)))
    if item.year_bound:
        parts.append(S.SA_GUIDE_YEAR.format(start=period_start(draft.assessed_on), end=draft.assessed_on))
    with st.expander(S.SA_GUIDE, icon=":material/lightbulb:"):
        st.markdown("\n\n".join(parts))


def _verdict(draft: session.OpenDraft, item: Item, result: ItemResult) -> None:
    missing_score = result.status == "unanswered" and _partial_without_score(draft.working, item)
    if missing_score:
        st.warning(S.SA_PARTIAL_NEEDS_SCORE.format(top=pts(item.points - HALF)), icon=":material/warning:")
    for problem in draft.settled.item_problems(item.id):
        if missing_score and problem.field == "score":
            continue  # said above, in the applicant's words
        if not (problem.field or "").startswith("evidence["):
            st.error(md(plain(problem.message)), icon=":material/error:")
    if result.status in EVIDENCE_STATUSES:
        st.warning(md(" ".join(result.messages)), icon=":material/warning:")
    elif result.status not in ("unanswered", "met"):
        st.caption(md(" ".join(result.messages)))


def item_card(draft: session.OpenDraft, item: Item, result: ItemResult) -> None:
    with st.container(border=True, key=f"sa_item_{item.id}"):
        st.markdown(S.SA_ITEM_HEADER.format(id=item.id, title=item.title, points=pts(item.points)) + "　" + _badge(draft, item, result))
        answer_col, evidence_col = st.columns([5, 6], gap="medium")
        with answer_col:
            st.markdown(item.criterion)
            _guide(draft, item)
            answer_widget(item, draft.working)
            note = (answer_body(draft.working, item.id) or {}).get("note") or ""
            st.text_input(S.SA_NOTE, value=note, key=session.key("note", item.id), placeholder=S.SA_NOTE_PLACEHOLDER,
                          on_change=_on_note, args=(item.id,))
        with evidence_col:
            st.markdown(f"**{S.SA_EVIDENCE}**")
            evidence_editor(draft, item.id)
        _verdict(draft, item, result)


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    st.title(S.SA_TITLE)
    st.caption(f"{draft.category} · {draft.rubric.title}")
    st.write(S.SA_INTRO)
    if draft.result is None:
        st.error(S.UNEXPECTED_ERROR)
        return
    indicators = draft.rubric.indicators()
    counts = answered_by_indicator(draft.result)
    _chosen_group(draft, indicators)
    # The options' labels stay fixed: when a label changes (a live count in it), the browser drops the choice.
    current = st.radio(
        S.SA_INDICATOR, indicators, horizontal=True, key=session.key(*INDICATOR_KEY), on_change=_on_group,
        captions=[S.SA_INDICATOR_COUNT.format(answered=counts[name][0], count=counts[name][1]) for name in indicators])
    st.query_params[GROUP_PARAM] = str(indicators.index(current) + 1)
    shown = st.segmented_control(S.SA_FILTER, list(S.SA_FILTERS), format_func=S.SA_FILTERS.get, default="all",
                                 key=FILTER_KEY) or "all"
    results = {r.id: r for r in draft.result.items}
    group = [item for item in draft.rubric.items if item.indicator == current]
    items = [item for item in group if _shown_by(shown, results[item.id])]
    if not items:
        st.info(S.SA_FILTER_NONE.format(filter=S.SA_FILTERS[shown]), icon=":material/filter_alt:")
    if items and items[0].bonus:
        st.info(S.SA_BONUS_NOTE, icon=":material/add_circle:")
    content = None
    for item in items:
        if item.content and item.content != content:
            st.markdown(f"#### {item.content}")
        content = item.content
        item_card(draft, item, results[item.id])

    position = indicators.index(current)
    prev_col, next_col = st.columns(2)
    if position > 0:
        prev_col.button(S.SA_PREV, key="sa_prev", on_click=_go, args=(indicators[position - 1],))
    if position + 1 < len(indicators):
        next_col.button(S.SA_NEXT, key="sa_next", on_click=_go, args=(indicators[position + 1],), type="primary")
    else:
        next_col.page_link(PAGES["results"], label=S.SA_TO_RESULTS, icon=":material/insights:")
    _keep_in_view(draft.revision)


guarded(body)
