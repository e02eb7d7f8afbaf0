"""JSON Schema of the answers file, generated from the rubrics so it names every item and its allowed fields."""

from __future__ import annotations

from typing import Any

from . import kinds
from .answers import ACCEPTED_KEYS, ANSWERS_FORMAT, APPLICANT_TEXT_FIELDS, FINDING_KINDS
from .names import RUBRIC_NAMES
from .points import as_json_number
from .rubric import Item, Rubric, load_rubric

SCHEMA_ID = "https://songjiang-tsp.example/schemas/answers.json"

_EVIDENCE_INLINE = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 1, "description": "证据名称"},
        "date": {"type": "string", "format": "date", "description": "文件日期 YYYY-MM-DD"},
        "file": {"type": "string", "minLength": 1, "description": "文件路径（相对于自评文件所在文件夹）"},
        "part": {"type": "string", "description": "分要件的条目：本证据证明的要件 key"},
    },
    "required": ["title"],
    "additionalProperties": False,
}
_EVIDENCE = {
    "oneOf": [
        _EVIDENCE_INLINE,
        {"type": "object", "properties": {"ref": {"type": "string"}, "part": {"type": "string"}}, "required": ["ref"],
         "additionalProperties": False},
    ]
}
_COMMON = {
    "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
    "note": {"type": "string", "description": "备注"},
}
_INTEGER = {"type": "integer", "minimum": 0}
_DESENSITISATION = {
    "type": "object",
    "description": "脱敏检查：申报单位确认保留（不打码）的检查结果",
    "properties": {
        "accepted": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "minLength": 1, "description": "证据文件路径（与 evidence 中的 file 相同）"},
                    "kind": {"enum": list(FINDING_KINDS)},
                    "location": {"type": "string", "minLength": 1, "description": "位置，如“第 2 页”“Sheet1!B3”"},
                    "masked": {"type": "string", "pattern": "\\*", "description": "打码后的预览，如 138****8000"},
                },
                "required": list(ACCEPTED_KEYS),
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def _obj(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {**properties, **_COMMON}, "required": required,
            "additionalProperties": False, **extra}


def item_answer_schema(item: Item) -> dict[str, Any]:
    """The schema of one item's answer: its rule kind's part, with evidence and note common to every kind."""
    properties, required, extra = kinds.module_of(item.rule).schema(item.rule, item.points)
    described = {"description": f"{item.id} {item.title}（{as_json_number(item.points)} 分）"}
    return _obj(properties, required, **extra, **described)


def _applicant_schema(zone: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {key: {"type": "string"} for key in APPLICANT_TEXT_FIELDS}
    properties["name"] = {"type": "string", "minLength": 1, "description": "单位（园区）名称"}
    properties["uscc"] = {"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$",
                          "description": "统一社会信用代码（GB 32100-2015，校验位另行检查）"}
    properties["postcode"] = {"type": "string", "pattern": r"^\d{6}$"}
    properties["park_enterprises"] = _INTEGER
    properties["eligibility"] = {"type": "object", "additionalProperties": {"type": "string"},
                                 "description": "申报资格：rubrics/eligibility.yaml 中的选项编号，note 为“其他”的说明"}
    if not zone:
        del properties["park_enterprises"], properties["park_output_value"]
    return {"type": "object", "properties": properties, "required": ["name"], "additionalProperties": False}


def _variant(rubric: Rubric) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "rubric": {"const": rubric.rubric},
            "rubric_version": {"type": "string"},
            "assessed_on": {"type": "string", "format": "date"},
            "applicant": _applicant_schema(rubric.rubric == "zone"),
            "evidence_library": {"type": "object", "additionalProperties": {"$ref": "#/$defs/evidence_inline"}},
            "answers": {
                "type": "object",
                "properties": {item.id: item_answer_schema(item) for item in rubric.items},
                "additionalProperties": False,
            },
            "desensitisation": _DESENSITISATION,
        },
        "required": ["rubric", "assessed_on", "applicant"],
        "additionalProperties": False,
    }


def answers_schema(rubrics: list[Rubric] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an answers file for any of the given rubrics (default: all three)."""
    rubrics = rubrics or [load_rubric(name) for name in RUBRIC_NAMES]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "商业秘密保护示范单位自评文件",
        "description": f"自评文件格式第 {ANSWERS_FORMAT} 版。assessed_on：评估日期；“每年”指截至该日（含）的 12 个月。",
        "$defs": {"evidence": _EVIDENCE, "evidence_inline": _EVIDENCE_INLINE},
        "oneOf": [_variant(r) for r in rubrics],
    }
