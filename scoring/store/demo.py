"""The bundled demonstration district, loaded into an empty database so the app can be tried at once.

Every organisation, person and document here is fictitious. The demo has three offices, one park with its
registry, the three bundled example applicants (``data/examples``), a dozen further enterprises derived from the
point example, one account per role, submissions in every state of the review, and small PDF evidence files
marked as demonstration material. Nothing is loaded into a database that already has accounts.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from docx import Document
from openpyxl import Workbook
from reportlab.pdfgen import canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import kinds
from ..answers import answers_data
from ..cells import append_safe
from ..evidence.fonts import cjk_font
from ..examples import example_answers
from ..rubric import load_rubric
from ..uscc import uscc_check_char
from . import audit, auth, directory, registry, review, settings, workflow
from .actors import SYSTEM, Actor
from .filing import file_draft
from .models import AuditEntry, Submission, User

DEMO_PASSWORD = "songjiang-demo"
DEMO_ACTION = "demo_loaded"
ROUND = 2026
FILED_ON = dt.date(ROUND, 9, 5)  # the demo story files in the round's 创建申报 phase
OFFICES = ("新桥市场监管所", "九亭市场监管所", "中山市场监管所")
PARK = "上海松江云谷科技园"
PASS_LINES = {"point": 70, "station": 70, "zone": 70}
# (name, office index, park member, items scored lower: item → score (0 = not met), review state)
ENTERPRISES = (
    ("上海茸城精密机械有限公司", 0, True, {"P06": 0, "P21": 0}, "reviewed"),
    ("上海云间新材料科技有限公司", 1, True, {"P03": 1, "P18": 0}, "reviewed"),
    ("上海泖港智能装备有限公司", 0, False, {"P11": 0}, "reviewed"),
    ("上海佘山生物科技有限公司", 2, False, {"P06": 0, "P14": 0, "P30": 0}, "reviewed"),
    ("上海广富林软件有限公司", 1, True, {"P22": 0}, "reviewed"),
    ("上海辰山医疗器械有限公司", 2, False, {"P09": 0, "P25": 0}, "reviewed"),
    ("上海小昆山汽车零部件有限公司", 0, False, {"P05": 1}, "reviewed"),
    ("上海洞泾电子科技有限公司", 1, False, {"P12": 0, "P40": 0}, "reviewed"),
    ("上海石湖荡食品有限公司", 0, False, {"P02": 0, "P03": 0, "P33": 0}, "reviewed"),
    ("上海车墩影视科技有限公司", 2, False, {"P16": 0}, "submitted"),
    ("上海叶榭环保科技有限公司", 0, False, {"P07": 0, "P08": 0}, "submitted"),
    ("上海永丰数据服务有限公司", 1, True, {}, "submitted"),
)
# Member sites' earlier certifications, recorded by the bureau: (enterprise index, level, kind, year, certificate)
CERTIFICATIONS = ((0, "district", "point", 2024, "松市监商秘〔2024〕第 003 号（示例）"),
                  (1, "district", "point", 2025, "松市监商秘〔2025〕第 011 号（示例）"),
                  (4, "municipal", "point", 2025, "沪市监商秘〔2025〕第 027 号（示例）"))
# An enterprise the park operator has proposed as a member, waiting for the bureau or the enterprise to confirm.
PROPOSED_MEMBER = 2
# Eligibility choices of the demo enterprises (plan section 三), by enterprise index: (industry, note, leading)
INDUSTRIES = (("high_end_equipment", None, "yes"), ("advanced_materials", None, "yes"),
              ("high_end_equipment", None, "yes"), ("biomedicine", None, "yes"),
              ("electronic_information", None, "yes"), ("medical_devices", None, "yes"),
              ("automotive", None, "yes"), ("electronic_information", None, "yes"),
              ("other", "食品制造", "no"), ("other", "影视文化", "yes"), ("other", "环保科技", "yes"),
              ("artificial_intelligence", None, "yes"))
# The round's story (plan section 五): filing in early September, a late filing refused, opinions and paper copies.
LATE_ON = dt.date(ROUND, 9, 12)
RECOMMENDED_ON = dt.date(ROUND, 9, 8)
PAPER_ON = dt.date(ROUND, 9, 10)
NOT_FILED = ("上海新浜光学科技有限公司", 2)  # cultivated by 中山 but never filed
PAPER_LATE = "上海洞泾电子科技有限公司"  # its sealed paper copy has not arrived: selection warns
SERVICES = (("上海松江知识产权律师事务所（示例）", "律师事务所"), ("上海云谷司法鉴定所（示例）", "司法鉴定机构"),
            ("上海云谷商业秘密咨询有限公司（示例）", "咨询服务机构"))


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    display_name: str
    note: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin", "区局管理员（示例）", "区市场监管局：全部申报、排名与入选、设置"),
    DemoAccount("xinqiao", "reviewer", "新桥所审核员（示例）", "新桥市场监管所：本所辖区申报的复核"),
    DemoAccount("jiuting", "reviewer", "九亭所审核员（示例）", "九亭市场监管所：本所辖区申报的复核"),
    DemoAccount("zhongshan", "reviewer", "中山所审核员（示例）", "中山市场监管所：本所辖区申报的复核"),
    DemoAccount("songxin", "applicant", "上海松芯微电子科技有限公司（示例）", "示范点申报单位"),
    DemoAccount("xiehui", "applicant", "生物医药行业协会（示例）", "示范站申报单位"),
    DemoAccount("yungu", "park_operator", "云谷科技园运营方（示例）", "园区名册与示范区申报"),
)


def demo_uscc(serial: int) -> str:
    """A made-up, well-formed 统一社会信用代码 for a demo enterprise."""
    body = f"91310117MA1D{serial:05d}"
    return body + uscc_check_char(body)


def demo_pdf(title: str, organisation: str) -> bytes:
    """A one-page PDF standing in for an evidence file, plainly marked as demonstration material."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    font = cjk_font()
    page.setFont(font, 16)
    page.drawString(72, 740, title[:40])
    page.setFont(font, 11)
    page.drawString(72, 712, organisation)
    page.drawString(72, 690, "示例材料（虚构单位，仅用于演示系统功能）")
    page.save()
    return buffer.getvalue()


