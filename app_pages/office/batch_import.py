"""批量导入: a zip of answers files with their evidence, checked in full and imported whole or not at all, with
a progress bar and a per-file report of what was accepted or rejected and why."""

from __future__ import annotations

import logging
import zipfile
import zlib

import pandas as pd
import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import office_choices
from app_pages.common.ui import guarded, pts
from app_pages.common.text import md
from scoring.problems import Problem
from scoring.store import importer
from scoring.store.errors import DataInvalid
from scoring.store import messages as store_msg

REPORT = "_import_report"
LOG = logging.getLogger("tsp.app")
# What reading a damaged zip member raises; the transaction is rolled back, so nothing of the batch is kept.
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


def _report_frame(report: importer.ImportReport) -> pd.DataFrame:
    rows = []
    for file in report.files:
        rows.append({
            O.IMPORT_COLUMNS["file"]: file.file,
            O.IMPORT_COLUMNS["result"]: (O.IMPORT_WRITTEN.format(id=file.submission_id) if file.submission_id
                                         else O.IMPORT_OK if file.accepted else O.IMPORT_REJECTED),
            O.IMPORT_COLUMNS["organisation"]: file.organisation or "",
            O.IMPORT_COLUMNS["category"]: store_msg.CATEGORY_NAMES.get(file.category or "", ""),
            O.IMPORT_COLUMNS["total"]: pts(file.self_total, empty=""),
            O.IMPORT_COLUMNS["evidence"]: file.evidence_files,
            O.IMPORT_COLUMNS["problems"]: "\n".join(p.line() for p in file.problems),
        })
    return pd.DataFrame(rows)


def _run_import(actor, upload, office_id: int, round_: int | None, dry_run: bool) -> None:
    bar = st.progress(0.0, text=O.IMPORT_STARTING)

    def progress(done: int, total: int, text: str) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=text)

    def action(session):
        upload.seek(0)
        source = importer.open_source(upload.name, upload)  # read as a stream, without another copy
        try:
            return importer.import_batch(session, actor, source, office_id, round_=round_, progress=progress,
                                         dry_run=dry_run)
        except ZIP_READ_ERRORS:  # a member the importer could not read (unsupported compression, truncated)
            LOG.warning("damaged zip %s", upload.name, exc_info=True)
            text = O.IMPORT_ZIP_BROKEN.format(file=upload.name)
            raise DataInvalid(text, [Problem(upload.name, None, None, text)]) from None
        finally:
            source.close()

    report = signin.run(action)
    bar.empty()
    if report is not None:
        st.session_state[REPORT] = (dry_run, report)


def _show_report() -> None:
    stored = st.session_state.get(REPORT)
    if not stored:
        return
    dry_run, report = stored
    accepted = len(report.files) - len(report.rejected)
    if report.written:
        st.success(O.IMPORT_DONE.format(count=accepted), icon=":material/check_circle:")
    elif report.rejected:
        st.error(O.IMPORT_REJECTED_SUMMARY.format(rejected=len(report.rejected), count=len(report.files)),
                 icon=":material/error:")
    elif dry_run:
        st.success(O.IMPORT_CHECKED.format(count=accepted), icon=":material/check_circle:")
    st.dataframe(_report_frame(report), hide_index=True, key="import_report")
    if report.skipped:
        st.caption(O.IMPORT_SKIPPED_INTRO.format(count=len(report.skipped)))
        st.dataframe(pd.DataFrame({O.IMPORT_SKIPPED_COLUMNS[0]: [e.name for e in report.skipped],
                                   O.IMPORT_SKIPPED_COLUMNS[1]: [e.reason for e in report.skipped]}),
                     hide_index=True, key="import_skipped")


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    st.title(O.IMPORT_TITLE)
    st.write(O.IMPORT_INTRO)
    offices = signin.run(office_choices) or {}
    if actor.role == "reviewer":
        office_id = actor.office_id
        st.caption(O.IMPORT_OFFICE_FIXED.format(office=md(offices.get(office_id, "—"))))
    else:
        if not offices:
            st.warning(O.IMPORT_NO_OFFICES, icon=":material/warning:")
            return
        office_id = st.selectbox(O.FILTER_OFFICE, list(offices), format_func=offices.get, key="import_office")
    fixed_round = st.checkbox(O.IMPORT_ROUND_FIXED, key="import_round_fixed", help=O.IMPORT_ROUND_HELP)
    round_ = int(st.number_input(O.FILTER_ROUND, min_value=2000, max_value=2100, value=2026, step=1,
                                 key="import_round", disabled=not fixed_round)) if fixed_round else None
    upload = st.file_uploader(O.IMPORT_UPLOADER, type=["zip"], key="import_zip")
    check_col, import_col = st.columns(2)
    if check_col.button(O.IMPORT_CHECK, key="import_check", disabled=upload is None, width="stretch"):
        _run_import(actor, upload, office_id, round_, dry_run=True)
    if import_col.button(O.IMPORT_RUN, key="import_run", disabled=upload is None, type="primary", width="stretch"):
        _run_import(actor, upload, office_id, round_, dry_run=False)
    _show_report()


guarded(body)
