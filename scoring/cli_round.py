"""Commands of the annual round: ``round show|set|reopen YEAR``, ``export report``, ``cultivation import|export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from .cli_parser import Group, arg, integer
from .cli_store import ROUND_REQUIRED, _fail, _organisation_id, _run, _write

YEAR = arg("year", type=integer, metavar="年度", help="年度")


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail([f"{what}：{text!r} 不是 YYYY-MM-DD 格式的日期"])


def register(cli: Group) -> None:
    _register_round(cli)
    register_demo(cli)


def _register_round(cli: Group) -> None:
    round_commands = cli.group("round", "年度申报日程（阶段与截止日期）。")
    cultivation_commands = cli.group("cultivation", "培育和创建单位名单（xlsx）。")
    export_commands = cli.group("export", "导出 xlsx / docx。")

    @round_commands.command("show", "列出年度各阶段的日期和申报截止日期。", YEAR)
    def round_show(year: int) -> None:
        """Print the year's phases and the filing deadline."""
        from .store import rounds

        calendar = _run(lambda s: rounds.get_round(s, year))
        source = "已设置" if calendar.stored else "方案默认"
        print(f"{year} 年度（{source}）")
        for phase in calendar.phases:
            print(f"  {phase.key:<11} {phase.label}  {phase.start} 至 {phase.end}")
        print(f"  申报截止：{calendar.filing_deadline}")

    @round_commands.command("set", "修改若干阶段的日期（其余阶段不变）。", YEAR,
                            arg("--phase", action="append", required=True, metavar="阶段=开始日:结束日",
                                help="如 filing=2026-09-01:2026-09-15；可重复"))
    def round_set(year: int, phase: list[str]) -> None:
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
        print(f"{year} 年度申报截止：{calendar.filing_deadline}")

    @round_commands.command("reopen", "截止后为一个单位重新开放申报。", YEAR,
                            arg("organisation", metavar="单位", help="单位名称或统一社会信用代码"),
                            arg("--until", required=True, metavar="日期", help="重新开放至（含）YYYY-MM-DD"),
                            arg("--reason", required=True, metavar="原因", help="原因（记入审计日志）"))
    def round_reopen(year: int, organisation: str, until: str, reason: str) -> None:
        """Reopen filing after the deadline for one organisation."""
        from .store import rounds
        from .store.actors import SYSTEM

        last = _date(until, "--until")
        done = _run(lambda s: rounds.reopen_filing(s, SYSTEM, year, _organisation_id(s, organisation), last, reason))
        print(f"已为 {done.organisation} 重新开放 {year} 年度申报至 {done.until}")

    @export_commands.command("report", "年度授牌情况报备表，报送市市场监管局（.xlsx 或 .docx）。", ROUND_REQUIRED,
                             arg("--out", type=Path, required=True, metavar="文件", help="输出文件（.xlsx 或 .docx）"))
    def export_report(round_: int, out: Path) -> None:
        """The 报备 table of the round's certifications for the 市市场监管局."""
        from .store import report
        from .store.actors import SYSTEM

        _write(out, _run(lambda s: report.report_bytes(s, SYSTEM, round_, out.suffix)))

    @cultivation_commands.command("export", "各市场监管所的年度培育名单（.xlsx）。", ROUND_REQUIRED,
                                  arg("--out", type=Path, required=True, metavar="文件", help="输出文件（.xlsx）"))
    def cultivation_export(round_: int, out: Path) -> None:
        """Every office's cultivation list for the year."""
        from .store import cultivation
        from .store.actors import SYSTEM

        if out.suffix.lower() != ".xlsx":
            _fail([f"{out}: 输出文件须为 .xlsx"])
        _write(out, _run(lambda s: cultivation.cultivation_xlsx(s, SYSTEM, round_)))

    @cultivation_commands.command("import", "导入培育名单：全部导入或一行也不导入，问题指明行和列。",
                                  arg("file", type=Path, metavar="文件", help="培育名单 xlsx（与导出格式相同）"),
                                  ROUND_REQUIRED)
    def cultivation_import(file: Path, round_: int) -> None:
        """Load a cultivation list: all rows or none; problems name the row and column."""
        from .store import cultivation
        from .store.actors import SYSTEM

        try:
            data = file.read_bytes()
        except OSError as err:
            _fail([f"{file}: 无法读取：{err.strerror or err}"])
        count = _run(lambda s: cultivation.import_cultivation(s, SYSTEM, round_, data, str(file)))
        print(f"已导入 {count} 个单位到 {round_} 年度培育名单")


def register_demo(cli: Group) -> None:
    demo_commands = cli.group("demo", "演示数据（虚构单位与示例账户）。")

    @demo_commands.command("round", "走完演示年度：入选、验收、会议决定、证书、报备；次年沿用的草稿。",
                           arg("--report", type=Path, metavar="文件", help="把报备表另存为此 .xlsx 文件"))
    def demo_round(report: Optional[Path]) -> None:
        """Finish the demo's round: selection, acceptance, meeting decision, certificates, 报备; next year's
        carried-forward draft."""
        from .store import demo

        outcome = _run(demo.complete_round)
        if outcome is None:
            print("未载入演示数据，或演示年度已完成，未作任何改动。")
            return
        print(f"已完成 {demo.ROUND} 年度演示流程：入选并授牌 {outcome.approved} 家（证书 "
                   f"{outcome.certificates[0]} 等），{outcome.carried_organisation} 沿用自评开始 {demo.NEXT_ROUND} "
                   f"年度草稿，{len(outcome.renewals)} 个条目待更新证据。")
        if report is not None:
            from .store import report as reporting
            from .store.actors import SYSTEM

            _write(report, _run(lambda s: reporting.report_bytes(s, SYSTEM, demo.ROUND, report.suffix)))
