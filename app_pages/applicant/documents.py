"""申报材料: the 开展情况 text (drafted, editable), the downloads (Annex 1 form, acceptance table, answers file), and
the desensitisation of the evidence files with the evidence bundle PDF."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

import streamlit as st

from app_pages.common import session
from app_pages.common.flash import flash
from app_pages.strings import applicant as S
from app_pages.applicant.evidence_editor import finding_line
from app_pages.common.text import md
from app_pages.applicant.sidebar import answers_download
from app_pages.common.ui import guarded, require_draft
from app_pages.common.paths import PAGES
from scoring.draft_archive import file_entries
from scoring.documents import (
    DocumentError, blank_form_fields, draft_work_summary, render_acceptance_table, render_application_form,
)
from scoring.editing import set_applicant_field
from scoring.evidence import BundleRefused, EvidenceUnreadable, Finding, RedactionFailed, convert
from scoring.evidence import texts as evidence_texts
from scoring.evidence.draft import (
    BuiltBundle, EvidenceReview, FileReview, accept_in_working, build_draft_bundle, redact_draft, review_evidence,
    withdraw_in_working,
)
from scoring.problems import Problem

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
RENDERED = "_documents_rendered"
SUMMARY = ("docs", "summary")
BUNDLE = "_evidence_bundle"  # (fingerprint, BuiltBundle | list of messages)
DESENS = ("desens",)  # widget keys of the desensitisation section
OFFICE_SUFFIXES = (".docx", ".xlsx")
# Measured on the 示范点 form (LibreOffice, A4, 12 pt): up to about 300 characters the form stays on one page,
# up to about 1,200 on two; 1,600 characters make three pages and 2,400 four.
SUMMARY_ONE_PAGE = 300
SUMMARY_TWO_PAGES = 1200


@session.callback
def _on_summary() -> None:
    draft = session.current()
    text = st.session_state[session.key(*SUMMARY)]
    drafted = draft_work_summary(draft.rubric, draft.settled.answers, draft.result)
    value = None if text.strip() == drafted.strip() else text
    session.change(lambda working: set_applicant_field(working, "work_summary", value))


@session.callback
def _on_reset() -> None:
    session.change(lambda working: set_applicant_field(working, "work_summary", None), reset_widgets=SUMMARY)


def _rendered(draft: session.OpenDraft) -> dict[str, bytes | str]:
    """The two documents of the draft as it stands (made again only after a change); a message on failure."""
    cached = st.session_state.get(RENDERED)
    if cached and cached[0] == (draft.draft_id, draft.revision):
        return cached[1]
    files: dict[str, bytes | str] = {}
    for name, make in (("form", lambda: render_application_form(draft.settled.answers, draft.result, draft.rubric)),
                       ("table", lambda: render_acceptance_table(draft.result, draft.rubric))):
        try:
            files[name] = make()
        except DocumentError as err:
            files[name] = S.DOCS_FAILED.format(message=err)
    st.session_state[RENDERED] = ((draft.draft_id, draft.revision), files)
    return files


def _download(content: bytes | str, label: str, file_name: str, widget_key: str) -> None:
    if isinstance(content, str):
        st.error(content, icon=":material/error:")
        return
    st.download_button(label, data=content, file_name=file_name, mime=DOCX_MIME, icon=":material/download:",
                       on_click="ignore", key=widget_key, type="primary", width="stretch")


# ---------------------------------------------------------------- desensitisation and bundle


def _review(draft: session.OpenDraft) -> EvidenceReview:
    """The draft's evidence files with each finding's status (file checks cached by content)."""
    return review_evidence(draft.settled.answers, session.store().folder(draft.draft_id), draft.rubric)


def _fingerprint(draft: session.OpenDraft, review: EvidenceReview) -> tuple:
    """What a built bundle depends on: the draft's revision and which copies and statuses its files have."""
    return (draft.draft_id, draft.revision,
            tuple((r.file, str(r.copy), tuple(f.status for f in r.findings)) for r in review.files))


