"""Where the app keeps its files: the checkout's data/, TSP_DATA_DIR, or the user's data folder when installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import locations
from scoring.drafts import drafts_root

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_overrides(monkeypatch):
    for name in ("TSP_DATA_DIR", "TSP_DRAFTS_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)


def test_run_from_the_checkout_the_data_folder_is_the_checkouts_data(no_overrides):
    assert locations.checkout_root() == ROOT
    assert locations.data_dir() == ROOT / "data"
    assert drafts_root() == ROOT / "data" / "drafts"


def test_an_installed_package_keeps_its_data_in_the_users_data_folder(no_overrides, tmp_path, monkeypatch):
    monkeypatch.setattr(locations, "checkout_root", lambda: None)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert locations.data_dir() == tmp_path / "home" / ".local" / "share" / "tsp-scoring"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locations.data_dir() == tmp_path / "xdg" / "tsp-scoring"
    assert drafts_root() == tmp_path / "xdg" / "tsp-scoring" / "drafts"


def test_tsp_data_dir_moves_the_data_folder_and_the_drafts_with_it(no_overrides, tmp_path, monkeypatch):
    monkeypatch.setenv("TSP_DATA_DIR", str(tmp_path / "data"))
    assert locations.data_dir() == tmp_path / "data"
    assert drafts_root() == tmp_path / "data" / "drafts"
    monkeypatch.setenv("TSP_DRAFTS_DIR", str(tmp_path / "drafts"))
    assert drafts_root() == tmp_path / "drafts"
