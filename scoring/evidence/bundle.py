"""The evidence bundle: one PDF with a cover, a table of contents, every evidence file in item order, bookmarks per
item and a footer on every page (applicant, page number, confidentiality mark).

A file used by several items appears once; the table of contents points every item to it. Redacted copies are used
where current ones exist, and the bundle is refused while any finding is neither redacted nor accepted.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from ..atomic import atomic_path
from ..answers import AnswersFile
from ..engine import period_start, score
from ..points import as_json_number
from ..problems import InputInvalid, Problem
from ..rubric import CATEGORY_LABELS, Rubric, load_rubric
from . import texts
from .check import check_file
from .convert import find_soffice, image_to_pdf, office_to_pdf, text_to_pdf
from .copies import current_copy
from .files import EvidenceFile, evidence_files
from .filetype import evidence_kind
from .model import EvidenceUnreadable, Unchecked, outstanding
from .pages import Cover, TocRow, render_footers, render_front

AUTO = "auto"
MAX_LAYOUT_ROUNDS = 5


class BundleRefused(InputInvalid):
    """The bundle cannot be built: problems name every file, item and finding in the way; ``hint`` says what to do."""

    def __init__(self, problems: list[Problem], hint: str | None = None):
        super().__init__(problems)
        self.hint = hint


@dataclass
class BundledFile:
    evidence: EvidenceFile
    source: Path  # the file put in the bundle (the redacted copy when one is current)
    pdf: Path
    pages: int
    first_page: int = 0  # 1-based page number in the bundle


@dataclass
class Bundle:
    """What was built: the output, its page count, the table of contents and any parts that were not checked."""

    path: Path
    pages: int
    front_pages: int
    rows: list[TocRow]
    files: list[BundledFile]
    unchecked: list[Unchecked] = field(default_factory=list)


def _ready_sources(answers: AnswersFile, files: list[EvidenceFile], redacted_dir: Path | None,
                   today: dt.date | None) -> tuple[list[tuple[EvidenceFile, Path, str]], list[Unchecked]]:
    """Each file's source and kind; BundleRefused listing every outstanding finding and unreadable file."""
    problems: list[Problem] = []
    ready: list[tuple[EvidenceFile, Path, str]] = []
    unchecked: list[Unchecked] = []
    has_outstanding = False
    for evidence in files:
        source = current_copy(redacted_dir, evidence.file, evidence.path) or evidence.path
        try:
            kind = evidence_kind(source, evidence.file)
            if kind == "other":
                raise EvidenceUnreadable(evidence.file, texts.CANNOT_BUNDLE.format(suffix=source.suffix or "无扩展名"))
            check = check_file(source, evidence.file, today)
        except EvidenceUnreadable as err:
            problems.append(evidence.problem(err))
            continue
        unchecked.extend(check.unchecked)
        left = outstanding(check.findings, answers.desensitisation.accepted)
        for finding in left:
            problems.append(evidence.problem(EvidenceUnreadable(evidence.file, texts.OUTSTANDING.format(
                location=finding.location, kind=texts.KIND_LABELS[finding.kind], masked=finding.masked))))
        has_outstanding = has_outstanding or bool(left)
        ready.append((evidence, source, kind))
    if problems:
        raise BundleRefused(problems, texts.OUTSTANDING_HINT if has_outstanding else None)
    return ready, unchecked


def _to_pdfs(ready: list[tuple[EvidenceFile, Path, str]], workdir: Path, soffice: str | None) -> list[BundledFile]:
    bundled: list[BundledFile | None] = [None] * len(ready)
    office: list[int] = []
    problems: list[Problem] = []
    for index, (evidence, source, kind) in enumerate(ready):
        target = workdir / f"{index:04d}.pdf"
        try:
            if kind == "pdf":
                target = source
            elif kind == "image":
                image_to_pdf(source, target, evidence.file)
            elif kind == "text":
                text_to_pdf(source, target, evidence.file)
            else:
                office.append(index)
                continue
        except EvidenceUnreadable as err:
            problems.append(evidence.problem(err))
            continue
        bundled[index] = BundledFile(evidence, source, target, 0)
    if office and soffice is None:
        problems += [ready[i][0].problem(EvidenceUnreadable(ready[i][0].file, texts.NO_LIBREOFFICE.format(
            file=ready[i][0].file))) for i in office]
    elif office:
        try:
            converted = office_to_pdf([(ready[i][1], ready[i][0].file) for i in office], workdir, soffice)
        except EvidenceUnreadable as err:
            culprit = next(ready[i][0] for i in office if ready[i][0].file == err.file)
            problems.append(culprit.problem(err))
        else:
            for index, pdf in zip(office, converted):
                bundled[index] = BundledFile(ready[index][0], ready[index][1], pdf, 0)
    if problems:
        raise BundleRefused(problems)
    for item in bundled:
        try:
            with pikepdf.open(item.pdf) as pdf:
                item.pages = len(pdf.pages)
        except pikepdf.PdfError:
            raise BundleRefused([item.evidence.problem(EvidenceUnreadable(item.evidence.file, texts.PDF_BROKEN))])
    return bundled


def claimed_only(answers: AnswersFile, rubric: Rubric) -> AnswersFile:
    """The answers with the evidence of items that claim no points (未达标, no tier, a count of 0) left out:
    the bundle carries what supports the claimed score."""
    claimed = {r.id: r.claimed for r in score(rubric, answers).items}
    kept = {item_id: (answer if claimed.get(item_id, 0) > 0 else answer.model_copy(update={"evidence": []}))
            for item_id, answer in answers.answers.items()}
    return answers.model_copy(update={"answers": kept})


