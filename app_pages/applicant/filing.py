"""提交申报: the applicant files the open self-assessment (answers and evidence files) as its organisation's
submission, follows its status and the office's notes, and sees the reviewer's conclusions."""

from __future__ import annotations

import streamlit as st

from app_pages.strings import office as O
from app_pages.common import session
from app_pages.common import signin
from app_pages.common.office_ui import history_line
from app_pages.common.ui import guarded, pts
from app_pages.common.paths import PAGES
from app_pages.common.text import md
from app_pages.common.round_ui import phase_banner
from app_pages.office import round_panels
from scoring.answers import answers_data
from scoring.store import messages as store_msg
from scoring.store import plan
from scoring.store import review, submissions
from scoring.store.filing import file_draft, organisation_summary, submission_history

NOTICE = "_filing_notice"


def _file(actor, round_: int, submit: bool) -> None:
    draft = session.current()
    paths, _missing = session.store().evidence_files(draft.draft_id, draft.settled.answers)
    files = {relative: path.read_bytes() for relative, path in paths.items()}  # read only when filing
    data = answers_data(draft.settled.answers)
    errors: list[str] = []
    def action(s):
        filed = file_draft(s, actor, round_, data, files, submit=submit)
        return filed.submission.id, filed.files

    filed = signin.run(action, show=errors.append)
    if filed is not None:
        text = O.FILING_SUBMITTED if submit else O.FILING_SAVED
        st.session_state[NOTICE] = (False, text.format(id=filed[0], files=filed[1]))
    else:
        st.session_state[NOTICE] = (True, "\n\n".join(errors))


def _draft_section(actor, organisation) -> None:
    st.subheader(O.FILING_DRAFT_HEADER)
    draft = session.current()
    if draft is None:
        st.info(O.FILING_NO_DRAFT, icon=":material/info:")
        st.page_link(PAGES["start"], label=O.FILING_GO_START, icon=":material/home:")
        return
    if draft.rubric.rubric != organisation["category"]:
        st.warning(O.FILING_WRONG_CATEGORY.format(draft=draft.category,
                                                  expected=store_msg.CATEGORY_NAMES[organisation["category"]]),
                   icon=":material/warning:")
        return
    if not draft.settled.named or draft.result is None:
        st.warning(O.FILING_NEED_NAME, icon=":material/warning:")
        return
    result = draft.result
    st.markdown(O.FILING_DRAFT_SUMMARY.format(name=md(draft.name), category=draft.category, total=pts(result.total, empty=""),
                                              answered=result.answered, count=result.item_count))
    if organisation["category"] == "zone":
        st.caption(O.FILING_REGISTRY_NOTE.format(**plan.fed_item_names()))
    files, missing = session.store().evidence_files(draft.draft_id, draft.settled.answers)
    st.caption(O.FILING_FILES.format(count=len(files)))
    if missing:
        st.warning(O.FILING_FILES_MISSING.format(files="、".join(map(md, missing))), icon=":material/warning:")
    if result.answered < result.item_count:
        st.info(O.FILING_INCOMPLETE.format(count=result.item_count - result.answered), icon=":material/info:")
    round_ = st.number_input(O.FILING_ROUND, min_value=2000, max_value=2100, value=draft.assessed_on.year, step=1,
                             key="filing_round", help=O.FILING_ROUND_HELP)
    save_col, submit_col = st.columns(2)
    save_col.button(O.FILING_SAVE, key="filing_save", on_click=_file, args=(actor, int(round_), False),
                    icon=":material/save:", width="stretch")
    submit_col.button(O.FILING_SUBMIT, key="filing_submit", on_click=_file, args=(actor, int(round_), True),
                      type="primary", icon=":material/send:", width="stretch")


def _conclusions(actor, submission_id: int) -> None:
    sheet = signin.run(lambda s: review.review_sheet(s, actor, submission_id))
    if sheet is None or not sheet.reviews:
        return
    frame = sheet.items_frame()
    changed = frame[frame["decision"] == "override"]
    st.markdown(O.FILING_FINAL.format(final=pts(sheet.final.total, empty=""), own=pts(sheet.own.total, empty="")))
    for row in changed.itertuples():
        line = O.FILING_OVERRIDE_LINE.format(id=row.item_id, title=row.title, own=pts(row.self_score, empty=""),
                                             final=pts(row.final_score, empty=""), reason=md(row.reason) or "—")
        not_met = [md(c.label) for c in sheet.part_checks(row.item_id) if c.verified is False]
        if not_met:
            line += O.FILING_OVERRIDE_PARTS.format(labels="、".join(not_met))
        st.markdown(line)


def _submissions_section(actor) -> None:
    st.subheader(O.FILING_LIST_HEADER)
    table = signin.run(lambda s: submissions.submissions_table(s, actor))
    if table is None:
        return
    if table.empty:
        st.caption(O.FILING_LIST_EMPTY)
        return
    for row in table.sort_values("round", ascending=False).itertuples():
        with st.container(border=True):
            st.markdown(O.FILING_LIST_ITEM.format(round=row.round, id=row.id, category=store_msg.CATEGORY_NAMES[row.category],
                                                  status=store_msg.STATUS_LABELS[row.status],
                                                  total=pts(row.self_total, empty="")))
            if row.status in ("reviewed", "selected"):
                _conclusions(actor, int(row.id))
            round_panels.applicant_panels(int(row.id))
            history = signin.run(lambda s, sid=int(row.id): submission_history(s, actor, sid)) or []
            for entry in history:
                st.caption(history_line(entry))


def body() -> None:
    actor = signin.require("applicant", "park_operator")
    if actor is None:
        return
    st.title(O.FILING_TITLE)
    phase_banner()
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (st.error if notice[0] else st.success)(notice[1])
    organisation = signin.run(lambda s: organisation_summary(s, actor))
    if organisation is None:
        return
    st.caption(O.FILING_FOR.format(name=md(organisation["name"]), category=store_msg.CATEGORY_NAMES[organisation["category"]]))
    _draft_section(actor, organisation)
    _submissions_section(actor)


guarded(body)
