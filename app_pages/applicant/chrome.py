"""One small stylesheet for every page: Chinese in place of Streamlit's built-in English widget text, and a
compact score line that only narrow screens show.

Streamlit has no locale setting; its own labels ("Upload", "50MB per file • …", "Select all", "Press Enter to
apply") are replaced here with CSS ``content`` (the English text is shrunk to nothing, the Chinese added after it).
These selectors use Streamlit 1.67's internal ``data-testid`` attributes.
"""

from __future__ import annotations

import streamlit as st

from app_pages.strings import applicant as S

MOBILE_SCORE_KEY = "mobile_score"
NARROW = 640  # px: below this the sidebar is collapsed, so the score line shows at the top of the page


def _stylesheet() -> str:
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{S.CHROME_UPLOAD}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{S.CHROME_UPLOAD_LIMIT}"; font-size: 0.8rem; }}
[data-key="__select_all__"] > div {{ font-size: 0; }}
[data-key="__select_all__"] > div::after {{ content: "{S.CHROME_SELECT_ALL}"; font-size: 0.875rem; }}
[data-testid="InputInstructions"] {{ font-size: 0 !important; }}
[data-testid="InputInstructions"]::after {{ content: "{S.CHROME_PRESS_ENTER}"; font-size: 0.75rem; }}
[data-testid="stTextArea"] [data-testid="InputInstructions"]::after {{ content: "{S.CHROME_TEXT_AREA}"; }}
.st-key-{MOBILE_SCORE_KEY} {{ display: none; }}
@media (max-width: {NARROW}px) {{
  .st-key-{MOBILE_SCORE_KEY} {{ display: block; position: sticky; top: 0; z-index: 99;
    background: var(--background-color, #fff); padding: 0.25rem 0; border-bottom: 1px solid #d9dde3; }}
}}
</style>"""


def inject() -> None:
    """Add the stylesheet to the page (call once per run, before the page body)."""
    st.html(_stylesheet())
