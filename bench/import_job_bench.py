"""A batch import run as the background job the 批量导入 page queues, on SQLite and on PostgreSQL.

The batch is store_bench's (varied copies of the point example with the example's evidence files), zipped. The
bench queues it as the page does (the zip stored encrypted in the database), runs one worker in a thread and,
meanwhile, does what other users would: reads the job's progress every half second and signs in (a write
transaction) every quarter of a second. Prints the zip's size and the time to queue it, how long the worker spent reading the
upload and checking the files (no transaction held) and in the one write transaction, how many distinct progress
values a reader saw, and the longest and median sign-in during each of the two phases.

PostgreSQL: ``TSP_BENCH_POSTGRES_URL`` or ``TSP_TEST_POSTGRES_URL`` (default
postgresql+psycopg://postgres@127.0.0.1:5432/test); the bench works in a schema of its own and drops it.
Usage: python bench/import_job_bench.py [N] [--sqlite-only]   (default N = 500)
"""

from __future__ import annotations

import base64
import io
import os
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store_bench import OFFICE, _postgres_schema, write_batch  # noqa: E402
from scoring.store import auth, db, directory, import_jobs, jobs  # noqa: E402
from scoring.store.actors import SYSTEM  # noqa: E402
from scoring.store.models import JobInput  # noqa: E402


PAUSE_SECONDS = 0.25  # between one sign-in and the next (each holds SQLite's write lock for its argon2 check)


def zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _ms(values: list[float]) -> str:
    if not values:
        return "none"
    return f"{len(values)}, longest {max(values) * 1000:.0f} ms, median {statistics.median(values) * 1000:.0f} ms"


def run(label: str, engine, data: bytes, n: int) -> None:
    with db.session_scope(engine) as s:
        office = directory.create_office(s, SYSTEM, OFFICE)
        reviewer = auth.actor_of(auth.create_user(s, SYSTEM, "bench_reviewer", "基准审核员", "bench password",
                                                  "reviewer", office_id=office.id))
    begin = time.perf_counter()
    with db.session_scope(engine) as s:
        job_id = import_jobs.enqueue_import(s, reviewer, io.BytesIO(data), "基准批次.zip", office.id)
    queued = time.perf_counter() - begin
    with db.session_scope(engine, readonly=True) as s:
        pieces = s.query(JobInput).filter(JobInput.job_id == job_id).count()
    print(f"[{label}] queued a {len(data) / 1e6:.1f} MB zip ({n} answers files) in {queued:.2f} s "
          f"({pieces} encrypted pieces)")

    worker = threading.Thread(target=jobs.run_one, args=(engine, "bench-worker"))
    started = time.perf_counter()
    transitions: list[tuple[float, str]] = []  # (seconds from the start, phase first seen)
    progress: set[int] = set()
    signins: list[tuple[float, float, bool]] = []  # (start, seconds, succeeded)

    def poll() -> None:  # the page's fragment: a read every half second
        while worker.is_alive():
            with db.session_scope(engine, readonly=True) as s:
                view = import_jobs.import_job(s, reviewer, job_id)
            progress.add(view.done)
            if not transitions or transitions[-1][1] != view.phase:
                transitions.append((time.perf_counter() - started, view.phase))
            time.sleep(0.5)

    def sign_in() -> None:  # other users signing in meanwhile (a write transaction each)
        while worker.is_alive():
            begin = time.perf_counter()
            try:
                db.run_in_transaction(engine, lambda s: auth.login(s, "bench_reviewer", "bench password"))
                ok = True
            except Exception:  # noqa: BLE001 - a sign-in that gave up waiting is a result too
                ok = False
            signins.append((begin - started, time.perf_counter() - begin, ok))
            time.sleep(PAUSE_SECONDS)

    helpers = [threading.Thread(target=poll), threading.Thread(target=sign_in)]
    worker.start()
    for thread in helpers:
        thread.start()
    worker.join()
    total = time.perf_counter() - started
    for thread in helpers:
        thread.join()
    with db.session_scope(engine, readonly=True) as s:
        view = import_jobs.import_job(s, reviewer, job_id)
        left = s.query(JobInput).filter(JobInput.job_id == job_id).count()
    assert view.status == "done" and view.ok, view.message
    print(f"[{label}] job done in {total:.1f} s: {view.message}; upload pieces left {left}")
    write_start = next((at for at, phase in transitions if phase == "writing"), total)
    print(f"[{label}] reading the upload + checking the files (no transaction held): {write_start:.1f} s; "
          f"the write transaction (checks against the database, writes, commit): {total - write_start:.1f} s")
    print(f"[{label}] distinct progress values a reader polling every 0.5 s saw: {len(progress)}")
    before = [seconds for at, seconds, _ok in signins if at < write_start]
    during = [seconds for at, seconds, _ok in signins if at >= write_start]
    failed = sum(1 for _at, _seconds, ok in signins if not ok)
    print(f"[{label}] sign-ins begun before the write transaction: {_ms(before)}; during it: {_ms(during)}; "
          f"failed: {failed}")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 500
    os.environ.setdefault("TSP_SECRET_KEY", base64.b64encode(os.urandom(32)).decode())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        write_batch(folder, n)
        data = zip_folder(folder)
        engine = db.connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
        run("SQLite", engine, data, n)
        engine.dispose()
        if "--sqlite-only" in sys.argv:
            return 0
        url, drop = _postgres_schema()
        try:
            engine = db.connect(url)
            run("PostgreSQL", engine, data, n)
            engine.dispose()
        finally:
            drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
