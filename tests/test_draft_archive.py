"""The whole draft as one zip: packing, resuming with the evidence files, and refusing unsafe archives."""

from __future__ import annotations

import io
import zipfile

import pytest

from scoring.draft_archive import (
    MAX_FILE_BYTES, WORKING_ENTRY, ArchiveError, read_archive, write_archive,
)
from scoring.drafts import DraftStore
from scoring.editing import add_evidence, add_library_entry, evidence_entry, new_working
from scoring.rubric import load_rubric
import datetime as dt


@pytest.fixture
def store(tmp_path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def draft_with_files(store: DraftStore) -> str:
    working = new_working(load_rubric("point"), dt.date(2026, 6, 30))
    working["applicant"] = {"name": "上海示例精密机械有限公司"}
    draft_id = store.create(working)
    pdf = store.add_file(draft_id, "保密制度.pdf", b"%PDF-1.4 policy")
    docx = store.add_file(draft_id, "培训签到.docx", b"PK\x03\x04 sign-in")
    add_evidence(working, "P01", evidence_entry("保密制度", "2026-03-01", pdf))
    key = add_library_entry(working, evidence_entry("培训签到表", "2026-04-02", docx))
    add_evidence(working, "P10", {"ref": key})
    store.save(draft_id, working)
    return draft_id


def test_a_draft_zip_resumes_as_a_new_draft_with_its_evidence_files(store):
    source = draft_with_files(store)
    content = write_archive(store, source, redacted_copy=lambda file: b"redacted " + file.encode())
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert {"working.yaml", "answers.yaml", "evidence/保密制度.pdf", "evidence/培训签到.docx",
            "redacted/保密制度.pdf"} <= set(names)

    restored = read_archive(store, "草稿.zip", content)
    assert restored.draft_id != source and restored.files == 2 and restored.missing == []
    working = store.load(restored.draft_id)
    assert working == store.load(source)  # same answers, dates, references
    entry = working["answers"]["P01"]["evidence"][0]
    assert store.file_path(restored.draft_id, entry["file"]).read_bytes() == b"%PDF-1.4 policy"
    library_file = next(iter(working["evidence_library"].values()))["file"]
    assert store.file_path(restored.draft_id, library_file).read_bytes() == b"PK\x03\x04 sign-in"


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORKING = b"rubric: point\nassessed_on: 2026-06-30\nanswers: {}\n"


@pytest.mark.parametrize("name", ["../escape.txt", "evidence/../../x", "/etc/passwd", "evidence\\..\\x"])
def test_names_that_leave_the_archive_are_refused(store, name):
    with pytest.raises(ArchiveError, match="路径不安全"):
        read_archive(store, "坏.zip", zip_of({WORKING_ENTRY: WORKING, name: b"x"}))
    assert store.list() == []


def test_a_zip_bomb_stops_at_the_real_bytes_read(store):
    bomb = zip_of({WORKING_ENTRY: WORKING, "evidence/big.bin": b"\0" * (MAX_FILE_BYTES + 1)})
    assert len(bomb) < MAX_FILE_BYTES // 100
    with pytest.raises(ArchiveError, match="big.bin"):
        read_archive(store, "炸弹.zip", bomb)


def test_a_zip_without_a_working_copy_or_not_a_zip_is_refused_in_chinese(store):
    with pytest.raises(ArchiveError, match="没有 working.yaml"):
        read_archive(store, "a.zip", zip_of({"x.txt": b"1"}))
    with pytest.raises(ArchiveError, match="不是有效的 zip"):
        read_archive(store, "b.zip", b"not a zip")
