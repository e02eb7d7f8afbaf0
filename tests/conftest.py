"""Shared fixtures: small answers built in the tests, and paths to the bundled examples."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from scoring.answers import AnswersFile, parse_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
ASSESSED_ON = dt.date(2026, 11, 1)
# The district's clock (scoring.store.rounds.today) for every test, app process and browser server: a day in the
# 2026 round's filing phase, so no test depends on the date it runs (tests of the clock set their own).
os.environ["TSP_TODAY"] = "2026-09-05"


def answers_for(rubric: str, answers: dict, assessed_on: dt.date | str = ASSESSED_ON, **applicant) -> AnswersFile:
    """Validate a small answers mapping for ``rubric`` (applicant name defaults to a test name)."""
    data = {
        "rubric": rubric,
        "assessed_on": assessed_on,
        "applicant": {"name": "测试单位", **applicant},
        "answers": answers,
    }
    return parse_answers(data, file="test.yaml")


def ev(title: str = "证据", date: str | None = "2026-06-01", **extra) -> dict:
    """One evidence entry."""
    entry = {"title": title, **extra}
    if date is not None:
        entry["date"] = date
    return entry


@pytest.fixture(autouse=True, scope="session")
def _rubric_cache_of_this_run(tmp_path_factory):
    """Validated rubrics (scoring.rubric_cache) go to a folder of this test run, not the user's cache; the
    command-line processes tests start inherit it."""
    saved = os.environ.get("TSP_CACHE_DIR")
    os.environ["TSP_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("TSP_CACHE_DIR", None)
    else:
        os.environ["TSP_CACHE_DIR"] = saved


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
