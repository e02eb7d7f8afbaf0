"""Command line: ``python -m scoring …`` (also installed as ``tsp-scoring``).

Exit codes: 0 when done, 2 on invalid input (one line per problem on stderr naming the file, item ID and field).
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

from .problems import InputInvalid, Problem

if TYPE_CHECKING:
    from .engine import ScoreResult
    from .rubric import Rubric

# Every command imports what it needs when it runs: ``score`` never loads the document, evidence or storage
# libraries, and ``--help`` loads none of the engine.
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


RUBRIC_CHOICES = ("zone", "station", "point")


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
    from .answers import load_answers
    from .engine import score
    from .report import result_json, result_table, results_csv
    from .rubric import load_rubric_file

    rubrics: dict[str, Rubric] = {}
    if rubric_file is not None:
        try:
            custom = load_rubric_file(rubric_file)
        except InputInvalid as err:
            fail(err.problems)
        rubrics[custom.rubric] = custom
    results: list[tuple[str, ScoreResult]] = []
    problems: list[Problem] = []
    with fewer_collections():
        for path in files:
            try:
                answers = load_answers(path, rubrics)
            except InputInvalid as err:
                problems.extend(err.problems)
                continue
            results.append((str(path), score(rubrics.get(answers.rubric), answers)))
    if results:
        if output is OutputFormat.json:
            write_stdout(result_json(results))
        elif output is OutputFormat.csv:
            write_stdout(results_csv(results))
        else:
            write_stdout("\n".join(result_table(file, result) for file, result in results))
    if problems:
        fail(problems)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run fewer cyclic garbage collections while a batch keeps every result to the end.

    A batch builds many long-lived objects with no cycles; with the default thresholds the collector walks the
    growing heap again and again (a fifth of a 300-file run). Objects from start-up are frozen out of its walks and
    young collections run every 50,000 allocations instead of every 700; cycles are still collected.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def bundled_rubric(name: str) -> Rubric:
    """The bundled rubric by name; exit 2 with a Chinese message on an unknown name or an unreadable rubric."""
    from .rubric import load_rubric

    if name not in RUBRIC_CHOICES:
        fail([Problem("<命令行>", None, "rubric", f"未知的类别 {name!r}，可选：zone（示范区）、station（示范站）、"
                                                 f"point（示范点）")])
    try:
        return load_rubric(name)
    except InputInvalid as err:
        fail(err.problems)


@app.command("template")
def template_command(name: str = typer.Argument(..., help="zone | station | point")) -> None:
    """Print a blank answers file listing every item with its criterion as a comment."""
    from .template import blank_answers_yaml

    write_stdout(blank_answers_yaml(bundled_rubric(name)))


@rubric_app.command("show")
def rubric_show(name: str = typer.Argument(..., help="zone | station | point"),
                as_json: bool = typer.Option(False, "--json", help="输出 JSON 而非 YAML")) -> None:
    """Print a bundled rubric as validated data."""
    data = bundled_rubric(name).model_dump(mode="json", exclude_defaults=False)
    if as_json:
        write_stdout(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from .yamlio import dump_yaml

        write_stdout(dump_yaml(data))


@rubric_app.command("check")
def rubric_check(file: Path = typer.Argument(..., help="验收表 YAML 文件")) -> None:
    """Validate a rubric file (an office's adjusted copy, say); exit 2 listing every problem."""
    from .rubric import load_rubric_file

    try:
        rubric = load_rubric_file(file)
    except InputInvalid as err:
        fail(err.problems)
    typer.echo(f"{file}: 验收表有效：{rubric.title}（{rubric.rubric}，版本 {rubric.version}），"
               f"{len(rubric.items)} 个条目，基本项 {rubric.base_total} 分，加分项 {rubric.bonus_total} 分")


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the answers file."""
    from .schema import answers_schema

    try:
        schema = answers_schema()
    except InputInvalid as err:  # an unreadable adjusted rubric (TSP_RUBRICS_DIR)
        fail(err.problems)
    write_stdout(json.dumps(schema, ensure_ascii=False, indent=2))


for _module in COMMAND_MODULES:
    importlib.import_module(f"scoring.{_module}").register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except InputInvalid as err:  # a command that let one through: still one line per problem, exit 2
        report_problems(err.problems)
        raise SystemExit(EXIT_INVALID) from None
