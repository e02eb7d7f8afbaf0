"""The answers file: the public interchange format of a self-assessment, and its validation.

Validation collects every problem (file, item ID, field, Chinese message) before raising, so a file with five
mistakes reports five lines. Which fields an item accepts depends on its rubric rule kind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .points import HALF, ZERO, Points, as_json_number, is_half_step, to_decimal
from .problems import AnswersInvalid, Problem, RubricInvalid
from .rubric import (
    CATEGORY_LABELS, ID_PATTERNS, RUBRIC_NAMES, CheckRule, EitherRule, Item, OccurrencesRule, PerUnitRule, Rubric,
    ThresholdRule, TieredRule, TwoCountsRule, load_rubric, yaml_error_message,
)
from .eligibility import parse_eligibility_answers
from .uscc import uscc_problem

TIER_NONE = "none"
POSTCODE_RE = re.compile(r"^\d{6}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class EvidenceEntry(_Frozen):
    """One document proving an item: a title, and optionally its document date and a file path."""

    title: str
    date: dt.date | None = None
    file: str | None = None
    ref: str | None = Field(default=None, description="key in evidence_library when the entry is shared")


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
EVIDENCE_KEYS = {"title", "date", "file", "ref"}
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


def _non_negative_int(raw: object) -> int | None:
    value = to_decimal(raw)
    if value is None or value < 0 or value != value.to_integral_value():
        return None
    return int(value)


class _Collector:
    """Gathers problems for one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, item_id: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, item_id, field, message))


# ---------------------------------------------------------------- sections


def _parse_evidence_entry(raw: object, where: str, item_id: str | None, out: _Collector,
                          library: dict[str, EvidenceEntry] | None) -> EvidenceEntry | None:
    if not isinstance(raw, dict):
        out.add(item_id, where, "证据条目应为映射，如 {title: 文件名称, date: 2026-03-01}")
        return None
    for key in sorted(set(raw) - EVIDENCE_KEYS, key=str):
        out.add(item_id, f"{where}.{key}", "未知字段（证据条目可用 title、date、file、ref）")
    ref = raw.get("ref")
    if ref is not None and library is None:
        out.add(item_id, f"{where}.ref", "证据库中的条目不能再引用其他证据")
        return None
    if ref is not None:
        if not isinstance(ref, str) or ref not in library:
            out.add(item_id, f"{where}.ref", f"证据库中没有编号为 {ref!r} 的证据")
            return None
        if set(raw) - {"ref"}:
            out.add(item_id, where, "引用证据库（ref）时不要再填写 title、date、file")
            return None
        return library[ref].model_copy(update={"ref": ref})
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
    return EvidenceEntry(title=title.strip(), date=date, file=file)


def _parse_applicant(raw: object, rubric_name: str, out: _Collector) -> Applicant | None:
    if not isinstance(raw, dict):
        out.add(None, "applicant", "缺少申报单位信息（applicant），至少填写 name")
        return None
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
    eligibility, eligibility_problems = parse_eligibility_answers(raw.get("eligibility"), rubric_name)
    for field, message in eligibility_problems:
        out.add(None, field, message)
    if eligibility:
        values["eligibility"] = eligibility
    if len([p for p in out.problems if p.field and p.field.startswith("applicant")]):
        return None
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


def _check_keys(raw: dict, allowed: set[str], item: Item, out: _Collector, hint: str) -> None:
    for key in sorted(set(raw) - allowed - COMMON_ANSWER_KEYS, key=str):
        out.add(item.id, key, f"该条目（{item.rule.kind}）不接受字段 {key}；{hint}")


def _require(raw: dict, key: str, item: Item, out: _Collector, hint: str) -> bool:
    if raw.get(key) is None:
        out.add(item.id, key, f"缺少 {key}；{hint}")
        return False
    return True


