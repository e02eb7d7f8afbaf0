"""Commands for evidence files: ``evidence check``, ``evidence redact`` and ``bundle``.

Exit codes: 0 done (check: nothing outstanding), 1 check found personal data not accepted, 2 bad input (one line per
problem on stderr naming the file, the item ID and the field).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # the evidence libraries (pikepdf, reportlab, lxml …) are imported when a command runs
    from .answers import AnswersFile
    from .evidence.check import EvidenceReport
    from .problems import Problem

EXIT_FINDINGS = 1
EXIT_INVALID = 2

evidence_app = typer.Typer(add_completion=False, no_args_is_help=True,
                           help="证明材料的脱敏检查与脱敏副本。")


class CheckFormat(str, Enum):
    json = "json"
    table = "table"


def _fail(problems: list[Problem], hint: str | None = None) -> NoReturn:
    for problem in problems:
        typer.echo(problem.line(), err=True)
    if hint:
        typer.echo(hint, err=True)
    raise typer.Exit(EXIT_INVALID)


def _load(path: Path) -> AnswersFile:
    from .answers import load_answers
    from .problems import InputInvalid

    try:
        return load_answers(path)
    except InputInvalid as err:
        _fail(err.problems)


def report_json(report: EvidenceReport) -> str:
    """The check as JSON: files with findings (each marked accepted or not), unchecked notes, problems, summary."""
    data = {
        "files": [{
            "file": check.file,
            "findings": [{**f.model_dump(), "accepted": report.is_accepted(f)} for f in check.findings],
            "unchecked": [u.model_dump() for u in check.unchecked],
        } for check in report.files],
        "problems": [{"file": p.file, "item_id": p.item_id, "field": p.field, "message": p.message}
                     for p in report.problems],
        "summary": {"files": len(report.files), "findings": len(report.findings),
                    "outstanding": len(report.outstanding), "unchecked": len(report.unchecked)},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_table(report: EvidenceReport) -> str:
    """The check as lines for a terminal, in Chinese."""
    from .evidence import texts

    lines = []
    for check in report.files:
        if not check.findings and not check.unchecked:
            lines.append(f"{check.file}：未发现敏感信息")
            continue
        lines.append(f"{check.file}：")
        for f in check.findings:
            mark = "（已确认保留）" if report.is_accepted(f) else ""
            lines.append(f"  {f.location}\t{texts.KIND_LABELS[f.kind]}\t{f.masked}{mark}")
        for u in check.unchecked:
            lines.append(f"  {u.location}\t无法检查\t{u.reason}")
    summary = (f"共检查 {len(report.files)} 个文件：发现 {len(report.findings)} 处敏感信息，"
               f"其中 {len(report.outstanding)} 处待处理（脱敏或确认保留）")
    if report.unchecked:
        summary += f"；{len(report.unchecked)} 处无法检查，需人工核对"
    lines.append(summary + "。")
    return "\n".join(lines)


def check_command(
    answers_path: Path = typer.Argument(..., metavar="ANSWERS", help="自评文件（YAML 或 JSON）"),
    output: CheckFormat = typer.Option(CheckFormat.table, "--format", "-f", help="json | table"),
    redacted: Optional[Path] = typer.Option(None, "--redacted", help="检查此文件夹中的脱敏副本（如有）而非原件"),
) -> None:
    """Check every evidence file for ID, mobile, bank card, e-mail and landline numbers.

    Exit 0 when nothing is outstanding (images and scanned pages are listed as unchecked), 1 when findings are
    neither accepted nor redacted, 2 on bad input.
    """
    from .evidence.check import check_evidence

    answers = _load(answers_path)
    report = check_evidence(answers, answers_path.parent, redacted)
    text = report_json(report) if output is CheckFormat.json else report_table(report)
    sys.stdout.write(text + "\n")
    if report.problems:
        _fail(report.problems)
    if report.outstanding:
        raise typer.Exit(EXIT_FINDINGS)


def redact_command(
    answers_path: Path = typer.Argument(..., metavar="ANSWERS", help="自评文件（YAML 或 JSON）"),
    out: Path = typer.Option(..., "--out", help="脱敏副本的输出文件夹（原件不会被修改）"),
) -> None:
    """Write redacted copies of every evidence file with findings not accepted (originals are never modified)."""
    from .evidence.redact import redact_evidence

    answers = _load(answers_path)
    report = redact_evidence(answers, answers_path.parent, out)
    for copy in report.copies:
        typer.echo(f"{copy.file} → {copy.copy}：已脱敏 {len(copy.hidden)} 处")
    typer.echo(f"共生成 {len(report.copies)} 个脱敏副本，位于 {out}。")
    if report.problems:
        _fail(report.problems)


def bundle_command(
    answers_path: Path = typer.Argument(..., metavar="ANSWERS", help="自评文件（YAML 或 JSON）"),
    out: Path = typer.Option(Path("证明材料.pdf"), "--out", help="输出的 PDF 文件"),
    redacted: Optional[Path] = typer.Option(None, "--redacted", help="evidence redact 生成的脱敏副本文件夹"),
) -> None:
    """Build one PDF of all evidence: cover, contents, every file in item order, bookmarks and footers.

    Refused (exit 2) while any finding is neither redacted nor accepted.
    """
    from .evidence.bundle import BundleRefused, build_bundle

    answers = _load(answers_path)
    try:
        bundle = build_bundle(answers, answers_path.parent, out, redacted)
    except BundleRefused as err:
        _fail(err.problems, err.hint)
    for note in bundle.unchecked:
        typer.echo(f"提示：{note.file} {note.location} 无法检查，请人工核对是否含有敏感信息。", err=True)
    typer.echo(f"已生成 {out}：{bundle.pages} 页，证明材料 {len(bundle.files)} 份。")


def register(app: typer.Typer) -> None:
    """Add ``evidence check``, ``evidence redact`` and ``bundle`` to the main command line."""
    evidence_app.command("check")(check_command)
    evidence_app.command("redact")(redact_command)
    app.add_typer(evidence_app, name="evidence")
    app.command("bundle")(bundle_command)
