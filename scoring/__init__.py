"""Scoring of trade-secret protection demonstration sites against the district acceptance tables.

The public API is listed in ``__all__``; each name is imported on first use, so ``import scoring`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_rubric": "rubric", "load_rubric_file": "rubric", "parse_rubric": "rubric", "Rubric": "rubric",
    "Item": "rubric", "guideline_clauses": "rubric", "RUBRIC_NAMES": "rubric",
    "load_answers": "answers", "parse_answers": "answers", "parse_answers_valid_part": "answers",
    "answers_data": "answers", "answers_to_yaml": "answers", "AnswersFile": "answers", "ItemAnswer": "answers",
    "EvidenceEntry": "answers", "ParsedAnswers": "answers", "ANSWERS_FORMAT": "answers",
    "score": "engine", "score_item": "engine", "ScoreResult": "engine", "ItemResult": "engine",
    "period_start": "engine",
    "answers_schema": "schema", "blank_answers_yaml": "template", "example_answers": "examples",
    "result_json": "report", "results_csv": "report", "read_yaml": "yamlio",
    "settle": "editing", "Settled": "editing",
    "Problem": "problems", "InputInvalid": "problems", "AnswersInvalid": "problems", "RubricInvalid": "problems",
    "KIND_NAMES": "kinds",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
