"""Validation problems: structured values collected, not raised one at a time.

A problem names the file, the item ID and the field, and carries a Chinese message for the user.
Tests assert on the fields; the CLI prints one line per problem; the app shows them beside widgets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    item_id: str | None
    field: str | None
    message: str

    def line(self) -> str:
        """One line for stderr: ``file: item_id.field: message`` (parts omitted when absent)."""
        where = ".".join(part for part in (self.item_id, self.field) if part)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class InputInvalid(Exception):
    """Raised with every problem found in one input, so a file with five mistakes reports five."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("InputInvalid needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


class RubricInvalid(InputInvalid):
    """A rubric file failed validation."""


class AnswersInvalid(InputInvalid):
    """An answers file failed validation."""
