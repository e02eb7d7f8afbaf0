"""Peak memory of importing zip bombs: the import must refuse them with memory bounded by its caps.

Builds, on the fly and on disk, zips whose one member expands to 1 GB of zeros (about 1 MB compressed): once as
an answers file, once as an evidence file named by a good answers file, and once with the member's declared size
patched down to 100 bytes (the claim in the central directory is not trusted). Each is imported into a throwaway
SQLite database through the same ``import_batch`` the CLI uses, streaming the zip from disk. Prints, per case, the
outcome, the bytes actually decompressed, the cap, and the peak Python memory (tracemalloc) and the process's
peak resident memory (getrusage).
Usage: python bench/zip_bench.py [EXPANDED_MB]   (default 1024)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.store import db, directory, importer  # noqa: E402
from scoring.store.actors import SYSTEM  # noqa: E402
from scoring.store.errors import DataInvalid  # noqa: E402
from tests.zip_fixtures import patch_central, write_bomb  # noqa: E402

MB = 1024 * 1024


def _answers(evidence_file: str | None) -> bytes:
    data = yaml.safe_load((ROOT / "data" / "examples" / "point.yaml").read_text(encoding="utf-8"))
    data["applicant"] = {"name": "上海炸弹测试有限公司"}
    if evidence_file:
        data["answers"]["P01"]["evidence"] = [{"title": "通知", "date": "2026-06-01", "file": evidence_file}]
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def _case(folder: Path, label: str, expanded_mb: int) -> Path:
    path = folder / f"{label}.zip"
    if label == "answers_bomb":
        write_bomb(path, "炸弹.yaml", expanded_mb)
    elif label == "evidence_bomb":
        write_bomb(path, "材料/炸弹.pdf", expanded_mb, extra={"甲.yaml": _answers("材料/炸弹.pdf")})
    else:  # lying_size
        write_bomb(path, "炸弹.yaml", expanded_mb)
        path.write_bytes(patch_central(path.read_bytes(), "炸弹.yaml", file_size=100))
    return path


def _import(engine, office_id: int, path: Path) -> tuple[str, int, float, int, int]:
    source = importer.open_source(path)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with db.session_scope(engine) as session:
            report = importer.import_batch(session, SYSTEM, source, office_id, dry_run=True)
        problems = [p.message for f in report.files for p in f.problems]
        outcome = "refused: " + next((m for m in problems if "炸弹" in m), "ACCEPTED (wrong)")
    except DataInvalid as err:
        outcome = "refused: " + err.message
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        source.close()
    seconds = time.perf_counter() - started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before  # KiB on Linux
    return outcome, source.bytes_read, seconds, peak, rss_growth


def main() -> int:
    expanded_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = db.make_engine(f"sqlite:///{folder / 'bench.db'}")
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            office_id = directory.create_office(session, SYSTEM, "新桥市场监管所").id
        print(f"caps: answers file {importer.answers_limit_bytes() / MB:g} MB, evidence file "
              f"{importer.max_upload_bytes() / MB:g} MB, batch {importer.batch_limit_bytes() / MB:g} MB")
        for label in ("answers_bomb", "evidence_bomb", "lying_size"):
            path = _case(folder, label, expanded_mb)
            outcome, read, seconds, peak, rss = _import(engine, office_id, path)
            print(f"{label}: zip {path.stat().st_size / MB:.1f} MB expanding to {expanded_mb} MB; "
                  f"decompressed {read / MB:.1f} MB in {seconds:.2f} s; peak Python memory {peak / MB:.1f} MB; "
                  f"peak RSS growth {rss / 1024:.1f} MB")
            print(f"  {outcome}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
