"""Key rotation: re-encrypt every evidence file, draft file and queued upload (``job_inputs``) under a new key,
in batches, resumable.

Run as its own process: ``TSP_SECRET_KEY=<old> TSP_NEW_SECRET_KEY=<new> python -m scoring key rotate``. Progress
(the last evidence and draft-file IDs done) is stored in ``system_state`` with each batch, in the same transaction
as the batch, so an interrupted rotation continues where it stopped. While it runs, downloads keep working: the
cipher tries the new key after the old one. The audit chain keeps its MAC key: that key is stored wrapped
(AES-GCM) under the evidence key and re-wrapped under the new one in the final step, which also records the new
fingerprint — from then on only the new key starts the app.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from . import audit, db, keys
from . import messages as msg
from .actors import SYSTEM
from .crypto import EvidenceCipher, _decode, chain_key, fingerprint, load_key, wrap_chain_key
from .errors import KeyMismatch, KeyUnusable
from .models import DraftFile, EvidenceBlob, EvidenceFile, JobInput, SystemState, utcnow

STATE_KEY = "key_rotation"
NEW_KEY_ENV = "TSP_NEW_SECRET_KEY"
KINDS = {"evidence": "evidence", "drafts": "draft_files", "inputs": "job_inputs"}  # kind → its count in the state


@dataclass(frozen=True)
class RotationReport:
    evidence: int
    draft_files: int
    fingerprint: str
    resumed: bool
    job_inputs: int = 0


def new_key_from_environment() -> bytes:
    raw = os.environ.get(NEW_KEY_ENV)
    key = _decode(raw) if raw else None
    if key is None:
        raise KeyUnusable(msg.KEY_NEW_MISSING)
    return key


def _state(session: Session) -> dict | None:
    row = session.get(SystemState, STATE_KEY)
    return json.loads(row.value) if row is not None else None


def _save_state(session: Session, state: dict) -> None:
    row = session.get(SystemState, STATE_KEY)
    if row is None:
        session.add(SystemState(key=STATE_KEY, value=json.dumps(state)))
    else:
        row.value, row.updated_at = json.dumps(state), utcnow()


def rotate(engine: Engine, new_key: bytes, batch: int = 100,
           progress: Callable[[str, int], None] | None = None) -> RotationReport:
    """Re-encrypt everything under ``new_key`` (the current key is ``load_key()``); resumable."""
    old_key = load_key()
    old_fp, new_fp = fingerprint(old_key), fingerprint(new_key)
    both = EvidenceCipher(old_key, fallback=(new_key,))
    sealer = EvidenceCipher(new_key)

    def start(session: Session) -> tuple[dict, bool]:
        stored = keys.stored_fingerprint(session)
        state = _state(session)
        if state is not None and state.get("to") == new_fp and not state.get("done"):
            return state, True
        if stored not in (None, old_fp):
            raise KeyMismatch(msg.KEY_MISMATCH.format(stored=stored[:12], current=old_fp[:12]))
        state = {"from": old_fp, "to": new_fp, "evidence_after": 0, "drafts_after": 0, "inputs_after": 0,
                 "evidence": 0, "draft_files": 0, "job_inputs": 0, "done": False}
        _save_state(session, state)
        return state, False

    state, resumed = db.run_in_transaction(engine, start)
    if state.get("done"):
        return RotationReport(state["evidence"], state["draft_files"], new_fp, resumed, state.get("job_inputs", 0))

    def batch_of(session: Session, kind: str) -> bool:
        current = _state(session)
        after = current.get(f"{kind}_after", 0)  # a rotation begun by an older version has no "inputs_after"
        if kind == "evidence":
            stmt = (select(EvidenceBlob, EvidenceFile.sha256)
                    .join(EvidenceFile, EvidenceFile.id == EvidenceBlob.evidence_id)
                    .where(EvidenceBlob.evidence_id > after).order_by(EvidenceBlob.evidence_id).limit(batch))
            rows = [(blob, digest, blob.evidence_id) for blob, digest in session.execute(stmt).all()]
        elif kind == "drafts":
            stmt = select(DraftFile).where(DraftFile.id > after).order_by(DraftFile.id).limit(batch)
            rows = [(f, f.sha256, f.id) for f in session.execute(stmt).scalars()]
        else:
            stmt = select(JobInput).where(JobInput.id > after).order_by(JobInput.id).limit(batch)
            rows = [(piece, piece.sha256, piece.id) for piece in session.execute(stmt).scalars()]
        for row, digest, row_id in rows:
            plain = both.decrypt(row.nonce, row.ciphertext, digest)
            row.nonce, row.ciphertext = sealer.encrypt(plain, digest)
            current[f"{kind}_after"] = row_id
        current[KINDS[kind]] = current.get(KINDS[kind], 0) + len(rows)
        _save_state(session, current)
        state.update(current)
        return bool(rows)

    for kind in KINDS:
        while db.run_in_transaction(engine, lambda s, k=kind: batch_of(s, k)):
            if progress is not None:
                progress(kind, state[KINDS[kind]])

    def finish(session: Session) -> None:
        for kind in KINDS:  # rows added since the last batch
            while batch_of(session, kind):
                pass
        chain = chain_key(session, old_key)  # kept in the session: the closing audit row is chained with it
        wrap_chain_key(session, chain, new_key)
        keys.set_fingerprint(session, new_fp)
        current = _state(session)
        current["done"] = True
        _save_state(session, current)
        audit.record(session, SYSTEM, "key_rotated", None, None, old=old_fp[:12], new=new_fp[:12],
                     evidence=current["evidence"], draft_files=current["draft_files"])

    db.run_in_transaction(engine, finish)
    return RotationReport(state["evidence"], state["draft_files"], new_fp, resumed, state.get("job_inputs", 0))


def generate_key() -> str:
    """A fresh key as base64 (for ``TSP_NEW_SECRET_KEY``)."""
    return base64.b64encode(os.urandom(32)).decode("ascii")
