"""Editing a self-assessment in progress: the working copy, form values ↔ answers, and settling what is valid.

The working copy is plain data in the answers-file shape (what ``answers_data`` writes), except that it may hold
values that are not valid yet: a USCC being typed, "partly met" without a score, an evidence row without a title.
Nothing typed is dropped from it. ``settle`` extracts the valid part as an ``AnswersFile`` (for scoring and for
writing the answers file) and reports every problem of the rest, with the item ID and field, so that a form can
show each message beside its widget.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from . import kinds
from .answers import AnswersFile, answers_data, parse_answers_valid_part
from .names import RUBRIC_NAMES
from .problems import Problem
from .rubric import Item, Rubric, load_rubric

WORKING_FILE = "<自评草稿>"
CHECK_CHOICES = kinds.check.CHOICES
ANSWER_EXTRAS = ("evidence", "note")


# ---------------------------------------------------------------- the working copy


def new_working(rubric: Rubric, assessed_on: dt.date) -> dict[str, Any]:
    """An empty self-assessment for ``rubric``, assessed on ``assessed_on``."""
    return {
        "rubric": rubric.rubric,
        "rubric_version": rubric.version,
        "assessed_on": assessed_on.isoformat(),
        "applicant": {},
        "evidence_library": {},
        "answers": {},
    }


def working_from_answers(answers: AnswersFile) -> dict[str, Any]:
    """The working copy of a valid answers file (a deep copy the caller may edit)."""
    data = answers_data(answers)
    data.setdefault("evidence_library", {})
    return data


def copy_working(working: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(working))


# ---------------------------------------------------------------- form values ↔ answer fields


share_from_percent = kinds.either.share_from_percent
percent_from_share = kinds.either.percent_from_share


def check_choices(item: Item) -> tuple[str, ...]:
    """The choices a check item offers: "partly met" only when a half-step score fits strictly below full marks."""
    return kinds.check.choices(item.points)


def answer_fields(item: Item, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answers-file fields for one item from its form values; None when the item is left unanswered.

    Each rule kind names its form values (``scoring.kinds``): check ``choice`` and ``score``; threshold, measured
    and occurrences ``value``; per_unit ``count``; tiered ``tier``; two_counts one value per part field; either
    ``org_kind`` and one value per condition field, shares given as percentages; checklist one tick per part and
    ``score``. Incomplete input (partly met without a score, one of two counts) is kept as it is, so that
    validation names what is missing.
    """
    return kinds.module_of(item.rule).answer_fields(item.rule, values)


def form_values(item: Item, body: Mapping[str, Any] | None) -> dict[str, Any]:
    """The form values that show an item's answer (the inverse of ``answer_fields``); blanks are None."""
    return kinds.module_of(item.rule).form_values(item.rule, body or {})


# ---------------------------------------------------------------- changing the working copy


def set_applicant_field(working: dict, field: str, value: object) -> None:
    """Set one applicant field as typed (stripped text, or a number); blank removes it."""
    applicant = working.setdefault("applicant", {})
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        applicant.pop(field, None)
    else:
        applicant[field] = value


def set_assessed_on(working: dict, day: dt.date) -> None:
    working["assessed_on"] = day.isoformat()


def _item_body(working: dict, item_id: str) -> dict:
    return working.setdefault("answers", {}).setdefault(item_id, {})


def _drop_if_empty(working: dict, item_id: str) -> None:
    answers = working.get("answers", {})
    if item_id in answers and not answers[item_id]:
        del answers[item_id]


def set_answer(working: dict, item: Item, fields: Mapping[str, Any] | None) -> None:
    """Replace an item's answer fields, keeping its evidence and note; None leaves the item unanswered."""
    body = _item_body(working, item.id)
    for key in [k for k in body if k not in ANSWER_EXTRAS]:
        del body[key]
    body.update(fields or {})
    _drop_if_empty(working, item.id)


def answer_body(working: Mapping[str, Any], item_id: str) -> dict[str, Any] | None:
    """An item's answer in the working copy (answer fields, evidence and note), or None."""
    return (working.get("answers") or {}).get(item_id)


def set_note(working: dict, item_id: str, note: str | None) -> None:
    body = _item_body(working, item_id)
    note = (note or "").strip()
    if note:
        body["note"] = note
    else:
        body.pop("note", None)
    _drop_if_empty(working, item_id)


def item_evidence(working: Mapping[str, Any], item_id: str) -> list[dict[str, Any]]:
    """The evidence entries of an item as they stand (library references and own entries, in order)."""
    body = answer_body(working, item_id) or {}
    return list(body.get("evidence") or [])


def evidence_entry(title: str = "", date: dt.date | str | None = None, file: str | None = None) -> dict[str, Any]:
    """One own evidence entry in the file format (blank parts left out)."""
    entry: dict[str, Any] = {"title": (title or "").strip()}
    if date:
        entry["date"] = date.isoformat() if isinstance(date, dt.date) else str(date)
    if file:
        entry["file"] = file
    return entry


def add_evidence(working: dict, item_id: str, entry: Mapping[str, Any]) -> int:
    """Append an evidence entry to an item; returns its index."""
    evidence = _item_body(working, item_id).setdefault("evidence", [])
    evidence.append(dict(entry))
    return len(evidence) - 1


