"""Scoring library for the trade-secret protection demonstration sites: rubrics, answers files and the engine.

``import scoring`` is cheap: each public name below is imported from its module on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public name -> module that defines it (one line each, sorted by module).
_PUBLIC: dict[str, str] = {
    "AnswersFile": "answers",
    "answers_to_json": "answers",
    "answers_to_yaml": "answers",
    "load_answers": "answers",
    "parse_answers": "answers",
    "ScoreResult": "engine",
    "score": "engine",
    "example_answers": "examples",
    "AnswersInvalid": "problems",
    "InputInvalid": "problems",
    "Problem": "problems",
    "RubricInvalid": "problems",
    "result_json": "report",
    "results_csv": "report",
    "RUBRIC_NAMES": "rubric",
    "Rubric": "rubric",
    "load_rubric": "rubric",
    "load_rubric_file": "rubric",
    "parse_rubric": "rubric",
    "answers_schema": "schema",
    "blank_answers_yaml": "template",
    "read_yaml": "yamlio",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
