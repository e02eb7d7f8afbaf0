"""The demo district runs the whole round: cultivation lists, filing before the deadline and one refused after it,
opinions and paper copies, the meeting decision, certificates, the 报备 table, and next year's carried draft."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from scoring.store import cultivation, db, decisions, demo, opinions, ranking
from scoring.store.actors import SYSTEM
from scoring.store.models import Organisation, Submission
from scoring.store.round_models import EligibilityConfirmation, Opinion


def test_the_demo_round_from_cultivation_to_the_report_and_a_carried_draft(engine):
    with db.session_scope(engine) as s:
        assert demo.load_demo(s)
    with db.session_scope(engine) as s:
        listed = cultivation.cultivation_list(s, SYSTEM, demo.ROUND)
        assert len(listed) == len(demo.ENTERPRISES) + 1
        assert [r.organisation for r in cultivation.not_filed(s, SYSTEM, demo.ROUND)] == [demo.NOT_FILED[0]]
        zone = s.execute(select(Submission).where(Submission.rubric == "zone")).scalar_one()
        assert zone.status == "draft"  # its submission on 12 September was refused
        reviewed = s.execute(select(func.count()).select_from(Submission).where(Submission.status == "reviewed")
                             ).scalar_one()
        assert s.execute(select(func.count()).select_from(Opinion)).scalar_one() == reviewed
        assert s.execute(select(func.count()).select_from(EligibilityConfirmation)).scalar_one() == reviewed
        assert any(demo.PAPER_LATE in w for w in ranking.selection_warnings(s, demo.ROUND))
    with db.session_scope(engine) as s:
        outcome = demo.complete_round(s)
        assert outcome is not None and outcome.approved == outcome.selected > 0
    with db.session_scope(engine) as s:
        assert demo.complete_round(s) is None  # once only
        decision = decisions.decision_of(s, SYSTEM, demo.ROUND)
        assert decision.meeting_date == demo.DECIDED_ON
        assert all(site.certificate_no for site in decision.approved)
        names = {site.organisation for site in decision.approved}
        assert "上海石湖荡食品有限公司" not in names  # confirmed ineligible (no leading position)
        assert not any("纸质" in w for w in ranking.selection_warnings(s, demo.ROUND))
        carried = s.execute(select(Submission).join(Organisation)
                            .where(Organisation.name == outcome.carried_organisation,
                                   Submission.round == demo.NEXT_ROUND)).scalar_one()
        assert carried.status == "draft" and outcome.renewals
        assert not set(carried.answers["answers"]) & set(outcome.renewals)
        views = opinions.opinions_of(s, SYSTEM, decision.approved[0].submission_id)
        assert views["acceptance"].final and views["recommendation"].paper_received_on
    sheet = load_workbook(io.BytesIO(outcome.report)).active
    assert sheet.max_row == 2 + outcome.approved
