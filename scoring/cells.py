"""Spreadsheet and CSV cells that stay text: no formula injection (OWASP "CSV injection").

A string that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is one that Excel or LibreOffice
may read as a formula. In xlsx such a string is written as a string cell (data type ``s``) with the
"quote prefix" style set: the visible value is exactly the text, and editing the cell keeps it text. In CSV there
are no types, so such a string gets a leading single quote. Numbers, dates and ``None`` pass through unchanged (a
negative number stays a number).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: object) -> bool:
    """True for a string that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(sheet, value: Any) -> Any:
    """``value`` as something ``sheet.append`` takes: a risky string becomes a text cell of ``sheet`` (works for
    normal and write-only worksheets); anything else is returned as it is."""
    if not is_risky(value):
        return value
    from openpyxl.cell import Cell, WriteOnlyCell  # here, so CSV users need not load openpyxl
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    cell = WriteOnlyCell(sheet) if isinstance(sheet, WriteOnlyWorksheet) else Cell(sheet)
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_row(sheet, values: Iterable[Any]) -> list[Any]:
    """Every value of a row through ``safe_cell``."""
    return [safe_cell(sheet, v) for v in values]


def append_safe(sheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` with risky strings written as text."""
    sheet.append(safe_row(sheet, values))


def csv_text(value: Any) -> Any:
    """A CSV field: a risky string gets a leading single quote; anything else is returned as it is."""
    return "'" + value if is_risky(value) else value
