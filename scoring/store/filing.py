"""Filing a self-assessment from the applicant's app: the draft's answers and files become the organisation's
submission for the round, and (when asked) it is submitted for review.

One call does it all in the caller's transaction: create the submission or replace the answers of the one that
is still editable, upload every evidence file the answers name, and submit. A park operator filing its park's
zone self-assessment gets the registry-fed items (certified member sites, service organisations) from the
park registry, so the value the office reviews is the one the registry supports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import messages as msg
from .access import fresh, is_owner, submission_for
from .actors import Actor
from .errors import PermissionDenied
from .evidence import upload_evidence
from .models import AuditEntry, Organisation, Submission
from .registry import apply_registry, registry_answers
from .rounds import ensure_filing_open
from .submissions import create_submission, save_answers
from .workflow import TRANSITIONS, transition

HISTORY_ACTIONS = ("submission_created", "answers_saved", *TRANSITIONS)


def own_organisation(session: Session, actor: Actor) -> Organisation:
    """The organisation the actor files for (applicant, or a park operator for its park's own organisation)."""
    actor = fresh(session, actor)
    organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if organisation is None or not is_owner(actor, organisation.id):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="本单位的申报账户"))
    return organisation


def organisation_summary(session: Session, actor: Actor) -> dict[str, str]:
    """The name and category of the organisation the actor files for, as plain values for a page."""
    organisation = own_organisation(session, actor)
    return {"name": organisation.name, "category": organisation.category}


def own_submission(session: Session, actor: Actor, round_: int) -> Submission | None:
    """The actor's organisation's submission for the round, if there is one."""
    organisation = own_organisation(session, actor)
    stmt = select(Submission).where(Submission.organisation_id == organisation.id, Submission.round == round_)
    return session.execute(stmt).scalar_one_or_none()


def with_registry_values(session: Session, actor: Actor, organisation: Organisation, data: dict) -> dict:
    """Zone answers of a park's own organisation with the registry-fed items taken from the park registry."""
    if organisation.category != "zone" or organisation.park_id is None:
        return data
    assessed_on = dt.date.fromisoformat(str(data.get("assessed_on")))
    return apply_registry(data, registry_answers(session, actor, organisation.park_id, assessed_on))


@dataclass(frozen=True)
class Filed:
    submission: Submission
    created: bool
    files: int


def file_draft(session: Session, actor: Actor, round_: int, data: dict, files: Mapping[str, bytes], *,
               submit: bool, expected_version: int | None = None, today: dt.date | None = None) -> Filed:
    """Store ``data`` (answers-file data) as the actor's organisation's submission for ``round_`` with the evidence
    ``files`` (by the ``file:`` path the answers use), and submit it when ``submit``.

    ``expected_version`` is the version of the existing submission the user's page showed (a stale page raises
    Conflict). Filing closes at the round's deadline (``rounds.ensure_filing_open``; ``today`` for the demo's
    story). Any problem raises before the caller commits, so nothing is half-filed.
    """
    actor = fresh(session, actor)
    organisation = own_organisation(session, actor)
    ensure_filing_open(session, organisation.id, round_, today)
    data = with_registry_values(session, actor, organisation, data)
    existing = own_submission(session, actor, round_)
    if existing is None:
        submission = create_submission(session, actor, organisation.id, round_, data)
    else:
        version = existing.version if expected_version is None else expected_version
        submission = save_answers(session, actor, existing.id, data, version)
    for path, content in files.items():
        upload_evidence(session, actor, submission.id, path, content)
    if submit:
        transition(session, actor, submission.id, "submit")
    return Filed(submission, existing is None, len(files))


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    note: str | None


def submission_history(session: Session, actor: Actor, submission_id: int) -> list[HistoryEntry]:
    """The submission's steps (created, saved, submitted, sent back with the note, reviewed, selected), oldest
    first, for anyone who may see the submission."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    stmt = (select(AuditEntry).where(AuditEntry.object_type == "submission", AuditEntry.object_id == submission.id,
                                     AuditEntry.action.in_(HISTORY_ACTIONS))
            .order_by(AuditEntry.id))
    out = []
    for entry in session.execute(stmt).scalars():
        detail = json.loads(entry.detail)
        out.append(HistoryEntry(entry.at, entry.actor_name, msg.ACTION_LABELS.get(entry.action, entry.action),
                                detail.get("note")))
    return out
