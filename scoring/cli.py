"""Command line: ``python -m scoring …`` (also installed as ``tsp-scoring``).

Exit codes: 0 when done, 2 on invalid input (one line per problem on stderr naming the file, item ID and field).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

from .cli_parser import EXIT_INVALID, Group, arg
from .problems import InputInvalid, Problem

if TYPE_CHECKING:
    from .engine import ScoreResult
    from .rubric import Rubric

# Every command imports what it needs when it runs: ``score`` never loads the document, evidence or storage
# libraries, and ``--help`` loads none of the engine.

# Modules that add their own commands with ``register(cli)``.
COMMAND_MODULES: tuple[str, ...] = ("cli_documents", "cli_drafts", "cli_evidence", "cli_store", "cli_round")

cli = Group("商业秘密保护示范区、示范站、示范点自评与评分工具。")
rubric_commands = cli.group("rubric", "查看或校验验收表（rubric）。")

PLUGINS_VARIABLE = "PYDANTIC_DISABLE_PLUGINS"
OUTPUT_FORMATS = ("json", "table", "csv")
RUBRIC_CHOICES = ("zone", "station", "point")
RUBRIC_NAME = arg("name", metavar="类别", help="zone（示范区）| station（示范站）| point（示范点）")


def report_problems(problems: list[Problem]) -> None:
    """Print one line per problem to stderr."""
    for problem in problems:
        print(problem.line(), file=sys.stderr)


def fail(problems: list[Problem]) -> NoReturn:
    """Report problems and exit 2."""
    report_problems(problems)
    raise SystemExit(EXIT_INVALID)


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


@cli.command("score", "为自评文件评分：有效的文件照常评分并输出，任一文件无效时逐行列出问题、退出码为 2。",
             arg("files", nargs="+", type=Path, metavar="文件", help="一个或多个自评文件（YAML 或 JSON）"),
             arg("-f", "--format", dest="output", choices=OUTPUT_FORMATS, default="table", metavar="格式",
                 help="输出格式：json（完整结果）| table（中文摘要）| csv（每个文件一行，按总分排名）"),
             arg("--rubric-file", type=Path, metavar="文件", help="使用调整后的验收表文件代替内置验收表"))
def score_command(files: list[Path], output: str, rubric_file: Optional[Path]) -> None:
    """Score answers files. Valid files are scored even when others are invalid; any invalid file means exit 2."""
    with no_collections():
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
        if output == "json":
            write_stdout(result_json(results))
        elif output == "csv":
            write_stdout(results_csv(results))
        else:
            write_stdout("\n".join(result_table(file, result) for file, result in results))
    if problems:
        fail(problems)


@contextmanager
def no_collections() -> Iterator[None]:
    """No cyclic garbage collection while the engine's modules load (pydantic, the models, the rubric).

    Loading them allocates a few hundred thousand long-lived objects and no garbage cycles worth finding, yet the
    collector ran about fifty times over the growing heap meanwhile. ``fewer_collections`` then freezes those
    objects out of later walks.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


@cli.command("template", "输出空白自评文件：列出全部条目，评价标准写在注释中。", RUBRIC_NAME)
def template_command(name: str) -> None:
    """Print a blank answers file listing every item with its criterion as a comment."""
    from .template import blank_answers_yaml

    write_stdout(blank_answers_yaml(bundled_rubric(name)))


@rubric_commands.command("show", "输出校验后的内置验收表（YAML 或 JSON）。", RUBRIC_NAME,
                         arg("--json", dest="as_json", action="store_true", help="输出 JSON 而非 YAML"))
def rubric_show(name: str, as_json: bool) -> None:
    """Print a bundled rubric as validated data."""
    data = bundled_rubric(name).model_dump(mode="json", exclude_defaults=False)
    if as_json:
        write_stdout(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from .yamlio import dump_yaml

        write_stdout(dump_yaml(data))


@rubric_commands.command("check", "校验验收表文件（如市场监管所调整后的副本），逐行列出全部问题，有问题时退出码为 2。",
                         arg("file", type=Path, metavar="文件", help="验收表 YAML 文件"))
def rubric_check(file: Path) -> None:
    """Validate a rubric file (an office's adjusted copy, say); exit 2 listing every problem."""
    from .rubric import load_rubric_file

    try:
        rubric = load_rubric_file(file)
    except InputInvalid as err:
        fail(err.problems)
    print(f"{file}: 验收表有效：{rubric.title}（{rubric.rubric}，版本 {rubric.version}），"
               f"{len(rubric.items)} 个条目，基本项 {rubric.base_total} 分，加分项 {rubric.bonus_total} 分")


@cli.command("schema", "输出自评文件的 JSON Schema。")
def schema_command() -> None:
    """Print the JSON Schema of the answers file."""
    from .schema import answers_schema

    try:
        schema = answers_schema()
    except InputInvalid as err:  # an unreadable adjusted rubric (TSP_RUBRICS_DIR)
        fail(err.problems)
    write_stdout(json.dumps(schema, ensure_ascii=False, indent=2))


for _module in COMMAND_MODULES:
    importlib.import_module(f"scoring.{_module}").register(cli)


def program_name() -> str:
    """How the user started the command line: ``tsp-scoring``, or ``python -m scoring``."""
    name = Path(sys.argv[0]).name
    return "python -m scoring" if name in ("__main__.py", "") else name


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command (``argv`` defaults to the process's arguments); return its exit code."""
    prog = program_name() if argv is None else "python -m scoring"
    try:
        with without_pydantic_plugins():
            cli.run(prog, list(sys.argv[1:] if argv is None else argv))
    except SystemExit as done:
        return exit_code(done.code)
    except InputInvalid as err:  # a command that let one through: still one line per problem, exit 2
        report_problems(err.problems)
        return EXIT_INVALID
    return 0


@contextmanager
def without_pydantic_plugins() -> Iterator[None]:
    """Tell pydantic, while a command runs, that the command line uses no pydantic plugins.

    Otherwise the first validator pydantic builds scans the entry points of every installed distribution for
    plugins (about 5 ms of a cold start here). An explicit ``PYDANTIC_DISABLE_PLUGINS`` (even empty) is kept.
    """
    if PLUGINS_VARIABLE in os.environ:
        yield
        return
    os.environ[PLUGINS_VARIABLE] = "__all__"
    try:
        yield
    finally:
        os.environ.pop(PLUGINS_VARIABLE, None)


def exit_code(code: object) -> int:
    """``SystemExit.code`` as a process exit code (a message is printed and means 1, as in Python itself)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
