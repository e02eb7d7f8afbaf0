"""The answers file: the public interchange format of a self-assessment, and its validation.

Validation collects every problem (file, item ID, field, Chinese message) before raising, so a file with five
mistakes reports five lines. Which fields an item accepts depends on its rubric rule kind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .kinds.base import non_negative_int as _non_negative_int
from .points import Points, as_json_number
from .problems import AnswersInvalid, Problem, RubricInvalid
from . import kinds
from .names import CATEGORY_LABELS, RUBRIC_NAMES
from .rubric import ID_PATTERNS, Item, Rubric, load_rubric
from .uscc import uscc_problem
from .yamlio import dump_yaml, read_yaml

ANSWERS_FORMAT = 2  # 2: checklist parts, measured values, evidence per part (format 1 files stay valid)
POSTCODE_RE = re.compile(r"^\d{6}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


class _Frozen(BaseModel):
    # Validators are built on first use: a command that validates none of these models never builds them.
    model_config = ConfigDict(frozen=True, defer_build=True)


class EvidenceEntry(_Frozen):
    """One document proving an item: a title, and optionally its document date and a file path."""

    title: str
    date: dt.date | None = None
    file: str | None = None
    ref: str | None = Field(default=None, description="key in evidence_library when the entry is shared")
    part: str | None = Field(default=None, description="the checklist part this entry proves, when the item has parts")


class Applicant(_Frozen):
    """The applicant's profile: the fields of the Annex 1 application form."""

    name: str
    uscc: str | None = None
    leader: str | None = None
    address: str | None = None
    postcode: str | None = None
    org_type: str | None = None
    contact: str | None = None
    contact_title: str | None = None
    phone: str | None = None
    park_enterprises: int | None = None
    park_output_value: str | None = None
    work_summary: str | None = None
    eligibility: dict[str, str] | None = Field(default=None, description="choices from rubrics/eligibility.yaml")


APPLICANT_TEXT_FIELDS = ("name", "uscc", "leader", "address", "postcode", "org_type", "contact", "contact_title",
                         "phone", "park_output_value", "work_summary")


class ItemAnswer(_Frozen):
    """An applicant's answer to one item. Which fields are set depends on the item's rule kind."""

    met: bool | Literal["partial"] | None = None
    score: Points | None = None
    value: Points | None = None
    count: int | None = None
    tier: str | None = None
    org_kind: str | None = None
    figures: dict[str, Points] = Field(default_factory=dict, description="rule-declared counts and shares")
    parts: dict[str, bool] = Field(default_factory=dict, description="checklist parts, each met or not")
    evidence: tuple[EvidenceEntry, ...] = ()
    note: str | None = None


FindingKind = Literal["id_card", "mobile", "bank_card", "email", "landline"]
FINDING_KINDS: tuple[str, ...] = FindingKind.__args__  # type: ignore[attr-defined]
ACCEPTED_KEYS = ("file", "kind", "location", "masked")


class AcceptedFinding(_Frozen):
    """A desensitisation finding the applicant chose to hand in unredacted (e.g. the office's public landline).

    Identified as the check reports it: the evidence ``file`` as written in the answers file, the kind, the location
    and the masked preview (never the full value).
    """

    file: str
    kind: FindingKind
    location: str
    masked: str


class Desensitisation(_Frozen):
    """The applicant's decisions on desensitisation findings."""

    accepted: tuple[AcceptedFinding, ...] = ()


class AnswersFile(_Frozen):
    rubric: Literal["zone", "station", "point"]
    rubric_version: str | None = None
    assessed_on: dt.date
    applicant: Applicant
    evidence_library: dict[str, EvidenceEntry] = Field(default_factory=dict)
    answers: dict[str, ItemAnswer] = Field(default_factory=dict)
    desensitisation: Desensitisation = Field(default_factory=Desensitisation)


TOP_LEVEL_KEYS = {"rubric", "rubric_version", "assessed_on", "applicant", "evidence_library", "answers",
                  "desensitisation"}
EVIDENCE_KEYS = {"title", "date", "file", "ref", "part"}
COMMON_ANSWER_KEYS = {"evidence", "note"}


# ---------------------------------------------------------------- small parsers


