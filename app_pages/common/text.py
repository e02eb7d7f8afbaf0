"""User text shown literally inside Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, titles, messages, toasts and in the labels of widgets,
expanders, tabs and buttons (GitHub-flavoured Markdown plus its own directives: ``:red[…]``, ``:material/…:``
icons, ``$…$`` maths, emoji short codes). HTML is escaped by Streamlit already; Markdown is not, so a name such as
``![](http://host/x.png)`` would make every viewer's browser fetch that address. ``md`` puts a backslash before
every ASCII punctuation character (CommonMark lets any of them be escaped, and an escaped character is always
literal text), so no link, image, emphasis, directive, icon, maths or list marker can start from user text.

GitHub-flavoured Markdown also turns bare addresses (``http://…``, ``www.…``, ``name@host``) into links after
parsing, in the text itself, where escapes no longer count; ``md`` therefore puts an invisible word joiner
(U+2060) after the scheme or ``www`` and before ``@``, which no autolink pattern accepts.
"""

from __future__ import annotations

import re
import string

# Every ASCII punctuation character: escaping one that Markdown does not use is harmless, and escaping all of
# them also covers what Streamlit adds (``:`` of directives and icons, ``$`` of maths, ``/`` of ``:material/``).
_ESCAPES = str.maketrans({char: "\\" + char for char in string.punctuation})
WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)(https?|ftp|www|mailto|xmpp)(?=[:.])|(?=@)")


def md(text: object) -> str:
    """``text`` (any user-supplied value, None as empty) written so that Markdown shows it literally.

    Surrounding white space is dropped; line breaks stay line breaks (a hard break, not a new paragraph or list);
    spaces at the start of a line are written as character references so they never make an indented code block.
    """
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip().split("\n")
    return "\\\n".join(_line(line) for line in lines)


def _line(line: str) -> str:
    body = _AUTOLINK_STARTS.sub(lambda m: (m.group(1) or "") + WORD_JOINER, line.lstrip(" "))
    return "&#32;" * (len(line) - len(line.lstrip(" "))) + body.translate(_ESCAPES)
