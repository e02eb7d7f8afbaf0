"""Commands for evidence files: ``evidence check``, ``evidence redact`` and ``bundle``.

Exit codes: 0 done (check: nothing outstanding), 1 check found personal data not accepted, 2 bad input (one line per
problem on stderr naming the file, the item ID and the field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

from .cli_parser import Group, arg

if TYPE_CHECKING:  # the evidence libraries (pikepdf, reportlab, lxml …) are imported when a command runs
    from .answers import AnswersFile
    from .evidence.check import EvidenceReport
    from .problems import Problem

EXIT_FINDINGS = 1
EXIT_INVALID = 2

CHECK_FORMATS = ("json", "table")


def _fail(problems: list[Problem], hint: str | None = None) -> NoReturn:
    for problem in problems:
        print(problem.line(), file=sys.stderr)
    if hint:
        print(hint, file=sys.stderr)
    raise SystemExit(EXIT_INVALID)


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


ANSWERS = arg("answers_path", type=Path, metavar="自评文件", help="自评文件（YAML 或 JSON）")


def check_command(answers_path: Path, output: str, redacted: Optional[Path]) -> None:
    """Check every evidence file for ID, mobile, bank card, e-mail and landline numbers.

    Exit 0 when nothing is outstanding (images and scanned pages are listed as unchecked), 1 when findings are
    neither accepted nor redacted, 2 on bad input.
    """
    from .evidence.check import check_evidence

    answers = _load(answers_path)
    report = check_evidence(answers, answers_path.parent, redacted)
    text = report_json(report) if output == "json" else report_table(report)
    sys.stdout.write(text + "\n")
    if report.problems:
        _fail(report.problems)
    if report.outstanding:
        raise SystemExit(EXIT_FINDINGS)


def redact_command(answers_path: Path, out: Path) -> None:
    """Write redacted copies of every evidence file with findings not accepted (originals are never modified)."""
    from .evidence.redact import redact_evidence

    answers = _load(answers_path)
    report = redact_evidence(answers, answers_path.parent, out)
    for copy in report.copies:
        print(f"{copy.file} → {copy.copy}：已脱敏 {len(copy.hidden)} 处")
    print(f"共生成 {len(report.copies)} 个脱敏副本，位于 {out}。")
    if report.problems:
        _fail(report.problems)


def bundle_command(answers_path: Path, out: Path, redacted: Optional[Path]) -> None:
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
        print(f"提示：{note.file} {note.location} 无法检查，请人工核对是否含有敏感信息。", file=sys.stderr)
    print(f"已生成 {out}：{bundle.pages} 页，证明材料 {len(bundle.files)} 份。")


def register(cli: Group) -> None:
    """Add ``evidence check``, ``evidence redact`` and ``bundle`` to the main command line."""
    evidence = cli.group("evidence", "证明材料的脱敏检查与脱敏副本。")
    evidence.command(
        "check", "检查每个证明材料文件中的身份证号、手机号、银行卡号、电子邮箱和固定电话。\n"
        "没有待处理的发现时退出码为 0（图片和扫描页列为无法检查），有既未脱敏也未确认保留的发现时为 1，输入无效时为 2。",
        ANSWERS,
        arg("-f", "--format", dest="output", choices=CHECK_FORMATS, default="table", metavar="格式",
            help="输出格式：json | table"),
        arg("--redacted", type=Path, metavar="文件夹", help="检查此文件夹中的脱敏副本（如有）而非原件"))(check_command)
    evidence.command("redact", "为有未确认保留的发现的证明材料生成脱敏副本（原件不会被修改）。", ANSWERS,
                     arg("--out", type=Path, required=True, metavar="文件夹",
                         help="脱敏副本的输出文件夹（原件不会被修改）"))(redact_command)
    cli.command(
        "bundle", "把全部证明材料合成一个 PDF：封面、目录、按条目顺序的每个文件、书签和页脚。\n"
        "仍有既未脱敏也未确认保留的发现时拒绝生成（退出码 2）。",
        ANSWERS,
        arg("--out", type=Path, default=Path("证明材料.pdf"), metavar="文件", help="输出的 PDF 文件"),
        arg("--redacted", type=Path, metavar="文件夹", help="evidence redact 生成的脱敏副本文件夹"))(bundle_command)
