"""``vetstat report``: the Word report of ``samples/2022`` states the published figures, records
every figure it wrote, carries the annex as the city workbook shows it, and converts to PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from lxml import etree

from helpers import digests, invoke, three_schools, write_city
from vetstat.core.numbers import fixed
from vetstat.usecases.aggregate import aggregate_folder

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FIGURES_XML = "customXml/vetstat-figures.xml"

# the city figures of the published report that samples/2022 reproduces
# (docs/published-figures.md), as the report's sentences state them
PUBLISHED = [
    "全市共有中等职业学校 7 所", "市直属学校 2 所", "县（市、区）属学校 5 所",
    "在校生 5078 人", "招生 2108 人", "毕业生 1718 人", "教职工 898 人", "专任教师 553 人",
    "专业 69 个", "14 个专业大类", "省级示范专业 4 个", "市级示范专业 9 个",
    "直接就业 310 人", "升学 1103 人", "升入本科 29 人", "占 44.67%", "占 5.97%",
    "专业课教师的 54.02%", "62 家企业", "社会培训 3500 人次", "专项资金 561 万元",
    "生均财政拨款 4718.42 元",
]


def document_text(document: Any) -> str:
    """Every paragraph of the body and of its tables, as python-docx reads them."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines.extend("\t".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.docx"
    code, _, err = invoke("report", SAMPLES / "2022", "--previous", SAMPLES / "2021",
                          "--city", "白城市", "--unit", "白城市教育局", "--date", "2022-12-25",
                          "-o", out)
    assert code == 0, err
    return out


def test_the_text_states_the_published_figures(written: Path) -> None:
    text = document_text(docx.Document(str(written)))
    for phrase in PUBLISHED:
        assert phrase in text, phrase
    assert "白城市 2022 年\n中等职业教育质量年度报告" in text  # the cover, on two lines
    assert "填报单位：白城市教育局" in text and "2022 年 12 月 25 日" in text
    # with --previous, the change of the year, at the report's rounding
    assert "在校生 5078 人，比上年减少 299 人，下降 5.56%" in text
    # 学生素质 from the schools' 学生素质 sheets, at the catalogue's rounding
    city = aggregate_folder(SAMPLES / "2022").city()
    for key, words in (("culture_pass_rate", "文化课合格率"), ("retention_3y", "三年巩固率")):
        assert f"{words} {fixed(city[key], 2)}%" in text
    # none of the seed's slips: 54 is the share, not a number of teachers
    assert not re.search(r"双师型”?教师\s*54\s*人", text)
    assert "“双师型”教师 168 人" in text
    # the chapters of the national outline, numbered as the report numbers them
    for heading in ("一、基本情况", "二、学生发展", "三、质量保障措施", "四、校企合作", "五、社会贡献",
                    "六、政府履责", "七、特色创新", "八、主要问题和改进措施", "（二）就业质量"):
        assert heading in text


