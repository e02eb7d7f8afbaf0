"""The command line against the least a script could do, in one run.

1. ``python -m scoring score`` on N generated point answers files (CSV out) against a minimal reference script that
   loads the same files with ``yaml.CSafeLoader`` and sums the claimed points per item. Target: CLI <= 1.2x.
2. Cold start: ``score`` on one file against ``python -c "import pydantic, yaml"``. Target: <= 2.5x.

Each command is a fresh interpreter; the figure is the best of several interleaved runs (the usual way to time on a
shared machine). The package's bytecode is compiled first, as ``pip install`` does: the reference's imports come from
compiled site-packages, and with ``PYTHONDONTWRITEBYTECODE`` set (or a read-only checkout) every CLI run would
otherwise compile the package's sources again, which no installed copy does. Besides wall time (the targets), the
best CPU time of each command is printed: on a machine shared with other work it is the steadier figure.

Usage: python bench/cli_bench.py [N] [RUNS]
"""

from __future__ import annotations

import compileall
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from score_bench import generate  # noqa: E402

from scoring.rubric import load_rubric  # noqa: E402

REFERENCE = '''
import sys
from decimal import Decimal
import yaml

rubric = yaml.load(open(sys.argv[1], encoding="utf-8").read(), Loader=yaml.CSafeLoader)
points = {item["id"]: Decimal(str(item["points"])) for item in rubric["items"]}
for name in sys.argv[2:]:
    data = yaml.load(open(name, encoding="utf-8-sig").read(), Loader=yaml.CSafeLoader)
    total = Decimal(0)
    for item_id, answer in data["answers"].items():
        met = answer.get("met")
        if met is True or answer.get("value", 0) >= 2:
            total += points[item_id]
        elif met == "partial":
            total += Decimal(str(answer["score"]))
    print(name, total)
'''


def best_of(runs: int, commands: dict[str, list[str]], cwd: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Best wall time and best CPU time (user + system) of each command over ``runs`` interleaved rounds (stdout
    discarded, exit 0 required). CPU time is what the process itself used: on a machine shared with other work it
    moves much less than wall time."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    best = {name: float("inf") for name in commands}
    cpu = dict(best)
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed: {done.stderr.decode()[-2000:]}")
            best[name] = min(best[name], elapsed)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpu[name] = min(cpu[name], used)
    return best, cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    compileall.compile_dir(ROOT / "scoring", quiet=1)
    rubric = load_rubric("point")
    rng = random.Random(20261202)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        names = []
        for index in range(n):
            name = f"a{index:04d}.yaml"
            (work / name).write_text(yaml.dump(generate(rubric, rng), Dumper=yaml.CSafeDumper, allow_unicode=True,
                                               sort_keys=False), encoding="utf-8")
            names.append(name)
        (work / "reference.py").write_text(REFERENCE, encoding="utf-8")
        python = sys.executable
        batch, batch_cpu = best_of(runs, {
            "cli": [python, "-m", "scoring", "score", "--format", "csv", *names],
            "reference": [python, "reference.py", str(ROOT / "rubrics" / "point.yaml"), *names],
        }, work)
        cold, cold_cpu = best_of(max(runs, 7), {
            "score one file": [python, "-m", "scoring", "score", "--format", "csv", names[0]],
            "import pydantic, yaml": [python, "-c", "import pydantic, yaml"],
        }, work)
    ratio = batch["cli"] / batch["reference"]
    cold_ratio = cold["score one file"] / cold["import pydantic, yaml"]
    print(f"files: {n} point answers files, {len(rubric.items)} items each; best of {runs} interleaved runs; "
          f"package bytecode compiled; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"python -m scoring score (CSV): {batch['cli']:.2f} s   reference (CSafeLoader + sum): "
          f"{batch['reference']:.2f} s   ratio {ratio:.2f}x  target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}")
    print(f"cold start, score on one file: {cold['score one file']:.3f} s   python -c 'import pydantic, yaml': "
          f"{cold['import pydantic, yaml']:.3f} s   ratio {cold_ratio:.2f}x  "
          f"target <= 2.5x: {'met' if cold_ratio <= 2.5 else 'NOT met'}")
    print(f"CPU time (user + system): batch {batch_cpu['cli']:.2f} s / {batch_cpu['reference']:.2f} s = "
          f"{batch_cpu['cli'] / batch_cpu['reference']:.2f}x   cold start {cold_cpu['score one file']:.3f} s / "
          f"{cold_cpu['import pydantic, yaml']:.3f} s = "
          f"{cold_cpu['score one file'] / cold_cpu['import pydantic, yaml']:.2f}x")


if __name__ == "__main__":
    main()
