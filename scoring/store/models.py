"""SQLAlchemy 2 models of the stored system.

Choices that hold across SQLite and PostgreSQL:
- category, role, status and similar fields are short strings guarded by CHECK constraints (no database enums,
  so a new value is a one-line migration);
- scores are stored as whole numbers of half points (``HalfPoints``): exact on every database, sortable in SQL;
- timestamps are naive UTC (``utcnow()``), so they round-trip identically on both databases (the audit chain
  hashes them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import (
    JSON, BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from ..names import RUBRIC_NAMES as CATEGORIES, ROLES

STATUSES = ("draft", "submitted", "changes_requested", "reviewed", "selected")
DECISIONS = ("confirm", "override")
LEVELS = ("municipal", "district")
MEMBERSHIP_STATUSES = ("proposed", "confirmed", "rejected")
EVIDENCE_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Now, as naive UTC with microseconds (what every timestamp column stores)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class HalfPoints(TypeDecorator):
    """A score in steps of 0.5, stored as the whole number of half points (47.5 → 95)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        doubled = Decimal(value) * 2
        if doubled != doubled.to_integral_value():
            raise ValueError(f"{value} is not a multiple of 0.5")
        return int(doubled)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value) / 2


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    """A market-supervision office (市场监管所): the jurisdiction of reviewers and organisations."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Park(Base):
    """An industrial park. Its confirmed member sites are organisations with ``park_id`` set (a park operator's
    proposals wait in ``park_memberships``); the park's own operating organisation (the zone applicant) is its
    member of category ``zone``."""

    __tablename__ = "parks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    office_id: Mapped[Optional[int]] = mapped_column(ForeignKey("offices.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    office: Mapped[Optional[Office]] = relationship()


class Organisation(Base):
    """An applicant or a certified site: an enterprise (point), an association or firm (station), or a park (zone)."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_in("category", CATEGORIES), name="category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[Optional[str]] = mapped_column(String(18), unique=True)
    category: Mapped[str] = mapped_column(String(10))
    office_id: Mapped[Optional[int]] = mapped_column(ForeignKey("offices.id"), index=True)
    park_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parks.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    office: Mapped[Optional[Office]] = relationship()
    park: Mapped[Optional[Park]] = relationship()
    certifications: Mapped[list["Certification"]] = relationship(back_populates="organisation",
                                                                 order_by="Certification.year")


class User(Base):
    """An account. Reviewers belong to an office, applicants to an organisation, park operators to a park."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("role <> 'reviewer' OR office_id IS NOT NULL", name="reviewer_office"),
        CheckConstraint("role <> 'applicant' OR organisation_id IS NOT NULL", name="applicant_organisation"),
        CheckConstraint("role <> 'park_operator' OR park_id IS NOT NULL", name="operator_park"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    office_id: Mapped[Optional[int]] = mapped_column(ForeignKey("offices.id"))
    park_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parks.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class Submission(Base):
    """One self-assessment of one organisation for one round (year).

    ``answers`` is the answers file as plain data (``scoring.answers.answers_data``). The score columns are
    derived from it and from the reviews, kept so that tables load without re-scoring; ``version`` is the
    optimistic-locking counter: every change bumps it, and an update against a stale version fails.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("rubric", CATEGORIES), name="rubric"),
        UniqueConstraint("organisation_id", "round", name="uq_submissions_organisation_round"),
        Index("ix_submissions_status_rubric", "status", "rubric"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    rubric: Mapped[str] = mapped_column(String(10))
    rubric_version: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    claimed_total: Mapped[Decimal] = mapped_column(HalfPoints)
    self_total: Mapped[Decimal] = mapped_column(HalfPoints)
    final_total: Mapped[Optional[Decimal]] = mapped_column(HalfPoints)
    answered: Mapped[int] = mapped_column(Integer)
    item_count: Mapped[int] = mapped_column(Integer)
    reviewed_items: Mapped[int] = mapped_column(Integer, default=0)
    source_file: Mapped[Optional[str]] = mapped_column(String(500))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)

    organisation: Mapped[Organisation] = relationship()
    reviews: Mapped[list["Review"]] = relationship(back_populates="submission", order_by="Review.item_id",
                                                   cascade="all, delete-orphan")
    evidence_files: Mapped[list["EvidenceFile"]] = relationship(back_populates="submission",
                                                                order_by="EvidenceFile.path")
    items: Mapped[list["SubmissionItem"]] = relationship(order_by="SubmissionItem.position",
                                                         cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class SubmissionItem(Base):
    """One item of a submission as the engine scored its answers: the claim, the self score, the status, the
    explanation and the evidence titles, in rubric order (``position``). Written with the submission's score
    columns (``scores.refresh_scores``), so exports read them instead of scoring again. The reviewer's
    conclusion stays in ``reviews``."""

    __tablename__ = "submission_items"
    __table_args__ = (UniqueConstraint("submission_id", "item_id", name="uq_submission_items_submission_item"),)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    item_id: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    bonus: Mapped[bool] = mapped_column(Boolean)
    max: Mapped[Decimal] = mapped_column(HalfPoints)
    claimed: Mapped[Decimal] = mapped_column(HalfPoints)
    score: Mapped[Decimal] = mapped_column(HalfPoints)
    status: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)


