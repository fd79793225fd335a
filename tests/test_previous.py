"""``aggregate --previous OLD``: last year beside this year, the changes exactly as ``diff``'s
city part, the Y issues among the issues, an incomplete OLD failing as in diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from helpers import cli
from vetstat.core.issues import Lang
from vetstat.outputs.previous import with_previous
from vetstat.outputs.tables import city_tables
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.diff import load_side
from vetstat.usecases.previous import compare_previous

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def years() -> tuple[Path, Path]:
    """The bundled 2021 and 2022: both valid, the city's 二年级 and 三年级 flagged by Y001."""
    return SAMPLES / "2021", SAMPLES / "2022"


def _json(*args: str | Path) -> tuple[int, dict]:
    result = cli(["aggregate", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


def test_changes_are_diffs_city_part(years: tuple[Path, Path]) -> None:
    old, new = years
    code, document = _json(new, "--previous", old)
    assert code == 0
    diff = json.loads(cli(["diff", old, new, "--format", "json"]).stdout)
    assert document["changes"] == diff["city"]
    assert document["previous"]["year"] == 2021 and document["previous"]["source"] == str(old)
    assert document["previous"]["city"].keys() == document["city"].keys()
    assert document["previous"]["city"]["students"] == diff["city"]["students"]["old"]
    y_issues = [i for i in document["issues"] if i["code"].startswith("Y")]
    assert {i["code"] for i in y_issues} == {i["code"] for i in diff["issues"]
                                             if i["code"].startswith("Y")}
    assert any(i["code"] == "Y001" for i in y_issues)


def test_without_previous_nothing_changes(years: tuple[Path, Path]) -> None:
    _, new = years
    code, document = _json(new)
    assert code == 0
    assert "previous" not in document and "changes" not in document
    assert not any(i["code"].startswith("Y") for i in document["issues"])
    table = city_tables(aggregate_folder(new), Lang.ZH)[0]
    assert [c.key for c in table.columns] == ["category", "indicator", "unit", "value", "key"]


def test_old_as_a_year_or_a_city_workbook(years: tuple[Path, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = years
    _, from_folder = _json(new, "--previous", old)
    monkeypatch.chdir(SAMPLES)
    code, from_year = _json(new, "--previous", "2021")
    assert code == 0 and from_year["changes"] == from_folder["changes"]
    book = tmp_path / "2021.xlsx"
    assert cli(["aggregate", old, "-o", book]).exit_code == 0
    code, from_book = _json(new, "--previous", book)
    assert code == 0 and from_book["changes"] == from_folder["changes"]


def test_an_incomplete_old_year_fails_as_in_diff(years: tuple[Path, Path], tmp_path: Path) -> None:
    _, new = years
    old = tmp_path / "2021"
    shutil.copytree(SAMPLES / "2021", old)
    (old / "broken.xlsx").write_bytes(b"garbage")
    code, document = _json(new, "--previous", old)
    assert code == 1
    assert cli(["diff", old, new, "--format", "json"]).exit_code == 1
    assert any(i["file"].endswith("broken.xlsx") for i in document["issues"])


def test_a_missing_old_year_is_a_usage_error(years: tuple[Path, Path], tmp_path: Path) -> None:
    _, new = years
    result = cli(["aggregate", new, "--previous", tmp_path / "nowhere"])
    assert result.exit_code == 2 and "nowhere" in result.stderr


def test_table_1_and_table_2_show_last_year(years: tuple[Path, Path]) -> None:
    old, new = years
    result = aggregate_folder(new)
    compared = compare_previous(result, load_side(old), old_source=str(old), new_source=str(new))
    tables = city_tables(result, Lang.ZH)
    with_previous(tables, compared, Lang.ZH)
    quality = tables[0]
    assert [c.key for c in quality.columns][3:8] == ["value", "previous", "change", "change_pct",
                                                    "change_flag"]
    rows = {row["key"]: row for row in quality.rows}
    change = compared.changes["grade_2"]
    assert change.flagged  # 1213 → 1891, +55.89 %
    assert rows["grade_2"]["change_flag"] == "Y001"
    assert rows["grade_2"]["previous"] == change.old == 1213
    assert rows["students"]["change_flag"] is None
    assert rows["dual_ratio"]["change_pct"] is None and rows["dual_ratio"]["change"] is not None
    shown = dict(zip([c.key for c in quality.columns], quality.shown()[
        [r["key"] for r in quality.rows].index("students")], strict=True))
    assert shown["previous"] == str(int(compared.changes["students"].old or 0))
    survey = next(t for t in tables if t.name == "satisfaction")
    city = [row for row in survey.rows if row.get("_key") and row.get("scope") == "全市"]
    assert city and all(row["previous"] is not None for row in city)
    schools = [row for row in survey.rows if row.get("scope") != "全市"]
    assert all(row.get("previous") is None for row in schools)


def test_the_workbook_prints_last_year_in_table_1(years: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = years
    output = tmp_path / "city.xlsx"
    assert cli(["aggregate", new, "--previous", old, "-o", output]).exit_code == 0
    sheet = openpyxl.load_workbook(output)["表1 质量数据表"]
    headers = [cell.value for cell in sheet[3]]
    assert "上年（2021 年）" in headers and "增减率（%）" in headers and "提示" in headers
    flags = [row[headers.index("提示")].value for row in sheet.iter_rows(min_row=4)]
    assert "Y001" in flags
