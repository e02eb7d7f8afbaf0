"""Command line: ``python -m scoring …`` (also installed as ``tsp-scoring``).

Exit codes: 0 when done, 2 on invalid input (one line per problem on stderr naming the file, item ID and field).
"""

from __future__ import annotations

import importlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer
import yaml

from .answers import load_answers
from .engine import ScoreResult, score
from .problems import InputInvalid, Problem
from .report import result_json, result_table, results_csv
from .rubric import RUBRIC_NAMES, Rubric, load_rubric, load_rubric_file
from .schema import answers_schema
from .template import blank_answers_yaml

EXIT_INVALID = 2

# Modules that add their own commands with ``register(app)``.
COMMAND_MODULES: tuple[str, ...] = ("cli_documents", "cli_drafts", "cli_evidence", "cli_store", "cli_round")

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="商业秘密保护示范区、示范站、示范点自评与评分工具。")
rubric_app = typer.Typer(add_completion=False, no_args_is_help=True, help="查看或校验验收表（rubric）。")
app.add_typer(rubric_app, name="rubric")


class OutputFormat(str, Enum):
    json = "json"
    table = "table"
    csv = "csv"


class RubricName(str, Enum):
    zone = "zone"
    station = "station"
    point = "point"


def report_problems(problems: list[Problem]) -> None:
    """Print one line per problem to stderr."""
    for problem in problems:
        typer.echo(problem.line(), err=True)


def fail(problems: list[Problem]) -> NoReturn:
    """Report problems and exit 2."""
    report_problems(problems)
    raise typer.Exit(EXIT_INVALID)


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


@app.command("score")
def score_command(
    files: list[Path] = typer.Argument(..., help="一个或多个自评文件（YAML 或 JSON）"),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="json | table | csv"),
    rubric_file: Optional[Path] = typer.Option(None, "--rubric-file", help="使用调整后的验收表文件代替内置验收表"),
) -> None:
    """Score answers files. Valid files are scored even when others are invalid; any invalid file means exit 2."""
    custom: Rubric | None = None
    if rubric_file is not None:
        try:
            custom = load_rubric_file(rubric_file)
        except InputInvalid as err:
            fail(err.problems)
    results: list[tuple[str, ScoreResult]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            answers = load_answers(path, custom if custom and _rubric_of(path) == custom.rubric else None)
        except InputInvalid as err:
            problems.extend(err.problems)
            continue
        results.append((str(path), score(custom if custom and custom.rubric == answers.rubric else None, answers)))
    if results:
        if output is OutputFormat.json:
            write_stdout(result_json(results))
        elif output is OutputFormat.csv:
            write_stdout(results_csv(results))
        else:
            write_stdout("\n".join(result_table(file, result) for file, result in results))
    if problems:
        fail(problems)


def _rubric_of(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        # Unreadable here: load_answers reports the same file properly.
        return None
    return data.get("rubric") if isinstance(data, dict) else None


@app.command("template")
def template_command(name: RubricName = typer.Argument(..., help="zone | station | point")) -> None:
    """Print a blank answers file listing every item with its criterion as a comment."""
    write_stdout(blank_answers_yaml(load_rubric(name.value)))


@rubric_app.command("show")
def rubric_show(name: RubricName = typer.Argument(..., help="zone | station | point"),
                as_json: bool = typer.Option(False, "--json", help="输出 JSON 而非 YAML")) -> None:
    """Print a bundled rubric as validated data."""
    data = load_rubric(name.value).model_dump(mode="json", exclude_defaults=False)
    if as_json:
        write_stdout(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        write_stdout(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120))


@rubric_app.command("check")
def rubric_check(file: Path = typer.Argument(..., help="验收表 YAML 文件")) -> None:
    """Validate a rubric file (an office's adjusted copy, say); exit 2 listing every problem."""
    try:
        rubric = load_rubric_file(file)
    except InputInvalid as err:
        fail(err.problems)
    typer.echo(f"{file}: 验收表有效：{rubric.title}（{rubric.rubric}，版本 {rubric.version}），"
               f"{len(rubric.items)} 个条目，基本项 {rubric.base_total} 分，加分项 {rubric.bonus_total} 分")


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the answers file."""
    write_stdout(json.dumps(answers_schema(), ensure_ascii=False, indent=2))


for _module in COMMAND_MODULES:
    importlib.import_module(f"scoring.{_module}").register(app)


def main() -> None:
    """Console-script entry point."""
    app()


assert set(RUBRIC_NAMES) == {r.value for r in RubricName}
