"""The page matrix: every demo account, every page its role has, every submission state of the demo district.

The demo district is built once per test session (cheap argon2) and then carried into every state a submission
can be in (draft, submitted, changes requested, reviewed with an override, selected); each test gets its own
copy of that file. The pages of each role are read from ``app.py``'s ``ROLE_PAGES`` (with the self-assessment
pages every visitor has), so a page added there joins the matrix by itself. Signing in is ``signed_in_app``:
the one place that knows how a test becomes a user.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app_pages.common import signin
from app_pages.common.paths import PAGES
from app_pages.strings import applicant as S
from app_pages.strings import office as O
from scoring.store import db, ranking, review, workflow
from scoring.examples import example_answers
from scoring.store.demo import DEMO_ACCOUNTS, ENTERPRISES, ROUND
from scoring.store.models import Organisation, Submission, User
from tests import office_fixtures
from tests.office_fixtures import APP, Database, build_demo_file, copy_database, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
OVERRIDE_REASON = "培训记录缺少签到表（矩阵测试）"
PARTS_REASON = "锁屏策略未覆盖研发终端（矩阵测试）"
SEND_BACK_NOTE = "请补充保密协议的签署页（矩阵测试）"
# Beyond the seven role accounts: a demo enterprise whose submission was reviewed with an override (every third
# enterprise is) and one whose submission still waits for review.
EXTRA_ACCOUNTS = ("demo03", "demo10")
GENERIC_ERRORS = (S.UNEXPECTED_ERROR, O.DATABASE_ERROR)


def role_pages() -> dict[str | None, list[str]]:
    """Page paths per role as ``app.py`` lists them: ``APPLY`` for everybody plus ``ROLE_PAGES[role]``."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    role_map: dict[str | None, list[str]] = {}

    def page_path(call: ast.AST) -> str:
        assert isinstance(call, ast.Call) and isinstance(call.args[0], ast.Subscript)
        return PAGES[call.args[0].slice.value]

    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        name, value = node.targets[0].id, node.value
        if isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "Page":
            pages[name] = page_path(value)
        elif isinstance(value, ast.List):
            lists[name] = [page_path(v) for v in value.elts]
        elif isinstance(value, ast.Dict) and name == "ROLE_PAGES":
            for key, entries in zip(value.keys, value.values):
                role_map[key.value] = [pages[e.id] for e in entries.elts]
    assert role_map and "APPLY" in lists, "app.py no longer has APPLY and ROLE_PAGES"
    return {role: lists["APPLY"] + own for role, own in role_map.items()}


def _carry_into_every_state(database: Database) -> None:
    """songxin's point submission reviewed with an override and selected; xiehui's station submission sent back
    with a note; the park's zone submission stays a draft; demo03 reviewed with an override; demo10 submitted."""
    admin = database.actor("admin")
    with db.session_scope(database.engine) as s:
        def of(username: str) -> int:
            org_id = s.execute(select(User.organisation_id).where(User.username == username)).scalar_one()
            return s.execute(select(Submission.id).where(Submission.organisation_id == org_id)).scalar_one()

        point, station = of("songxin"), of("xiehui")
        version = review.review_sheet(s, admin, point).version
        version = review.set_item_review(s, admin, point, "P10", decision="override", score=1,
                                         reason=OVERRIDE_REASON, expected_version=version).version
        version = review.set_item_review(s, admin, point, "P12", decision="override", score="1.5",
                                         parts={**dict.fromkeys(("report", "register", "flow"), True), "lock": False},
                                         reason=PARTS_REASON, expected_version=version).version
        review.confirm_remaining(s, admin, point, version)
        workflow.transition(s, admin, point, "complete_review")
        ranking.select_submissions(s, admin, ROUND, [point])
        workflow.transition(s, admin, station, "request_changes", note=SEND_BACK_NOTE)


def build_matrix_file(path: Path, adjust=None) -> None:
    """The demo district at ``path`` in every submission state, then ``adjust(database)`` when given."""
    with office_fixtures.demo_environment(path):
        build_demo_file(path)
        engine = db.make_engine(sqlite_url(path))
        database = Database(sqlite_url(path), engine)
        _carry_into_every_state(database)
        if adjust is not None:
            adjust(database)
        engine.dispose()


