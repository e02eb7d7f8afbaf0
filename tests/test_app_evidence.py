"""The app's desensitisation check and evidence bundle, driven through AppTest.

Uploaded documents carry made-up personal data (``tests/evidence_fixtures.py``); every test has its own drafts folder.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pdfminer.high_level import extract_text
from streamlit.testing.v1 import AppTest

from app_pages.strings import applicant as S
from app_pages.applicant.documents import BUNDLE
from app_pages.applicant.evidence_editor import md
from app_pages.common.session import key
from scoring.answers import load_answers
from scoring.drafts import ANSWERS_NAME
from scoring.editing import new_working
from scoring.evidence import texts
from scoring.evidence.draft import REDACTED_DIR, BuiltBundle
from scoring.rubric import load_rubric

from .evidence_fixtures import ID, MASKED, MOBILE, make_docx, make_pdf, make_png
from .test_app import APP, PAGE, assert_clean, drafts, open_indicator  # noqa: F401 - drafts is a fixture
from tests.markdown_text import literal

APPLICANT = "松江测试科技有限公司"


@pytest.fixture
def app(drafts, tmp_path):
    """A new point draft with the applicant's name and P06 claimed as met, opened in the app."""
    working = new_working(load_rubric("point"), dt.date(2026, 11, 1))
    working["applicant"] = {"name": APPLICANT}
    working["answers"] = {"P06": {"met": True}}
    draft_id = drafts.create(working)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["draft"] = draft_id
    at.run()
    assert_clean(at)
    return at


def upload(at: AppTest, item_id: str, name: str, data: bytes, mime: str = "application/pdf") -> AppTest:
    open_indicator(at, "point", item_id)
    rounds = (at.session_state["_upload_round"] if "_upload_round" in at.session_state else {}).get(item_id, 0)
    at.button(key=key("ev", item_id, "upload")).click().run()  # the uploader is drawn on request
    at.file_uploader(key=key("up", item_id, rounds)).upload(name, data, mime).run()
    assert_clean(at)
    return at


def pdf_bytes(tmp_path, name: str, pages: list[list[str]]) -> bytes:
    return make_pdf(tmp_path / name, pages).read_bytes()


def texts_on_page(at: AppTest) -> list[str]:
    return [literal(e.value) for e in (*at.warning, *at.info, *at.error, *at.markdown, *at.caption)]


def draft_folder(at: AppTest, drafts):
    return drafts.folder(at.session_state["_draft"].draft_id)


def open_documents(at: AppTest) -> AppTest:
    at.switch_page(PAGE["documents"]).run()
    assert_clean(at)
    return at


def bundle_download(at: AppTest):
    return next(b for b in at.download_button if b.label == S.DESENS_BUNDLE_DOWNLOAD)


# ---------------------------------------------------------------- beside the item


def test_an_uploaded_file_with_an_id_number_shows_the_masked_finding_beside_the_item(app, tmp_path):
    upload(app, "P06", "复评名单.pdf", pdf_bytes(tmp_path, "a.pdf", [["复评人员"], [f"身份证号：{ID}"]]))
    shown = texts_on_page(app)
    finding = next(t for t in shown if MASKED["id_card"] in t)
    assert texts.KIND_LABELS["id_card"] in finding and "第 2 页" in finding
    assert S.EV_STATUS_LABELS["outstanding"] in finding
    assert not any(ID in t for t in shown)


def test_a_clean_file_is_said_clean_and_an_image_is_said_unchecked(app, tmp_path):
    upload(app, "P06", "制度.pdf", pdf_bytes(tmp_path, "b.pdf", [["商业秘密保护管理制度"]]))
    assert S.EV_CLEAN in [c.value for c in app.caption]
    upload(app, "P06", "照片.png", make_png(tmp_path / "p.png").read_bytes(), "image/png")
    assert any(texts.UNCHECKED_IMAGE in c.value for c in app.caption)


def test_a_file_that_cannot_be_read_gets_a_chinese_message(app):
    upload(app, "P06", "坏文件.pdf", b"%PDF-1.4 broken")
    assert S.EV_UNREADABLE.format(message=texts.PDF_BROKEN) in [e.value for e in app.error]


# ---------------------------------------------------------------- the documents page


def test_the_bundle_download_is_disabled_while_a_finding_is_outstanding(app, tmp_path):
    upload(app, "P06", "名单.pdf", pdf_bytes(tmp_path, "c.pdf", [[f"联系电话 {MOBILE}"]]))
    open_documents(app)
    assert bundle_download(app).disabled
    assert S.DESENS_BUNDLE_BLOCKED.format(count=1) in [w.value for w in app.warning]
    assert any(MASKED["mobile"] in literal(m.value) for m in app.markdown)
    assert not any(b.key == "desens_bundle_build" for b in app.button)