def demo_file(path: str, title: str, organisation: str) -> bytes:
    """A stand-in evidence file of the type ``path`` names (PDF, docx or xlsx), marked as demonstration material."""
    suffix = PurePosixPath(path).suffix.lower()
    buffer = io.BytesIO()
    if suffix == ".xlsx":
        book = Workbook()
        append_safe(book.active, [title])
        append_safe(book.active, [organisation, "示例材料（虚构单位，仅用于演示系统功能）"])
        book.save(buffer)
        return buffer.getvalue()
    if suffix == ".docx":
        document = Document()
        document.add_heading(title, level=1)
        document.add_paragraph(f"{organisation}　示例材料（虚构单位，仅用于演示系统功能）")
        document.save(buffer)
        return buffer.getvalue()
    return demo_pdf(title, organisation)


def _files(data: dict) -> dict[str, bytes]:
    """A demo file for every ``file:`` the answers data names."""
    name = data["applicant"]["name"]
    entries = list((data.get("evidence_library") or {}).values())
    for answer in (data.get("answers") or {}).values():
        entries.extend(answer.get("evidence") or [])
    return {e["file"]: demo_file(e["file"], e.get("title") or PurePosixPath(e["file"]).stem, name)
            for e in entries if isinstance(e, dict) and e.get("file")}


def _complete(data: dict) -> dict:
    """Answer every item the example leaves out as not met, so the demo submissions can be submitted."""
    rubric = load_rubric(data["rubric"])
    answers = data.setdefault("answers", {})
    for item in rubric.items:
        if item.id not in answers:
            answers[item.id] = _not_met(item)
    return data


def _not_met(item) -> dict:
    return kinds.module_of(item.rule).not_met(item.rule)


def _enterprise_answers(template: dict, name: str, serial: int, lowered: dict[str, int]) -> dict:
    data = copy.deepcopy(template)
    data["applicant"] = {**data["applicant"], "name": name, "uscc": demo_uscc(serial)}
    data["applicant"].pop("work_summary", None)
    industry, note, leading = INDUSTRIES[serial - 1]
    data["applicant"]["eligibility"] = {"org_kind": "enterprise", "industry": industry, "leading": leading,
                                        **({"note": note} if note else {})}
    for item_id, value in lowered.items():
        answer = data["answers"][item_id]
        extras = {k: answer[k] for k in ("evidence", "note") if k in answer}
        data["answers"][item_id] = ({"met": False} if value == 0 else {"met": "partial", "score": value, **extras})
    return data


def _user(session: Session, account: DemoAccount, **attachments) -> Actor:
    user = auth.create_user(session, SYSTEM, account.username, account.display_name, DEMO_PASSWORD, account.role,
                            **attachments)
    return auth.actor_of(user)


def has_accounts(session: Session) -> bool:
    return session.execute(select(User.id).limit(1)).first() is not None


def is_demo(session: Session) -> bool:
    """True when this database was filled by ``load_demo`` (the log-in page then lists the demo accounts)."""
    stmt = select(AuditEntry.id).where(AuditEntry.action == DEMO_ACTION).limit(1)
    return session.execute(stmt).first() is not None


