"""报备: the round's final certifications for the 市市场监管局 (plan section 五(四)), as xlsx or docx — category,
unit, USCC, office, self and reviewed scores, certificate number, meeting date, award date."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cells import append_safe
from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import WorkflowError
from .models import CATEGORIES, Office, Organisation, Submission
from .round_models import DecisionEntry, MeetingDecision



@dataclass(frozen=True)
class ReportRow:
    category: str
    organisation: str
    uscc: str | None
    office: str | None
    self_total: Decimal
    final_total: Decimal | None
    certificate_no: str
    meeting_date: dt.date
    awarded_on: dt.date | None

    def values(self) -> list[object]:
        return [msg.CATEGORY_NAMES[self.category], self.organisation, self.uscc or "", self.office or "",
                _points(self.self_total), _points(self.final_total), self.certificate_no,
                self.meeting_date.isoformat(), self.awarded_on.isoformat() if self.awarded_on else ""]


def _points(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def report_rows(session: Session, actor: Actor, year: int) -> list[ReportRow]:
    """The year's awarded sites (bureau admin), by category in table order, then by name."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    stmt = (select(Submission.rubric, Organisation.name, Organisation.uscc, Office.name, Submission.self_total,
                   Submission.final_total, DecisionEntry.certificate_no, MeetingDecision.meeting_date,
                   DecisionEntry.awarded_on)
            .join(DecisionEntry, DecisionEntry.submission_id == Submission.id)
            .join(MeetingDecision, DecisionEntry.decision_id == MeetingDecision.id)
            .join(Organisation, Submission.organisation_id == Organisation.id)
            .outerjoin(Office, Organisation.office_id == Office.id)
            .where(MeetingDecision.year == year, DecisionEntry.certificate_no.is_not(None)))
    rows = [ReportRow(*r) for r in session.execute(stmt).all()]
    rows.sort(key=lambda r: (CATEGORIES.index(r.category), r.organisation))
    return rows


def report_bytes(session: Session, actor: Actor, year: int, suffix: str) -> bytes:
    """The 报备 table as ``.xlsx`` or ``.docx`` bytes; audited. Refuses an empty report and other formats."""
    suffix = suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise WorkflowError(msg.REPORT_FORMAT.format(file=suffix))
    rows = report_rows(session, actor, year)
    if not rows:
        raise WorkflowError(msg.REPORT_EMPTY.format(year=year))
    data = _xlsx(rows, year) if suffix == ".xlsx" else _docx(rows, year)
    audit.record(session, actor, "report_exported", "round", year, format=suffix, rows=len(rows))
    return data


def _xlsx(rows: list[ReportRow], year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度报备"
    sheet.append([msg.REPORT_TITLE.format(year=year)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(msg.REPORT_COLUMNS))
    for row in rows:
        append_safe(sheet, row.values())
    for column, width in zip("ABCDEFGHI", (10, 36, 22, 18, 10, 10, 18, 16, 12)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx(rows: list[ReportRow], year: int) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    document.add_heading(msg.REPORT_TITLE.format(year=year), level=1)
    table = document.add_table(rows=1, cols=len(msg.REPORT_COLUMNS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, msg.REPORT_COLUMNS):
        cell.text = header
    for row in rows:
        for cell, value in zip(table.add_row().cells, row.values()):
            cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