def test_accepting_a_finding_records_it_in_the_answers_file_and_lets_the_bundle_through(app, drafts, tmp_path):
    upload(app, "P06", "名单.pdf", pdf_bytes(tmp_path, "d.pdf", [[f"办公电话（对外公开）{MOBILE}"]]))
    open_documents(app)
    accept = app.button(key="desens_accept")
    assert accept.disabled
    checkbox = next(c for c in app.checkbox if c.key.startswith(key("desens", "sel")))
    checkbox.check().run()
    assert app.button(key="desens_accept").disabled  # not until the applicant confirms
    app.checkbox(key=key("desens", "confirm")).check().run()
    app.button(key="desens_accept").click().run()
    assert_clean(app)

    saved = load_answers(draft_folder(app, drafts) / ANSWERS_NAME)
    assert [a.model_dump() for a in saved.desensitisation.accepted] == [
        {"file": "evidence/名单.pdf", "kind": "mobile", "location": "第 1 页", "masked": MASKED["mobile"]}]
    assert any(MASKED["mobile"] in literal(m.value) and S.EV_STATUS_LABELS["accepted"] in literal(m.value) for m in app.markdown)
    assert app.button(key="desens_bundle_build") is not None
    assert not any(b.label == S.DESENS_BUNDLE_DOWNLOAD for b in app.download_button)

    # withdrawing the acceptance makes the finding outstanding again
    next(b for b in app.button if b.key.startswith(key("desens", "undo"))).click().run()
    assert_clean(app)
    assert load_answers(draft_folder(app, drafts) / ANSWERS_NAME).desensitisation.accepted == ()
    assert bundle_download(app).disabled


def test_redacting_makes_a_copy_without_the_value_and_then_the_bundle_downloads(app, drafts, tmp_path):
    upload(app, "P06", "名单.pdf", pdf_bytes(tmp_path, "e.pdf", [["培训签到"], [f"张三 {ID}"]]))
    folder = draft_folder(app, drafts)
    original = (folder / "evidence" / "名单.pdf").read_bytes()
    open_documents(app)
    app.button(key="desens_redact").click().run()
    assert_clean(app)

    copy = folder / REDACTED_DIR / "evidence" / "名单.pdf"
    assert ID not in extract_text(copy) and MASKED["id_card"] in extract_text(copy)
    assert (folder / "evidence" / "名单.pdf").read_bytes() == original
    assert any(MASKED["id_card"] in literal(m.value) and S.EV_STATUS_LABELS["redacted"] in literal(m.value) for m in app.markdown)
    assert S.DESENS_COPY_DOWNLOAD in [b.label for b in app.download_button]

    app.button(key="desens_bundle_build").click().run()
    assert_clean(app)
    download = bundle_download(app)
    assert not download.disabled
    built = app.session_state[BUNDLE][1]
    assert isinstance(built, BuiltBundle) and built.data.startswith(b"%PDF-")
    text = extract_text(io.BytesIO(built.data))
    assert APPLICANT in text and MASKED["id_card"] in text and ID not in text


def test_a_file_that_cannot_be_redacted_is_named_and_the_others_are_still_redacted(app, drafts, tmp_path):
    upload(app, "P06", "坏文件.pdf", b"%PDF-1.4 broken")
    upload(app, "P06", "名单.pdf", pdf_bytes(tmp_path, "f.pdf", [[f"手机 {MOBILE}"]]))
    open_documents(app)
    assert S.DESENS_BUNDLE_UNREADABLE.format(count=1) in [w.value for w in app.warning]
    app.button(key="desens_redact").click().run()
    assert_clean(app)
    line = S.DESENS_PROBLEM.format(file="evidence/坏文件.pdf", message=texts.PDF_BROKEN)
    assert md(line) in [e.value for e in app.error]
    assert (draft_folder(app, drafts) / REDACTED_DIR / "evidence" / "名单.pdf").is_file()
    assert bundle_download(app).disabled  # the unreadable file still stands in the way


def test_word_evidence_without_libreoffice_is_explained_not_a_traceback(app, drafts, tmp_path, monkeypatch):
    from scoring.evidence import bundle, convert

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    monkeypatch.setattr(bundle, "find_soffice", lambda: None)
    data = make_docx(tmp_path / "制度.docx", ["商业秘密保护管理制度"]).read_bytes()
    upload(app, "P06", "制度.docx", data,
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    open_documents(app)
    assert S.DESENS_NO_OFFICE in [w.value for w in app.warning]
    app.button(key="desens_bundle_build").click().run()
    assert_clean(app)
    line = S.DESENS_PROBLEM.format(file="evidence/制度.docx",
                                   message=texts.NO_LIBREOFFICE.format(file="evidence/制度.docx"))
    assert any(e.value.startswith(S.DESENS_BUNDLE_REFUSED) and md(line) in e.value for e in app.error)
    assert not any(b.label == S.DESENS_BUNDLE_DOWNLOAD for b in app.download_button)
