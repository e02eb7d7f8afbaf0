"""AppTest rerun time of the self-assessment page with every item answered. Target: under 200 ms.

For each category the example applicant is completed (every unanswered item answered with one evidence entry),
stored as a draft in a temporary folder and opened through the URL; the page shows the 评价指标 with the most items.
Prints the median and worst of N plain reruns and of N reruns after changing one answer (which also saves the draft
and rescored it).
Usage: python bench/app_bench.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from app_pages.common.paths import PAGES  # noqa: E402

from app_pages.common.session import key  # noqa: E402
from scoring.drafts import DraftStore  # noqa: E402
from scoring.editing import (  # noqa: E402
    add_evidence, answer_fields, check_choices, evidence_entry, set_answer, working_from_answers,
)
from scoring.examples import example_answers  # noqa: E402
from scoring.rubric import CheckRule, load_rubric  # noqa: E402

TARGET_MS = 200


def completed_example(category: str) -> dict:
    """The example applicant with every unanswered item answered as met, with one dated evidence entry."""
    rubric = load_rubric(category)
    working = working_from_answers(example_answers(category))
    for item in rubric.items:
        if item.id in working["answers"]:
            continue
        if not isinstance(item.rule, CheckRule):
            raise SystemExit(f"{item.id}: the bench only completes check items")
        set_answer(working, item, answer_fields(item, {"choice": check_choices(item)[0]}))
        add_evidence(working, item.id, evidence_entry(f"{item.title}证明材料", "2026-06-01"))
    return working


def timed(at: AppTest, change=None) -> float:
    if change is not None:
        change(at)
    start = time.perf_counter()
    at.run()
    return (time.perf_counter() - start) * 1000


def bench(category: str, rounds: int) -> tuple[str, int, list[float], list[float]]:
    rubric = load_rubric(category)
    draft_id = DraftStore().create(completed_example(category))
    indicator, size = Counter(item.indicator for item in rubric.items).most_common(1)[0]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["draft"] = draft_id
    at.run()
    at.switch_page(PAGES["self_assessment"]).run()
    at.radio(key=key("sa", "indicator")).set_value(indicator).run()
    if at.exception:
        raise SystemExit(f"{category}: {at.exception}")
    assert at.sidebar.metric[1].value == f"{len(rubric.items)} / {len(rubric.items)}", "not every item answered"
    item = next(i for i in rubric.items if i.indicator == indicator and isinstance(i.rule, CheckRule))
    widget = key("ans", item.id, "choice")
    plain = [timed(at) for _ in range(rounds)]
    choices = ["not_met", "met"]
    changed = [timed(at, lambda a, n=n: a.segmented_control(key=widget).set_value(choices[n % 2]))
               for n in range(rounds)]
    return indicator, size, plain, changed


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    os.environ["TSP_DRAFTS_DIR"] = tempfile.mkdtemp(prefix="tsp-bench-")
    print(f"AppTest rerun of 逐项自评 with every item answered ({rounds} rounds each; target < {TARGET_MS} ms)")
    worst = 0.0
    for category in ("point", "station", "zone"):
        indicator, size, plain, changed = bench(category, rounds)
        worst = max(worst, statistics.median(plain), statistics.median(changed))
        print(f"  {category:8s} {indicator}（{size} 项）: rerun median {statistics.median(plain):6.1f} ms, "
              f"max {max(plain):6.1f} ms; after an answer change median {statistics.median(changed):6.1f} ms, "
              f"max {max(changed):6.1f} ms")
    print(f"worst median {worst:.1f} ms — {'OK' if worst < TARGET_MS else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