def load_demo(session: Session) -> bool:
    """Fill an empty database with the demo district; False (and nothing changed) when it already has accounts."""
    if has_accounts(session):
        return False
    offices = [directory.create_office(session, SYSTEM, name) for name in OFFICES]
    park = directory.create_park(session, SYSTEM, PARK, office_id=offices[1].id)
    accounts = {a.username: a for a in DEMO_ACCOUNTS}
    admin = _user(session, accounts["admin"])
    reviewers = [_user(session, accounts[name], office_id=office.id)
                 for name, office in zip(("xinqiao", "jiuting", "zhongshan"), offices)]
    for category, line in PASS_LINES.items():
        settings.set_setting(session, admin, f"pass_line.{category}", line)

    point, station, zone = (answers_data(example_answers(c)) for c in ("point", "station", "zone"))
    for data in (point, station, zone):
        _complete(data)
    point_org = directory.create_organisation(session, SYSTEM, point["applicant"]["name"], "point",
                                              uscc=point["applicant"]["uscc"], office_id=offices[0].id,
                                              park_id=park.id)
    station_org = directory.create_organisation(session, SYSTEM, station["applicant"]["name"], "station",
                                                uscc=station["applicant"]["uscc"], office_id=offices[2].id)
    zone_org = directory.create_organisation(session, SYSTEM, zone["applicant"]["name"], "zone",
                                             uscc=zone["applicant"]["uscc"], office_id=offices[1].id,
                                             park_id=park.id)
    songxin = _user(session, accounts["songxin"], organisation_id=point_org.id)
    xiehui = _user(session, accounts["xiehui"], organisation_id=station_org.id)
    operator = _user(session, accounts["yungu"], park_id=park.id, organisation_id=zone_org.id)

    members = []
    for serial, (name, office_index, member, lowered, state) in enumerate(ENTERPRISES, start=1):
        org = directory.create_organisation(session, SYSTEM, name, "point", uscc=demo_uscc(serial),
                                            office_id=offices[office_index].id)
        members.append(org)
        applicant = auth.actor_of(auth.create_user(session, SYSTEM, f"demo{serial:02d}", f"{name}（示例）",
                                                   DEMO_PASSWORD, "applicant", organisation_id=org.id))
        data = _enterprise_answers(point, name, serial, lowered)
        filed = file_draft(session, applicant, ROUND, data, _files(data), submit=True, today=FILED_ON)
        if state == "reviewed":
            _review(session, reviewers[office_index], filed.submission.id, serial)
    _registry(session, admin, operator, park.id, members)
    for name, service_type in SERVICES:
        registry.add_service_organisation(session, operator, park.id, name, service_type)

    file_draft(session, songxin, ROUND, point, _files(point), submit=True, today=FILED_ON)
    file_draft(session, xiehui, ROUND, station, _files(station), submit=True, today=FILED_ON)
    file_draft(session, operator, ROUND, zone, _files(zone), submit=False, today=FILED_ON)
    _round_records(session, admin, reviewers, offices, members, operator, zone)
    audit.record(session, SYSTEM, DEMO_ACTION, None, None, accounts=[a.username for a in DEMO_ACCOUNTS])
    session.flush()
    return True


def _registry(session: Session, admin: Actor, operator: Actor, park_id: int, members: list) -> None:
    """The park's registry as the new rules make it: the operator proposes its member enterprises, the bureau
    confirms them and records their certifications; one more proposal waits for a decision."""
    for index, (_, _, member, _, _) in enumerate(ENTERPRISES):
        if member or index == PROPOSED_MEMBER:
            org = members[index]
            registry.add_member(session, operator, park_id, org.name, org.category, org.uscc)
    for row in registry.members(session, admin, park_id):
        if row.membership == "proposed" and row.organisation != ENTERPRISES[PROPOSED_MEMBER][0]:
            registry.confirm_member(session, admin, row.membership_id)
    for index, level, kind, year, number in CERTIFICATIONS:
        registry.record_certification(session, admin, members[index].id, level, kind, year, number)


