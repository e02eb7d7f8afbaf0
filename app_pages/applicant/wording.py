"""Validation messages as the applicant pages show them: without the answers-file field names.

The library's messages name the file's field in brackets ("申报单位名称（name）不能为空") for people editing an
answers file; beside a form field that key means nothing, so it is dropped here.
"""

from __future__ import annotations

import re

_FIELD_KEY = re.compile(r"（[A-Za-z_][A-Za-z0-9_.\[\]]*）")
_TRAILING_KEY = re.compile(r"(?<=[\u4e00-\u9fff]) [a-z_]+(?=$|[，。；])")


def plain(message: str) -> str:
    """``message`` without bracketed or trailing answers-file field keys."""
    return _TRAILING_KEY.sub("", _FIELD_KEY.sub("", message))
