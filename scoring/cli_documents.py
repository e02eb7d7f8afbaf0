"""Command line for the application documents: ``form`` (Annex 1 申报表) and ``table`` (filled 验收表).

Exit codes: 0 when written, 2 on invalid input (one line per problem of the answers file, or why the output
cannot be written), 1 when the document itself cannot be made (a missing or broken template).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, NoReturn

from .atomic import write_atomic
from .cli_parser import Group, arg

# The document libraries (docxtpl, python-docx, jinja2) and the engine are imported when a command runs.

EXIT_INVALID = 2
EXIT_FAILED = 1


class OutputUnwritable(Exception):
    """The output file cannot be written; the message (Chinese) says why."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader never sees half a file."""
    if path.is_dir():
        raise OutputUnwritable(f"{path}: 这是一个文件夹，请给出文件名（如 申报表.docx）")
    if not path.parent.is_dir():
        raise OutputUnwritable(f"{path}: 所在文件夹 {path.parent} 不存在")
    try:
        write_atomic(path, data, mode=0o666 & ~_umask())
    except OSError as err:
        reason = "没有写入权限" if isinstance(err, PermissionError) else (err.strerror or str(err))
        raise OutputUnwritable(f"{path}: 无法写入（{reason}）") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exit(lines: list[str], code: int) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise SystemExit(code)


def make_document(answers_path: Path, out: Path, render: Callable[..., bytes], label: str) -> None:
    """Load and score the answers file, render one document from it and write it atomically."""
    from .answers import load_answers
    from .documents import DocumentError
    from .engine import score
    from .problems import InputInvalid

    try:
        answers = load_answers(answers_path)
    except InputInvalid as err:
        _exit([p.line() for p in err.problems], EXIT_INVALID)
    result = score(None, answers)
    try:
        data = render(answers, result)
    except DocumentError as err:
        _exit([str(err)], EXIT_FAILED)
    try:
        write_atomically(out, data)
    except OutputUnwritable as err:
        _exit([str(err)], EXIT_INVALID)
    print(f"已生成{label}：{out}")


ANSWERS = arg("answers", type=Path, metavar="自评文件", help="自评文件（YAML 或 JSON）")
OUT = arg("-o", "--out", type=Path, required=True, metavar="文件", help="输出的 Word 文件（.docx）")


def form_command(answers: Path, out: Path) -> None:
    """Write the Annex 1 application form (申报表) of the answers file's category as a Word file."""
    from .documents import render_application_form

    make_document(answers, out, lambda a, r: render_application_form(a, r), "申报表")


def table_command(answers: Path, out: Path) -> None:
    """Write the filled acceptance table (验收表): claimed scores beside the evidence check, as a Word file."""
    from .documents import render_acceptance_table

    make_document(answers, out, lambda a, r: render_acceptance_table(r), "验收表")


def register(cli: Group) -> None:
    """Add the ``form`` and ``table`` commands to the main command line."""
    cli.command("form", "按自评文件的类别生成附件 1 申报表（Word 文件）。", ANSWERS, OUT)(form_command)
    cli.command("table", "生成填好的验收表（Word 文件）：自评分与证据核验后得分并列。", ANSWERS, OUT)(table_command)
