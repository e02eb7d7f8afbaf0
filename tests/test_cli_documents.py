"""``form`` and ``table`` commands: documents written atomically, exit 2 with a clear message on bad input."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from docx import Document

from scoring import cli_documents

from .cli_runner import invoke
from .conftest import EXAMPLES

POINT_EXAMPLE = str(EXAMPLES / "point.yaml")


def run(*args: str, **kwargs):
    return invoke(list(args), **kwargs)


def write_answers(tmp_path: Path, data: dict | str, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_form_writes_the_annex_1_form_of_the_files_category(tmp_path):
    out = tmp_path / "申报表.docx"
    result = run("form", POINT_EXAMPLE, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"已生成申报表：{out}"
    doc = Document(out)
    assert "松江区商业秘密保护示范站（点）申报表" in [p.text for p in doc.paragraphs]
    assert doc.tables[0].rows[0].cells[1].text == "上海松芯微电子科技有限公司"
    assert sorted(os.listdir(tmp_path)) == ["申报表.docx"]  # no temporary file left behind


def test_form_of_a_zone_file_is_the_park_form(tmp_path):
    out = tmp_path / "zone.docx"
    assert run("form", str(EXAMPLES / "zone.yaml"), "-o", str(out)).exit_code == 0
    assert "松江区商业秘密保护示范区申报表" in [p.text for p in Document(out).paragraphs]


def test_table_writes_the_filled_acceptance_table_with_the_total(tmp_path):
    out = tmp_path / "验收表.docx"
    result = run("table", POINT_EXAMPLE, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    doc = Document(out)
    texts = [p.text for p in doc.paragraphs[:4]]
    assert texts[:2] == ["区级商业秘密保护示范点验收表", "企业名称：上海松芯微电子科技有限公司"]
    assert texts[2].startswith("自评总得分：102.5（")
    assert texts[3].startswith("证据核验后得分：94.5（基本项 84.5 分，加分项 10 分；")
    assert len(doc.tables[0].rows) == 1 + 50


def test_invalid_answers_exit_2_with_one_line_per_problem_and_write_nothing(tmp_path):
    bad = write_answers(tmp_path, {"rubric": "point", "assessed_on": "2026-11-01",
                                   "applicant": {"name": "测试单位", "postcode": "2016", "phone": "12345"},
                                   "answers": {"P01": {"met": "maybe"}}})
    out = tmp_path / "form.docx"
    result = run("form", bad, "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}: applicant.postcode: 邮政编码应为 6 位数字，当前为 '2016'",
        f"{bad}: applicant.phone: 联系电话 '12345' 无效：应为 11 位手机号或带区号的固定电话（如 021-57890000）",
        f"{bad}: P01.met: met 应为 true、false 或 partial，当前为 'maybe'",
    ]
    assert not out.exists()


def test_an_impossible_date_is_a_problem_line_not_a_traceback(tmp_path):
    bad = write_answers(tmp_path, "rubric: point\nassessed_on: 2026-13-01\napplicant: {name: 测试单位}\n")
    result = run("table", bad, "--out", str(tmp_path / "t.docx"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: assessed_on: 第 2 行：日期 2026-13-01 不存在")
    assert "Traceback" not in result.stderr


def test_a_missing_answers_file_exits_2(tmp_path):
    result = run("form", str(tmp_path / "none.yaml"), "--out", str(tmp_path / "f.docx"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'none.yaml'}: 文件不存在"


def test_an_output_folder_that_does_not_exist_exits_2_with_a_message(tmp_path):
    out = tmp_path / "missing" / "form.docx"
    result = run("form", POINT_EXAMPLE, "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}: 所在文件夹 {out.parent} 不存在"


def test_an_output_path_that_is_a_folder_exits_2_with_a_message(tmp_path):
    result = run("table", POINT_EXAMPLE, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "这是一个文件夹" in result.stderr


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "form.docx"
    out.write_bytes(b"previous")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli_documents.os, "replace", refuse)
    result = run("form", POINT_EXAMPLE, "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}: 无法写入（没有写入权限）"
    assert out.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["form.docx"]


def test_a_missing_template_exits_1_naming_the_build_script(tmp_path):
    result = run("form", POINT_EXAMPLE, "--out", str(tmp_path / "f.docx"), env={"TSP_FORMS_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert "build_templates.py" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "f.docx").exists()


def test_the_written_file_has_the_usual_permissions_not_the_private_temp_file_mode(tmp_path):
    out = tmp_path / "t.docx"
    previous = os.umask(0o022)
    try:
        assert run("table", POINT_EXAMPLE, "--out", str(out)).exit_code == 0
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o644
