"""Every file vetstat writes: whole or not at all, never over an input, never a live formula.

The commands that write are ``template -o``, ``schema -o``, ``validate --annotate``,
``aggregate -o`` and ``diff -o``. A failure in the middle of writing (an exception, Ctrl-C)
leaves the target as it was and no temporary file behind; a target that is an input, or that
lies in a folder that does not exist, is refused with exit 2 before anything is read or
written. Text that came from a school file and starts like a formula (``=HYPERLINK(…)``,
``@SUM(…)``, ``+1+2``, ``-cmd``) is written so that no spreadsheet runs it: a leading ``'`` in
CSV and Markdown, a text cell (with Excel's quote prefix) in a workbook. Negative numbers stay
numbers. Every test checks that its input files are byte for byte as they were.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.writer.excel import ExcelWriter

from builders import deep_update, valid_school, write_workbook
from helpers import digests, invoke
from vetstat.cli import main

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

HYPERLINK = '=HYPERLINK("http://x","y")'
INJECTIONS = (HYPERLINK, "@SUM(A1)", "+1+2", "-cmd")
SCHOOL_FILE = "@SUM(A1).xlsx"  # a file name is text from the school too
# what a spreadsheet would run: a formula start that is not a plain number
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def live(text: str) -> bool:
    return text.startswith(FORMULA_START) and PLAIN_NUMBER.fullmatch(text) is None


def hostile_school(year: int, students_1: int) -> dict[str, Any]:
    """A valid school whose texts look like formulas; 一年级 of the first major varies."""
    school = deep_update(valid_school(), {
        "school": {"name": HYPERLINK, "year": year, "building_area": 9000.0},
        # explains the S105 warning that the small building area raises: notes are shown too
        "notes": {"school": {"building_area": HYPERLINK}},
        "enrollment": {0: {"name": "@SUM(A1)", "grade_1": students_1,
                           "new_students": students_1 + 2,
                           "students": students_1 + 130}},
        "awards": {0: {"event": "+1+2"}, 1: {"event": "-cmd", "students": "-cmd"}},
    })
    return school


def as_text(path: Path) -> Path:
    """openpyxl stores a string starting with "=" as a formula: make those cells text again,
    as a school's file holds them (typed after an apostrophe, or pasted)."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and cell.value in INJECTIONS:
                    cell.data_type = "s"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("inputs")
    found: dict[str, Path] = {}
    for year, students_1 in ((2021, 110), (2022, 80)):  # 一年级 falls: a negative change
        folder = root / str(year)
        folder.mkdir()
        as_text(write_workbook(hostile_school(year, students_1), folder / SCHOOL_FILE))
        other = valid_school(school={"school_code": "3622080124", "name": "白城市乙职业学校",
                                     "year": year})
        write_workbook(other, folder / "乙校.xlsx")
        found[str(year)] = folder
    found["school"] = found["2022"] / SCHOOL_FILE
    return found


@pytest.fixture(autouse=True)
def inputs_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every input file, hashed before and after each test."""
    if "inputs" not in request.fixturenames:
        yield
        return
    folders: dict[str, Path] = request.getfixturevalue("inputs")
    root = folders["2021"].parent
    before = digests(root)
    yield
    assert digests(root) == before, "an input file was changed"


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_atomically would leave behind on a failure."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


# --- formula-like text in every output ---------------------------------------------------------


def csv_cells(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.startswith("# ")]
    return [cell for row in csv.reader(io.StringIO("\n".join(lines))) for cell in row]


def markdown_cells(text: str) -> list[str]:
    cells = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|:\- ]+", line):  # not the rule line
            cells += [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
    return cells


def check_cells(cells: Sequence[str], wanted: Sequence[str]) -> None:
    assert cells, "no cells"
    running = [cell for cell in cells if live(cell)]
    assert not running, f"cells a spreadsheet would run: {running[:5]}"
    shown = "\n".join(cells)
    for text in wanted:
        assert "'" + text in shown, f"{text} is not in the output, neutralised"


def check_workbook(path: Path, wanted: Sequence[str], *, copy_of_school: bool = False) -> None:
    """No formula cell at all; formula-like text is text, marked with the quote prefix where
    vetstat wrote it (a return file keeps the school's sheets as the school saved them)."""
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str) and live(cell.value):
                    schools = copy_of_school and sheet.title != "校验结果"
                    assert cell.data_type == "s" and (cell.quotePrefix or schools), (
                        f"{sheet.title}!{cell.coordinate}: {cell.value!r} is not kept as text")
                    texts.append(cell.value)
    shown = "\n".join(texts)
    for text in wanted:
        assert text in shown, f"{text} is not in {path.name}"
    if copy_of_school:  # the school's own sheets are kept, their text is still text
        assert book["学校信息"]["C3"].value == HYPERLINK and book["学校信息"]["C3"].data_type == "s"


