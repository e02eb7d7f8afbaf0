"""Application documents: values in the right cells, every rubric row in the 验收表, literal values, a safe sandbox."""

from __future__ import annotations

import datetime as dt

import importlib.util
import io
import shutil
import subprocess
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from scoring.answers import load_answers
from scoring.documents import (
    DocumentError, draft_work_summary, number, render_acceptance_table, render_application_form, work_summary_text,
)
from scoring.engine import score
from scoring.rubric import load_rubric

from .conftest import EXAMPLES, ROOT, answers_for, ev

POINT_EXAMPLE = EXAMPLES / "point.yaml"
SIGNATURE = "\n负责人：　　　　　　　　（单位公章）　　\n年　　月　　日　　"  # empty opinion paragraph first

ZONE_PROFILE = dict(
    uscc="91310117MA1K8X2N3T", leader="赵园长", address="上海市松江区测试路 1 号", postcode="201600",
    org_type="科技企业孵化器", contact="孙联络", contact_title="办公室主任", phone="13800001111",
    park_enterprises=120, park_output_value="30 亿元")
STATION_PROFILE = dict(leader="钱会长", address="上海市松江区测试路 2 号", postcode="201601", org_type="行业协会",
                       contact="李秘书", contact_title="秘书长", phone="021-57000000")


# ---------------------------------------------------------------- helpers


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def beside(doc, label: str) -> str:
    """Text of the cell right of the (first) cell whose text is ``label``, skipping the label's own merged span."""
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            for index, cell in enumerate(cells):
                if cell.text == label:
                    for other in cells[index + 1:]:
                        if other._tc is not cell._tc:
                            return other.text
    raise AssertionError(f"no cell labelled {label!r}")


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def item_rows(doc) -> dict[str, list[str]]:
    """Item ID → texts of its row in the 验收表 (评价指标, 评价内容, 评价标准, 分值, 得分); the 评价标准 cell starts
    with the item ID."""
    table = doc.tables[0]
    return {row.cells[2].text.split("　", 1)[0]: [c.text for c in row.cells] for row in table.rows[1:]}


def claimed_and_checked(cell: str) -> tuple[Decimal, Decimal]:
    """A 得分 cell of the applicant's table: the claimed score, and the evidence-checked one in brackets if shown."""
    claimed, _, remark = cell.partition("\n")
    checked = remark.removeprefix("（证据核验：").removesuffix("）") if remark else claimed
    return Decimal(claimed), Decimal(checked)


def evaluate(answers):
    return score(None, answers)


@pytest.fixture(scope="module")
def point_example():
    answers = load_answers(POINT_EXAMPLE)
    return answers, score(None, answers)


def small_zone(**profile):
    return answers_for("zone", {
        "Z01": {"met": True, "evidence": [ev("领导小组设立通知")]},
        "Z04": {"met": "partial", "score": 2.5, "evidence": [ev("园区管理办法")]},
        "ZB3": {"met": True, "evidence": [ev("校企合作协议")]},
    }, **{**ZONE_PROFILE, **profile})


def small_station(**profile):
    return answers_for("station", {
        "S01": {"met": True, "evidence": [ev("协会领导小组通知")]},
        "S08": {"met": "partial", "score": 2.5, "evidence": [ev("使用登记表")]},
        "SB1": {"met": True, "evidence": [ev("联络机制文件")]},
    }, **{**STATION_PROFILE, **profile})


# ---------------------------------------------------------------- Annex 1 forms


def test_point_form_puts_every_profile_field_beside_its_label(point_example):
    answers, result = point_example
    doc = open_docx(render_application_form(answers, result))
    applicant = answers.applicant
    assert "松江区商业秘密保护示范站（点）申报表" in paragraphs(doc)
    assert "申报类别：☐ 示范站　　☑ 示范点" in paragraphs(doc)
    assert beside(doc, "单位名称") == applicant.name == "上海松芯微电子科技有限公司"
    assert beside(doc, "负责人") == applicant.leader
    assert beside(doc, "统一社会\n信用代码") == applicant.uscc
    assert beside(doc, "联系地址") == applicant.address
    assert beside(doc, "邮政编码") == applicant.postcode
    assert beside(doc, "单位类型") == applicant.org_type
    assert beside(doc, "联系人") == applicant.contact
    assert beside(doc, "职务/职称") == applicant.contact_title
    assert beside(doc, "联系电话") == applicant.phone


