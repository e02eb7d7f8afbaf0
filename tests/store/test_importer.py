"""Batch import: everything is checked first, then written in one go — a broken file means nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from scoring.store import db, evidence, importer, submissions
from scoring.store.errors import DataInvalid, PermissionDenied
from scoring.store.models import EvidenceFile, Organisation, Submission

from ..cli_runner import invoke
from .conftest import url_of
from .world import full_answers, pdf_bytes, png_bytes, uscc


def _answers(name: str, serial: int, with_file: str | None = None) -> dict:
    data = full_answers("point", name, uscc(200 + serial))
    if with_file:
        data["answers"]["P01"]["evidence"][0]["file"] = with_file
    return data


def _write(folder: Path, name: str, data: dict | str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def batch(tmp_path) -> Path:
    """Three good answers files, two with evidence files beside them."""
    folder = tmp_path / "batch"
    _write(folder, "a/甲.yaml", _answers("上海导入甲有限公司", 1, "材料/领导小组通知.pdf"))
    (folder / "a/材料").mkdir(parents=True)
    (folder / "a/材料/领导小组通知.pdf").write_bytes(pdf_bytes("通知"))
    _write(folder, "b/乙.yaml", _answers("上海导入乙有限公司", 2))
    _write(folder, "c/丙.yml", _answers("上海导入丙有限公司", 3, "照片.png"))
    (folder / "c/照片.png").write_bytes(png_bytes())
    return folder


def _count(engine, model) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(model)).scalar()


def test_a_good_batch_is_written_whole_with_its_evidence_and_a_progress_report(engine, world, batch):
    seen = []
    with db.session_scope(engine) as s:
        report = importer.import_batch(s, world.reviewer_a, importer.open_source(batch), world.office_a,
                                       progress=lambda done, total, text: seen.append((done, total)))
    assert report.written and not report.rejected
    assert [f.file for f in report.files] == ["a/甲.yaml", "b/乙.yaml", "c/丙.yml"]
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with db.session_scope(engine) as s:
        table = submissions.submissions_table(s, world.reviewer_a)
        assert sorted(table["organisation"]) == ["上海导入丙有限公司", "上海导入乙有限公司", "上海导入甲有限公司"]
        assert set(table["status"]) == {"submitted"}
        first = report.files[0].submission_id
        stored = s.execute(select(EvidenceFile).where(EvidenceFile.submission_id == first)).scalar_one()
        assert stored.path == "材料/领导小组通知.pdf"
        assert evidence.open_evidence(s, world.reviewer_a, stored.id).data == pdf_bytes("通知")


def test_a_broken_file_in_the_middle_means_nothing_is_written_and_the_report_says_why(engine, world, batch):
    broken = _answers("上海导入乙有限公司", 2)
    broken["answers"]["P13"] = {"met": "partial", "score": 1.2}
    _write(batch, "b/乙.yaml", broken)
    before = (_count(engine, Submission), _count(engine, Organisation), _count(engine, EvidenceFile))
    with db.session_scope(engine) as s:
        report = importer.import_batch(s, world.reviewer_a, importer.open_source(batch), world.office_a)
    assert not report.written
    assert [f.accepted for f in report.files] == [True, False, True]
    assert [(p.item_id, p.field) for p in report.files[1].problems] == [("P13", "score")]
    assert report.lines()[-1] == "批次中有文件未通过校验，本批全部未导入。"
    assert (_count(engine, Submission), _count(engine, Organisation), _count(engine, EvidenceFile)) == before


@pytest.mark.parametrize("damage,field,words", [
    ("missing", "evidence[0].file", "不存在"),
    ("renamed", "evidence[0].file", "不是扩展名所示"),
    ("yaml", None, "YAML 格式错误"),
])
def test_evidence_and_syntax_problems_reject_the_file(engine, world, batch, damage, field, words):
    if damage == "missing":
        (batch / "c/照片.png").unlink()
    elif damage == "renamed":
        (batch / "c/照片.png").write_bytes(b"MZ\x90\x00 not an image")
    else:
        _write(batch, "c/丙.yml", "rubric: point\nanswers: [\n")
    with db.session_scope(engine) as s:
        report = importer.import_batch(s, world.reviewer_a, importer.open_source(batch), world.office_a)
    problem = report.files[2].problems[0]
    assert not report.written and problem.field == field and words in problem.message


def test_organisations_of_another_office_and_duplicates_are_rejected(engine, world, batch):
    _write(batch, "d/乙公司.yaml", full_answers("point", "上海乙科技有限公司", uscc(2)))  # registered with office B
    _write(batch, "e/重复.yaml", _answers("上海导入甲有限公司", 1))
    with db.session_scope(engine) as s:
        report = importer.import_batch(s, world.reviewer_a, importer.open_source(batch), world.office_a)
    messages = {f.file: [p.message for p in f.problems] for f in report.rejected}
    assert "九亭市场监管所" in messages["d/乙公司.yaml"][0]
    assert "a/甲.yaml" in messages["e/重复.yaml"][0]


def test_a_zip_imports_like_a_folder(engine, world, batch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in batch.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(batch).as_posix())
    with db.session_scope(engine) as s:
        report = importer.import_batch(s, world.admin, importer.open_source("上传.zip", buffer.getvalue()),
                                       world.office_a)
    assert report.written and len(report.files) == 3 and report.files[2].evidence_files == 1


def test_a_reviewer_imports_only_into_its_own_office_and_junk_is_refused(engine, world, batch, tmp_path):
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            importer.import_batch(s, world.reviewer_b, importer.open_source(batch), world.office_a)
        with pytest.raises(DataInvalid, match="不是有效的 zip"):
            importer.open_source("x.zip", b"not a zip")
        (tmp_path / "empty").mkdir()
        with pytest.raises(DataInvalid, match="没有找到自评文件"):
            importer.import_batch(s, world.admin, importer.open_source(tmp_path / "empty"), world.office_a)


def test_cli_import_exits_2_listing_problems_and_0_when_all_are_written(engine, world, batch, monkeypatch):
    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    _write(batch, "z/坏.yaml", {"rubric": "point", "assessed_on": "2026-11-01", "applicant": {"name": "某公司"},
                                "answers": {"P99": {"met": True}}})
    bad = invoke(["import", str(batch), "--office", "新桥市场监管所"])
    assert bad.exit_code == 2 and "z/坏.yaml: P99:" in bad.stderr and "全部未导入" in bad.stderr
    (batch / "z/坏.yaml").unlink()
    good = invoke(["import", str(batch), "--office", "新桥市场监管所"])
    assert good.exit_code == 0, good.stderr
    assert "已全部导入" in good.stdout and _count(engine, Submission) == 3


def test_cli_import_holds_no_database_connection_while_it_reads_the_files(engine, world, batch, monkeypatch):
    """Reading 20,000 files takes minutes: a transaction held meanwhile outlives PostgreSQL's idle-in-transaction
    timeout (the import died) and on SQLite blocks every writer. The file checks run with no connection out."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    out = {"connections": 0}
    seen: list[int] = []

    def checkout(*_args) -> None:
        out["connections"] += 1

    def checkin(*_args) -> None:
        out["connections"] -= 1

    real_check = importer.check_files

    def watched_check(*args, **kwargs):
        seen.append(out["connections"])
        return real_check(*args, **kwargs)

    monkeypatch.setattr(importer, "check_files", watched_check)
    event.listen(Pool, "checkout", checkout)
    event.listen(Pool, "checkin", checkin)
    try:
        result = invoke(["import", str(batch), "--office", "新桥市场监管所"])
    finally:
        event.remove(Pool, "checkout", checkout)
        event.remove(Pool, "checkin", checkin)
    assert result.exit_code == 0, result.stderr
    assert seen == [0]  # checked once, with no connection (so no transaction) held by the command
    assert _count(engine, Submission) == 3
