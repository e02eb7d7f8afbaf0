"""Rubric models and loader: an acceptance table (验收表) as validated data.

A rubric file holds every scored row of one district table with its stable ID, the indicator hierarchy, the
criterion as published, its points, its scoring rule (one of a few *kinds*), the evidence it needs and guidance on
how to earn it. The engine knows rule kinds, never item IDs.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import kinds
from .names import CATEGORY_LABELS, RUBRIC_NAMES
from .points import ZERO, Points, is_half_step
from .problems import Problem, RubricInvalid
from .resources import data_folder
from .yamlio import read_yaml, yaml_error_message  # noqa: F401 - yaml_error_message kept importable here

RubricName = Literal["zone", "station", "point"]
GUIDELINE_FILE = "guideline.yaml"
ID_PATTERNS = {
    "zone": (re.compile(r"^Z\d{2}$"), re.compile(r"^ZB\d+$")),
    "station": (re.compile(r"^S\d{2}$"), re.compile(r"^SB\d+$")),
    "point": (re.compile(r"^P\d{2}$"), re.compile(r"^PB\d+$")),
}




@lru_cache(maxsize=1)
def _bundled_rubrics() -> Path:
    """The bundled rubrics folder, found once (looking it up costs a few file-system calls)."""
    return data_folder("rubrics")


def rubrics_dir() -> Path:
    """Folder of the bundled rubrics (``TSP_RUBRICS_DIR`` overrides it, for an office's adjusted copies)."""
    override = os.environ.get("TSP_RUBRICS_DIR")
    return Path(override) if override else _bundled_rubrics()


class _Strict(BaseModel):
    # Built on first use: a rubric read from the validated-rubric cache never builds these models.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------- rule kinds (one module each, in scoring.kinds)

CheckRule = kinds.check.Rule
ChecklistRule = kinds.checklist.Rule
MeasuredRule = kinds.measured.Rule
ThresholdRule = kinds.threshold.Rule
OccurrencesRule = kinds.occurrences.Rule
PerUnitRule = kinds.per_unit.Rule
Tier = kinds.tiered.Tier
TieredRule = kinds.tiered.Rule
CountPart = kinds.two_counts.CountPart
TwoCountsRule = kinds.two_counts.Rule
Condition = kinds.either.Condition
EitherOption = kinds.either.Option
EitherRule = kinds.either.Rule
Rule = kinds.Rule
RULE_KINDS = kinds.KIND_NAMES


def rule_max(rule) -> Decimal | None:
    """The most a rule can award by its own parameters, or None when that is simply the item's points."""
    return kinds.module_of(rule).rule_max(rule)


# ---------------------------------------------------------------- items and rubric


class Guidance(_Strict):
    """How an applicant earns the item, backed by clauses of the Haidian guideline."""

    text: str = Field(min_length=1)
    clauses: list[str] = Field(default_factory=list)


FedBy = Literal["registry.certified_sites", "registry.service_organisations"]
FED_BY_SOURCES: tuple[str, ...] = FedBy.__args__  # type: ignore[attr-defined]
# What each source can fill: the rule kinds it answers, and the answer fields it supplies (None: ``value``).
FED_BY_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "registry.certified_sites": (("occurrences", "threshold"), None),
    "registry.service_organisations": (("two_counts",), ("types", "units")),
}


class Item(_Strict):
    id: str
    indicator: str = Field(min_length=1, description="评价指标")
    content: str | None = Field(default=None, description="评价内容 (sub-indicator), when the table has one")
    title: str = Field(min_length=1, description="short name used in lists and charts")
    criterion: str = Field(min_length=1, description="评价标准, as published")
    points: Points = Field(gt=0)
    bonus: bool = False
    year_bound: bool = Field(default=False, description="only evidence dated in the 12 months up to assessed_on counts")
    fed_by: FedBy | None = Field(default=None, description="the office system fills this answer from its registry")
    rule: Rule
    evidence: list[str] = Field(min_length=1, description="documents that prove the item")
    guidance: Guidance


