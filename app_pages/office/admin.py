"""账户与设置 (bureau admin): accounts (create, deactivate), offices, parks and organisations, and the audit-log
check."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import act, ensure_job_worker
from app_pages.common.ui import guarded
from app_pages.common.text import md
from scoring.store import auth, directory, jobs
from scoring.store import messages as store_msg
from scoring.store.models import CATEGORIES, ROLES

def _value(name: str):
    value = st.session_state.get(name)
    return value.strip() if isinstance(value, str) else value


def _on_create_user() -> None:
    actor = signin.actor()
    role = _value("adm_user_role")
    attachments = {"office_id": _value("adm_user_office") if role == "reviewer" else None,
                   "organisation_id": _value("adm_user_org") if role in ("applicant", "park_operator") else None,
                   "park_id": _value("adm_user_park") if role == "park_operator" else None}
    username = _value("adm_user_name") or ""
    act(lambda s: auth.create_user(s, actor, username, _value("adm_user_display") or "",
                                       st.session_state.get("adm_user_password") or "", role, **attachments),
            O.ADMIN_USER_CREATED.format(username=md(username)))


def _on_toggle(user_id: int, active: bool, username: str) -> None:
    actor = signin.actor()
    act(lambda s: auth.set_active(s, actor, user_id, active),
            (O.ADMIN_USER_ACTIVATED if active else O.ADMIN_USER_DEACTIVATED).format(username=md(username)))


def _on_unlock() -> None:
    actor = signin.actor()
    username = _value("adm_unlock_name") or ""
    act(lambda s: auth.unlock(s, actor, username),
        lambda cleared: O.ADMIN_UNLOCKED.format(username=md(username), count=cleared))


def _on_create_office() -> None:
    actor = signin.actor()
    name = _value("adm_office_name") or ""
    act(lambda s: directory.create_office(s, actor, name), O.ADMIN_CREATED.format(name=md(name)))


def _on_create_park() -> None:
    actor = signin.actor()
    name = _value("adm_park_name") or ""
    act(lambda s: directory.create_park(s, actor, name, _value("adm_park_office")), O.ADMIN_CREATED.format(name=md(name)))


def _on_create_org() -> None:
    actor = signin.actor()
    name = _value("adm_org_name") or ""
    act(lambda s: directory.create_organisation(s, actor, name, _value("adm_org_category"),
                                                    uscc=_value("adm_org_uscc") or None,
                                                    office_id=_value("adm_org_office"), park_id=_value("adm_org_park")),
            O.ADMIN_CREATED.format(name=md(name)))


def _directory(session, actor) -> dict:
    return {"offices": directory.office_names(session), "parks": directory.park_names(session),
            "organisations": {i: f"{name}（{store_msg.CATEGORY_NAMES[category]}）"
                              for i, (name, category) in directory.organisation_names(session, actor).items()},
            "users": [(u.id, u.username, u.display_name, u.role, u.active) for u in auth.users(session, actor)],
            "throttles": auth.throttles(session, actor)}


def _users(known: dict) -> None:
    users = known["users"]
    frame = pd.DataFrame([(name, display, store_msg.ROLE_LABELS[role], O.ADMIN_ACTIVE[active])
                          for _, name, display, role, active in users], columns=list(O.ADMIN_USER_COLUMNS))
    st.dataframe(frame, hide_index=True, key="adm_users")
    with st.expander(O.ADMIN_USER_CREATE, icon=":material/person_add:"):
        with st.form("adm_user_form", clear_on_submit=True, border=False):
            left, right = st.columns(2)
            left.text_input(O.ADMIN_USERNAME, key="adm_user_name")
            right.text_input(O.ADMIN_DISPLAY_NAME, key="adm_user_display")
            left.text_input(O.ADMIN_PASSWORD, type="password", key="adm_user_password")
            right.selectbox(O.ADMIN_ROLE, ROLES, format_func=store_msg.ROLE_LABELS.get, key="adm_user_role")
            st.caption(O.ADMIN_ATTACH_HELP)
            cols = st.columns(3)
            cols[0].selectbox(O.ADMIN_OFFICE, [None, *known["offices"]], key="adm_user_office",
                              format_func=lambda i: "—" if i is None else known["offices"][i])
            cols[1].selectbox(O.ADMIN_ORGANISATION, [None, *known["organisations"]], key="adm_user_org",
                              format_func=lambda i: "—" if i is None else known["organisations"][i])
            cols[2].selectbox(O.ADMIN_PARK, [None, *known["parks"]], key="adm_user_park",
                              format_func=lambda i: "—" if i is None else known["parks"][i])
            st.form_submit_button(O.ADMIN_USER_CREATE, on_click=_on_create_user)
    with st.expander(O.ADMIN_USER_STATUS, icon=":material/person_off:"):
        me = signin.actor()
        for user_id, name, display, _role, active in users:
            if user_id == me.user_id:
                continue
            label_col, button_col = st.columns([3, 1], vertical_alignment="center")
            label_col.markdown(f"{md(display)}（{md(name)}）")
            button_col.button(O.ADMIN_DEACTIVATE if active else O.ADMIN_ACTIVATE, key=f"adm_toggle_{user_id}",
                              on_click=_on_toggle, args=(user_id, not active, name))


def _throttles(known: dict) -> None:
    """Log-in throttles now in force, and clearing one user name's (all sources)."""
    with st.expander(O.ADMIN_THROTTLE_HEADER, icon=":material/lock_clock:"):
        st.caption(O.ADMIN_THROTTLE_INTRO)
        rows = known["throttles"]
        if rows:
            st.dataframe(pd.DataFrame(
                [(O.ADMIN_THROTTLE_ANY_NAME if t.username == auth.ANY_NAME else t.username, t.source, t.failures,
                  t.blocked_until.strftime("%Y-%m-%d %H:%M") if t.blocked_until else "—") for t in rows],
                columns=list(O.ADMIN_THROTTLE_COLUMNS)), hide_index=True, key="adm_throttles")
        else:
            st.caption(O.ADMIN_THROTTLE_NONE)
        with st.form("adm_unlock_form", clear_on_submit=True, border=False):
            st.text_input(O.ADMIN_UNLOCK_NAME, key="adm_unlock_name")
            st.form_submit_button(O.ADMIN_UNLOCK, on_click=_on_unlock, icon=":material/lock_open:")


