"""A reviewer's check of an item's parts, one by one (items whose score follows from ticked parts): which parts
were verified as met, and the score that follows. Confirming must agree with the applicant's ticks; a different
finding is an override, with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .. import kinds
from ..points import HALF, half_points
from ..rubric import Item
from . import messages as msg
from .errors import WorkflowError


def checked_parts(item: Item, raw: object) -> dict[str, bool]:
    """``raw`` (part key → met) as the item's parts in rubric order; every part must be given as true or false."""
    if kinds.part_review(item.rule) is None:
        raise WorkflowError(msg.REVIEW_PARTS_NOT_ALLOWED.format(item_id=item.id))
    keys = [p.key for p in item.rule.parts]
    if not isinstance(raw, Mapping):
        raise WorkflowError(msg.REVIEW_PARTS_MISSING.format(item_id=item.id, keys="、".join(keys)))
    unknown = [str(k) for k in raw if k not in keys]
    if unknown:
        raise WorkflowError(msg.REVIEW_PARTS_UNKNOWN.format(item_id=item.id, key="、".join(unknown),
                                                            keys="、".join(keys)))
    missing = [k for k in keys if k not in raw]
    if missing:
        raise WorkflowError(msg.REVIEW_PARTS_MISSING.format(item_id=item.id, keys="、".join(missing)))
    for key in keys:
        if not isinstance(raw[key], bool):
            raise WorkflowError(msg.REVIEW_PARTS_VALUE.format(item_id=item.id, key=key, value=raw[key]))
    return {key: raw[key] for key in keys}


def claimed(item: Item, answer: Any) -> dict[str, bool] | None:
    """The applicant's ticks of an item with parts (None for other items, or when the answer ticks none)."""
    module = kinds.part_review(item.rule)
    return module.claimed_parts(item.rule, answer) if module is not None else None


def confirmed_parts(item: Item, parts: dict[str, bool], answer: Any) -> dict[str, bool]:
    """The parts a confirmation records: ``parts``, which must equal the applicant's ticks when the answer ticks
    them (an answer claiming a partial score without ticks leaves the reviewer's check as it is)."""
    ticked = claimed(item, answer)
    if ticked is not None and ticked != parts:
        labels = {p.key: p.label for p in item.rule.parts}
        differences = "；".join(
            (msg.REVIEW_PART_NOT_MET if ticked[k] else msg.REVIEW_PART_MET).format(label=labels[k])
            for k in parts if parts[k] != ticked[k])
        raise WorkflowError(msg.REVIEW_PARTS_DIFFER.format(item_id=item.id, differences=differences))
    return parts


def parts_override_score(item: Item, parts: dict[str, bool], raw_score: object) -> Decimal:
    """The score an override with verified ``parts`` gives: full points when all are met, 0 when none is, and
    otherwise the reviewer's half-step score above 0 and below full points."""
    derived = kinds.part_review(item.rule).parts_score(item.rule, item.points, parts)
    if derived is not None:
        return derived
    value = half_points(raw_score, HALF, item.points - HALF)
    if value is None:
        raise WorkflowError(msg.REVIEW_PARTS_SCORE.format(
            item_id=item.id, met=sum(parts.values()), total=len(parts), max=item.points, score=raw_score))
    return value
