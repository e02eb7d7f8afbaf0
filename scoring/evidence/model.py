"""The outcome of a desensitisation check, as data: findings, unchecked notes, and the per-file result."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..answers import AcceptedFinding, AnswersFile, Desensitisation, FindingKind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(_Frozen):
    """One piece of sensitive information: where it is and a masked preview (never the full value)."""

    file: str
    kind: FindingKind
    location: str
    masked: str

    def key(self) -> tuple[str, str, str, str]:
        return (self.file, self.kind, self.location, self.masked)


class Unchecked(_Frozen):
    """A file or a page that could not be checked (an image, a scanned page), said plainly instead of 'clean'."""

    file: str
    location: str
    reason: str


class FileCheck(_Frozen):
    """The check of one evidence file."""

    file: str
    findings: tuple[Finding, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()

    @property
    def clean(self) -> bool:
        """True only when nothing was found and everything could be checked."""
        return not self.findings and not self.unchecked


class EvidenceUnreadable(Exception):
    """An evidence file is missing, unreadable, encrypted or not what its extension says (Chinese message)."""

    def __init__(self, file: str, message: str):
        self.file = file
        self.message = message
        super().__init__(f"{file}: {message}")


def accepted_keys(accepted: tuple[AcceptedFinding, ...] | list[AcceptedFinding]) -> set[tuple[str, str, str, str]]:
    return {(a.file, a.kind, a.location, a.masked) for a in accepted}


def outstanding(findings: list[Finding] | tuple[Finding, ...],
                accepted: tuple[AcceptedFinding, ...] | list[AcceptedFinding]) -> list[Finding]:
    """The findings the applicant has not accepted."""
    keys = accepted_keys(accepted)
    return [f for f in findings if f.key() not in keys]


def accept(answers: AnswersFile, findings: list[Finding] | tuple[Finding, ...]) -> AnswersFile:
    """The answers with these findings recorded as accepted by the applicant (each once)."""
    keys = accepted_keys(answers.desensitisation.accepted)
    added = [AcceptedFinding(**f.model_dump()) for f in findings if f.key() not in keys]
    added = list({a.model_dump_json(): a for a in added}.values())
    accepted = answers.desensitisation.accepted + tuple(added)
    return answers.model_copy(update={"desensitisation": Desensitisation(accepted=accepted)})