def _directory_forms(known: dict) -> None:
    office_col, park_col = st.columns(2)
    with office_col.form("adm_office_form", clear_on_submit=True):
        st.markdown(O.ADMIN_OFFICE_CREATE)
        st.text_input(O.ADMIN_NAME, key="adm_office_name")
        st.form_submit_button(O.ADMIN_CREATE, on_click=_on_create_office)
    with park_col.form("adm_park_form", clear_on_submit=True):
        st.markdown(O.ADMIN_PARK_CREATE)
        st.text_input(O.ADMIN_NAME, key="adm_park_name")
        st.selectbox(O.ADMIN_OFFICE, [None, *known["offices"]], key="adm_park_office",
                     format_func=lambda i: "—" if i is None else known["offices"][i])
        st.form_submit_button(O.ADMIN_CREATE, on_click=_on_create_park)
    with st.form("adm_org_form", clear_on_submit=True):
        st.markdown(O.ADMIN_ORG_CREATE)
        cols = st.columns(3)
        cols[0].text_input(O.ADMIN_NAME, key="adm_org_name")
        cols[1].text_input(O.ADMIN_USCC, key="adm_org_uscc")
        cols[2].selectbox(O.ADMIN_CATEGORY, CATEGORIES, format_func=store_msg.CATEGORY_NAMES.get, key="adm_org_category")
        left, right = st.columns(2)
        left.selectbox(O.ADMIN_OFFICE, [None, *known["offices"]], key="adm_org_office",
                       format_func=lambda i: "—" if i is None else known["offices"][i])
        right.selectbox(O.ADMIN_PARK, [None, *known["parks"]], key="adm_org_park",
                        format_func=lambda i: "—" if i is None else known["parks"][i])
        st.form_submit_button(O.ADMIN_CREATE, on_click=_on_create_org)


def body() -> None:
    actor = signin.require("admin")
    if actor is None:
        return
    st.title(O.ADMIN_TITLE)
    known = signin.run(lambda s: _directory(s, actor))
    if known is None:
        return
    users_tab, directory_tab, audit_tab = st.tabs([O.ADMIN_TAB_USERS, O.ADMIN_TAB_DIRECTORY, O.ADMIN_TAB_AUDIT])
    with users_tab:
        _users(known)
        _throttles(known)
    with directory_tab:
        _directory_forms(known)
    with audit_tab:
        st.caption(O.ADMIN_AUDIT_INTRO)
        if st.button(O.ADMIN_AUDIT_VERIFY, key="adm_audit"):
            signin.run(lambda s: jobs.enqueue(s, actor, "audit_verify"))
        _verify_status(actor)


def _verify_status(actor) -> None:
    """The last audit verify run in the background: a progress bar while it runs (refreshed every two seconds,
    without rerunning the page), its outcome when done."""
    ensure_job_worker()
    view = signin.run(lambda s: jobs.latest(s, actor, "audit_verify"))
    active = view is not None and view.status in ("queued", "running")

    @st.fragment(run_every=2 if active else None)
    def status() -> None:
        current = signin.run(lambda s: jobs.latest(s, actor, "audit_verify"))
        if current is None:
            return
        if current.status in ("queued", "running"):
            label = O.ADMIN_AUDIT_QUEUED if current.status == "queued" else O.ADMIN_AUDIT_RUNNING.format(
                done=current.done, total=current.total)
            st.progress(current.fraction, text=label)
            return
        if active:  # it finished while the bar was shown: redraw the page once, without the timer
            st.rerun()
        (st.success if current.ok else st.error)(current.message)
        st.caption(O.ADMIN_AUDIT_FINISHED.format(at=f"{current.finished_at:%Y-%m-%d %H:%M}"))

    status()


guarded(body)
