"""Time to render one Annex 1 application form and one filled acceptance table (.docx bytes, in memory).

Prints the median, fastest and slowest of N runs per document and category after one warm-up run.
Target: under 150 ms each (median). Usage: python bench/documents_bench.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.answers import load_answers  # noqa: E402
from scoring.documents import render_acceptance_table, render_application_form  # noqa: E402
from scoring.engine import score  # noqa: E402

TARGET_MS = 150


def timings(render, runs: int) -> list[float]:
    render()  # warm-up: rubric cache, imports
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        render()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main(runs: int) -> int:
    slow = False
    print(f"{'document':<28}{'median ms':>10}{'min':>8}{'max':>8}   target < {TARGET_MS} ms, {runs} runs")
    for category in ("point", "station", "zone"):
        answers = load_answers(ROOT / "data" / "examples" / f"{category}.yaml")
        result = score(None, answers)
        for label, render in ((f"{category} application form", lambda: render_application_form(answers, result)),
                              (f"{category} acceptance table", lambda: render_acceptance_table(result))):
            figures = timings(render, runs)
            median = statistics.median(figures)
            slow |= median >= TARGET_MS
            print(f"{label:<28}{median:>10.1f}{min(figures):>8.1f}{max(figures):>8.1f}"
                  f"   {'ok' if median < TARGET_MS else 'SLOW'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