def not_counted_note(entry, item, assessed_on: dt.date) -> str:
    """Why an evidence entry does not count for its item ('' when it does): dated after the assessment date, or,
    for a year-bound item, before the year that ends on it."""
    if entry.date is None:
        return ""
    if entry.date > assessed_on:
        return texts.TOC_AFTER_ASSESSMENT.format(date=entry.date.isoformat())
    if item.year_bound and entry.date < period_start(assessed_on):
        return texts.TOC_OUTSIDE_YEAR.format(date=entry.date.isoformat())
    return ""


def _rows(answers: AnswersFile, rubric: Rubric, base_dir: Path, bundled: list[BundledFile]) -> list[TocRow]:
    """Every evidence entry in item order with the bundle page its file starts on (shared files: the same page)."""
    by_path = {b.evidence.path: b for b in bundled}
    rows: list[TocRow] = []
    for item in rubric.items:
        answer = answers.answers.get(item.id)
        for entry in answer.evidence if answer else ():
            note = not_counted_note(entry, item, answers.assessed_on)
            found = by_path.get((base_dir / entry.file).resolve()) if entry.file else None
            if found is None:
                rows.append(TocRow(item.id, item.title, entry.title, None, not_counted=note))
                continue
            others = tuple(dict.fromkeys(u.item_id for u in found.evidence.uses if u.item_id != item.id))
            rows.append(TocRow(item.id, item.title, entry.title, found.first_page, others, not_counted=note))
    return rows


def _cover(answers: AnswersFile, rubric: Rubric, files: int, pages: int) -> Cover:
    result = score(rubric, answers)
    return Cover(applicant=answers.applicant.name, category=CATEGORY_LABELS[answers.rubric],
                 total=str(as_json_number(result.total)), base=str(as_json_number(result.base)),
                 bonus=str(as_json_number(result.bonus)), assessed_on=answers.assessed_on.isoformat(),
                 files=files, pages=pages)


def _layout(answers: AnswersFile, rubric: Rubric, base_dir: Path, bundled: list[BundledFile],
            workdir: Path) -> tuple[Path, int, list[TocRow]]:
    """Render cover and contents until the page numbers they print agree with their own length."""
    front_pages = 2
    evidence_pages = sum(b.pages for b in bundled)
    front = workdir / "front.pdf"
    for _ in range(MAX_LAYOUT_ROUNDS):
        page = front_pages + 1
        for item in bundled:
            item.first_page = page
            page += item.pages
        rows = _rows(answers, rubric, base_dir, bundled)
        render_front(front, _cover(answers, rubric, len(bundled), front_pages + evidence_pages), rows)
        with pikepdf.open(front) as pdf:
            actual = len(pdf.pages)
        if actual == front_pages:
            return front, front_pages, rows
        front_pages = actual
    raise RuntimeError("table of contents did not settle")


def _bookmarks(pdf: pikepdf.Pdf, rubric: Rubric, rows: list[TocRow]) -> None:
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(texts.BOOKMARK_COVER, 0))
        outline.root.append(pikepdf.OutlineItem(texts.BOOKMARK_TOC, 1))
        by_item: dict[str, pikepdf.OutlineItem] = {}
        for row in rows:
            if row.page is None:
                continue
            parent = by_item.get(row.item_id)
            if parent is None:
                parent = pikepdf.OutlineItem(f"{row.item_id} {row.item_title}", row.page - 1)
                by_item[row.item_id] = parent
                outline.root.append(parent)
            parent.children.append(pikepdf.OutlineItem(row.title, row.page - 1))


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    box = page.trimbox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    if int(page.obj.get("/Rotate", 0)) % 180:
        width, height = height, width
    return width, height


def build_bundle(answers: AnswersFile, base_dir: str | Path, out: str | Path, redacted_dir: str | Path | None = None,
                 rubric: Rubric | None = None, soffice: str | None = AUTO, today: dt.date | None = None) -> Bundle:
    """Build the evidence bundle PDF at ``out`` (written atomically).

    ``soffice``: the LibreOffice command for Word and Excel files (found on PATH by default; None when unavailable).
    Raises BundleRefused naming every file and finding that stands in the way.
    """
    rubric = rubric or load_rubric(answers.rubric)
    answers = claimed_only(answers, rubric)
    out = Path(out)
    folder = Path(redacted_dir) if redacted_dir is not None else None
    soffice = find_soffice() if soffice == AUTO else soffice
    ready, unchecked = _ready_sources(answers, evidence_files(answers, base_dir, rubric), folder, today)
    with tempfile.TemporaryDirectory(prefix="bundle-") as temp:
        workdir = Path(temp)
        bundled = _to_pdfs(ready, workdir, soffice)
        front, front_pages, rows = _layout(answers, rubric, Path(base_dir), bundled, workdir)
        with pikepdf.new() as pdf:
            sources = [pikepdf.open(front)] + [pikepdf.open(b.pdf) for b in bundled]
            try:
                for source in sources:
                    pdf.pages.extend(source.pages)
                footer_path = workdir / "footers.pdf"
                render_footers(footer_path, [_page_size(p) for p in pdf.pages], answers.applicant.name)
                with pikepdf.open(footer_path) as footers:
                    for page, footer in zip(pdf.pages, footers.pages):
                        page.add_overlay(footer)
                    _bookmarks(pdf, rubric, rows)
                    pdf.docinfo["/Title"] = f"{texts.BUNDLE_TITLE}（{answers.applicant.name}）"
                    with atomic_path(out) as partial:
                        pdf.save(partial)
                    pages = len(pdf.pages)
            finally:
                for source in sources:
                    source.close()
    return Bundle(out, pages, front_pages, rows, bundled, unchecked)