def parse_date(raw: object) -> dt.date | None:
    """A date from YAML (already a date) or an ISO ``YYYY-MM-DD`` string; None when invalid."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


class _Collector:
    """Gathers problems for one file."""

    def __init__(self, file: str, drafting: bool = False):
        self.file = file
        self.drafting = drafting  # evidence rows with nothing typed yet are in progress, not problems
        self.problems: list[Problem] = []

    def add(self, item_id: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, item_id, field, message))


# ---------------------------------------------------------------- sections


def _parse_evidence_entry(raw: object, where: str, item_id: str | None, out: _Collector,
                          library: dict[str, EvidenceEntry] | None,
                          parts: tuple[str, ...] = (), invalid_keys: frozenset[str] = frozenset()
                          ) -> EvidenceEntry | None:
    if not isinstance(raw, dict):
        out.add(item_id, where, "证据条目应为映射，如 {title: 文件名称, date: 2026-03-01}")
        return None
    if out.drafting and not any(raw.get(key) for key in ("title", "date", "file", "ref")):
        return None
    for key in sorted(set(raw) - EVIDENCE_KEYS, key=str):
        out.add(item_id, f"{where}.{key}", "未知字段（证据条目可用 title、date、file、ref、part）")
    part = raw.get("part")
    if part is not None:
        if library is None or not parts:
            out.add(item_id, f"{where}.part", "只有分要件的条目（checklist）的证据才填写 part")
            return None
        if part not in parts:
            out.add(item_id, f"{where}.part", f"未知要件 {part!r}；可选：{'、'.join(parts)}")
            return None
    ref = raw.get("ref")
    if ref is not None and library is None:
        out.add(item_id, f"{where}.ref", "证据库中的条目不能再引用其他证据")
        return None
    if ref is not None:
        if isinstance(ref, str) and ref in invalid_keys:
            return None  # the library entry is invalid itself, and its own problem says why
        if not isinstance(ref, str) or ref not in library:
            out.add(item_id, f"{where}.ref", f"证据库中没有编号为 {ref!r} 的证据")
            return None
        if set(raw) - {"ref", "part"}:
            out.add(item_id, where, "引用证据库（ref）时不要再填写 title、date、file")
            return None
        return library[ref].model_copy(update={"ref": ref, "part": part})
    title = raw.get("title")
    ok = True
    if not isinstance(title, str) or not title.strip():
        out.add(item_id, f"{where}.title", "证据须有名称（title）")
        ok = False
    date = None
    if raw.get("date") is not None:
        date = parse_date(raw["date"])
        if date is None:
            out.add(item_id, f"{where}.date", f"日期 {raw['date']!r} 无效，应为 YYYY-MM-DD")
            ok = False
    file = raw.get("file")
    if file is not None and (not isinstance(file, str) or not file.strip()):
        out.add(item_id, f"{where}.file", "文件路径应为非空文本")
        ok = False
    if not ok:
        return None
    return EvidenceEntry(title=title.strip(), date=date, file=file, part=part)


def _parse_applicant(raw: object, rubric_name: str, out: _Collector) -> Applicant:
    """The applicant's valid fields (a wrong field is reported and left out; a missing name is empty)."""
    before = len(out.problems)
    if not isinstance(raw, dict):
        out.add(None, "applicant", "缺少申报单位信息（applicant），至少填写 name")
        return Applicant(name="")
    known = set(Applicant.model_fields)
    for key in sorted(set(raw) - known, key=str):
        out.add(None, f"applicant.{key}", "未知字段")
    values: dict[str, Any] = {}
    for key in APPLICANT_TEXT_FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("postcode", "phone"):
            value = str(value)
        if not isinstance(value, str):
            out.add(None, f"applicant.{key}", "应为文本")
            continue
        value = value.strip()
        if value:
            values[key] = value
    if not values.get("name"):
        out.add(None, "applicant.name", "申报单位名称（name）不能为空")
    if "uscc" in values:
        values["uscc"] = values["uscc"].upper()
        message = uscc_problem(values["uscc"])
        if message:
            out.add(None, "applicant.uscc", message)
    if "postcode" in values and not POSTCODE_RE.match(values["postcode"]):
        out.add(None, "applicant.postcode", f"邮政编码应为 6 位数字，当前为 {values['postcode']!r}")
    if "phone" in values:
        compact = values["phone"].replace(" ", "")
        if not (MOBILE_RE.match(compact) or LANDLINE_RE.match(compact)):
            out.add(None, "applicant.phone", f"联系电话 {values['phone']!r} 无效：应为 11 位手机号或带区号的固定电话（如 021-57890000）")
    if raw.get("park_enterprises") is not None:
        count = _non_negative_int(raw["park_enterprises"])
        if count is None:
            out.add(None, "applicant.park_enterprises", "入园企业数量应为不小于 0 的整数")
        else:
            values["park_enterprises"] = count
    if rubric_name != "zone":
        for key in ("park_enterprises", "park_output_value"):
            if raw.get(key) is not None:
                out.add(None, f"applicant.{key}", "只有示范区（zone）申报填写此项")
    if raw.get("eligibility") is not None:
        # The eligibility rules (their own file and models) load only for answers that choose options.
        from .eligibility import parse_eligibility_answers

        eligibility, eligibility_problems = parse_eligibility_answers(raw["eligibility"], rubric_name)
        for field, message in eligibility_problems:
            out.add(None, field, message)
        if eligibility:
            values["eligibility"] = eligibility
    for problem in out.problems[before:]:
        values.pop((problem.field or "").partition(".")[2], None)
    values.setdefault("name", "")
    return Applicant(**values)


