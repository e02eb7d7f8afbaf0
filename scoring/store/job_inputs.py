"""A job's uploaded input (an import's zip) kept in the database, so a worker on any process or host can read it.

The bytes are stored in pieces of ``PIECE_BYTES`` (``job_inputs`` rows, in order), each sealed like evidence
(AES-GCM with the evidence key, the piece's SHA-256 bound in): the upload holds evidence, and the database and
its backups never hold it in the clear. Pieces keep each statement and each value small: the page writes, and the
worker copies into a temporary file, one piece at a time. The whole input's size and SHA-256 go with the job's
parameters, so a missing or reordered piece is caught. ``discard`` deletes the pieces when the job is finished.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import messages as msg
from .batch_source import batch_limit_bytes
from .crypto import DecryptionFailed, EvidenceCipher
from .errors import StoreError, UploadRejected
from .models import JobInput

PIECE_BYTES = 1024 * 1024


class InputUnreadable(StoreError):
    """The stored input cannot be read back as it was stored (wrong key, changed or missing pieces)."""


def measure(stream: BinaryIO) -> tuple[int, str]:
    """(size, SHA-256) of a seekable stream from its start; UploadRejected past the batch cap."""
    stream.seek(0)
    digest, size, limit = hashlib.sha256(), 0, batch_limit_bytes()
    while piece := stream.read(PIECE_BYTES):
        size += len(piece)
        if size > limit:
            raise UploadRejected(msg.JOB_INPUT_TOO_LARGE.format(limit_mb=f"{limit / 1048576:g}"))
        digest.update(piece)
    return size, digest.hexdigest()


def store(session: Session, job_id: int, stream: BinaryIO, cipher: EvidenceCipher) -> tuple[int, str]:
    """Save a seekable stream from its start as the job's input; (size, SHA-256) of what was saved."""
    stream.seek(0)
    digest, size, seq = hashlib.sha256(), 0, 0
    while piece := stream.read(PIECE_BYTES):
        piece_sha = hashlib.sha256(piece).hexdigest()
        nonce, ciphertext = cipher.encrypt(piece, piece_sha)
        row = JobInput(job_id=job_id, seq=seq, size=len(piece), sha256=piece_sha, nonce=nonce,
                       ciphertext=ciphertext)
        session.add(row)
        session.flush()
        session.expunge(row)  # written: the session need not keep the piece
        digest.update(piece)
        size, seq = size + len(piece), seq + 1
    return size, digest.hexdigest()


def copy_to(session: Session, job_id: int, target: BinaryIO, cipher: EvidenceCipher, *, size: int,
            sha256: str) -> None:
    """Write the job's input into ``target`` (from its start, one piece in memory at a time); InputUnreadable
    unless it comes back whole: every piece opens, and the size and SHA-256 are the ones recorded at upload."""
    target.seek(0)
    target.truncate()
    digest, written, seq = hashlib.sha256(), 0, 0
    while True:
        row = session.execute(select(JobInput.nonce, JobInput.ciphertext, JobInput.sha256)
                              .where(JobInput.job_id == job_id, JobInput.seq == seq)).one_or_none()
        if row is None:
            break
        try:
            piece = cipher.decrypt(row.nonce, row.ciphertext, row.sha256)
        except DecryptionFailed:
            raise InputUnreadable(msg.JOB_INPUT_UNREADABLE.format(id=job_id)) from None
        target.write(piece)
        digest.update(piece)
        written, seq = written + len(piece), seq + 1
    if written != size or digest.hexdigest() != sha256:
        raise InputUnreadable(msg.JOB_INPUT_UNREADABLE.format(id=job_id))
    target.flush()
    target.seek(0)


def stored_pieces(session: Session, job_id: int) -> int:
    """How many pieces of the job's input are stored (0 once it was discarded)."""
    return session.execute(select(func.count()).select_from(JobInput).where(JobInput.job_id == job_id)).scalar()


def discard(session: Session, job_id: int) -> None:
    """Delete the job's input (nothing happens when it has none)."""
    session.execute(delete(JobInput).where(JobInput.job_id == job_id))
