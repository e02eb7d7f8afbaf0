"""Score 1,000 generated point answers files in one process.

Prints submissions per second for validation + scoring and for scoring alone, the ratio of the engine's time to
a bare loop that sums the same answers' claimed points, and the time to read the files' YAML text with the library's
reader (``scoring.yamlio``) against PyYAML's C and pure-Python safe loaders. Target: the 1,000 in under 0.5 s on one
core.
Usage: python bench/score_bench.py [N]
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.answers import parse_answers  # noqa: E402
from scoring.engine import score  # noqa: E402
from scoring.rubric import load_rubric  # noqa: E402
from scoring.yamlio import read_yaml  # noqa: E402

ASSESSED_ON = dt.date(2026, 11, 1)


def generate(rubric, rng: random.Random) -> dict:
    """One plausible point answers file: most items met, some partial or missing, evidence mostly dated."""
    answers = {}
    for item in rubric.items:
        roll = rng.random()
        if roll < 0.08:
            continue
        evidence = [{"title": f"{item.title}证明材料{k}", "date": (ASSESSED_ON - dt.timedelta(days=rng.randint(-20, 500))).isoformat()}
                    for k in range(rng.randint(0, 3))]
        if item.rule.kind == "occurrences":
            answers[item.id] = {"value": rng.randint(0, 4), "evidence": evidence}
        elif roll < 0.75:
            answers[item.id] = {"met": True, "evidence": evidence}
        elif roll < 0.9 and item.points > 1:
            answers[item.id] = {"met": "partial", "score": float(item.points) / 2 if item.points % 1 == 0 and item.points % 2 == 0 else 1.0,
                                "evidence": evidence}
        else:
            answers[item.id] = {"met": False}
    return {"rubric": "point", "assessed_on": ASSESSED_ON, "applicant": {"name": "基准测试企业"}, "answers": answers}


def bare_sum(data: dict, points: dict[str, Decimal]) -> Decimal:
    """The least work a scorer could do: add up each answered item's claimed points."""
    total = Decimal(0)
    for item_id, answer in data["answers"].items():
        met = answer.get("met")
        if met is True:
            total += points[item_id]
        elif met == "partial":
            total += Decimal(str(answer["score"]))
        elif "value" in answer and answer["value"] >= 2:
            total += points[item_id]
    return total


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rubric = load_rubric("point")
    rng = random.Random(20261123)
    files = [generate(rubric, rng) for _ in range(n)]
    points = {item.id: item.points for item in rubric.items}

    def best_of(runs: int, work):
        """Best wall time of several runs (the usual way to time code on a shared machine), and the last output."""
        best, out = float("inf"), None
        for _ in range(runs):
            gc.collect()
            start = time.perf_counter()
            out = work()
            best = min(best, time.perf_counter() - start)
        return best, out

    parse_seconds, parsed = best_of(3, lambda: [parse_answers(d, f"bench-{i}.yaml", rubric) for i, d in enumerate(files)])
    score_seconds, results = best_of(3, lambda: [score(rubric, answers) for answers in parsed])
    bare_seconds, bare = best_of(3, lambda: [bare_sum(data, points) for data in files])
    texts = [yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False) for data in files]
    read_seconds, _ = best_of(3, lambda: [read_yaml(text, "bench.yaml", items_under="answers") for text in texts])
    c_seconds, _ = best_of(3, lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts])
    py_seconds, _ = best_of(1, lambda: [yaml.safe_load(text) for text in texts])

    assert len(results) == len(bare) == n
    total = parse_seconds + score_seconds
    per_1000 = score_seconds * 1000 / n
    print(f"files: {n} point answers files, {len(rubric.items)} items each (best of 3 runs)")
    print(f"score: {score_seconds:.3f} s  ({n / score_seconds:,.0f} submissions/s)  "
          f"target < 0.5 s per 1,000: {'met' if per_1000 < 0.5 else 'NOT met'} ({per_1000:.3f} s per 1,000)")
    print(f"validate answers: {parse_seconds:.3f} s; validate + score: {total:.3f} s ({n / total:,.0f} submissions/s)")
    print(f"bare loop summing claimed points: {bare_seconds:.4f} s")
    print(f"ratio engine (score) / bare loop: {score_seconds / bare_seconds:.1f}x; "
          f"validate + score / bare loop: {total / bare_seconds:.1f}x")
    print(f"read YAML text: scoring.yamlio {read_seconds:.3f} s; yaml CSafeLoader {c_seconds:.3f} s "
          f"({read_seconds / c_seconds:.2f}x); yaml.safe_load {py_seconds:.3f} s ({py_seconds / read_seconds:.1f}x slower "
          f"than the reader)")


if __name__ == "__main__":
    main()
