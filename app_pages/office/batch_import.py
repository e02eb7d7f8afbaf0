"""批量导入: a zip of answers files with their evidence, checked in full and imported whole or not at all by a
background job. The click stores the zip with a queued job and returns; the page follows the job's progress
(refreshed every two seconds without rerunning the page), then shows its per-file report of what was accepted or
rejected and why, with a download. The job named in the address (``?job=N``) is shown again after a reload, by
any app process; the office's recent import jobs are listed below."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.strings import office as O
from app_pages.common import signin
from app_pages.common.office_ui import XLSX_MIME, ensure_job_worker, lazy_bytes, office_choices
from app_pages.common.ui import guarded, pts
from app_pages.common.text import md
from scoring.store import import_jobs, import_report
from scoring.store import messages as store_msg
from scoring.store.importer import ImportReport

JOB_PARAM = "job"
REFRESH_SECONDS = 2


def _enqueue(actor, upload, office_id: int, round_: int | None, dry_run: bool) -> None:
    job_id = signin.run(lambda s: import_jobs.enqueue_import(s, actor, upload, upload.name, office_id,
                                                             round_=round_, dry_run=dry_run))
    if job_id is not None:
        st.query_params[JOB_PARAM] = str(job_id)
        st.toast(O.IMPORT_QUEUED.format(id=job_id), icon=":material/schedule:")


def _shown_job(actor, office_id: int) -> int | None:
    """The job in the address, else the user's newest import for this office."""
    raw = st.query_params.get(JOB_PARAM)
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    latest = signin.run(lambda s: import_jobs.latest_import(s, actor, office_id), readonly=True)
    return latest.id if latest is not None else None


def _report_frame(report: ImportReport) -> pd.DataFrame:
    frame = pd.DataFrame(import_report.rows(report), columns=list(store_msg.IMPORT_REPORT_COLUMNS))
    frame["total"] = frame["total"].map(lambda value: pts(value, empty=""))
    return frame.rename(columns=store_msg.IMPORT_REPORT_COLUMNS)


def _show_report(actor, job_id: int, report: ImportReport) -> None:
    accepted = len(report.files) - len(report.rejected)
    if report.written:
        st.success(O.IMPORT_DONE.format(count=accepted), icon=":material/check_circle:")
    elif report.rejected:
        st.error(O.IMPORT_REJECTED_SUMMARY.format(rejected=len(report.rejected), count=len(report.files)),
                 icon=":material/error:")
    elif report.dry_run:
        st.success(O.IMPORT_CHECKED.format(count=accepted), icon=":material/check_circle:")
    st.dataframe(_report_frame(report), hide_index=True, key="import_report")
    if report.skipped:
        st.caption(O.IMPORT_SKIPPED_INTRO.format(count=len(report.skipped)))
        names, reasons = store_msg.IMPORT_SKIPPED_COLUMNS
        st.dataframe(pd.DataFrame({names: [e.name for e in report.skipped],
                                   reasons: [e.reason for e in report.skipped]}), hide_index=True,
                     key="import_skipped")
    st.download_button(O.IMPORT_REPORT_DOWNLOAD, key="import_report_xlsx", icon=":material/download:",
                       on_click="ignore", mime=XLSX_MIME, file_name=store_msg.IMPORT_REPORT_FILE.format(id=job_id),
                       data=lazy_bytes(lambda s: import_jobs.report_xlsx(s, actor, job_id)))


def _progress(view: import_jobs.ImportJobView) -> None:
    st.progress(view.fraction, text=O.IMPORT_PHASES[view.phase].format(step=view.step, count=view.count))


def _job(actor, job_id: int) -> None:
    """The job's heading, then its progress while it runs, then its outcome and report."""
    view = signin.run(lambda s: import_jobs.import_job(s, actor, job_id), readonly=True)
    if view is None:
        return
    st.subheader(O.IMPORT_JOB_HEADER.format(id=view.id, file=md(view.file), mode=O.IMPORT_MODES[view.dry_run]))
    st.caption(O.IMPORT_JOB_BY.format(by=md(view.created_by), at=f"{view.created_at:%Y-%m-%d %H:%M}",
                                      round=view.round or O.IMPORT_ROUND_AUTO))
    if view.active:
        @st.fragment(run_every=REFRESH_SECONDS)
        def follow() -> None:
            current = signin.run(lambda s: import_jobs.import_job(s, actor, job_id), readonly=True)
            if current is None:
                return
            if current.active:
                _progress(current)
                return
            st.rerun()  # finished: draw the whole page once more, with the report and without the timer

        follow()
        return
    if view.finished_at is not None:
        st.caption(O.IMPORT_FINISHED.format(at=f"{view.finished_at:%Y-%m-%d %H:%M}"))
    if view.status == "failed":
        st.error(md(view.message or ""), icon=":material/error:")
        return
    report = signin.run(lambda s: import_jobs.import_report(s, actor, job_id), readonly=True)
    if report is not None:
        _show_report(actor, job_id, report)


def _pick(key: str) -> None:
    st.query_params[JOB_PARAM] = str(st.session_state[key])


def _recent(actor, office_id: int, shown: int | None) -> None:
    st.subheader(O.IMPORT_RECENT)
    views = signin.run(lambda s: import_jobs.recent_imports(s, actor, office_id), readonly=True)
    if not views:
        st.caption(O.IMPORT_RECENT_NONE)
        return
    st.dataframe(pd.DataFrame(
        [(f"#{v.id}", f"{v.created_at:%Y-%m-%d %H:%M}", v.file, O.IMPORT_MODES[v.dry_run],
          v.round or O.IMPORT_ROUND_AUTO, v.created_by, O.IMPORT_JOB_STATUS[v.status], v.message or "")
         for v in views], columns=list(O.IMPORT_RECENT_COLUMNS)), hide_index=True, key="import_recent")
    ids = [v.id for v in views]
    labels = {v.id: O.IMPORT_JOB_OPTION.format(id=v.id, file=v.file, mode=O.IMPORT_MODES[v.dry_run],
                                               status=O.IMPORT_JOB_STATUS[v.status]) for v in views}
    key = f"import_job_pick_{shown}"  # a new key whenever the shown job changes, so the choice follows it
    st.selectbox(O.IMPORT_JOB_PICK, ids, index=ids.index(shown) if shown in ids else None,
                 format_func=labels.get, key=key, on_change=_pick, args=(key,))


def body() -> None:
    actor = signin.require("reviewer", "admin")
    if actor is None:
        return
    ensure_job_worker()
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
        _enqueue(actor, upload, office_id, round_, dry_run=True)
    if import_col.button(O.IMPORT_RUN, key="import_run", disabled=upload is None, type="primary", width="stretch"):
        _enqueue(actor, upload, office_id, round_, dry_run=False)
    shown = _shown_job(actor, office_id)
    if shown is not None:
        _job(actor, shown)
    _recent(actor, office_id, shown)


guarded(body)
