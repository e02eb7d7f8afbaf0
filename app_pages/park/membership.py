"""园区成员确认: an applicant confirms the parks that propose its organisation as a member site (a park operator
can only propose; the membership counts once the bureau or the organisation itself confirms)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import signin
from app_pages.common.office_ui import act
from app_pages.common.text import md
from app_pages.common.ui import guarded
from app_pages.strings import office as O
from scoring.store import registry


def _on_confirm_own(membership_id: int, park: str) -> None:
    actor = signin.actor()
    act(lambda s: registry.confirm_member(s, actor, membership_id), O.REG_OWN_CONFIRMED.format(park=md(park)))


def body() -> None:
    actor = signin.require("applicant")
    if actor is None:
        return
    st.title(O.REG_OWN_TITLE)
    proposals = signin.run(lambda s: registry.proposals_for_my_organisation(s, actor))
    if proposals is None:
        return
    if not proposals:
        st.info(O.REG_OWN_NONE, icon=":material/info:")
        return
    st.caption(O.REG_OWN_INTRO)
    for proposal in proposals:
        label, button = st.columns([4, 1], vertical_alignment="center")
        label.text(O.REG_OWN_LINE.format(park=proposal.park, organisation=proposal.organisation,
                                         date=proposal.proposed_at.date().isoformat()))
        button.button(O.REG_CONFIRM, key=f"reg_own_confirm_{proposal.membership_id}", on_click=_on_confirm_own,
                      args=(proposal.membership_id, proposal.park), icon=":material/check:")


guarded(body)