def negative_numbers(path: Path) -> list[float]:
    book = openpyxl.load_workbook(path)
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.data_type == "n" and isinstance(cell.value, int | float) and cell.value < 0]


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_validate_text_outputs_neutralise_formulas(inputs: dict[str, Path], fmt: str) -> None:
    code, out, _err = invoke("validate", inputs["school"], "--format", fmt)
    assert code == EXIT_OK
    cells = csv_cells(out) if fmt == "csv" else markdown_cells(out)
    check_cells(cells, [HYPERLINK, "@SUM(A1)", SCHOOL_FILE])


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_aggregate_text_outputs_neutralise_formulas(inputs: dict[str, Path], fmt: str) -> None:
    code, out, _err = invoke("aggregate", inputs["2022"], "--format", fmt)
    assert code == EXIT_OK
    cells = csv_cells(out) if fmt == "csv" else markdown_cells(out)
    check_cells(cells, INJECTIONS)


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_diff_text_outputs_neutralise_formulas_and_keep_negative_numbers(
        inputs: dict[str, Path], fmt: str) -> None:
    code, out, _err = invoke("diff", inputs["2021"], inputs["2022"], "--format", fmt)
    assert code == EXIT_OK
    cells = csv_cells(out) if fmt == "csv" else markdown_cells(out)
    check_cells(cells, [HYPERLINK])
    assert "-30" in cells  # 一年级 110 -> 80: a change, shown as the number it is


def test_the_annotated_copy_keeps_formula_like_text_as_text(inputs: dict[str, Path],
                                                           tmp_path: Path) -> None:
    target = tmp_path / "批注.xlsx"
    code, _out, _err = invoke("validate", inputs["school"], "--annotate", target)
    assert code == EXIT_OK
    check_workbook(target, [HYPERLINK, "@SUM(A1)", "+1+2", "-cmd"], copy_of_school=True)


def test_the_city_workbook_keeps_formula_like_text_as_text(inputs: dict[str, Path],
                                                          tmp_path: Path) -> None:
    target = tmp_path / "全市.xlsx"
    code, _out, _err = invoke("aggregate", inputs["2022"], "-o", target, "--format", "json")
    assert code == EXIT_OK
    check_workbook(target, INJECTIONS)


def test_the_diff_workbook_keeps_formula_like_text_and_negative_numbers(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "对比.xlsx"
    code, _out, _err = invoke("diff", inputs["2021"], inputs["2022"], "-o", target,
                              "--format", "json")
    assert code == EXIT_OK
    check_workbook(target, [HYPERLINK])
    assert -30 in negative_numbers(target)


# --- refused targets ---------------------------------------------------------------------------


def refusals(inputs: dict[str, Path], tmp_path: Path) -> dict[str, list[str | Path]]:
    missing = tmp_path / "没有这个文件夹" / "out.xlsx"
    return {
        "template into a missing folder": ["template", "-o", missing],
        "template onto a folder": ["template", "-o", tmp_path],
        "schema into a missing folder": ["schema", "-o", missing.parent],
        "schema onto a file": ["schema", "-o", inputs["school"]],
        "annotate onto the input": ["validate", inputs["school"], "--annotate", inputs["school"]],
        "annotate into a missing folder": ["validate", inputs["school"], "--annotate", missing],
        "aggregate onto an input": ["aggregate", inputs["2022"], "-o", inputs["school"]],
        "aggregate onto an input, by another name": [
            "aggregate", inputs["2022"], "-o", inputs["2022"] / ".." / "2022" / SCHOOL_FILE],
        "aggregate into a missing folder": ["aggregate", inputs["2022"], "-o", missing],
        "diff into a missing folder": ["diff", inputs["2021"], inputs["2022"], "-o", missing],
        "diff onto a compared file": ["diff", inputs["2021"], inputs["2022"], "-o",
                                      inputs["school"]],
    }


def test_every_refused_target_exits_2_and_writes_nothing(inputs: dict[str, Path],
                                                         tmp_path: Path) -> None:
    for name, args in refusals(inputs, tmp_path).items():
        code, out, err = invoke(*args)
        assert code == EXIT_USAGE, (name, code, out, err)
        assert err.startswith("vetstat: ") and len(err.splitlines()) <= 3, (name, err)
    assert not (tmp_path / "没有这个文件夹").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


# --- whole or not at all -------------------------------------------------------------------------


def writes(inputs: dict[str, Path], folder: Path) -> dict[str, tuple[list[str | Path], Path]]:
    """Each command that writes a workbook, and its target."""
    return {
        "template": (["template", "-o", folder / "模板.xlsx"], folder / "模板.xlsx"),
        "annotate": (["validate", inputs["school"], "--annotate", folder / "批注.xlsx"],
                     folder / "批注.xlsx"),
        "aggregate": (["aggregate", inputs["2022"], "-o", folder / "全市.xlsx", "--format", "json"],
                      folder / "全市.xlsx"),
        "diff": (["diff", inputs["2021"], inputs["2022"], "-o", folder / "对比.xlsx",
                  "--format", "json"], folder / "对比.xlsx"),
    }


def broken_save(error: BaseException) -> Callable[..., None]:
    """openpyxl's writer writing half a file, then failing."""

    def write_data(self: ExcelWriter) -> None:
        self._archive.writestr("xl/half.xml", b"half a workbook")
        raise error

    return write_data


def run_main(args: Sequence[str | Path]) -> int:
    """The installed entry point, in this process: it turns every failure into an exit code."""
    with pytest.raises(SystemExit) as stopped:
        main([str(a) for a in args])
    return int(stopped.value.code or 0)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("boom"),
                                   KeyboardInterrupt()], ids=["disk-full", "bug", "ctrl-c"])
