"""Exact point arithmetic: every score is a Decimal in steps of 0.5, serialised as a plain JSON number."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import PlainSerializer

HALF = Decimal("0.5")
ZERO = Decimal("0")


def as_json_number(value: Decimal | int) -> int | float:
    """An int when whole, else a float; halves and shares are exact in binary so nothing drifts."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Points = Annotated[Decimal, PlainSerializer(as_json_number, return_type=float, when_used="json")]


def to_decimal(raw: object) -> Decimal | None:
    """Parse a YAML/JSON number (or numeric string) exactly; None when it is not a number.

    Floats go through ``str`` so that YAML's ``0.3`` becomes ``Decimal('0.3')``, not its binary neighbour.
    Booleans are not numbers here.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    if isinstance(raw, str):
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


def is_half_step(value: Decimal) -> bool:
    """True when ``value`` is a whole multiple of 0.5."""
    return (value / HALF) == (value / HALF).to_integral_value()


def half_points(raw: object, low: Decimal, high: Decimal) -> Decimal | None:
    """``raw`` as exact points in steps of 0.5 within ``low``–``high`` inclusive; None when it is not.

    The one parser of a typed or written score (answers files, reviewer overrides, documents, settings).
    """
    value = to_decimal(raw)
    if value is None or not (low <= value <= high) or not is_half_step(value):
        return None
    return value
