"""The round per year and its calendar (plan section 五): phases with dates, the filing deadline, and filing
reopened by the bureau for one organisation.

A year without a stored calendar uses the plan's: 孵化培育 May–August, 创建申报 early September (1–10),
验收评定 mid/late September, 报批授牌 October, 推广运用 October–December. Filing closes at the end of the
创建申报 phase (that day included, Shanghai time). ``today()`` is the clock; ``TSP_TODAY`` (an ISO date) sets it
for training districts and tests.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import SettingInvalid, WorkflowError
from .models import Organisation
from .round_models import FilingReopening, RoundCalendar

PHASES = ("cultivation", "filing", "acceptance", "approval", "promotion")
FILING_PHASE = "filing"
DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
# (first month, first day, last month, last day) of each phase in the plan.
PLAN_CALENDAR = {
    "cultivation": (5, 1, 8, 31),
    "filing": (9, 1, 9, 10),
    "acceptance": (9, 11, 9, 30),
    "approval": (10, 1, 10, 31),
    "promotion": (10, 1, 12, 31),
}


class FilingClosed(WorkflowError):
    """Filing for the round is closed (deadline passed, or not open yet) for this organisation."""


def today() -> dt.date:
    """The district's date (Shanghai), or ``TSP_TODAY`` when set."""
    override = os.environ.get("TSP_TODAY")
    if override:
        return dt.date.fromisoformat(override)
    return dt.datetime.now(DISTRICT_TZ).date()


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Round:
    year: int
    phases: tuple[Phase, ...]
    stored: bool  # False: the plan's default calendar

    def phase(self, key: str) -> Phase:
        return next(p for p in self.phases if p.key == key)

    @property
    def filing_deadline(self) -> dt.date:
        return self.phase(FILING_PHASE).end

    @property
    def filing_start(self) -> dt.date:
        return self.phase(FILING_PHASE).start


def default_phases(year: int) -> dict[str, tuple[dt.date, dt.date]]:
    return {key: (dt.date(year, m1, d1), dt.date(year, m2, d2)) for key, (m1, d1, m2, d2) in PLAN_CALENDAR.items()}


def _check_year(year: object) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise SettingInvalid(msg.ROUND_YEAR_INVALID.format(year=year))
    return year


