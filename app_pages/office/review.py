"""逐项复核: one submission (``?submission=ID``): every item with the applicant's answer, the evidence and the
engine's score; the reviewer confirms or overrides each item with a reason; the final score is recomputed by the
engine; the workflow steps; self vs reviewer charts; the filled 验收表 with the reviewer's scores.

Changes go through widget callbacks that carry the version of the submission the page showed, so a change made
meanwhile by someone else is refused with a clear message instead of being overwritten.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import DOCX_MIME, act, history_line, lazy_bytes
from app_pages.common.ui import guarded, pts
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from app_pages.office import round_panels
from scoring.charts import review_bars, review_differences
from scoring.documents import DocumentError, render_acceptance_table
from scoring.rubric import load_rubric
from scoring.store import evidence, review, workflow
from scoring.store import messages as store_msg
from scoring.store.filing import submission_history
from scoring.store.workflow import TRANSITIONS

QUERY_PARAM = "submission"
SHOWN_VERSION = "_rv_version"
VIEWING = "_rv_viewing"
VIEWABLE = ("pdf", "jpeg", "png")
MAX_ID = 2**63 - 1
INVALID_ID = 0
STATUS_COLORS = {"draft": "gray", "submitted": "blue", "changes_requested": "orange", "reviewed": "green",
                 "selected": "violet"}


def submission_id() -> int | None:
    """The ``?submission=`` of the address: None when absent, ``INVALID_ID`` when it names no submission."""
    raw = st.query_params.get(QUERY_PARAM)
    if not raw:
        return None
    value = raw.strip()
    # A database ID is a positive 64-bit integer: anything else (a sign, letters, 2**63) names no submission.
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
        return INVALID_ID
    return int(value)


def _part_key(item_id: str, part: str) -> str:
    return f"rv_part_{item_id}_{part}"


def _on_decision(sid: int, item_id: str, part_keys: tuple[str, ...]) -> None:
    actor = signin.actor()
    decision = st.session_state.get(f"rv_decision_{item_id}")
    score = st.session_state.get(f"rv_score_{item_id}")
    reason = st.session_state.get(f"rv_reason_{item_id}")
    parts = {key: bool(st.session_state.get(_part_key(item_id, key))) for key in part_keys} if part_keys else None
    version = st.session_state[SHOWN_VERSION]
    act(lambda s: review.set_item_review(s, actor, sid, item_id, decision=decision, score=score, reason=reason,
                                         parts=parts, expected_version=version),
        O.REVIEW_SAVED.format(item_id=item_id))


def _on_confirm_rest(sid: int) -> None:
    actor = signin.actor()
    version = st.session_state[SHOWN_VERSION]
    act(lambda s: review.confirm_remaining(s, actor, sid, version),
        lambda count: O.REVIEW_CONFIRMED_REST.format(count=count))


def _on_transition(sid: int, action: str) -> None:
    actor = signin.actor()
    version = st.session_state[SHOWN_VERSION]
    note = st.session_state.get(f"rv_note_{action}")
    act(lambda s: workflow.transition(s, actor, sid, action, note=note, expected_version=version),
        O.TRANSITION_DONE.format(action=TRANSITIONS[action].label))


def _header(sheet: review.ReviewSheet) -> None:
    sub = sheet.submission
    st.title(O.REVIEW_TITLE.format(organisation=md(sub.organisation)))
    color = STATUS_COLORS.get(sub.status, "gray")
    st.markdown(O.REVIEW_SUBTITLE.format(
        id=sub.id, category=store_msg.CATEGORY_NAMES[sub.rubric], round=sub.round,
        office=md(sub.office) if sub.office else "—", color=color, status=store_msg.STATUS_LABELS[sub.status]))
    columns = st.columns(4)
    columns[0].metric(O.METRIC_CLAIMED, pts(sheet.own.claimed_total, empty=""))
    columns[1].metric(O.METRIC_SELF, pts(sheet.own.total, empty=""))
    columns[2].metric(O.METRIC_FINAL, pts(sheet.final.total, empty=""),
                      delta=pts(sheet.final.total - sheet.own.total, empty="") if sheet.reviews else None)
    columns[3].metric(O.METRIC_REVIEWED, f"{len(sheet.reviews)} / {len(sheet.own.items)}")


def _workflow(sheet: review.ReviewSheet) -> None:
    """The submission's next steps: confirm the rest and complete the review in a row; steps that need a note
    (send back, reopen) in their own expander."""
    sid = sheet.submission.id
    actions = [a for a in sheet.actions if a in ("request_changes", "complete_review", "reopen_review")]
    missing = len(sheet.own.items) - len(sheet.reviews)
    row = st.columns(2)
    if "complete_review" in actions and missing:
        row[0].button(O.REVIEW_CONFIRM_REST.format(count=missing), key="rv_confirm_rest", on_click=_on_confirm_rest,
                      args=(sid,), icon=":material/done_all:", help=O.REVIEW_CONFIRM_REST_HELP, width="stretch")
    if "complete_review" in actions:
        row[1].button(TRANSITIONS["complete_review"].label, key="rv_do_complete_review", on_click=_on_transition,
                      args=(sid, "complete_review"), type="primary", icon=":material/task_alt:", width="stretch",
                      help=O.COMPLETE_REVIEW_HELP)
    for action in ("request_changes", "reopen_review"):
        if action not in actions:
            continue
        label = TRANSITIONS[action].label
        with st.expander(label, icon=":material/undo:"):
            st.text_input(O.TRANSITION_NOTE.format(action=label), key=f"rv_note_{action}",
                          placeholder=O.TRANSITION_NOTE_PLACEHOLDER[action])
            st.button(label, key=f"rv_do_{action}", on_click=_on_transition, args=(sid, action))


def _on_view(file_id: int | None) -> None:
    st.session_state[VIEWING] = file_id


def _evidence_files(sheet: review.ReviewSheet, item_id: str) -> None:
    """Each uploaded file of the item: view it here (PDF and images; logged as a view) or download it (logged)."""
    actor = signin.actor()
    viewing = st.session_state.get(VIEWING)
    for file in sheet.evidence_files_for(item_id):
        name_col, view_col = st.columns([3, 1], vertical_alignment="center")
        name_col.download_button(
            O.EVIDENCE_DOWNLOAD.format(name=md(file.filename), size=file.size // 1024 or 1), key=f"rv_ev_{item_id}_{file.id}",
            data=lazy_bytes(lambda s, fid=file.id: evidence.open_evidence(s, actor, fid).data),
            file_name=file.filename, on_click="ignore", icon=":material/attach_file:", type="tertiary")
        if file.kind not in VIEWABLE:
            continue
        shown = viewing == file.id
        view_col.button(O.EVIDENCE_HIDE if shown else O.EVIDENCE_VIEW, key=f"rv_view_{item_id}_{file.id}",
                        on_click=_on_view, args=(None if shown else file.id,), type="tertiary",
                        icon=":material/visibility_off:" if shown else ":material/visibility:")
        if shown:
            content = signin.run(lambda s, fid=file.id: evidence.open_evidence(s, actor, fid, download=False))
            if content is not None and file.kind == "pdf":
                st.pdf(content.data, height=600, key=f"rv_pdf_{item_id}_{file.id}")
            elif content is not None:
                st.image(content.data)


def _part_lines(checks: tuple[review.PartCheck, ...]) -> None:
    """Each part of the item: the applicant's tick, the evidence given for it, the reviewer's recorded check."""
    lines = [O.PART_LINE.format(
        claimed=O.PART_CLAIMED[check.claimed], label=md(check.label),
        evidence=O.PART_EVIDENCE.format(titles="、".join(f"《{md(t)}》" for t in check.evidence))
        if check.evidence else O.PART_NO_EVIDENCE,
        verified=O.PART_VERIFIED[check.verified]) for check in checks]
    st.markdown(O.PARTS_HEADER + "\n\n" + "\n".join(lines))


def _decision_form(sheet: review.ReviewSheet, own, checks: tuple[review.PartCheck, ...], editable: bool) -> None:
    existing = sheet.reviews.get(own.id)
    if existing is not None:
        label = store_msg.DECISION_LABELS[existing.decision]
        reviewer = md(existing.reviewer) if existing.reviewer else "—"
        text = O.DECISION_DONE.format(decision=label, score=pts(existing.score, empty=""), reviewer=reviewer)
        if existing.reason:
            text += O.DECISION_REASON.format(reason=md(existing.reason))
        st.markdown(text)
    if not editable:
        return
    sid = sheet.submission.id
    with st.form(f"rv_form_{own.id}", border=False):
        st.segmented_control(
            O.DECISION_LABEL, ("confirm", "override"), key=f"rv_decision_{own.id}",
            default=existing.decision if existing else "confirm", required=True,  # a second click keeps it
            format_func=lambda d: O.DECISION_CHOICES[d].format(score=pts(own.score, empty="")))
        if checks:
            st.caption(O.PARTS_CHECK)
            for check in checks:
                ticked = check.verified if check.verified is not None else bool(check.claimed)
                st.checkbox(md(check.label), value=ticked, key=_part_key(own.id, check.key))
        left, right = st.columns([1, 3])
        left.number_input(O.OVERRIDE_SCORE.format(max=pts(own.max, empty="")), min_value=0.0, max_value=float(own.max),
                          step=0.5, value=float(existing.score if existing else own.score), key=f"rv_score_{own.id}",
                          help=O.OVERRIDE_SCORE_PARTS_HELP if checks else None)
        right.text_input(O.OVERRIDE_REASON, value=(existing.reason or "") if existing else "",
                         key=f"rv_reason_{own.id}", placeholder=O.OVERRIDE_REASON_PLACEHOLDER)
        st.form_submit_button(O.DECISION_SAVE, on_click=_on_decision,
                              args=(sid, own.id, tuple(check.key for check in checks)))


def _items(sheet: review.ReviewSheet, editable: bool) -> None:
    rubric = load_rubric(sheet.submission.rubric)
    indicators = list(dict.fromkeys(i.indicator for i in sheet.own.items))
    done = {i: sum(1 for it in sheet.own.items if it.indicator == i and it.id in sheet.reviews) for i in indicators}
    total = {i: sum(1 for it in sheet.own.items if it.indicator == i) for i in indicators}
    indicator = st.selectbox(O.INDICATOR_PICK, indicators, key="rv_indicator")
    st.caption(O.INDICATOR_PROGRESS.format(done=done[indicator], count=total[indicator]))
    for own, final in zip(sheet.own.items, sheet.final.items):
        if own.indicator != indicator:
            continue
        item = rubric.item(own.id)
        with st.container(border=True):
            mark = ":green[✔]" if own.id in sheet.reviews else ":gray[○]"
            st.markdown(O.ITEM_HEADER.format(mark=mark, id=own.id, title=own.title, max=pts(own.max, empty=""),
                                             self=pts(own.score, empty=""), final=pts(final.score, empty="")))
            st.caption(item.criterion)
            answer_col, evidence_col = st.columns(2)
            with answer_col:
                for line in own.messages:
                    st.markdown(f"- {md(line)}")
                answer = sheet.answers.answers.get(own.id)
                if answer is not None and answer.note:
                    st.caption(O.ITEM_NOTE.format(note=md(answer.note)))
            with evidence_col:
                titles = [f"《{md(e.title)}》" + (f"（{e.date}）" if e.date else "")
                          for e in (answer.evidence if answer else ())]
                st.markdown(O.ITEM_EVIDENCE.format(titles="、".join(titles) if titles else O.ITEM_NO_EVIDENCE))
                _evidence_files(sheet, own.id)
            checks = sheet.part_checks(own.id)
            if checks:
                _part_lines(checks)
            _decision_form(sheet, own, checks, editable)


def _charts(sheet: review.ReviewSheet) -> None:
    st.plotly_chart(review_bars(sheet.indicators_frame()), key="rv_bars")
    differences = review_differences(sheet.items_frame())
    st.subheader(O.CHART_DIFFERENCES)
    if differences is None:
        st.info(O.CHART_NO_DIFFERENCES, icon=":material/info:")
    else:
        st.plotly_chart(differences, key="rv_diffs")
    table = sheet.items_frame()
    for column in ("max", "claimed", "self_score", "final_score"):
        table[column] = table[column].map(partial(pts, empty=""))
    table["decision"] = table["decision"].map(lambda d: store_msg.DECISION_LABELS.get(d, "") if d else "")
    st.dataframe(table.drop(columns=["bonus", "status"]).rename(columns=O.ITEM_TABLE_COLUMNS), hide_index=True,
                 key="rv_items_table")


def _downloads(sheet: review.ReviewSheet) -> None:
    scores = {item.id: Decimal(item.score) for item in sheet.final.items}
    try:
        table = render_acceptance_table(sheet.own, scores=scores, reviewer=True)
    except DocumentError as err:
        st.error(str(err), icon=":material/error:")
        return
    name = sheet.submission.organisation
    st.download_button(O.DOWNLOAD_REVIEWED_TABLE, data=table, mime=DOCX_MIME, on_click="ignore", key="rv_docx",
                       file_name=O.DOWNLOAD_REVIEWED_TABLE_FILE.format(name=name), icon=":material/download:")


def _history(sheet: review.ReviewSheet, actor) -> None:
    entries = signin.run(lambda s: submission_history(s, actor, sheet.submission.id)) or []
    for entry in entries:
        st.markdown(history_line(entry))


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    sid = submission_id()
    if sid is None:
        st.info(O.REVIEW_PICK_FIRST, icon=":material/info:")
        st.page_link(PAGES["review_list"], label=O.PAGE_REVIEW_LIST, icon=":material/fact_check:")
        return
    if sid == INVALID_ID:
        st.warning(O.REVIEW_NO_SUCH_SUBMISSION.format(value=md(st.query_params.get(QUERY_PARAM))),
                   icon=":material/search_off:")
        st.page_link(PAGES["review_list"], label=O.PAGE_REVIEW_LIST, icon=":material/fact_check:")
        return
    sheet = signin.run(lambda s: review.review_sheet(s, actor, sid))
    if sheet is None:
        return
    st.session_state[SHOWN_VERSION] = sheet.version
    _header(sheet)
    editable = sheet.submission.status == "submitted" and "complete_review" in sheet.actions
    if not editable:
        st.info(O.REVIEW_READ_ONLY.format(status=store_msg.STATUS_LABELS[sheet.submission.status]),
                icon=":material/lock:")
    round_panels.review_panels(sid)
    items_tab, charts_tab, record_tab = st.tabs([O.TAB_ITEMS, O.TAB_CHARTS, O.TAB_RECORD])
    with items_tab:
        _workflow(sheet)
        _items(sheet, editable)
    with charts_tab:
        _charts(sheet)
    with record_tab:
        _downloads(sheet)
        st.subheader(O.HISTORY_HEADER)
        _history(sheet, actor)


guarded(body)
