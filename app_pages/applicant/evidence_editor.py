"""The evidence of one item: entries picked from the draft's library, its own entries, and file uploads."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path, PurePosixPath

import streamlit as st

from app_pages.applicant.date_field import date_field, read_date
from app_pages.applicant.wording import plain
from app_pages.common import session
from app_pages.common.flash import flash
from app_pages.common.text import md
from app_pages.strings import applicant as S
from scoring import kinds
from scoring.answers import parse_date
from scoring.editing import (
    Settled, add_evidence, evidence_entry, item_evidence, item_refs, remove_evidence, set_refs, update_evidence,
)
from scoring.evidence import texts as evidence_texts
from scoring.evidence.draft import FileReview, ReviewedFinding, review_file
from scoring.evidence.filetype import evidence_kind
from scoring.evidence.model import EvidenceUnreadable

UPLOAD_COUNTER = "_upload_round"
UPLOAD_OPEN = "_upload_open"  # the items whose uploader is open (drawn only on request: it is the heaviest widget)
TITLE_REFUSED = "_title_refused"  # the title field whose emptying was just refused
LOG = logging.getLogger("tsp.app")


def library_label(entry: dict) -> str:
    """How a library entry reads in a picker: its title, with its date when it has one."""
    title = entry.get("title") or S.UNTITLED_EVIDENCE
    return f"{title}（{entry['date']}）" if entry.get("date") else title


@session.callback
def _on_refs(item_id: str) -> None:
    session.focus(item_id)
    keys = st.session_state[session.key("ev", item_id, "refs")]
    session.change(lambda working: set_refs(working, item_id, list(keys)), reset_widgets=("ev", item_id))


@session.callback
def _on_title(item_id: str, index: int) -> None:
    session.focus(item_id)
    name = session.key("ev", item_id, index, "title")
    value = str(st.session_state[name] or "").strip()
    old = str((item_evidence(session.current().working, item_id)[index:index + 1] or [{}])[0].get("title") or "")
    if not value and old:
        st.session_state[name] = old  # refused: the entry keeps its title, and the field says why
        st.session_state[TITLE_REFUSED] = name
        return
    session.change(lambda working: update_evidence(working, item_id, index, title=value))


@session.callback
def _on_date(item_id: str, index: int) -> None:
    session.focus(item_id)
    value, problem = read_date(st.session_state[session.key("ev", item_id, index, "date")])
    if problem is None:  # a refused date keeps the saved one; the field says why
        session.change(lambda working: update_evidence(working, item_id, index, date=value))


@session.callback
def _on_part(item_id: str, index: int) -> None:
    value = st.session_state[session.key("ev", item_id, index, "part")]
    session.change(lambda working: update_evidence(working, item_id, index, part=value))


@session.callback
def _on_remove(item_id: str, index: int) -> None:
    session.focus(item_id)
    session.change(lambda working: remove_evidence(working, item_id, index), reset_widgets=("ev", item_id))


@session.callback
def _on_add(item_id: str) -> None:
    session.focus(item_id)
    session.change(lambda working: add_evidence(working, item_id, evidence_entry()), reset_widgets=("ev", item_id))


def upload_problem(name: str, content: bytes) -> str | None:
    """Why an upload is refused (its content is not what its extension says), or None."""
    suffix = PurePosixPath(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        probe = Path(folder) / f"probe{suffix}"
        probe.write_bytes(content)
        try:
            evidence_kind(probe, name)
        except EvidenceUnreadable as err:
            return S.UPLOAD_REFUSED.format(name=md(name), reason=md(err.message))
    return None


def _upload_key(item_id: str) -> str:
    rounds = st.session_state.setdefault(UPLOAD_COUNTER, {})
    return session.key("up", item_id, rounds.get(item_id, 0))


@session.callback
def _on_upload(item_id: str) -> None:
    session.focus(item_id)
    files = st.session_state.get(_upload_key(item_id)) or []
    draft = session.current()
    store = session.store()
    entries = []
    for upload in files:
        problem = upload_problem(upload.name, upload.getvalue())
        if problem is not None:
            flash(problem, error=True)
            continue
        path = store.add_file(draft.draft_id, upload.name, upload.getvalue())
        entries.append(evidence_entry(title=PurePosixPath(upload.name).stem, file=path))
        file_review(draft, path)  # the check runs on attaching; the page then shows it from the cache
    if entries:
        def edit(working: dict) -> None:
            for entry in entries:
                add_evidence(working, item_id, entry)
        session.change(edit, reset_widgets=("ev", item_id))
    rounds = st.session_state.setdefault(UPLOAD_COUNTER, {})
    rounds[item_id] = rounds.get(item_id, 0) + 1  # a fresh, empty uploader next time
    if entries:
        st.session_state.setdefault(UPLOAD_OPEN, set()).discard(item_id)  # done: the new entries show instead


def _on_toggle_upload(item_id: str) -> None:
    session.focus(item_id)
    opened = st.session_state.setdefault(UPLOAD_OPEN, set())
    opened.symmetric_difference_update({item_id})


def finding_line(reviewed: ReviewedFinding) -> str:
    """One finding as Markdown: kind, masked preview (never the full value), location and status badge."""
    finding = reviewed.finding
    return S.EV_FINDING.format(kind=evidence_texts.KIND_LABELS[finding.kind], masked=md(finding.masked),
                               location=md(finding.location), color=S.EV_STATUS_COLORS[reviewed.status],
                               status=S.EV_STATUS_LABELS[reviewed.status])


def file_review(draft: session.OpenDraft, file: str) -> FileReview | None:
    """The desensitisation check of one file of the draft (cached by content); None after an unexpected error."""
    accepted = draft.settled.answers.desensitisation.accepted if draft.settled.answers is not None else ()
    try:
        return review_file(session.store().folder(draft.draft_id), file, accepted)
    except Exception:  # noqa: BLE001 - one odd file must not take the page down
        LOG.exception("checking %s of draft %s failed", file, draft.draft_id)
        return None


def show_findings(draft: session.OpenDraft, file: str) -> None:
    """Beside an item: what the check found in an attached file, what it could not check, or why it can't read it."""
    review = file_review(draft, file)
    if review is None:
        st.warning(S.EV_CHECK_FAILED, icon=":material/warning:")
        return
    if review.error:
        st.error(S.EV_UNREADABLE.format(message=md(review.error)), icon=":material/error:")
        return
    if review.findings:
        outstanding = len(review.outstanding)
        header = (S.EV_FINDINGS if outstanding else S.EV_FINDINGS_HANDLED).format(count=len(review.findings))
        lines = "\n".join(f"- {finding_line(r)}" for r in review.findings)
        (st.warning if outstanding else st.info)(f"{header}\n\n{lines}", icon=":material/shield_person:")
    for note in review.unchecked:
        st.caption(md(S.EV_UNCHECKED.format(location=note.location, reason=note.reason)))
    if not review.findings and not review.unchecked:
        st.caption(S.EV_CLEAN)


