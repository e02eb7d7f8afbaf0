"""Check, redact and bundle 50 generated evidence files of mixed kinds.

Makes 2–4 page PDFs, Word files with tables, Excel sign-in sheets, text/CSV/Markdown files and images (a third
carry made-up personal data), one answers file pointing to them (some shared by several items), then times:
the desensitisation check, the redacted copies, and the evidence bundle (Word and Excel through LibreOffice when
installed, else those files are left out of the bundle run and the figure says so).
Usage: python bench/evidence_bench.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.answers import load_answers  # noqa: E402
from scoring.evidence.bundle import build_bundle  # noqa: E402
from scoring.evidence.check import check_evidence  # noqa: E402
from scoring.evidence.convert import find_soffice  # noqa: E402
from scoring.evidence.redact import redact_evidence  # noqa: E402
from scoring.rubric import load_rubric  # noqa: E402
from tests.evidence_fixtures import (  # noqa: E402
    CARD, DECOYS, EMAIL, ID, LANDLINE, MOBILE, make_docx, make_pdf, make_png, make_xlsx, write_answers,
)

KINDS = ("pdf", "docx", "xlsx", "txt", "png", "pdf", "csv", "md", "pdf", "docx")
PERSONAL = (f"身份证号：{ID}", f"手机：{MOBILE}", f"银行卡：{CARD}", f"邮箱：{EMAIL}", f"电话：{LANDLINE}")


def make_file(folder: Path, index: int) -> str:
    kind = KINDS[index % len(KINDS)]
    name = f"evidence/{index:02d}.{kind}"
    path = folder / name
    lines = [f"证明材料 {index} 第 {k} 行：商业秘密保护工作记录。" for k in range(12)] + DECOYS
    if index % 3 == 0:
        lines.append(PERSONAL[index % len(PERSONAL)])
    if kind == "pdf":
        make_pdf(path, [lines] * (2 + index % 3))
    elif kind == "docx":
        make_docx(path, lines, table=[["姓名", "部门", "备注"]] + [[f"员工{k}", "研发部", DECOYS[k % 3]]
                                                                  for k in range(8)])
    elif kind == "xlsx":
        make_xlsx(path, [["序号", "姓名", "内容"]] + [[k, f"员工{k}", line] for k, line in enumerate(lines)])
    elif kind == "png":
        make_png(path, (800, 600))
    else:
        path.write_text("\n".join(lines), encoding="utf-8")
    return name


def main(count: int) -> None:
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as temp:
        folder = Path(temp)
        (folder / "evidence").mkdir()
        names = [make_file(folder, i) for i in range(count)]
        if soffice is None:
            names = [n for n in names if not n.endswith((".docx", ".xlsx"))]
        items = [item.id for item in load_rubric("point").items if not item.bonus and item.rule.kind == "check"]
        answers = {item_id: {"met": True, "evidence": []} for item_id in items}
        for index, name in enumerate(names):
            answers[items[index % len(items)]]["evidence"].append({"title": f"证明材料 {index}", "file": name})
        for item_id in items[:5]:  # shared by several items
            answers[item_id]["evidence"].append({"title": "共用材料", "file": names[0]})
        answers = {k: v for k, v in answers.items() if v["evidence"]}
        path = write_answers(folder, answers)
        loaded = load_answers(path)

        start = time.perf_counter()
        report = check_evidence(loaded, folder)
        checked = time.perf_counter() - start
        start = time.perf_counter()
        redaction = redact_evidence(loaded, folder, folder / "redacted")
        redacted = time.perf_counter() - start
        start = time.perf_counter()
        bundle = build_bundle(loaded, folder, folder / "证明材料.pdf", folder / "redacted", soffice=soffice)
        bundled = time.perf_counter() - start
        size = (folder / "证明材料.pdf").stat().st_size

    print(f"evidence files: {len(names)} ({'with' if soffice else 'WITHOUT'} LibreOffice for docx/xlsx)")
    print(f"check:  {checked:6.2f} s  ({len(report.findings)} findings, {len(report.unchecked)} unchecked, "
          f"{len(report.problems)} problems)")
    print(f"redact: {redacted:6.2f} s  ({len(redaction.copies)} copies, {len(redaction.problems)} problems)")
    print(f"bundle: {bundled:6.2f} s  ({bundle.pages} pages, {size / 1024:.0f} KiB)")
    print(f"total:  {checked + redacted + bundled:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
