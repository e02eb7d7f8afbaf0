"""开始 → 沿用上年度自评: a signed-in applicant starts the new round's draft from its last submission (answers,
evidence library and files); items whose evidence is outside the new assessment year are listed for renewal."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.common import session, signin
from app_pages.common.flash import flash
from app_pages.common.round_ui import md
from app_pages.strings import office as O
from scoring.carry_forward import carry_forward
from scoring.drafts import EVIDENCE_DIR, write_atomic
from scoring.store import history
from scoring.store.rounds import today


def _start(actor, year: int, assessed_on: dt.date) -> None:
    previous = signin.run(lambda s: history.previous_round(s, actor, year), show=lambda t: flash(t, error=True))
    if previous is None:
        return
    carried = carry_forward(previous.data, assessed_on, from_round=previous.year)
    draft = session.start_draft(carried.data)
    folder = session.store().folder(draft.draft_id)
    for relative, content in previous.files.items():
        target = (folder / relative).resolve()
        if (folder / EVIDENCE_DIR).resolve() in target.parents:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content)
    if carried.renewals:
        items = "；".join(f"{r.item_id}（{r.message}）" for r in carried.renewals)
        flash(md(O.CARRY_DONE.format(year=previous.year, count=len(carried.renewals), items=items)))
    else:
        flash(O.CARRY_DONE_NONE.format(year=previous.year))


def render() -> None:
    """The carry-forward section, for a signed-in applicant whose organisation filed in an earlier round."""
    actor = signin.actor()
    if actor is None or actor.role not in ("applicant", "park_operator") or actor.organisation_id is None:
        return
    year = today().year
    earlier = signin.run(lambda s: history.earlier_rounds(s, actor, year), show=lambda t: None)
    if not earlier:
        return
    st.subheader(O.CARRY_HEADER)
    st.write(O.CARRY_INTRO.format(year=earlier[0]))
    assessed_on = st.date_input(O.CARRY_ASSESSED_ON, value=today(), key="carry_assessed_on", format="YYYY-MM-DD")
    if st.button(O.CARRY_BUTTON.format(year=earlier[0]), key="carry_forward", icon=":material/history:"):
        _start(actor, year, assessed_on)
        st.rerun()
