"""A download that cannot be built serves no file (never a file holding the error text) and leaves the Chinese
reason for the page's next run."""

from __future__ import annotations

import pytest
import streamlit as st

from app_pages.common import office_ui, signin
from app_pages.common.flash import FLASH_KEY
from scoring.store.errors import EvidenceMissing


def test_a_refused_download_raises_and_queues_the_reason(monkeypatch):
    monkeypatch.setattr(signin, "engine", lambda: object())
    monkeypatch.setattr(office_ui.db, "run_in_transaction",
                        lambda engine, action: action(None))

    def action(_session) -> bytes:
        raise EvidenceMissing("证明材料 #7（协议.pdf）的文件内容在数据库中缺失")

    st.session_state.pop(FLASH_KEY, None)
    build = office_ui.lazy_bytes(action)
    with pytest.raises(office_ui.DownloadFailed):
        build()
    assert st.session_state[FLASH_KEY] == [(True, "证明材料 #7（协议.pdf）的文件内容在数据库中缺失")]


def test_a_download_that_builds_returns_its_bytes(monkeypatch):
    monkeypatch.setattr(signin, "engine", lambda: object())
    monkeypatch.setattr(office_ui.db, "run_in_transaction", lambda engine, action: action(None))
    assert office_ui.lazy_bytes(lambda _s: b"%PDF-1.4")() == b"%PDF-1.4"
