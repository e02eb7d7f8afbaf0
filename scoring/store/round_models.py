"""Models of the annual round (plan sections 三–六): its calendar, filing reopened for one organisation, the
reviewer's eligibility confirmation, each office's cultivation list, the two opinions with their sealed paper
copies, and the 局长办公会议 decision with the certificates it grants. Same conventions as ``models``."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, _in, utcnow

CULTIVATION_STATUSES = ("cultivating", "creating", "withdrawn")
OPINION_KINDS = ("recommendation", "acceptance")


class RoundCalendar(Base):
    """A year's round: its phases as ``{phase key: [first day, last day]}`` (ISO dates). A year without a row
    uses the plan's calendar (``rounds.default_phases``)."""

    __tablename__ = "rounds"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    phases: Mapped[dict] = mapped_column(JSON)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class FilingReopening(Base):
    """The bureau reopened filing for one organisation after the deadline, until a day, with a reason."""

    __tablename__ = "filing_reopenings"
    __table_args__ = (UniqueConstraint("year", "organisation_id", name="uq_filing_reopenings_year_organisation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    until: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EligibilityConfirmation(Base):
    """The reviewer's conclusion on whether a submission's organisation may apply (the applicant's own choice
    stays in the answers; this is a separate record)."""

    __tablename__ = "eligibility_confirmations"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True, autoincrement=False)
    eligible: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[Optional[str]] = mapped_column(Text)
    confirmed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CultivationEntry(Base):
    """One organisation on an office's cultivation list (培育和创建单位名单) for a year."""

    __tablename__ = "cultivation_entries"
    __table_args__ = (
        CheckConstraint(_in("status", CULTIVATION_STATUSES), name="status"),
        UniqueConstraint("year", "organisation_id", name="uq_cultivation_entries_year_organisation"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    contact: Mapped[Optional[str]] = mapped_column(String(100))
    phone: Mapped[Optional[str]] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="cultivating")
    key_target: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[Optional[str]] = mapped_column(Text)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Opinion(Base):
    """The office's 推荐意见 or the bureau's 验收意见 on a submission, and its sealed paper copy."""

    __tablename__ = "opinions"
    __table_args__ = (
        CheckConstraint(_in("kind", OPINION_KINDS), name="kind"),
        UniqueConstraint("submission_id", "kind", name="uq_opinions_submission_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(100))
    opinion_date: Mapped[dt.date] = mapped_column(Date)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    paper_received_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MeetingDecision(Base):
    """The 局长办公会议 decision on a round's list (recorded apart from the selection)."""

    __tablename__ = "meeting_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DecisionEntry(Base):
    """A submission the meeting approved; 授牌 adds the certificate number and the certification."""

    __tablename__ = "decision_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("meeting_decisions.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    certificate_no: Mapped[Optional[str]] = mapped_column(String(50), unique=True)
    awarded_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    certification_id: Mapped[Optional[int]] = mapped_column(ForeignKey("certifications.id"))
