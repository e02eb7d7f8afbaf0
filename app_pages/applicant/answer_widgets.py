"""The answer widget of one item, chosen by its rule kind; each writes the answer back on change."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import streamlit as st

from app_pages.common import session
from app_pages.strings import applicant as S
from app_pages.common.ui import pts
from scoring.editing import answer_body, answer_fields, check_choices, form_values, set_answer
from scoring.kinds.tiered import TIER_NONE
from scoring.points import HALF
from scoring.rubric import EitherRule, Item, TieredRule


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_EXPONENT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")


@dataclass(frozen=True)
class NumberRule:
    """What a number field accepts: whole numbers only, half steps, and its bounds."""

    whole: bool = True
    half: bool = False
    minimum: Decimal = Decimal(0)
    maximum: Decimal | None = None


def read_number(text: object, rule: NumberRule) -> tuple[Decimal | None, str | None]:
    """A typed number as (value, None), or (None, a Chinese message saying why it is refused); blank is (None, None)."""
    raw = unicodedata.normalize("NFKC", str(text or "")).strip().replace(",", "")
    if not raw:
        return None, None
    if _EXPONENT.fullmatch(raw):
        return None, S.NUMBER_EXPONENT.format(text=raw)
    if not _PLAIN_NUMBER.fullmatch(raw):
        return None, S.NUMBER_NOT_A_NUMBER.format(text=raw)
    value = Decimal(raw)
    if value < 0:
        return None, S.NUMBER_NEGATIVE.format(text=raw)
    if rule.whole and value != value.to_integral_value():
        return None, S.NUMBER_NOT_WHOLE.format(text=raw)
    if rule.half and (value * 2) != (value * 2).to_integral_value():
        return None, S.NUMBER_NOT_HALF.format(text=raw)
    if value < rule.minimum or (rule.maximum is not None and value > rule.maximum):
        top = S.NUMBER_NO_TOP if rule.maximum is None else pts(rule.maximum)
        return None, S.NUMBER_OUT_OF_RANGE.format(text=raw, low=pts(rule.minimum), high=top)
    return value.normalize() if value == value.to_integral_value() else value, None


def _shown(value: Any) -> str:
    return "" if value is None else pts(value)


def _key(item: Item, part: str) -> str:
    return session.key("ans", item.id, part)


def _score_field(item: Item) -> dict[str, NumberRule]:
    return {"score": NumberRule(whole=False, half=True, minimum=HALF, maximum=item.points - HALF)}


def _whole_at_least(rule: Any) -> NumberRule:
    return NumberRule(whole=rule.minimum == rule.minimum.to_integral_value())


def _either_fields(rule: Any) -> dict[str, NumberRule]:
    return {cond.field: (NumberRule(whole=False, maximum=Decimal(100)) if cond.type == "share" else NumberRule())
            for option in rule.options for cond in option.conditions}


# The number fields of an item of each rule kind, and what each accepts.
NUMBER_FIELDS = {
    "check": lambda item: _score_field(item),
    "checklist": lambda item: _score_field(item),
    "measured": lambda item: {"value": NumberRule(whole=False, maximum=item.rule.maximum)},
    "threshold": lambda item: {"value": _whole_at_least(item.rule)},
    "occurrences": lambda item: {"value": NumberRule()},
    "per_unit": lambda item: {"count": NumberRule()},
    "tiered": lambda item: {},
    "two_counts": lambda item: {part.field: NumberRule() for part in item.rule.parts},
    "either": lambda item: _either_fields(item.rule),
}


def _rules(item: Item) -> dict[str, NumberRule]:
    """The number fields of an item and what each accepts."""
    return NUMBER_FIELDS[item.rule.kind](item)


@session.callback
def _on_answer(item_id: str) -> None:
    session.focus(item_id)
    draft = session.current()
    item = draft.rubric.item(item_id)
    values = form_values(item, answer_body(draft.working, item_id))
    numbers = _rules(item)
    for part in values:
        name = _key(item, part)
        if name not in st.session_state:
            continue
        if part in numbers:
            value, problem = read_number(st.session_state[name], numbers[part])
            if problem is None:  # a refused value keeps the saved one; the field says why
                values[part] = value
        else:
            values[part] = st.session_state[name]
    session.change(lambda working: set_answer(working, item, answer_fields(item, values)))


def _number(item: Item, part: str, label: str, value: Any, *, help: str | None = None) -> None:
    """A number field that may be blank (unanswered); a refused value gets its reason beside the field."""
    name = _key(item, part)
    st.text_input(label, value=_shown(value), key=name, help=help, on_change=_on_answer, args=(item.id,),
                  placeholder="—")
    typed = st.session_state.get(name)
    if typed is None:
        return
    accepted, problem = read_number(typed, _rules(item)[part])
    if problem is not None:
        saved = S.NUMBER_SAVED.format(value=pts(value)) if value is not None else S.NUMBER_NOTHING_SAVED
        st.error(f"{problem}{saved}", icon=":material/error:")


def _check(item: Item, values: dict) -> None:
    choices = check_choices(item)
    st.segmented_control(S.SA_CHECK_LABEL, choices, format_func=S.SA_CHECK_CHOICES.get,
                         default=values["choice"] if values["choice"] in choices else None,
                         key=_key(item, "choice"), on_change=_on_answer, args=(item.id,), help=S.SA_CHECK_HELP)
    if values["choice"] == "partial":
        _number(item, "score", S.SA_PARTIAL_SCORE.format(points=pts(item.points)), values["score"])


def _tiered(item: Item, rule: TieredRule, values: dict) -> None:
    options = [t.key for t in rule.tiers] + [TIER_NONE]
    labels = {t.key: S.SA_TIER_OPTION.format(label=t.label, points=pts(t.points)) for t in rule.tiers}
    labels[TIER_NONE] = S.SA_TIER_NONE
    index = options.index(values["tier"]) if values["tier"] in options else None
    st.radio(S.SA_TIER_LABEL, options, index=index, format_func=labels.get, key=_key(item, "tier"),
             on_change=_on_answer, args=(item.id,))


def _either(item: Item, rule: EitherRule, values: dict) -> None:
    options = [o.key for o in rule.options]
    labels = {o.key: o.label for o in rule.options}
    index = options.index(values["org_kind"]) if values["org_kind"] in options else None
    st.radio(S.SA_EITHER_LABEL, options, index=index, format_func=labels.get, key=_key(item, "org_kind"),
             on_change=_on_answer, args=(item.id,), horizontal=True)
    option = next((o for o in rule.options if o.key == values["org_kind"]), None)
    if option is None:
        return
    columns = st.columns(len(option.conditions))
    for column, cond in zip(columns, option.conditions):
        with column:
            if cond.type == "share":
                help_text = S.SA_CONDITION_HELP.format(minimum=f"{pts(cond.minimum * 100)}%")
                _number(item, cond.field, S.SA_SHARE_LABEL.format(label=cond.label), values[cond.field],
                        help=help_text)
            else:
                _number(item, cond.field, cond.label, values[cond.field],
                        help=S.SA_CONDITION_HELP.format(minimum=pts(cond.minimum)))


def _value(item: Item, rule: Any, values: dict) -> None:
    _number(item, "value", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["value"],
            help=S.SA_THRESHOLD_HELP.format(minimum=pts(rule.minimum), unit=rule.unit, points=pts(item.points)))


def _measured(item: Item, rule: Any, values: dict) -> None:
    # A measure such as a share of staff may be fractional (98.5 %): never a whole-number input.
    _number(item, "value", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["value"],
            help=S.SA_MEASURED_HELP.format(required=rule.required, minimum=pts(rule.minimum), unit=rule.unit,
                                           points=pts(item.points)))


def _occurrences(item: Item, rule: Any, values: dict) -> None:
    _number(item, "value", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["value"],
            help=S.SA_OCCURRENCES_HELP.format(minimum=rule.minimum, unit=rule.unit, points=pts(item.points)))
    if rule.parts:
        st.caption(S.SA_COVERS_LABEL)
        for part in rule.parts:
            st.checkbox(part.label, value=bool(values[part.key]), key=_key(item, part.key), on_change=_on_answer,
                        args=(item.id,))


def _per_unit(item: Item, rule: Any, values: dict) -> None:
    _number(item, "count", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["count"],
            help=S.SA_PER_UNIT_HELP.format(unit=rule.unit, per=pts(rule.per_unit), cap=pts(rule.cap)))


def _two_counts(item: Item, rule: Any, values: dict) -> None:
    columns = st.columns(len(rule.parts))
    for column, part in zip(columns, rule.parts):
        with column:
            _number(item, part.field, part.label, values[part.field],
                    help=S.SA_TWO_COUNTS_HELP.format(baseline=part.baseline, per=pts(part.per), cap=pts(part.cap)))


def _checklist(item: Item, rule: Any, values: dict) -> None:
    st.caption(S.SA_CHECKLIST_LABEL.format(points=pts(item.points)))
    for part in rule.parts:
        st.checkbox(part.label, value=bool(values[part.key]), key=_key(item, part.key), on_change=_on_answer,
                    args=(item.id,))
    ticked = sum(bool(values[p.key]) for p in rule.parts)
    if 0 < ticked < len(rule.parts) and item.points > HALF:
        _number(item, "score", S.SA_CHECKLIST_PARTIAL.format(points=pts(item.points)), values["score"])

WIDGETS = {
    "check": lambda item, rule, values: _check(item, values),
    "checklist": _checklist,
    "measured": _measured,
    "threshold": _value,
    "occurrences": _occurrences,
    "per_unit": _per_unit,
    "tiered": _tiered,
    "two_counts": _two_counts,
    "either": _either,
}


def answer_widget(item: Item, working: dict) -> None:
    """Draw the widget(s) that answer ``item``, showing its current answer."""
    values = form_values(item, answer_body(working, item.id))
    WIDGETS[item.rule.kind](item, item.rule, values)
