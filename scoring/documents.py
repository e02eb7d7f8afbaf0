"""The application documents as Word files: the Annex 1 form and the filled acceptance table (验收表).

Templates are docxtpl files under ``forms/`` built by ``forms/build_templates.py``. Every render goes through a
sandboxed, autoescaping Jinja environment, so a template (an office's adjusted copy, say) can only read the values
it is given, and every value shows literally: ``&``, ``<``, quotes and ``{{`` as typed, line breaks as real breaks.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, Listing
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from . import document_text as text
from .answers import AnswersFile
from .engine import ItemResult, ScoreResult, check_evidence
from .points import as_json_number, half_points
from .resources import data_folder
from .rubric import Rubric, load_rubric

APPLICATION_TEMPLATES = {"zone": "application_zone.docx", "station": "application_station_point.docx",
                         "point": "application_station_point.docx"}
ACCEPTANCE_TEMPLATE = "acceptance_table.docx"
IN_PLACE_STATUSES = ("met", "partial", "capped_by_evidence")
SUMMARY_EVIDENCE_LIMIT = 4
MAX_SEQUENCE = 100_000  # longest string or list a template may build with ``*``
MAX_EXPONENT = 100

# Characters XML 1.0 forbids (all C0 controls but tab and line feed once CR is normalised), and lone surrogates.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class DocumentError(Exception):
    """A document could not be made; the message (Chinese) says why."""


def forms_dir() -> Path:
    """Folder of the document templates (``TSP_FORMS_DIR`` overrides it)."""
    override = os.environ.get("TSP_FORMS_DIR")
    return Path(override) if override else data_folder("forms")


# ---------------------------------------------------------------- the sandbox


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja sandbox for document templates: no attribute tricks, no mutation, no giant strings or numbers."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right!r} is larger than {MAX_EXPONENT}")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int) \
                        and len(sequence) * times > MAX_SEQUENCE:
                    raise SecurityError(f"a sequence longer than {MAX_SEQUENCE} items")
        return super().call_binop(context, operator, left, right)


def _environment() -> DocumentSandbox:
    return DocumentSandbox(autoescape=True, undefined=StrictUndefined)


# ---------------------------------------------------------------- values


def plain(value: object) -> str:
    """Text safe for a document: None → empty, CR/CRLF → LF, characters XML cannot hold removed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = as_json_number(value)
    result = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _XML_FORBIDDEN.sub("", result)


def literal(value: object, paragraphs: bool = False) -> Listing:
    """A template value that renders exactly as written: escaped, line breaks as real breaks.

    With ``paragraphs`` each line becomes its own paragraph (keeping the template paragraph's indent and
    alignment) instead of a line break. Braces become character references: docxtpl rewrites ``{_{`` to ``{{`` in
    the rendered XML, and a value must never take part in that.
    """
    value = plain(value)
    listing = Listing(value.replace("\n", "\a") if paragraphs else value)
    listing.xml = listing.xml.replace("{", "&#123;").replace("}", "&#125;")
    return listing


def number(value: Decimal) -> str:
    """A score as printed: ``5``, ``1.5``."""
    return str(as_json_number(value))


# ---------------------------------------------------------------- 商业秘密保护工作开展情况


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "") if n >= 10 else digits[n]


def _rubric_for(result: ScoreResult, rubric: Rubric | None, what: str) -> Rubric:
    rubric = rubric or load_rubric(result.rubric)
    if rubric.rubric != result.rubric:
        raise DocumentError(text.CATEGORY_MISMATCH.format(result=result.rubric, what=what, other=rubric.rubric))
    return rubric


def _evidence_titles(rubric: Rubric, answers: AnswersFile, result: ScoreResult, item_id: str) -> list[str]:
    answer = answers.answers.get(item_id)
    if answer is None:
        return []
    valid = check_evidence(rubric.item(item_id), answer.evidence, answers.assessed_on, result.period_start).valid
    return [entry.title for entry in valid]


def _inner_quotes(title: str) -> str:
    """Double quotes inside a quoted title become single ones, as Chinese nesting requires."""
    return title.replace("“", "‘").replace("”", "’")