def update_evidence(working: dict, item_id: str, index: int, **changes: Any) -> None:
    """Change ``title``, ``date``, ``file`` or ``part`` (the checklist part it proves) of an item's own evidence
    entry (None or blank removes date, file and part)."""
    entry = _item_body(working, item_id)["evidence"][index]
    if "ref" in entry:
        raise ValueError("a library reference is edited in the evidence library")
    for key, value in changes.items():
        if key not in ("title", "date", "file", "part"):
            raise ValueError(f"unknown evidence field {key!r}")
        if key == "title":
            entry["title"] = (value or "").strip()
        elif value is None or value == "":
            entry.pop(key, None)
        else:
            entry[key] = value.isoformat() if isinstance(value, dt.date) else value


def remove_evidence(working: dict, item_id: str, index: int) -> dict[str, Any]:
    """Remove one evidence entry from an item and return it."""
    body = _item_body(working, item_id)
    entry = body["evidence"].pop(index)
    if not body["evidence"]:
        del body["evidence"]
    _drop_if_empty(working, item_id)
    return entry


def item_refs(working: Mapping[str, Any], item_id: str) -> list[str]:
    """The evidence-library keys an item refers to."""
    return [e["ref"] for e in item_evidence(working, item_id) if isinstance(e, dict) and "ref" in e]


def set_refs(working: dict, item_id: str, keys: list[str]) -> None:
    """Make an item refer to exactly these library entries (listed first), keeping its own entries."""
    body = _item_body(working, item_id)
    own = [e for e in body.get("evidence") or [] if not (isinstance(e, dict) and "ref" in e)]
    evidence = [{"ref": key} for key in dict.fromkeys(keys)] + own
    if evidence:
        body["evidence"] = evidence
    else:
        body.pop("evidence", None)
    _drop_if_empty(working, item_id)


def next_library_key(working: Mapping[str, Any]) -> str:
    """A new evidence-library key: E1, E2, … (the first not in use)."""
    used = set(working.get("evidence_library") or {})
    number = 1
    while f"E{number}" in used:
        number += 1
    return f"E{number}"


def add_library_entry(working: dict, entry: Mapping[str, Any]) -> str:
    """Add an entry to the draft's evidence library; returns its key."""
    key = next_library_key(working)
    working.setdefault("evidence_library", {})[key] = dict(entry)
    return key


def update_library_entry(working: dict, key: str, **changes: Any) -> None:
    """Change ``title``, ``date`` or ``file`` of a library entry."""
    entry = working["evidence_library"][key]
    for field, value in changes.items():
        if field not in ("title", "date", "file"):
            raise ValueError(f"unknown evidence field {field!r}")
        if field == "title":
            entry["title"] = (value or "").strip()
        elif value is None or value == "":
            entry.pop(field, None)
        else:
            entry[field] = value.isoformat() if isinstance(value, dt.date) else value


def library_usage(working: Mapping[str, Any]) -> dict[str, list[str]]:
    """Library key → the item IDs that refer to it (every key listed, in library order)."""
    usage: dict[str, list[str]] = {key: [] for key in working.get("evidence_library") or {}}
    for item_id in working.get("answers") or {}:
        for key in item_refs(working, item_id):
            usage.setdefault(key, []).append(item_id)
    return usage


def remove_library_entry(working: dict, key: str) -> list[str]:
    """Delete a library entry and every reference to it; returns the items that referred to it."""
    users = library_usage(working).get(key, [])
    for item_id in users:
        set_refs(working, item_id, [k for k in item_refs(working, item_id) if k != key])
    working["evidence_library"].pop(key, None)
    return users


# ---------------------------------------------------------------- settling: the valid part and its problems


@dataclass(frozen=True)
class Settled:
    """The valid part of a working copy, and the problems of the rest."""

    answers: AnswersFile | None
    problems: tuple[Problem, ...]

    @property
    def named(self) -> bool:
        """Whether the applicant's name is given, so the answers file can be written."""
        return self.answers is not None and bool(self.answers.applicant.name)

    def item_problems(self, item_id: str) -> list[Problem]:
        return [p for p in self.problems if p.item_id == item_id]

    def field_problems(self, field: str) -> list[Problem]:
        """Problems of a top-level field such as ``applicant.uscc`` (or anything under it)."""
        return [p for p in self.problems
                if p.item_id is None and p.field is not None and (p.field == field or p.field.startswith(field + "."))]

    def answers_data(self) -> dict[str, Any] | None:
        """The valid part as answers-file data, or None while the applicant's name is missing."""
        return answers_data(self.answers) if self.named else None


def _blank_entry(entry: object) -> bool:
    return isinstance(entry, dict) and not any(entry.get(k) for k in ("title", "date", "file", "ref"))


def _without_extras_only(data: dict) -> None:
    """Items holding only evidence or a note are not answers yet: leave them out of the file."""
    answers = data.get("answers") or {}
    for item_id in [k for k, body in answers.items() if isinstance(body, dict) and set(body) <= set(ANSWER_EXTRAS)]:
        del answers[item_id]


def settle(working: Mapping[str, Any], rubric: Rubric | None = None) -> Settled:
    """Split a working copy into its valid part (an AnswersFile) and the problems of the rest, in one pass.

    Blank evidence rows and items with only evidence or a note are in progress, not problems. A missing
    applicant name is reported but does not stop scoring: the settled file then has an empty name and
    ``Settled.named`` is False. ``answers`` is None only when the category or assessment date is invalid.
    """
    data = copy_working(working)
    if rubric is None and data.get("rubric") in RUBRIC_NAMES:
        rubric = load_rubric(data["rubric"])
    _without_extras_only(data)
    parsed = parse_answers_valid_part(data, WORKING_FILE, rubric, drafting=True)
    return Settled(parsed.answers, parsed.problems)
