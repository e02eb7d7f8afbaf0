"""``drafts list`` and ``drafts prune``: what maintainers use on the drafts folder."""

from __future__ import annotations

import os

import pytest

from scoring.drafts import WORKING_NAME, DraftStore
from scoring.editing import working_from_answers
from scoring.examples import example_answers

from .cli_runner import invoke



@pytest.fixture
def store(tmp_path, monkeypatch) -> DraftStore:
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path))
    return DraftStore(tmp_path)


def test_list_shows_each_draft_with_its_category_and_name(store):
    draft_id = store.create(working_from_answers(example_answers("station")))
    result = invoke(["drafts", "list"])
    assert result.exit_code == 0
    assert result.output.startswith(f"{draft_id}\t示范站\t上海市松江区生物医药行业协会\t")


def test_prune_removes_only_drafts_untouched_for_longer_than_asked(store):
    old = store.create(working_from_answers(example_answers("point")))
    fresh = store.create(working_from_answers(example_answers("zone")))
    os.utime(store.folder(old) / WORKING_NAME, (1_700_000_000, 1_700_000_000))
    dry = invoke(["drafts", "prune", "--older-than", "30", "--dry-run"])
    assert dry.exit_code == 0 and old in dry.output and store.exists(old)
    result = invoke(["drafts", "prune", "--older-than", "30"])
    assert result.exit_code == 0
    assert not store.folder(old).exists() and store.exists(fresh)


def test_prune_needs_a_positive_age(store):
    assert invoke(["drafts", "prune", "--older-than", "0"]).exit_code == 2