class EvidenceFile(Base):
    """An uploaded evidence file: the path the answers file uses for it, its type, size and SHA-256 (of the
    plain content, recorded at upload). The encrypted content is in ``evidence_blobs``."""

    __tablename__ = "evidence_files"
    __table_args__ = (
        CheckConstraint(_in("kind", EVIDENCE_KINDS), name="kind"),
        UniqueConstraint("submission_id", "path", name="uq_evidence_files_submission_path"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="evidence_files")
    blob: Mapped["EvidenceBlob"] = relationship(cascade="all, delete-orphan", lazy="raise")


class EvidenceBlob(Base):
    """The AES-GCM ciphertext of one evidence file, apart from its metadata so listings never load it."""

    __tablename__ = "evidence_blobs"
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id"), primary_key=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class Review(Base):
    """A reviewer's conclusion on one item: confirm the engine's score, or override it with a score and a reason;
    for items with parts, which parts the reviewer verified. The applicant's answer is never changed; this is a
    separate record."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(_in("decision", DECISIONS), name="decision"),
        UniqueConstraint("submission_id", "item_id", name="uq_reviews_submission_item"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(10))
    decision: Mapped[str] = mapped_column(String(10))
    score: Mapped[Decimal] = mapped_column(HalfPoints)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    parts: Mapped[Optional[dict]] = mapped_column(JSON, doc="part key → verified as met, for items with parts")
    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[Optional[User]] = relationship()


class Certification(Base):
    """A site's certification: level (市级 municipal / 区级 district), kind (区 zone / 站 station / 点 point), year."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint(_in("level", LEVELS), name="level"),
        CheckConstraint(_in("kind", CATEGORIES), name="kind"),
        UniqueConstraint("organisation_id", "level", "kind", "year", name="uq_certifications_site_level_kind_year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[Optional[int]] = mapped_column(ForeignKey("submissions.id"))
    certificate_number: Mapped[Optional[str]] = mapped_column(String(100))
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="certifications")
    recorded_by: Mapped[Optional[User]] = relationship()


class ParkMembership(Base):
    """A proposal that an organisation is a member site of a park, and the decision on it. A park operator
    proposes; the bureau or the organisation itself confirms (which sets ``Organisation.park_id``); the bureau may
    reject. Only confirmed members count toward the park's certified sites."""

    __tablename__ = "park_memberships"
    __table_args__ = (
        CheckConstraint(_in("status", MEMBERSHIP_STATUSES), name="status"),
        UniqueConstraint("park_id", "organisation_id", name="uq_park_memberships_park_organisation"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    park_id: Mapped[int] = mapped_column(ForeignKey("parks.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)

    park: Mapped[Park] = relationship()
    organisation: Mapped[Organisation] = relationship()


class ServiceOrganisation(Base):
    """A trade-secret service organisation based in a park (law firm, appraisal body, consultancy …): item ZB1."""

    __tablename__ = "service_organisations"
    __table_args__ = (UniqueConstraint("park_id", "name", name="uq_service_organisations_park_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    park_id: Mapped[int] = mapped_column(ForeignKey("parks.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(100))
    uscc: Mapped[Optional[str]] = mapped_column(String(18))


class Setting(Base):
    """A setting changed by the bureau (pass line per category); the value is JSON."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """One row of the append-only audit log. ``row_hash`` covers the row's fields and ``prev_hash``; rows are
    never updated or deleted, and ``audit.verify()`` recomputes the chain."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor_id: Mapped[Optional[int]] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50), index=True)
    object_type: Mapped[Optional[str]] = mapped_column(String(50))
    object_id: Mapped[Optional[int]] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    row_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)


class AuditHead(Base):
    """The single row holding the audit chain's length and last hash (created by the first migration). A
    transaction locks it only while it commits its audit rows (the last lock it takes), so concurrent writers
    queue up for milliseconds instead of forking the chain, and a deleted tail shows up as a head that the rows
    no longer reach. ``mac`` is the keyed MAC over length, last hash and ``legacy_rows`` (the rows written before
    the chain was keyed, checked with plain SHA-256)."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    length: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    legacy_rows: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mac: Mapped[Optional[str]] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A keyed record that the chain verified up to row ``last_id`` (``rows`` rows, ending in ``last_hash``), so the
    next ``audit verify --incremental`` starts there."""

    __tablename__ = "audit_checkpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class SystemState(Base):
    """Small facts about the installation kept in the database: the evidence key's fingerprint, the progress of
    a key rotation."""

    __tablename__ = "system_state"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(Base):
    """A long task run by a worker outside the page request (audit verify, exports, batch imports): its progress,
    its outcome and a result to download. A running job whose worker stopped sending heartbeats is taken up again.
    A job done for an office (an import) names it, so the office's reviewers see its jobs."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint(_in("status", JOB_STATUSES), name="status"),
                      Index("ix_jobs_status_id", "status", "id"),
                      Index("ix_jobs_office_id_kind", "office_id", "kind", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    params: Mapped[Any] = mapped_column(JSON)
    state: Mapped[Any] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    office_id: Mapped[Optional[int]] = mapped_column(ForeignKey("offices.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    heartbeat_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[Optional[str]] = mapped_column(String(100))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[Optional[bool]] = mapped_column(Boolean)
    message: Mapped[Optional[str]] = mapped_column(Text)
    result_name: Mapped[Optional[str]] = mapped_column(String(200))
    result: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class JobInput(Base):
    """A piece of a job's uploaded input (an import's zip), in order, encrypted like evidence (AES-GCM, the piece's
    SHA-256 bound in). Stored in pieces so neither the page nor the worker handles one huge value; deleted when
    the job is finished."""

    __tablename__ = "job_inputs"
    __table_args__ = (UniqueConstraint("job_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class Draft(Base):
    """A self-assessment in progress, kept in the database when one is configured (``scoring.draft_db``): the
    working copy and the answers file as YAML text, with the rubric and applicant name for the list."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    rubric: Mapped[Optional[str]] = mapped_column(String(20))
    name: Mapped[Optional[str]] = mapped_column(String(200))
    working: Mapped[str] = mapped_column(Text)
    answers: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    stamp: Mapped[int] = mapped_column(BigInteger, default=0)


class DraftFile(Base):
    """An evidence file of a draft, encrypted like stored evidence (AES-GCM, its SHA-256 bound in)."""

    __tablename__ = "draft_files"
    __table_args__ = (UniqueConstraint("draft_id", "path"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SignInSession(Base):
    """A signed-in browser. The browser holds a random token in an HttpOnly cookie; only its SHA-256 is stored,
    so a copy of the database cannot be used to sign in. Revoked at log-out, deactivation and password change;
    expires after the idle timeout."""

    __tablename__ = "signin_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class SignInTicket(Base):
    """A one-time ticket handed from the log-in page to the browser, exchanged within seconds for the session
    cookie (the page cannot set an HttpOnly cookie itself). Stored hashed; single use."""

    __tablename__ = "signin_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class LoginThrottle(Base):
    """Failed log-ins of one user name from one source within one window, as a count (not a row per guess).
    ``username`` ``*`` counts every name tried from the source. ``blocked_until`` refuses that source for a
    while; other sources are not affected."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("username", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(64))
    window_start: Mapped[dt.datetime] = mapped_column(DateTime)
    failures: Mapped[int] = mapped_column(Integer)
    blocks: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)

from . import round_models  # noqa: E402,F401 - the annual round's tables join the same metadata