def _indicator_line(numeral: str, indicator: str, items: list[ItemResult], evidence: list[str]) -> str:
    met = [i for i in items if i.status == "met"]
    partial = [i for i in items if i.status != "met"]
    measures = []
    for group, phrase in ((met, text.SUMMARY_MET), (partial, text.SUMMARY_PARTIAL)):
        if group:
            titles = "".join(text.SUMMARY_TITLE_QUOTE.format(title=_inner_quotes(i.title)) for i in group)
            measures.append(phrase.format(titles=titles))
    line = text.SUMMARY_INDICATOR.format(numeral=numeral, indicator=indicator,
                                         measures=text.SUMMARY_JOIN_MEASURES.join(measures)) + "。"
    if evidence:
        shown = evidence[:SUMMARY_EVIDENCE_LIMIT]
        more = text.SUMMARY_EVIDENCE_MORE.format(count=len(evidence)) if len(evidence) > len(shown) else ""
        line += text.SUMMARY_EVIDENCE.format(
            titles="".join(text.SUMMARY_EVIDENCE_QUOTE.format(title=t) for t in shown), more=more)
    return line


def draft_work_summary(rubric: Rubric, answers: AnswersFile, result: ScoreResult) -> str:
    """商业秘密保护工作开展情况 drafted from the self-assessment: one line per 评价指标 naming the measures in place.

    An item is in place when its evidence supports some of its points (fully: 已落实; partly: 部分落实); the
    titles of the evidence that counts follow, at most four per indicator. Plain text, one line per paragraph.
    """
    rubric = _rubric_for(result, rubric, "验收表")
    intro = text.SUMMARY_INTRO.format(
        name=answers.applicant.name, table=rubric.title, claimed=number(result.claimed_total),
        base=number(result.base), base_max=number(result.base_max),
        bonus=number(result.bonus), total=number(result.total))
    groups: dict[str, list[ItemResult]] = {}
    for item in result.items:
        if item.status in IN_PLACE_STATUSES and item.score > 0:
            groups.setdefault(item.indicator, []).append(item)
    lines = [intro]
    for index, (indicator, items) in enumerate(groups.items(), start=1):
        evidence = list(dict.fromkeys(
            title for item in items for title in _evidence_titles(rubric, answers, result, item.id)))
        lines.append(_indicator_line(chinese_numeral(index), indicator, items, evidence))
    if not groups:
        lines.append(text.SUMMARY_NOTHING)
    return "\n".join(lines)


def work_summary_text(rubric: Rubric | None, answers: AnswersFile, result: ScoreResult) -> str:
    """The applicant's own 开展情况 when written (answers.applicant.work_summary), else the drafted one."""
    own = answers.applicant.work_summary
    if own and own.strip():
        return own
    return draft_work_summary(_rubric_for(result, rubric, "验收表"), answers, result)


# ---------------------------------------------------------------- rendering


def _template_path(name: str, template: str | Path | None) -> Path:
    return Path(template) if template is not None else forms_dir() / name


def _load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise DocumentError(text.TEMPLATE_MISSING.format(path=path))
    try:
        tpl = DocxTemplate(io.BytesIO(path.read_bytes()))
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError) as err:
        raise DocumentError(text.TEMPLATE_UNREADABLE.format(path=path, error=err)) from None
    return tpl


