"""Rule kinds: one module per kind, and the registry that maps kind names to them.

Each kind module owns its rule model (``Rule``, a pydantic model with ``kind: Literal[...]``) and every piece of
behaviour that depends on the kind; the rest of the library dispatches through ``module_of``. Adding a kind is one
module here plus one line in ``MODULES``; ``tests/test_kinds.py`` proves every consumer covers every kind.

The interface of a kind module (each a module-level name):

- ``NAME`` and ``Rule``
- ``rule_max(rule)``: the most the rule can award by its own parameters, or None (the item's points)
- ``rule_problems(rule, year_bound)``: (field, message) pairs a rubric loader reports
- ``parse(raw, rule, points, issues)``: an answer's kind-specific fields (``ItemAnswer`` keyword arguments), or None
  after adding problems to ``issues``
- ``score(rule, points, answer, valid)``: an ``Outcome`` (claimed, what ``valid`` evidence entries support, detail)
- ``schema(rule, points)``: (properties, required, extra keywords) of the answer's JSON Schema
- ``example(rule)`` and ``answer_help(rule)``: the blank template's example line and help text
- ``answer_fields(rule, values)`` and ``form_values(rule, body)``: form values ↔ answers-file fields
- ``not_met(rule)``: the answer fields of a not-met answer

A kind whose score follows from parts ticked one by one also defines ``claimed_parts(rule, answer)`` and
``parts_score(rule, points, parts)``, so a reviewer can verify each part (``part_review``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Annotated, Any, Union

from pydantic import Field

from . import check, checklist, either, measured, occurrences, per_unit, threshold, tiered, two_counts
from .base import AnswerIssues, Outcome

MODULES: dict[str, ModuleType] = {module.NAME: module for module in (
    check, checklist, measured, threshold, occurrences, per_unit, tiered, two_counts, either)}
KIND_NAMES: tuple[str, ...] = tuple(MODULES)
INTERFACE = ("NAME", "Rule", "rule_max", "rule_problems", "parse", "score", "schema", "example", "answer_help",
             "answer_fields", "form_values", "not_met")

_RULES = tuple(m.Rule for m in MODULES.values())
Rule = Annotated[Union[_RULES], Field(discriminator="kind")]  # type: ignore[valid-type]


def module_of(rule: Any) -> ModuleType:
    """The module of a rule's kind."""
    return MODULES[rule.kind]


def evidence_parts(rule: Any) -> dict[str, str]:
    """Part key → label of the parts an evidence entry of this rule may name (``part:``); empty for kinds without
    parts (a kind with parts defines ``evidence_parts`` too)."""
    parts = getattr(module_of(rule), "evidence_parts", None)
    return parts(rule) if parts else {}


def part_review(rule: Any) -> ModuleType | None:
    """The kind module when a reviewer verifies the rule's parts one by one, else None."""
    module = module_of(rule)
    return module if hasattr(module, "parts_score") else None


__all__ = ["evidence_parts", "part_review", "AnswerIssues", "INTERFACE", "KIND_NAMES", "MODULES", "Outcome", "Rule", "module_of"]
