"""Who may apply (section 三 of the district plan) as data: ``rubrics/eligibility.yaml``, validated here.

Each category lists conditions; each condition is one field of the answers file's ``applicant.eligibility`` with
the plan's options, and every option has an outcome: eligible, ineligible, or judgement (the plan leaves room
for the office to decide: "其他，请说明"). ``assess_eligibility`` turns an applicant's choices into a verdict with
Chinese reasons. The verdict never stops a self-assessment; it tells the applicant and the reviewer where it
stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import messages as msg
from .problems import Problem, RubricInvalid
from .rubric import rubrics_dir
from .yamlio import read_yaml

OTHER_KEY = "other"
# The fields ``applicant.eligibility`` may hold: the conditions' fields, and the free-text explanation.
ELIGIBILITY_FIELDS = ("org_kind", "industry", "leading", "key_industry")
NOTE_FIELD = "note"
Outcome = Literal["eligible", "judgement", "ineligible"]


class _Strict(BaseModel):
    # Built on first use: only answers that choose eligibility options need these models.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Option(_Strict):
    key: str = Field(min_length=1)
    label: str = Field(min_length=1)
    outcome: Outcome


class Condition(_Strict):
    field: Literal["org_kind", "industry", "leading", "key_industry"]
    question: str = Field(min_length=1)
    options: tuple[Option, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> "Condition":
        keys = [o.key for o in self.options]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{self.field} 的选项编号重复")
        return self

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


class CategoryEligibility(_Strict):
    basis: str = Field(min_length=1, description="the plan's text, as published")
    conditions: tuple[Condition, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_fields(self) -> "CategoryEligibility":
        fields = [c.field for c in self.conditions]
        if len(fields) != len(set(fields)):
            raise ValueError("同一类别中条件字段重复")
        return self


class EligibilityRules(_Strict):
    version: str = Field(min_length=1)
    source: str = Field(min_length=1)
    categories: dict[Literal["zone", "station", "point"], CategoryEligibility]

    @model_validator(mode="after")
    def _every_category(self) -> "EligibilityRules":
        missing = {"zone", "station", "point"} - set(self.categories)
        if missing:
            raise ValueError(f"缺少类别：{'、'.join(sorted(missing))}")
        return self


def eligibility_path() -> Path:
    return rubrics_dir() / "eligibility.yaml"


def _problem_text(error: dict) -> str:
    """The Chinese text of one validation error: this module's own checks say it themselves."""
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    return msg.ELIGIBILITY_FIELD_INVALID.format(kind=error["type"])


def load_eligibility_file(path: str | Path) -> EligibilityRules:
    """Validate an eligibility file; RubricInvalid lists every problem with the file and field."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RubricInvalid([Problem(file, None, None, msg.ELIGIBILITY_UNREADABLE.format(error=err))]) from None
    data = read_yaml(text, file, error=RubricInvalid)
    try:
        return EligibilityRules.model_validate(data)
    except ValidationError as err:
        problems = [Problem(file, None, ".".join(str(p) for p in e["loc"]) or None, _problem_text(e))
                    for e in err.errors()]
        raise RubricInvalid(problems) from None


@lru_cache(maxsize=None)
def _load(path: str) -> EligibilityRules:
    return load_eligibility_file(path)


def load_eligibility() -> EligibilityRules:
    """The bundled (or ``TSP_RUBRICS_DIR``) eligibility rules, cached."""
    return _load(str(eligibility_path()))


# ---------------------------------------------------------------- the applicant's choices


def parse_eligibility_answers(raw: object, category: str) -> tuple[dict[str, str] | None, list[tuple[str, str]]]:
    """``applicant.eligibility`` checked against the category's conditions: (values, [(field, message)])."""
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        return None, [("applicant.eligibility", msg.ELIGIBILITY_NOT_MAPPING)]
    rules = load_eligibility().categories.get(category)
    conditions = {c.field: c for c in rules.conditions} if rules else {}
    problems: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    for key, value in raw.items():
        field = f"applicant.eligibility.{key}"
        if isinstance(value, bool):  # YAML reads an unquoted yes/no as a boolean
            value = "yes" if value else "no"
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append((field, msg.ELIGIBILITY_NOT_TEXT))
            continue
        value = value.strip()
        if not value:
            continue
        if key == NOTE_FIELD:
            values[key] = value
        elif key not in conditions:
            problems.append((field, msg.ELIGIBILITY_FIELD_UNKNOWN.format(
                category=msg.CATEGORY_LABELS.get(category, category), fields="、".join(conditions) or "无")))
        elif conditions[key].option(value) is None:
            choices = "、".join(o.key for o in conditions[key].options)
            problems.append((field, msg.ELIGIBILITY_OPTION_UNKNOWN.format(value=value, choices=choices)))
        else:
            values[key] = value
    return (values or None), problems


# ---------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class Eligibility:
    """Whether the applicant appears eligible: True, False, or None (not answered, or for the office to judge)."""

    eligible: bool | None
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return msg.ELIGIBILITY_VERDICTS[self.eligible]


def _choices(applicant: Any) -> Mapping[str, str]:
    if applicant is None:
        return {}
    raw = applicant.get("eligibility") if isinstance(applicant, Mapping) else getattr(applicant, "eligibility", None)
    return raw if isinstance(raw, Mapping) else {}


def assess_eligibility(category: str, applicant: Any, rules: EligibilityRules | None = None) -> Eligibility:
    """The verdict for an applicant (an ``Applicant`` or the draft's ``applicant`` mapping) in ``category``.

    Any condition answered with an ineligible option makes it False; otherwise any unanswered condition or an
    option left to judgement makes it None; all conditions met make it True. One Chinese reason per condition.
    """
    rules = rules or load_eligibility()
    category_rules = rules.categories[category]
    choices = _choices(applicant)
    note = str(choices.get(NOTE_FIELD) or "").strip()
    reasons: list[str] = []
    outcomes: list[str] = []
    for condition in category_rules.conditions:
        value = choices.get(condition.field)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        option = condition.option(str(value)) if value is not None else None
        if option is None:
            outcomes.append("unanswered")
            reasons.append(msg.ELIGIBILITY_UNANSWERED.format(question=condition.question))
        elif option.outcome == "eligible":
            outcomes.append("eligible")
            reasons.append(msg.ELIGIBILITY_MET.format(question=condition.question, answer=option.label))
        elif option.outcome == "ineligible":
            outcomes.append("ineligible")
            reasons.append(msg.ELIGIBILITY_FAILED.format(question=condition.question, answer=option.label))
        else:
            outcomes.append("judgement")
            reasons.append(msg.ELIGIBILITY_JUDGEMENT.format(question=condition.question, answer=option.label,
                                                           note=note or msg.ELIGIBILITY_NO_NOTE))
    if "ineligible" in outcomes:
        verdict: bool | None = False
    elif "unanswered" in outcomes or "judgement" in outcomes:
        verdict = None
    else:
        verdict = True
    return Eligibility(verdict, tuple(reasons))


def set_eligibility_choice(working: dict, field: str, value: str | None) -> None:
    """Set one choice (or the note) in a draft's ``applicant.eligibility``; blank removes it."""
    applicant = working.setdefault("applicant", {})
    choices = dict(applicant.get("eligibility") or {})
    value = value.strip() if isinstance(value, str) else value
    if value:
        choices[field] = value
    else:
        choices.pop(field, None)
    if choices:
        applicant["eligibility"] = choices
    else:
        applicant.pop("eligibility", None)