def _parse_desensitisation(raw: object, out: _Collector) -> Desensitisation:
    if raw is None:
        return Desensitisation()
    if not isinstance(raw, dict):
        out.add(None, "desensitisation", "desensitisation 应为映射，如 {accepted: [...]}")
        return Desensitisation()
    for key in sorted(set(raw) - {"accepted"}, key=str):
        out.add(None, f"desensitisation.{key}", "未知字段（可用 accepted）")
    entries = raw.get("accepted") or []
    if not isinstance(entries, list):
        out.add(None, "desensitisation.accepted", "accepted 应为列表")
        return Desensitisation()
    accepted: list[AcceptedFinding] = []
    for index, entry in enumerate(entries):
        where = f"desensitisation.accepted[{index}]"
        if not isinstance(entry, dict):
            out.add(None, where, "应为映射，如 {file: ..., kind: mobile, location: 第 1 页, masked: 138****8000}")
            continue
        before = len(out.problems)
        for key in sorted(set(entry) - set(ACCEPTED_KEYS), key=str):
            out.add(None, f"{where}.{key}", "未知字段（可用 file、kind、location、masked）")
        for key in ACCEPTED_KEYS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                out.add(None, f"{where}.{key}", f"缺少 {key}（应为非空文本）")
        if isinstance(entry.get("kind"), str) and entry["kind"] not in FINDING_KINDS:
            out.add(None, f"{where}.kind", f"未知类型 {entry['kind']!r}，可选：{'、'.join(FINDING_KINDS)}")
        if isinstance(entry.get("masked"), str) and "*" not in entry["masked"]:
            out.add(None, f"{where}.masked", "masked 应为检查结果中打码后的预览（含 *），不要填写完整号码")
        if len(out.problems) == before:
            accepted.append(AcceptedFinding(**{key: entry[key].strip() for key in ACCEPTED_KEYS}))
    return Desensitisation(accepted=tuple(accepted))


def _answer_fields(raw: dict, item: Item, out: _Collector) -> dict[str, Any] | None:
    """Validate the kind-specific fields of one answer through its rule kind; None when any is wrong."""
    issues = kinds.AnswerIssues(item.rule.kind)
    fields = kinds.module_of(item.rule).parse(raw, item.rule, item.points, issues)
    for field, message in issues.found:
        out.add(item.id, field, message)
    return None if issues.found else fields


def _other_rubric_of(item_id: str) -> str | None:
    for name, patterns in ID_PATTERNS.items():
        if any(p.match(item_id) for p in patterns):
            return name
    return None