def test_zone_form_is_the_park_form_with_enterprises_and_output_value():
    answers = small_zone(name="松江测试园区")
    doc = open_docx(render_application_form(answers, evaluate(answers)))
    assert "松江区商业秘密保护示范区申报表" in paragraphs(doc)
    assert not any(p.startswith("申报类别") for p in paragraphs(doc))
    assert beside(doc, "园区名称") == "松江测试园区"
    assert beside(doc, "园区类型") == "科技企业孵化器"
    assert beside(doc, "入园企业\n数量") == "120"
    assert beside(doc, "园区产值") == "30 亿元"
    assert beside(doc, "负责人") == "赵园长"
    assert beside(doc, "联系电话") == "13800001111"


def test_station_form_marks_the_station_box():
    answers = small_station(name="松江测试协会")
    doc = open_docx(render_application_form(answers, evaluate(answers)))
    assert "申报类别：☑ 示范站　　☐ 示范点" in paragraphs(doc)
    assert beside(doc, "单位名称") == "松江测试协会"
    assert beside(doc, "单位类型") == "行业协会"


def test_fields_left_out_of_the_profile_stay_blank_for_handwriting():
    answers = answers_for("point", {})
    doc = open_docx(render_application_form(answers, evaluate(answers)))
    assert beside(doc, "单位名称") == "测试单位"
    for label in ("负责人", "联系地址", "邮政编码", "单位类型", "联系人", "职务/职称", "联系电话"):
        assert beside(doc, label) == ""


@pytest.mark.parametrize("make", [small_zone, small_station])
def test_opinion_rows_hold_only_the_blank_signature_seal_and_date_lines(make):
    answers = make()
    doc = open_docx(render_application_form(answers, evaluate(answers)))
    assert beside(doc, "市场所\n推荐意见") == SIGNATURE
    assert beside(doc, "区局验收\n意见") == SIGNATURE


@pytest.mark.parametrize("make", [small_zone, small_station])
def test_recorded_opinions_are_printed_into_their_rows_escaped(make):
    from scoring.documents import OpinionText

    answers = make()
    opinions = {"recommendation": OpinionText("同意推荐 <b>&</b> {{ x }}", "王所长", dt.date(2026, 9, 8)),
                "acceptance": OpinionText("经综合评定，予以通过。", "陈科长", dt.date(2026, 9, 25))}
    doc = open_docx(render_application_form(answers, evaluate(answers), opinions=opinions))
    assert beside(doc, "市场所\n推荐意见") == "同意推荐 <b>&</b> {{ x }}\n负责人：王所长（单位公章）　　\n2026年9月8日　　"
    assert beside(doc, "区局验收\n意见") == "经综合评定，予以通过。\n负责人：陈科长（单位公章）　　\n2026年9月25日　　"


def test_form_work_summary_is_the_draft_when_the_applicant_wrote_none(point_example):
    answers, result = point_example
    doc = open_docx(render_application_form(answers, result))
    assert beside(doc, "商业秘密\n保护工作\n开展情况") == "（可附件）\n" + draft_work_summary(load_rubric("point"),
                                                                                           answers, result)


def test_form_work_summary_is_the_applicants_own_text_when_written():
    own = "一、建立了保密制度。\n二、开展了全员培训。"
    answers = small_station(work_summary=own)
    result = evaluate(answers)
    assert work_summary_text(None, answers, result) == own
    doc = open_docx(render_application_form(answers, result))
    cell_text = beside(doc, "商业秘密\n保护工作\n开展情况")
    assert cell_text == "（可附件）\n" + own  # as the annex has it; each line its own paragraph


# ---------------------------------------------------------------- 商业秘密保护工作开展情况 draft


def test_draft_names_items_in_place_with_only_the_evidence_that_counts():
    answers = answers_for("point", {
        "P01": {"met": True, "evidence": [ev("领导小组通知"), ev("评估日之后的纪要", "2026-12-05")]},
        "P03": {"met": "partial", "score": 1.5, "evidence": [ev("办公室照片", date=None)]},
        "P06": {"met": True},  # claimed without evidence: not in place
        "P42": {"value": 2, "evidence": [ev("上半年检查报告", "2026-06-30"), ev("下半年检查报告", "2026-10-15"),
                                         ev("前年检查报告", "2024-05-01")]},
    })
    lines = draft_work_summary(load_rubric("point"), answers, evaluate(answers)).split("\n")
    assert lines == [
        "测试单位对照《区级商业秘密保护示范点验收表》逐项自查，自评 11.5 分；按所附证据核验，基本项 9.5 分（满分 100 分），"
        "加分项 0 分，合计 9.5 分。已开展的主要工作如下：",
        "一、组织机构：已落实“领导小组、办事机构及职责”；部分落实“办公场所、设施和工作经费”。"
        "相关材料：《领导小组通知》《办公室照片》。",
        "二、商业秘密检查改进情况：已落实“每年内部检查不少于两次”。相关材料：《上半年检查报告》《下半年检查报告》。",
    ]


