"""Zip batches are read as a stream with caps on the bytes actually decompressed: a zip bomb is refused with
bounded memory, damaged members are named, skipped entries are listed with the reason, a corrupt zip gives a
clear Chinese error."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
import yaml
from sqlalchemy import func, select

from scoring.store import db, importer
from scoring.store import messages as msg
from scoring.store.batch_source import CHUNK
from scoring.store.errors import DataInvalid
from scoring.store.models import Submission
from tests.zip_fixtures import patch_central, write_bomb, zip_of

from ..cli_runner import invoke
from .world import full_answers, pdf_bytes, uscc

MB = 1024 * 1024


def _answers(name: str, serial: int, with_file: str | None = None) -> dict:
    data = full_answers("point", name, uscc(200 + serial))
    if with_file:
        data["answers"]["P01"]["evidence"][0]["file"] = with_file
    return data


def _import(engine, world, source, **kwargs):
    with db.session_scope(engine) as s:
        return importer.import_batch(s, world.admin, source, world.office_a, **kwargs)


def _submissions(engine) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(Submission)).scalar()


def _problems(report) -> dict[str, list[str]]:
    return {f.file: [p.message for p in f.problems] for f in report.files}


def test_an_answers_file_bomb_stops_at_its_cap_and_the_batch_is_refused(engine, world):
    good = yaml.safe_dump(_answers("上海导入甲有限公司", 1), allow_unicode=True).encode("utf-8")
    archive = write_bomb(io.BytesIO(), "b/炸弹.yaml", 256, extra={"a/甲.yaml": good})
    source = importer.open_source("炸弹.zip", archive.getvalue())
    tracemalloc.start()
    try:
        report = _import(engine, world, source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    cap = importer.answers_limit_bytes()
    assert not report.written and _submissions(engine) == 0
    assert _problems(report)["b/炸弹.yaml"] == [msg.IMPORT_MEMBER_TOO_LARGE.format(name="b/炸弹.yaml",
                                                                                    limit_mb="5")]
    assert source.bytes_read <= cap + 2 * CHUNK + 64 * 1024  # the bomb, read to its cap, and the good file
    assert peak < 4 * cap + 32 * MB  # nowhere near the 256 MB the member expands to


def test_the_batch_cap_counts_bytes_really_read_across_members(engine, world, monkeypatch):
    monkeypatch.setenv("TSP_MAX_IMPORT_MB", "3")
    monkeypatch.setenv("TSP_MAX_EVIDENCE_MB", "20")
    files = {f"{k}/单位.yaml": _answers(f"上海导入{k}有限公司", k, "大.pdf") for k in range(1, 5)}
    pdf = pdf_bytes("大") + b"\n%" + bytes(MB)  # about 1 MB each, well compressed
    files.update({f"{k}/大.pdf": pdf for k in range(1, 5)})
    source = importer.open_source("批次.zip", zip_of(files))
    with pytest.raises(DataInvalid) as err:
        _import(engine, world, source)
    assert "超过上限 3 MB" in err.value.message and "本批全部未导入" in err.value.message
    assert 3 * MB < source.bytes_read <= 3 * MB + CHUNK
    assert _submissions(engine) == 0


def test_a_member_claiming_a_small_size_is_caught_by_its_crc_not_trusted(engine, world):
    archive = write_bomb(io.BytesIO(), "b/炸弹.yaml", 64).getvalue()
    lying = patch_central(archive, "b/炸弹.yaml", file_size=100)
    source = importer.open_source("炸弹.zip", lying)
    report = _import(engine, world, source)
    assert _problems(report)["b/炸弹.yaml"] == [msg.IMPORT_MEMBER_CRC.format(name="b/炸弹.yaml")]
    assert source.bytes_read <= 100


def test_crc_and_size_errors_are_named_per_member(engine, world):
    files = {"a/甲.yaml": _answers("上海导入甲有限公司", 1, "通知.pdf"), "a/通知.pdf": pdf_bytes("通知"),
             "b/乙.yaml": _answers("上海导入乙有限公司", 2)}
    data = bytearray(zip_of(files, zipfile.ZIP_STORED))
    at = data.index("上海导入乙有限公司".encode("utf-8"))
    data[at] ^= 0x01  # one flipped byte in 乙's stored content
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("a/通知.pdf")
    damaged = patch_central(bytes(data), "a/通知.pdf", file_size=info.file_size + 10)
    report = _import(engine, world, importer.open_source("损坏.zip", damaged))
    problems = _problems(report)
    assert problems["b/乙.yaml"] == [msg.IMPORT_MEMBER_CRC.format(name="b/乙.yaml")]
    assert problems["a/甲.yaml"] == [msg.IMPORT_MEMBER_SIZE.format(name="a/通知.pdf", actual=info.file_size,
                                                                  declared=info.file_size + 10)]
    assert not report.written and _submissions(engine) == 0
    assert any("a/通知.pdf" in line and "字节不符" in line for line in report.lines())


def test_skipped_entries_are_listed_with_the_reason(engine, world):
    files = {"a/甲.yaml": _answers("上海导入甲有限公司", 1), "../逃逸.yaml": _answers("上海逃逸有限公司", 2),
             "/绝对.yaml": _answers("上海绝对有限公司", 3), "空文件夹/": b"", "说明.txt": b"readme",
             "多余.pdf": pdf_bytes("多余"), "__MACOSX/a/._甲.yaml": b"\x00"}
    report = _import(engine, world, importer.open_source("批次.zip", zip_of(files)))
    assert report.written and [f.file for f in report.files] == ["a/甲.yaml"]
    assert {(e.name, e.reason) for e in report.skipped} == {
        ("../逃逸.yaml", msg.IMPORT_SKIP_OUTSIDE), ("/绝对.yaml", msg.IMPORT_SKIP_OUTSIDE),
        ("空文件夹/", msg.IMPORT_SKIP_DIRECTORY), ("说明.txt", msg.IMPORT_SKIP_TYPE),
        ("多余.pdf", msg.IMPORT_SKIP_UNREFERENCED), ("__MACOSX/a/._甲.yaml", msg.IMPORT_SKIP_HIDDEN)}
    assert "../逃逸.yaml: 已跳过：路径指向压缩包之外（含 ../ 或为绝对路径）" in report.lines()


def test_a_corrupt_or_truncated_zip_gives_a_chinese_error(engine, world):
    whole = zip_of({"a/甲.yaml": _answers("上海导入甲有限公司", 1)})
    for data in (b"PK\x03\x04 not really", whole[: len(whole) // 2]):
        with pytest.raises(DataInvalid) as err:
            importer.open_source("坏.zip", data)
        assert err.value.message == msg.IMPORT_NOT_ZIP.format(path="坏.zip")


def test_a_zip_on_disk_is_streamed_from_the_file_not_read_into_memory(tmp_path):
    path = tmp_path / "批次.zip"
    path.write_bytes(zip_of({"a/甲.yaml": _answers("上海导入甲有限公司", 1)}))
    source = importer.open_source(path)
    try:
        assert isinstance(source, importer.ZipSource)
        assert not isinstance(source._zip.fp, io.BytesIO) and source._zip.filename == str(path)
    finally:
        source.close()


def test_import_batch_takes_a_path_or_a_file_object(engine, world, tmp_path):
    data = zip_of({"a/甲.yaml": _answers("上海导入甲有限公司", 1)})
    path = tmp_path / "批次.zip"
    path.write_bytes(data)
    assert _import(engine, world, path, dry_run=True).files[0].accepted
    assert _import(engine, world, io.BytesIO(data)).written


def test_evidence_is_not_called_unreferenced_when_an_answers_file_could_not_be_read(engine, world):
    files = {"a/甲.yaml": "rubric: point\nanswers: [\n", "a/通知.pdf": pdf_bytes("通知"), "说明.txt": b"readme"}
    report = _import(engine, world, importer.open_source("批次.zip", zip_of(files)))
    assert not report.written
    assert [(e.name, e.reason) for e in report.skipped] == [("说明.txt", msg.IMPORT_SKIP_TYPE)]


def test_cli_import_of_a_damaged_zip_names_the_member_and_lists_skipped_entries(engine, world, tmp_path,
                                                                                 monkeypatch):
    from tests.store.conftest import url_of

    monkeypatch.setenv("TSP_DATABASE_URL", url_of(engine))
    data = bytearray(zip_of({"a/甲.yaml": _answers("上海导入甲有限公司", 1), "../逃逸.yaml": b"x"},
                            zipfile.ZIP_STORED))
    data[data.index("上海导入甲有限公司".encode("utf-8"))] ^= 0x01
    path = tmp_path / "损坏.zip"
    path.write_bytes(bytes(data))
    result = invoke(["import", str(path), "--office", "新桥市场监管所"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert msg.IMPORT_MEMBER_CRC.format(name="a/甲.yaml") in result.stderr
    assert "../逃逸.yaml: 已跳过：" in result.stderr
    truncated = tmp_path / "截断.zip"
    truncated.write_bytes(bytes(data[:40]))
    bad = invoke(["import", str(truncated), "--office", "新桥市场监管所"])
    assert bad.exit_code == 2 and msg.IMPORT_NOT_ZIP.format(path=truncated) in bad.stderr
