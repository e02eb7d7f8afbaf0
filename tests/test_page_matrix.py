"""Every demo account × every page its role has × every submission state renders without an exception or the
generic error message (AppTest, the demo district in every state; see ``page_matrix_fixtures``)."""

from __future__ import annotations

import pytest

from app_pages.common.paths import PAGES
from app_pages.strings import office as O
from scoring.store import messages as store_msg
from scoring.store.demo import DEMO_ACCOUNTS
from tests.page_matrix_fixtures import (
    EXTRA_ACCOUNTS, OVERRIDE_REASON, PARTS_REASON, SEND_BACK_NOTE, build_matrix_file, matrix_cases, own_copy, problems_of, render,
    role_pages, signed_in_app, stored_visible_organisations, visible_organisations,
)
from tests.office_fixtures import shown

CASES = matrix_cases()


@pytest.fixture(scope="session")
def matrix_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "matrix.db"
    build_matrix_file(path)
    return path


@pytest.fixture
def world(matrix_file, tmp_path, monkeypatch):
    database = own_copy(matrix_file, tmp_path, monkeypatch)
    yield database
    database.engine.dispose()


def test_the_matrix_covers_every_role_page_and_state(world):
    pages = role_pages()
    covered = {(c.username, c.page) for c in CASES}
    for account in DEMO_ACCOUNTS:
        assert all((account.username, page) in covered for page in pages[account.role])
    assert {world.submission_of(o).status for o in visible_organisations("admin")} == set(store_msg.STATUS_LABELS)
    for username in ("admin", "xinqiao", "jiuting", "zhongshan"):
        assert sorted(visible_organisations(username)) == sorted(stored_visible_organisations(world, username))
    # the applicant accounts cover every state too: selected, sent back, draft, reviewed, submitted
    applicants = [a.username for a in DEMO_ACCOUNTS if a.role in ("applicant", "park_operator")] + list(EXTRA_ACCOUNTS)
    states = {world.submission_of(o).status for o in _own_organisations(world, applicants)}
    assert states == set(store_msg.STATUS_LABELS)


def _own_organisations(world, usernames: list[str]) -> list[str]:
    from sqlalchemy import select

    from scoring.store import db
    from scoring.store.models import Organisation, User
    with db.session_scope(world.engine) as s:
        stmt = (select(Organisation.name).join(User, User.organisation_id == Organisation.id)
                .where(User.username.in_(usernames)))
        return list(s.execute(stmt).scalars())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_page_renders_without_an_error(world, case):
    at = render(world, case)
    assert problems_of(at) == []


def test_the_applicant_sees_the_final_score_and_override_reason_of_a_selected_submission(world):
    at = signed_in_app(world, "songxin", PAGES["filing"])
    assert problems_of(at) == []
    assert shown(at, store_msg.STATUS_LABELS["selected"])
    assert shown(at, OVERRIDE_REASON)
    assert any(O.FILING_FINAL.split("{")[0] in t for t in (m.value for m in at.markdown))
    assert shown(at, PARTS_REASON + O.FILING_OVERRIDE_PARTS.format(labels="离开工作岗位前下线工作账户或设置电脑锁屏"))


def test_the_applicant_sees_the_final_score_of_a_reviewed_submission_and_the_override(world):
    at = signed_in_app(world, "demo03", PAGES["filing"])
    assert problems_of(at) == []
    assert shown(at, store_msg.STATUS_LABELS["reviewed"])
    assert shown(at, "培训计划未覆盖全部研发岗位（示例复核意见）")


def test_the_applicant_sees_the_note_of_a_submission_sent_back(world):
    at = signed_in_app(world, "xiehui", PAGES["filing"])
    assert problems_of(at) == []
    assert shown(at, store_msg.STATUS_LABELS["changes_requested"])
    assert shown(at, SEND_BACK_NOTE)


def test_pages_never_import_orm_models_or_query_the_database_themselves():
    """Pages use store reads that return plain values; only constants may come from the models module."""
    import ast
    from pathlib import Path

    offenders = []
    for path in sorted(Path(__file__).resolve().parent.parent.joinpath("app_pages").rglob("*.py")):
        if path.name in ("signin.py", "auth_routes.py"):  # the engine and transaction helpers: the script's,
            continue                                        # and the sign-in routes' (they run outside any script)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "scoring.store.models":
                offenders += [f"{path.name}: {a.name}" for a in node.names if not a.name.isupper()]
            if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
                offenders += [f"{path.name}: sqlalchemy.{a.name}" for a in node.names]
    assert offenders == []