def test_draft_lists_shared_evidence_once_and_at_most_four_titles_per_indicator():
    answers = answers_for("point", {
        f"P{n:02d}": {"met": True, "evidence": [ev("员工保密协议"), ev(f"材料{n}")]} for n in (7, 8, 9, 10, 11)
    })
    line = draft_work_summary(load_rubric("point"), answers, evaluate(answers)).split("\n")[1]
    assert line.startswith("一、人员管理：已落实")
    assert line.endswith("相关材料：《员工保密协议》《材料7》《材料8》《材料9》等 6 份。")


def test_draft_without_any_measure_in_place_says_so():
    answers = answers_for("zone", {"Z01": {"met": False}})
    lines = draft_work_summary(load_rubric("zone"), answers, evaluate(answers)).split("\n")
    assert lines[1] == "目前尚无经证据支撑的已落实措施，相关工作正在推进中。"


def test_draft_quotes_titles_that_contain_quotes_with_single_quotes():
    answers = answers_for("point", {"P25": {"met": True, "evidence": [ev("权限矩阵")]}})
    draft = draft_work_summary(load_rubric("point"), answers, evaluate(answers))
    assert "已落实“按‘最小够用’原则设定权限”" in draft


# ---------------------------------------------------------------- acceptance tables


def check_table(doc, rubric, result, name: str, label: str) -> None:
    rows = item_rows(doc)
    assert list(rows) == [item.id for item in rubric.items]
    for item in rubric.items:
        indicator, content, criterion, points, got = rows[item.id]
        assert (indicator, content, criterion) == (item.indicator, item.content or "", f"{item.id}　{item.criterion}")
        assert points == f"{item.points}分"
        assert claimed_and_checked(got) == (result.item(item.id).claimed, result.item(item.id).score)
    texts = paragraphs(doc)
    assert texts[0] == rubric.title
    assert texts[1] == f"{label}：{name}"
    claimed_base = sum((i.claimed for i in result.items if not i.bonus), Decimal(0))
    claimed_bonus = sum((i.claimed for i in result.items if i.bonus), Decimal(0))
    assert texts[2] == f"自评总得分：{number(result.claimed_total)}（基本项 {number(claimed_base)} 分，" \
                       f"加分项 {number(claimed_bonus)} 分）"
    assert texts[3].startswith(f"证据核验后得分：{result.total}（基本项 {result.base} 分，加分项 {result.bonus} 分；")
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["评价指标", "评价内容", "评价标准", "分值", "得分"]


def test_point_table_has_every_row_with_points_and_self_score_and_the_total_on_top(point_example):
    answers, result = point_example
    doc = open_docx(render_acceptance_table(result))
    check_table(doc, load_rubric("point"), result, answers.applicant.name, "企业名称")
    assert result.total == Decimal("94.5")


def test_zone_table_has_every_row_with_points_and_self_score_and_the_total_on_top():
    answers = small_zone(name="松江测试园区")
    result = evaluate(answers)
    doc = open_docx(render_acceptance_table(result))
    check_table(doc, load_rubric("zone"), result, "松江测试园区", "园区名称")
    assert (item_rows(doc)["Z04"][4], item_rows(doc)["ZB3"][4], result.total) == ("2.5", "5", Decimal("12.5"))


def test_station_table_has_every_row_and_the_annex_note():
    answers = small_station(name="松江测试协会")
    result = evaluate(answers)
    doc = open_docx(render_acceptance_table(result))
    check_table(doc, load_rubric("station"), result, "松江测试协会", "单位名称")
    assert "注：根据商业秘密保护工作内容，评价指标可适当调整。" in paragraphs(doc)
    assert not any(p.startswith("评审人") for p in paragraphs(doc))


