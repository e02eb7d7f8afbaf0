"""The round's panels on existing pages: on 逐项复核 the eligibility (computed, and the reviewer's confirmation),
the two opinions and the sealed paper copies; on 提交申报 the final opinions the applicant may see."""

from __future__ import annotations


import streamlit as st

from app_pages.common import signin
from app_pages.common.office_ui import DOCX_MIME, act, lazy_bytes
from app_pages.common.round_ui import eligibility_panel, md
from app_pages.strings import office as O
from scoring.store import eligibility_review, opinions
from scoring.store import messages as store_msg
from scoring.store.rounds import today


def _confirmation_line(view: eligibility_review.EligibilityView) -> None:
    c = view.confirmation
    if c is not None:
        note = f"：{md(c.note)}" if c.note else ""
        st.markdown(O.ELIGIBILITY_CONFIRMED.format(verdict=O.ELIGIBILITY_CONFIRM_OPTIONS[c.eligible], by=md(c.by or "—"),
                                                   at=f"{c.at:%Y-%m-%d}", note=note))


def _opinion_line(view: opinions.OpinionView) -> None:
    st.markdown(O.OPINION_SHOWN.format(kind=view.label, responsible=md(view.responsible), date=view.opinion_date,
                                       final="" if view.final else O.OPINION_DRAFT_MARK, text=md(view.text)))


def _opinion_form(actor, sid: int, kind: str, current: opinions.OpinionView | None) -> None:
    label = store_msg.OPINION_KIND_LABELS[kind]
    with st.form(f"op_form_{kind}_{sid}", border=False):
        text = st.text_area(O.OPINION_TEXT, value=current.text if current else "", key=f"op_text_{kind}")
        cols = st.columns(2)
        who = cols[0].text_input(O.OPINION_RESPONSIBLE, value=current.responsible if current else "",
                                 key=f"op_who_{kind}")
        day = cols[1].date_input(O.OPINION_DATE, value=current.opinion_date if current else today(),
                                 key=f"op_date_{kind}", format="YYYY-MM-DD")
        final = st.checkbox(O.OPINION_FINAL, value=False, key=f"op_final_{kind}")
        if st.form_submit_button(O.OPINION_SAVE.format(kind=label)):
            act(lambda s: opinions.save_opinion(s, actor, sid, kind, text, who, day, final=final),
                O.OPINION_SAVED.format(kind=label))
            st.rerun()


def _paper(actor, sid: int, kind: str, current: opinions.OpinionView) -> None:
    status = (O.PAPER_RECEIVED.format(date=current.paper_received_on) if current.paper_received_on
              else O.PAPER_NOT_RECEIVED)
    st.caption(O.PAPER_STATUS.format(status=status))
    if actor.role == "admin" and current.paper_received_on is None:
        with st.form(f"paper_form_{kind}_{sid}", border=False):
            day = st.date_input(O.PAPER_DATE, value=today(), key=f"paper_date_{kind}", format="YYYY-MM-DD")
            if st.form_submit_button(O.PAPER_SAVE):
                act(lambda s: opinions.record_paper_copy(s, actor, sid, kind, day), O.PAPER_SAVED)
                st.rerun()


def review_panels(sid: int) -> None:
    """Eligibility with its confirmation, and the opinions with their paper copies, for a reviewer or the bureau."""
    actor = signin.actor()
    view = signin.run(lambda s: eligibility_review.eligibility_of(s, actor, sid))
    if view is None:
        return
    with st.expander(O.ELIGIBILITY_TITLE, expanded=view.confirmation is None, icon=":material/how_to_reg:"):
        eligibility_panel(view.category, {"eligibility": view.choices})
        _confirmation_line(view)
        with st.form(f"el_form_{sid}", border=False):
            st.markdown(f"**{O.ELIGIBILITY_CONFIRM_HEADER}**")
            default = 0 if (view.confirmation.eligible if view.confirmation else view.assessed.eligible) is not False else 1
            choice = st.radio(O.ELIGIBILITY_CONFIRM_CHOICE, (True, False), index=default, horizontal=True,
                              format_func=O.ELIGIBILITY_CONFIRM_OPTIONS.get, key=f"el_choice_{sid}")
            note = st.text_input(O.ELIGIBILITY_CONFIRM_NOTE, key=f"el_note_{sid}")
            if st.form_submit_button(O.ELIGIBILITY_CONFIRM_SAVE):
                act(lambda s: eligibility_review.confirm_eligibility(s, actor, sid, choice, note),
                    O.ELIGIBILITY_CONFIRM_DONE)
                st.rerun()
    recorded = signin.run(lambda s: opinions.opinions_of(s, actor, sid)) or {}
    with st.expander(O.OPINIONS_HEADER, icon=":material/approval:"):
        for kind in ("recommendation", "acceptance"):
            current = recorded.get(kind)
            if current is not None:
                _opinion_line(current)
                _paper(actor, sid, kind, current)
            else:
                st.caption(O.OPINION_NONE.format(kind=store_msg.OPINION_KIND_LABELS[kind]))
            writable = actor.role == "admin" or kind == "recommendation"
            if writable and (current is None or not current.final):
                _opinion_form(actor, sid, kind, current)
            st.divider()
        _form_download(actor, sid)


def _form_download(actor, sid: int) -> None:
    st.download_button(O.OPINION_FORM_DOWNLOAD, key=f"op_form_download_{sid}", icon=":material/download:",
                       on_click="ignore", mime=DOCX_MIME, file_name=O.OPINION_FORM_FILE.format(id=sid),
                       data=lazy_bytes(lambda s: opinions.application_form(s, actor, sid)))


def applicant_panels(sid: int) -> None:
    """The final opinions (and the reviewer's eligibility conclusion) on the applicant's filing page."""
    actor = signin.actor()
    recorded = signin.run(lambda s: opinions.opinions_of(s, actor, sid)) or {}
    view = signin.run(lambda s: eligibility_review.eligibility_of(s, actor, sid))
    if view is not None and view.confirmation is not None:
        _confirmation_line(view)
    if recorded:
        st.markdown(f"**{O.APPLICANT_OPINIONS_HEADER}**")
        for kind in ("recommendation", "acceptance"):
            if kind in recorded:
                _opinion_line(recorded[kind])
        _form_download(actor, sid)