def _finding_id(finding: Finding) -> str:
    return hashlib.sha1("\x00".join(finding.key()).encode("utf-8")).hexdigest()[:16]


def _problem_lines(problems: list[Problem]) -> list[str]:
    return [S.DESENS_PROBLEM.format(file=p.file, message=p.message) for p in problems]


@session.callback
def _on_accept(findings: list[Finding]) -> None:
    chosen = [f for f in findings if st.session_state.get(session.key(*DESENS, "sel", _finding_id(f)))]
    if not chosen or not st.session_state.get(session.key(*DESENS, "confirm")):
        flash(S.DESENS_ACCEPT_NEED_CONFIRM, error=True)
        return
    added = session.change(lambda working: accept_in_working(working, chosen), reset_widgets=DESENS)
    flash(S.DESENS_ACCEPTED.format(count=added))


@session.callback
def _on_withdraw(finding: Finding) -> None:
    session.change(lambda working: withdraw_in_working(working, finding), reset_widgets=DESENS)
    flash(S.DESENS_WITHDRAWN.format(kind=evidence_texts.KIND_LABELS[finding.kind], masked=md(finding.masked)))


@session.callback
def _on_redact() -> None:
    draft = session.current()
    try:
        report = redact_draft(draft.settled.answers, session.store().folder(draft.draft_id), draft.rubric)
    except (RedactionFailed, EvidenceUnreadable) as err:
        flash(md(S.DESENS_PROBLEM.format(file=err.file, message=err.message)), error=True)
        return
    for line in _problem_lines(report.problems):
        flash(md(line), error=True)
    flash(S.DESENS_REDACTED.format(count=len(report.copies)) if report.copies else S.DESENS_REDACTED_NONE)


@session.callback
def _on_build() -> None:
    draft = session.current()
    review = _review(draft)
    try:
        built: BuiltBundle | list[str] = build_draft_bundle(
            draft.settled.answers, session.store().folder(draft.draft_id), draft.rubric)
    except BundleRefused as err:
        built = _problem_lines(err.problems)
    except EvidenceUnreadable as err:
        built = [S.DESENS_PROBLEM.format(file=err.file, message=err.message)]
    st.session_state[BUNDLE] = (_fingerprint(draft, review), built)


def _copy_name(file: str) -> str:
    path = PurePosixPath(file)
    return S.DESENS_COPY_FILE.format(stem=path.stem, suffix=path.suffix)


def _file_card(review: FileReview, accept: list[Finding]) -> None:
    """One evidence file: its findings with status, accept checkboxes, the redacted copy, or why it can't be read."""
    with st.container(border=True):
        st.markdown(S.DESENS_FILE_HEADER.format(name=md(PurePosixPath(review.file).name), items="、".join(review.items)))
        if review.error:
            st.error(S.EV_UNREADABLE.format(message=md(review.error)), icon=":material/error:")
            return
        for reviewed in review.findings:
            line_col, action_col = st.columns([6, 1], vertical_alignment="center")
            line_col.markdown(finding_line(reviewed))
            finding = reviewed.finding
            if reviewed.status == "outstanding":
                action_col.checkbox(S.DESENS_SELECT, key=session.key(*DESENS, "sel", _finding_id(finding)),
                                    help=S.DESENS_SELECT_HELP)
                accept.append(finding)
            elif reviewed.status == "accepted":
                action_col.button(S.DESENS_WITHDRAW, icon=":material/undo:", help=S.DESENS_WITHDRAW_HELP,
                                  on_click=_on_withdraw, args=(finding,),
                                  key=session.key(*DESENS, "undo", _finding_id(finding)))
        for note in review.unchecked:
            st.caption(md(S.EV_UNCHECKED.format(location=note.location, reason=note.reason)))
        if not review.findings and not review.unchecked:
            st.caption(S.DESENS_FILE_CLEAN)
        if review.copy is not None:
            st.download_button(S.DESENS_COPY_DOWNLOAD, data=review.copy.read_bytes, file_name=_copy_name(review.file),
                               on_click="ignore", icon=":material/download:",
                               key="desens_copy_" + hashlib.sha1(review.file.encode("utf-8")).hexdigest()[:16])


