"""Each office's cultivation list (培育和创建单位名单, plan section 五(一)): the organisations it cultivates this
year with a contact and a status; who has not filed yet; last year's certified creators proposed as 重点培育对象
for the municipal level (section 六(四)); xlsx import (all rows or none) and export.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..problems import Problem
from . import audit, directory
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import DataInvalid, PermissionDenied, WorkflowError
from .models import Certification, Office, Organisation, Submission, utcnow
from ..cells import append_safe
from .round_models import CULTIVATION_STATUSES, CultivationEntry

FILED_STATUSES = ("submitted", "changes_requested", "reviewed", "selected")
YES, NO = "是", "否"
CATEGORY_BY_LABEL = {label: key for key, label in msg.CATEGORY_NAMES.items()}
STATUS_BY_LABEL = {label: key for key, label in msg.CULTIVATION_STATUS_LABELS.items()}


@dataclass(frozen=True)
class CultivatedRow:
    organisation_id: int
    organisation: str
    uscc: str | None
    category: str
    office: str
    contact: str | None
    phone: str | None
    status: str
    key_target: bool
    note: str | None
    submission_status: str | None  # this year's submission, if any

    @property
    def filed(self) -> bool:
        return self.submission_status in FILED_STATUSES


def _may_manage(actor: Actor, office_id: int | None) -> None:
    require_role(actor, "reviewer", "admin")
    if actor.role == "reviewer" and office_id != actor.office_id:
        raise PermissionDenied(msg.CULTIVATION_OTHER_OFFICE)


def save_entry(session: Session, actor: Actor, year: int, organisation_id: int, *, contact: str | None = None,
               phone: str | None = None, status: str = "cultivating", key_target: bool = False,
               note: str | None = None) -> CultivatedRow:
    """Add an organisation to its office's list for ``year`` or update its entry (its office or the bureau)."""
    actor = fresh(session, actor)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise PermissionDenied(msg.NOT_FOUND_OR_FORBIDDEN.format(what="单位", id=organisation_id))
    _may_manage(actor, organisation.office_id)
    if organisation.office_id is None:
        raise WorkflowError(msg.CULTIVATION_NO_OFFICE.format(organisation=organisation.name))
    if status not in CULTIVATION_STATUSES:
        raise WorkflowError(msg.CULTIVATION_STATUS_UNKNOWN.format(status=status,
                                                                  choices="、".join(CULTIVATION_STATUSES)))
    entry = _entry(session, year, organisation.id)
    if entry is None:
        entry = CultivationEntry(year=year, organisation_id=organisation.id, office_id=organisation.office_id)
        session.add(entry)
    entry.office_id = organisation.office_id
    entry.contact, entry.phone = (contact or "").strip() or None, (phone or "").strip() or None
    entry.status, entry.key_target, entry.note = status, bool(key_target), (note or "").strip() or None
    entry.updated_by_id, entry.updated_at = actor.user_id, utcnow()
    session.flush()
    audit.record(session, actor, "cultivation_saved", "organisation", organisation.id, year=year, status=status,
                 key_target=bool(key_target))
    return next(r for r in cultivation_list(session, actor, year) if r.organisation_id == organisation.id)


def _entry(session: Session, year: int, organisation_id: int) -> CultivationEntry | None:
    stmt = select(CultivationEntry).where(CultivationEntry.year == year,
                                          CultivationEntry.organisation_id == organisation_id)
    return session.execute(stmt).scalar_one_or_none()


def cultivation_list(session: Session, actor: Actor, year: int, office_id: int | None = None) -> list[CultivatedRow]:
    """The year's list, by office then name: a reviewer sees its own office's, the bureau all (or one office)."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    if actor.role == "reviewer":
        office_id = actor.office_id
    filed = (select(Submission.organisation_id, Submission.status).where(Submission.round == year).subquery())
    stmt = (select(CultivationEntry, Organisation.name, Organisation.uscc, Organisation.category, Office.name,
                   filed.c.status)
            .join(Organisation, CultivationEntry.organisation_id == Organisation.id)
            .join(Office, CultivationEntry.office_id == Office.id)
            .outerjoin(filed, filed.c.organisation_id == Organisation.id)
            .where(CultivationEntry.year == year)
            .order_by(Office.name, Organisation.name))
    if office_id is not None:
        stmt = stmt.where(CultivationEntry.office_id == office_id)
    return [CultivatedRow(e.organisation_id, name, uscc, category, office, e.contact, e.phone, e.status,
                          e.key_target, e.note, status)
            for e, name, uscc, category, office, status in session.execute(stmt).all()]


def not_filed(session: Session, actor: Actor, year: int) -> list[CultivatedRow]:
    """Organisations on the list (not withdrawn) that have not submitted for ``year``."""
    return [r for r in cultivation_list(session, actor, year) if not r.filed and r.status != "withdrawn"]


def key_target_candidates(session: Session, actor: Actor, year: int) -> list[tuple[int, str, str]]:
    """Last year's district-certified creators in the actor's scope: (organisation ID, name, category), the
    重点培育对象 proposed for the municipal level."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    stmt = (select(Organisation.id, Organisation.name, Certification.kind)
            .join(Certification, Certification.organisation_id == Organisation.id)
            .where(Certification.year == year - 1, Certification.level == "district")
            .order_by(Organisation.name))
    if actor.role == "reviewer":
        stmt = stmt.where(Organisation.office_id == actor.office_id)
    return list(dict.fromkeys(tuple(r) for r in session.execute(stmt).all()))


