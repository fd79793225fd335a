"""The streamed sheet writes the cells openpyxl's own write-only sheet writes for the same values
(value, type, style, quote prefix, row height), so that switching a workbook to it changes its
speed and nothing a reader or a printer sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, NamedStyle

from vetstat.core.files import save_workbook
from vetstat.outputs.streambook import StreamedBook
from vetstat.outputs.xlstyle import put

VALUES: list[Any] = [
    "白城市第一职业高中", "", "  spaced  ", "a<b & c>d", "=HYPERLINK(\"x\")", "-12", "+x", "@sum",
    "bell\x07and\x1bescape", 0, -3, 1234567, 2.5, 98.125, 1e20, -0.0, True, False,
    float("nan"), float("inf"), None, "x" * 40000,
]


def _style(book: Any) -> str:
    book.add_named_style(NamedStyle(name="body", font=Font(name="等线", size=10)))
    return "body"


def _read(path: Path) -> list[list[tuple[Any, ...]]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[(cell.value, cell.data_type == "n", cell.font.name, cell.font.sz, cell.quotePrefix)
             for cell in row] for row in sheet.iter_rows()]


def _heights(path: Path) -> dict[int, float | None]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return {number: dimension.height for number, dimension in sheet.row_dimensions.items()}


def test_the_fast_rows_hold_what_openpyxl_writes(tmp_path: Path) -> None:
    reference = Workbook(write_only=True)
    name = _style(reference)
    sheet = reference.create_sheet("t")
    for styled in (False, True):
        cells = []
        for value in VALUES:
            cell = WriteOnlyCell(sheet)
            if styled:
                cell.style = name
            cells.append(put(cell, value))
        sheet.row_dimensions[2].height = 27.5
        sheet.append(cells)
    save_workbook(reference, tmp_path / "reference.xlsx", None)

    book = StreamedBook()
    name = _style(book)
    streamed = book.create_sheet("t")
    streamed.append(VALUES)
    streamed.append_styled(VALUES, [name] * len(VALUES), height=27.5)
    assert streamed.rows_written == 2
    save_workbook(book, tmp_path / "streamed.xlsx", None)

    assert _read(tmp_path / "streamed.xlsx") == _read(tmp_path / "reference.xlsx")
    assert _heights(tmp_path / "streamed.xlsx") == _heights(tmp_path / "reference.xlsx")


def test_styled_cells_and_a_sheet_without_rows(tmp_path: Path) -> None:
    book = StreamedBook()
    sheet = book.create_sheet("cells")
    cell = WriteOnlyCell(sheet, "标题")
    cell.font = Font(name="等线", size=15, bold=True)
    sheet.row_dimensions[1].height = 30
    sheet.append([cell, None, 3])
    book.create_sheet("empty", index=0)
    save_workbook(book, tmp_path / "book.xlsx", None)
    back = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert back.sheetnames == ["empty", "cells"]
    assert back["cells"]["A1"].font.b and back["cells"]["A1"].font.sz == 15
    assert [c.value for c in back["cells"][1]] == ["标题", None, 3]
    assert back["cells"].row_dimensions[1].height == 30
    assert back["empty"].max_row == 1 and back["empty"]["A1"].value is None


def test_what_a_cell_cannot_hold_is_refused(tmp_path: Path) -> None:
    sheet = StreamedBook().create_sheet("t")
    with pytest.raises(TypeError):
        sheet.append([object()])
    with pytest.raises(ValueError):
        sheet.append_styled([1, 2], [None])
