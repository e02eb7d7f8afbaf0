"""Scores of a stored submission: the engine's score of the answers (the self score) and the final score with
the reviewer's overrides applied. Both are recomputed from the stored answers and reviews, never typed in; the
self score of each item is also stored (``submission_items``) for exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from ..answers import AnswersFile, parse_answers
from ..engine import ScoreResult, _subtotals, score
from ..points import ZERO
from ..problems import AnswersInvalid
from ..rubric import Rubric, load_rubric
from . import messages as msg
from .errors import WorkflowError
from .item_scores import store_items
from .models import Submission, utcnow


def apply_overrides(result: ScoreResult, overrides: Mapping[str, Decimal],
                    reasons: Mapping[str, str] | None = None) -> ScoreResult:
    """``result`` with the overridden items' scores replaced, and totals and indicator subtotals recomputed exactly.

    The claim (``claimed`` per item, ``claimed_total``) stays the applicant's; an overridden item keeps the engine's
    explanation and gains a line with the reviewer's score and reason.
    """
    reasons = reasons or {}
    items = []
    for item in result.items:
        if item.id in overrides:
            new = Decimal(overrides[item.id])
            line = msg.OVERRIDE_LINE.format(score=_n(new), engine=_n(item.score), reason=reasons.get(item.id) or "—")
            item = replace(item, score=new, messages=[*item.messages, line])
        items.append(item)
    base = sum((i.score for i in items if not i.bonus), ZERO)
    bonus = sum((i.score for i in items if i.bonus), ZERO)
    return result.model_copy(update={"items": items, "indicators": _subtotals(items), "base": base, "bonus": bonus,
                                     "total": base + bonus})


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def stored_answers(submission: Submission, rubric: Rubric | None = None) -> AnswersFile:
    """The submission's answers, validated against the current rubric (WorkflowError when its version changed)."""
    try:
        return parse_answers(submission.answers, file=f"申报#{submission.id}", rubric=rubric)
    except AnswersInvalid:
        stored = submission.answers.get("rubric_version") if isinstance(submission.answers, dict) else None
        current = (rubric or load_rubric(submission.rubric)).version
        if stored and str(stored) != current:
            raise WorkflowError(msg.RUBRIC_VERSION_CHANGED.format(stored=stored, current=current)) from None
        raise


def overrides_of(submission: Submission) -> tuple[dict[str, Decimal], dict[str, str]]:
    """The overridden items' scores and reasons."""
    chosen = [r for r in submission.reviews if r.decision == "override"]
    return {r.item_id: r.score for r in chosen}, {r.item_id: r.reason or "" for r in chosen}


def refresh_scores(submission: Submission, answers: AnswersFile | None = None, rubric: Rubric | None = None,
                   own: ScoreResult | None = None) -> tuple[ScoreResult, ScoreResult]:
    """Re-score the submission (``own``: the engine's result for ``answers``, when already computed), store the
    derived totals and the per-item rows (``item_scores.store_items``) on it, and return (self result, final
    result). This is the one place the score columns are derived: every write of answers comes through here."""
    if answers is None:
        answers = stored_answers(submission, rubric)
    if own is None:
        own = score(rubric, answers)
    overrides, reasons = overrides_of(submission)
    final = apply_overrides(own, overrides, reasons)
    store_items(submission, own, answers)
    submission.rubric_version = own.rubric_version
    submission.claimed_total = own.claimed_total
    submission.self_total = own.total
    submission.answered = own.answered
    submission.item_count = own.item_count
    submission.reviewed_items = len(submission.reviews)
    submission.final_total = final.total if submission.reviews else None
    submission.updated_at = utcnow()
    return own, final