def _round_records(session: Session, admin: Actor, reviewers: list[Actor], offices, members, operator: Actor,
                   zone: dict) -> None:
    """The round around the reviews: each office's cultivation list (one organisation never files), the park's
    zone submitted after the deadline and refused, eligibility confirmed, recommendations and paper copies."""
    from .cultivation import save_entry
    from .eligibility_review import confirm_eligibility
    from .opinions import record_paper_copy, save_opinion
    from .rounds import FilingClosed

    silent = directory.create_organisation(session, SYSTEM, NOT_FILED[0], "point", uscc=demo_uscc(90),
                                           office_id=offices[NOT_FILED[1]].id)
    listed = [(org, reviewers[[o.id for o in offices].index(org.office_id)]) for org in (*members, silent)]
    for serial, (org, reviewer) in enumerate(listed, start=1):
        save_entry(session, reviewer, ROUND, org.id, contact=f"联络员{serial:02d}（示例）",
                   phone=f"021-5780{serial:04d}", status="creating" if org is not silent else "cultivating")
    try:
        file_draft(session, operator, ROUND, zone, _files(zone), submit=True, today=LATE_ON)
    except FilingClosed:
        pass  # after 9 September the park's zone stays a draft until the bureau reopens filing for it
    for org, reviewer in listed[:-1]:
        sub = session.execute(select(Submission).where(Submission.organisation_id == org.id,
                                                       Submission.round == ROUND)).scalar_one()
        if sub.status != "reviewed":
            continue
        verdict = (sub.answers["applicant"].get("eligibility") or {}).get("leading") != "no"
        confirm_eligibility(session, reviewer, sub.id, verdict, None if verdict else "经营规模未达领先（示例）")
        save_opinion(session, reviewer, sub.id, "recommendation", "该单位商业秘密保护制度健全，同意推荐（示例意见）。",
                     f"{reviewer.display_name[:3]}所长", RECOMMENDED_ON, final=True)
        if org.name != PAPER_LATE:
            record_paper_copy(session, admin, sub.id, "recommendation", PAPER_ON)


@dataclass(frozen=True)
class RoundOutcome:
    selected: int
    approved: int
    certificates: tuple[str, ...]
    report: bytes
    carried_organisation: str
    renewals: tuple[str, ...]


DECIDED_ON = dt.date(ROUND, 10, 12)
AWARDED_ON = dt.date(ROUND, 10, 20)
NEXT_ROUND = ROUND + 1
NEXT_ASSESSED_ON = dt.date(NEXT_ROUND, 9, 1)


def complete_round(session: Session) -> RoundOutcome | None:
    """Finish the demo's round on a loaded demo: select every reviewed point at or above the pass line, accept
    them, record the meeting's decision, award certificates, build the 报备 table; then the first certified
    enterprise carries its self-assessment into next year's round. None when the demo is not loaded or the
    round is already complete."""
    from .decisions import award_certificate, decision_of, record_decision
    from .history import carry_forward_draft
    from .opinions import record_paper_copy, save_opinion
    from .ranking import ranking, select_submissions
    from .report import report_bytes

    if not is_demo(session):
        return None
    admin = auth.actor_of(session.execute(select(User).where(User.username == "admin")).scalar_one())
    if decision_of(session, admin, ROUND) is not None:
        return None
    rows = [r for r in ranking(session, admin, "point", ROUND)
            if r.passed and _confirmed_eligible(session, admin, r.submission_id)]
    select_submissions(session, admin, ROUND, [r.submission_id for r in rows], note="择优入选（示例）")
    for row in rows:
        save_opinion(session, admin, row.submission_id, "acceptance", "经综合评定，符合区级商业秘密保护示范点标准（示例意见）。",
                     "反不正当竞争科科长（示例）", dt.date(ROUND, 9, 25), final=True)
        if row.organisation == PAPER_LATE:
            record_paper_copy(session, admin, row.submission_id, "recommendation", dt.date(ROUND, 9, 26))
    record_decision(session, admin, ROUND, DECIDED_ON, "审议通过 2026 年度区级商业秘密保护示范点名单（示例）。",
                    [r.submission_id for r in rows])
    numbers = []
    for number, row in enumerate(rows, start=1):
        code = f"松市监示范点〔{ROUND}〕{number:03d}号"
        award_certificate(session, admin, row.submission_id, code, AWARDED_ON)
        numbers.append(code)
    report = report_bytes(session, admin, ROUND, ".xlsx")
    first = session.execute(select(User).join(Submission, Submission.organisation_id == User.organisation_id)
                            .where(Submission.id == rows[0].submission_id, User.role == "applicant")).scalar_one()
    carried, _ = carry_forward_draft(session, auth.actor_of(first), NEXT_ROUND, NEXT_ASSESSED_ON)
    return RoundOutcome(len(rows), len(rows), tuple(numbers), report, rows[0].organisation,
                        tuple(r.item_id for r in carried.renewals))


def _confirmed_eligible(session: Session, admin: Actor, submission_id: int) -> bool:
    from .eligibility_review import eligibility_of

    confirmation = eligibility_of(session, admin, submission_id).confirmation
    return confirmation is not None and confirmation.eligible


def _review(session: Session, reviewer: Actor, submission_id: int, serial: int) -> None:
    """Confirm every item; every third enterprise also gets one item overridden with a reason."""
    version = review.review_sheet(session, reviewer, submission_id).version
    if serial % 3 == 0:
        version = review.set_item_review(session, reviewer, submission_id, "P10", decision="override", score=1,
                                         reason="培训计划未覆盖全部研发岗位（示例复核意见）",
                                         expected_version=version).version
    review.confirm_remaining(session, reviewer, submission_id, version)
    workflow.transition(session, reviewer, submission_id, "complete_review")
