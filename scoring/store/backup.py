"""Backup and restore of the whole installation: the database (SQLite's online backup API, or ``pg_dump`` in its
custom format), the drafts folder, and a manifest with the schema revision, the audit head and the evidence key's
*fingerprint* (never the key: it is backed up apart, see the README's key escrow rule). Restore checks the files
and the key, loads the database into an empty target, and ends with ``audit verify``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from . import audit, db, keys
from . import messages as msg
from .crypto import fingerprint, load_key
from .errors import StoreError

MANIFEST = "backup.json"
SQLITE_FILE = "tsp.db"
PG_FILE = "database.dump"
DRAFTS_FILE = "drafts.tar"
FORMAT = 1


class BackupFailed(StoreError):
    """A backup or restore could not be made; nothing was overwritten."""


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict
    audit: audit.AuditReport


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _schema(url: URL) -> str:
    options = url.query.get("options", "")
    for part in (options if isinstance(options, str) else " ".join(options)).split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0]
    return "public"


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (given through PGPASSWORD instead, so it stays out of process lists)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).difference_update_query(["options"])
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupFailed(msg.BACKUP_TOOL_MISSING.format(tool=command[0]))
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupFailed(msg.BACKUP_TOOL_FAILED.format(tool=command[0], detail=done.stderr.strip()[-500:]))


def backup(out: Path, url: str | None = None, drafts_dir: Path | None = None) -> dict:
    """Write a backup of the database at ``url`` (default ``TSP_DATABASE_URL``) and the drafts folder into the new
    or empty folder ``out`` (0700); returns the manifest."""
    from ..drafts import drafts_root

    url = url or db.database_url()
    parsed = make_url(url)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupFailed(msg.BACKUP_TARGET_NOT_EMPTY.format(path=out))
    db.private_dir(out)
    engine = db.make_engine(url)
    try:
        with db.session_scope(engine, readonly=True) as session:
            revision = db.current_revision(engine)
            head = session.get(audit.AuditHead, 1)
            stored = keys.stored_fingerprint(session)
            audit_rows, audit_last = (head.length, head.last_hash) if head else (0, audit.GENESIS)
        files: dict[str, str] = {}
        if parsed.get_backend_name() == "sqlite":
            target = out / SQLITE_FILE
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
            source = sqlite3.connect(parsed.database)
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)  # a consistent copy while the app keeps running
            finally:
                copy.close()
                source.close()
            files[SQLITE_FILE] = _sha256(target)
        else:
            uri, env = _libpq(parsed)
            target = out / PG_FILE
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--schema={_schema(parsed)}",
                  f"--file={target}", uri], env)
            os.chmod(target, 0o600)
            files[PG_FILE] = _sha256(target)
    finally:
        engine.dispose()
    drafts = Path(drafts_dir) if drafts_dir is not None else drafts_root()
    if drafts.is_dir():
        archive = out / DRAFTS_FILE
        with tarfile.open(archive, "w") as tar:
            tar.add(drafts, arcname="drafts")
        os.chmod(archive, 0o600)
        files[DRAFTS_FILE] = _sha256(archive)
    manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "backend": parsed.get_backend_name(), "schema": _schema(parsed) if parsed.get_backend_name() ==
                "postgresql" else None, "revision": revision, "key_fingerprint": stored or fingerprint(load_key()),
                "audit_rows": audit_rows, "audit_last_hash": audit_last, "files": files}
    path = out / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(path, 0o600)
    return manifest


def _check(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupFailed(msg.BACKUP_MANIFEST_MISSING.format(path=path))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise BackupFailed(msg.BACKUP_MANIFEST_INVALID.format(path=path, detail=err)) from None
    for name, digest in manifest.get("files", {}).items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupFailed(msg.BACKUP_FILE_CHANGED.format(path=folder / name))
    current = fingerprint(load_key())
    if manifest.get("key_fingerprint") != current:
        raise BackupFailed(msg.BACKUP_KEY_MISMATCH.format(stored=str(manifest.get("key_fingerprint"))[:12],
                                                          current=current[:12]))
    return manifest


def restore(folder: Path, url: str | None = None, drafts_dir: Path | None = None) -> RestoreReport:
    """Load the backup in ``folder`` into the empty database at ``url`` (default ``TSP_DATABASE_URL``), put the
    drafts back when the drafts folder is empty, migrate to the newest schema and verify the audit chain."""
    from ..drafts import drafts_root

    folder = Path(folder)
    manifest = _check(folder)
    url = url or db.database_url()
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend != manifest["backend"]:
        raise BackupFailed(msg.BACKUP_BACKEND_MISMATCH.format(backup=manifest["backend"], target=backend))
    engine = db.make_engine(url)
    try:
        if inspect(engine).get_table_names():
            raise BackupFailed(msg.BACKUP_TARGET_IN_USE.format(url=parsed.render_as_string(hide_password=True)))
    finally:
        engine.dispose()
    if backend == "sqlite":
        target = Path(parsed.database)
        source = sqlite3.connect(folder / SQLITE_FILE)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        os.chmod(target, 0o600)
    else:
        if _schema(parsed) != manifest["schema"]:
            raise BackupFailed(msg.BACKUP_SCHEMA_MISMATCH.format(backup=manifest["schema"], target=_schema(parsed)))
        uri, env = _libpq(parsed)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists", "--exit-on-error",
              f"--dbname={uri}", str(folder / PG_FILE)], env)
    drafts = Path(drafts_dir) if drafts_dir is not None else drafts_root()
    if DRAFTS_FILE in manifest["files"] and not (drafts.exists() and any(drafts.iterdir())):
        db.private_dir(drafts)
        with tarfile.open(folder / DRAFTS_FILE) as tar:
            for member in tar.getmembers():
                if member.name == "drafts" or not member.name.startswith("drafts/"):
                    continue
                member.name = member.name[len("drafts/"):]
                tar.extract(member, drafts, filter="data")
    engine = db.connect(url)  # migrate to this version's schema, check the key against the restored fingerprint
    try:
        with db.session_scope(engine, readonly=True) as session:
            report = audit.verify(session)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    return RestoreReport(manifest, report)
