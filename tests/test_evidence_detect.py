"""Finders: what must be reported, what must not (decoys), and masks that never show the whole value."""

from __future__ import annotations

import datetime as dt

import pytest

from scoring.evidence.detect import find_sensitive, id_check_char, is_card_number, is_id_number, mask

from .evidence_fixtures import CARD, DECOYS, EMAIL, ID, LANDLINE, MASKED, MOBILE, OLD_ID, PLANTED, WRONG_ID, valid_id


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.value) for m in find_sensitive(text)]


@pytest.mark.parametrize(("kind", "value"), sorted(PLANTED.items()))
def test_each_planted_value_is_found_with_its_kind(kind, value):
    assert kinds(f"材料中写有：{value}。") == [(kind, value)]


@pytest.mark.parametrize("decoy", DECOYS)
def test_decoys_are_not_reported(decoy):
    assert find_sensitive(decoy) == []


def test_gb11643_check_character_is_computed_as_the_standard_says():
    # The worked example of GB 11643-1999 annex: 11010519491231002 → X.
    assert id_check_char("11010519491231002") == "X"
    assert is_id_number("11010519491231002X") and is_id_number("11010519491231002x")


def test_id_numbers_need_a_real_region_and_birth_date():
    assert not is_id_number(valid_id("99010119900307123"))  # no province 99
    assert not is_id_number(valid_id("31010119900230123"))  # 30 February
    assert not is_id_number(valid_id("31010120990307123"), today=dt.date(2026, 11, 1))  # born in the future
    assert is_id_number(OLD_ID) and not is_id_number("310101901307123")  # month 13
    assert not is_id_number(WRONG_ID)


def test_a_number_valid_as_both_id_and_uscc_is_an_id_unless_labelled_as_a_uscc():
    assert kinds("身份证号：610000194201150008") == [("id_card", "610000194201150008")]
    assert kinds("纳税人识别号 610000194201150008") == []


def test_a_fifteen_digit_old_id_is_reported_as_an_id():
    assert kinds(f"旧身份证 {OLD_ID}") == [("id_card", OLD_ID)]


def test_cards_need_luhn_and_an_issuer_prefix():
    assert is_card_number(CARD)
    assert not is_card_number(CARD[:-1] + str((int(CARD[-1]) + 1) % 10))
    assert not is_card_number("2026031500012344")  # Luhn-valid but starts like a date-based order number


def test_grouped_card_and_separated_mobile_numbers_are_found():
    grouped = " ".join(CARD[i:i + 4] for i in range(0, len(CARD), 4))
    assert kinds(f"卡号：{grouped}") == [("bank_card", grouped)]
    assert kinds("手机 138-0013-8000，+8613912345678") == [("mobile", "138-0013-8000"), ("mobile", "13912345678")]


def test_numbers_inside_longer_codes_are_not_reported():
    assert find_sensitive(f"编号A{MOBILE}B 与 9{ID}") == []


def test_landlines_need_an_area_code():
    assert kinds("电话（021）57681234 或 0571-88886666 或 57681234") == [
        ("landline", "（021）57681234"), ("landline", "0571-88886666")]


@pytest.mark.parametrize(("kind", "value"), sorted(PLANTED.items()))
def test_masks_keep_the_length_and_hide_the_middle(kind, value):
    masked = mask(kind, value)
    assert masked == MASKED[kind]
    assert len(masked) == len(value) and masked != value and "*" in masked


def test_the_id_mask_shows_four_characters_at_each_end():
    assert mask("id_card", "310101199003071234") == "3101**********1234"


def test_an_email_with_a_one_letter_name_is_still_masked():
    assert mask("email", "a@example.com") == "*@example.com"
    assert EMAIL not in mask("email", EMAIL) and LANDLINE not in mask("landline", LANDLINE)


# ---------------------------------------------------------------- properties

from hypothesis import given, strategies as st  # noqa: E402

from scoring.evidence.detect import PROVINCE_CODES  # noqa: E402

from .evidence_fixtures import luhn_card  # noqa: E402

ids = st.builds(lambda region, day, seq: valid_id(f"{region}{day:%Y%m%d}{seq:03d}"),
                st.sampled_from(sorted(PROVINCE_CODES)).flatmap(
                    lambda p: st.integers(0, 9999).map(lambda r: f"{p}{r:04d}")),
                st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)), st.integers(0, 999))


@given(ids)
def test_every_valid_id_number_is_found_and_masked_to_eight_visible_characters(number):
    [match] = find_sensitive(f"身份证：{number}")
    assert (match.kind, match.value) == ("id_card", number)
    assert sum(ch != "*" for ch in match.masked) == 8


@given(st.sampled_from(["62", "4", "51", "35"]), st.integers(11, 17).flatmap(
    lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_every_luhn_valid_card_with_an_issuer_prefix_is_found(prefix, body):
    card = luhn_card(prefix + body[: 18 - len(prefix)])
    assert [(m.kind, m.value) for m in find_sensitive(f"卡号 {card}")] in ([("bank_card", card)], [("id_card", card)])


@given(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 999))
def test_dates_and_page_counts_are_never_reported(day, pages):
    text = f"{day:%Y-%m-%d} {day:%Y%m%d} {day:%Y年%m月%d日} 共 {pages} 页 第 {pages} 页"
    assert find_sensitive(text) == []
