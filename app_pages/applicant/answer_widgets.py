"""The answer widget of one item, chosen by its rule kind; each writes the answer back on change."""

from __future__ import annotations

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


def _key(item: Item, part: str) -> str:
    return session.key("ans", item.id, part)


@session.callback
def _on_answer(item_id: str) -> None:
    draft = session.current()
    item = draft.rubric.item(item_id)
    values = form_values(item, answer_body(draft.working, item_id))
    for part in values:
        name = _key(item, part)
        if name in st.session_state:
            values[part] = st.session_state[name]
    session.change(lambda working: set_answer(working, item, answer_fields(item, values)))


def _whole(value: Any) -> bool:
    return value is None or Decimal(str(value)) == Decimal(str(value)).to_integral_value()


def _number(item: Item, part: str, label: str, value: Any, *, help: str | None = None,
            whole: bool = True, max_value: float | None = None) -> None:
    """A number input that may be blank (unanswered)."""
    if whole and _whole(value):
        shown = None if value is None else int(value)
        st.number_input(label, min_value=0, max_value=None if max_value is None else int(max_value), step=1,
                        value=shown, key=_key(item, part), help=help, on_change=_on_answer, args=(item.id,),
                        placeholder="—")
    else:
        st.number_input(label, min_value=0.0, max_value=max_value, step=1.0, value=None if value is None else float(value),
                        key=_key(item, part), help=help, on_change=_on_answer, args=(item.id,), placeholder="—",
                        format="%g")


def _check(item: Item, values: dict) -> None:
    choices = check_choices(item)
    st.segmented_control(S.SA_CHECK_LABEL, choices, format_func=S.SA_CHECK_CHOICES.get,
                         default=values["choice"] if values["choice"] in choices else None,
                         key=_key(item, "choice"), on_change=_on_answer, args=(item.id,), help=S.SA_CHECK_HELP)
    if values["choice"] == "partial":
        top = float(item.points - HALF)
        score = values["score"]
        shown = float(score) if score is not None and HALF <= score <= top else None
        st.number_input(S.SA_PARTIAL_SCORE.format(points=pts(item.points)), min_value=float(HALF), max_value=top,
                        step=float(HALF), value=shown, key=_key(item, "score"), on_change=_on_answer,
                        args=(item.id,), format="%.1f", placeholder="—")


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
                        help=help_text, whole=False, max_value=100.0)
            else:
                _number(item, cond.field, cond.label, values[cond.field],
                        help=S.SA_CONDITION_HELP.format(minimum=pts(cond.minimum)))


def _value(item: Item, rule: Any, values: dict) -> None:
    _number(item, "value", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["value"],
            help=S.SA_THRESHOLD_HELP.format(minimum=pts(rule.minimum), unit=rule.unit, points=pts(item.points)),
            whole=rule.minimum == rule.minimum.to_integral_value())


def _measured(item: Item, rule: Any, values: dict) -> None:
    # A measure such as a share of staff may be fractional (98.5 %): never a whole-number input.
    _number(item, "value", S.SA_VALUE_LABEL.format(label=rule.label, unit=rule.unit), values["value"],
            help=S.SA_MEASURED_HELP.format(required=rule.required, minimum=pts(rule.minimum), unit=rule.unit,
                                           points=pts(item.points)),
            whole=False, max_value=None if rule.maximum is None else float(rule.maximum))


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
        top = float(item.points - HALF)
        score = values["score"]
        shown = float(score) if score is not None and float(HALF) <= score <= top else None
        st.number_input(S.SA_CHECKLIST_PARTIAL.format(points=pts(item.points)), min_value=float(HALF),
                        max_value=top, step=float(HALF), value=shown, key=_key(item, "score"),
                        on_change=_on_answer, args=(item.id,), format="%.1f", placeholder="—")


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
