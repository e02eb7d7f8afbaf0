"""Backup, then restore into a fresh database: the audit chain verifies and the evidence decrypts."""

from __future__ import annotations

import json
import stat
import time
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.engine import make_url

from scoring.store import backup, db, evidence, keys, submissions
from scoring.store.errors import StoreError

from ..cli_runner import invoke
from .conftest import TEST_KEY, url_of
from .world import ROUND, full_answers, pdf_bytes, uscc


@pytest.fixture
def filled(engine, world):
    keys.check_startup(engine)
    with db.session_scope(engine) as s:
        sub = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                            full_answers("point", "上海甲科技有限公司", uscc(1)))
        return evidence.upload_evidence(s, world.applicant_a, sub.id, "evidence/协议.pdf", pdf_bytes("保密")).id


@pytest.fixture
def fresh_target(engine, tmp_path):
    """The URL of an empty database of the same backend (PostgreSQL: a new database, same schema name)."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'tsp.db'}"
        return
    name = f"tsp_restore_{uuid.uuid4().hex[:10]}"
    server = db.make_engine(make_url(url_of(engine)).difference_update_query(["options"]), isolation_level="AUTOCOMMIT")
    for attempt in range(10):  # CREATE DATABASE copies template1 and fails while another session is on it
        try:
            with server.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            break
        except DBAPIError as err:
            if "being accessed by other users" not in str(err) or attempt == 9:
                raise
            time.sleep(0.5 + attempt * 0.5)
    yield make_url(url_of(engine)).set(database=name).render_as_string(hide_password=False)
    with server.connect() as c:
        c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def test_backup_then_restore_into_a_fresh_database_verifies_and_decrypts(engine, world, filled, fresh_target,
                                                                         tmp_path):
    drafts = tmp_path / "drafts"
    (drafts / "d1").mkdir(parents=True)
    (drafts / "d1" / "answers.yaml").write_text("meta: {}\n", encoding="utf-8")
    manifest = backup.backup(tmp_path / "bk", url_of(engine), drafts_dir=drafts)
    assert manifest["key_fingerprint"] == keys.check_startup(engine)
    saved = json.loads((tmp_path / "bk" / "backup.json").read_text(encoding="utf-8"))
    assert "TSP_SECRET_KEY" not in json.dumps(saved) and saved["audit_rows"] > 0
    assert stat.S_IMODE((tmp_path / "bk").stat().st_mode) == 0o700
    restored_drafts = tmp_path / "restored-drafts"
    report = backup.restore(tmp_path / "bk", fresh_target, drafts_dir=restored_drafts)
    assert report.audit.ok and report.audit.rows == saved["audit_rows"], report.audit.message
    assert (restored_drafts / "d1" / "answers.yaml").read_text(encoding="utf-8") == "meta: {}\n"
    restored = db.make_engine(fresh_target)
    try:
        with db.session_scope(restored) as s:
            assert evidence.open_evidence(s, world.reviewer_a, filled).data == pdf_bytes("保密")
    finally:
        restored.dispose()


def test_restore_refuses_a_changed_file_a_wrong_key_and_a_database_in_use(engine, world, filled, tmp_path,
                                                                          monkeypatch):
    backup.backup(tmp_path / "bk", url_of(engine), drafts_dir=tmp_path / "none")
    with pytest.raises(StoreError, match="已有数据表"):
        backup.restore(tmp_path / "bk", url_of(engine))
    monkeypatch.setenv("TSP_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".replace("A", "B", 1))
    with pytest.raises(StoreError, match="密钥指纹"):
        backup.restore(tmp_path / "bk", url_of(engine))
    monkeypatch.setenv("TSP_SECRET_KEY", TEST_KEY)
    dump = next(p for p in (tmp_path / "bk").iterdir() if p.name != "backup.json")
    dump.write_bytes(dump.read_bytes() + b"x")
    with pytest.raises(StoreError, match="SHA-256"):
        backup.restore(tmp_path / "bk", url_of(engine))


def test_cli_backup_then_restore_ends_with_audit_verify(engine, world, filled, fresh_target, tmp_path, monkeypatch):
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "drafts"))
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    made = invoke(["backup", "--out", str(tmp_path / "bk")])
    assert made.exit_code == 0, made.stderr
    assert "密钥本身须另行保管" in made.stdout
    monkeypatch.setenv("TSP_DATABASE_URL", fresh_target)
    restored = invoke(["restore", str(tmp_path / "bk")])
    assert restored.exit_code == 0, restored.stderr
    assert "审计日志完整" in restored.stdout
    again = invoke(["restore", str(tmp_path / "bk")])
    assert again.exit_code == 2 and "已有数据表" in again.stderr and "Traceback" not in again.stderr
