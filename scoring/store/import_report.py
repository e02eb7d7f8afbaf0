"""A batch import's report as it is kept and handed out: JSON stored with the import job (so the page shows it
again after a reload, on any process), the table rows the page and the spreadsheet share, and the xlsx to
download (text cells formula-safe, scores as numbers)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from ..cells import append_safe
from ..points import as_json_number
from ..problems import Problem
from . import messages as msg
from .batch_source import Skipped
from .importer import FileReport, ImportReport

FORMAT = 1


def to_json(report: ImportReport) -> bytes:
    """The report as UTF-8 JSON (scores as exact decimal strings)."""
    data = {"format": FORMAT, "source": report.source, "written": report.written, "dry_run": report.dry_run,
            "files": [{"file": f.file, "organisation": f.organisation, "category": f.category,
                       "self_total": None if f.self_total is None else str(f.self_total),
                       "evidence_files": f.evidence_files, "submission_id": f.submission_id,
                       "problems": [[p.file, p.item_id, p.field, p.message] for p in f.problems]}
                      for f in report.files],
            "skipped": [[s.name, s.reason] for s in report.skipped]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes) -> ImportReport:
    """The report ``to_json`` wrote."""
    raw = json.loads(data.decode("utf-8"))
    files = [FileReport(file=f["file"], problems=[Problem(*p) for p in f["problems"]],
                        organisation=f["organisation"], category=f["category"],
                        self_total=None if f["self_total"] is None else Decimal(f["self_total"]),
                        evidence_files=f["evidence_files"], submission_id=f["submission_id"])
             for f in raw["files"]]
    return ImportReport(source=raw["source"], files=files, written=raw["written"],
                        skipped=[Skipped(*s) for s in raw["skipped"]], dry_run=raw["dry_run"])


def result_label(file: FileReport) -> str:
    if file.submission_id:
        return msg.IMPORT_RESULT_WRITTEN.format(id=file.submission_id)
    return msg.IMPORT_RESULT_OK if file.accepted else msg.IMPORT_RESULT_REJECTED


def rows(report: ImportReport) -> list[dict[str, Any]]:
    """One row per answers file, keyed like ``messages.IMPORT_REPORT_COLUMNS`` (the score stays a Decimal)."""
    return [{"file": f.file, "result": result_label(f), "organisation": f.organisation or "",
             "category": msg.CATEGORY_NAMES.get(f.category or "", ""), "total": f.self_total,
             "evidence": f.evidence_files, "problems": "\n".join(p.line() for p in f.problems)}
            for f in report.files]


def to_xlsx(report: ImportReport) -> bytes:
    """The report as a workbook: the per-file results, and the entries not imported with the reason."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    files = book.create_sheet(msg.IMPORT_REPORT_SHEETS[0])
    append_safe(files, msg.IMPORT_REPORT_COLUMNS.values())
    for row in rows(report):
        row["total"] = None if row["total"] is None else as_json_number(row["total"])
        append_safe(files, [row[key] for key in msg.IMPORT_REPORT_COLUMNS])
    skipped = book.create_sheet(msg.IMPORT_REPORT_SHEETS[1])
    append_safe(skipped, msg.IMPORT_SKIPPED_COLUMNS)
    for entry in report.skipped:
        append_safe(skipped, [entry.name, entry.reason])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