def test_table_merges_indicator_and_content_cells_of_one_group():
    answers = small_zone()
    doc = open_docx(render_acceptance_table(evaluate(answers)))
    trs = doc.tables[0]._tbl.tr_lst
    by_id = {tr.tc_lst[2].xpath("string(.)").split("　", 1)[0]: tr for tr in trs[1:]}

    def merge(item_id: str, column: int) -> str | None:
        return by_id[item_id].tc_lst[column].vMerge

    assert [merge(i, 0) for i in ("Z01", "Z02", "Z03", "Z04")] == ["restart", "continue", "continue", None]
    assert [merge(i, 1) for i in ("Z07", "Z08", "Z09", "Z10", "Z11")] == \
        ["restart", "continue", "continue", "restart", "continue"]
    assert by_id["Z02"].tc_lst[0].xpath("string(.)") == ""  # the merged text is kept once, in the first cell


def test_reviewer_scores_replace_self_scores_and_relabel_the_table(point_example):
    _, result = point_example
    doc = open_docx(render_acceptance_table(result, scores={"P01": Decimal(0), "P03": Decimal("2.5")},
                                            reviewer=True))
    rows = item_rows(doc)
    assert (rows["P01"][4], rows["P03"][4], rows["P02"][4]) == ("0", "2.5", "2")
    assert doc.tables[0].rows[0].cells[4].text == "得分"
    expected_base = result.base - 3 + 1
    assert paragraphs(doc)[2] == f"评审总得分：{expected_base + result.bonus}（基本项 {expected_base} 分，" \
                                 f"加分项 {result.bonus} 分）"
    assert any(p.startswith("评审人（签字）") for p in paragraphs(doc))


@pytest.mark.parametrize("scores, fragment", [
    ({"X99": Decimal(1)}, "X99"),
    ({"P01": Decimal(4)}, "P01"),
    ({"P01": Decimal("1.2")}, "P01"),
    ({"P01": Decimal(-1)}, "P01"),
])
def test_invalid_reviewer_scores_are_refused(point_example, scores, fragment):
    _, result = point_example
    with pytest.raises(DocumentError, match=fragment):
        render_acceptance_table(result, scores=scores)


def test_a_rubric_of_another_category_is_refused(point_example):
    _, result = point_example
    with pytest.raises(DocumentError, match="类别"):
        render_acceptance_table(result, rubric=load_rubric("zone"))


# ---------------------------------------------------------------- values render literally


HOSTILE_NAME = "A&B <公司> \"甲\" '乙' {{ 7*7 }} {% if %} {_{ x }_} ]]>"


def test_values_with_markup_template_tags_and_line_breaks_render_literally():
    summary = "第一行 & <b>粗体</b>\n第二行 {{ rows }}\t制表\r\n第三行\x07响铃\x0c换页"
    answers = small_station(name=HOSTILE_NAME, address="松江区\n某路 1 号", work_summary=summary)
    data = render_application_form(answers, evaluate(answers))
    doc = open_docx(data)
    assert beside(doc, "单位名称") == HOSTILE_NAME
    assert beside(doc, "联系地址") == "松江区\n某路 1 号"
    address_cell_xml = doc.tables[0].rows[2].cells[1]._tc.xml
    assert address_cell_xml.count("<w:br/>") == 1
    summary_cell = doc.tables[0].rows[5].cells[1]
    assert [p.text for p in summary_cell.paragraphs] == ["（可附件）", "第一行 & <b>粗体</b>", "第二行 {{ rows }}\t制表",
                                                         "第三行响铃换页"]


def test_names_with_markup_render_literally_in_the_table():
    answers = small_zone(name=HOSTILE_NAME)
    doc = open_docx(render_acceptance_table(evaluate(answers)))
    assert paragraphs(doc)[1] == f"园区名称：{HOSTILE_NAME}"


# ---------------------------------------------------------------- templates and the sandbox


def template_with(tmp_path: Path, body: str) -> Path:
    doc = Document()
    doc.add_paragraph(body)
    path = tmp_path / f"office-{uuid.uuid4().hex}.docx"
    doc.save(path)
    return path


HOSTILE_TEMPLATES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ name.__class__.__init__.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format(name) }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{% set x = rows.append(1) %}{{ x }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 9 ** 999999999 }}",
    "{{ 1 / 0 }}",
    "{% for i in range(10000000000) %}{% endfor %}",
]


