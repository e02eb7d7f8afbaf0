"""User text shown literally inside Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, titles, messages, toasts and in the labels of widgets,
expanders, tabs and buttons (GitHub-flavoured Markdown plus its own directives: ``:red[…]``, ``:material/…:``
icons, ``$…$`` maths, emoji short codes). HTML is escaped by Streamlit already; Markdown is not, so a name such as
``![](http://host/x.png)`` would make every viewer's browser fetch that address. ``md`` puts a backslash before
every ASCII punctuation character (CommonMark lets any of them be escaped, and an escaped character is always
literal text), so no link, image, emphasis, directive, icon, maths or list marker can start from user text.
"""

from __future__ import annotations

import string

# Every ASCII punctuation character: escaping one that Markdown does not use is harmless, and escaping all of
# them also covers what Streamlit adds (``:`` of directives and icons, ``$`` of maths, ``/`` of ``:material/``).
_ESCAPES = str.maketrans({char: "\\" + char for char in string.punctuation})


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
    body = line.lstrip(" ")
    return "&#32;" * (len(line) - len(body)) + body.translate(_ESCAPES)
