"""A write-only openpyxl workbook whose rows are written as text, for sheets of many rows.

openpyxl's write-only sheets cost ≈ 30 µs a cell: a ``WriteOnlyCell`` object, its style looked
up and copied, then an ElementTree element serialised in Python.  The city workbook of 1,000
schools holds ≈ 800,000 cells (分校明细, 分校专业明细, 技能大赛 …) and the diff workbook of
1,000 + 1,000 schools ≈ 1,000,000, which made writing them take minutes.  Here a row is
written as the same SpreadsheetML openpyxl writes for it (inline strings, the cell's style id,
the row's height) into a file of its own, which :meth:`StreamedSheet.close` puts inside the
sheet's ``sheetData`` when openpyxl saves the workbook.  Everything else of the workbook — page
set-up, print titles, merged cells, named styles, charts, properties, the marker of
:func:`vetstat.core.files.save_workbook` — is openpyxl's, unchanged.

Use it as a write-only openpyxl workbook::

    book = StreamedBook()
    sheet = book.create_sheet("分校明细")       # a StreamedSheet
    sheet.append([cell, cell])                  # values or styled WriteOnlyCells, as in openpyxl
    sheet.append_styled(values, styles, height) # the fast way: values with named styles
    save_workbook(book, path, CITY)

Every sheet of the book streams this way, so a new sheet is fast as soon as it is created.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vetstat.core.text import FORMULA_PREFIXES, is_formula_like
from vetstat.outputs.xlstyle import CELL_LIMIT, clean

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_LETTERS = [get_column_letter(index) for index in range(1, 16385)]  # A … XFD, as Excel
_EMPTY_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def cell_text(text: str) -> str:
    """``text`` as a cell holds it (:func:`vetstat.outputs.xlstyle.clean`); printable text
    within the cell limit, nearly every cell, is known to be so without a search."""
    return text if text.isprintable() and len(text) <= CELL_LIMIT else clean(text)


def _text(ref: str, style: str, text: str) -> str:
    """An inline string, as openpyxl writes one (spaces kept where they would be lost)."""
    if not text:  # as openpyxl writes an empty text: a cell with its style, no value
        return f'<c r="{ref}"{style} t="inlineStr"/>'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t></is></c>'


class StreamedSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet whose rows go to a file of their own as SpreadsheetML text."""

    def __init__(self, parent: Any, title: str | None) -> None:
        super().__init__(parent, title)
        self._rows_file: IO[str] | None = None
        self._row_count = 0

    @property
    def rows_written(self) -> int:
        """The number of rows appended so far (the next row is this + 1)."""
        return self._row_count

    def _stream(self) -> IO[str]:
        if self._rows_file is None:
            # open until the sheet is closed or discarded: no context manager spans that
            self._rows_file = tempfile.TemporaryFile(  # noqa: SIM115
                "w+", encoding="utf-8", newline="", prefix="vetstat-rows.")
        return self._rows_file

    def _row_start(self, number: int, height: float | None) -> str:
        if height is None:
            found = self.row_dimensions.get(number)
            height = found.height if found is not None else None
        if height is None:
            return f'<row r="{number}">'
        return f'<row r="{number}" ht="{height:.16g}" customHeight="1">'

    def append(self, row: Iterable[Any]) -> None:
        """A row of values or styled ``WriteOnlyCell``\\ s (None: no cell), as openpyxl's
        ``append`` takes it; a value is written as :func:`vetstat.outputs.xlstyle.put` writes it."""
        values: list[Any] = []
        styles: list[int | None] = []
        for item in row:
            if isinstance(item, Cell):
                if item.hyperlink is not None or item.comment is not None:
                    raise ValueError("a streamed sheet holds no hyperlink or comment")
                values.append(item.value)
                styles.append(item.style_id if item.has_style else None)
            else:
                values.append(item)
                styles.append(self.parent.style_ids(None, is_formula_like(item)))
        self._write(values, styles, None)

    def append_styled(self, values: Sequence[Any], styles: Sequence[str | None],
                      height: float | None = None) -> None:
        """A row of values, each with the named style (registered on the workbook) or None, and
        the row's height in points (None: as Excel sizes it).  Text is written as
        :func:`vetstat.outputs.xlstyle.put` writes it: cleaned, formula-like text marked as
        text."""
        ids, known = self.parent.style_ids, self.parent.known_style_ids
        found = []
        for name, value in zip(styles, values, strict=True):
            quoted = type(value) is str and value.startswith(FORMULA_PREFIXES) \
                and is_formula_like(value)
            style_id = known.get((name, quoted), -1)
            found.append(ids(name, quoted) if style_id == -1 else style_id)
        self._write(values, found, height)

    def _write(self, values: Sequence[Any], styles: Sequence[int | None],
               height: float | None) -> None:
        if self.closed:
            self._already_saved()
        if len(values) > len(_LETTERS):
            raise ValueError(f"a streamed sheet has at most {len(_LETTERS)} columns")
        self._row_count += 1
        number = self._row_count
        out = [self._row_start(number, height)]
        for letter, value, style_id in zip(_LETTERS[:len(values)], values, styles, strict=True):
            ref = f"{letter}{number}"
            style = "" if style_id is None else f' s="{style_id}"'
            kind = type(value)
            if value is None:
                if style_id is not None:
                    out.append(f'<c r="{ref}"{style} t="n"/>')
            elif kind is str:
                out.append(_text(ref, style, cell_text(value)))
            elif kind is bool:
                out.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            elif kind is int or (kind is float and math.isfinite(value)):
                out.append(f'<c r="{ref}"{style} t="n"><v>{value:.16g}</v></c>')
            elif isinstance(value, float):  # nan, inf: Excel cannot open them as numbers
                out.append(_text(ref, style, str(value)))
            elif isinstance(value, str):
                out.append(_text(ref, style, cell_text(value)))
            elif isinstance(value, int):
                out.append(f'<c r="{ref}"{style} t="n"><v>{int(value)}</v></c>')
            else:
                raise TypeError(f"a streamed sheet takes text and numbers, not {kind.__name__}")
        out.append("</row>")
        self._stream().write("".join(out))

    def close(self) -> None:
        """openpyxl writes the sheet with empty ``sheetData``; the rows go inside it."""
        self.row_dimensions.clear()  # written with their rows already
        super().close()
        rows = self._rows_file
        if rows is None:
            return
        self._rows_file = None
        out = self._writer.out
        with open(out, encoding="utf-8") as stream:
            skeleton = stream.read()
        found = _EMPTY_DATA.search(skeleton)
        if found is None:  # openpyxl wrote rows of its own: never, every row comes here
            raise RuntimeError("the sheet's rows were written twice")
        with rows, open(out, "w", encoding="utf-8", newline="") as target:
            target.write(skeleton[:found.start()])
            target.write("<sheetData>")
            rows.seek(0)
            shutil.copyfileobj(rows, target, 1 << 20)
            target.write("</sheetData>")
            target.write(skeleton[found.end():])

    def discard(self) -> None:
        """Let go of the rows of a workbook that will not be saved."""
        if self._rows_file is not None:
            self._rows_file.close()
            self._rows_file = None


