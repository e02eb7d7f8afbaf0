"""Store reads that pages use hand back plain values built inside the transaction: nothing in them is an ORM
row, and everything a page reads still works after the session closed."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from scoring.store import db, filing, registry, review
from scoring.store.models import Base

from .world import submitted


def _orm_objects(value, seen=None) -> list:
    """Every ORM instance reachable from ``value`` through dataclass fields, mappings and sequences."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Base):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, Mapping):
        children = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        return []
    return [found for child in children for found in _orm_objects(child, seen)]


def test_the_review_sheet_holds_no_orm_rows_and_reads_the_reviewer_after_the_session_closed(engine, world):
    with db.session_scope(engine) as s:
        sub = submitted(s, world)
        review.set_item_review(s, world.reviewer_a, sub.id, "P13", decision="override", score="2.5",
                               reason="监督记录只覆盖一个季度", expected_version=sub.version)
        sub_id = sub.id
    with db.session_scope(engine) as s:
        sheet = review.review_sheet(s, world.applicant_a, sub_id)
    assert _orm_objects(sheet) == []
    frame = sheet.items_frame().set_index("item_id")
    assert frame.loc["P13", "reviewer"] == sheet.reviews["P13"].reviewer and frame.loc["P13", "reviewer"]
    assert frame.loc["P13", "reason"] == "监督记录只覆盖一个季度"
    assert sheet.submission.organisation and sheet.submission.status == "submitted"
    assert isinstance(sheet.indicators_frame(), pd.DataFrame)
    assert dataclasses.is_dataclass(sheet) and sheet.__dataclass_params__.frozen


def test_the_filing_page_reads_its_organisation_as_plain_values(engine, world):
    with db.session_scope(engine) as s:
        summary = filing.organisation_summary(s, world.applicant_a)
    assert summary == {"name": summary["name"], "category": "point"} and isinstance(summary["name"], str)


def test_the_registry_page_reads_parks_and_service_organisations_as_plain_values(engine, world):
    with db.session_scope(engine) as s:
        registry.add_service_organisation(s, world.operator, world.park, "上海某律师事务所", "律师事务所")
    with db.session_scope(engine) as s:
        parks = registry.park_names(s, world.operator)
        services = registry.service_organisations(s, world.operator, world.park)
    assert list(parks) == [world.park] and all(isinstance(name, str) for name in parks.values())
    assert _orm_objects(services) == [] and [(x.name, x.service_type) for x in services] == [
        ("上海某律师事务所", "律师事务所")]