def _ref_findings(draft: session.OpenDraft, library: dict, refs: list[str]) -> None:
    """The check of library files this item uses, shown only when there is something to say."""
    for ref in refs:
        file = library.get(ref, {}).get("file")
        if not file or session.store().file_path(draft.draft_id, str(file)) is None:
            continue
        review = file_review(draft, str(file))
        if review is not None and not review.error and not review.findings and not review.unchecked:
            continue
        st.caption(md(S.EV_REF_FILE.format(name=PurePosixPath(str(file)).name)))
        show_findings(draft, str(file))


def _entry_problems(settled: Settled, item_id: str, index: int) -> list[str]:
    prefix = f"evidence[{index}]"
    return [plain(p.message) for p in settled.item_problems(item_id) if (p.field or "").startswith(prefix)]


def evidence_editor(draft: session.OpenDraft, item_id: str) -> None:
    """Draw the evidence of one item with its controls."""
    working = draft.working
    library = working.get("evidence_library") or {}
    parts = kinds.evidence_parts(draft.rubric.item(item_id).rule)
    if library:
        refs = [k for k in item_refs(working, item_id) if k in library]
        st.multiselect(S.SA_LIBRARY_PICK, list(library), default=refs, key=session.key("ev", item_id, "refs"),
                       format_func=lambda k: library_label(library.get(k, {})), help=S.SA_LIBRARY_PICK_HELP,
                       on_change=_on_refs, args=(item_id,), placeholder=S.SA_LIBRARY_PICK_PLACEHOLDER)
        _ref_findings(draft, library, refs)
    for index, entry in enumerate(item_evidence(working, item_id)):
        if "ref" in entry:
            continue
        with st.container(border=True, gap="small"):
            st.text_input(S.SA_EVIDENCE_TITLE, value=entry.get("title") or "", placeholder=S.SA_EVIDENCE_TITLE_PLACEHOLDER,
                          key=session.key("ev", item_id, index, "title"), label_visibility="collapsed",
                          on_change=_on_title, args=(item_id, index))
            title_key = session.key("ev", item_id, index, "title")
            if st.session_state.get(TITLE_REFUSED) == title_key:
                del st.session_state[TITLE_REFUSED]
                st.error(S.SA_EVIDENCE_TITLE_REFUSED, icon=":material/error:")
            elif not str(entry.get("title") or "").strip():
                st.warning(S.SA_EVIDENCE_TITLE_MISSING, icon=":material/edit:")
            date_col, remove_col = st.columns([5, 1], vertical_alignment="center")
            date_field(S.SA_EVIDENCE_DATE, parse_date(entry.get("date")), key=session.key("ev", item_id, index, "date"),
                       label_visibility="collapsed", on_change=_on_date, args=(item_id, index),
                       help=S.SA_EVIDENCE_DATE_HELP, container=date_col)
            remove_col.button("", icon=":material/delete:", help=S.SA_EVIDENCE_REMOVE,
                              key=session.key("ev", item_id, index, "remove"), on_click=_on_remove,
                              args=(item_id, index))
            if parts:
                st.selectbox(S.SA_EVIDENCE_PART, list(parts), index=list(parts).index(entry["part"])
                             if entry.get("part") in parts else None, format_func=parts.get,
                             key=session.key("ev", item_id, index, "part"), on_change=_on_part, args=(item_id, index),
                             placeholder=S.SA_EVIDENCE_PART_PLACEHOLDER)
            if entry.get("file"):
                stored = session.store().file_path(draft.draft_id, str(entry["file"])) is not None
                template = S.SA_EVIDENCE_FILE if stored else S.SA_EVIDENCE_FILE_MISSING
                st.caption(template.format(name=md(PurePosixPath(str(entry["file"])).name)))
                if stored:
                    show_findings(draft, str(entry["file"]))
            for message in _entry_problems(draft.settled, item_id, index):
                st.error(md(message), icon=":material/error:")
    buttons = st.container(horizontal=True)  # one block, not a row of columns: fewer elements per item
    buttons.button(S.SA_EVIDENCE_ADD, key=session.key("ev", item_id, "add"), on_click=_on_add, args=(item_id,))
    opened = item_id in st.session_state.get(UPLOAD_OPEN, ())
    buttons.button(S.SA_EVIDENCE_UPLOAD_CLOSE if opened else S.SA_EVIDENCE_UPLOAD,
                      icon=":material/close:" if opened else ":material/attach_file:",
                      key=session.key("ev", item_id, "upload"), on_click=_on_toggle_upload, args=(item_id,))
    if opened:
        st.file_uploader(S.SA_EVIDENCE_UPLOADER, accept_multiple_files=True, key=_upload_key(item_id),
                         on_change=_on_upload, args=(item_id,))
