"""Evidence files as PDF: PDFs as they are, images and text on A4 pages, Word and Excel through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from . import texts
from .extract import decode_text
from .fonts import cjk_font, wrap
from .model import EvidenceUnreadable

MARGIN = 42.0  # points; leaves room for the footer
TEXT_SIZE = 10.5
SOFFICE_TIMEOUT = 120  # seconds for the first file, plus PER_FILE_TIMEOUT for each other
PER_FILE_TIMEOUT = 30


def find_soffice() -> str | None:
    """The LibreOffice command when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def image_to_pdf(image: Path, out: Path, name: str) -> None:
    """One A4 page (landscape for wide images) with the image scaled to fit inside the margins."""
    try:
        reader = ImageReader(str(image))
        width, height = reader.getSize()
    except Exception:  # Pillow raises many kinds of errors on damaged images
        raise EvidenceUnreadable(name, texts.IMAGE_BROKEN) from None
    page = landscape(A4) if width > height else A4
    scale = min((page[0] - 2 * MARGIN) / width, (page[1] - 2 * MARGIN) / height)
    pdf = canvas.Canvas(str(out), pagesize=page)
    w, h = width * scale, height * scale
    pdf.drawImage(reader, (page[0] - w) / 2, (page[1] - h) / 2, w, h)
    pdf.showPage()
    pdf.save()


def text_to_pdf(source: Path, out: Path, name: str) -> None:
    """A text, CSV or Markdown file set in the CJK font on A4 pages, lines wrapped."""
    decoded = decode_text(source.read_bytes())
    if decoded is None:
        raise EvidenceUnreadable(name, texts.TEXT_NOT_DECODABLE)
    font = cjk_font()
    width, height = A4
    leading = TEXT_SIZE * 1.5
    pdf = canvas.Canvas(str(out), pagesize=A4)
    pdf.setTitle(source.name)
    y = height - MARGIN
    for line in wrap(decoded[0].replace("\t", "    "), width - 2 * MARGIN, TEXT_SIZE):
        if y < MARGIN + leading:
            pdf.showPage()
            y = height - MARGIN
        pdf.setFont(font, TEXT_SIZE)
        pdf.drawString(MARGIN, y - TEXT_SIZE, line)
        y -= leading
    pdf.showPage()
    pdf.save()


def office_to_pdf(sources: list[tuple[Path, str]], workdir: Path, soffice: str) -> list[Path]:
    """Convert Word and Excel files to PDF with one headless LibreOffice run; results in the order given.

    ``sources`` pairs each path with its name for messages. Raises EvidenceUnreadable naming the first file that
    could not be converted.
    """
    if not sources:
        return []
    inbox, outbox = workdir / "office-in", workdir / "office-out"
    inbox.mkdir(parents=True, exist_ok=True)
    outbox.mkdir(parents=True, exist_ok=True)
    copies = []
    for index, (path, _) in enumerate(sources):
        copy = inbox / f"{index:04d}{path.suffix.lower()}"
        shutil.copyfile(path, copy)
        copies.append(copy)
    profile = Path("/tmp") / f"lo-profile-{uuid.uuid4().hex}"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf", "--outdir", str(outbox), *map(str, copies)]
    try:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       timeout=SOFFICE_TIMEOUT + PER_FILE_TIMEOUT * (len(copies) - 1))
    except subprocess.TimeoutExpired:
        pass
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    results = []
    for copy, (_, name) in zip(copies, sources):
        pdf = outbox / f"{copy.stem}.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise EvidenceUnreadable(name, texts.CONVERSION_FAILED.format(file=name))
        results.append(pdf)
    return results