def test_without_the_previous_year_no_change_is_stated(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, _, _ = invoke("report", SAMPLES / "2022", "-o", out)
    assert code == 0
    text = document_text(docx.Document(str(out)))
    assert "在校生 5078 人" in text and "比上年" not in text
    assert "【请填写填报单位】" in text  # no unit given: asked for, not guessed
    # no --city: the prefecture the schools' 行政区划代码 name
    assert "白城市 2022 年\n中等职业教育质量年度报告" in text


def test_an_existing_report_is_replaced_only_with_force_and_never_once_edited(
        tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert invoke("report", SAMPLES / "2022", "-o", out)[0] == 0
    code, _, err = invoke("report", SAMPLES / "2022", "-o", out)
    assert code == 2 and "--force" in err
    assert invoke("report", SAMPLES / "2022", "-o", out, "--force")[0] == 0
    # the bureau edits and saves it: it is their document now
    edited = docx.Document(str(out))
    edited.add_paragraph("市教育局补充的段落")
    edited.core_properties.modified = edited.core_properties.modified.replace(year=2030)
    edited.save(str(out))
    before = out.read_bytes()
    code, _, err = invoke("report", SAMPLES / "2022", "-o", out, "--force")
    assert code == 2 and out.read_bytes() == before


def test_placeholders_are_highlighted(written: Path) -> None:
    document = docx.Document(str(written))
    asks = [run for paragraph in document.paragraphs for run in paragraph.runs
            if run.text.startswith("【请填写")]
    assert len(asks) >= 5
    assert all(run.font.highlight_color is not None for run in asks)
    titles = {paragraph.text for paragraph in document.paragraphs
              if paragraph.style is not None and paragraph.style.name == "Heading 1"}
    assert {"三、质量保障措施", "七、特色创新"} <= titles


def test_a4_fonts_for_east_asian_text_toc_and_page_numbers(written: Path) -> None:
    document = docx.Document(str(written))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "仿宋"
    assert normal.font.size.pt == 16
    with zipfile.ZipFile(written) as package:
        body = package.read("word/document.xml").decode()
        footers = "".join(package.read(name).decode() for name in package.namelist()
                          if name.startswith("word/footer"))
    assert 'TOC \\o "1-2"' in body
    assert ">PAGE<" in footers


def test_every_figure_is_recorded_and_bookmarked(written: Path) -> None:
    with zipfile.ZipFile(written) as package:
        record = etree.fromstring(package.read(FIGURES_XML))
        body = etree.fromstring(package.read("word/document.xml"))
    figures = list(record)
    assert len(figures) > 80
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    starts = {b.get(f"{w}name"): b for b in body.iter(f"{w}bookmarkStart")}
    by_key = {}
    for figure in figures:
        start = starts[figure.get("bookmark")]
        # the bookmark holds exactly the figure's text
        text = "".join(t.text or "" for t in start.getnext().iter(f"{w}t"))
        assert text == figure.get("text")
        by_key.setdefault(figure.get("key"), figure)
    students = by_key["students"]
    assert (students.get("subject"), students.get("value"), students.get("text")) == (
        "白城市", "5078", "5078")
    assert by_key["students_change"].get("value") == "-299"
    assert by_key["dual_ratio"].get("text") == "54.02"


def _displayed(cell: Any) -> str:
    """A workbook cell as Excel shows it: its number format's decimals (halves rounded up) and
    thousands separators."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = cell.number_format
        if fmt == "General":
            return str(value)
        digits = len(fmt.split(".")[1]) if "." in fmt else 0
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return f"{rounded:,f}" if "," in fmt else f"{rounded:f}"
    return str(value)


def _sheet_as_displayed(sheet: Any) -> tuple[list[str], list[list[str]]]:
    """The header row (the first row with more than one value) and the rows below it, as
    displayed; a cell merged down shows the value of the first."""
    rows = [[_displayed(cell) for cell in row] for row in sheet.iter_rows()]
    top = next(index for index, row in enumerate(rows) if sum(bool(text) for text in row) > 1)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > top:
            value = rows[merged.min_row - 1][merged.min_col - 1]
            for row in range(merged.min_row, merged.max_row + 1):
                rows[row - 1][merged.min_col - 1] = value
    hidden = {index for index, cell in enumerate(sheet[top + 1])
              if sheet.column_dimensions[cell.column_letter].hidden}
    keep = [index for index in range(len(rows[top])) if index not in hidden]
    # a header broken before its bracket to print ("增减\n（率为百分点）"): one text
    return ([rows[top][i].replace("\n", "") for i in keep],
            [[row[i] for i in keep] for row in rows[top + 1:] if any(row)])


def _word_table(document: Any, title: str) -> list[list[str]]:
    """The Word table whose title paragraph starts with ``title``."""
    body = document.element.body
    for table in document.tables:
        previous = table._tbl.getprevious()
        heading = "".join(previous.itertext()) if previous is not None else ""
        if heading.startswith(title):
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table {title} in {body}")


def test_the_annex_equals_the_city_workbook_as_displayed(written: Path, tmp_path: Path) -> None:
    book_path = tmp_path / "city.xlsx"
    code, _, _ = invoke("aggregate", SAMPLES / "2022", "--previous", SAMPLES / "2021",
                        "-o", book_path)
    assert code == 0
    book = openpyxl.load_workbook(book_path)
    document = docx.Document(str(written))
    for sheet_name, title in (("表1 质量数据表", "表1"), ("表2 满意度调查表", "表2")):
        headers, shown = _sheet_as_displayed(book[sheet_name])
        annex = _word_table(document, title)
        assert annex[0] == headers, sheet_name
        assert annex[1:] == shown, sheet_name
        assert len(annex) > 10
        assert any(header.startswith("上年") for header in headers)  # as with --previous


def test_header_rows_repeat_and_rows_do_not_split(written: Path) -> None:
    document = docx.Document(str(written))
    q = docx.oxml.ns.qn
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(q("w:tblHeader")) is not None
        widths = sum(column.width for column in table.columns)
        assert widths <= docx.shared.Mm(157)


def test_usage_errors_exit_2_and_inputs_are_untouched(tmp_path: Path) -> None:
    before = digests(SAMPLES / "2022")
    code, _, err = invoke("report", tmp_path / "nothing", "-o", tmp_path / "r.docx")
    assert code == 2 and "nothing" in err
    code, _, err = invoke("report", SAMPLES / "2022", "-o", tmp_path / "r.pdf")
    assert code == 2 and ".docx" in err
    code, _, err = invoke("report", SAMPLES / "2022", "--previous", tmp_path / "2020",
                          "-o", tmp_path / "r.docx")
    assert code == 2
    assert not (tmp_path / "r.docx").exists()
    assert digests(SAMPLES / "2022") == before


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler are not installed (CI installs them)")
def test_libreoffice_prints_it_with_the_charts(written: Path, tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(written)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for label in ("白城市2022年各中等职业学校招生数和在校生数（人）", "白城市2022年各专业大类专业数（个）",
                  "白城市2022年满意度调查各项满意率（%）", "白城市2022年主要指标比上年增减率（%）",
                  # category names and values of the charts
                  "农林牧渔大类", "校园文化与社团活动", "用人单位", "1717", "-5.56"):
        assert label in flat, label
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info


def test_a_bureau_template_with_placeholders(tmp_path: Path) -> None:
    template = tmp_path / "模板.docx"
    base = docx.Document()
    base.sections[0].header.paragraphs[0].text = "{{ unit }}"
    base.add_paragraph("{{ title }}")
    base.add_paragraph("{{ city }}{{ year }}年全市中职在校生 {{ students }} 人，{{ students_change }}；"
                       "双师型比例 {{ dual_ratio }}%（{{ dual_ratio_change_value }} 个百分点）。")
    base.add_paragraph("{% for s in school_list %}{{ s.name }} {{ s.students }} 人；{% endfor %}")
    base.add_paragraph("{{ body }}")
    base.add_paragraph("本局自己的结束语。")
    base.save(str(template))
    out = tmp_path / "r.docx"
    code, _, err = invoke("report", SAMPLES / "2022", "--previous", SAMPLES / "2021", "--unit",
                          "白城市教育局", "--template", template, "-o", out)
    assert code == 0, err
    document = docx.Document(str(out))
    text = document_text(document)
    assert "白城市2022年全市中职在校生 5078 人，比上年减少 299 人，下降 5.56%；双师型比例 54.02%（+3.17 个百分点）。" in text
    assert "白城市第一职业高中 1717 人；" in text and "洮南市职业教育中心 1236 人；" in text
    assert document.sections[0].header.paragraphs[0].text == "白城市教育局"
    # {{ body }} became the chapters, between the bureau's own paragraphs
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("一、基本情况") < paragraphs.index("本局自己的结束语。")
    assert "{{" not in text and "VETSTAT-BODY" not in text
    with zipfile.ZipFile(out) as package:
        record = etree.fromstring(package.read(FIGURES_XML))
    keys = {(figure.get("key"), figure.get("bookmark")) for figure in record}
    assert ("students_change", "") in keys  # written by the template's placeholder
    assert any(key == "students" and bookmark for key, bookmark in keys)  # by the chapters


def test_placeholders_are_listed_and_a_broken_template_is_refused(tmp_path: Path) -> None:
    code, out, _ = invoke("report", "--placeholders")
    assert code == 0
    names = {line.split("}}")[0].strip("{ ") for line in out.splitlines()}
    assert {"city", "year", "students", "students_change", "school_list", "body"} <= names
    template = tmp_path / "坏模板.docx"
    base = docx.Document()
    base.add_paragraph("{% for s in school_list %}{{ s.name }")
    base.save(str(template))
    code, _, err = invoke("report", SAMPLES / "2022", "--template", template,
                          "-o", tmp_path / "r.docx")
    assert code == 2 and "--placeholders" in err
    assert not (tmp_path / "r.docx").exists()


def test_the_charts_are_native_with_titles_and_cached_values(written: Path) -> None:
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    with zipfile.ZipFile(written) as package:
        charts = [etree.fromstring(package.read(name)) for name in sorted(package.namelist())
                  if re.fullmatch(r"word/charts/chart\d+\.xml", name)]
        embedded = [name for name in package.namelist() if name.startswith("word/embeddings/")]
    assert len(charts) == 4 and len(embedded) == 4  # each chart can be edited in Word / WPS
    titles = ["".join(t.text for t in chart.find(f"{c}chart/{c}title").iter(f"{a}t"))
              for chart in charts]
    assert titles == ["白城市 2022 年各中等职业学校招生数和在校生数（人）",
                      "白城市 2022 年各专业大类专业数（个）",
                      "白城市 2022 年主要指标比上年增减率（%）",
                      "白城市 2022 年满意度调查各项满意率（%）"]
    enrolment = charts[0]
    categories = [v.text for v in enrolment.find(f".//{c}cat").iter(f"{c}v")]
    students = [v.text for v in enrolment.findall(f".//{c}ser")[1].find(f"{c}val").iter(f"{c}v")]
    assert dict(zip(categories, students, strict=True))["白城市第一职业高中"] == "1717"
    fonts = {ea.get("typeface") for chart in charts for ea in chart.iter(f"{a}ea")}
    assert fonts == {"黑体"}


def test_a_city_workbook_gives_the_same_report_as_its_folder(tmp_path: Path) -> None:
    book = tmp_path / "city.xlsx"
    assert invoke("aggregate", SAMPLES / "2022", "-o", book)[0] == 0
    texts = []
    for source in (SAMPLES / "2022", book):
        out = tmp_path / f"{source.stem}.docx"
        assert invoke("report", source, "--date", "2022-12-25", "-o", out)[0] == 0
        texts.append(document_text(docx.Document(str(out))))
    assert texts[0] == texts[1]


def test_files_with_errors_are_said_on_the_first_page_and_exit_1(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "2022", three_schools())
    (folder / "z_broken.xlsx").write_bytes(b"garbage")
    out = tmp_path / "r.docx"
    code, _, err = invoke("report", folder, "-o", out)
    assert code == 1 and "请核对" in err
    paragraphs = [p for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    first = next(index for index, p in enumerate(paragraphs)
                 if p.style is not None and p.style.name == "Heading 1")
    assert paragraphs[first - 1].text.startswith("【注意：本报告的数据不完整：3/4 个文件计入")


def test_last_years_changes_are_aggregate_previous_s(written: Path) -> None:
    """Every change the report writes is the one aggregate --previous (and diff) computes, to
    the last digit: one implementation of last year's figures for both."""
    code, out, _ = invoke("aggregate", SAMPLES / "2022", "--previous", SAMPLES / "2021",
                          "--format", "json")
    assert code == 0
    changes = json.loads(out)["changes"]
    with zipfile.ZipFile(written) as package:
        record = etree.fromstring(package.read(FIGURES_XML))
    checked = 0
    for figure in record:
        key = figure.get("key")
        for suffix, field in (("_change_pct", "change_pct"), ("_change", "change")):
            if key.endswith(suffix) and figure.get("value"):
                assert float(figure.get("value")) == changes[key.removesuffix(suffix)][field], key
                checked += 1
                break
    assert checked >= 20