def render_template(path: Path, context: dict[str, Any], after: Iterable = ()) -> bytes:
    """Render one docxtpl template in the sandbox; ``after`` are functions applied to the rendered Document."""
    tpl = _load_template(path)
    try:
        tpl.render(context, jinja_env=_environment(), autoescape=True)
    except SecurityError as err:
        raise DocumentError(text.TEMPLATE_FORBIDDEN.format(path=path, error=err)) from None
    except UndefinedError as err:
        raise DocumentError(text.TEMPLATE_UNDEFINED.format(path=path, error=err)) from None
    except TemplateSyntaxError as err:
        raise DocumentError(text.TEMPLATE_SYNTAX.format(path=path, line=err.lineno, error=err.message)) from None
    except (TemplateError, etree.XMLSyntaxError, ArithmeticError, TypeError, ValueError, LookupError) as err:
        # Runtime errors of a template's own expressions (1/0, a range the sandbox refuses, …).
        raise DocumentError(text.TEMPLATE_FAILED.format(path=path, error=err)) from None
    for step in after:
        step(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


FORM_FIELDS = ("name", "uscc", "leader", "address", "postcode", "org_type", "contact", "contact_title", "phone")
ZONE_FORM_FIELDS = ("park_enterprises", "park_output_value")


def blank_form_fields(rubric_name: str, working_applicant: dict[str, Any],
                      invalid: set[str]) -> list[tuple[str, bool]]:
    """The Annex 1 form fields that will print blank: (field, True when a value was given but is invalid).

    ``working_applicant`` is what the applicant typed (valid or not); ``invalid`` the fields validation refused.
    """
    fields = FORM_FIELDS + (ZONE_FORM_FIELDS if rubric_name == "zone" else ())
    blank = []
    for key in fields:
        typed = working_applicant.get(key)
        if key in invalid and typed not in (None, ""):
            blank.append((key, True))
        elif typed in (None, "") or (isinstance(typed, str) and not typed.strip()):
            blank.append((key, False))
    return blank


def application_context(answers: AnswersFile, result: ScoreResult, rubric: Rubric | None = None) -> dict[str, Any]:
    """The values of the Annex 1 form, each ready to render literally."""
    applicant = answers.applicant
    fields = FORM_FIELDS + ZONE_FORM_FIELDS
    context: dict[str, Any] = {key: literal(getattr(applicant, key)) for key in fields}
    context["work_summary"] = literal(work_summary_text(rubric, answers, result), paragraphs=True)
    context["category_marks"] = literal(text.CATEGORY_MARKS.get(answers.rubric, ""))
    return context


@dataclass(frozen=True)
class OpinionText:
    """An opinion printed into its Annex 1 row: the text, the person responsible and the date."""

    text: str
    responsible: str
    date: dt.date


OPINION_KEYS = ("recommendation", "acceptance")
BLANK_RESPONSIBLE = "\u3000" * 8
BLANK_DATE = "年\u3000\u3000月\u3000\u3000日"


def opinion_context(opinions: Mapping[str, OpinionText] | None) -> dict[str, Any]:
    """The two opinion rows' values: the recorded opinion, or the official form's blank lines."""
    context: dict[str, Any] = {}
    for key in OPINION_KEYS:
        opinion = (opinions or {}).get(key)
        context[f"{key}_text"] = literal(opinion.text if opinion else "", paragraphs=True)
        context[f"{key}_responsible"] = literal(opinion.responsible if opinion else BLANK_RESPONSIBLE)
        context[f"{key}_date"] = literal(f"{opinion.date.year}年{opinion.date.month}月{opinion.date.day}日"
                                         if opinion else BLANK_DATE)
    return context


def render_application_form(answers: AnswersFile, result: ScoreResult, rubric: Rubric | None = None, *,
                            template: str | Path | None = None,
                            opinions: Mapping[str, OpinionText] | None = None) -> bytes:
    """Annex 1 form as .docx bytes: 示范区申报表 for a zone, 示范站（点）申报表 for a station or point.

    ``template`` replaces the bundled template (an office's adjusted copy); it renders in the same sandbox.
    ``opinions`` (by ``recommendation`` / ``acceptance``) fill the two opinion rows; without them they stay blank.
    """
    if result.rubric != answers.rubric:
        raise DocumentError(text.CATEGORY_MISMATCH.format(result=result.rubric, what="自评文件", other=answers.rubric))
    path = _template_path(APPLICATION_TEMPLATES[answers.rubric], template)
    return render_template(path, {**application_context(answers, result, rubric), **opinion_context(opinions)})


# ---------------------------------------------------------------- acceptance table


def _item_scores(rubric: Rubric, result: ScoreResult, scores: dict[str, Decimal] | None) -> dict[str, Decimal]:
    by_id = {item.id: item.score for item in result.items}
    for item in rubric.items:
        if item.id not in by_id:
            raise DocumentError(text.SCORE_MISSING_ITEM.format(item_id=item.id))
    for item_id, raw in (scores or {}).items():
        if not rubric.has_item(item_id):
            raise DocumentError(text.SCORE_UNKNOWN_ITEM.format(item_id=item_id, table=rubric.title))
        top = rubric.item(item_id).points
        value = half_points(raw, Decimal(0), top)
        if value is None:
            raise DocumentError(text.SCORE_INVALID.format(item_id=item_id, value=raw, max=number(top)))
        by_id[item_id] = value
    return by_id


def acceptance_context(result: ScoreResult, rubric: Rubric | None = None, scores: dict[str, Decimal] | None = None,
                       reviewer: bool = False) -> dict[str, Any]:
    """The values of the filled 验收表: header, totals and one row per scored item in table order."""
    rubric = _rubric_for(result, rubric, "验收表")
    item_scores = _item_scores(rubric, result, scores)
    claimed = {item.id: item.claimed for item in result.items}
    checked_totals = _totals(rubric, item_scores)
    if reviewer:
        totals = [text.REVIEWER_TOTAL_LINE.format(**checked_totals)]
    else:
        totals = [text.CLAIMED_TOTAL_LINE.format(**_totals(rubric, claimed)),
                  text.CHECKED_TOTAL_LINE.format(**checked_totals)]
    rows = []
    for item in rubric.items:
        shown = item_scores[item.id] if reviewer else claimed[item.id]
        cell = number(shown)
        if not reviewer and item_scores[item.id] != shown:
            cell += "\n" + text.CHECKED_REMARK.format(score=number(item_scores[item.id]))
        rows.append({"indicator": literal(item.indicator), "content": literal(item.content), "id": literal(item.id),
                     "criterion": literal(text.CRITERION_CELL.format(id=item.id, criterion=item.criterion)),
                     "points": literal(text.POINTS_CELL.format(points=number(item.points))),
                     "score": literal(cell)})
    return {
        "title": literal(rubric.title),
        "name_label": literal(text.NAME_LABELS[rubric.rubric]),
        "name": literal(result.applicant.name),
        "totals": [literal(line) for line in totals],
        "rows": rows,
        "notes": [literal(note) for note in rubric.notes],
        "reviewer": reviewer,
    }


def _totals(rubric: Rubric, scores: dict[str, Decimal]) -> dict[str, str]:
    base = sum((scores[i.id] for i in rubric.base_items), Decimal(0))
    bonus = sum((scores[i.id] for i in rubric.bonus_items), Decimal(0))
    return {"total": number(base + bonus), "base": number(base), "bonus": number(bonus)}


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _merge_vertically(trs: list, column: int, keys: list) -> None:
    """Merge runs of consecutive rows whose key is equal into one cell of ``column``; later cells are emptied."""
    start = 0
    while start < len(trs):
        end = start
        while end + 1 < len(trs) and keys[end + 1] == keys[start]:
            end += 1
        if end > start:
            trs[start].tc_lst[column].vMerge = "restart"
            for tr in trs[start + 1:end + 1]:
                tc = tr.tc_lst[column]
                tc.vMerge = "continue"
                paragraphs = tc.p_lst
                for p in paragraphs[1:]:
                    tc.remove(p)
                for child in list(paragraphs[0]):
                    if child.tag != qn("w:pPr"):
                        paragraphs[0].remove(child)
        start = end + 1


def merge_indicator_cells(document) -> None:
    """Merge the 评价指标 and 评价内容 cells of consecutive rows of the same group, as in the official tables.

    Works on any table whose first header cell reads 评价指标; rows are grouped by their rendered text.
    """
    for table in document.tables:
        trs = table._tbl.tr_lst
        if not trs or not trs[0].tc_lst or _cell_text(trs[0].tc_lst[0]).strip() != "评价指标":
            continue
        body = [tr for tr in trs[1:] if len(tr.tc_lst) >= 2]
        indicators = [_cell_text(tr.tc_lst[0]) for tr in body]
        contents = [(_cell_text(tr.tc_lst[0]), _cell_text(tr.tc_lst[1])) for tr in body]
        _merge_vertically(body, 0, indicators)
        _merge_vertically(body, 1, contents)


def render_acceptance_table(result: ScoreResult, rubric: Rubric | None = None,
                            scores: dict[str, Decimal] | None = None, reviewer: bool = False, *,
                            template: str | Path | None = None) -> bytes:
    """The filled 验收表 of the result's category as .docx bytes.

    Every row of the annex (评价指标, 评价内容, 评价标准, 分值, 得分) with the applicant's name and the totals at the
    top. The applicant's table shows the claimed score of each item, with the evidence-checked score in brackets
    where it differs, and gives both totals, each named. ``reviewer=True`` shows the reviewer's scores instead
    (``scores`` overrides the evidence-checked ones) under a 评审总得分 and adds a signature line.
    """
    context = acceptance_context(result, rubric, scores, reviewer)
    path = _template_path(ACCEPTANCE_TEMPLATE, template)
    return render_template(path, context, after=(merge_indicator_cells,))