def propose_key_targets(session: Session, actor: Actor, year: int) -> list[str]:
    """Put last year's certified creators on this year's list as 重点培育对象 (keeping contacts already entered);
    returns their names."""
    names = []
    for organisation_id, name, _kind in key_target_candidates(session, actor, year):
        current = _entry(session, year, organisation_id)
        save_entry(session, actor, year, organisation_id, contact=current.contact if current else None,
                   phone=current.phone if current else None, status=current.status if current else "cultivating",
                   key_target=True, note=current.note if current else None)
        names.append(name)
    return names


# ---------------------------------------------------------------- xlsx


def cultivation_xlsx(session: Session, actor: Actor, year: int) -> bytes:
    """The actor's list for ``year`` as a workbook in the import layout (cells that look like formulas as text)."""
    rows = cultivation_list(session, actor, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度培育名单"
    sheet.append(list(msg.CULTIVATION_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        append_safe(sheet, (
            r.organisation, r.uscc or "", msg.CATEGORY_NAMES[r.category], r.office, r.contact or "", r.phone or "",
            msg.CULTIVATION_STATUS_LABELS[r.status], YES if r.key_target else NO, r.note or ""))
    for column, width in zip("ABCDEFGHI", (36, 22, 10, 18, 12, 16, 10, 12, 30)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    audit.record(session, actor, "export", "round", year, what="cultivation_xlsx", rows=len(rows))
    return buffer.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def import_cultivation(session: Session, actor: Actor, year: int, data: bytes, file: str) -> int:
    """Load a list in the export layout: every row checked first; any problem raises DataInvalid naming the file,
    the row and the column, and nothing is changed. New organisations are registered with their office."""
    actor = fresh(session, actor)
    require_role(actor, "reviewer", "admin")
    name = Path(file).name
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as err:  # noqa: BLE001 - any unreadable workbook is the user's input problem
        problem = Problem(name, None, None, msg.CULTIVATION_NOT_WORKBOOK.format(file=name, error=type(err).__name__))
        raise DataInvalid(msg.CULTIVATION_FILE_INVALID.format(file=name, count=1), [problem]) from None
    header = [_text(v) for v in (table[0] if table else [])]
    missing = [c for c in msg.CULTIVATION_COLUMNS if c not in header]
    if missing:
        problem = Problem(name, None, None, msg.CULTIVATION_MISSING_COLUMNS.format(columns="、".join(missing)))
        raise DataInvalid(msg.CULTIVATION_FILE_INVALID.format(file=name, count=1), [problem])
    at = {column: header.index(column) for column in msg.CULTIVATION_COLUMNS}
    offices = {o.name: o.id for o in directory.offices(session)}
    problems: list[Problem] = []
    parsed = []
    for number, row in enumerate(table[1:], start=2):
        cells = {c: _text(row[i]) if i < len(row) else "" for c, i in at.items()}
        if not any(cells.values()):
            continue
        where = f"第{number}行"

        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, where, column, message))

        for column in ("单位名称", "市场监管所"):
            if not cells[column]:
                bad(column, msg.CULTIVATION_REQUIRED.format(column=column))
        office_id = offices.get(cells["市场监管所"])
        if cells["市场监管所"] and office_id is None:
            bad("市场监管所", msg.CULTIVATION_UNKNOWN_OFFICE.format(name=cells["市场监管所"]))
        elif actor.role == "reviewer" and office_id is not None and office_id != actor.office_id:
            bad("市场监管所", msg.CULTIVATION_OTHER_OFFICE)
        category = CATEGORY_BY_LABEL.get(cells["类别"])
        if category is None:
            bad("类别", msg.CULTIVATION_BAD_CATEGORY.format(value=cells["类别"]))
        status = STATUS_BY_LABEL.get(cells["状态"] or msg.CULTIVATION_STATUS_LABELS["cultivating"])
        if status is None:
            bad("状态", msg.CULTIVATION_STATUS_UNKNOWN.format(
                status=cells["状态"], choices="、".join(msg.CULTIVATION_STATUS_LABELS.values())))
        flag = cells["重点培育对象"] or NO
        if flag not in (YES, NO):
            bad("重点培育对象", msg.CULTIVATION_BAD_FLAG.format(value=flag))
        uscc = cells["统一社会信用代码"].upper() or None
        found = directory.find_organisation(session, uscc=uscc, name=cells["单位名称"])
        if found is not None and category is not None and found.category != category:
            bad("类别", msg.CULTIVATION_CATEGORY_MISMATCH.format(
                organisation=found.name, registered=msg.CATEGORY_NAMES[found.category],
                listed=msg.CATEGORY_NAMES[category]))
        if found is None and cells["单位名称"] and category is not None:
            for text in directory.check_organisation_fields(cells["单位名称"], category, uscc):
                bad("统一社会信用代码" if uscc else "单位名称", text)
        if found is not None and actor.role == "reviewer" and found.office_id != actor.office_id:
            bad("单位名称", msg.CULTIVATION_OTHER_OFFICE)
        parsed.append((cells, found, office_id, category, status, flag == YES, uscc))
    if problems:
        raise DataInvalid(msg.CULTIVATION_FILE_INVALID.format(file=name, count=len(problems)), problems)
    for cells, found, office_id, category, status, key_target, uscc in parsed:
        organisation = found or directory.create_organisation(session, actor, cells["单位名称"], category, uscc=uscc,
                                                              office_id=office_id)
        save_entry(session, actor, year, organisation.id, contact=cells["联系人"], phone=cells["联系电话"],
                   status=status, key_target=key_target, note=cells["备注"])
    return len(parsed)