def _answer_fields(raw: dict, item: Item, out: _Collector) -> dict[str, Any] | None:
    """Validate the kind-specific fields of one answer; None when any is wrong."""
    rule = item.rule
    before = len(out.problems)
    fields: dict[str, Any] = {}
    if isinstance(rule, CheckRule):
        hint = "填写 met: true / false / partial（partial 时另填 score）"
        _check_keys(raw, {"met", "score"}, item, out, hint)
        if _require(raw, "met", item, out, hint):
            met = raw["met"]
            if met not in (True, False, "partial"):
                out.add(item.id, "met", f"met 应为 true、false 或 partial，当前为 {met!r}")
            else:
                fields["met"] = met
                score_raw = raw.get("score")
                if met == "partial":
                    score = to_decimal(score_raw)
                    if score_raw is None:
                        out.add(item.id, "score", "部分达标（partial）须填写得分 score")
                    elif score is None:
                        out.add(item.id, "score", f"得分 {score_raw!r} 不是数字")
                    elif not (ZERO < score < item.points):
                        out.add(item.id, "score", f"部分得分须大于 0 且小于满分 {item.points}，当前为 {score}")
                    elif not is_half_step(score):
                        out.add(item.id, "score", f"得分须为 {HALF} 的整数倍，当前为 {score}")
                    else:
                        fields["score"] = score
                elif score_raw is not None:
                    out.add(item.id, "score", "只有部分达标（met: partial）才填写 score")
    elif isinstance(rule, (ThresholdRule, OccurrencesRule)):
        hint = f"填写 value（{rule.label}，单位：{rule.unit}）"
        _check_keys(raw, {"value"}, item, out, hint)
        if _require(raw, "value", item, out, hint):
            value = to_decimal(raw["value"])
            if isinstance(rule, OccurrencesRule):
                whole = _non_negative_int(raw["value"])
                if whole is None:
                    out.add(item.id, "value", f"次数应为不小于 0 的整数，当前为 {raw['value']!r}")
                else:
                    fields["value"] = Decimal(whole)
            elif value is None or value < 0:
                out.add(item.id, "value", f"value 应为不小于 0 的数字，当前为 {raw['value']!r}")
            else:
                fields["value"] = value
    elif isinstance(rule, PerUnitRule):
        hint = f"填写 count（{rule.label}，单位：{rule.unit}）"
        _check_keys(raw, {"count"}, item, out, hint)
        if _require(raw, "count", item, out, hint):
            count = _non_negative_int(raw["count"])
            if count is None:
                out.add(item.id, "count", f"count 应为不小于 0 的整数，当前为 {raw['count']!r}")
            else:
                fields["count"] = count
    elif isinstance(rule, TieredRule):
        keys = [t.key for t in rule.tiers] + [TIER_NONE]
        hint = f"填写 tier，可选：{'、'.join(keys)}"
        _check_keys(raw, {"tier"}, item, out, hint)
        if _require(raw, "tier", item, out, hint):
            if raw["tier"] not in keys:
                out.add(item.id, "tier", f"未知档次 {raw['tier']!r}；可选：{'、'.join(keys)}")
            else:
                fields["tier"] = raw["tier"]
    elif isinstance(rule, TwoCountsRule):
        names = [p.field for p in rule.parts]
        hint = "填写 " + "、".join(f"{p.field}（{p.label}）" for p in rule.parts)
        _check_keys(raw, set(names), item, out, hint)
        figures = {}
        for part in rule.parts:
            if _require(raw, part.field, item, out, hint):
                count = _non_negative_int(raw[part.field])
                if count is None:
                    out.add(item.id, part.field, f"{part.label}应为不小于 0 的整数，当前为 {raw[part.field]!r}")
                else:
                    figures[part.field] = Decimal(count)
        fields["figures"] = figures
    elif isinstance(rule, EitherRule):
        options = {o.key: o for o in rule.options}
        all_fields = {c.field for o in rule.options for c in o.conditions}
        hint = "填写 org_kind（" + "、".join(f"{o.key}：{o.label}" for o in rule.options) + "）及对应数据"
        _check_keys(raw, {"org_kind"} | all_fields, item, out, hint)
        if _require(raw, "org_kind", item, out, hint):
            option = options.get(raw["org_kind"])
            if option is None:
                out.add(item.id, "org_kind", f"未知类型 {raw['org_kind']!r}；可选：{'、'.join(options)}")
            else:
                fields["org_kind"] = option.key
                own = {c.field for c in option.conditions}
                for key in sorted(all_fields - own):
                    if raw.get(key) is not None:
                        out.add(item.id, key, f"{option.label}不填写 {key}")
                figures = {}
                for cond in option.conditions:
                    if not _require(raw, cond.field, item, out, hint):
                        continue
                    if cond.type == "integer":
                        count = _non_negative_int(raw[cond.field])
                        if count is None:
                            out.add(item.id, cond.field, f"{cond.label}应为不小于 0 的整数")
                        else:
                            figures[cond.field] = Decimal(count)
                    else:
                        share = to_decimal(raw[cond.field])
                        if share is None or not (ZERO <= share <= 1):
                            out.add(item.id, cond.field, f"{cond.label}应为 0 到 1 之间的小数（如 0.35），当前为 {raw[cond.field]!r}")
                        else:
                            figures[cond.field] = share
                fields["figures"] = figures
    return fields if len(out.problems) == before else None


