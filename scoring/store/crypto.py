"""Encryption at rest for evidence files: AES-256-GCM (``cryptography``).

The key comes from ``TSP_SECRET_KEY`` (base64 of 32 bytes) or, without it, from a key file (``TSP_KEY_FILE`` or
``TSP_SECRET_KEY_FILE``, default ``~/.config/tsp-scoring/secret.key``, i.e. apart from the database) created with
permissions 0600 on first start; an existing ``data/secret.key`` of an older installation is still read. With
PostgreSQL (several processes, often several hosts) ``TSP_SECRET_KEY`` is required, so no host makes up its own key. Each file gets a fresh 96-bit nonce;
the file's SHA-256 is bound in as associated data, so a ciphertext moved onto another record fails to decrypt.
Losing the key loses the evidence: back the key file up apart from the database.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..locations import data_dir
from . import messages as msg
from .db import private_dir
from .errors import KeyUnusable

KEY_BYTES = 32
NONCE_BYTES = 12


def configured_key_file() -> Path | None:
    """The key file named by ``TSP_KEY_FILE`` or ``TSP_SECRET_KEY_FILE``, if any."""
    override = os.environ.get("TSP_KEY_FILE") or os.environ.get("TSP_SECRET_KEY_FILE")
    return Path(override) if override else None


def key_file_path() -> Path:
    """Where the key file is read (and created): the configured file, else a legacy ``data/secret.key`` when one
    exists, else ``$XDG_CONFIG_HOME/tsp-scoring/secret.key`` (``~/.config/…``)."""
    configured = configured_key_file()
    if configured is not None:
        return configured
    legacy = data_dir() / "secret.key"
    if legacy.exists():
        return legacy
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "tsp-scoring" / "secret.key"


def _decode(text: str) -> bytes | None:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def _create_key_file(path: Path) -> None:
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first; read theirs
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii") + "\n")


def load_key() -> bytes:
    """The evidence key: ``TSP_SECRET_KEY``, else the key file (created with 0600 when missing)."""
    env = os.environ.get("TSP_SECRET_KEY")
    if env:
        key = _decode(env)
        if key is None:
            raise KeyUnusable(msg.KEY_INVALID.format(detail=f"须为 {KEY_BYTES} 字节"))
        return key
    path = key_file_path()
    if not path.exists():
        _create_key_file(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyUnusable(msg.KEY_FILE_PERMISSIONS.format(path=path, mode=oct(mode)))
    key = _decode(path.read_text(encoding="ascii", errors="replace"))
    if key is None:
        raise KeyUnusable(msg.KEY_FILE_INVALID.format(path=path))
    return key


def derive_key(master: bytes, label: str) -> bytes:
    """A 32-byte subkey of ``master`` for one purpose (HKDF-SHA256 with ``label`` as its info), so the audit MAC
    key, the key fingerprint and the evidence key never coincide."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=f"tsp-scoring:{label}".encode("ascii")).derive(master)


def fingerprint(master: bytes) -> str:
    """A public fingerprint of the key (hex of an HKDF subkey): stored in the database to spot a wrong key, and
    useless for recovering the key."""
    return derive_key(master, "fingerprint-v1")[:16].hex()


def audit_key() -> bytes:
    """The audit chain's HMAC key of an installation whose key was never rotated: derived from the evidence key."""
    return derive_key(load_key(), "audit-chain-v1")


CHAIN_KEY_STATE = "audit_key_wrapped"
_CHAIN_AAD = b"tsp-audit-chain-key-v1"


def chain_key(session, master: bytes | None = None) -> bytes:
    """The audit chain's HMAC key: derived from the evidence key, or — after a key rotation — stored in the
    database wrapped (AES-GCM) under the current evidence key, so rotating the evidence key keeps the chain's key.
    Cached in the session. KeyMismatch when the wrapped key does not open with this key."""
    from .errors import KeyMismatch
    from .models import SystemState

    cached = session.info.get("tsp_chain_key")
    if cached is not None:
        return cached
    master = master or load_key()
    row = session.get(SystemState, CHAIN_KEY_STATE)
    if row is None:
        key = derive_key(master, "audit-chain-v1")
    else:
        raw = base64.b64decode(row.value)
        try:
            key = AESGCM(master).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _CHAIN_AAD)
        except InvalidTag:
            raise KeyMismatch(msg.AUDIT_WRONG_KEY) from None
    session.info["tsp_chain_key"] = key
    return key


def wrap_chain_key(session, chain: bytes, master: bytes) -> None:
    """Store the audit chain's key wrapped under ``master`` (the new evidence key of a rotation)."""
    from .models import SystemState, utcnow

    nonce = os.urandom(NONCE_BYTES)
    value = base64.b64encode(nonce + AESGCM(master).encrypt(nonce, chain, _CHAIN_AAD)).decode("ascii")
    row = session.get(SystemState, CHAIN_KEY_STATE)
    if row is None:
        session.add(SystemState(key=CHAIN_KEY_STATE, value=value))
    else:
        row.value, row.updated_at = value, utcnow()
    session.info["tsp_chain_key"] = chain


class DecryptionFailed(Exception):
    """The ciphertext, its nonce or its bound SHA-256 was changed, or the key is not the one it was sealed with."""


class EvidenceCipher:
    """Seals and opens evidence files with one key."""

    def __init__(self, key: bytes, fallback: tuple[bytes, ...] = ()):
        if len(key) != KEY_BYTES:
            raise KeyUnusable(msg.KEY_INVALID.format(detail=f"长度为 {len(key)} 字节"))
        self._aead = AESGCM(key)
        self._fallback = [AESGCM(k) for k in fallback]  # during a key rotation: the new key opens, never seals
        self.fingerprint = fingerprint(key)

    @staticmethod
    def _aad(sha256: str) -> bytes:
        return b"tsp-evidence-v1:" + sha256.encode("ascii")

    def encrypt(self, plaintext: bytes, sha256: str) -> tuple[bytes, bytes]:
        """(nonce, ciphertext) for ``plaintext`` whose SHA-256 hex digest is ``sha256``."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce, self._aead.encrypt(nonce, plaintext, self._aad(sha256))

    def decrypt(self, nonce: bytes, ciphertext: bytes, sha256: str) -> bytes:
        """The plaintext; DecryptionFailed when anything was tampered with."""
        for aead in (self._aead, *self._fallback):
            try:
                return aead.decrypt(bytes(nonce), bytes(ciphertext), self._aad(sha256))
            except (InvalidTag, ValueError) as err:
                failure = err
        raise DecryptionFailed(str(failure)) from None


def default_cipher() -> EvidenceCipher:
    """A cipher with the configured key (``load_key``); while a rotation runs, ``TSP_NEW_SECRET_KEY`` also opens."""
    new = _decode(os.environ.get("TSP_NEW_SECRET_KEY", "")) if os.environ.get("TSP_NEW_SECRET_KEY") else None
    return EvidenceCipher(load_key(), fallback=(new,) if new else ())
