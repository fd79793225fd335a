"""What vetstat's workbooks look like on paper: each is printed through LibreOffice to PDF and
every page is checked as a clerk would look at it — A4, the city in the title, no internal key,
no text below 8 pt.

The city workbook of ``samples/2022`` (7 schools), one of 60 schools and the diff workbook are
converted once for the module (one LibreOffice run).  Without LibreOffice and poppler the tests
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


def _sixty_schools(folder: Path) -> Path:
    """60 schools of every size, some with long names (the names wrap, the sheets split)."""
    return write_city(folder, {
        f"school_{index:02d}.xlsx": city_school(
            f"36220{index:05d}",
            f"白城市第{index}中等职业技术学校" + ("（东校区）" if index % 3 == 0 else ""),
            1 + index % 4)
        for index in range(60)})


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each workbook's PDF, converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("printing")
    books = {"city7": folder / "city7.xlsx", "city60": folder / "city60.xlsx",
             "diff": folder / "diff.xlsx"}
    assert invoke("aggregate", SAMPLES / "2022", "--city", CITY, "-o", books["city7"])[0] == 0
    sixty = _sixty_schools(folder / "sixty")
    assert invoke("aggregate", sixty, "-o", books["city60"])[0] == 0  # the city from the codes
    assert invoke("diff", SAMPLES / "2021", SAMPLES / "2022", "--city", CITY,
                  "-o", books["diff"])[0] == 0
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


@pytest.mark.parametrize("name", ["city7", "city60", "diff"])
def test_every_page_is_a4(printed: dict[str, Path], name: str) -> None:
    sizes = page_sizes(printed[name])
    assert sizes
    for number, size in enumerate(sizes, start=1):
        assert sorted(size) == pytest.approx(A4, abs=1), f"{name} page {number}: {size}"


@pytest.mark.parametrize("name", ["city7", "city60", "diff"])
def test_every_page_names_the_city(printed: dict[str, Path], name: str) -> None:
    for number, text in enumerate(pages_text(printed[name]), start=1):
        assert CITY in text, f"{name} page {number} does not name the city"
    assert "2022 年" in pages_text(printed[name])[0]


@pytest.mark.parametrize("name", ["city7", "city60", "diff"])
def test_no_internal_key_is_printed(printed: dict[str, Path], name: str) -> None:
    keys = set(views().by_key)
    for number, text in enumerate(pages_text(printed[name]), start=1):
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text))
        assert not words & keys, f"{name} page {number}: {sorted(words & keys)}"


@pytest.mark.parametrize("name", ["city7", "city60", "diff"])
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
