"""Import and score submissions into PostgreSQL and into SQLite, then load the reviewer's table, export the round,
and measure the audit log and the drafts.

The answers files are varied copies of data/examples/point.yaml (items flipped to not met or partly met, evidence
dropped or dated out of the year, inspection counts changed, a different applicant each), written as one batch
folder with the example's evidence files (small PDFs and an xlsx), imported as the CLI and the app's background
job import: the file checks with no transaction open, then the database checks and the write of all of them in
one transaction (evidence encrypted). Prints import
throughput, the longest log-in while the import runs (the audit head is locked only at commit), the reviewer's
table load time (target < 1 s), the one-round xlsx export, the audit append rate under 16 concurrent writers with
the verify time, and creating then listing drafts.

Temporary files (the batch folders, the SQLite databases) go under ``TMPDIR``: point it at a folder nobody else
cleans when the bench runs for long. PostgreSQL: ``TSP_BENCH_POSTGRES_URL`` or ``TSP_TEST_POSTGRES_URL`` (default
postgresql+psycopg://postgres@127.0.0.1:5432/test); the bench works in a schema of its own and drops it.
Usage: python bench/store_bench.py [N ...] [--sqlite-only | --postgres-only] [--big]   (default N = 500; several sizes run one after
the other; --big: 5,000 and 20,000 submissions and 5,000 drafts, which takes many minutes). Each figure is followed
by the machine's load average, since the bench shares its cores with whatever else runs.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import threading  # noqa: E402

from scoring.drafts import DraftStore  # noqa: E402
from scoring.store import audit, auth, db, directory, exports, importer, submissions  # noqa: E402
from scoring.store.actors import SYSTEM  # noqa: E402
from scoring.store.errors import DatabaseBusy  # noqa: E402
from scoring.uscc import uscc_check_char  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "point.yaml"
OFFICE = "新桥市场监管所"
TARGET_SECONDS = 1.0
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _pdf(title: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, title)
    page.save()
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["姓名", "培训日期", "签到"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def vary(base: dict, index: int, rng: random.Random) -> dict:
    """A plausible variant of the example: another applicant, some items weaker, some evidence missing or old."""
    data = copy.deepcopy(base)
    body = f"91310117MA1{index:06d}"
    data["applicant"] = {**data["applicant"], "name": f"上海基准样本{index:04d}科技有限公司",
                         "uscc": body + uscc_check_char(body)}
    answers = data["answers"]
    for item_id in list(answers):
        answer = answers[item_id]
        roll = rng.random()
        if "met" in answer:
            if roll < 0.08:
                answers[item_id] = {"met": False}
            elif roll < 0.14 and answer.get("met") is True:
                answer.pop("evidence", None)  # claimed, but no evidence given
            elif roll < 0.20 and answer.get("evidence"):
                first = answer["evidence"][0]
                if "title" in first:
                    first["date"] = (dt.date(2026, 11, 1) + dt.timedelta(days=rng.randint(1, 60))).isoformat()
        elif "value" in answer:
            answer["value"] = rng.randint(0, 4)
    for item_id in ("PB2", "PB4", "PB5", "PB7"):
        if rng.random() < 0.3:
            answers[item_id] = {"met": True, "evidence": [{"title": f"{item_id} 证明材料", "date": "2026-05-01"}]}
    return data


def write_batch(folder: Path, n: int) -> None:
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(20261123)
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    for name in ("员工保密协议.pdf", "管理制度.pdf", "领导小组通知.pdf"):
        (evidence / name).write_bytes(_pdf(name))
    (evidence / "培训签到表.xlsx").write_bytes(_xlsx())
    for index in range(n):
        text_ = yaml.dump(vary(base, index, rng), Dumper=DUMPER, allow_unicode=True, sort_keys=False)
        (folder / f"申报{index:04d}.yaml").write_text(text_, encoding="utf-8")


def run(label: str, engine, folder: Path, n: int) -> float:
    """Import the batch (timing log-ins meanwhile), then time the reviewer's table and the export; returns the
    table's median load time."""
    with db.session_scope(engine) as s:
        office = directory.create_office(s, SYSTEM, OFFICE)
        reviewer = auth.actor_of(auth.create_user(s, SYSTEM, "bench_reviewer", "基准审核员", "bench password",
                                                  "reviewer", office_id=office.id))
    outcome = {}

    def do_import() -> None:
        start = time.perf_counter()
        source = importer.open_source(folder)
        batch = importer.check_files(source)  # no transaction: reading thousands of files holds no lock
        outcome["report"] = db.run_in_transaction(
            engine, lambda s: importer.import_checked(s, SYSTEM, batch, office.id))
        outcome["seconds"] = time.perf_counter() - start

    worker = threading.Thread(target=do_import)
    worker.start()
    logins, refused = [], 0
    while worker.is_alive():
        begin = time.perf_counter()
        try:
            db.run_in_transaction(engine, lambda s: auth.login(s, "bench_reviewer", "bench password"))
        except DatabaseBusy:  # SQLite's one writer is the import until it commits: the log-in gave up waiting
            refused += 1
        logins.append(time.perf_counter() - begin)
        worker.join(0.5)
    worker.join()
    if "report" not in outcome:
        raise SystemExit(f"[{label}] the import failed (see the traceback above)")
    report, seconds = outcome["report"], outcome["seconds"]
    assert report.written, report.lines()[:5]
    evidence_files = sum(f.evidence_files for f in report.files)
    loads = []
    frame = None
    for _ in range(5):
        begin = time.perf_counter()
        with db.session_scope(engine, readonly=True) as s:
            frame = submissions.submissions_table(s, reviewer)
        loads.append(time.perf_counter() - begin)
    assert len(frame) == n
    load = statistics.median(loads)
    print(f"[{label}] import + score: {n} files, {evidence_files} evidence files encrypted, {seconds:.2f} s "
          f"({n / seconds:,.0f} submissions/s, validation and one transaction included); {_load()}")
    print(f"[{label}] log-ins during the import: {len(logins)}, longest {max(logins) * 1000:.0f} ms, "
          f"median {statistics.median(logins) * 1000:.0f} ms, {refused} refused as busy after their retries")
    print(f"[{label}] reviewer's table: {len(frame)} rows x {len(frame.columns)} columns, median of 5 loads "
          f"{load * 1000:.0f} ms (min {min(loads) * 1000:.0f} ms); target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if load < TARGET_SECONDS else 'NOT met'}; {_load()}")
    begin = time.perf_counter()
    data = db.run_in_transaction(engine, lambda s: exports.submissions_xlsx(s, reviewer))
    seconds = time.perf_counter() - begin
    rows = _item_rows(engine)
    print(f"[{label}] one-round xlsx export: {n} submissions, {rows:,} item rows, {len(data) / 1e6:.1f} MB, "
          f"{seconds:.1f} s ({rows / seconds:,.0f} item rows/s); {_load()}")
    return load