class StreamedBook(Workbook):  # type: ignore[misc]
    """A write-only workbook whose every sheet is a :class:`StreamedSheet`."""

    def __init__(self) -> None:
        super().__init__(write_only=True)
        self._style_ids: dict[tuple[str | None, bool], int | None] = {}
        self._formats: dict[str, dict[str, Any]] = {}
        self._probe_sheet = SimpleNamespace(parent=self)  # what a cell needs for its style

    def create_sheet(self, title: str | None = None, index: int | None = None) -> StreamedSheet:
        sheet = StreamedSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def add_cell_format(self, name: str, *, font: Any = None, fill: Any = None,
                        border: Any = None, alignment: Any = None,
                        number_format: str | None = None) -> None:
        """A format for body cells used by ``name`` in :meth:`StreamedSheet.append_styled` as a
        named style is, but set on each cell as its own formatting (no named style)."""
        found = {"font": font, "fill": fill, "border": border, "alignment": alignment,
                 "number_format": number_format}
        self._formats[name] = {key: value for key, value in found.items() if value is not None}

    def has_cell_format(self, name: str) -> bool:
        return name in self._formats

    @property
    def known_style_ids(self) -> dict[tuple[str | None, bool], int | None]:
        """The ids :meth:`style_ids` has found, by (name, quoted)."""
        return self._style_ids

    def style_ids(self, name: str | None, quoted: bool = False) -> int | None:
        """The cell format id of a named style or a format of :meth:`add_cell_format` (None:
        neither), ``quoted`` with the quote
        prefix that keeps formula-like text text when it is edited (as
        :func:`vetstat.outputs.xlstyle.put` marks it); None for a cell without either."""
        key = (name, quoted)
        found = self._style_ids.get(key, -1)
        if found == -1:
            if name is None and not quoted:
                found = None
            else:
                probe = WriteOnlyCell(self._probe_sheet)
                if name in self._formats:
                    for attribute, value in self._formats[name].items():
                        setattr(probe, attribute, value)
                elif name is not None:
                    probe.style = name
                if quoted:
                    probe.quotePrefix = True
                found = int(probe.style_id)
            self._style_ids[key] = found
        return found