def _other_rubric_of(item_id: str) -> str | None:
    for name, patterns in ID_PATTERNS.items():
        if any(p.match(item_id) for p in patterns):
            return name
    return None


def _parse_answers_section(raw: object, rubric: Rubric, library: dict[str, EvidenceEntry],
                           out: _Collector) -> dict[str, ItemAnswer]:
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
            entry = _parse_evidence_entry(raw_entry, f"evidence[{index}]", item_id, out, library)
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


def parse_answers(data: object, file: str = "<answers>", rubric: Rubric | None = None) -> AnswersFile:
    """Validate answers data against its rubric; raise AnswersInvalid listing every problem.

    ``rubric`` overrides the bundled one (an office's adjusted copy); its name must match the file's ``rubric``.
    """
    out = _Collector(file)
    if not isinstance(data, dict):
        raise AnswersInvalid([Problem(file, None, None, "自评文件应为映射（key: value）结构")])
    for key in sorted(set(data) - TOP_LEVEL_KEYS, key=str):
        out.add(None, str(key), "未知字段")
    name = data.get("rubric")
    if name not in RUBRIC_NAMES:
        out.add(None, "rubric", f"未知的类别 {name!r}，可选：zone（示范区）、station（示范站）、point（示范点）")
        raise AnswersInvalid(out.problems)
    if rubric is None:
        try:
            rubric = load_rubric(name)
        except RubricInvalid as err:
            raise AnswersInvalid(err.problems) from None
    elif rubric.rubric != name:
        out.add(None, "rubric", f"文件类别为 {name}，但给定的验收表是 {rubric.rubric}")
        raise AnswersInvalid(out.problems)
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
    answers = _parse_answers_section(data.get("answers"), rubric, library, out)
    desensitisation = _parse_desensitisation(data.get("desensitisation"), out)
    if out.problems:
        raise AnswersInvalid(out.problems)
    return AnswersFile(rubric=name, rubric_version=rubric.version, assessed_on=assessed_on, applicant=applicant,
                       evidence_library=library, answers=answers, desensitisation=desensitisation)


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
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise AnswersInvalid([Problem(file, None, None, yaml_error_message(err))]) from None
    except ValueError as err:  # YAML's date constructor rejects an unquoted impossible date such as 2026-13-01
        raise AnswersInvalid([Problem(file, None, None, f"YAML 中有不存在的日期或无效的值（{err}）")]) from None


def load_answers(path: str | Path, rubric: Rubric | None = None) -> AnswersFile:
    """Read and validate one answers file."""
    return parse_answers(read_answers_data(path), str(path), rubric)


# ---------------------------------------------------------------- writing


def _evidence_data(entry: EvidenceEntry, shared: bool) -> dict[str, Any]:
    if shared and entry.ref:
        return {"ref": entry.ref}
    data: dict[str, Any] = {"title": entry.title}
    if entry.date is not None:
        data["date"] = entry.date.isoformat()
    if entry.file:
        data["file"] = entry.file
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
    return yaml.safe_dump(answers_data(answers), allow_unicode=True, sort_keys=False, width=120)


def answers_to_json(answers: AnswersFile) -> str:
    return json.dumps(answers_data(answers), ensure_ascii=False, indent=2)
