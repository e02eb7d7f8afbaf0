"""Evidence files of a submission: upload (type and size checked, SHA-256 recorded, encrypted at rest) and
view/download (decrypted, hash checked, logged)."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from . import messages as msg
from .access import evidence_for, fresh, is_owner, is_reviewer_of, submission_for
from .actors import Actor
from .crypto import DecryptionFailed, EvidenceCipher, default_cipher
from .errors import EvidenceCorrupt, EvidenceMissing, KeyMismatch, PermissionDenied, WorkflowError
from .keys import stored_fingerprint
from .filetypes import MEDIA_TYPES, check_upload, safe_relative_path
from .models import EvidenceBlob, EvidenceFile, Submission

UPLOAD_STATUSES = ("draft", "changes_requested")


@dataclass(frozen=True)
class EvidenceContent:
    """A decrypted, verified evidence file."""

    evidence_id: int
    filename: str
    media_type: str
    data: bytes
    sha256: str


def store_file(session: Session, submission: Submission, path: str, data: bytes, uploaded_by_id: int | None,
               cipher: EvidenceCipher, kind: str | None = None) -> EvidenceFile:
    """Check, hash, encrypt and add one file to a submission (replacing the file stored under the same path)."""
    path = safe_relative_path(path)
    filename = posixpath.basename(path)
    kind = kind or check_upload(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    nonce, ciphertext = cipher.encrypt(data, digest)
    old = session.execute(select(EvidenceFile).where(EvidenceFile.submission_id == submission.id,
                                                     EvidenceFile.path == path)).scalar_one_or_none() \
        if submission.id is not None else None
    if old is not None:
        session.delete(session.get(EvidenceBlob, old.id))
        session.delete(old)
        session.flush()
    evidence = EvidenceFile(submission=submission, path=path, filename=filename, kind=kind, size=len(data),
                            sha256=digest, uploaded_by_id=uploaded_by_id)
    evidence.blob = EvidenceBlob(nonce=nonce, ciphertext=ciphertext)
    session.add(evidence)
    return evidence


def upload_evidence(session: Session, actor: Actor, submission_id: int, path: str, data: bytes,
                    cipher: EvidenceCipher | None = None) -> EvidenceFile:
    """Upload a file for the actor's own submission while it can still be edited. ``path`` is how the answers
    file refers to it (``file:``), e.g. ``evidence/保密协议.pdf``."""
    actor = fresh(session, actor)
    submission = submission_for(session, actor, submission_id)
    if not is_owner(actor, submission.organisation_id):
        raise PermissionDenied(msg.ROLE_REQUIRED.format(roles="本单位的申报账户"))
    if submission.status not in UPLOAD_STATUSES:
        raise WorkflowError(msg.EDIT_NOT_ALLOWED.format(status=msg.STATUS_LABELS[submission.status]))
    evidence = store_file(session, submission, path, data, actor.user_id, cipher or default_cipher())
    session.flush()
    audit.record(session, actor, "evidence_uploaded", "evidence", evidence.id, submission_id=submission.id,
                 path=evidence.path, size=evidence.size, sha256=evidence.sha256)
    return evidence


def list_evidence(session: Session, actor: Actor, submission_id: int) -> list[EvidenceFile]:
    """The submission's files (metadata only)."""
    actor = fresh(session, actor)
    return list(submission_for(session, actor, submission_id).evidence_files)


def open_evidence(session: Session, actor: Actor, evidence_id: int, *, download: bool = True,
                  cipher: EvidenceCipher | None = None) -> EvidenceContent:
    """Decrypt one file the actor may see, check its SHA-256, and log the view or download.

    Each failure has its own error and is logged (``evidence_unreadable``, kept even though the caller's
    transaction rolls back): KeyMismatch when the key is not the database's, EvidenceCorrupt when the ciphertext
    or the recorded hash was tampered with, EvidenceMissing when the stored content is gone.
    """
    actor = fresh(session, actor)
    evidence = evidence_for(session, actor, evidence_id)
    blob = session.get(EvidenceBlob, evidence.id)
    cipher = cipher or default_cipher()

    def refuse(reason: str, error: Exception) -> Exception:
        audit.record_failure(session, actor, "evidence_unreadable", "evidence", evidence.id,
                             submission_id=evidence.submission_id, reason=reason)
        return error

    where = dict(id=evidence.id, name=evidence.filename)
    if blob is None:
        raise refuse("missing", EvidenceMissing(msg.EVIDENCE_MISSING.format(**where)))
    try:
        data = cipher.decrypt(blob.nonce, blob.ciphertext, evidence.sha256)
    except DecryptionFailed:
        stored = stored_fingerprint(session)
        if stored is not None and stored != cipher.fingerprint:
            raise refuse("wrong_key", KeyMismatch(msg.EVIDENCE_WRONG_KEY.format(**where))) from None
        raise refuse("tampered", EvidenceCorrupt(msg.EVIDENCE_DECRYPT_FAILED.format(**where))) from None
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise refuse("hash_mismatch", EvidenceCorrupt(msg.EVIDENCE_HASH_MISMATCH.format(**where)))
    audit.record(session, actor, "evidence_downloaded" if download else "evidence_viewed", "evidence", evidence.id,
                 submission_id=evidence.submission_id, sha256=evidence.sha256,
                 as_reviewer=is_reviewer_of(actor, evidence.submission.organisation))
    return EvidenceContent(evidence.id, evidence.filename, MEDIA_TYPES[evidence.kind], data, evidence.sha256)
