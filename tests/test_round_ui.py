"""Small pieces the round's pages share: user text made literal for Markdown, and the phase banner's sentence."""

from __future__ import annotations

import datetime as dt

from app_pages.common.round_ui import md
from app_pages.strings import office as O
from scoring.store.rounds import Phase, RoundStatus
from tests.markdown_text import literal


def test_user_text_is_literal_in_markdown():
    text = "**粗体** [链接](http://x) `code` # 标题"
    assert literal(md(text)) == text and "**" not in md(text)  # the round pages use the one shared escape
    assert md(None) == ""


def test_the_banner_names_the_phase_days_left_and_the_deadline():
    filing = Phase("filing", "创建申报", dt.date(2026, 9, 1), dt.date(2026, 9, 10))
    later = Phase("acceptance", "验收评定", dt.date(2026, 9, 11), dt.date(2026, 9, 30))
    open_ = RoundStatus(2026, dt.date(2026, 9, 8), (filing,), later, 3, dt.date(2026, 9, 10), 2)
    assert O.phase_text(open_) == ("2026 年度当前阶段：创建申报（本阶段剩余 3 天，至 2026-09-10）。"
                                   "下一阶段：验收评定，2026-09-11 开始。申报截止：2026-09-10（还剩 3 天）。")
    closed = RoundStatus(2026, dt.date(2026, 12, 31), (), None, None, dt.date(2026, 9, 10), -112)
    assert O.phase_text(closed) == "当前不在 2026 年度的任何阶段。申报已于 2026-09-10 截止。"


def test_no_string_module_defines_a_name_twice():
    """A second assignment silently replaces the first page's text (the meeting form once renamed every review
    form's save button)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in [*sorted((root / "app_pages" / "strings").glob("*.py")), root / "scoring" / "store" / "messages.py",
                 root / "scoring" / "messages.py"]:
        names = [t.id for node in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)]
        assert sorted({n for n in names if names.count(n) > 1}) == [], path.name
