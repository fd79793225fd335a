"""What vetstat's workbooks look like on paper: each is printed through LibreOffice to PDF and
every page is checked as a clerk would look at it — A4, the city in the title, no internal key,
no text below 8 pt.

The city workbook of ``samples/2022`` (7 schools), one of 60 schools, the diff workbook and the
province workbook of 白城市 and 松原市 (``samples/songyuan/2022``) are converted once for the module (one LibreOffice run).  Without LibreOffice and poppler the tests
are skipped, except in CI (``CI`` set), whose ``.ci/run`` installs them: there they must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import city_school, invoke, write_city
from vetstat.core.indicators import views

TOOLS = ("soffice", "pdftotext", "pdfinfo")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
if MISSING and not os.environ.get("CI"):
    pytest.skip(f"printing needs {', '.join(MISSING)} (LibreOffice, poppler-utils)",
                allow_module_level=True)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
A4 = (595.3, 841.9)  # points
SMALLEST = 8.0  # points: the smallest text a printed annex may carry
CITY = "白城市"
BOOKS = ["city7", "city60", "diff", "province", "previous", "province_diff"]
FORMS = ["template", "roster"]  # the schools' and the bureau's blank forms: no city in them
PLACE = {"province": "吉林省", "province_diff": "吉林省"}  # what each page's title names (else CITY)


# 14 县（市、区）, two with long names: 分县汇总 runs over several pages across
COUNTIES = [("220802", "洮北区"), ("220803", "新城区"), ("220804", "东城区"), ("220805", "西城区"),
            ("220821", "镇赉县"), ("220822", "通榆县"), ("220823", "北山县"), ("220824", "南湖县"),
            ("220871", "白城经济技术开发区"), ("220872", "查干浩特旅游经济开发区"),
            ("220881", "洮南市"), ("220882", "大安市"), ("220883", "青山市"), ("220884", "白水市")]


def _sixty_schools(folder: Path) -> Path:
    """60 schools of every size in 14 counties, some with long names (the names wrap, the
    sheets split)."""
    return write_city(folder, {
        f"school_{index:02d}.xlsx": city_school(
            f"36220{index:05d}",
            f"白城市第{index}中等职业技术学校" + ("（东校区）" if index % 3 == 0 else ""),
            1 + index % 4, school={
                "division_code": COUNTIES[index % len(COUNTIES)][0],
                "county": COUNTIES[index % len(COUNTIES)][1],
                "affiliation": "市直属" if index % 5 == 0 else "县（市、区）属"})
        for index in range(60)})


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each workbook's PDF, converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("printing")
    books = {"city7": folder / "city7.xlsx", "city60": folder / "city60.xlsx",
             "diff": folder / "diff.xlsx", "previous": folder / "previous.xlsx"}
    assert invoke("aggregate", SAMPLES / "2022", "--city", CITY, "-o", books["city7"])[0] == 0
    assert invoke("aggregate", SAMPLES / "2022", "--previous", SAMPLES / "2021", "--city", CITY,
                  "-o", books["previous"])[0] == 0
    sixty = _sixty_schools(folder / "sixty")
    assert invoke("aggregate", sixty, "-o", books["city60"])[0] == 0  # the city from the codes
    assert invoke("diff", SAMPLES / "2021", SAMPLES / "2022", "--city", CITY,
                  "-o", books["diff"])[0] == 0
    for year in ("2021", "2022"):
        cities = folder / "province" / year
        cities.mkdir(parents=True)
        for city, schools in (("白城市", SAMPLES / year), ("松原市", SAMPLES / "songyuan" / year)):
            assert invoke("aggregate", schools, "-o", cities / f"{city}.xlsx")[0] == 0
    books["province"] = folder / "province.xlsx"
    assert invoke("aggregate", folder / "province" / "2022", "-o",
                  books["province"])[0] == 0  # 吉林省 from the codes
    books["province_diff"] = folder / "province_diff.xlsx"
    assert invoke("diff", folder / "province" / "2021", folder / "province" / "2022", "-o",
                  books["province_diff"])[0] == 0  # city by city
    books["template"] = folder / "template.xlsx"
    assert invoke("template", "-o", books["template"])[0] == 0
    books["roster"] = folder / "roster.xlsx"
    assert invoke("roster", "-o", books["roster"], SAMPLES / "2022")[0] == 0
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, books.values())],
        check=True, capture_output=True, timeout=600)
    pdfs = {name: book.with_suffix(".pdf") for name, book in books.items()}
    for pdf in pdfs.values():
        assert pdf.is_file(), f"LibreOffice did not print {pdf.name}"
    return pdfs


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def font_sizes(pdf: Path) -> Iterator[tuple[int, float, str]]:
    """(page, printed size in points, text) of every piece of text: the font size scaled by the
    text and graphics matrices, i.e. the height the reader sees."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        found: list[tuple[int, float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  found: list[tuple[int, float, str]] = found, number: int = number) -> None:
            if text.strip():
                # the vertical scale of tm × cm applied to the font size
                x = tm[2] * cm[0] + tm[3] * cm[2]
                y = tm[2] * cm[1] + tm[3] * cm[3]
                found.append((number, size * (x * x + y * y) ** 0.5, text.strip()))

        page.extract_text(visitor_text=visit)
        yield from found