class Rubric(_Strict):
    rubric: RubricName
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    source: str = Field(min_length=1)
    base_total: Points = Field(gt=0)
    bonus_total: Points = Field(ge=0)
    notes: list[str] = Field(default_factory=list)
    items: list[Item] = Field(min_length=1)

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.rubric]

    @cached_property
    def by_id(self) -> dict[str, Item]:
        """Items keyed by ID (computed once; a plain dict lookup afterwards)."""
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        """The item with this ID (KeyError when absent)."""
        return self.by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self.by_id

    @property
    def base_items(self) -> list[Item]:
        return [i for i in self.items if not i.bonus]

    @property
    def bonus_items(self) -> list[Item]:
        return [i for i in self.items if i.bonus]

    def item_fed_by(self, source: str) -> Item | None:
        """The item whose answer ``source`` (one of ``FED_BY_SOURCES``) fills, or None when no item is fed by it."""
        return next((item for item in self.items if item.fed_by == source), None)

    def indicators(self) -> list[str]:
        """评价指标 names in table order."""
        return list(dict.fromkeys(item.indicator for item in self.items))


# ---------------------------------------------------------------- loading


def _field_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(root)"


def _item_problems(file: str, raw_item: object, index: int, rubric_name: str | None,
                   known_clauses: set[str]) -> tuple[Item | None, list[Problem]]:
    item_id = raw_item.get("id") if isinstance(raw_item, dict) else None
    label = str(item_id) if item_id else f"items[{index}]"
    try:
        item = Item.model_validate(raw_item)
    except ValidationError as err:
        return None, [Problem(file, label, _field_path(e["loc"]), _pydantic_message(e)) for e in err.errors()]
    problems: list[Problem] = []
    if not is_half_step(item.points):
        problems.append(Problem(file, item.id, "points", f"分值 {item.points} 不是 0.5 的整数倍"))
    if rubric_name in ID_PATTERNS:
        base_pattern, bonus_pattern = ID_PATTERNS[rubric_name]
        pattern = bonus_pattern if item.bonus else base_pattern
        if not pattern.match(item.id):
            kind = "加分项" if item.bonus else "基本项"
            problems.append(Problem(file, item.id, "id", f"{kind}编号应符合 {pattern.pattern}（{rubric_name} 表）"))
    most = rule_max(item.rule)
    if most is not None and most != item.points:
        problems.append(Problem(file, item.id, "rule", f"规则最高可得 {most} 分，与分值 {item.points} 不一致"))
    if item.fed_by is not None:
        kinds_fed, fields = FED_BY_RULES[item.fed_by]
        if item.rule.kind not in kinds_fed:
            problems.append(Problem(file, item.id, "fed_by", f"{item.fed_by} 只能填写规则类型为 {'、'.join(kinds_fed)} 的条目"))
        elif fields is not None and tuple(p.field for p in item.rule.parts) != fields:
            problems.append(Problem(file, item.id, "fed_by", f"{item.fed_by} 填写的条目须有 {'、'.join(fields)} 两部分"))
    for field, message in kinds.module_of(item.rule).rule_problems(item.rule, item.year_bound):
        problems.append(Problem(file, item.id, field, message))
    for clause in item.guidance.clauses:
        if known_clauses and clause not in known_clauses:
            problems.append(Problem(file, item.id, "guidance.clauses", f"指南条款 {clause} 不存在于海淀指南目录"))
    return item, problems


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        return "未知字段"
    if kind == "union_tag_invalid":
        return f"未知的规则类型，可选：{', '.join(RULE_KINDS)}"
    if kind == "union_tag_not_found":
        return "规则缺少 kind"
    return f"取值无效（{error.get('msg', '')}）"


