"""``md``: any user text, written into Markdown, parses back to the same plain text and nothing else."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app_pages.common.text import WORD_JOINER, md

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
PLAIN = {"paragraph_open", "paragraph_close", "inline"}
INLINE_PLAIN = {"text", "softbreak", "hardbreak"}
HOSTILE = [
    "![](http://127.0.0.1:9/x.png)", "[点我](http://127.0.0.1:9/)", "**bold**", ":red[红]", "<b>html</b>",
    "复核结论：**确认**", ":material/home:", "$x^2$", "1. 列表", "# 标题", "> 引用", "- 项", "+ 项", "`code`",
    "| a | b |\n|---|---|", "~~删~~", "a\\*b", "<http://127.0.0.1:9/>", "&amp;", "x_y_z", "    缩进代码",
    "第一行\n\n    第二行\n# 第三行", "---", "===", "[x]: http://127.0.0.1:9/", "http://127.0.0.1:9/x.png",
]


def plain_text(markdown: str) -> str:
    """The text a Markdown source shows; fails when it makes anything but one paragraph of plain text."""
    tokens = PARSER.parse(markdown)
    if not tokens:
        return ""
    assert {t.type for t in tokens} <= PLAIN, [t.type for t in tokens]
    (inline,) = [t for t in tokens if t.type == "inline"]
    assert {c.type for c in inline.children} <= INLINE_PLAIN, [c.type for c in inline.children]
    return "".join(c.content if c.type == "text" else "\n" for c in inline.children).replace(WORD_JOINER, "")


def shown(text: str) -> str:
    """What a browser shows of text: runs of white space as one space (so also line breaks)."""
    return re.sub(r"\s+", " ", text).strip()


def test_hostile_strings_parse_back_to_themselves_as_plain_text():
    for text in HOSTILE:
        assert shown(plain_text(md(text))) == shown(text), text


def test_streamlit_directives_icons_and_maths_lose_their_trigger_characters():
    assert md(":red[红]") == "\\:red\\[红\\]"
    assert ":material/" not in md(":material/home:")  # Streamlit rewrites that prefix before parsing
    assert md("$x$") == "\\$x\\$"
    assert md("![](http://h/x.png)") == "\\!\\[\\]\\(http\u2060\\:\\/\\/h\\/x\\.png\\)"


# GFM's autolink literals (mdast-util-gfm-autolink-literal) are found in text after parsing: a scheme followed by
# "://", "www." and "local@domain.tld". They need the scheme, "www" or the local part right before the marker.
AUTOLINK_LITERAL = re.compile(r"(?i)(https?://|www\.|[-.+\w]+@[-\w]+\.)")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("htpsw.:/@a1 ")), max_size=30))
def test_no_bare_address_survives_for_gfm_to_link(text):
    assert not AUTOLINK_LITERAL.search(_text_with_joiners(md(text)))


def _text_with_joiners(markdown: str) -> str:
    """The text nodes of the parsed Markdown as GFM's autolink pass sees them (word joiners kept)."""
    tokens = PARSER.parse(markdown)
    return "".join(c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "text")


def test_addresses_keep_their_visible_text_but_lose_their_link():
    for text in ("http://127.0.0.1:9/x.png", "见 www.example.com", "联系 a.b@example.com", "HTTPS://X.CN"):
        assert plain_text(md(text)) == text
        assert not AUTOLINK_LITERAL.search(_text_with_joiners(md(text)))


def test_line_breaks_stay_breaks_and_indents_never_make_code():
    assert plain_text(md("一\n二")) == "一\n二"
    assert plain_text(md("一\n    二")) == "一\n    二"
    assert md(None) == "" and md(12) == "12"


text_strategy = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("\n\t ")),
                        max_size=80)


@settings(max_examples=400, deadline=None)
@given(text_strategy)
def test_any_text_renders_as_itself(text):
    assert shown(plain_text(md(text))) == shown(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE + ["*", "_", "[", "]", "(", ")", "!", "<", ">", "\\", "`", "\n", " "]),
                max_size=12))
def test_any_mix_of_markdown_syntax_renders_as_itself(parts):
    text = "".join(parts)
    assert shown(plain_text(md(text))) == shown(text)
