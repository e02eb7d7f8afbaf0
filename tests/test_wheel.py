"""The wheel carries its data: built, installed into a fresh virtualenv outside the checkout, and run from there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TSP_RUBRICS_DIR", "TSP_FORMS_DIR")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtualenv with only the wheel installed; its dependencies come from this interpreter's site-packages."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT], cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("tsp_scoring-*.whl")
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    assert made.returncode == 0, made.stderr
    site = Path(_run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=work).stdout.strip())
    # Dependencies without re-downloading them: a plain path entry, so the checkout's editable finder is not loaded.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    pip = _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps",
                "--no-index", "-q", wheel], cwd=work)
    assert pip.returncode == 0, pip.stderr
    for data in ("scoring/rubrics/point.yaml", "scoring/forms/acceptance_table.docx",
                 "scoring/example_data/point.yaml", "scoring/store/migrations/script.py.mako"):
        assert data in names, f"{data} missing from the wheel"
    return venv


def test_the_installed_wheel_prints_a_template_and_scores_an_example_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "data" / "examples" / "point.yaml", elsewhere / "企业.yaml")
    where = _run([installed / "bin" / "python", "-c", "import scoring.rubric as r; print(r.__file__, r.rubrics_dir())"],
                 cwd=elsewhere)
    assert str(installed) in where.stdout and str(ROOT) not in where.stdout, where.stdout + where.stderr

    template = _run([installed / "bin" / "tsp-scoring", "template", "point"], cwd=elsewhere)
    assert template.returncode == 0, template.stderr
    assert "rubric: point" in template.stdout and "P01" in template.stdout

    scored = _run([installed / "bin" / "tsp-scoring", "score", "企业.yaml", "--format", "csv"], cwd=elsewhere)
    assert scored.returncode == 0, scored.stderr
    header, row = scored.stdout.splitlines()[:2]
    assert header.startswith("rank,file,rubric,applicant")
    assert row.startswith("1,企业.yaml,point,上海松芯微电子科技有限公司")

    examples = _run([installed / "bin" / "python", "-c",
                     "from scoring.examples import example_answers; print(example_answers('zone').rubric)"],
                    cwd=elsewhere)
    assert examples.stdout.strip() == "zone", examples.stderr


def test_the_installed_wheel_keeps_its_database_and_drafts_in_the_users_data_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "TSP_DATA_DIR", "TSP_DRAFTS_DIR", "TSP_DATABASE_URL", "TSP_SECRET_KEY",
                        "TSP_KEY_FILE", "TSP_RUBRICS_DIR", "TSP_FORMS_DIR")}
    env.update(XDG_DATA_HOME=str(tmp_path / "share"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    where = subprocess.run([installed / "bin" / "python", "-c",
                            "from scoring.drafts import drafts_root; from scoring.store import db; "
                            "print(db.data_dir()); print(drafts_root()); print(db.database_url())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    data = tmp_path / "share" / "tsp-scoring"
    assert where.stdout.splitlines() == [str(data), str(data / "drafts"), f"sqlite:///{data / 'tsp.db'}"], \
        where.stdout + where.stderr
    upgraded = subprocess.run([installed / "bin" / "tsp-scoring", "db", "upgrade"], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=300)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (data / "tsp.db").is_file()
    assert not list(installed.rglob("site-packages/data")) and not (elsewhere / "data").exists()