def _accept_controls(accept: list[Finding]) -> None:
    chosen = sum(bool(st.session_state.get(session.key(*DESENS, "sel", _finding_id(f)))) for f in accept)
    confirmed = st.checkbox(S.DESENS_CONFIRM, key=session.key(*DESENS, "confirm"))
    label = S.DESENS_ACCEPT.format(count=chosen) if chosen else S.DESENS_ACCEPT_NONE
    st.button(label, disabled=not (chosen and confirmed), on_click=_on_accept, args=(accept,),
              key="desens_accept", icon=":material/task_alt:")


def _bundle(draft: session.OpenDraft, review: EvidenceReview) -> None:
    st.markdown(f"**{S.DESENS_BUNDLE_HEADER}**")
    file_name = S.DESENS_BUNDLE_FILE.format(name=draft.settled.answers.applicant.name)
    if not review.ready:
        if review.outstanding:
            st.warning(S.DESENS_BUNDLE_BLOCKED.format(count=len(review.outstanding)), icon=":material/block:")
        if review.unreadable:
            st.warning(S.DESENS_BUNDLE_UNREADABLE.format(count=len(review.unreadable)), icon=":material/block:")
        st.download_button(S.DESENS_BUNDLE_DOWNLOAD, data=b"", file_name=file_name, mime=PDF_MIME, disabled=True,
                           key="desens_bundle_download", icon=":material/picture_as_pdf:")
        return
    if convert.find_soffice() is None and any(r.file.lower().endswith(OFFICE_SUFFIXES) for r in review.files):
        st.warning(S.DESENS_NO_OFFICE, icon=":material/warning:")
    cached = st.session_state.get(BUNDLE)
    built = cached[1] if cached and cached[0] == _fingerprint(draft, review) else None
    if isinstance(built, BuiltBundle):
        st.success(S.DESENS_BUNDLE_READY.format(pages=built.pages, files=built.files), icon=":material/check_circle:")
        for note in built.unchecked:
            st.caption(md(S.DESENS_BUNDLE_UNCHECKED.format(file=note.file, location=note.location)))
        st.download_button(S.DESENS_BUNDLE_DOWNLOAD, data=built.data, file_name=file_name, mime=PDF_MIME,
                           on_click="ignore", key="desens_bundle_download", type="primary",
                           icon=":material/picture_as_pdf:")
        return
    if built is not None:  # refused: the messages of the last attempt
        st.error(S.DESENS_BUNDLE_REFUSED + "\n\n" + "\n".join(f"- {md(line)}" for line in built),
                 icon=":material/error:")
    st.button(S.DESENS_BUNDLE_BUILD, on_click=_on_build, key="desens_bundle_build", help=S.DESENS_BUNDLE_BUILD_HELP,
              type="primary", icon=":material/picture_as_pdf:")


def desensitisation_section(draft: session.OpenDraft) -> None:
    """Every finding per evidence file with its status; redact, accept, and the evidence bundle download."""
    st.subheader(S.DESENS_HEADER)
    st.caption(S.DESENS_INTRO)
    review = _review(draft)
    if not review.files:
        uploaded = sum(1 for _ in file_entries(draft.working))
        st.info(S.DESENS_FILES_UNUSED.format(count=uploaded) if uploaded else S.DESENS_NO_FILES,
                icon=":material/info:")
    else:
        files_col, found_col, left_col = st.columns(3)
        files_col.metric(S.DESENS_FILES, len(review.files))
        found_col.metric(S.DESENS_FOUND, sum(len(r.findings) for r in review.files))
        left_col.metric(S.DESENS_OUTSTANDING, len(review.outstanding))
        accept: list[Finding] = []
        for file_review in review.files:
            _file_card(file_review, accept)
        if review.outstanding:
            st.button(S.DESENS_REDACT, on_click=_on_redact, key="desens_redact", help=S.DESENS_REDACT_HELP,
                      icon=":material/ink_eraser:")
        if accept:
            _accept_controls(accept)
    _bundle(draft, review)