def _parse_answers_section(raw: object, rubric: Rubric, library: dict[str, EvidenceEntry],
                           invalid_keys: frozenset[str], out: _Collector) -> dict[str, ItemAnswer]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        out.add(None, "answers", "answers 应为以条目编号为键的映射")
        return {}
    result: dict[str, ItemAnswer] = {}
    for item_id, body in raw.items():
        item_id = str(item_id)
        if not rubric.has_item(item_id):
            owner = _other_rubric_of(item_id)
            if owner and owner != rubric.rubric:
                out.add(item_id, None, f"条目 {item_id} 属于{CATEGORY_LABELS[owner]}验收表，不属于本文件的"
                                       f"{CATEGORY_LABELS[rubric.rubric]}验收表（rubric: {rubric.rubric}）")
            else:
                out.add(item_id, None, f"未知条目编号 {item_id}（{rubric.title}中没有该条目）")
            continue
        item = rubric.item(item_id)
        if not isinstance(body, dict):
            out.add(item_id, None, "条目的回答应为映射，如 {met: true, evidence: [...]}")
            continue
        fields = _answer_fields(body, item, out)
        evidence: list[EvidenceEntry] = []
        raw_evidence = body.get("evidence")
        if raw_evidence is not None and not isinstance(raw_evidence, list):
            out.add(item_id, "evidence", "evidence 应为列表")
        for index, raw_entry in enumerate(raw_evidence or []):
            entry = _parse_evidence_entry(raw_entry, f"evidence[{index}]", item_id, out, library,
                                          tuple(kinds.evidence_parts(item.rule)), invalid_keys)
            if entry is not None:
                evidence.append(entry)
        note = body.get("note")
        if note is not None and not isinstance(note, str):
            out.add(item_id, "note", "备注应为文本")
            note = None
        if fields is not None:
            result[item_id] = ItemAnswer(**fields, evidence=tuple(evidence), note=note)
    return result


# ---------------------------------------------------------------- public API


@dataclass(frozen=True)
class ParsedAnswers:
    """The valid part of answers data and the problems of the rest (``answers`` None when nothing can be scored:
    an unknown category, an invalid assessment date or a rubric that does not load)."""

    answers: AnswersFile | None
    problems: tuple[Problem, ...]


def parse_answers(data: object, file: str = "<answers>", rubric: Rubric | None = None) -> AnswersFile:
    """Validate answers data against its rubric; raise AnswersInvalid listing every problem.

    ``rubric`` overrides the bundled one (an office's adjusted copy); its name must match the file's ``rubric``.
    """
    parsed = parse_answers_valid_part(data, file, rubric)
    if parsed.problems:
        raise AnswersInvalid(list(parsed.problems))
    return parsed.answers


def parse_answers_valid_part(data: object, file: str = "<answers>", rubric: Rubric | None = None, *,
                             drafting: bool = False) -> ParsedAnswers:
    """Validate answers data and keep what is valid: every problem is reported, and the part it names (an answer,
    an evidence entry, an applicant field, a library entry and the references to it) is left out.

    ``drafting``: an evidence row with nothing typed yet is in progress — left out without a problem.
    """
    out = _Collector(file, drafting)
    if not isinstance(data, dict):
        return ParsedAnswers(None, (Problem(file, None, None, "自评文件应为映射（key: value）结构"),))
    for key in sorted(set(data) - TOP_LEVEL_KEYS, key=str):
        out.add(None, str(key), "未知字段")
    name = data.get("rubric")
    if name not in RUBRIC_NAMES:
        out.add(None, "rubric", f"未知的类别 {name!r}，可选：zone（示范区）、station（示范站）、point（示范点）")
        return ParsedAnswers(None, tuple(out.problems))
    if rubric is None:
        try:
            rubric = load_rubric(name)
        except RubricInvalid as err:
            return ParsedAnswers(None, tuple(err.problems))
    elif rubric.rubric != name:
        out.add(None, "rubric", f"文件类别为 {name}，但给定的验收表是 {rubric.rubric}")
        return ParsedAnswers(None, tuple(out.problems))
    version = data.get("rubric_version")
    if version is not None and str(version) != rubric.version:
        out.add(None, "rubric_version", f"文件按验收表版本 {version} 填写，当前验收表版本为 {rubric.version}")
    assessed_on = parse_date(data.get("assessed_on"))
    if data.get("assessed_on") is None:
        out.add(None, "assessed_on", "缺少评估日期 assessed_on（YYYY-MM-DD）")
    elif assessed_on is None:
        out.add(None, "assessed_on", f"评估日期 {data['assessed_on']!r} 无效，应为 YYYY-MM-DD")
    applicant = _parse_applicant(data.get("applicant"), name, out)
    library: dict[str, EvidenceEntry] = {}
    raw_library = data.get("evidence_library") or {}
    if not isinstance(raw_library, dict):
        out.add(None, "evidence_library", "证据库应为以证据编号为键的映射")
        raw_library = {}
    for key, raw_entry in raw_library.items():
        entry = _parse_evidence_entry(raw_entry, f"evidence_library.{key}", None, out, None)
        if entry is not None:
            library[str(key)] = entry
    invalid_keys = frozenset(str(k) for k in raw_library) - set(library)
    answers = _parse_answers_section(data.get("answers"), rubric, library, invalid_keys, out)
    desensitisation = _parse_desensitisation(data.get("desensitisation"), out)
    if assessed_on is None:
        return ParsedAnswers(None, tuple(out.problems))
    return ParsedAnswers(
        AnswersFile(rubric=name, rubric_version=rubric.version, assessed_on=assessed_on, applicant=applicant,
                    evidence_library=library, answers=answers, desensitisation=desensitisation),
        tuple(out.problems))


