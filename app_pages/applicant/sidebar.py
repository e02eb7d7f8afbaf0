"""The sidebar on every page: whose self-assessment this is, the live score, and the answers-file download."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from app_pages.applicant import chrome
from app_pages.common import session
from app_pages.strings import applicant as S
from app_pages.common.ui import pts
from app_pages.common.text import md
from scoring.answers import answers_to_yaml
from scoring.draft_archive import write_archive
from scoring.evidence.draft import current_copy


def answers_file_name(draft: session.OpenDraft) -> str:
    if draft.settled.named:
        return S.ANSWERS_FILE.format(name=draft.settled.answers.applicant.name, category=draft.category)
    return S.ANSWERS_FILE_UNNAMED.format(category=draft.category)


def answers_download(draft: session.OpenDraft, *, label: str, key: str) -> None:
    """A download button for the answers file (the valid part of the draft)."""
    named = draft.settled.named
    st.download_button(
        label, data=(lambda: answers_to_yaml(draft.settled.answers)) if named else "",
        file_name=answers_file_name(draft), mime="application/x-yaml", disabled=not named,
        help=S.SIDEBAR_DOWNLOAD_HELP if named else S.SIDEBAR_DOWNLOAD_DISABLED,
        icon=":material/download:", on_click="ignore", key=key, width="stretch")


def _archive(draft: session.OpenDraft) -> bytes:
    store = session.store()

    def redacted(file: str) -> bytes | None:
        copy = current_copy(store.folder(draft.draft_id), file)
        return copy.read_bytes() if copy is not None else None

    return write_archive(store, draft.draft_id, redacted_copy=redacted)


def archive_download(draft: session.OpenDraft, *, key: str) -> None:
    """A download button for the whole draft as one zip (built only when clicked)."""
    name = draft.name or S.SIDEBAR_UNNAMED.strip("（）")
    st.download_button(S.SIDEBAR_ARCHIVE, data=lambda: _archive(draft),
                       file_name=S.SIDEBAR_ARCHIVE_FILE.format(name=name, category=draft.category),
                       mime="application/zip", help=S.SIDEBAR_ARCHIVE_HELP, icon=":material/folder_zip:",
                       on_click="ignore", key=key, width="stretch")


def draft_link(draft: session.OpenDraft) -> str:
    """The address that reopens this draft (the app's start page with ``?draft=``)."""
    parts = urlsplit(st.context.url or "")
    base = urlunsplit((parts.scheme, parts.netloc, "/", "", "")) if parts.netloc else "/"
    return f"{base}?{session.QUERY_PARAM}={draft.draft_id}"


def _mobile_score(draft: session.OpenDraft) -> None:
    """The score in one line at the top of the page; the stylesheet shows it only on narrow screens."""
    result = draft.result
    if result is None:
        return
    with st.container(key=chrome.MOBILE_SCORE_KEY):
        st.markdown(S.MOBILE_SCORE.format(
            total=pts(result.total), answered=result.answered, count=result.item_count, base=pts(result.base),
            base_max=pts(result.base_max), bonus=pts(result.bonus), bonus_max=pts(result.bonus_max)))


def render() -> None:
    chrome.inject()
    draft = session.current()
    if draft is None:
        return
    _mobile_score(draft)
    with st.sidebar:
        st.markdown(S.SIDEBAR_CURRENT.format(name=md(draft.name) or S.SIDEBAR_UNNAMED, category=draft.category))
        result = draft.result
        if result is not None:
            left, right = st.columns(2)
            left.metric(S.SIDEBAR_TOTAL, pts(result.total))
            right.metric(S.SIDEBAR_ANSWERED, S.SIDEBAR_OF.format(value=result.answered, max=result.item_count))
            for label, value, most in ((S.SIDEBAR_BASE, result.base, result.base_max),
                                       (S.SIDEBAR_BONUS, result.bonus, result.bonus_max)):
                share = float(value / most) if most else 0.0
                st.progress(min(1.0, share), text=f"{label}　{S.SIDEBAR_OF.format(value=pts(value), max=pts(most))}")
            if result.claimed_total != result.total:
                st.caption(S.SIDEBAR_CLAIMED.format(claimed=pts(result.claimed_total), total=pts(result.total)))
        answers_download(draft, label=S.SIDEBAR_DOWNLOAD, key="sidebar_download")
        archive_download(draft, key="sidebar_archive")
        st.caption(S.SIDEBAR_LINK)
        st.code(draft_link(draft), language=None, wrap_lines=True)
        st.caption(S.SAVED_NOTE)
    session.remember_in_browser()