@pytest.mark.parametrize("name", BOOKS + FORMS)
def test_every_page_is_a4(printed: dict[str, Path], name: str) -> None:
    sizes = page_sizes(printed[name])
    assert sizes
    for number, size in enumerate(sizes, start=1):
        assert sorted(size) == pytest.approx(A4, abs=1), f"{name} page {number}: {size}"


@pytest.mark.parametrize("name", BOOKS)
def test_every_page_names_the_city(printed: dict[str, Path], name: str) -> None:
    place = PLACE.get(name, CITY)
    for number, text in enumerate(pages_text(printed[name]), start=1):
        assert place in text, f"{name} page {number} does not name {place}"
    assert "2022 年" in pages_text(printed[name])[0]


@pytest.mark.parametrize("name", BOOKS + FORMS)
def test_no_internal_key_is_printed(printed: dict[str, Path], name: str) -> None:
    keys = set(views().by_key)
    for number, text in enumerate(pages_text(printed[name]), start=1):
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text))
        assert not words & keys, f"{name} page {number}: {sorted(words & keys)}"


@pytest.mark.parametrize("name", BOOKS + FORMS)
def test_no_number_prints_as_hashes(printed: dict[str, Path], name: str) -> None:
    """A column narrower than its number prints ### in its place (the 全市合计 of a large city)."""
    for number, text in enumerate(pages_text(printed[name]), start=1):
        assert "###" not in text, f"{name} page {number}: a number too wide for its column"


@pytest.mark.parametrize("name", BOOKS + FORMS)
def test_no_text_below_8_pt(printed: dict[str, Path], name: str) -> None:
    sizes = list(font_sizes(printed[name]))
    assert sizes
    small = [(page, round(size, 1), text) for page, size, text in sizes if size < SMALLEST - 0.05]
    assert not small, f"{name}: text below {SMALLEST} pt: {small[:5]}"


def test_the_annex_comes_first(printed: dict[str, Path]) -> None:
    """表1 opens the workbook: its title, the 填报单位 line, its columns; no 字段 column."""
    first = pages_text(printed["city7"])[0]
    assert "白城市 2022 年中等职业教育质量数据表" in first
    assert "填报单位" in first and "序号" in first and "字段" not in first
    assert "796,100.00" in first  # thousands separators


def _pages_of(pdf: Path, title: str) -> list[str]:
    return [text for text in pages_text(pdf) if title in text]


def test_the_affiliation_subtotals_print_one_page_wide(printed: dict[str, Path]) -> None:
    """分类汇总: 全市, 市直属 and 县（市、区）属 side by side on every page."""
    pages = _pages_of(printed["city7"], "质量数据分类汇总")
    assert pages
    for text in pages:
        assert "全市" in text and "市直属" in text and "县（市、区）属" in text
    assert sum("学校数" in text for text in pages) == 1


def test_many_counties_print_across_pages_with_the_labels_and_the_city(
        printed: dict[str, Path]) -> None:
    """分县汇总 of 14 counties: pages across, each with 序号 … 全市 repeated and whole counties,
    every county on one of them (a long name on two lines)."""
    pages = _pages_of(printed["city60"], "质量数据分县汇总")
    across = sum("校园占地面积" in text for text in pages)  # the first rows, once a page across
    assert across > 1
    for text in pages:
        assert "全市" in text and "指标" in text and "单位" in text
    joined = "\n".join(pages)
    for _code, county in COUNTIES:
        half = (len(county) + 1) // 2
        assert county in joined or (county[:half] in joined and county[half:] in joined), county
    starts = [text for text in pages if "校园占地面积" in text]
    shown = [county for text in starts for _code, county in COUNTIES if county[:4] in text]
    assert sorted(shown) == sorted(county for _code, county in COUNTIES)


def test_the_province_prints_its_cities_side_by_side(printed: dict[str, Path]) -> None:
    """分市明细 follows the annex: 表1's rows with 全省 and one column per city, at full size."""
    pages = pages_text(printed["province"])
    assert "吉林省 2022 年中等职业教育质量数据表" in pages[0] and "全省" in pages[0]
    by_city = [page for page in pages if "吉林省 2022 年分市明细" in page]
    assert by_city
    assert all("松原市" in page and "白城市" in page and "全省" in page for page in by_city)
    assert "10,463" in "".join(by_city)  # 在校生数 of the province, thousands separated


def test_last_years_headers_keep_their_brackets_whole(printed: dict[str, Path]) -> None:
    """表1 and 表2 with --previous: "增减" over "（率为百分点）", "上年" over "（2021 年）", each
    bracket on one line of its cell (not "增减（率为百分点" over a lone "）")."""
    pages = pages_text(printed["previous"])
    annex = [text for text in pages if "质量数据表" in text or "满意度调查表" in text]
    assert len(annex) >= 2
    for text in (annex[0], next(t for t in annex if "满意度调查表" in t)):
        assert "（率为百分点）" in text and "（2021 年）" in text


def test_the_province_diff_prints_city_by_city(printed: dict[str, Path]) -> None:
    pages = pages_text(printed["province_diff"])
    cities = [page for page in pages if "分市对比" in page]
    assert cities and "松原市" in cities[0] and "行政区划代码" in cities[0]
