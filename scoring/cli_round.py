"""Commands of the annual round: ``round show|set|reopen YEAR``, ``export report``, ``cultivation import|export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import typer

from .cli_store import _fail, _organisation_id, _run, _write


def _group(app: typer.Typer, name: str) -> typer.Typer:
    """The sub-command group ``name`` registered by another module (``export``), or a new one."""
    for group in app.registered_groups:
        if group.name == name:
            return group.typer_instance
    created = typer.Typer(add_completion=False, no_args_is_help=True)
    app.add_typer(created, name=name)
    return created


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail([f"{what}：{text!r} 不是 YYYY-MM-DD 格式的日期"])


def register(app: typer.Typer) -> None:
    _register_round(app)
    register_demo(app)


def _register_round(app: typer.Typer) -> None:
    round_app = typer.Typer(add_completion=False, no_args_is_help=True, help="年度申报日程（阶段与截止日期）。")
    cultivation_app = typer.Typer(add_completion=False, no_args_is_help=True, help="培育和创建单位名单（xlsx）。")
    app.add_typer(round_app, name="round")
    app.add_typer(cultivation_app, name="cultivation")
    export_app = _group(app, "export")

    @round_app.command("show")
    def round_show(year: int = typer.Argument(..., help="年度")) -> None:
        """Print the year's phases and the filing deadline."""
        from .store import rounds

        calendar = _run(lambda s: rounds.get_round(s, year))
        source = "已设置" if calendar.stored else "方案默认"
        typer.echo(f"{year} 年度（{source}）")
        for phase in calendar.phases:
            typer.echo(f"  {phase.key:<11} {phase.label}  {phase.start} 至 {phase.end}")
        typer.echo(f"  申报截止：{calendar.filing_deadline}")

    @round_app.command("set")
    def round_set(year: int = typer.Argument(..., help="年度"),
                  phase: list[str] = typer.Option(..., "--phase",
                                                  help="阶段=开始日:结束日，如 filing=2026-09-01:2026-09-15")) -> None:
        """Change phases' dates (the others keep theirs)."""
        from .store import rounds
        from .store.actors import SYSTEM

        changes = {}
        for text in phase:
            key, _, span = text.partition("=")
            start, _, end = span.partition(":")
            if not key or not start or not end:
                _fail([f"--phase {text!r}：应写成 阶段=开始日:结束日"])
            changes[key.strip()] = (start.strip(), end.strip())
        calendar = _run(lambda s: rounds.set_round(s, SYSTEM, year, changes))
        typer.echo(f"{year} 年度申报截止：{calendar.filing_deadline}")

    @round_app.command("reopen")
    def round_reopen(year: int = typer.Argument(..., help="年度"),
                     organisation: str = typer.Argument(..., help="单位名称或统一社会信用代码"),
                     until: str = typer.Option(..., "--until", help="重新开放至（含）YYYY-MM-DD"),
                     reason: str = typer.Option(..., "--reason", help="原因（记入审计日志）")) -> None:
        """Reopen filing after the deadline for one organisation."""
        from .store import rounds
        from .store.actors import SYSTEM

        last = _date(until, "--until")
        done = _run(lambda s: rounds.reopen_filing(s, SYSTEM, year, _organisation_id(s, organisation), last, reason))
        typer.echo(f"已为 {done.organisation} 重新开放 {year} 年度申报至 {done.until}")

    @export_app.command("report")
    def export_report(round_: int = typer.Option(..., "--round", help="年度"),
                      out: Path = typer.Option(..., "--out", help="输出文件（.xlsx 或 .docx）")) -> None:
        """The 报备 table of the round's certifications for the 市市场监管局."""
        from .store import report
        from .store.actors import SYSTEM

        _write(out, _run(lambda s: report.report_bytes(s, SYSTEM, round_, out.suffix)))

    @cultivation_app.command("export")
    def cultivation_export(round_: int = typer.Option(..., "--round", help="年度"),
                           out: Path = typer.Option(..., "--out", help="输出文件（.xlsx）")) -> None:
        """Every office's cultivation list for the year."""
        from .store import cultivation
        from .store.actors import SYSTEM

        if out.suffix.lower() != ".xlsx":
            _fail([f"{out}: 输出文件须为 .xlsx"])
        _write(out, _run(lambda s: cultivation.cultivation_xlsx(s, SYSTEM, round_)))

    @cultivation_app.command("import")
    def cultivation_import(file: Path = typer.Argument(..., help="培育名单 xlsx（与导出格式相同）"),
                           round_: int = typer.Option(..., "--round", help="年度")) -> None:
        """Load a cultivation list: all rows or none; problems name the row and column."""
        from .store import cultivation
        from .store.actors import SYSTEM

        try:
            data = file.read_bytes()
        except OSError as err:
            _fail([f"{file}: 无法读取：{err.strerror or err}"])
        count = _run(lambda s: cultivation.import_cultivation(s, SYSTEM, round_, data, str(file)))
        typer.echo(f"已导入 {count} 个单位到 {round_} 年度培育名单")


def register_demo(app: typer.Typer) -> None:
    demo_app = _group(app, "demo")

    @demo_app.command("round")
    def demo_round(report: Path = typer.Option(None, "--report", help="把报备表另存为此 .xlsx 文件")) -> None:
        """Finish the demo's round: selection, acceptance, meeting decision, certificates, 报备; next year's
        carried-forward draft."""
        from .store import demo

        outcome = _run(demo.complete_round)
        if outcome is None:
            typer.echo("未载入演示数据，或演示年度已完成，未作任何改动。")
            return
        typer.echo(f"已完成 {demo.ROUND} 年度演示流程：入选并授牌 {outcome.approved} 家（证书 "
                   f"{outcome.certificates[0]} 等），{outcome.carried_organisation} 沿用自评开始 {demo.NEXT_ROUND} "
                   f"年度草稿，{len(outcome.renewals)} 个条目待更新证据。")
        if report is not None:
            from .store import report as reporting
            from .store.actors import SYSTEM

            _write(report, _run(lambda s: reporting.report_bytes(s, SYSTEM, demo.ROUND, report.suffix)))
