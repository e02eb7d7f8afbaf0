"""Validated rubrics kept between runs: the same result as validating, and a changed file is validated again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scoring import rubric_cache
from scoring.problems import RubricInvalid
from scoring.rubric import load_rubric_file, parse_rubric, rubrics_dir
from scoring.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "rubrics"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "rubrics"


def validated(path: Path):
    return parse_rubric(read_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))


def copy_of(name: str, folder: Path, change=None) -> Path:
    data = yaml.safe_load((BUNDLED / f"{name}.yaml").read_text(encoding="utf-8"))
    if change:
        change(data)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["zone", "station", "point"])
def test_a_cached_rubric_is_the_validated_rubric(cache, name):
    path = BUNDLED / f"{name}.yaml"
    first = load_rubric_file(path)
    assert len(list(cache.glob("*.pickle"))) == 1
    again = load_rubric_file(path)
    assert again is not first
    fresh = validated(path)
    assert again == fresh and again.model_dump() == fresh.model_dump()
    assert again.model_dump_json() == fresh.model_dump_json()
    assert [type(item.rule) for item in again.items] == [type(item.rule) for item in fresh.items]
    assert again.model_fields_set == fresh.model_fields_set
    assert [item.model_fields_set for item in again.items] == [item.model_fields_set for item in fresh.items]


def test_a_process_reading_a_cached_rubric_builds_no_rubric_validator(cache):
    load_rubric_file(BUNDLED / "point.yaml")
    probe = ("import scoring.rubric as r\n"
             "rubric = r.load_rubric('point')\n"
             "print(len(rubric.items), r.Rubric.__pydantic_complete__, r.Item.__pydantic_complete__)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TSP_RUBRICS_DIR", None)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.split() == ["50", "False", "False"], done.stderr


def test_a_changed_rubric_file_is_validated_again(cache, tmp_path):
    path = copy_of("point", tmp_path)
    assert load_rubric_file(path).item("P01").points == 3

    def broken(data):
        data["items"][0]["points"] = 4  # the base items no longer add up to base_total

    copy_of("point", tmp_path, broken)
    with pytest.raises(RubricInvalid) as err:
        load_rubric_file(path)
    assert [p.field for p in err.value.problems] == ["base_total"]

    def moved(data):
        data["items"][0]["points"], data["items"][1]["points"] = 4, 1

    copy_of("point", tmp_path, moved)
    assert (load_rubric_file(path).item("P01").points, load_rubric_file(path).item("P02").points) == (4, 1)


def test_a_changed_guideline_is_validated_again(cache, tmp_path, monkeypatch):
    adjusted = tmp_path / "rubrics"
    adjusted.mkdir()
    for name in ("zone", "station", "point", "guideline", "eligibility"):
        (adjusted / f"{name}.yaml").write_bytes((BUNDLED / f"{name}.yaml").read_bytes())
    monkeypatch.setenv("TSP_RUBRICS_DIR", str(adjusted))
    from scoring import rubric

    rubric._guideline.cache_clear()
    cited = next(c for i in load_rubric_file(adjusted / "point.yaml").items for c in i.guidance.clauses)
    guideline = yaml.safe_load((adjusted / "guideline.yaml").read_text(encoding="utf-8"))
    guideline["clauses"] = [c for c in guideline["clauses"] if str(c["clause"]) != cited]
    (adjusted / "guideline.yaml").write_text(yaml.safe_dump(guideline, allow_unicode=True), encoding="utf-8")
    rubric._guideline.cache_clear()
    try:
        with pytest.raises(RubricInvalid) as err:
            load_rubric_file(adjusted / "point.yaml")
    finally:
        rubric._guideline.cache_clear()
    assert {p.field for p in err.value.problems} == {"guidance.clauses"}
    assert rubrics_dir() == adjusted


def test_a_rubric_with_problems_is_not_kept(cache, tmp_path):
    path = copy_of("point", tmp_path, lambda data: data["items"][0].update(points=4))
    for _ in range(2):
        with pytest.raises(RubricInvalid):
            load_rubric_file(path)
    assert not list(cache.glob("*.pickle"))


def test_an_entry_others_could_have_written_or_a_damaged_one_is_not_used(cache, tmp_path, monkeypatch):
    path = copy_of("point", tmp_path)
    load_rubric_file(path)
    (entry,) = cache.glob("*.pickle")
    calls = []
    original = rubric_cache.pickle.loads
    monkeypatch.setattr(rubric_cache.pickle, "loads", lambda data: calls.append(1) or original(data))
    entry.chmod(0o666)
    assert load_rubric_file(path) == validated(path) and calls == []
    assert entry.stat().st_mode & 0o777 == 0o600  # validated again and stored afresh
    entry.write_bytes(b"not a pickle")
    assert load_rubric_file(path) == validated(path)
    assert load_rubric_file(path) == validated(path) and len(calls) == 2  # the damaged entry, then the new one


def test_a_cache_folder_that_cannot_be_written_only_costs_the_validation(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TSP_CACHE_DIR", str(blocked))  # "rubrics" cannot be created under a file
    path = copy_of("point", tmp_path)
    assert load_rubric_file(path) == validated(path)


def test_the_cache_is_owner_only_and_keeps_the_newest_entries(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(rubric_cache, "KEPT_ENTRIES", 2)
    path = copy_of("point", tmp_path)
    for version in ("a", "b", "c"):
        copy_of("point", tmp_path, lambda data: data.update(version=version))
        load_rubric_file(path)
    assert len(list(cache.glob("*.pickle"))) == 2
    assert cache.stat().st_mode & 0o777 == 0o700
    assert {entry.stat().st_mode & 0o777 for entry in cache.glob("*.pickle")} == {0o600}


def test_without_a_home_folder_nothing_is_cached(tmp_path, monkeypatch):
    for name in ("TSP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(rubric_cache.os.path, "expanduser", lambda path: path)  # no home: "~" stays "~"
    monkeypatch.chdir(tmp_path)
    assert rubric_cache.cache_dir() is None
    path = copy_of("point", tmp_path)
    assert load_rubric_file(path) == validated(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["point.yaml"]
