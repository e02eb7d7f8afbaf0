"""What a Markdown source shows as text, for tests that look for user text on a page (the pages escape it)."""

from __future__ import annotations

import re
import string

_ESCAPED = re.compile("\\\\([" + re.escape(string.punctuation) + "])")


def literal(source: object) -> str:
    """``source`` with the escapes of ``app_pages.common.text.md`` undone (backslash escapes, leading spaces, the word joiners that stop autolinks)."""
    return _ESCAPED.sub(r"\1", str(source)).replace("&#32;", " ").replace("\u2060", "")
