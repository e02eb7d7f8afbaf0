"""The command line: formats, exit codes, and one stderr line per problem, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .cli_runner import invoke


ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return invoke(list(args))


def write(tmp_path: Path, name: str, data: dict | str) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def minimal(rubric="point", **answers) -> dict:
    return {"rubric": rubric, "assessed_on": "2026-11-01", "applicant": {"name": "测试单位"}, "answers": answers}


def test_score_json_is_the_result_object(examples):
    result = run("score", str(examples / "point.yaml"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["rubric"], data["total"], data["claimed_total"]) == ("point", 94.5, 102.5)


def test_score_json_of_many_files_is_a_list(examples):
    result = run("score", str(examples / "point.yaml"), str(examples / "zone.yaml"), "-f", "json")
    assert [d["rubric"] for d in json.loads(result.stdout)] == ["point", "zone"]


def test_score_csv_ranks_files_by_total(tmp_path, examples):
    low = write(tmp_path, "low.yaml", minimal(P01={"met": True, "evidence": [{"title": "通知"}]}))
    result = run("score", low, str(examples / "point.yaml"), "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rank"], r["total"]) for r in rows] == [("1", "94.5"), ("2", "3")]


def test_score_table_is_a_chinese_summary(examples):
    result = run("score", str(examples / "point.yaml"))
    assert result.exit_code == 0
    assert "总得分：94.5" in result.stdout and "P16" in result.stdout


@pytest.mark.parametrize("answers,item_id,field", [
    ({"P99": {"met": True}}, "P99", None),
    ({"P01": {"met": True, "count": 1}}, "P01", "count"),
    ({"P13": {"met": "partial", "score": 1.2}}, "P13", "score"),
    ({"P01": {"met": True, "evidence": [{"title": "x", "date": "2026-02-31"}]}}, "P01", "evidence[0].date"),
    ({"Z01": {"met": True}}, "Z01", None),
])
def test_invalid_answers_exit_2_naming_file_item_and_field(tmp_path, answers, item_id, field):
    path = write(tmp_path, "bad.yaml", minimal(**answers))
    result = run("score", path)
    assert result.exit_code == 2
    where = f"{item_id}.{field}" if field else item_id
    assert result.stderr.strip().startswith(f"{path}: {where}:")
    assert "Traceback" not in result.stderr


def test_bad_date_unknown_rubric_and_uscc_exit_2(tmp_path):
    data = minimal()
    data["assessed_on"] = "2026-11-31"
    data["applicant"]["uscc"] = "91310117MA1J3AB2CK"
    result = run("score", write(tmp_path, "a.yaml", data))
    assert result.exit_code == 2
    assert "assessed_on" in result.stderr and "applicant.uscc" in result.stderr
    result = run("score", write(tmp_path, "b.yaml", {**minimal(), "rubric": "park"}))
    assert result.exit_code == 2 and ": rubric:" in result.stderr


def test_malformed_yaml_exits_2_with_its_line(tmp_path):
    result = run("score", write(tmp_path, "broken.yaml", "rubric: point\nanswers: [\n  P01\n"))
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and "行" in result.stderr


def test_valid_files_are_still_scored_when_another_is_invalid(tmp_path, examples):
    bad = write(tmp_path, "bad.yaml", minimal(P99={"met": True}))
    result = run("score", str(examples / "point.yaml"), bad, "-f", "csv")
    assert result.exit_code == 2
    assert "94.5" in result.stdout and "P99" in result.stderr


def test_template_lists_every_item_and_validates_once_named(tmp_path):
    result = run("template", "station")
    assert result.exit_code == 0
    for n in range(1, 29):
        assert f"# S{n:02d} " in result.stdout
    assert "# SB6 " in result.stdout
    filled = result.stdout.replace('name: ""', "name: 测试协会").replace("  # S01: ", "  S01: ")
    filled = filled.replace("date: YYYY-MM-DD, ", "").replace(", file: 文件路径", "")
    path = write(tmp_path, "filled.yaml", filled)
    scored = run("score", path, "-f", "json")
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["total"] == 3


def test_rubric_show_and_check(tmp_path):
    shown = run("rubric", "show", "zone", "--json")
    assert json.loads(shown.stdout)["items"][14]["id"] == "Z15"
    assert run("rubric", "check", str(ROOT / "rubrics" / "point.yaml")).exit_code == 0
    broken = yaml.safe_load((ROOT / "rubrics" / "point.yaml").read_text(encoding="utf-8"))
    broken["items"][0]["points"] = 4
    checked = run("rubric", "check", write(tmp_path, "p.yaml", broken))
    assert checked.exit_code == 2 and "base_total" in checked.stderr


def test_score_with_an_adjusted_rubric_file(tmp_path):
    data = yaml.safe_load((ROOT / "rubrics" / "point.yaml").read_text(encoding="utf-8"))
    data["version"] = "2026-adjusted"
    data["items"][0]["points"], data["items"][1]["points"] = 4, 1
    rubric_path = write(tmp_path, "point-adjusted.yaml", data)
    answers = write(tmp_path, "a.yaml", minimal(P01={"met": True, "evidence": [{"title": "通知"}]}))
    result = run("score", answers, "--rubric-file", rubric_path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert (json.loads(result.stdout)["total"], json.loads(result.stdout)["rubric_version"]) == (4, "2026-adjusted")


def test_schema_is_json_schema():
    data = json.loads(run("schema").stdout)
    assert data["$schema"].endswith("2020-12/schema")


def test_python_dash_m_runs_the_cli(examples):
    done = subprocess.run([sys.executable, "-m", "scoring", "score", str(examples / "zone.yaml"), "-f", "json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert json.loads(done.stdout)["total"] == 120


def _every_command(group, path=()):
    from scoring.cli_parser import Group

    yield path
    for name, child in group.children.items():
        if isinstance(child, Group):
            yield from _every_command(child, (*path, name))
        else:
            yield (*path, name)


def test_the_help_of_every_command_and_group_is_chinese():
    from scoring.cli import cli

    paths = list(_every_command(cli))
    assert len(paths) > 40
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.stderr)
        assert result.stdout.startswith("用法：python -m scoring"), path
        for english in ("usage:", "options:", "positional arguments", "show this help", "Show this message"):
            assert english not in result.stdout, (path, english)


@pytest.mark.parametrize("args,message", [
    (["score"], "python -m scoring score: 缺少参数：文件"),
    (["score", "a.yaml", "-f", "xml"], "python -m scoring score: -f/--format 的取值 'xml' 无效，可选：'json', 'table', 'csv'"),
    (["score", "a.yaml", "--colour"], "python -m scoring score: 无法识别的参数：--colour"),
    (["nosuch"], "python -m scoring: 未知的命令 'nosuch'，可选：rubric、score"),
    (["rubric", "list"], "python -m scoring rubric: 未知的命令 'list'，可选：show、check"),
    (["drafts", "prune", "--older-than", "0"], "python -m scoring drafts prune: --older-than：'0' 不是正整数"),
    (["drafts", "prune", "--older-than", "x"], "python -m scoring drafts prune: --older-than：'x' 不是整数"),
    (["round", "show", "二〇二六"], "python -m scoring round show: 年度：'二〇二六' 不是整数"),
])
def test_bad_arguments_are_one_chinese_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(message), result.stderr
    assert "运行 python -m scoring" in result.stderr and "--help 查看用法" in result.stderr
    assert result.stdout == ""


def test_a_group_without_a_command_lists_its_commands_and_exits_2():
    result = run("rubric")
    assert result.exit_code == 2
    assert "show" in result.stderr and "check" in result.stderr and "查看或校验验收表" in result.stderr


def test_options_may_come_between_the_files(examples):
    result = run("score", str(examples / "point.yaml"), "-f", "csv", str(examples / "zone.yaml"))
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_the_password_prompt_asks_again_until_both_entries_agree(monkeypatch, capsys):
    from scoring import cli_store

    entries = iter(["", "secret one", "secret two", "secret one", "secret one"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(entries))
    assert cli_store.ask_password() == "secret one"
    assert capsys.readouterr().err.splitlines() == ["密码不能为空，请重新输入。", "两次输入的密码不一致，请重新输入。"]
