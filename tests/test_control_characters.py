"""A school's cells (and file names) holding terminal control sequences reach no terminal: the
window title (``ESC]0;…BEL``), clear screen (``ESC[2J``), colour (``ESC[31m``, the one-character
CSI U+009B) are dropped from every text output, escaped in JSON, and rich markup in a cell is
shown as typed.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import valid_school, write_workbook
from helpers import cli, replace_in_parts, unchanged
from vetstat.core.text import CONTROL_CHARACTERS, printable

# as the cells hold them in the file (the .xlsx escape of a character XML cannot carry)
HOSTILE_XML = b"_x001B_]0;pwned_x0007__x001B_[2J_x009B_31m[bold red]X[/] :warning:"
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m[bold red]X[/] :warning:"
COUNT_XML = b"_x001B_[31m5"
FILE_NAME = "\x1b[2J学校.xlsx"
# what no text output may hold: every control character but tab and newline
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def planted(path: Path) -> Path:
    data = valid_school(school={"name": "白城NAMEHERE"})
    data["enrollment"][0]["grade_1"] = "COUNTHERE"
    write_workbook(data, path)
    return replace_in_parts(path, {b"NAMEHERE": HOSTILE_XML, b"COUNTHERE": COUNT_XML})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("controls") / "2022"
    root.mkdir()
    planted(root / FILE_NAME)
    return root


@pytest.fixture(autouse=True)
def inputs_unchanged(folder: Path) -> Iterator[None]:
    with unchanged(folder):
        yield


def commands(folder: Path) -> dict[str, list[str | Path]]:
    school = folder / FILE_NAME
    found: dict[str, list[str | Path]] = {}
    for fmt in ("table", "csv", "markdown", "json"):
        found[f"validate {fmt}"] = ["validate", school, "--format", fmt]
        found[f"validate folder {fmt}"] = ["validate", folder, "--format", fmt]
        found[f"aggregate {fmt}"] = ["aggregate", folder, "--format", fmt]
    return found


def test_the_planted_file_holds_the_sequences(folder: Path) -> None:
    """The test below could fail: the reader gives the sequences back as the school typed them."""
    result = cli(["validate", folder / FILE_NAME, "--format", "json"])
    document = json.loads(result.stdout)
    assert document["school"]["name"] == "白城" + HOSTILE
    assert any("\x1b[31m5" in issue["message"] for issue in document["issues"])


def test_no_text_output_carries_a_control_character(folder: Path) -> None:
    for name, args in commands(folder).items():
        result = cli(args)
        assert result.exit_code in (0, 1), (name, result.stderr)
        for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            found = CONTROLS.findall(text)
            assert not found, (name, stream, found)
        assert "pwned" in result.stdout, name  # the rest of the text is kept
        if name.endswith("json"):
            assert "\\u001b]0;pwned\\u0007" in result.stdout and "\\u009b" in result.stdout


def test_the_terminal_table_shows_markup_as_typed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal (rich): no sequence of the school's, and "[bold red]" is text, not style."""
    from vetstat.cli.common import Language, OutputFormat, emit, lang_of
    from vetstat.outputs.render import Column, Table, issue_table
    from vetstat.usecases.validate import validate_workbook

    report = validate_workbook(folder / FILE_NAME)
    schools = Table("学校", "Schools", [Column("name", "学校", "school")],
                    [{"name": report.school()["name"]}])
    screen = io.StringIO()
    screen.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "400")
    emit([schools, issue_table(report.issues, lang_of(Language.zh))], None, OutputFormat.table,
         lang_of(Language.zh))
    shown = screen.getvalue()
    assert "\x1b[" in shown  # rich's own styling: this was drawn as on a terminal
    for sequence in ("\x1b]", "\x07", "\x1b[2J", "\x1b[31m", "\x9b"):
        assert sequence not in shown, sequence
    assert "[bold red]X[/]" in shown and ":warning:" in shown


@pytest.mark.parametrize("text", ["\t", "\n", "a\tb\nc", "普通文本", "[x]"])
def test_tab_newline_and_plain_text_stay(text: str) -> None:
    assert printable(text) == text and not CONTROL_CHARACTERS.search(text)


def test_every_control_character_goes() -> None:
    controls = "".join(chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]
                       if chr(code) not in "\t\n")
    assert printable(f"a{controls}b") == "ab"


def test_an_internal_error_quoting_a_school_s_text_prints_no_control_character(
        folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The message of an unforeseen failure may quote a cell: it reaches the terminal cleaned."""
    import vetstat.usecases.validate
    from vetstat.cli import main

    def broken(path: Path, *args: object, **kwargs: object) -> None:
        raise RuntimeError(f"cannot handle {HOSTILE}")

    monkeypatch.setattr(vetstat.usecases.validate, "validate_workbook", broken)
    monkeypatch.delenv("VETSTAT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(["validate", str(folder / FILE_NAME)])
    err = capsys.readouterr().err
    assert stopped.value.code == 3 and "pwned" in err and not CONTROLS.search(err), err
