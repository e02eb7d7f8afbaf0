"""Run the command line inside the test process and capture what it prints, as a user would see it."""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from scoring.cli import main


@dataclass(frozen=True)
class Invocation:
    """One run: the exit code, stdout, stderr, both as printed (``output``) and the exception that ended it."""

    exit_code: int
    stdout: str
    stderr: str
    output: str
    exception: BaseException | None


class _Stream(io.StringIO):
    """One of stdout/stderr: keeps its own text and copies it into the interleaved ``output``."""

    def __init__(self, both: io.StringIO):
        super().__init__()
        self.both = both

    def write(self, text: str) -> int:
        self.both.write(text)
        return super().write(text)


@contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    try:
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def invoke(args: Sequence[object], input: str = "", env: Mapping[str, str | None] | None = None) -> Invocation:
    """Run ``python -m scoring *args`` in this process with ``input`` on stdin.

    An exception that escapes the command is printed with its traceback to stderr, as the interpreter would,
    and the exit code is 1; a non-zero exit leaves its SystemExit as ``exception``.
    """
    both = io.StringIO()
    out, err = _Stream(both), _Stream(both)
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(input), out, err
    exception: BaseException | None = None
    try:
        with _environment(env or {}):
            code = main([str(a) for a in args])
        if code:
            exception = SystemExit(code)
    except Exception as raised:  # noqa: BLE001 - a bug in a command: shown as the interpreter would show it
        traceback.print_exc()
        code, exception = 1, raised
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Invocation(code, out.getvalue(), err.getvalue(), both.getvalue(), exception)
