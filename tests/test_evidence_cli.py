"""The evidence commands: exit 0 when nothing is outstanding, 1 on findings, 2 on bad input with clear lines."""

from __future__ import annotations

import json



from .cli_runner import invoke
from .evidence_fixtures import DECOYS, EMAIL, ID, MASKED, MOBILE, make_docx, make_pdf, make_png, write_answers



def run(*args):
    return invoke([str(a) for a in args])


def one_file(tmp_path, name: str, accepted: list | None = None):
    return write_answers(tmp_path, {"P01": {"met": True, "evidence": [{"title": "通知", "file": name}]}},
                         accepted=accepted)


def test_check_of_clean_evidence_exits_0(tmp_path):
    make_pdf(tmp_path / "a.pdf", [DECOYS])
    result = run("evidence", "check", one_file(tmp_path, "a.pdf"))
    assert result.exit_code == 0 and "a.pdf：未发现敏感信息" in result.stdout


def test_check_with_findings_exits_1_and_json_lists_them_masked(tmp_path):
    make_docx(tmp_path / "a.docx", [f"身份证 {ID}", f"邮箱 {EMAIL}"])
    result = run("evidence", "check", one_file(tmp_path, "a.docx"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"][0]["findings"] == [
        {"file": "a.docx", "kind": "id_card", "location": "第 1 段", "masked": MASKED["id_card"], "accepted": False},
        {"file": "a.docx", "kind": "email", "location": "第 2 段", "masked": MASKED["email"], "accepted": False}]
    assert data["summary"] == {"files": 1, "findings": 2, "outstanding": 2, "unchecked": 0}
    assert ID not in result.stdout and EMAIL not in result.stdout


def test_check_exits_0_when_every_finding_is_accepted(tmp_path):
    make_pdf(tmp_path / "a.pdf", [[f"手机 {MOBILE}"]])
    accepted = [{"file": "a.pdf", "kind": "mobile", "location": "第 1 页", "masked": MASKED["mobile"]}]
    result = run("evidence", "check", one_file(tmp_path, "a.pdf", accepted))
    assert result.exit_code == 0 and "138****8000（已确认保留）" in result.stdout


def test_check_says_images_cannot_be_checked(tmp_path):
    make_png(tmp_path / "a.png")
    result = run("evidence", "check", one_file(tmp_path, "a.png"))
    assert result.exit_code == 0
    assert "整个文件\t无法检查" in result.stdout and "未发现" not in result.stdout and "需人工核对" in result.stdout


def test_a_missing_evidence_file_exits_2_naming_file_item_and_field(tmp_path):
    result = run("evidence", "check", one_file(tmp_path, "evidence/none.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip() == "evidence/none.pdf: P01.evidence[0].file: 证据文件不存在"


def test_a_file_that_is_not_what_its_extension_says_exits_2(tmp_path):
    (tmp_path / "a.pdf").write_text("这不是 PDF", encoding="utf-8")
    result = run("evidence", "check", one_file(tmp_path, "a.pdf"))
    assert result.exit_code == 2 and "与扩展名 .pdf 不符" in result.stderr and "Traceback" not in result.output


def test_an_invalid_answers_file_exits_2(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("rubric: point\n", encoding="utf-8")
    result = run("evidence", "check", path)
    assert result.exit_code == 2 and "assessed_on" in result.stderr


def test_redact_then_bundle_with_the_copies(tmp_path):
    make_pdf(tmp_path / "a.pdf", [[f"手机 {MOBILE}"]])
    answers = one_file(tmp_path, "a.pdf")
    refused = run("bundle", answers, "--out", tmp_path / "b.pdf")
    assert refused.exit_code == 2 and "a.pdf: P01.evidence[0].file: 第 1 页 有手机号 138****8000" in refused.stderr
    assert "evidence redact" in refused.stderr and not (tmp_path / "b.pdf").exists()
    redacted = run("evidence", "redact", answers, "--out", tmp_path / "redacted")
    assert redacted.exit_code == 0 and (tmp_path / "redacted" / "a.pdf").is_file()
    built = run("bundle", answers, "--out", tmp_path / "b.pdf", "--redacted", tmp_path / "redacted")
    assert built.exit_code == 0 and (tmp_path / "b.pdf").is_file() and "3 页" in built.stdout


def test_check_of_the_redacted_copies_is_clean(tmp_path):
    make_pdf(tmp_path / "a.pdf", [[f"手机 {MOBILE}"]])
    answers = one_file(tmp_path, "a.pdf")
    assert run("evidence", "redact", answers, "--out", tmp_path / "r").exit_code == 0
    result = run("evidence", "check", answers, "--redacted", tmp_path / "r")
    assert result.exit_code == 0 and "a.pdf：未发现敏感信息" in result.stdout
