"""``vetstat validate`` as a user runs it: exit codes, formats, languages, the annotated copy.

The JSON the command prints must equal what the library returns (``Report.to_dict``), so the
CLI adds nothing of its own to the contract's §6 shape. No output ever carries a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import Ugly, deep_update, lock_file, valid_school, write_workbook, write_xls
from helpers import cli
from vetstat.core.issues import Lang
from vetstat.usecases.validate import Report, validate_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# errors (T301; A701, reported while reading), a warning with a cell (F006) and one without (F010)
BROKEN = {"teachers": {"staff_total": 49}, "school": {"books": "24,000"},
          "awards": {0: {"students": None}}}  # A701 is declared by the checks, not the reader
BROKEN_STYLE = Ugly(extra_sheet=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    school = valid_school()
    return {
        "valid": write_workbook(school, folder / "valid.xlsx"),
        "warning": write_workbook(school, folder / "warning.xlsx", style=Ugly(extra_sheet=True)),
        "explained": write_workbook(
            deep_update(school, {"school": {"building_area": 11000},
                                 "notes": {"school": {"building_area": "新校舍在建"}}}),
            folder / "explained.xlsx"),
        "error": write_workbook(deep_update(school, BROKEN), folder / "error.xlsx",
                                style=BROKEN_STYLE),
        "error_xls": write_xls(deep_update(school, BROKEN), folder / "error.xls",
                               style=BROKEN_STYLE),
        "valid_xls": write_xls(school, folder / "valid.xls"),
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def library_json(path: Path, lang: Lang = Lang.ZH, file: str | None = None) -> Any:
    report = validate_workbook(path, file=file or path.name)
    return json.loads(json.dumps(report.to_dict(lang)))


# --- exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "options", "code"), [
    ("valid", [], EXIT_OK),
    ("valid", ["--strict"], EXIT_OK),
    ("warning", [], EXIT_OK),
    ("warning", ["--strict"], EXIT_INVALID),
    ("explained", [], EXIT_OK),
    ("explained", ["--strict"], EXIT_OK),
    ("error", [], EXIT_INVALID),
    ("error_xls", [], EXIT_INVALID),
    ("valid_xls", ["--strict"], EXIT_OK),
])
def test_exit_codes(files: dict[str, Path], name: str, options: list[str], code: int) -> None:
    for fmt in ("table", "json"):
        result = cli(["validate", files[name], "--format", fmt, *options])
        assert result.exit_code == code, (fmt, result.stdout, result.stderr)


def test_unreadable_file_is_an_error_not_a_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    result = cli(["validate", broken, "--format", "json"])
    assert result.exit_code == EXIT_INVALID
    assert [i["code"] for i in json.loads(result.stdout)["issues"]] == ["F001"]


@pytest.mark.parametrize("args", [
    ["validate", "{missing}"],
    ["validate", "{valid}", "--format", "xml"],
    ["validate", "{valid}", "--lang", "fr"],
    ["validate", "{valid}", "--frobnicate"],
    ["validate", "{valid}", "--config", "{missing}"],
    ["validate", "{valid}", "--annotate", "{missing_folder}"],
    ["validate", "{valid}", "--annotate", "{valid}"],
    ["validate", "{valid}", "{error}", "--annotate", "{out}"],
    ["validate", "{empty_folder}"],
], ids=["no-such-file", "bad-format", "bad-lang", "unknown-option", "missing-config",
        "annotate-into-missing-folder", "annotate-onto-input", "annotate-two-files",
        "folder-without-workbooks"])
def test_wrong_usage_exits_2(files: dict[str, Path], tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "empty").mkdir()
    places = {"missing": tmp_path / "missing.xlsx", "valid": files["valid"],
              "error": files["error"], "out": tmp_path / "out.xlsx",
              "missing_folder": tmp_path / "no-such-folder" / "out.xlsx",
              "empty_folder": tmp_path / "empty"}
    before = {name: digest(path) for name, path in files.items()}
    result = cli([arg.format(**places) for arg in args])
    assert result.exit_code == EXIT_USAGE, (result.stdout, result.stderr)
    assert result.stderr.strip()
    assert not (tmp_path / "out.xlsx").exists()
    assert {name: digest(path) for name, path in files.items()} == before


# --- formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["valid", "warning", "error", "error_xls"])
def test_json_equals_the_library_report(files: dict[str, Path], name: str) -> None:
    result = cli(["validate", files[name], "--format", "json"])
    document = json.loads(result.stdout)
    assert document == library_json(files[name])
    assert {"file", "valid", "school", "issues"} <= set(document)
    assert set(document["school"]) >= {"name", "school_code", "year"}
    for issue in document["issues"]:
        assert {"code", "severity", "explained", "file", "sheet", "cell", "field", "value",
                "expected", "message"} <= set(issue)


def test_json_for_several_files_is_a_list(files: dict[str, Path]) -> None:
    result = cli(["validate", files["valid"], files["error"], "--format", "json"])
    assert result.exit_code == EXIT_INVALID
    assert json.loads(result.stdout) == [library_json(files["valid"]),
                                         library_json(files["error"])]


def test_folder_validates_every_workbook_and_skips_lock_files(files: dict[str, Path],
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "schools"
    (folder / "county").mkdir(parents=True)
    valid = write_workbook(valid_school(), folder / "a.xlsx")
    lock = lock_file(valid)
    broken = write_xls(deep_update(valid_school(), BROKEN), folder / "county" / "b.xls")
    (folder / "readme.txt").write_text("说明", encoding="utf-8")
    result = cli(["validate", folder, "--format", "json"])
    assert result.exit_code == EXIT_INVALID
    documents = json.loads(result.stdout)
    assert isinstance(documents, list)
    assert [d["file"] for d in documents] == ["a.xlsx", str(Path("county") / "b.xls")]
    assert documents[0] == library_json(valid)
    assert documents[1] == library_json(broken, file=str(Path("county") / "b.xls"))
    # lock files and documents are no submissions: passed over without a word
    assert lock.name not in result.stderr and lock.name not in result.stdout
    assert "readme.txt" not in result.stderr


def test_a_folder_alone_still_prints_a_list(tmp_path: Path) -> None:
    write_workbook(valid_school(), tmp_path / "only.xlsx")
    result = cli(["validate", tmp_path, "--format", "json"])
    assert result.exit_code == EXIT_OK
    assert [d["file"] for d in json.loads(result.stdout)] == ["only.xlsx"]


def test_english_by_option_and_by_environment(files: dict[str, Path]) -> None:
    expected = library_json(files["error"], Lang.EN)
    by_option = cli(["validate", files["error"], "--format", "json", "--lang", "en"])
    by_env = cli(["validate", files["error"], "--format", "json"], env={"VETSTAT_LANG": "en"})
    chinese = cli(["validate", files["error"], "--format", "json"])
    assert json.loads(by_option.stdout) == expected == json.loads(by_env.stdout)
    t301 = next(i for i in expected["issues"] if i["code"] == "T301")
    assert "full-time teachers" in t301["message"]
    t301_zh = next(i for i in json.loads(chinese.stdout)["issues"] if i["code"] == "T301")
    assert "专任教师数" in t301_zh["message"]


def test_csv_parses_with_the_csv_module(files: dict[str, Path]) -> None:
    result = cli(["validate", files["error"], "--format", "csv", "--lang", "en"])
    blocks = [block for block in result.stdout.split("\n\n") if block.strip()]
    tables = {}
    for block in blocks:
        lines = block.strip("\n").splitlines()
        title = lines[0].removeprefix("# ") if lines[0].startswith("# ") else ""
        tables[title] = list(csv.DictReader(io.StringIO("\n".join(lines[1:] if title else lines))))
    issues = tables["Issues"]
    assert sorted(row["code"] for row in issues) == sorted(
        i["code"] for i in library_json(files["error"])["issues"])
    t301 = next(row for row in issues if row["code"] == "T301")
    assert (t301["severity"], t301["sheet"], t301["cell"]) == ("error", "教师队伍", "C4")
    assert tables["Result"][0]["file"] == "error.xlsx"


def test_markdown_has_a_header_row(files: dict[str, Path]) -> None:
    result = cli(["validate", files["error"], "--format", "markdown"])
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("|") and "代码" in line)
    assert set(lines[header + 1].replace("|", "").replace(" ", "")) <= {"-", ":"}
    rows = [line for line in lines[header + 2:] if line.startswith("|")]
    assert len(rows) == len(library_json(files["error"])["issues"])
    assert any("T301" in row and "C4" in row for row in rows)


def test_plain_table_when_not_a_terminal(files: dict[str, Path]) -> None:
    result = cli(["validate", files["error"]])
    assert "T301" in result.stdout and "error.xlsx" in result.stdout


# --- the annotated copy ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["error", "error_xls"])
def test_annotated_copy_marks_every_cell_and_lists_every_issue(files: dict[str, Path],
                                                              tmp_path: Path, name: str) -> None:
    source = files[name]
    before = digest(source)
    out = tmp_path / "checked.xlsx"
    result = cli(["validate", source, "--annotate", out, "--format", "json"])
    assert result.exit_code == EXIT_INVALID
    assert digest(source) == before
    issues = json.loads(result.stdout)["issues"]
    located = [i for i in issues if i["cell"]]
    assert {(i["code"], i["sheet"], i["cell"]) for i in located} >= {
        ("T301", "教师队伍", "C4"), ("F006", "学校信息", "C11"), ("A701", "技能大赛", "C3")}
    book = openpyxl.load_workbook(out)
    for issue in located:
        cell = book[issue["sheet"]][issue["cell"]]
        assert cell.fill.fill_type == "solid", issue
        assert cell.comment is not None and f"[{issue['code']}]" in cell.comment.text
    error_cell = book["教师队伍"]["C4"]
    warning_cell = book["学校信息"]["C11"]
    assert error_cell.fill.fgColor.rgb != warning_cell.fill.fgColor.rgb
    results = book["校验结果"]
    assert "错误" in results["A1"].value and results.page_setup.fitToWidth == 1  # the heading
    listed = [row for row in results.iter_rows(min_row=3, values_only=True) if any(row)]
    assert sorted(str(row[1]) for row in listed) == sorted(i["code"] for i in issues)
    assert book.sheetnames[0] == "校验结果"
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
    # sent back unchanged, the copy (comments and result sheet included) reads as the original
    again = validate_workbook(out).to_dict()["issues"]
    assert sorted((i["code"], i["sheet"], i["cell"]) for i in again) == sorted(
        (i["code"], i["sheet"], i["cell"]) for i in issues)


def test_annotated_copy_of_a_valid_file(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "checked.xlsx"
    result = cli(["validate", files["valid"], "--annotate", out])
    assert result.exit_code == EXIT_OK
    book = openpyxl.load_workbook(out)
    assert "校验结果" in book.sheetnames
    assert set(book.sheetnames) - {"校验结果"} == set(openpyxl.load_workbook(files["valid"]).sheetnames)
    # a school that sends the annotated copy back is read without a word about that sheet
    again = validate_workbook(out)
    assert again.issues == []


def test_annotate_overwrites_an_older_copy_but_never_the_input(files: dict[str, Path],
                                                               tmp_path: Path) -> None:
    out = tmp_path / "checked.xlsx"
    assert cli(["validate", files["valid"], "--annotate", out]).exit_code == EXIT_OK
    older = out.read_bytes()
    refused = cli(["validate", files["warning"], "--annotate", out])
    assert refused.exit_code == EXIT_USAGE and "--force" in refused.stderr
    assert out.read_bytes() == older
    assert cli(["validate", files["warning"], "--annotate", out, "--force"]).exit_code == EXIT_OK
    assert openpyxl.load_workbook(out)["校验结果"]["B3"].value == "F010"
    link = tmp_path / "same.xlsx"
    try:
        os.link(files["warning"], link)
    except OSError:
        pytest.skip("hard links unsupported here")
    result = cli(["validate", files["warning"], "--annotate", link, "--force"])
    assert result.exit_code == EXIT_USAGE


# --- a real process --------------------------------------------------------------------------


def test_python_dash_m_vetstat(files: dict[str, Path]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VETSTAT_LANG"}
    done = subprocess.run([sys.executable, "-m", "vetstat", "validate", str(files["error"]),
                           "--format", "json"], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert done.returncode == EXIT_INVALID, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    document = json.loads(done.stdout)
    assert document == library_json(files["error"])
    # a fresh process: the rules the reader reports under (A701) are declared all the same
    assert {"A701", "T301", "F006", "F010"} <= {i["code"] for i in document["issues"]}


def test_report_to_dict_is_what_the_cli_prints_for_an_explained_warning(
        files: dict[str, Path]) -> None:
    report: Report = validate_workbook(files["explained"], file="explained.xlsx")
    document = json.loads(cli(["validate", files["explained"], "-f", "json"]).stdout)
    assert document == json.loads(json.dumps(report.to_dict()))
    assert [(i["code"], i["explained"]) for i in document["issues"]] == [("S105", True)]
    assert document["valid"] is True
