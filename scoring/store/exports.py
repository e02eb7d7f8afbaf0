"""Exports that carry everything: the submissions list with self and reviewer totals, every item's decision,
reason, explanation and evidence titles (xlsx, read from the stored per-item scores); and the selected list for
the director's meeting (xlsx, docx)."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from ..cells import append_safe
from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .models import CATEGORIES, Organisation, Review, Submission, SubmissionItem, User
from .ranking import RankedRow, ranking, selection_warnings
from .submissions import submissions_table, visible_submissions


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ITEM_CHUNK = 2000


def submissions_xlsx(session: Session, actor: Actor, *, round_: int | None = None,
                     category: str | None = None) -> bytes:
    """The submissions the actor may see: sheet 申报列表 (one row each) and sheet 逐项复核明细 (one row per item
    with self and reviewer scores, decision, reason, reviewer, the engine's explanation and evidence titles).

    The item sheet is read from the stored per-item scores (``submission_items``) joined with the reviews, in one
    ordered query read in chunks: nothing is parsed or scored again, and memory stays flat however many
    submissions the round has."""
    actor = fresh(session, actor)
    require_role(actor, "admin", "reviewer")
    table = submissions_table(session, actor, category=category, round_=round_)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(msg.SHEET_SUBMISSIONS)
    sheet.append(list(msg.SUBMISSION_COLUMNS.values()))
    for row in table.itertuples(index=False):
        values = row._asdict()
        values["category"] = msg.CATEGORY_NAMES[values["category"]]
        values["status"] = msg.STATUS_LABELS[values["status"]]
        for key in ("claimed_total", "self_total", "final_total"):
            values[key] = _number(values[key])
        for key in ("submitted_at", "updated_at"):
            values[key] = None if pd.isna(values[key]) else pd.Timestamp(values[key]).to_pydatetime()
        append_safe(sheet, [values[k] for k in msg.SUBMISSION_COLUMNS])
    items = book.create_sheet(msg.SHEET_ITEMS)
    items.append(list(msg.ITEM_EXPORT_HEADERS))
    ids = {int(i) for i in table["id"]}
    for row in session.execute(_item_query(actor, round_, category).execution_options(yield_per=ITEM_CHUNK)):
        if row.submission_id in ids:  # a submission stored after the list was read is left out of both sheets
            append_safe(items, _item_values(row))
    audit.record(session, actor, "export", "submissions", None, what="submissions_xlsx", round=round_,
                 category=category, rows=len(ids))
    return _save(book)


def _item_query(actor: Actor, round_: int | None, category: str | None) -> Select:
    """Every stored item row of the submissions the actor may see, with the item's review and reviewer, in
    submission then rubric order."""
    stmt = (select(SubmissionItem.submission_id, Organisation.name.label("organisation"), Submission.rubric,
                   SubmissionItem.item_id, SubmissionItem.indicator, SubmissionItem.title, SubmissionItem.max,
                   SubmissionItem.claimed, SubmissionItem.score, Review.decision, Review.score.label("review_score"),
                   Review.reason, User.display_name.label("reviewer"), SubmissionItem.explanation,
                   SubmissionItem.evidence)
            .join(Submission, Submission.id == SubmissionItem.submission_id)
            .join(Organisation, Submission.organisation_id == Organisation.id)
            .outerjoin(Review, and_(Review.submission_id == SubmissionItem.submission_id,
                                    Review.item_id == SubmissionItem.item_id))
            .outerjoin(User, Review.reviewer_id == User.id)
            .order_by(SubmissionItem.submission_id, SubmissionItem.position))
    return visible_submissions(stmt, actor, category=category, round_=round_)


def _item_values(row) -> list:
    """One row of 逐项复核明细. The reviewer's score is the override's score, or the self score when the reviewer
    confirmed it (what ``apply_overrides`` gives); empty while the item is not reviewed."""
    reviewed = row.decision is not None
    final = row.review_score if row.decision == "override" else row.score
    return [row.submission_id, row.organisation, msg.CATEGORY_NAMES[row.rubric], row.item_id, row.indicator,
            row.title, _number(row.max), _number(row.claimed), _number(row.score),
            _number(final) if reviewed else None, msg.DECISION_LABELS[row.decision] if reviewed else "",
            (row.reason or "") if reviewed else "", row.reviewer or "", row.explanation, row.evidence]


def _selected(session: Session, actor: Actor, round_: int) -> dict[str, list[RankedRow]]:
    return {c: ranking(session, actor, c, round_, statuses=("selected",)) for c in CATEGORIES}


def _pass_text(row: RankedRow) -> str:
    if row.passed is None:
        return msg.SELECTED_NO_LINE
    return msg.SELECTED_PASS if row.passed else msg.SELECTED_FAIL


def _selected_values(row: RankedRow) -> list:
    return [row.rank, row.organisation, row.uscc or "", row.office or "", row.park or "", _number(row.self_total),
            _number(row.final_total), _pass_text(row)]


def selected_xlsx(session: Session, actor: Actor, round_: int) -> bytes:
    """The round's selected list per category, ranked, with the warnings (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    chosen = _selected(session, actor, round_)
    warnings = selection_warnings(session, round_)
    book = Workbook()
    sheet = book.active
    sheet.title = msg.SHEET_SELECTED
    sheet.append([msg.SELECTED_TITLE.format(round=round_)])
    sheet["A1"].font = Font(bold=True, size=14)
    for category in CATEGORIES:
        sheet.append([])
        sheet.append([f"{msg.CATEGORY_NAMES[category]}（{len(chosen[category])} 个）"])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(list(msg.SELECTED_HEADERS))
        for row in chosen[category]:
            append_safe(sheet, _selected_values(row))
        if not chosen[category]:
            sheet.append([msg.SELECTED_NONE])
    for column, width in zip("ABCDEFGH", (8, 36, 22, 18, 20, 12, 12, 14)):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet(msg.SHEET_WARNINGS)
    for warning in warnings:
        append_safe(notes, [warning])
        notes.cell(row=notes.max_row, column=1).alignment = Alignment(wrap_text=True)
    audit.record(session, actor, "export", "round", round_, what="selected_xlsx")
    return _save(book)


def selected_docx(session: Session, actor: Actor, round_: int) -> bytes:
    """The round's selected list as a Word document for the director's meeting (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    chosen = _selected(session, actor, round_)
    warnings = selection_warnings(session, round_)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    document.add_heading(msg.SELECTED_TITLE.format(round=round_), level=1)
    document.add_paragraph(msg.SELECTED_SUBTITLE)
    for category in CATEGORIES:
        document.add_heading(f"{msg.CATEGORY_NAMES[category]}（{len(chosen[category])} 个）", level=2)
        if not chosen[category]:
            document.add_paragraph(msg.SELECTED_NONE)
            continue
        table = document.add_table(rows=1, cols=len(msg.SELECTED_HEADERS))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, msg.SELECTED_HEADERS):
            cell.text = header
        for row in chosen[category]:
            for cell, value in zip(table.add_row().cells, _selected_values(row)):
                cell.text = "" if value is None else str(value)
    if warnings:
        document.add_heading(msg.SHEET_WARNINGS, level=2)
        for warning in warnings:
            document.add_paragraph(warning, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    audit.record(session, actor, "export", "round", round_, what="selected_docx")
    return buffer.getvalue()
