"""The command line loads only what a command needs, parses each file once, and answers bad input with exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import scoring

from .cli_runner import invoke

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("typer", "click", "docxtpl", "docx", "jinja2", "lxml", "pikepdf", "reportlab", "pypdf", "pdfminer",
         "sqlalchemy", "alembic", "pandas", "openpyxl", "plotly", "streamlit", "scoring.documents", "scoring.evidence",
         "scoring.store")


def loaded_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; which heavy modules it left loaded."""
    probe = (f"import sys\n{code}\n"
             f"import json; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_package_loads_nothing_but_its_own_init():
    done = subprocess.run([sys.executable, "-c", "import sys, scoring; print('pydantic' in sys.modules, "
                           "'yaml' in sys.modules)"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_the_cli_and_the_score_command_load_no_document_evidence_or_storage_library(examples):
    assert loaded_after("import scoring.cli") == []
    assert loaded_after("from scoring.cli import main\n"
                        f"assert main(['score', {str(examples / 'point.yaml')!r}, '-f', 'csv']) == 0") == []


def test_every_public_name_resolves_lazily():
    for name in scoring.__all__:
        assert getattr(scoring, name) is not None, name
    assert scoring.load_rubric("point").rubric == "point"
    with pytest.raises(AttributeError):
        scoring.no_such_name  # noqa: B018


def test_score_with_a_rubric_file_reads_each_answers_file_once(tmp_path, examples, monkeypatch):
    rubric_data = yaml.safe_load((ROOT / "rubrics" / "point.yaml").read_text(encoding="utf-8"))
    rubric_path = tmp_path / "adjusted.yaml"
    rubric_path.write_text(yaml.safe_dump(rubric_data, allow_unicode=True), encoding="utf-8")
    answers = tmp_path / "企业.yaml"
    answers.write_text((examples / "point.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    reads: list[str] = []
    original = Path.read_text

    def counting(self, *args, **kwargs):
        reads.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    result = invoke(["score", str(answers), "--rubric-file", str(rubric_path), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert reads.count("企业.yaml") == 1 and reads.count("adjusted.yaml") == 1


@pytest.mark.parametrize("args", [["template", "park"], ["rubric", "show", "Point"], ["template", ""]])
def test_an_unknown_category_is_exit_2_with_a_chinese_message(args):
    result = invoke(args)
    assert result.exit_code == 2
    assert "未知的类别" in result.stderr and "zone（示范区）" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args", [["template", "point"], ["rubric", "show", "point"], ["schema"]])
def test_an_unreadable_adjusted_rubric_is_exit_2_naming_the_file(args, tmp_path, monkeypatch):
    for name in ("zone", "station", "point"):
        (tmp_path / f"{name}.yaml").write_text("rubric: [\n", encoding="utf-8")
    monkeypatch.setenv("TSP_RUBRICS_DIR", str(tmp_path))
    scoring.rubric._load_builtin.cache_clear()
    try:
        result = invoke(args)
    finally:
        scoring.rubric._load_builtin.cache_clear()
    assert result.exit_code == 2, result.output
    assert f"{tmp_path}" in result.stderr and "YAML 格式错误（第 2 行" in result.stderr
    assert isinstance(result.exception, SystemExit)


def test_a_missing_rubric_folder_is_exit_2_not_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scoring", "template", "point"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                       "TSP_RUBRICS_DIR": str(tmp_path / "none")})
    assert done.returncode == 2
    assert done.stderr.strip() == f"{tmp_path / 'none' / 'point.yaml'}: 文件不存在"


def test_scoring_a_file_without_eligibility_choices_loads_no_eligibility_rules(examples):
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom scoring.cli import main\n"
         f"assert main(['score', {str(examples / 'point.yaml')!r}, '-f', 'csv']) == 0\n"
         "print('scoring.eligibility' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert loaded.stdout.splitlines()[-1] == "False", loaded.stderr


def test_the_collector_stays_out_of_the_way_while_score_starts(examples):
    probe = ("import gc, sys, io, contextlib\n"
             "from scoring.cli import main\n"
             "runs = []\n"
             "gc.callbacks.append(lambda phase, info: phase == 'stop' and runs.append(info['generation']))\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    assert main(['score', {str(examples / 'point.yaml')!r}, '-f', 'csv']) == 0\n"
             "print(len(runs), gc.isenabled(), gc.get_threshold() == (700, 10, 10))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    count, enabled, thresholds = done.stdout.split()
    assert int(count) <= 5 and enabled == "True" and thresholds == "True", done.stdout + done.stderr


def test_a_command_runs_without_pydantic_plugins_unless_the_user_says_otherwise(monkeypatch):
    from scoring import cli
    from scoring.cli_parser import Command

    seen = []
    monkeypatch.setitem(cli.cli.children, "probe", Command(
        "probe", lambda: seen.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS")), ()))
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert cli.main(["probe"]) == 0 and seen == ["__all__"]
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")
    assert cli.main(["probe"]) == 0 and seen == ["__all__", ""]
