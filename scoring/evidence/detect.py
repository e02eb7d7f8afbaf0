"""Finders for personal data in text, and the masks shown instead of the values.

Fewer false alarms beat more: every numeric finder checks what the number must satisfy (GB 11643 check character
and a real birth date for ID numbers, Luhn and a card-issuer prefix for bank cards, a real area code for landlines)
and no number is taken out of a longer run of letters or digits, so a USCC, a date, an order or invoice number or
a page count is not reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..uscc import uscc_problem

# Provinces and regions of GB/T 2260 (first two digits of an ID number); 83 is used on residence permits.
PROVINCE_CODES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                            51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83})
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# Issuer prefixes of cards in use in mainland China: UnionPay 62, domestic 60 and 95, Visa 4, Mastercard 51–55 and
# 22–27, American Express 34/37, JCB 35. A Luhn-valid order number starting otherwise is not a card.
CARD_PREFIXES = ("62", "60", "95", "4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27", "34", "37",
                 "35")

_START = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
_ID18 = re.compile(_START + r"\d{17}[\dXx]" + _END)
_ID15 = re.compile(_START + r"\d{15}" + _END)
_MOBILE = re.compile(r"(?:(?<=\+86)|(?<=\+86[ -])|(?<=\b86[ -])|" + _START + r")"
                     r"1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})" + _END)
_CARD = re.compile(_START + r"(?:\d{13,19}|\d{4}(?:([ -])\d{4}){2}\1\d{4}(?:\1\d{1,3})?)" + _END)
_AREA = r"(?:010|02\d|0[3-9]\d{2})"
_LANDLINE = re.compile(r"(?<![0-9A-Za-z])(?:[(（]" + _AREA + r"[)）] ?|" + _AREA + r"[- ])[2-9]\d{6,7}(?!\d)")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])")

# An 18-digit number can pass both the ID and the USCC check (about one valid ID in 31 does); it is taken for a
# USCC only when labelled as one just before it.
USCC_LABELS = ("信用代码", "纳税人识别号", "税号", "注册号", "USCC")
LABEL_WINDOW = 16

# When two matches overlap, the earlier kind here wins.
PRIORITY = ("id_card", "bank_card", "mobile", "landline", "email")


@dataclass(frozen=True)
class Match:
    """A value found in a text: its kind, the value as written and where it is in the text."""

    kind: str
    value: str
    start: int
    end: int

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)


# ---------------------------------------------------------------- validators


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def _birth_date_ok(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= today


def is_id_number(value: str, today: dt.date | None = None) -> bool:
    """An 18-character ID with a valid check character, or a 15-digit old one; both with a real region and date."""
    today = today or dt.date.today()
    if int(value[:2]) not in PROVINCE_CODES:
        return False
    if len(value) == 18:
        return (_birth_date_ok(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)
                and id_check_char(value[:17]) == value[17].upper())
    if len(value) == 15:
        return _birth_date_ok(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), today)
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_card_number(value: str) -> bool:
    """13–19 digits with a card-issuer prefix and a valid Luhn check digit."""
    digits = re.sub(r"\D", "", value)
    return 13 <= len(digits) <= 19 and digits.startswith(CARD_PREFIXES) and luhn_ok(digits)


# ---------------------------------------------------------------- finding


def _labelled_uscc(text: str, start: int, value: str) -> bool:
    before = text[max(0, start - LABEL_WINDOW):start].upper()
    return len(value) == 18 and uscc_problem(value.upper()) is None and any(label in before for label in USCC_LABELS)


def _candidates(text: str, today: dt.date) -> list[Match]:
    found: list[Match] = []
    for pattern in (_ID18, _ID15):
        found += [Match("id_card", m.group(), m.start(), m.end()) for m in pattern.finditer(text)
                  if is_id_number(m.group(), today) and not _labelled_uscc(text, m.start(), m.group())]
    found += [Match("bank_card", m.group(), m.start(), m.end()) for m in _CARD.finditer(text)
              if is_card_number(m.group())]
    found += [Match("mobile", m.group(), m.start(), m.end()) for m in _MOBILE.finditer(text)]
    found += [Match("landline", m.group(), m.start(), m.end()) for m in _LANDLINE.finditer(text)]
    found += [Match("email", m.group(), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    return found


def find_sensitive(text: str, today: dt.date | None = None) -> list[Match]:
    """Every ID number, mobile, bank card, e-mail address and landline in ``text``, in order, without overlaps."""
    today = today or dt.date.today()
    chosen: list[Match] = []
    for match in sorted(_candidates(text, today), key=lambda m: (PRIORITY.index(m.kind), m.start)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


# ---------------------------------------------------------------- masks


def _mask_positions(value: str, keep_head: int, keep_tail: int, countable=str.isalnum) -> str:
    """Replace the countable characters of ``value`` by '*', except the first and last few; separators stay."""
    total = sum(1 for ch in value if countable(ch))
    out, seen = [], 0
    for ch in value:
        if countable(ch):
            out.append(ch if seen < keep_head or seen >= total - keep_tail else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def _mask_landline(value: str) -> str:
    match = re.match(r"^([(（]?" + _AREA + r"[)）]?[- ]?)(.*)$", value)
    area, number = match.group(1), match.group(2)
    return area + _mask_positions(number, 0, 2)


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[0] + "*" * (len(local) - 1) if len(local) > 1 else "*") + "@" + domain


MASKS = {
    "id_card": lambda v: _mask_positions(v, 4, 4),
    "bank_card": lambda v: _mask_positions(v, 4, 4, str.isdigit),
    "mobile": lambda v: _mask_positions(v, 3, 4, str.isdigit),
    "landline": _mask_landline,
    "email": _mask_email,
}


def mask(kind: str, value: str) -> str:
    """The masked preview of a value: as long as the value, separators kept, the middle replaced by '*'."""
    return MASKS[kind](value)
