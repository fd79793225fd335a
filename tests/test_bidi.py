"""Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make a terminal, Excel or
Word show what follows reversed: a file named "\u202exslx.exe.xlsx" reads "exe.xlsx.exe", a
cell holding "\u202e08" reads "80".  A school's name and code lose them as they are read (they
are format characters); what is quoted as typed — a file's name, a number cell holding text, a
choice that is not on the list — reaches no text output (JSON writes them escaped) and no message of a workbook with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import valid_school, write_workbook
from helpers import cli, unchanged
from vetstat.core.text import printable, xml_safe

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FOUND = re.compile(f"[{BIDI}]")
FILE_NAME = "\u202exslx.exe.xlsx"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bidi") / "2022"
    root.mkdir()
    data = valid_school(school={"name": "白城\u202e市第一职业高中", "affiliation": "\u2067属直市x"})
    data["enrollment"][0]["grade_1"] = "\u202e08"
    data["enrollment"][1]["model_major"] = "\u202d级省\u202c"
    write_workbook(data, root / FILE_NAME)
    return root


@pytest.fixture(autouse=True)
def inputs_unchanged(folder: Path) -> Iterator[None]:
    with unchanged(folder):
        yield


def test_the_quoted_values_hold_them(folder: Path) -> None:
    """The test below could fail: the messages quote the cells as typed (in JSON, escaped)."""
    result = cli(["validate", folder / FILE_NAME, "--format", "json"])
    assert "\\u202e08" in result.stdout and "\\u202exslx" in result.stdout
    assert "\\u202e" not in result.stdout.split('"school"')[1][:200]  # the name lost it


def test_no_text_output_carries_a_bidi_control(folder: Path) -> None:
    for fmt in ("table", "csv", "markdown", "json"):
        for args in (["validate", folder / FILE_NAME], ["validate", folder],
                     ["aggregate", folder]):
            result = cli([*args, "--format", fmt])
            assert result.exit_code in (0, 1), (args, result.stderr)
            for text in (result.stdout, result.stderr):
                assert not FOUND.search(text), (args, fmt, FOUND.findall(text))
            assert "xslx.exe.xlsx" in result.stdout  # the name is shown as it is stored
            if fmt == "json":  # escaped: the same JSON value
                assert "\\u202exslx.exe.xlsx" in result.stdout


def test_the_annotated_copy_lists_the_issues_without_them(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "批注.xlsx"
    result = cli(["validate", folder / FILE_NAME, "--annotate", out])
    assert result.exit_code in (0, 1), result.stderr
    import openpyxl

    book = openpyxl.load_workbook(out)
    comments = [cell.comment.text for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.comment]
    results = [str(cell.value) for row in book["校验结果"].iter_rows() for cell in row
               if cell.value is not None]
    assert comments and results
    for text in (*comments, *results):
        assert not FOUND.search(text), text


def test_both_functions_drop_every_bidi_control_and_keep_the_rest() -> None:
    text = "白城" + BIDI + "职业\u200b高中"
    assert printable(text) == xml_safe(text) == "白城职业\u200b高中"
