"""A province compared over two years, city by city, and its roster of cities (X922, X923)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import invoke

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _city_folders(year: int) -> dict[str, Path]:
    return {"白城市": SAMPLES / str(year), "松原市": SAMPLES / "songyuan" / str(year)}


@pytest.fixture(scope="module")
def provinces(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """吉林省 2021 and 2022: each a folder of the two cities' workbooks."""
    root = tmp_path_factory.mktemp("provinces")
    folders = {}
    for year in (2021, 2022):
        folder = folders[year] = root / str(year)
        folder.mkdir()
        for city, schools in _city_folders(year).items():
            assert invoke("aggregate", schools, "-o", folder / f"{city}.xlsx")[0] == 0
    return folders


def diff_json(*args: str | Path) -> tuple[int, dict[str, Any], str]:
    code, out, err = invoke("diff", *args, "--format", "json")
    return code, json.loads(out) if out else {}, err


def test_two_provinces_compare_city_by_city(provinces: dict[int, Path]) -> None:
    code, document, err = diff_json(provinces[2021], provinces[2022])
    assert code == 0, err
    assert document["level"] == "province" and "schools" not in document
    cities = document["cities"]
    assert [(c["name"], c["school_code"], c["status"]) for c in cities] == [
        ("松原市", "220700", "both"), ("白城市", "220800", "both")]
    # the province's figures are those aggregate gives each year; a city's, its own
    for year, side in ((2021, "old"), (2022, "new")):
        _, out, _ = invoke("aggregate", provinces[year], "--format", "json")
        aggregated = json.loads(out)
        assert document["city"]["students"][side] == aggregated["city"]["students"]
        figures = {c["name"]: c["figures"] for c in aggregated["cities"]}
        for city in cities:
            assert city["indicators"]["students"][side] == figures[city["name"]]["students"]
    white = cities[1]["indicators"]["students"]
    assert (white["old"], white["new"]) == (5377, 5078)  # 白城's own two years
    y001 = [i["message"] for i in document["issues"] if i["code"] == "Y001"]
    assert any("松原市（220700）的“二年级在校生”从 1274 变为 1972" in message for message in y001)
    assert any("全省的“二年级在校生”从 2487 变为 3863" in message for message in y001)
    assert any(i["file"].endswith("松原市.xlsx") for i in document["issues"] if i["code"] == "Y001")
    opened = {(m["code"], m["name"]) for m in cities[1]["majors_opened"]}
    assert opened == {("720803", "婴幼儿托育"), ("640102", "建筑装饰技术")}


def test_the_province_workbooks_compare_as_their_folders(provinces: dict[int, Path],
                                                         tmp_path: Path) -> None:
    books = {year: tmp_path / f"吉林省-{year}.xlsx" for year in provinces}
    for year, folder in provinces.items():
        assert invoke("aggregate", folder, "-o", books[year])[0] == 0
    _, from_folders, _ = diff_json(provinces[2021], provinces[2022])
    code, from_books, err = diff_json(books[2021], books[2022], "-o", tmp_path / "对比.xlsx")
    assert code == 0, err
    assert from_books["city"] == from_folders["city"]
    assert [c["indicators"] for c in from_books["cities"]] == [
        c["indicators"] for c in from_folders["cities"]]
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "对比.xlsx", read_only=True)
    names = book.sheetnames
    book.close()
    assert names[:3] == ["全省对比", "分市对比", "分市指标对比"]
    code, text, _ = invoke("diff", books[2021], books[2022])
    assert "全省对比（2021 → 2022）" in text and "分市对比" in text and "行政区划代码" in text


def test_a_province_against_a_city_is_refused(provinces: dict[int, Path]) -> None:
    code, out, err = invoke("diff", SAMPLES / "2021", provinces[2022])
    assert code == 2 and out == ""
    assert "是一个省" in err and "compare two years of the same level" in err
    code, _, _ = invoke("diff", SAMPLES / "2021", SAMPLES / "2022")  # near miss: two cities
    assert code == 0


def test_the_roster_of_a_province_lists_its_cities(provinces: dict[int, Path],
                                                   tmp_path: Path) -> None:
    roster = tmp_path / "城市名单.xlsx"
    code, _, err = invoke("roster", provinces[2022], "-o", roster)
    assert code == 0 and "2 个城市" in err
    from openpyxl import load_workbook

    book = load_workbook(roster, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()  # a read-only workbook keeps its file open until closed
    assert rows[1][:2] == ("行政区划代码", "城市名称")
    assert [row[:2] for row in rows[2:4]] == [("220700", "松原市"), ("220800", "白城市")]
    # near miss: every city on it sent its workbook
    code, out, _ = invoke("aggregate", provinces[2022], "--roster", roster, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert {i["code"] for i in document["issues"]} & {"X922", "X923"} == set()
    assert [(s["school_code"], s["status"], s["on_roster"]) for s in document["submissions"]] == [
        ("220700", "passed", True), ("220800", "passed", True)]


def test_a_city_of_the_roster_that_sent_nothing(provinces: dict[int, Path],
                                                tmp_path: Path) -> None:
    """X922 for 四平市 on the roster (未报送), X923 for 白城市, which is not on it."""
    roster = tmp_path / "名单.csv"
    roster.write_text("行政区划代码,城市名称\n220300,四平市\n220700,松原市\n", "utf-8")
    folder = tmp_path / "2022"
    shutil.copytree(provinces[2022], folder)
    code, out, err = invoke("aggregate", folder, "--roster", roster, "--format", "json")
    assert code == 1, err
    document = json.loads(out)
    issues = {i["code"]: i for i in document["issues"]}
    assert set(issues) == {"X922", "X923"}
    assert "四平市" in issues["X922"]["message"] and issues["X922"]["file"] == "名单.csv"
    assert issues["X923"]["file"] == "白城市.xlsx" and issues["X923"]["severity"] == "warning"
    statuses = {s["name"]: (s["status"], s["on_roster"]) for s in document["submissions"]}
    assert statuses == {"四平市": ("missing", True), "松原市": ("passed", True),
                        "白城市": ("warnings", False)}
    code, text, _ = invoke("aggregate", folder, "--roster", roster, "--show-tables")
    assert "未报送" in text and "行政区划代码" in text