def _item_rows(engine) -> int:
    """Stored item rows (what the export's item sheet has, one per item of every submission)."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM submission_items")).scalar()


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def audit_rate(label: str, engine, writers: int = 16, per_writer: int = 40) -> None:
    """``writers`` threads each committing ``per_writer`` one-row transactions; then one full verify."""
    errors = []

    def writer(n: int) -> None:
        try:
            for k in range(per_writer):
                db.run_in_transaction(engine, lambda s: audit.record(s, SYSTEM, "export", "bench", n, step=k))
        except Exception as err:  # noqa: BLE001 - counted below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begin
    total = writers * per_writer
    with db.session_scope(engine, readonly=True) as s:
        started = time.perf_counter()
        report = audit.verify(s)
        verify_seconds = time.perf_counter() - started
    print(f"[{label}] audit append: {writers} writers x {per_writer} transactions = {total} rows in "
          f"{seconds:.2f} s ({total / seconds:,.0f} rows/s), {len(errors)} errors; verify of {report.rows} rows "
          f"{verify_seconds * 1000:.0f} ms ({verify_seconds / max(report.rows, 1) * 1e6:.0f} µs a row), "
          f"{'intact' if report.ok else 'BROKEN: ' + report.message}; {_load()}")


def drafts_bench(root: Path, n: int, store: DraftStore | None = None, label: str = "files") -> None:
    store = store if store is not None else DraftStore(root)
    working = {"rubric": "point", "applicant": {"name": "基准单位"}, "answers": {}}
    begin = time.perf_counter()
    for index in range(n):
        store.create({**working, "applicant": {"name": f"基准单位{index}"}})
    created = time.perf_counter() - begin
    begin = time.perf_counter()
    listed = store.list()
    print(f"[drafts, {label}] created {n} in {created:.1f} s, listed {len(listed)} in "
          f"{time.perf_counter() - begin:.2f} s")


def _postgres_schema():
    url = os.environ.get("TSP_BENCH_POSTGRES_URL") or os.environ.get("TSP_TEST_POSTGRES_URL") \
        or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    schema = f"tsp_bench_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(url)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return scoped.render_as_string(hide_password=False), drop


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    big = "--big" in sys.argv
    sizes = [int(a) for a in args] if args else ([5000, 20000] if big else [500])
    os.environ.setdefault("TSP_SECRET_KEY", base64.b64encode(os.urandom(32)).decode())
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        drafts_bench(Path(tmp) / "drafts", 5000 if big else 500)
        for n in sizes:
            folder = Path(tmp) / f"batch{n}"
            began = time.perf_counter()
            write_batch(folder, n)
            print(f"generated {n} varied point answers files in {time.perf_counter() - began:.1f} s")

            if "--postgres-only" not in sys.argv:
                engine = db.connect(f"sqlite:///{Path(tmp) / f'bench{n}.db'}")
                failures += run("SQLite", engine, folder, n) >= TARGET_SECONDS
                audit_rate("SQLite", engine)
                engine.dispose()

            if "--sqlite-only" in sys.argv:
                continue
            try:
                url, drop = _postgres_schema()
            except Exception as err:  # noqa: BLE001
                print(f"[PostgreSQL] cannot be reached: {err}")
                return 1
            try:
                engine = db.connect(url)
                if n == sizes[0]:
                    from scoring.draft_db import DatabaseDraftStore

                    drafts_bench(Path(tmp), 5000 if big else 500, DatabaseDraftStore(url, Path(tmp) / "cache"),
                                 "PostgreSQL")
                failures += run("PostgreSQL", engine, folder, n) >= TARGET_SECONDS
                audit_rate("PostgreSQL", engine)
                engine.dispose()
            finally:
                drop()
    return int(failures > 0)


if __name__ == "__main__":
    raise SystemExit(main())
