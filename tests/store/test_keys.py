"""The evidence key: required with PostgreSQL, checked against the database's fingerprint at start-up, and each
kind of failed decryption told apart and logged."""

from __future__ import annotations

import base64
import os

import pytest
from sqlalchemy import delete, select

from scoring.store import audit, db, evidence, keys, submissions
from scoring.store.crypto import fingerprint, load_key
from scoring.store.errors import EvidenceCorrupt, EvidenceMissing, KeyMismatch, KeyUnusable
from scoring.store.models import AuditEntry, EvidenceBlob

from .world import ROUND, full_answers, pdf_bytes, uscc

OTHER_KEY = base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def uploaded(engine, world):
    keys.check_startup(engine)
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                            full_answers("point", "上海甲科技有限公司", uscc(1)))
        return evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/协议.pdf", pdf_bytes("保密")).id


def _unreadable_reasons(engine) -> list[str]:
    with db.session_scope(engine, readonly=True) as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.action == "evidence_unreadable")).scalars()
        return [audit.entries_frame([r]).loc[0, "detail"]["reason"] for r in rows]


def test_the_first_start_records_the_fingerprint_and_a_later_start_with_another_key_stops(engine, monkeypatch):
    assert keys.check_startup(engine) == fingerprint(load_key())
    monkeypatch.setenv("TSP_SECRET_KEY", OTHER_KEY)
    with pytest.raises(KeyMismatch, match="密钥与数据库不符"):
        keys.check_startup(engine)


def test_connect_refuses_a_wrong_key_before_writing(engine, monkeypatch):
    keys.check_startup(engine)
    monkeypatch.setenv("TSP_SECRET_KEY", OTHER_KEY)
    with pytest.raises(KeyMismatch):
        db.connect(engine.url.render_as_string(hide_password=False))


def test_postgresql_without_a_configured_key_is_a_clear_start_up_error(monkeypatch):
    monkeypatch.delenv("TSP_SECRET_KEY")
    with pytest.raises(KeyUnusable, match="TSP_SECRET_KEY"):
        keys.require_configured_key("postgresql")
    keys.require_configured_key("sqlite")  # the embedded default may keep its generated key file


def test_a_wrong_key_is_told_apart_from_tampering(engine, world, uploaded, monkeypatch):
    monkeypatch.setenv("TSP_SECRET_KEY", OTHER_KEY)
    with pytest.raises(KeyMismatch, match="指纹不符"):
        with db.session_scope(engine) as s:
            evidence.open_evidence(s, world.reviewer_a, uploaded)


def test_a_tampered_ciphertext_is_reported_and_logged_though_the_transaction_rolls_back(engine, world, uploaded):
    with db.session_scope(engine) as s:
        blob = s.get(EvidenceBlob, uploaded)
        blob.ciphertext = bytes([blob.ciphertext[0] ^ 1]) + blob.ciphertext[1:]
    with pytest.raises(EvidenceCorrupt, match="篡改"):
        with db.session_scope(engine) as s:
            evidence.open_evidence(s, world.reviewer_a, uploaded)
    assert _unreadable_reasons(engine) == ["tampered"]


def test_a_missing_blob_is_its_own_error_not_an_attribute_error(engine, world, uploaded):
    with engine.begin() as c:
        c.execute(delete(EvidenceBlob).where(EvidenceBlob.evidence_id == uploaded))
    with pytest.raises(EvidenceMissing, match="缺失"):
        with db.session_scope(engine) as s:
            evidence.open_evidence(s, world.reviewer_a, uploaded)
    assert _unreadable_reasons(engine) == ["missing"]
    with db.session_scope(engine, readonly=True) as s:
        assert audit.verify(s).ok


def test_the_chain_is_never_extended_under_another_key(engine, world, uploaded, monkeypatch):
    monkeypatch.setenv("TSP_SECRET_KEY", OTHER_KEY)
    with pytest.raises(KeyMismatch):
        with db.session_scope(engine) as s:
            audit.record(s, None, "export")
    monkeypatch.setenv("TSP_SECRET_KEY", base64.b64encode(bytes(range(32))).decode())
    with db.session_scope(engine, readonly=True) as s:
        assert audit.verify(s).ok