def get_round(session: Session, year: int) -> Round:
    """The year's calendar (stored, or the plan's)."""
    year = _check_year(year)
    row = session.get(RoundCalendar, year)
    dates = default_phases(year)
    if row is not None:
        dates.update({k: (dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for k, (a, b) in row.phases.items()})
    phases = tuple(Phase(k, msg.PHASE_LABELS[k], *dates[k]) for k in PHASES)
    return Round(year, phases, row is not None)


def _parse_day(year: int, phase: str, value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingInvalid(msg.ROUND_PHASE_INVALID.format(year=year, phase=msg.PHASE_LABELS[phase],
                                                            reason=f"{value!r} 不是 YYYY-MM-DD 格式的日期")) from None


def set_round(session: Session, actor: Actor, year: int, changes: dict[str, tuple[object, object]]) -> Round:
    """Change some phases' dates (bureau admin): ``{phase: (first day, last day)}``; others keep their dates.
    Every phase must start on or before it ends, within the year; audited with before and after."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    year = _check_year(year)
    current = get_round(session, year)
    dates = {p.key: (p.start, p.end) for p in current.phases}
    for phase, (start, end) in changes.items():
        if phase not in PHASES:
            raise SettingInvalid(msg.ROUND_PHASE_UNKNOWN.format(phase=phase, choices="、".join(PHASES)))
        first, last = _parse_day(year, phase, start), _parse_day(year, phase, end)
        if first > last:
            reason = f"开始日 {first} 晚于结束日 {last}"
        elif first.year != year or last.year != year:
            reason = f"应在 {year} 年内"
        else:
            reason = None
        if reason:
            raise SettingInvalid(msg.ROUND_PHASE_INVALID.format(year=year, phase=msg.PHASE_LABELS[phase],
                                                                reason=reason))
        dates[phase] = (first, last)
    stored = {k: [a.isoformat(), b.isoformat()] for k, (a, b) in dates.items()}
    row = session.get(RoundCalendar, year)
    before = row.phases if row is not None else None
    if row is None:
        row = RoundCalendar(year=year, phases=stored)
        session.add(row)
    row.phases = stored
    row.updated_by_id = actor.user_id
    session.flush()
    audit.record(session, actor, "round_changed", "round", year, before=before, after=stored)
    return get_round(session, year)


@dataclass(frozen=True)
class RoundStatus:
    """Where the round stands on a day: the phases running (推广运用 overlaps 报批授牌), days left in the first of
    them, and the filing deadline."""

    year: int
    today: dt.date
    current: tuple[Phase, ...]
    next_phase: Phase | None
    days_left: int | None  # in the first current phase, that day included
    filing_deadline: dt.date
    days_to_deadline: int  # negative once passed

    @property
    def filing_open(self) -> bool:
        return self.days_to_deadline >= 0 and any(p.key == FILING_PHASE for p in self.current)


def round_status(session: Session, on: dt.date | None = None) -> RoundStatus:
    """The current year's round on ``on`` (default: today)."""
    on = on or today()
    calendar = get_round(session, on.year)
    current = tuple(p for p in calendar.phases if p.start <= on <= p.end)
    upcoming = [p for p in calendar.phases if p.start > on]
    return RoundStatus(on.year, on, current, upcoming[0] if upcoming else None,
                       (current[0].end - on).days + 1 if current else None, calendar.filing_deadline,
                       (calendar.filing_deadline - on).days)


def reopening(session: Session, year: int, organisation_id: int) -> FilingReopening | None:
    stmt = select(FilingReopening).where(FilingReopening.year == year,
                                         FilingReopening.organisation_id == organisation_id)
    return session.execute(stmt).scalar_one_or_none()


def ensure_filing_open(session: Session, organisation_id: int, year: int, on: dt.date | None = None) -> None:
    """FilingClosed (in Chinese) when the organisation may not file for ``year`` on ``on`` (default: today):
    before the filing phase, or after its deadline unless the bureau reopened filing for it until that day."""
    on = on or today()
    calendar = get_round(session, year)
    if on < calendar.filing_start:
        raise FilingClosed(msg.FILING_NOT_YET_OPEN.format(year=year, start=calendar.filing_start))
    if on <= calendar.filing_deadline:
        return
    granted = reopening(session, year, organisation_id)
    if granted is not None and on <= granted.until:
        return
    raise FilingClosed(msg.FILING_CLOSED.format(year=year, deadline=calendar.filing_deadline))


@dataclass(frozen=True)
class Reopened:
    year: int
    organisation_id: int
    organisation: str
    until: dt.date
    reason: str


def reopen_filing(session: Session, actor: Actor, year: int, organisation_id: int, until: dt.date,
                  reason: str, on: dt.date | None = None) -> Reopened:
    """Reopen filing for one organisation until ``until`` (bureau admin, with a reason; audited)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    year = _check_year(year)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise WorkflowError(msg.NOT_FOUND_OR_FORBIDDEN.format(what="单位", id=organisation_id))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(msg.REOPEN_REASON_REQUIRED)
    on = on or today()
    if until < on:
        raise WorkflowError(msg.REOPEN_UNTIL_INVALID.format(until=until, today=on))
    row = reopening(session, year, organisation_id)
    if row is None:
        row = FilingReopening(year=year, organisation_id=organisation_id, until=until, reason=reason)
        session.add(row)
    row.until, row.reason, row.granted_by_id = until, reason, actor.user_id
    session.flush()
    audit.record(session, actor, "filing_reopened", "organisation", organisation_id, year=year, until=until,
                 reason=reason)
    return Reopened(year, organisation_id, organisation.name, until, reason)


def reopenings(session: Session, actor: Actor, year: int) -> list[Reopened]:
    """The year's reopenings (bureau admin)."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    stmt = (select(FilingReopening, Organisation.name).join(Organisation)
            .where(FilingReopening.year == year).order_by(Organisation.name))
    return [Reopened(r.year, r.organisation_id, name, r.until, r.reason) for r, name in session.execute(stmt).all()]
