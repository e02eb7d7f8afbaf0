"""Evidence files: type and size limits by content, encryption at rest, and tamper detection on download."""

from __future__ import annotations

import base64
import io
import os
import stat

import pytest
from docx import Document
from openpyxl import Workbook
from sqlalchemy import select, update

from scoring.store import crypto, db, evidence, submissions
from scoring.store.errors import EvidenceCorrupt, KeyUnusable, UploadRejected, WorkflowError
from scoring.store.filetypes import check_upload, safe_relative_path, sniff
from scoring.store.models import AuditEntry, EvidenceBlob, EvidenceFile

from .world import ROUND, full_answers, pdf_bytes, png_bytes, submitted, uscc


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("保密协议")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name,make,kind", [
    ("协议.pdf", pdf_bytes, "pdf"), ("照片.png", png_bytes, "png"), ("协议.docx", docx_bytes, "docx"),
    ("台账.xlsx", xlsx_bytes, "xlsx"), ("照片.JPG", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 64, "jpeg"),
])
def test_allowed_types_are_recognised_by_content(name, make, kind):
    assert check_upload(name, make()) == kind


@pytest.mark.parametrize("name,data,words", [
    ("程序.pdf", b"MZ\x90\x00" + b"\0" * 100, "不是扩展名所示"),
    ("台账.docx", None, "不是扩展名所示"),  # an xlsx renamed to .docx
    ("压缩包.docx", None, "不是扩展名所示"),  # a plain zip renamed to .docx
    ("脚本.exe", b"MZ", "类型不受支持"),
    ("空.pdf", b"", "空文件"),
])
def test_files_whose_content_or_extension_is_not_allowed_are_refused_in_chinese(name, data, words):
    if name == "台账.docx":
        data = xlsx_bytes()
    if name == "压缩包.docx":
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.txt", "x")
        data = buffer.getvalue()
    with pytest.raises(UploadRejected, match=words):
        check_upload(name, data)


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setenv("TSP_MAX_EVIDENCE_MB", "0.001")
    with pytest.raises(UploadRejected, match="超过上限"):
        check_upload("大文件.pdf", pdf_bytes("x" * 2000))


def test_paths_may_not_escape_the_submission():
    assert safe_relative_path("evidence\\a.pdf") == "evidence/a.pdf"
    for bad in ("../a.pdf", "/etc/passwd", "C:/a.pdf", "a/../../b.pdf"):
        with pytest.raises(UploadRejected):
            safe_relative_path(bad)
    assert sniff(b"hello") is None


@pytest.fixture
def uploaded(engine, world):
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                            full_answers("point", "上海甲科技有限公司", uscc(1)))
        stored = evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/协议.pdf", pdf_bytes("保密"))
        return sub.id, stored.id


def test_upload_then_download_round_trips_and_is_encrypted_at_rest(engine, world, uploaded):
    _, evidence_id = uploaded
    with db.session_scope(engine) as s:
        blob = s.get(EvidenceBlob, evidence_id)
        assert pdf_bytes("保密")[:64] not in blob.ciphertext and b"%PDF" not in blob.ciphertext
        content = evidence.open_evidence(s, world.reviewer_a, evidence_id)
    assert content.data == pdf_bytes("保密") and content.media_type == "application/pdf"
    with db.session_scope(engine) as s:
        last = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert (last.action, last.actor_id, last.object_id) == ("evidence_downloaded", world.reviewer_a.user_id,
                                                                 evidence_id)


def test_a_changed_ciphertext_is_detected_on_download(engine, world, uploaded):
    _, evidence_id = uploaded
    with db.session_scope(engine) as s:
        blob = s.get(EvidenceBlob, evidence_id)
        flipped = bytearray(blob.ciphertext)
        flipped[10] ^= 1
        blob.ciphertext = bytes(flipped)
    with db.session_scope(engine) as s:
        with pytest.raises(EvidenceCorrupt, match="无法解密"):
            evidence.open_evidence(s, world.reviewer_a, evidence_id)


def test_a_changed_recorded_hash_is_detected_on_download(engine, world, uploaded):
    _, evidence_id = uploaded
    with engine.begin() as c:
        c.execute(update(EvidenceFile).where(EvidenceFile.id == evidence_id).values(sha256="0" * 64))
    with db.session_scope(engine) as s:
        with pytest.raises(EvidenceCorrupt):
            evidence.open_evidence(s, world.reviewer_a, evidence_id)


def test_a_ciphertext_swapped_onto_another_record_does_not_open(engine, world, uploaded):
    sub_id, first = uploaded
    with db.session_scope(engine) as s:
        second = evidence.upload_evidence(s, world.applicant_a, sub_id, "evidence/照片.png", png_bytes()).id
    with db.session_scope(engine) as s:
        a, b = s.get(EvidenceBlob, first), s.get(EvidenceBlob, second)
        a.nonce, a.ciphertext, b.nonce, b.ciphertext = b.nonce, b.ciphertext, a.nonce, a.ciphertext
    with db.session_scope(engine) as s:
        with pytest.raises(EvidenceCorrupt):
            evidence.open_evidence(s, world.applicant_a, first)


def test_another_key_cannot_open_the_evidence(engine, world, uploaded, monkeypatch):
    _, evidence_id = uploaded
    monkeypatch.setenv("TSP_SECRET_KEY", base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(EvidenceCorrupt):
        with db.session_scope(engine) as s:
            evidence.open_evidence(s, world.applicant_a, evidence_id)


def test_evidence_cannot_be_uploaded_once_submitted(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(WorkflowError):
            evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/late.png", png_bytes())


def test_key_file_is_created_with_0600_on_first_start_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("TSP_SECRET_KEY")
    monkeypatch.setenv("TSP_SECRET_KEY_FILE", str(tmp_path / "keys" / "secret.key"))
    key = crypto.load_key()
    path = tmp_path / "keys" / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 32 and crypto.load_key() == key


def test_key_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("TSP_SECRET_KEY")
    path = tmp_path / "secret.key"
    path.write_text(base64.b64encode(os.urandom(32)).decode())
    path.chmod(0o644)
    monkeypatch.setenv("TSP_SECRET_KEY_FILE", str(path))
    with pytest.raises(KeyUnusable, match="chmod 600"):
        crypto.load_key()


def test_malformed_environment_key_is_refused(monkeypatch):
    monkeypatch.setenv("TSP_SECRET_KEY", base64.b64encode(b"too short").decode())
    with pytest.raises(KeyUnusable, match="TSP_SECRET_KEY"):
        crypto.load_key()


def test_the_review_sheet_links_each_items_evidence_entries_to_the_uploaded_files(engine, world):
    from scoring.store import review

    data = full_answers("point", "上海甲科技有限公司", uscc(1))
    data["answers"]["P01"]["evidence"][0]["file"] = "evidence\\通知.pdf"
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND, data)
        stored = evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/通知.pdf", pdf_bytes("通知"))
        sheet = review.review_sheet(s, world.reviewer_a, sub.id)
        assert [f.id for f in sheet.evidence_files_for("P01")] == [stored.id]
        assert sheet.evidence_files_for("P02") == []
