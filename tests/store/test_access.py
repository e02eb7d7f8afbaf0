"""Role boundaries: each role sees only what is its own, even when it guesses IDs."""

from __future__ import annotations

import pytest

from scoring.store import auth, db, evidence, registry, review, submissions
from scoring.store.errors import PermissionDenied

from .world import PASSWORD, ROUND, full_answers, png_bytes, submitted, uscc


@pytest.fixture
def two_submissions(engine, world):
    """Applicant A's and applicant B's submissions, each with one evidence file uploaded while a draft."""
    with db.session_scope(engine) as s:
        a = submissions.create_submission(s, world.applicant_a, world.org_a, ROUND,
                                          full_answers("point", "上海甲科技有限公司", uscc(1)))
        b = submissions.create_submission(s, world.applicant_b, world.org_b, ROUND,
                                          full_answers("point", "上海乙科技有限公司", uscc(2)))
        ev_a = evidence.upload_evidence(s, world.applicant_a, a.id, "evidence/a.png", png_bytes())
        ev_b = evidence.upload_evidence(s, world.applicant_b, b.id, "evidence/b.png", png_bytes())
        return a.id, b.id, ev_a.id, ev_b.id


def test_applicant_cannot_open_another_organisations_submission(engine, world, two_submissions):
    a, b, _, _ = two_submissions
    with db.session_scope(engine) as s:
        assert review.review_sheet(s, world.applicant_a, a).submission.id == a
        with pytest.raises(PermissionDenied):
            review.review_sheet(s, world.applicant_a, b)


def test_applicant_cannot_download_another_organisations_evidence(engine, world, two_submissions):
    _, _, ev_a, ev_b = two_submissions
    with db.session_scope(engine) as s:
        assert evidence.open_evidence(s, world.applicant_a, ev_a).data == png_bytes()
        with pytest.raises(PermissionDenied):
            evidence.open_evidence(s, world.applicant_a, ev_b)
        with pytest.raises(PermissionDenied):
            evidence.list_evidence(s, world.applicant_a, two_submissions[1])


def test_guessed_ids_that_do_not_exist_get_the_same_answer_as_forbidden_ones(engine, world, two_submissions):
    _, b, _, ev_b = two_submissions
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied) as forbidden:
            review.review_sheet(s, world.reviewer_a, b)
        with pytest.raises(PermissionDenied) as missing:
            review.review_sheet(s, world.reviewer_a, 9999)
        assert str(forbidden.value).replace(str(b), "#") == str(missing.value).replace("9999", "#")
        for guess in (ev_b, 9999, "1", -1):
            with pytest.raises(PermissionDenied):
                evidence.open_evidence(s, world.reviewer_a, guess)


def test_reviewer_sees_only_its_own_offices_submissions(engine, world, two_submissions):
    a, b, ev_a, ev_b = two_submissions
    with db.session_scope(engine) as s:
        assert list(submissions.submissions_table(s, world.reviewer_a)["id"]) == [a]
        assert list(submissions.submissions_table(s, world.reviewer_b)["id"]) == [b]
        assert evidence.open_evidence(s, world.reviewer_b, ev_b).sha256
        with pytest.raises(PermissionDenied):
            review.review_sheet(s, world.reviewer_b, a)
        with pytest.raises(PermissionDenied):
            evidence.open_evidence(s, world.reviewer_b, ev_a)


def test_reviewer_cannot_review_another_offices_submission(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        with pytest.raises(PermissionDenied):
            review.set_item_review(s, world.reviewer_b, sub.id, "P01", decision="confirm",
                                   expected_version=sub.version)


def test_admin_sees_every_submission_and_applicants_see_only_their_own_in_tables(engine, world, two_submissions):
    a, b, _, _ = two_submissions
    with db.session_scope(engine) as s:
        assert sorted(submissions.submissions_table(s, world.admin)["id"]) == [a, b]
        assert list(submissions.submissions_table(s, world.applicant_b)["id"]) == [b]
        assert submissions.submissions_table(s, world.operator).empty


def test_applicant_cannot_file_or_upload_for_another_organisation(engine, world, two_submissions):
    _, b, _, _ = two_submissions
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            submissions.create_submission(s, world.applicant_a, world.org_b, ROUND + 1,
                                          full_answers("point", "上海乙科技有限公司"))
        with pytest.raises(PermissionDenied):
            evidence.upload_evidence(s, world.applicant_a, b, "evidence/x.png", png_bytes())


def test_park_operator_sees_only_its_own_parks_registry(engine, world):
    with db.session_scope(engine) as s:
        from scoring.store import directory
        from scoring.store.actors import SYSTEM

        other = directory.create_park(s, SYSTEM, "另一园区")
        assert [m.organisation for m in registry.members(s, world.operator, world.park)]
        with pytest.raises(PermissionDenied):
            registry.members(s, world.operator, other.id)
        with pytest.raises(PermissionDenied):
            registry.members(s, world.applicant_a, world.park)
        with pytest.raises(PermissionDenied):
            registry.add_member(s, world.reviewer_a, world.park, "上海丙公司", "point")


def test_deactivated_account_loses_access_at_once(engine, world, two_submissions):
    a, _, _, _ = two_submissions
    with db.session_scope(engine) as s:
        auth.set_active(s, world.admin, world.applicant_a.user_id, False)
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            review.review_sheet(s, world.applicant_a, a)
        assert auth.login(s, "applicant_a", PASSWORD) is None


def test_login_with_the_right_password_gives_the_users_actor_and_a_wrong_one_none(engine, world):
    with db.session_scope(engine) as s:
        actor = auth.login(s, "reviewer_a", PASSWORD)
        assert (actor.role, actor.office_id) == ("reviewer", world.office_a)
        assert auth.login(s, "reviewer_a", "wrong password") is None
        assert auth.login(s, "nobody", PASSWORD) is None
    with db.session_scope(engine) as s:
        from scoring.store.models import AuditEntry
        from sqlalchemy import select

        actions = list(s.execute(select(AuditEntry.action).where(AuditEntry.action.like("login%"))).scalars())
        assert actions == ["login", "login_failed", "login_failed"]


def test_passwords_are_stored_as_argon2id_hashes(engine, world):
    with db.session_scope(engine) as s:
        from scoring.store.models import User

        stored = s.get(User, world.admin.user_id).password_hash
        assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_only_the_bureau_creates_users_and_roles_need_their_attachment(engine, world):
    with db.session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            auth.create_user(s, world.reviewer_a, "x1", "某人", PASSWORD, "admin")
        with pytest.raises(auth.AccountInvalid, match="市场监管所"):
            auth.create_user(s, world.admin, "x2", "某人", PASSWORD, "reviewer")
        with pytest.raises(auth.AccountInvalid, match="至少"):
            auth.create_user(s, world.admin, "x3", "某人", "short", "admin")
        with pytest.raises(auth.AccountInvalid, match="已存在"):
            auth.create_user(s, world.admin, "admin", "某人", PASSWORD, "admin")
