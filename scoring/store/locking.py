"""Optimistic locking: a change made on a stale view of a submission fails with a clear message, never silently
overwriting someone else's work.

Two layers: the version the user's page was loaded with must still be current (``check_version``), and the
UPDATE itself only matches the row at the version it read (SQLAlchemy ``version_id_col``), which catches two
writers racing between the check and the write (``flush_or_conflict``).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import messages as msg
from .errors import Conflict
from .models import Submission


def check_version(submission: Submission, expected_version: int | None) -> None:
    """Conflict when ``expected_version`` (the version the user saw) is not the stored one. None skips the check."""
    if expected_version is not None and submission.version != expected_version:
        raise Conflict(msg.CONFLICT.format(current=submission.version, expected=expected_version),
                       current_version=submission.version)


def flush_or_conflict(session: Session) -> None:
    """Flush pending changes; a concurrent writer's update surfaces as Conflict (roll the session back then)."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(msg.CONFLICT_CONCURRENT) from None
    except IntegrityError as err:
        text = str(err.orig)  # PostgreSQL names the constraint, SQLite the columns
        if "uq_reviews_submission_item" in text or "reviews.submission_id, reviews.item_id" in text:
            raise Conflict(msg.CONFLICT_CONCURRENT) from None
        raise