def read_answers_data(path: str | Path) -> object:
    """Read an answers file (YAML or JSON) into plain data; AnswersInvalid names the file and the line."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AnswersInvalid([Problem(file, None, None, "文件不存在")]) from None
    except IsADirectoryError:
        raise AnswersInvalid([Problem(file, None, None, "这是一个文件夹，不是自评文件")]) from None
    except UnicodeDecodeError:
        raise AnswersInvalid([Problem(file, None, None, "文件不是 UTF-8 编码的文本")]) from None
    return parse_answers_text(text, file)


def parse_answers_text(text: str, file: str) -> object:
    """YAML (or JSON) text into plain data, with a Chinese message naming the line on a syntax error."""
    return read_yaml(text, file, items_under="answers", error=AnswersInvalid)


def load_answers(path: str | Path, rubrics: Mapping[str, Rubric] | None = None) -> AnswersFile:
    """Read and validate one answers file, parsing it once.

    ``rubrics`` maps a category (zone | station | point) to the rubric to validate against (an office's adjusted
    copy); a file of a category not in it is validated against the bundled rubric.
    """
    data = read_answers_data(path)
    name = data.get("rubric") if isinstance(data, dict) else None
    rubric = rubrics.get(name) if rubrics and isinstance(name, str) else None
    return parse_answers(data, str(path), rubric)


# ---------------------------------------------------------------- writing


def _evidence_data(entry: EvidenceEntry, shared: bool) -> dict[str, Any]:
    if shared and entry.ref:
        return {"ref": entry.ref, **({"part": entry.part} if entry.part else {})}
    data: dict[str, Any] = {"title": entry.title}
    if entry.date is not None:
        data["date"] = entry.date.isoformat()
    if entry.file:
        data["file"] = entry.file
    if shared and entry.part:
        data["part"] = entry.part
    return data


def answer_data(answer: ItemAnswer) -> dict[str, Any]:
    """One answer as plain data in the file format (figures flattened, numbers as JSON numbers)."""
    data: dict[str, Any] = {}
    if answer.met is not None:
        data["met"] = answer.met
    for key in ("score", "value"):
        value = getattr(answer, key)
        if value is not None:
            data[key] = as_json_number(value)
    for key in ("count", "tier", "org_kind"):
        value = getattr(answer, key)
        if value is not None:
            data[key] = value
    for key, value in answer.figures.items():
        data[key] = as_json_number(value)
    if answer.parts:
        data["parts"] = dict(answer.parts)
    if answer.evidence:
        data["evidence"] = [_evidence_data(e, shared=True) for e in answer.evidence]
    if answer.note:
        data["note"] = answer.note
    return data


def answers_data(answers: AnswersFile) -> dict[str, Any]:
    """The whole answers file as plain data, ready for YAML or JSON; ``parse_answers`` reads it back unchanged."""
    data: dict[str, Any] = {
        "rubric": answers.rubric,
        "rubric_version": answers.rubric_version,
        "assessed_on": answers.assessed_on.isoformat(),
        "applicant": answers.applicant.model_dump(exclude_none=True),
    }
    if answers.evidence_library:
        data["evidence_library"] = {k: _evidence_data(v, shared=False) for k, v in answers.evidence_library.items()}
    data["answers"] = {item_id: answer_data(a) for item_id, a in answers.answers.items()}
    if answers.desensitisation.accepted:
        data["desensitisation"] = {"accepted": [a.model_dump() for a in answers.desensitisation.accepted]}
    if data["rubric_version"] is None:
        del data["rubric_version"]
    return data


def answers_to_yaml(answers: AnswersFile) -> str:
    """The answers file as YAML text (UTF-8, Chinese kept readable)."""
    return dump_yaml(answers_data(answers))
