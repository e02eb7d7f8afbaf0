"""Drafts on disk: nothing typed is lost, files are written atomically, IDs and file names cannot escape."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml

from scoring.answers import answers_data, load_answers
from scoring.drafts import ANSWERS_NAME, WORKING_NAME, DraftError, DraftStore, drafts_root, safe_file_name, write_atomic
from scoring.editing import new_working, settle, working_from_answers
from scoring.rubric import load_rubric
from tests.conftest import EXAMPLES


@pytest.fixture
def store(tmp_path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def in_progress_working() -> dict:
    working = new_working(load_rubric("point"), dt.date(2026, 11, 1))
    working["applicant"] = {"name": "测试单位", "uscc": "91310117MA1J3AB2C"}  # one character short
    working["answers"] = {"P01": {"met": "partial"},  # score not given yet
                          "P02": {"met": True, "evidence": [{"title": "任命文件", "date": "2026-03-01"}, {"title": ""}]}}
    return working


def test_a_saved_draft_loads_back_exactly_including_values_not_valid_yet(store):
    working = in_progress_working()
    draft_id = store.create(working)
    assert store.load(draft_id) == working


def test_the_answers_file_beside_the_draft_holds_the_valid_part_and_reads_back(store):
    draft_id = store.create(in_progress_working())
    written = load_answers(store.folder(draft_id) / ANSWERS_NAME)
    assert set(written.answers) == {"P02"}
    assert written.applicant.uscc is None
    assert answers_data(written) == settle(in_progress_working()).answers_data()


def test_no_answers_file_is_written_while_the_name_is_missing_and_a_stale_one_is_removed(store):
    working = in_progress_working()
    draft_id = store.create(working)
    assert (store.folder(draft_id) / ANSWERS_NAME).is_file()
    del working["applicant"]["name"]
    store.save(draft_id, working)
    assert not (store.folder(draft_id) / ANSWERS_NAME).exists()
    assert store.load(draft_id) == working


def test_an_example_stored_as_a_draft_keeps_its_answers_file_unchanged(store):
    answers = load_answers(EXAMPLES / "zone.yaml")
    draft_id = store.create(working_from_answers(answers))
    assert answers_data(load_answers(store.folder(draft_id) / ANSWERS_NAME)) == answers_data(answers)


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "answers.yaml"
    write_atomic(target, "旧内容")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "新内容")
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


@pytest.mark.parametrize("bad_id", ["../etc", "ABCDEF0123456789ABCD", "short", "", "a/b/c/d/e/f/g/h/i/j"])
def test_draft_ids_that_could_name_another_folder_are_refused(store, bad_id):
    with pytest.raises(DraftError):
        store.load(bad_id)
    assert not store.exists(bad_id)


def test_loading_a_missing_draft_says_so_in_chinese(store):
    with pytest.raises(DraftError) as err:
        store.load("0" * 24)
    assert "找不到" in err.value.message


def test_drafts_are_listed_newest_first_and_deleted_with_their_files(store):
    first = store.create(in_progress_working())
    second_working = in_progress_working()
    second_working["applicant"]["name"] = "第二家单位"
    second = store.create(second_working)
    os.utime(store.folder(first) / WORKING_NAME, (1_700_000_000, 1_700_000_000))
    store.add_file(second, "协议.pdf", b"%PDF")
    assert [(d.draft_id, d.name, d.rubric) for d in store.list()] == [(second, "第二家单位", "point"),
                                                                       (first, "测试单位", "point")]
    store.delete(second)
    assert not store.folder(second).exists()
    assert [d.draft_id for d in store.list()] == [first]


def test_uploaded_files_keep_their_name_and_never_overwrite_one_another(store):
    draft_id = store.create(in_progress_working())
    assert store.add_file(draft_id, "保密协议.pdf", b"one") == "evidence/保密协议.pdf"
    assert store.add_file(draft_id, "保密协议.pdf", b"two") == "evidence/保密协议 (2).pdf"
    assert store.file_path(draft_id, "evidence/保密协议.pdf").read_bytes() == b"one"
    assert store.file_path(draft_id, "evidence/保密协议 (2).pdf").read_bytes() == b"two"


def test_uploaded_file_names_cannot_leave_the_evidence_folder(store):
    draft_id = store.create(in_progress_working())
    assert store.add_file(draft_id, "../../answers.yaml", b"x") == "evidence/answers.yaml"
    assert store.add_file(draft_id, "C:\\Users\\me\\合同.docx", b"x") == "evidence/合同.docx"
    assert safe_file_name("..") == "文件"
    assert store.file_path(draft_id, "../" + draft_id + "/" + WORKING_NAME) is None
    assert store.file_path(draft_id, "/etc/passwd") is None


def test_the_drafts_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "elsewhere"))
    assert drafts_root() == tmp_path / "elsewhere"
    assert DraftStore().root == tmp_path / "elsewhere"


def test_the_working_copy_on_disk_is_readable_yaml(store):
    draft_id = store.create(in_progress_working())
    text = (store.folder(draft_id) / WORKING_NAME).read_text(encoding="utf-8")
    assert "测试单位" in text
    assert yaml.safe_load(text)["answers"]["P01"] == {"met": "partial"}


def test_draft_folders_and_files_are_readable_by_the_owner_only(tmp_path):
    import stat as _stat

    from scoring.drafts import DraftStore as _Store

    store = _Store(tmp_path / "root" / "drafts")
    draft_id = store.create({"rubric": "point"})
    relative = store.add_file(draft_id, "协议.pdf", b"%PDF-1.4 test")
    mode = lambda p: _stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    folder = store.folder(draft_id)
    assert {mode(p) for p in (store.root, folder, folder / "evidence")} == {0o700}
    assert {mode(folder / "working.yaml"), mode(folder / relative)} == {0o600}
    store.remove_files(draft_id)
    assert not (folder / "evidence").exists() and store.load(draft_id) == {"rubric": "point"}
