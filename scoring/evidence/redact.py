"""Redacted copies: every value to hide replaced by its masked form, in a copy; the original is never touched.

Word and Excel files are edited in their package XML (``w:t`` runs, shared and inline strings, number cells), so
fonts, styles, images and everything else stay as they were. PDF text is removed from the page content itself
(``redact_pdf``). Every copy is checked again after redaction; a value still found means failure, not a copy.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..atomic import atomic_path
from ..answers import AcceptedFinding, AnswersFile
from ..problems import Problem
from ..rubric import Rubric
from . import texts
from .check import scan_file
from .copies import MANIFEST, CopyRecord, copy_name, sha256_of, write_atomic, write_manifest
from .detect import find_sensitive
from .extract import cell_text, decode_text
from .files import evidence_files
from .filetype import evidence_kind
from .model import EvidenceUnreadable, FileCheck, Finding, accepted_keys
from .ooxml import W, XML_PARSER, Piece, paragraph_pieces, story_parts

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

Targets = frozenset[tuple[str, str]]  # (kind, value) pairs to hide


class RedactionFailed(EvidenceUnreadable):
    """A file could not be redacted completely (Chinese message naming what is left)."""


@dataclass(frozen=True)
class RedactedFile:
    """A redacted copy: the findings hidden in it, and the check of the copy itself."""

    file: str
    copy: Path
    hidden: tuple[Finding, ...]
    check: FileCheck


# ---------------------------------------------------------------- masking text in pieces


def mask_text(text: str, targets: Targets) -> str | None:
    """``text`` with every target value found in it masked; None when nothing changed."""
    out = list(text)
    changed = False
    for match in find_sensitive(text):
        if (match.kind, match.value) in targets:
            out[match.start:match.end] = match.masked
            changed = True
    return "".join(out) if changed else None


def mask_pieces(pieces: list[Piece], targets: Targets) -> bool:
    """Mask target values across the pieces of one paragraph (a value may span runs); True when changed.

    Masks keep the length of the value, so each piece takes back its own stretch of the masked text.
    """
    masked = mask_text("".join(p.text for p in pieces), targets)
    if masked is None:
        return False
    offset = 0
    for piece in pieces:
        new = masked[offset:offset + len(piece.text)]
        if piece.element is not None and new != piece.text:
            piece.element.text = new
            if new != new.strip():
                piece.element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        offset += len(piece.text)
    return True


def _xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rewrite_zip(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a zip package entry by entry, letting ``edit`` replace entries; written atomically."""
    with atomic_path(dst) as temp:
        with zipfile.ZipFile(src) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                new = edit(info.filename, data)
                target.writestr(info, new if new is not None else data, compress_type=zipfile.ZIP_DEFLATED)


# ---------------------------------------------------------------- per format


def redact_docx(src: Path, dst: Path, targets: Targets) -> None:
    with zipfile.ZipFile(src) as archive:
        parts = set(story_parts(archive))

    def edit(name: str, data: bytes) -> bytes | None:
        if name not in parts:
            return None
        root = etree.fromstring(data, XML_PARSER)
        changed = [mask_pieces(paragraph_pieces(p), targets) for p in root.iter(f"{W}p")]
        return _xml_bytes(root) if any(changed) else None

    _rewrite_zip(src, dst, edit)


def _string_pieces(container: etree._Element) -> list[Piece]:
    """The text runs of a shared or inline string (phonetic runs left out)."""
    return [Piece(t.text or "", t) for t in container.iter(f"{S}t")
            if not any(a.tag == f"{S}rPh" for a in t.iterancestors())]


def _mask_number_cell(cell: etree._Element, targets: Targets) -> bool:
    value = cell.find(f"{S}v")
    if value is None or value.text is None:
        return False
    try:
        text = cell_text(float(value.text))
    except ValueError:
        return False
    masked = mask_text(text, targets) if text else None
    if masked is None:
        return False
    formula = cell.find(f"{S}f")
    if formula is not None:
        cell.remove(formula)
    index = list(cell).index(value)
    cell.remove(value)
    inline = etree.Element(f"{S}is")
    etree.SubElement(inline, f"{S}t").text = masked
    cell.insert(index, inline)
    cell.set("t", "inlineStr")
    return True


def _mask_sheet(root: etree._Element, targets: Targets) -> bool:
    changed = False
    for cell in root.iter(f"{S}c"):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(f"{S}is")
            changed |= inline is not None and mask_pieces(_string_pieces(inline), targets)
        elif kind == "str":
            value = cell.find(f"{S}v")
            masked = mask_text(value.text or "", targets) if value is not None else None
            if masked is not None:
                value.text = masked
                formula = cell.find(f"{S}f")
                if formula is not None:
                    cell.remove(formula)
                changed = True
        elif kind == "n":
            changed |= _mask_number_cell(cell, targets)
    return changed


