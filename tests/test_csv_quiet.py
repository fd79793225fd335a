"""CSV that Excel opens (``--csv-dir``: one file per table, UTF-8 with a BOM), numbers and text
in separate columns, and a terminal that shows a summary when the results went into files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import cli, digests, three_schools, write_city, write_year, year_school
from vetstat.core.issues import Lang
from vetstat.outputs.tables import city_tables
from vetstat.usecases.aggregate import aggregate_folder

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_city(tmp_path_factory.mktemp("csv") / "2022", three_schools())


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_one_file_per_table_with_a_bom(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = cli(["aggregate", folder, "--csv-dir", out])
    assert result.exit_code == 0, result.output
    tables = city_tables(aggregate_folder(folder), Lang.ZH)
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"{i:02d} {t.stem_zh}.csv" for i, t in
                                       enumerate(tables, start=1)]
    for path, table in zip(files, tables, strict=True):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # what a Chinese Excel needs to read UTF-8
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        rows = _read(path)
        assert rows[0] == table.headers(Lang.ZH)
        assert len(rows) == 1 + len(table.rows)
    quality = _read(files[0])
    students = next(row for row in quality if row[-1] == "students")
    assert students[3] == str(aggregate_folder(folder).city()["students"])


def test_stdout_csv_stays_plain_utf8(folder: Path) -> None:
    result = cli(["aggregate", folder, "--format", "csv"])
    assert result.exit_code == 0
    assert not result.stdout.startswith("\ufeff") and "\r\n" not in result.stdout


def test_the_csv_folder_is_refused_inside_the_input_folder(folder: Path) -> None:
    before = digests(folder)
    result = cli(["aggregate", folder, "--csv-dir", folder / "csv"])
    assert result.exit_code == 2
    assert "输入文件夹" in result.stderr
    assert digests(folder) == before and not (folder / "csv").exists()


def test_the_csv_folder_is_refused_inside_a_compared_folder(tmp_path: Path) -> None:
    old = write_year(tmp_path / "2021", {"a": year_school("甲", 2021)})
    new = write_year(tmp_path / "2022", {"a": year_school("甲", 2022)})
    result = cli(["diff", old, new, "--csv-dir", new / "out"])
    assert result.exit_code == 2 and not (new / "out").exists()
    result = cli(["diff", old, new, "--csv-dir", tmp_path / "out"])
    assert result.exit_code == 0
    assert len(list((tmp_path / "out").glob("*.csv"))) >= 4


def test_files_in_the_way_are_replaced_only_with_force(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert cli(["aggregate", folder, "--csv-dir", out]).exit_code == 0
    first = sorted(out.iterdir())[0]
    first.write_text("mine", encoding="utf-8")
    result = cli(["aggregate", folder, "--csv-dir", out])
    assert result.exit_code == 2 and first.read_text(encoding="utf-8") == "mine"
    assert cli(["aggregate", folder, "--csv-dir", out, "--force"]).exit_code == 0
    assert first.read_text(encoding="utf-8-sig").startswith("类别")


def test_validate_counts_are_numbers_in_their_own_columns(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = cli(["validate", SAMPLES / "broken" / "approximate_count.xlsx", "--format", "csv",
                  "--csv-dir", out])
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout.split("\n\n")[0])))
    header = rows[1] if rows[0][0].startswith("#") else rows[0]
    values = rows[2] if rows[0][0].startswith("#") else rows[1]
    assert header[-3:] == ["错误", "警告", "未说明的警告"]
    assert all(value.isdigit() for value in values[-3:])
    summary = _read(sorted(out.iterdir())[0])
    assert summary[0] == header and summary[1] == values


# --- the terminal when the results went into files -------------------------------------------

def test_with_an_output_the_terminal_shows_a_summary(folder: Path, tmp_path: Path) -> None:
    output = tmp_path / "city.xlsx"
    result = cli(["aggregate", folder, "-o", output])
    assert result.exit_code == 0
    out = result.stdout
    assert "汇总结果" in out and str(output) in out and "--show-tables" in out
    assert "表1" not in out and "分校明细" not in out
    assert len(out.splitlines()) < 15


def test_show_tables_prints_them_too(folder: Path, tmp_path: Path) -> None:
    result = cli(["aggregate", folder, "-o", tmp_path / "city.xlsx", "--show-tables"])
    assert result.exit_code == 0
    assert "表1 中等职业教育质量数据表" in result.stdout and "汇总结果" not in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_other_formats_always_print_in_full(folder: Path, tmp_path: Path, fmt: str) -> None:
    result = cli(["aggregate", folder, "-o", tmp_path / "city.xlsx", "--format", fmt])
    assert result.exit_code == 0
    assert "汇总结果" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["files"]["total"] == 3
    else:
        assert "表1" in result.stdout


def test_diff_with_an_output_shows_a_summary(tmp_path: Path) -> None:
    old = write_year(tmp_path / "2021", {"a": year_school("甲", 2021)})
    new = write_year(tmp_path / "2022", {"a": year_school("甲", 2022)})
    result = cli(["diff", old, new, "-o", tmp_path / "diff.xlsx"])
    assert result.exit_code == 0
    assert "对比结果" in result.stdout and "2021 → 2022" in result.stdout
    assert "全市对比" not in result.stdout
    english = cli(["diff", old, new, "-o", tmp_path / "diff2.xlsx", "--lang", "en"])
    assert "Summary" in english.stdout and "tables not printed" in english.stdout


def test_make_demo_prints_a_screenful(tmp_path: Path) -> None:
    """What ``make demo`` runs: the point is the workbook, the terminal says where it went."""
    result = cli(["aggregate", SAMPLES / "2022", "-o", tmp_path / "白城市-2022.xlsx"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) <= 24
    assert max(len(line) for line in lines if str(tmp_path) not in line) <= 100
