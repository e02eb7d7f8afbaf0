"""A small district to test against: two offices, a park, organisations, one user per role, and answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from scoring.rubric import load_rubric
from scoring.store import auth, directory
from scoring.store.actors import SYSTEM, Actor
from scoring.uscc import uscc_check_char

PASSWORD = "correct horse battery"
ASSESSED_ON = "2026-11-01"
ROUND = 2026


def uscc(serial: int, prefix: str = "91310117MA1") -> str:
    """A valid made-up 统一社会信用代码 (check character computed)."""
    body = f"{prefix}{serial:06d}"
    return body + uscc_check_char(body)


def full_answers(rubric_name: str, name: str, code: str | None = None, *, partial: dict[str, float] | None = None,
                 missing: tuple[str, ...] = ()) -> dict:
    """An answers file answering every item of the rubric with dated evidence (``missing`` items left out;
    ``partial`` check items scored partly)."""
    rubric = load_rubric(rubric_name)
    answers = {}
    for item in rubric.items:
        if item.id in missing:
            continue
        evidence = [{"title": f"{item.title}证明材料", "date": "2026-06-01"}]
        kind = item.rule.kind
        if kind in ("check", "checklist", "measured"):  # a tick means every part met / the measure reached
            answer = {"met": True}
            if partial and item.id in partial:
                answer = {"met": "partial", "score": partial[item.id]}
        elif kind == "threshold":
            answer = {"value": float(item.rule.minimum)}
        elif kind == "occurrences":
            answer = {"value": item.rule.minimum}
            evidence = [{"title": f"{item.title}记录{k}", "date": f"2026-0{k + 1}-15"} for k in range(item.rule.minimum)]
        elif kind == "per_unit":
            answer = {"count": 1}
        elif kind == "tiered":
            answer = {"tier": item.rule.tiers[-1].key}
        elif kind == "two_counts":
            answer = {p.field: 2 for p in item.rule.parts}
        elif kind == "either":
            option = item.rule.options[0]
            answer = {"org_kind": option.key, **{c.field: (0.5 if c.type == "share" else 5) for c in option.conditions}}
        else:
            raise ValueError(f"no full answer for rule kind {kind}")
        answers[item.id] = {**answer, "evidence": evidence}
    applicant = {"name": name}
    if code:
        applicant["uscc"] = code
    return {"rubric": rubric_name, "assessed_on": ASSESSED_ON, "applicant": applicant, "answers": answers}


@dataclass
class World:
    admin: Actor
    reviewer_a: Actor
    reviewer_b: Actor
    applicant_a: Actor
    applicant_b: Actor
    operator: Actor
    office_a: int
    office_b: int
    org_a: int
    org_b: int
    park: int
    park_org: int


def build_world(session: Session) -> World:
    """Offices 新桥 (A) and 九亭 (B); point applicants in each; a park in A with its operator."""
    office_a = directory.create_office(session, SYSTEM, "新桥市场监管所")
    office_b = directory.create_office(session, SYSTEM, "九亭市场监管所")
    park = directory.create_park(session, SYSTEM, "松江云谷科技园", office_id=office_a.id)
    org_a = directory.create_organisation(session, SYSTEM, "上海甲科技有限公司", "point", uscc=uscc(1),
                                          office_id=office_a.id, park_id=park.id)
    org_b = directory.create_organisation(session, SYSTEM, "上海乙科技有限公司", "point", uscc=uscc(2),
                                          office_id=office_b.id)
    park_org = directory.create_organisation(session, SYSTEM, "松江云谷科技园", "zone", uscc=uscc(3),
                                             office_id=office_a.id, park_id=park.id)

    def user(name: str, role: str, **attachments) -> Actor:
        return auth.actor_of(auth.create_user(session, SYSTEM, name, f"{name}用户", PASSWORD, role, **attachments))

    return World(
        admin=user("admin", "admin"),
        reviewer_a=user("reviewer_a", "reviewer", office_id=office_a.id),
        reviewer_b=user("reviewer_b", "reviewer", office_id=office_b.id),
        applicant_a=user("applicant_a", "applicant", organisation_id=org_a.id),
        applicant_b=user("applicant_b", "applicant", organisation_id=org_b.id),
        operator=user("operator", "park_operator", park_id=park.id, organisation_id=park_org.id),
        office_a=office_a.id, office_b=office_b.id, org_a=org_a.id, org_b=org_b.id, park=park.id,
        park_org=park_org.id,
    )


def today() -> dt.date:
    return dt.date(2026, 11, 1)


def png_bytes() -> bytes:
    """A tiny valid PNG."""
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
                            "AAAABJRU5ErkJggg==")


def pdf_bytes(text: str = "test") -> bytes:
    """A small PDF made with reportlab."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)  # same bytes every time
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def submitted(session: Session, world: World, actor: Actor | None = None, org_id: int | None = None,
              rubric: str = "point", name: str = "上海甲科技有限公司", code: str | None = None, **kwargs):
    """A submission created and submitted by the applicant (default: applicant A's organisation)."""
    from scoring.store import submissions, workflow

    actor = actor or world.applicant_a
    org_id = org_id or world.org_a
    code = code if code is not None else (uscc(1) if org_id == world.org_a else None)
    sub = submissions.create_submission(session, actor, org_id, ROUND, full_answers(rubric, name, code, **kwargs))
    workflow.transition(session, actor, sub.id, "submit")
    return sub
