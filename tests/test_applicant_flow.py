"""The applicant's flow through AppTest: refused input says why, the results page is compact and linked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app_pages.applicant.answer_widgets import NumberRule, read_number
from app_pages.common.session import key
from app_pages.strings import applicant as S
from tests.test_app import assert_clean, drafts, load_example, new_app, open_indicator, sidebar_total  # noqa: F401


def errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("typed, message", [
    ("-5", S.NUMBER_NEGATIVE.format(text="-5")),
    ("2.5", S.NUMBER_NOT_WHOLE.format(text="2.5")),
    ("1e3", S.NUMBER_EXPONENT.format(text="1e3")),
    ("abc", S.NUMBER_NOT_A_NUMBER.format(text="abc")),
])
def test_a_refused_count_says_why_beside_the_field_and_keeps_the_saved_value(drafts, typed, message):
    at = load_example(new_app(), "point")
    before = sidebar_total(at)
    open_indicator(at, "point", "P42")
    at.text_input(key=key("ans", "P42", "value")).input(typed).run()
    assert_clean(at)
    assert message + S.NUMBER_SAVED.format(value=2) in errors(at)
    assert sidebar_total(at) == before
    at.text_input(key=key("ans", "P42", "value")).input("3").run()
    assert not [e for e in errors(at) if "「" in e]  # the stale message is gone
    assert at.text_input(key=key("ans", "P42", "value")).value == "3"


def test_read_number_accepts_plain_numbers_and_half_steps():
    assert read_number("３", NumberRule()) == (Decimal(3), None)
    assert read_number("", NumberRule()) == (None, None)
    assert read_number("2.5", NumberRule(whole=False, half=True)) == (Decimal("2.5"), None)
    assert read_number("2.3", NumberRule(whole=False, half=True))[1] == S.NUMBER_NOT_HALF.format(text="2.3")
    assert read_number("101", NumberRule(whole=False, maximum=Decimal(100)))[1] == S.NUMBER_OUT_OF_RANGE.format(
        text="101", low="0", high="100")