def own_copy(source: Path, tmp_path: Path, monkeypatch) -> Database:
    """This test's own copy of ``source``, named by ``TSP_DATABASE_URL`` (the app's environment around it)."""
    database = tmp_path / "tsp.db"
    copy_database(source, database)
    office_fixtures.app_environment(monkeypatch, tmp_path, database)
    signin._engine.clear()
    return Database(sqlite_url(database), db.make_engine(sqlite_url(database)))


def signed_in_app(database: Database, username: str | None, page: str, **query: str) -> AppTest:
    """The app signed in as ``username`` (None: a visitor), after one run on ``page`` with ``query``."""
    at = AppTest.from_file(APP, default_timeout=60)
    if username is not None:
        office_fixtures.sign_in_browser(at, database.actor(username))
    at.query_params.update(query)
    at.run()
    at.switch_page(page)
    at.query_params.update(query)
    return at.run()


@dataclass(frozen=True)
class Case:
    """One cell of the matrix: who, which page, and on the review page whose submission."""

    username: str | None
    page: str
    organisation: str | None = None

    @property
    def id(self) -> str:
        page = Path(self.page).stem
        return f"{self.username or 'visitor'}-{page}" + (f"-{self.organisation}" if self.organisation else "")


REVIEWER_OFFICES = {"xinqiao": 0, "jiuting": 1, "zhongshan": 2}  # as demo.load_demo attaches them


def demo_submissions() -> dict[str, int]:
    """Every organisation of the demo district with a submission, by the index of its office in ``OFFICES``
    (known without building the database, so the matrix is parametrized at collection)."""
    out = {name: office for name, office, _member, _lowered, _state in ENTERPRISES}
    for category, office in (("point", 0), ("station", 2), ("zone", 1)):
        out[example_answers(category).applicant.name] = office
    return out


def visible_organisations(username: str) -> list[str]:
    """The organisations whose submissions an office account may open (all for the bureau)."""
    office = REVIEWER_OFFICES.get(username)
    return [name for name, index in demo_submissions().items() if office is None or index == office]


def stored_visible_organisations(database: Database, username: str) -> list[str]:
    """The same list as the database has it, to prove ``visible_organisations`` matches the demo."""
    with db.session_scope(database.engine) as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        stmt = select(Organisation.name).join(Submission, Submission.organisation_id == Organisation.id)
        if user.role == "reviewer":
            stmt = stmt.where(Organisation.office_id == user.office_id)
        return list(s.execute(stmt).scalars())


def matrix_cases() -> list[Case]:
    """Every account × page (× visible submission on the review page)."""
    roles = {a.username: a.role for a in DEMO_ACCOUNTS}
    roles.update({name: "applicant" for name in EXTRA_ACCOUNTS})
    pages = role_pages()
    cases = [Case(None, page) for page in pages[None]]
    for username, role in roles.items():
        for page in pages[role]:
            if page == PAGES["review"]:
                cases.extend(Case(username, page, name) for name in visible_organisations(username))
            else:
                cases.append(Case(username, page))
    return cases


def submission_of(database: Database, organisation: str) -> int:
    """The ID of the submission of the organisation whose name ends with ``organisation`` (a test may have put
    something before every name)."""
    stmt = (select(Submission.id).join(Organisation, Submission.organisation_id == Organisation.id)
            .where(Organisation.name.endswith(organisation, autoescape=True)))
    with database.engine.connect() as connection:
        return connection.execute(stmt).scalar_one()


def render(database: Database, case: Case) -> AppTest:
    query = {"submission": str(submission_of(database, case.organisation))} if case.organisation else {}
    return signed_in_app(database, case.username, case.page, **query)


def problems_of(at: AppTest) -> list[str]:
    """Uncaught exceptions and generic error messages on the rendered page (empty when it rendered cleanly)."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"error: {e.value}" for e in at.error if any(g in str(e.value) for g in GENERIC_ERRORS)]
    return found