def parse_rubric(data: object, file: str = "<rubric>") -> Rubric:
    """Validate rubric data; raise RubricInvalid listing every problem with file, item ID and field."""
    if not isinstance(data, dict):
        raise RubricInvalid([Problem(file, None, None, "验收表文件应为映射（key: value）结构")])
    known_clauses = set(guideline_clauses())
    raw_items = data.get("items")
    problems: list[Problem] = []
    items: list[Item] = []
    if isinstance(raw_items, list):
        for index, raw_item in enumerate(raw_items):
            item, item_problems = _item_problems(file, raw_item, index, data.get("rubric"), known_clauses)
            problems.extend(item_problems)
            if item is not None:
                items.append(item)
    header = {key: value for key, value in data.items() if key != "items"}
    try:
        Rubric.model_validate({**header, "items": items or [_placeholder_item()]})
    except ValidationError as err:
        problems.extend(Problem(file, None, _field_path(e["loc"]), _pydantic_message(e)) for e in err.errors())
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(Problem(file, None, "items", "缺少评分条目列表"))
    seen: set[str] = set()
    fed: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.append(Problem(file, item.id, "id", "条目编号重复"))
        seen.add(item.id)
        if item.fed_by is not None and item.fed_by in fed:
            problems.append(Problem(file, item.id, "fed_by", f"{item.fed_by} 只能填写一个条目"))
        fed.add(item.fed_by)
    if problems:
        raise RubricInvalid(problems)
    rubric = Rubric.model_validate({**header, "items": items})
    base = sum((i.points for i in rubric.base_items), ZERO)
    bonus = sum((i.points for i in rubric.bonus_items), ZERO)
    if base != rubric.base_total:
        problems.append(Problem(file, None, "base_total", f"基本项合计 {base} 分，与声明的 {rubric.base_total} 分不符"))
    if bonus != rubric.bonus_total:
        problems.append(Problem(file, None, "bonus_total", f"加分项合计 {bonus} 分，与声明的 {rubric.bonus_total} 分不符"))
    if problems:
        raise RubricInvalid(problems)
    return rubric


def _placeholder_item() -> dict:
    # Lets the header be validated on its own when the items themselves failed.
    return {"id": "X", "indicator": "x", "title": "x", "criterion": "x", "points": 1, "rule": {"kind": "check"},
            "evidence": ["x"], "guidance": {"text": "x"}}


def load_rubric_file(path: str | Path) -> Rubric:
    """Load and validate one rubric YAML file (a file validated before, unchanged, comes from the
    validated-rubric cache: see ``scoring.rubric_cache``)."""
    from . import rubric_cache

    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricInvalid([Problem(file, None, None, "文件不存在")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise RubricInvalid([Problem(file, None, None, f"无法读取文件（{err}）")]) from None
    entry = rubric_cache.key(text, rubrics_dir() / GUIDELINE_FILE)
    rubric = rubric_cache.load(entry)
    if rubric is None:
        rubric = parse_rubric(read_yaml(text, file, error=RubricInvalid), file)
        rubric_cache.store(entry, rubric)
    return rubric


@lru_cache(maxsize=None)
def _load_builtin(name: str, directory: str) -> Rubric:
    return load_rubric_file(Path(directory) / f"{name}.yaml")


def load_rubric(name: str) -> Rubric:
    """The bundled rubric by name (zone | station | point), validated and cached."""
    if name not in RUBRIC_NAMES:
        raise RubricInvalid([Problem("<rubric>", None, "rubric", f"未知的类别 {name!r}，可选：zone、station、point")])
    return _load_builtin(name, str(rubrics_dir()))


@lru_cache(maxsize=None)
def _guideline(directory: str) -> dict[str, str]:
    path = Path(directory) / GUIDELINE_FILE
    if not path.exists():
        return {}
    data = read_yaml(path.read_text(encoding="utf-8"), str(path), error=RubricInvalid) or {}
    return {str(entry["clause"]): entry["title"] for entry in data.get("clauses", [])}


def guideline_clauses() -> dict[str, str]:
    """Clause number → title of the Haidian guideline, as listed in ``rubrics/guideline.yaml``."""
    return _guideline(str(rubrics_dir()))
