"""The storage layer's exceptions. Each carries a Chinese message for the user (``str(err)``)."""

from __future__ import annotations

from ..problems import Problem


class StoreError(Exception):
    """Base of every error this package raises on purpose; the message is Chinese and safe to show."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class PermissionDenied(StoreError):
    """The acting user may not see or do this (also raised for IDs that do not exist, so guessing reveals nothing)."""


class AuthenticationFailed(StoreError):
    """Wrong user name or password, or an inactive account."""


class Conflict(StoreError):
    """Someone else changed the record since the user loaded it (optimistic locking); nothing was saved."""

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class WorkflowError(StoreError):
    """The action does not fit the submission's state, or the input is incomplete."""


class UploadRejected(StoreError):
    """An evidence file broke the size or type limits."""


class EvidenceCorrupt(StoreError):
    """A stored evidence file failed decryption or its SHA-256 check: it was tampered with."""


class SettingInvalid(StoreError):
    """An unknown setting or a value it does not accept."""


class DataInvalid(StoreError):
    """An input file (registry workbook, import batch) has problems; each is a ``Problem`` with file and field."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = list(problems)


class KeyUnusable(StoreError):
    """The configured evidence key is unusable (bad base64, wrong length, or a key file others can read)."""


class DatabaseBusy(StoreError):
    """The database refused for a while (lock or statement timeout, repeated deadlocks): nothing was saved; try
    again later."""


class KeyMismatch(StoreError):
    """The configured key is not the one this database's evidence and audit chain were written with."""


class EvidenceMissing(StoreError):
    """An evidence file's stored content is missing from the database."""
