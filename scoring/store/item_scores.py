"""Per-item scores stored beside a submission (``submission_items``): what the engine said of each item, kept so
exports and lists read rows instead of parsing the answers and scoring them again.

``item_values`` turns one engine result into the rows; ``store_items`` writes them onto a submission, updating
in place what changed. ``scores.refresh_scores`` calls it whenever it derives the score columns, and migration
0007 uses ``item_values`` to fill the table for submissions stored before it existed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from ..answers import AnswersFile
from ..engine import ScoreResult
from .models import Submission, SubmissionItem

EVIDENCE_SEPARATOR = "；"
FIELDS = ("item_id", "indicator", "title", "bonus", "max", "claimed", "score", "status", "explanation", "evidence")


def item_values(own: ScoreResult, answers: AnswersFile) -> list[dict[str, Any]]:
    """One dict per item of ``own`` (the engine's result for ``answers``), in rubric order, with ``position``
    and the fields of ``SubmissionItem``: the explanation is the engine's messages joined, the evidence the
    titles the answers give for the item."""
    given = answers.answers
    rows = []
    for position, item in enumerate(own.items):
        answer = given.get(item.id)
        rows.append({"position": position, "item_id": item.id, "indicator": item.indicator, "title": item.title,
                     "bonus": item.bonus, "max": item.max, "claimed": item.claimed, "score": item.score,
                     "status": item.status, "explanation": "".join(item.messages),
                     "evidence": EVIDENCE_SEPARATOR.join(e.title for e in answer.evidence) if answer else ""})
    return rows


def store_items(submission: Submission, own: ScoreResult, answers: AnswersFile) -> None:
    """Make ``submission.items`` the rows of ``own``. Rows that did not change are left alone (a review action
    re-scores without touching them); when the rubric's items are no longer the stored ones, the old rows are
    deleted before the new ones are written."""
    rows = item_values(own, answers)
    current = list(submission.items)
    if [i.item_id for i in current] != [r["item_id"] for r in rows]:
        if current:
            submission.items.clear()
            session = object_session(submission)
            if session is not None:
                session.flush()
        submission.items.extend(SubmissionItem(**row) for row in rows)
        return
    for stored, row in zip(current, rows):
        for field in FIELDS:
            if getattr(stored, field) != row[field]:
                setattr(stored, field, row[field])
