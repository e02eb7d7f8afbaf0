"""The bundled example applicants (``data/examples/<category>.yaml``, package data), fictitious, for demonstrations
and tests."""

from __future__ import annotations

from pathlib import Path

from .answers import AnswersFile, load_answers
from .resources import data_folder
from .rubric import RUBRIC_NAMES

EXAMPLES_DIR = data_folder("example_data")


def example_path(category: str) -> Path:
    if category not in RUBRIC_NAMES:
        raise ValueError(f"unknown category {category!r}")
    return EXAMPLES_DIR / f"{category}.yaml"


def example_answers(category: str) -> AnswersFile:
    """The example applicant of a category, validated."""
    return load_answers(example_path(category))
