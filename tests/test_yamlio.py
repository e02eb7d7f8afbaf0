"""Reading YAML: one function, on libyaml, with errors that name the file, the line, the item and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scoring import yamlio
from scoring.answers import load_answers
from scoring.problems import AnswersInvalid, InputInvalid, RubricInvalid
from scoring.rubric import load_rubric_file

ROOT = Path(__file__).resolve().parent.parent

ANSWERS_WITH_A_BAD_DATE = """\
rubric: point
assessed_on: 2026-11-01
applicant: {name: 测试单位}
answers:
  P01:
    met: true
    evidence:
      - title: 保密制度
        date: 2026-13-01
"""


def problems_of(call) -> list:
    with pytest.raises(InputInvalid) as caught:
        call()
    return caught.value.problems


def test_an_impossible_evidence_date_names_the_file_the_line_the_item_and_the_field(tmp_path):
    path = tmp_path / "企业.yaml"
    path.write_text(ANSWERS_WITH_A_BAD_DATE, encoding="utf-8")
    with pytest.raises(AnswersInvalid) as caught:
        load_answers(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.item_id, problem.field) == (str(path), "P01", "evidence[0].date")
    assert problem.message.startswith("第 9 行：日期 2026-13-01 不存在")


def test_every_bad_value_is_reported_not_only_the_first():
    text = "assessed_on: 2026-02-30\nevidence_library:\n  E1: {title: a, date: 2026-00-01}\n"
    problems = problems_of(lambda: yamlio.read_yaml(text, "f.yaml", items_under="answers"))
    assert [(p.item_id, p.field, p.message[:7]) for p in problems] == [
        (None, "assessed_on", "第 1 行：日"), (None, "evidence_library.E1.date", "第 3 行：日")]


def test_a_bad_value_in_a_rubric_names_the_item_by_its_id(tmp_path):
    path = tmp_path / "point.yaml"
    path.write_text("rubric: point\nitems:\n  - id: P07\n    title: x\n    published: 2023-02-29\n", encoding="utf-8")
    problems = problems_of(lambda: load_rubric_file(path))
    assert [(p.item_id, p.field) for p in problems] == [("P07", "published")]
    assert problems[0].message.startswith("第 5 行：日期 2023-02-29 不存在")


@pytest.mark.parametrize("text, line, words", [
    ("a: b: c\n", 1, "此处不能出现“键: 值”"),
    ("a:\n  b: 1\n c: 2\n", 3, "缩进不一致"),
    ("a:\n\tb: 1\n", 2, "制表符"),
    ('a: "abc\n', 2, "未闭合的引号"),
    ("a: 1\n---\nb: 2\n", 2, "多个 YAML 文档"),
    ("a: b\x07c\n", 1, "控制字符"),
])
def test_a_syntax_error_is_a_chinese_message_with_its_line(text, line, words):
    (problem,) = problems_of(lambda: yamlio.read_yaml(text, "f.yaml"))
    assert problem.file == "f.yaml"
    assert re.match(rf"YAML 格式错误（第 {line} 行第 \d+ 列）：", problem.message), problem.message
    assert words in problem.message


def test_a_python_tag_is_refused_with_its_line_and_field():
    (problem,) = problems_of(lambda: yamlio.read_yaml("x: 1\nrun: !!python/object/apply:os.system [ls]\n", "f"))
    assert (problem.field, problem.message[:6]) == ("run", "第 2 行：")
    assert "不支持的 YAML 标签" in problem.message


def test_the_error_type_is_the_callers():
    with pytest.raises(RubricInvalid):
        yamlio.read_yaml("a: [", "f", error=RubricInvalid)


def test_dates_numbers_and_text_come_back_as_the_safe_loader_makes_them():
    text = "d: 2026-01-31\nn: 3\nf: 1.5\nt: 文字\nl: [1, a]\nnothing:\n"
    assert yamlio.read_yaml(text, "f") == yaml.safe_load(text)
    assert yamlio.read_yaml("", "f") is None


def test_the_c_loader_is_used_when_pyyaml_has_it():
    assert issubclass(yamlio.Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize("text", [
    "a: &x {b: 1, c: [1, 2.5, null, true, 2026-01-31, '2026-01-31']}\nd: *x\n",
    "base: &b {x: 1}\nmerged: {<<: *b, y: 2}\n",
    "s: !!set {a, b}\no: !!omap [a: 1, b: 2]\np: !!pairs [a: 1]\n",
    "keys: {1: a, 2026-01-01: b, null: c, true: d, 1.5: e}\n",
    "bin: !!binary aGVsbG8=\nhex: 0x1F\noct: 0o17\ninf: .inf\nsep: 1_000\nstamp: 2026-01-01 10:00:00\n",
    "= : x\nstr: !!str 12\nint: !!int '7'\n",
    "- &l [1, 2]\n- *l\n",
    "dup: 1\ndup: 2\n",
])
def test_the_reader_builds_exactly_what_the_safe_loader_builds(text):
    assert repr(yamlio.read_yaml(text, "f")) == repr(yaml.safe_load(text))


def test_the_reader_builds_the_repositorys_rubrics_and_examples_as_the_safe_loader_does():
    for path in [*(ROOT / "rubrics").glob("*.yaml"), *(ROOT / "data" / "examples").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert yamlio.read_yaml(text, str(path)) == yaml.safe_load(text), path


def test_an_alias_shares_one_object_as_in_pyyaml():
    data = yamlio.read_yaml("a: &x [1]\nb: *x\nself: &s [*s]\n", "f")
    assert data["a"] is data["b"]
    assert data["self"][0] is data["self"]


def test_no_module_but_the_reader_loads_yaml_itself():
    calls = re.compile(r"\byaml\.(safe_load|load|load_all|safe_load_all|full_load|unsafe_load|compose)\b|"
                       r"\b(CSafeLoader|SafeLoader|CLoader)\b")
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "scoring").rglob("*.py")
                 if path.name != "yamlio.py" and calls.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_writer_writes_what_the_pure_python_safe_dumper_writes():
    from scoring.answers import answers_data
    from scoring.examples import example_answers

    for category in ("zone", "station", "point"):
        data = answers_data(example_answers(category))
        expected = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        assert yamlio.dump_yaml(data) == expected
        assert yamlio.read_yaml(yamlio.dump_yaml(data), "f") == data


def test_the_writer_uses_libyaml_when_pyyaml_has_it():
    assert yamlio._Dumper is getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def test_no_module_but_the_writer_dumps_yaml_itself():
    calls = re.compile(r"\byaml\.(safe_dump|dump|dump_all|safe_dump_all)\b|\b(CSafeDumper|SafeDumper|CDumper)\b")
    offenders = [str(path.relative_to(ROOT)) for path in [*(ROOT / "scoring").rglob("*.py"),
                                                          *(ROOT / "app_pages").rglob("*.py")]
                 if path.name != "yamlio.py" and calls.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