@pytest.mark.parametrize("existing", [True, False], ids=["over-old", "new"])
def test_a_failure_while_writing_leaves_the_target_as_it_was(
        inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], error: BaseException, existing: bool) -> None:
    monkeypatch.setattr(ExcelWriter, "write_data", broken_save(error))
    for name, (args, target) in writes(inputs, tmp_path).items():
        if existing:
            target.write_bytes(b"last year's good file")
        code = run_main([*args, "--force"] if existing else args)
        captured = capsys.readouterr()
        assert code not in (EXIT_OK,), name
        assert "Traceback" not in captured.err + captured.out, name
        if existing:
            assert target.read_bytes() == b"last year's good file", name
        else:
            assert not target.exists(), name
        assert leftovers(tmp_path) == [], name


def test_a_failed_rename_leaves_no_temporary_file(inputs: dict[str, Path], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The file was written whole, but could not take the target's place."""
    import vetstat.core.files

    def refuse(source: Any, target: Any) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(vetstat.core.files.os, "replace", refuse)
    for name, (args, target) in writes(inputs, tmp_path).items():
        target.write_bytes(b"old")
        assert run_main([*args, "--force"]) != EXIT_OK, name
        capsys.readouterr()
        assert target.read_bytes() == b"old" and leftovers(tmp_path) == [], name
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    assert run_main(["schema", "-o", schemas]) != EXIT_OK
    assert list(schemas.iterdir()) == []


def test_schema_files_are_written_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Interrupted after two files have taken their place: those two are taken back."""
    import vetstat.core.files

    real_replace = vetstat.core.files.os.replace
    calls = []

    def replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 5:  # the old file and the new one, twice; then Ctrl-C
            raise KeyboardInterrupt
        real_replace(source, target)

    assert run_main(["schema", "-o", tmp_path]) == EXIT_OK
    capsys.readouterr()
    complete = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for path in tmp_path.iterdir():
        path.write_bytes(b"old")
    monkeypatch.setattr(vetstat.core.files.os, "replace", replace)
    assert run_main(["schema", "-o", tmp_path, "--force"]) == 130
    capsys.readouterr()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert len(calls) > 5 and after == dict.fromkeys(complete, b"old")  # no temporary file either


def test_writing_succeeds_with_the_mode_of_a_new_file(inputs: dict[str, Path],
                                                     tmp_path: Path) -> None:
    for name, (args, target) in writes(inputs, tmp_path).items():
        code, _out, _err = invoke(*args)
        assert code == EXIT_OK, name
        assert target.stat().st_mode & 0o777 == 0o666 & ~_umask(), name
        openpyxl.load_workbook(target)  # whole: it opens
    assert leftovers(tmp_path) == []


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current


def test_json_stays_valid_when_a_figure_is_not_finite() -> None:
    """A ratio of absurd inputs may be inf or nan, which JSON cannot hold: it becomes null."""
    from vetstat.outputs.render import to_json, write_json

    document = {"rate": float("inf"), "rows": [float("nan"), -1.5, {"x": float("-inf")}],
                "fine": 2.0}
    stream = io.StringIO()
    write_json(document, stream)
    for text in (to_json(document), stream.getvalue()):
        assert json.loads(text) == {"rate": None, "rows": [None, -1.5, {"x": None}], "fine": 2.0}
    assert document["rate"] == float("inf")  # the caller's document is left as it was
