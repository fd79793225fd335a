"""``vetstat aggregate FOLDER``: exit codes, outputs equal to the library's, inputs untouched."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from builders import lock_file
from helpers import digests, invoke, three_schools, write_city
from vetstat.core.issues import Lang
from vetstat.core.jsondoc import JsonLines, to_json, write_json
from vetstat.usecases import pool as pool_module
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.citydata import read_city_workbook


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_city(tmp_path_factory.mktemp("cli") / "2022", three_schools())


def run(*args: str) -> tuple[int, str, str]:
    return invoke("aggregate", *args)


@pytest.mark.parametrize("lang", list(Lang))
def test_json_equals_the_library(folder: Path, lang: Lang) -> None:
    code, out, err = run(str(folder), "--format", "json", "--lang", lang.value)
    assert code == 0
    assert json.loads(out) == json.loads(to_json(aggregate_folder(folder).to_dict(lang)))
    assert ("3/3" if lang is Lang.ZH else "3 of 3") in err


def test_json_writes_one_school_per_line(folder: Path) -> None:
    """A national batch is thousands of schools: each is one compact line, made as written."""
    code, out, _ = run(str(folder), "--format", "json")
    assert code == 0
    lines = out.splitlines()
    first = lines.index('  "schools": [')
    entries = [json.loads(line.strip().removesuffix(",")) for line in lines[first + 1:first + 4]]
    assert [entry["file"] for entry in entries] == [s.file for s in aggregate_folder(folder).schools]
    assert lines[first + 4] == "  ],"


def test_json_lines_are_the_same_json_as_a_list() -> None:
    document = {"b": JsonLines(lambda: iter([{"x": float("inf"), "y": [1, 2]}, {"z": "中"}])),
                "a": {"n": 1}, "c": JsonLines(lambda: iter(()))}
    plain = {"a": {"n": 1}, "b": [{"x": None, "y": [1, 2]}, {"z": "中"}], "c": []}
    buffer = io.StringIO()
    write_json(document, buffer)
    assert json.loads(buffer.getvalue()) == plain
    assert '    {"x": null, "y": [1, 2]},\n    {"z": "中"}\n  ],\n  "c": []\n}' in buffer.getvalue()


def test_table_csv_and_markdown(folder: Path) -> None:
    code, out, _ = run(str(folder))
    assert code == 0
    assert "表1 中等职业教育质量数据表" in out and "全市合计" in out
    code, out, _ = run(str(folder), "-f", "csv")
    assert code == 0
    assert "# 表1 中等职业教育质量数据表" in out
    first_table = out.split("\n\n")[0].splitlines()[1:]
    rows = {row[4]: row for row in csv.reader(io.StringIO("\n".join(first_table[1:])))}
    assert rows["students"][3] == "7800"
    assert rows["employment_rate"][3] == "90.56"
    code, out, _ = run(str(folder), "-f", "markdown", "--lang", "en")
    assert code == 0
    assert "## Table 1 Quality data of secondary vocational education" in out
    assert "| category " in out and "city total" in out


def test_the_workbook_is_written_and_inputs_untouched(folder: Path, tmp_path: Path) -> None:
    before = digests(folder)
    target = tmp_path / "city.xlsx"
    code, _, err = run(str(folder), "-o", str(target), "-f", "json")
    assert code == 0
    assert str(target) in err
    assert digests(folder) == before
    assert "表1 质量数据表" in openpyxl.load_workbook(target).sheetnames
    assert read_city_workbook(target).city() == aggregate_folder(folder).city()


def test_lock_files_and_documents_are_passed_over_silently(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    lock_file(folder / "a_big.xlsx")
    (folder / "通知.docx").write_bytes(b"PK")
    code, out, err = run(str(folder), "-f", "json")
    assert code == 0
    assert "~$a_big.xlsx" not in err and "通知.docx" not in err
    assert "3/3 个文件计入" in err
    assert sorted(Path(item["file"]).name for item in json.loads(out)["skipped"]) == [
        "~$a_big.xlsx", "通知.docx"]


def test_a_corrupt_file_makes_exit_1_and_the_rest_is_aggregated(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    (folder / "z.xlsx").write_bytes(b"not a workbook")
    code, out, err = run(str(folder), "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert document["city"]["schools"] == 3
    assert {"F001", "X904"} <= {issue["code"] for issue in document["issues"]}
    assert "3/4" in err


def test_year_option_flags_other_years(folder: Path) -> None:
    code, out, _ = run(str(folder), "--year", "2021", "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert document["year"] == 2021
    assert [issue["code"] for issue in document["issues"]] == ["X902"] * 3


def test_jobs_do_not_change_the_output(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_FILES", 2)
    _, serial, _ = run(str(folder), "-f", "json", "--jobs", "1")
    _, parallel, _ = run(str(folder), "-f", "json", "--jobs", "2")
    assert serial == parallel


@pytest.mark.parametrize("arguments", [
    ["{folder}/../nowhere"],
    ["{folder}", "-o", "{folder}/a_big.xlsx"],
    ["{folder}", "-o", "{folder}/missing/city.xlsx"],
    ["{folder}", "-o", "{folder}/../city.csv"],
    ["{folder}", "--jobs", "0"],
    ["{folder}", "--year", "1999"],
])
def test_usage_errors_exit_2(folder: Path, arguments: list[str]) -> None:
    before = digests(folder)
    code, out, err = run(*(a.format(folder=folder) for a in arguments))
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert digests(folder) == before


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("nothing here", "utf-8")
    code, _, err = run(str(tmp_path))
    assert code == 2
    assert "没有学校的工作簿" in err


def test_a_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from vetstat.cli import aggregate as command

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with command._progress() as progress:
        assert progress is not None
        for done in range(1, 31):
            progress(done, 30)
    assert "30/30" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with command._progress() as progress:
        assert progress is not None
        for done in range(1, 4):
            progress(done, 3)  # a short batch draws nothing
    assert quiet.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with command._progress() as progress:
        assert progress is None  # piped: silent


def test_data_is_a_folder_or_a_bare_year_never_a_city_workbook(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """DATA is written as diff's sides are: ``2022`` names ./2022; a city workbook holds no
    school files, so aggregate refuses it and says which commands read it."""
    write_city(tmp_path / "2022", three_schools())
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("aggregate", "2022", "-f", "json", "-o", "全市.xlsx")
    assert code == 0
    assert json.loads(out)["city"]["schools"] == 3
    code, out, err = invoke("validate", "2022", "-f", "json")
    assert [report["file"] for report in json.loads(out)] == sorted(three_schools())
    for command in ("aggregate", "validate"):
        code, _, err = invoke(command, "2021")
        assert code == 2
        assert "当前文件夹下的 2021 文件夹" in err
    code, _, err = invoke("aggregate", "全市.xlsx")
    assert code == 2
    assert "diff" in err and "report" in err and "Traceback" not in err
