"""User text is text on every page: a hostile demo district (names, notes, reasons, evidence titles, file names,
office and park names that carry a Markdown image, a link, bold, a Streamlit colour directive, HTML and a fake
"复核结论" line) renders on every page of the matrix with that text escaped wherever Markdown sees it, and shown
literally where the page shows it."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from streamlit.testing.v1 import AppTest

from app_pages.common.paths import PAGES
from app_pages.common.session import key
from app_pages.common.text import md
from scoring.store import db, workflow
from scoring.store.models import EvidenceFile, Office, Organisation, Park, Review, ServiceOrganisation, Submission, User
from tests.markdown_text import literal
from tests.office_fixtures import APP
from tests.page_matrix_fixtures import (
    build_matrix_file, matrix_cases, own_copy, problems_of, render, role_pages, signed_in_app,
)

HOSTILE = "![](http://127.0.0.1:9/x.png)[链](http://127.0.0.1:9/)**bold**:red[红]<b>html</b>"
FAKE_CONCLUSION = "复核结论：**确认**"
HOSTILE_NOTE = f"{HOSTILE}\n{FAKE_CONCLUSION}"
RAW_FRAGMENTS = ("![](http://127.0.0.1:9/x.png)", "[链](http://127.0.0.1:9/)", "**bold**", ":red[红]", "<b>html</b>")
# The page's own conclusion line is "复核结论：**确认**，3 分（…）"; an applicant's fake one has no score after it.
REAL_CONCLUSION = re.compile(r"复核结论：\*\*[^*]+\*\*，")
# Proto fields Streamlit renders as Markdown: bodies of text elements and messages, labels, tooltips, and the
# options of radios, segmented controls and pills (a selectbox's options are plain text).
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "captions", "content", "title"}
PLAIN_OPTION_ELEMENTS = {"selectbox", "multiselect"}
# st.text shows its body as it is (no Markdown), which is why pages use it for lines made of user text.
PLAIN_BODY_ELEMENTS = {"text"}
PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
CASES = matrix_cases()


def _make_hostile(database) -> None:
    """Every user-supplied string of the demo district replaced by a hostile one (each still unique)."""
    admin = database.actor("admin")
    with db.session_scope(database.engine) as s:
        for model in (Office, Park, Organisation, ServiceOrganisation):
            for row in s.execute(select(model)).scalars():
                row.name = f"{HOSTILE}{row.name}"
        for user in s.execute(select(User)).scalars():
            user.display_name = f"{HOSTILE}{user.id}"
        for review in s.execute(select(Review).where(Review.decision == "override")).scalars():
            review.reason = HOSTILE_NOTE
        for file in s.execute(select(EvidenceFile)).scalars():
            file.filename = f"{HOSTILE}.pdf"
        for submission in s.execute(select(Submission)).scalars():
            answers = submission.answers
            for answer in (answers.get("answers") or {}).values():
                answer["note"] = HOSTILE_NOTE
                for entry in answer.get("evidence") or []:
                    if "title" in entry:  # not a reference to the evidence library
                        entry["title"] = HOSTILE
            for entry in (answers.get("evidence_library") or {}).values():
                entry["title"] = HOSTILE
            flag_modified(submission, "answers")
        waiting = s.execute(select(Submission.id).where(Submission.status == "submitted")
                            .order_by(Submission.id)).scalars().first()
        s.flush()
        workflow.transition(s, admin, waiting, "request_changes", note=HOSTILE_NOTE)


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    build_matrix_file(path, adjust=_make_hostile)
    return path


@pytest.fixture
def hostile(hostile_file, tmp_path, monkeypatch):
    database = own_copy(hostile_file, tmp_path, monkeypatch)
    yield database
    database.engine.dispose()


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if hasattr(value, "ListFields"):
        return [s for _field, v in value.ListFields() for s in _strings(v)]
    if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated"):
        return [s for v in value for s in _strings(v)]
    return []


def markdown_sources(at) -> list[str]:
    """Every string of the rendered page that Streamlit passes through Markdown."""
    out: list[str] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            return
        kind = getattr(node, "type", "")
        for field, value in proto.ListFields():
            if field.name == "options" and kind in PLAIN_OPTION_ELEMENTS:
                continue
            if field.name == "body" and kind in PLAIN_BODY_ELEMENTS:
                continue
            if field.name == "body" and kind == "html" and not any(f in value for f in RAW_FRAGMENTS):
                continue  # the app's own stylesheet (st.html); user text there would still be caught
            if field.name in MARKDOWN_FIELDS or field.name == "options":
                out.extend(_strings(value))

    walk(at._tree)
    return out


def unsafe_markdown(source: str) -> list[str]:
    """What in one Markdown source is not text: images, links, raw HTML, or a raw hostile fragment."""
    found = [f"raw {f!r}" for f in RAW_FRAGMENTS if f in source]
    if "复核结论：**" in source and not REAL_CONCLUSION.search(source):
        found.append(f"a conclusion line that the page did not write: {source!r}")
    for token in PARSER.parse(source):
        for child in token.children or []:
            if child.type in ("image", "link_open", "html_inline"):
                found.append(f"{child.type} in {source!r}")
        if token.type == "html_block":
            found.append(f"html block in {source!r}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_text_is_escaped_on_every_page(hostile, case):
    at = render(hostile, case)
    assert problems_of(at) == []
    sources = markdown_sources(at)
    assert sources, "the page rendered no text at all"
    assert [problem for source in sources for problem in unsafe_markdown(source)] == []


def _shown_literally(at, text: str) -> bool:
    return any(text in literal(source) for source in markdown_sources(at))


def test_the_reviewer_sees_hostile_names_notes_titles_and_files_as_literal_text(hostile):
    sid = hostile.submission_ids(status="reviewed")[2]  # the demo's third enterprise has an override
    at = signed_in_app(hostile, "admin", PAGES["review"], submission=str(sid))
    assert problems_of(at) == []
    for text in (f"{HOSTILE}.pdf", FAKE_CONCLUSION, "《" + HOSTILE + "》"):
        assert _shown_literally(at, text), text
    title = at.title[0].value
    assert md(HOSTILE) in title and HOSTILE in literal(title)
    note = next(source for source in markdown_sources(at) if FAKE_CONCLUSION in literal(source))
    assert md(FAKE_CONCLUSION) in note and FAKE_CONCLUSION not in note  # the fake line stays the note's text


def test_the_applicant_sees_the_hostile_reason_and_note_literally(hostile):
    at = signed_in_app(hostile, "demo03", PAGES["filing"])
    assert problems_of(at) == []
    assert _shown_literally(at, HOSTILE) and _shown_literally(at, FAKE_CONCLUSION)


def test_the_park_registry_and_admin_pages_show_hostile_names_literally(hostile):
    for username, page in (("yungu", PAGES["registry"]), ("admin", PAGES["admin"])):
        at = signed_in_app(hostile, username, page)
        assert problems_of(at) == []
        assert _shown_literally(at, HOSTILE), page


def test_a_hostile_draft_shows_literally_on_every_self_assessment_page(tmp_path, monkeypatch):
    """The applicant's own text (the name, an evidence library title) on the pages every visitor has."""
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "drafts"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.button(key="example_point").click().run()
    at.switch_page(PAGES["profile"]).run()
    at.text_input(key=key("profile", "name")).input(HOSTILE).run()
    at.switch_page(PAGES["library"]).run()
    at.text_input(key="library_add_0_title").input(HOSTILE_NOTE.replace("\n", " "))
    next(b for b in at.button if b.form_id == "library_add").click().run()
    assert problems_of(at) == []
    for page in role_pages()[None]:
        at.switch_page(page).run()
        assert problems_of(at) == [], page
        sources = markdown_sources(at)
        assert [problem for source in sources for problem in unsafe_markdown(source)] == [], page
        assert _shown_literally(at, HOSTILE), page  # at least the sidebar names the draft