def redact_xlsx(src: Path, dst: Path, targets: Targets) -> None:
    def edit(name: str, data: bytes) -> bytes | None:
        if name == "xl/sharedStrings.xml":
            root = etree.fromstring(data, XML_PARSER)
            changed = [mask_pieces(_string_pieces(si), targets) for si in root.iter(f"{S}si")]
            return _xml_bytes(root) if any(changed) else None
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            root = etree.fromstring(data, XML_PARSER)
            return _xml_bytes(root) if _mask_sheet(root, targets) else None
        return None

    _rewrite_zip(src, dst, edit)


def redact_text(src: Path, dst: Path, targets: Targets) -> None:
    data = src.read_bytes()
    text, encoding = decode_text(data)
    if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
    out = [mask_text(line, targets) or line for line in text.splitlines(keepends=True)]
    write_atomic(dst, "".join(out).encode(encoding))


def _redact_pdf(src: Path, dst: Path, targets: Targets) -> None:
    from .redact_pdf import redact_pdf

    redact_pdf(src, dst, {value: kind for kind, value in targets})


REDACTORS: dict[str, Callable[[Path, Path, Targets], None]] = {
    "pdf": _redact_pdf, "docx": redact_docx, "xlsx": redact_xlsx, "text": redact_text,
}


# ---------------------------------------------------------------- one file


def redact_file(src: str | Path, dst: str | Path, name: str | None = None,
                accepted: tuple[AcceptedFinding, ...] | list[AcceptedFinding] = (),
                today: dt.date | None = None) -> RedactedFile | None:
    """Write a redacted copy of ``src`` to ``dst`` hiding every finding not accepted; None when none to hide.

    Raises EvidenceUnreadable for bad input and RedactionFailed when the copy would still show a hidden value
    (the copy is then not left behind).
    """
    src, dst = Path(src), Path(dst)
    name = name or str(src)
    if src.resolve() == dst.resolve():
        raise ValueError("a redacted copy must not overwrite its original")
    check, located = scan_file(src, name, today)
    keys = accepted_keys(accepted)
    hide = [loc for loc in located if (name, loc.match.kind, loc.location, loc.match.masked) not in keys]
    if not hide:
        return None
    kind = evidence_kind(src, name)
    targets: Targets = frozenset((loc.match.kind, loc.match.value) for loc in hide)
    REDACTORS[kind](src, dst, targets)
    copy_check, left = scan_file(dst, name, today)
    remaining = [loc for loc in left if (loc.match.kind, loc.match.value) in targets]
    if remaining:
        dst.unlink(missing_ok=True)
        where = "、".join(sorted({loc.location for loc in remaining}))
        raise RedactionFailed(name, texts.REDACTION_INCOMPLETE.format(count=len(remaining), where=where))
    hidden_keys = {(name, loc.match.kind, loc.location, loc.match.masked) for loc in hide}
    hidden = tuple(f for f in check.findings if f.key() in hidden_keys)
    return RedactedFile(file=name, copy=dst, hidden=hidden, check=copy_check)


# ---------------------------------------------------------------- every file of an answers file


@dataclass
class RedactionReport:
    """The redacted copies written, and the files that could not be read or redacted."""

    folder: Path
    copies: list[RedactedFile]
    problems: list[Problem]


def redact_evidence(answers: AnswersFile, base_dir: str | Path, out_dir: str | Path, rubric: Rubric | None = None,
                    today: dt.date | None = None) -> RedactionReport:
    """Write a redacted copy of every evidence file with findings not accepted, and the manifest of copies.

    Copies keep the files' relative paths inside ``out_dir``; the originals are only read.
    """
    folder = Path(out_dir)
    copies: list[RedactedFile] = []
    problems: list[Problem] = []
    records: dict[str, CopyRecord] = {}
    for evidence in evidence_files(answers, base_dir, rubric):
        try:
            digest = sha256_of(evidence.path) if evidence.path.is_file() else ""
            target = folder / copy_name(evidence.file, digest)
            if target.resolve() == evidence.path:
                raise EvidenceUnreadable(evidence.file, texts.COPY_WOULD_OVERWRITE)
            result = redact_file(evidence.path, target, evidence.file, answers.desensitisation.accepted, today)
        except EvidenceUnreadable as err:
            problems.append(evidence.problem(err))
            continue
        if result is not None:
            copies.append(result)
            records[evidence.file] = CopyRecord(evidence.file, copy_name(evidence.file, digest), digest)
    if records or (folder / MANIFEST).exists():
        write_manifest(folder, records)
    return RedactionReport(folder, copies, problems)
