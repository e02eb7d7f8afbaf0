"""园区名册: a park's member sites with their certifications and its service organisations; progress toward the
zone items fed by the registry (certified member sites and service organisations, as the rubric marks them). The park
operator proposes members and registers service organisations; the bureau confirms or rejects proposals and
records certifications. Export and import the registry as xlsx."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common.flash import flash
from app_pages.strings import office as O
from app_pages.common import session
from app_pages.common import signin
from app_pages.common.office_ui import XLSX_MIME, act, lazy_bytes
from app_pages.common.ui import guarded, pts
from app_pages.common.text import md
from scoring.store import registry
from scoring.store import messages as store_msg
from scoring.store.models import LEVELS

MEMBER_CATEGORIES = ("point", "station")


def _progress(actor, park_id: int) -> None:
    today = dt.date.today()
    progress = signin.run(lambda s: registry.zone_progress(s, actor, park_id, today))
    if progress is None:
        return
    sites_col, services_col = st.columns(2)
    names = registry.fed_item_names()
    with sites_col.container(border=True):
        st.metric(O.REG_SITES_METRIC.format(**names),
                  O.REG_SITES_VALUE.format(count=progress.certified_count, minimum=progress.minimum))
        st.progress(min(1.0, progress.certified_count / progress.minimum) if progress.minimum else 1.0)
        if progress.sites_rule_met:
            st.success(O.REG_SITES_MET.format(minimum=progress.minimum), icon=":material/check_circle:")
        else:
            st.warning(O.REG_SITES_SHORT.format(missing=progress.minimum - progress.certified_count,
                                                minimum=progress.minimum),
                       icon=":material/warning:")
        if progress.certified_sites:
            st.caption(O.REG_SITES_LIST.format(names="、".join(map(md, progress.certified_sites))))
    with services_col.container(border=True):
        st.metric(O.REG_SERVICES_METRIC.format(**names), O.REG_SERVICES_VALUE.format(
            points=pts(progress.service_points, empty=""), max=pts(progress.service_points_max, empty="")))
        st.caption(O.REG_SERVICES_DETAIL.format(types=progress.service_types, units=progress.service_units))


@session.callback
def _on_fill_draft(park_id: int) -> None:
    """Put the registry's values of the items it feeds into the open zone self-assessment (the applicant's own evidence
    entries for those items are kept)."""
    actor = signin.actor()
    draft = session.current()
    values = signin.run(lambda s: registry.registry_answers(s, actor, park_id, draft.assessed_on),
                        show=lambda text: flash(text, error=True))
    if values is None:
        return

    def edit(working: dict) -> None:
        working["answers"] = registry.apply_registry(working, values)["answers"]

    session.change(edit, reset_widgets=())
    flash(O.REG_FILLED.format(items="、".join(values)))


def _draft_link(park_id: int) -> None:
    draft = session.current()
    if draft is None or draft.rubric.rubric != "zone":
        st.caption(O.REG_NO_ZONE_DRAFT.format(**registry.fed_item_names()))
        return
    st.button(O.REG_FILL_DRAFT.format(name=md(draft.name) or O.REG_UNNAMED_DRAFT, **registry.fed_item_names()),
              key="reg_fill_draft",
              on_click=_on_fill_draft, args=(park_id,), icon=":material/input:")


def _members(actor, park_id: int) -> list[registry.CertificationRow]:
    rows = signin.run(lambda s: registry.members(s, actor, park_id)) or []
    if not rows:
        st.info(O.REG_NO_MEMBERS, icon=":material/info:")
        return rows
    frame = pd.DataFrame({
        O.REG_MEMBER_COLUMNS[0]: [r.organisation for r in rows],
        O.REG_MEMBER_COLUMNS[1]: [r.uscc or "" for r in rows],
        O.REG_MEMBER_COLUMNS[2]: [store_msg.CATEGORY_NAMES[r.category] for r in rows],
        O.REG_MEMBER_COLUMNS[3]: [store_msg.LEVEL_LABELS[r.level] if r.level else "" for r in rows],
        O.REG_MEMBER_COLUMNS[4]: [store_msg.KIND_LABELS[r.kind] if r.kind else "" for r in rows],
        O.REG_MEMBER_COLUMNS[5]: [str(r.year) if r.year else "" for r in rows],
        O.REG_MEMBER_COLUMNS[6]: [(r.certificate_number or "") + ("" if r.bureau_recorded in (None, True)
                                                                  else O.REG_NOT_COUNTED) for r in rows],
        O.REG_MEMBER_COLUMNS[7]: [store_msg.MEMBERSHIP_LABELS[r.membership] for r in rows],
    })
    st.dataframe(frame, hide_index=True, key="reg_members")
    return rows


def _on_add_member(park_id: int) -> None:
    actor = signin.actor()
    name, category = st.session_state["reg_new_name"], st.session_state["reg_new_category"]
    uscc = (st.session_state.get("reg_new_uscc") or "").strip() or None
    done = O.REG_MEMBER_ADDED if actor.role == "admin" else O.REG_MEMBER_PROPOSED
    act(lambda s: registry.add_member(s, actor, park_id, name, category, uscc), done.format(name=md(name)))


def _on_decide(membership_id: int, name: str, confirm: bool) -> None:
    actor = signin.actor()
    if confirm:
        act(lambda s: registry.confirm_member(s, actor, membership_id), O.REG_CONFIRMED.format(name=md(name)))
    else:
        act(lambda s: registry.reject_member(s, actor, membership_id), O.REG_REJECTED.format(name=md(name)))


def _on_certify(members: dict[int, str]) -> None:
    actor = signin.actor()
    org_id = st.session_state["reg_cert_org"]
    level, kind = st.session_state["reg_cert_level"], st.session_state["reg_cert_kind"]
    year = int(st.session_state["reg_cert_year"])
    number = st.session_state.get("reg_cert_number") or None
    act(lambda s: registry.record_certification(s, actor, org_id, level, kind, year, number),
        O.REG_CERTIFIED.format(name=md(members.get(org_id, "")), year=year))


def _on_add_service(park_id: int) -> None:
    actor = signin.actor()
    name, service_type = st.session_state["reg_service_name"], st.session_state["reg_service_type"]
    act(lambda s: registry.add_service_organisation(s, actor, park_id, name, service_type),
            O.REG_SERVICE_ADDED.format(name=md(name)))


def _on_import(park_id: int) -> None:
    actor = signin.actor()
    upload = st.session_state.get("reg_import")
    if upload is None:
        return
    act(lambda s: registry.import_registry_xlsx(s, actor, park_id, upload.getvalue(), upload.name),
        lambda result: O.REG_IMPORTED.format(members=result.members, added=result.certifications_added,
                                             services=result.services))


def _pending(rows: list[registry.CertificationRow]) -> None:
    """The bureau's confirm / reject controls for the park operator's proposals."""
    pending = {r.membership_id: r for r in rows if r.membership == "proposed"}
    if not pending:
        return
    st.subheader(O.REG_PENDING_HEADER)
    for membership_id, row in pending.items():
        label, confirm, reject = st.columns([4, 1, 1], vertical_alignment="center")
        label.text(O.REG_PENDING_LINE.format(name=row.organisation, category=store_msg.CATEGORY_NAMES[row.category]))
        confirm.button(O.REG_CONFIRM, key=f"reg_confirm_{membership_id}", on_click=_on_decide,
                       args=(membership_id, row.organisation, True), icon=":material/check:")
        reject.button(O.REG_REJECT, key=f"reg_reject_{membership_id}", on_click=_on_decide,
                      args=(membership_id, row.organisation, False), icon=":material/close:")


def _certify_form(rows: list[registry.CertificationRow]) -> None:
    members = {r.organisation_id: r.organisation for r in rows if r.membership == "confirmed"}
    if not members:
        return
    with st.expander(O.REG_ADD_CERT, icon=":material/workspace_premium:"):
        with st.form("reg_cert_form", border=False):
            st.selectbox(O.REG_MEMBER_COLUMNS[0], list(members), format_func=members.get, key="reg_cert_org")
            cols = st.columns(4)
            cols[0].selectbox(O.REG_MEMBER_COLUMNS[3], LEVELS, format_func=store_msg.LEVEL_LABELS.get,
                              key="reg_cert_level")
            cols[1].selectbox(O.REG_MEMBER_COLUMNS[4], MEMBER_CATEGORIES, key="reg_cert_kind",
                              format_func=lambda k: store_msg.KIND_LABELS[k])
            cols[2].number_input(O.REG_MEMBER_COLUMNS[5], min_value=2000, max_value=2100,
                                 value=dt.date.today().year, key="reg_cert_year")
            cols[3].text_input(O.REG_CERT_NUMBER, key="reg_cert_number", max_chars=100)
            st.form_submit_button(O.REG_ADD_CERT, on_click=_on_certify, args=(members,))


def _forms(actor, park_id: int, rows: list[registry.CertificationRow]) -> None:
    bureau = actor.role == "admin"
    title = O.REG_ADD_MEMBER if bureau else O.REG_PROPOSE_MEMBER
    with st.expander(title, icon=":material/add_business:"):
        if not bureau:
            st.caption(O.REG_PROPOSE_INTRO)
        with st.form("reg_member_form", clear_on_submit=True, border=False):
            st.text_input(O.REG_MEMBER_COLUMNS[0], key="reg_new_name")
            st.text_input(O.REG_MEMBER_COLUMNS[1], key="reg_new_uscc")
            st.selectbox(O.REG_MEMBER_COLUMNS[2], MEMBER_CATEGORIES, key="reg_new_category",
                         format_func=store_msg.CATEGORY_NAMES.get)
            st.form_submit_button(title, on_click=_on_add_member, args=(park_id,))
    if bureau:
        _certify_form(rows)
    with st.expander(O.REG_ADD_SERVICE, icon=":material/handshake:"):
        with st.form("reg_service_form", clear_on_submit=True, border=False):
            st.text_input(O.REG_SERVICE_COLUMNS[0], key="reg_service_name")
            st.text_input(O.REG_SERVICE_COLUMNS[1], key="reg_service_type", placeholder=O.REG_SERVICE_TYPE_PLACEHOLDER)
            st.form_submit_button(O.REG_ADD_SERVICE, on_click=_on_add_service, args=(park_id,))


def _services(actor, park_id: int) -> None:
    rows = signin.run(lambda s: registry.service_organisations(s, actor, park_id)) or []
    services = [(x.name, x.service_type, x.uscc or "") for x in rows]
    if not services:
        st.caption(O.REG_NO_SERVICES)
        return
    st.dataframe(pd.DataFrame(services, columns=list(O.REG_SERVICE_COLUMNS)), hide_index=True, key="reg_services")


def body() -> None:
    actor = signin.require("park_operator", "admin")
    if actor is None:
        return
    st.title(O.REG_TITLE)
    parks = signin.run(lambda s: registry.park_names(s, actor)) or {}
    if not parks:
        st.info(O.REG_NO_PARKS, icon=":material/info:")
        return
    if actor.role == "park_operator":
        park_id = actor.park_id
    else:
        park_id = st.selectbox(O.REG_PARK, list(parks), format_func=parks.get, key="reg_park")
    st.caption(O.REG_INTRO.format(park=md(parks.get(park_id, "")), **registry.fed_item_names()))
    _progress(actor, park_id)
    _draft_link(park_id)
    st.subheader(O.REG_MEMBERS_HEADER)
    rows = _members(actor, park_id)
    if actor.role == "admin":
        _pending(rows)
    st.subheader(O.REG_SERVICES_HEADER)
    _services(actor, park_id)
    _forms(actor, park_id, rows)
    st.subheader(O.REG_XLSX_HEADER)
    st.caption(O.REG_XLSX_INTRO)
    st.download_button(O.REG_EXPORT, data=lazy_bytes(lambda s: registry.export_registry_xlsx(s, actor, park_id)),
                       file_name=O.REG_EXPORT_FILE.format(park=parks.get(park_id, "")), mime=XLSX_MIME,
                       on_click="ignore", key="reg_export", icon=":material/download:")
    st.file_uploader(O.REG_IMPORT, type=["xlsx"], key="reg_import", on_change=_on_import, args=(park_id,))


guarded(body)