def _blank_fields(draft: session.OpenDraft) -> None:
    """Before the download: the form fields that will print blank, and why (empty, or a value that is invalid)."""
    invalid = {p.field.split(".", 1)[1] for p in draft.settled.problems
               if (p.field or "").startswith("applicant.") and p.item_id is None}
    blank = blank_form_fields(draft.rubric.rubric, draft.working.get("applicant") or {}, invalid)
    if not blank:
        return
    labels = {**S.PROFILE_FIELDS, **(S.PROFILE_ZONE_LABELS if draft.rubric.rubric == "zone" else {})}
    lines = [S.DOCS_FIELD_INVALID.format(label=labels[key].rstrip(" *")) if bad else
             S.DOCS_FIELD_EMPTY.format(label=labels[key].rstrip(" *")) for key, bad in blank]
    st.warning(S.DOCS_BLANK_FIELDS + "\n" + "\n".join(f"- {line}" for line in lines), icon=":material/warning:")
    st.page_link(PAGES["profile"], label=S.DOCS_FIX_FIELDS, icon=":material/badge:")


def body() -> None:
    draft = require_draft()
    if draft is None:
        return
    st.title(S.DOCS_TITLE)
    st.write(S.DOCS_INTRO)
    if not draft.settled.named or draft.result is None:
        st.warning(S.DOCS_NEED_NAME, icon=":material/warning:")
        st.page_link(PAGES["profile"], label=S.PAGE_PROFILE, icon=":material/badge:")
        return
    result = draft.result
    if result.answered < result.item_count:
        st.info(S.DOCS_INCOMPLETE.format(count=result.item_count - result.answered), icon=":material/info:")

    st.subheader(S.DOCS_SUMMARY_HEADER)
    st.caption(S.DOCS_SUMMARY_INTRO)
    edited = draft.settled.answers.applicant.work_summary
    text = edited or draft_work_summary(draft.rubric, draft.settled.answers, result)
    st.text_area(S.DOCS_SUMMARY_LABEL, value=text, height=260, key=session.key(*SUMMARY), on_change=_on_summary,
                 help=S.DOCS_SUMMARY_GUIDE.format(one=SUMMARY_ONE_PAGE, two=SUMMARY_TWO_PAGES))
    typed = st.session_state.get(session.key(*SUMMARY)) or text
    length = len("".join(typed.split()))
    count_col, save_col = st.columns([3, 1], vertical_alignment="center")
    count_col.caption(S.DOCS_SUMMARY_COUNT.format(count=length, one=SUMMARY_ONE_PAGE, two=SUMMARY_TWO_PAGES))
    save_col.button(S.DOCS_SUMMARY_SAVE, key="docs_summary_save", icon=":material/save:", on_click=_on_summary,
                    help=S.DOCS_SUMMARY_SAVE_HELP)
    if length > SUMMARY_TWO_PAGES:
        st.warning(S.DOCS_SUMMARY_TOO_LONG.format(count=length, two=SUMMARY_TWO_PAGES), icon=":material/warning:")
    if edited:
        note_col, reset_col = st.columns([3, 1], vertical_alignment="center")
        note_col.caption(S.DOCS_SUMMARY_EDITED)
        reset_col.button(S.DOCS_SUMMARY_RESET, on_click=_on_reset, key="docs_summary_reset")

    st.subheader(S.DOCS_DOWNLOAD_HEADER)
    _blank_fields(draft)
    files = _rendered(draft)
    name = draft.settled.answers.applicant.name
    form_col, table_col, answers_col = st.columns(3)
    with form_col:
        _download(files["form"], S.DOCS_FORM, S.DOCS_FORM_FILE.format(name=name, category=draft.category), "docs_form")
    with table_col:
        _download(files["table"], S.DOCS_TABLE, S.DOCS_TABLE_FILE.format(name=name, category=draft.category),
                  "docs_table")
    with answers_col:
        answers_download(draft, label=S.DOCS_ANSWERS, key="docs_answers")

    desensitisation_section(draft)


guarded(body)
