"""Messages for the next run of the page: changes happen in callbacks, before the page is drawn.

One queue for every page; ``app.py`` shows it once per run, above the page.
"""

from __future__ import annotations

import streamlit as st

FLASH_KEY = "_flash"


def flash(message: str, *, error: bool = False) -> None:
    """A message to show once on the next run (after a callback)."""
    st.session_state.setdefault(FLASH_KEY, []).append((error, message))


def take() -> list[tuple[bool, str]]:
    """The pending (is_error, message) pairs, emptied."""
    return st.session_state.pop(FLASH_KEY, [])


def show() -> None:
    """Show and empty the pending messages: errors in red, confirmations in green."""
    for error, message in take():
        if error:
            st.error(message, icon=":material/error:")
        else:
            st.success(message, icon=":material/check_circle:")