@pytest.mark.parametrize("body", HOSTILE_TEMPLATES)
def test_a_hostile_template_cannot_run_anything(tmp_path, monkeypatch, point_example, body):
    monkeypatch.chdir(tmp_path)
    answers, result = point_example
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="文书模板"):
        render_application_form(answers, result, template=template_with(tmp_path, body))
    with pytest.raises(DocumentError, match="文书模板"):
        render_acceptance_table(result, template=template_with(tmp_path, body))
    assert not (tmp_path / "MARKER").exists()
    assert time.perf_counter() - started < 5


def test_an_office_template_renders_the_values_it_is_given(tmp_path, point_example):
    answers, result = point_example
    path = template_with(tmp_path, "申报单位：{{ name }}，电话 {{ phone }}")
    doc = open_docx(render_application_form(answers, result, template=path))
    assert doc.paragraphs[0].text == f"申报单位：{answers.applicant.name}，电话 {answers.applicant.phone}"


def test_a_template_naming_an_unknown_field_is_refused_with_its_name(tmp_path, point_example):
    answers, result = point_example
    with pytest.raises(DocumentError, match="unknown_field"):
        render_application_form(answers, result, template=template_with(tmp_path, "{{ unknown_field }}"))


def test_a_template_with_a_syntax_error_is_refused(tmp_path, point_example):
    answers, result = point_example
    with pytest.raises(DocumentError, match="语法错误"):
        render_application_form(answers, result, template=template_with(tmp_path, "{% if name %}"))


def test_a_missing_template_is_a_document_error_naming_the_build_script(tmp_path, monkeypatch, point_example):
    answers, result = point_example
    monkeypatch.setenv("TSP_FORMS_DIR", str(tmp_path))
    with pytest.raises(DocumentError, match="build_templates.py"):
        render_application_form(answers, result)


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path, point_example):
    answers, result = point_example
    bad = tmp_path / "form.docx"
    bad.write_text("不是 Word 文档", encoding="utf-8")
    with pytest.raises(DocumentError, match="无法打开"):
        render_application_form(answers, result, template=bad)


def test_committed_templates_are_what_the_build_script_makes():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "forms" / "build_templates.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for name, data in build.built_templates().items():
        committed = (ROOT / "forms" / name).read_bytes()
        assert build.docx_parts(committed) == build.docx_parts(data), f"forms/{name} is stale"


def test_templates_name_an_east_asian_font():
    for name in ("application_zone.docx", "application_station_point.docx", "acceptance_table.docx"):
        normal = Document(ROOT / "forms" / name).styles["Normal"].element
        assert normal.rPr.rFonts.get(qn("w:eastAsia")) == "SimSun"


# ---------------------------------------------------------------- LibreOffice


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_form_and_table_to_pdf_showing_the_applicant(tmp_path, point_example):
    answers, _ = point_example
    name = "上海松芯微电子&<科技>有限公司"
    answers = answers.model_copy(update={"applicant": answers.applicant.model_copy(update={"name": name})})
    result = score(None, answers)
    (tmp_path / "form.docx").write_bytes(render_application_form(answers, result))
    (tmp_path / "table.docx").write_bytes(render_acceptance_table(result))
    profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(tmp_path / "form.docx"), str(tmp_path / "table.docx")],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    form_text = pdf_text(tmp_path / "form.pdf")
    table_text = pdf_text(tmp_path / "table.pdf")
    assert name in form_text and "松江区商业秘密保护示范站（点）申报表" in form_text
    assert name in table_text and "证据核验后得分：94.5" in table_text


def test_the_applicants_table_shows_the_claim_with_the_evidence_check_beside_it():
    answers = load_answers(Path(__file__).parent.parent / "data" / "examples" / "zone.yaml")
    result = evaluate(answers)
    doc = open_docx(render_acceptance_table(result))
    assert result.item("ZB6").claimed == 10 and result.item("ZB6").score == 0
    assert item_rows(doc)["ZB6"][4] == "10\n（证据核验：0）"
    assert item_rows(doc)["Z01"][4] == "5"  # no remark where the evidence supports the claim
    texts = paragraphs(doc)
    assert texts[2].startswith(f"自评总得分：{result.claimed_total}（") and result.claimed_total == 130
    assert texts[3].startswith(f"证据核验后得分：{result.total}（")


def test_the_work_summary_names_the_claimed_and_the_checked_score():
    answers = load_answers(Path(__file__).parent.parent / "data" / "examples" / "zone.yaml")
    result = evaluate(answers)
    intro = draft_work_summary(load_rubric("zone"), answers, result).splitlines()[0]
    assert f"自评 {result.claimed_total} 分" in intro and f"合计 {result.total} 分" in intro
