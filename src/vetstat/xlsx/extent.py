"""Measuring a sheet's XML before calamine reads it.

calamine allocates a sheet's whole used range before it returns a single value, and aborts the
process when that fails: every part it will parse is checked here first (UTF-8, no DTD, a
plausible shared-string count) and every sheet measured, quickly when it is in the form Excel
writes, reference by reference otherwise.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from vetstat.xlsx.limits import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHEET_CELLS,
    Unreadable,
    _column_index,
    column_letter,
)

_DTD_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)

# Tag names may carry any namespace prefix (calamine compares local names only); a tag's name
# ends at XML white space, "/" or ">".
_PREFIX = rb"(?:[^ \t\r\n<>/:=\"']+:)?"
_NAME_END = (b" ", b"\t", b"\r", b"\n", b"/", b">")
_SST_RE = re.compile(rb"<" + _PREFIX + rb"sst(?=[ \t\r\n/>])([^>]*)>")
_UNIQUE_COUNT_RE = re.compile(rb"""[ \t\r\n]uniqueCount[ \t\r\n]*=[ \t\r\n]*["'][ \t\r\n]*([0-9]+)""")
_SHEET_DATA_RE = re.compile(rb"<" + _PREFIX + rb"sheetData(?=[ \t\r\n/>])([^>]*)>")
_SHEET_DATA_END_RE = re.compile(rb"</" + _PREFIX + rb"sheetData[ \t\r\n]*>")
# a ">" inside an attribute value of a cell or row tag (no attribute of theirs can hold one)
_QUOTED_GT_RE = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[ \t\r\n][^<>]*?=[ \t\r\n]*(?:\"[^\"<]*|'[^'<]*)>")
_ANY_CELL_RE = re.compile(rb"<" + _PREFIX + rb"c[ \t\r\n/>]")
# the form Excel, WPS and openpyxl write: no prefix, r first, double quotes, upper case
_PLAIN_CELL = b'<c r="'
_PLAIN_ROW_RE = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_PLAIN_COLUMN_RE = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_WIDE_CELL_RE = re.compile(rb'<c r="[A-Z]{2}')
_ONE_LETTER = {b"A", b"Z"}  # the columns a sheet of one-letter references may span
_PLAIN_TAG_RE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_TAG_RE = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[ \t\r\n/>])([^>]*)>")
# an attribute named r, up to its "=": calamine's parser also takes one written straight after
# a quote (s="0"r=)
_R_NAME = rb"r(?<![\w:.\-]r)[ \t\r\n]*="
_R_ATTR_RE = re.compile(_R_NAME + rb"""[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
_CELL_RE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_RE = re.compile(rb"[A-Za-z]{0,3}([0-9]{1,7})")
SCAN_WINDOW = 4 * 1024 * 1024
# Walking tags one by one (cells in another form than the plain one) costs about 2 µs a tag:
# fewer cells than the plain form's bound keep it within a few seconds.
MAX_IRREGULAR_CELLS = 1_000_000


def _check_part(data: bytes, name: str, label: tuple[str, str] | None = None) -> int | None:
    """Refuse an XML part that no parser should be handed: not UTF-8, a DTD, an implausible
    shared-string count, or sheet data past the bounds (``label`` names the sheet).

    Returns the values calamine must show of a sheet bounded by its form (see
    :func:`_check_sheet_cells`), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:1024]:
        raise Unreadable(
            f"工作簿的部件 {name} 不是 UTF-8 编码（Excel 从不这样写），已拒绝读取。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
            f"the workbook's part {name} is not UTF-8, which Excel never writes; it "
            "was not read. Open it in Excel or WPS, save it as .xlsx and send it again.",
        )
    _refuse_dtd(data)
    _check_shared_strings(data, name)
    return _check_sheet_cells(data, label or (f"工作表（部件 {name}）", f"a sheet (part {name})"))


def _refuse_dtd(data: bytes) -> None:
    # Markup cannot hide in text (a "<" there is written &lt;), so a match anywhere is a DTD.
    # A search for one byte runs at memory speed; "<!" (a "<" in every tag) is 25 times slower.
    if b"!" in data and b"<!" in data and _DTD_RE.search(data):
        raise Unreadable(
            "工作簿内含 DTD/实体声明（Excel 从不写这种内容），可能是恶意文件，已拒绝读取。",
            "the workbook carries a DTD or entity declarations, which Excel never writes; "
            "it may be hostile and was not read.",
        )


@dataclass
class _Extent:
    """Where a sheet's filled cells lie: rows from 1, columns from 0 (A)."""

    cells: int = 0
    first_row: int = 0  # meaningful once cells > 0
    last_row: int = 0
    first_column: int = EXCEL_COLUMNS
    last_column: int = -1

    def add_rows(self, rows: list[int]) -> None:
        """Record the rows of cells in document order; rows must never go back."""
        if not rows:
            return
        if (self.cells and rows[0] < self.last_row) or any(
                map(operator.gt, rows, itertools.islice(rows, 1, None))):
            raise _OutOfOrder()
        if not self.cells:
            self.first_row = rows[0]
        self.last_row = rows[-1]
        self.cells += len(rows)

    def add_columns(self, columns: Iterable[int]) -> None:
        for column in columns:
            self.first_column = min(self.first_column, column)
            self.last_column = max(self.last_column, column)

    @property
    def area(self) -> int:
        if self.cells == 0:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


class _OutOfOrder(Exception):
    """Cell rows going back: Excel never writes them, and calamine sizes the sheet wrongly."""


class _OutsideGrid(Exception):
    """A cell or row reference outside Excel's grid, or not a reference at all."""


def _check_shared_strings(data: bytes, name: str) -> None:
    if b"uniqueCount" not in data:  # (every part is looked at: most have none, and "sst" is slow)
        return
    declared = [0]
    position = 0
    while (found := data.find(b"sst", position)) >= 0:  # the root tag, and any other
        opening = data.rfind(b"<", 0, found)
        root = _SST_RE.match(data, opening) if opening >= 0 else None
        count = _UNIQUE_COUNT_RE.search(root.group(1)) if root else None
        if count:
            declared.append(int(count.group(1)))
        position = found + 1
    if max(declared) > MAX_SHARED_STRINGS:
        raise Unreadable(
            f"工作簿声明了 {max(declared):,} 个不同的文本（部件 {name}），远超学校填报表的规模，"
            "可能是恶意或损坏的文件，已拒绝读取。",
            f"the workbook declares {max(declared):,} distinct texts (part {name}), far "
            "beyond a school data sheet; it may be hostile or damaged and was not read.",
        )


def _check_sheet_cells(data: bytes, label: tuple[str, str], *, exact: bool = False) -> int | None:
    """Refuse a sheet whose used range calamine could not hold (see MAX_SHEET_CELLS).

    The usual sheet is bounded by its form alone (:func:`_quick_values`): then the number of
    values calamine must show is returned, and :func:`_check_shown` compares it with what it
    shows. Otherwise (or with ``exact``) every reference is measured here and None returned.
    """
    marks = data.count(b"sheetData")
    if not marks:
        return None  # no cells
    _refuse_hidden_markup(data, label)
    start = end = None
    position = 0
    # bytes.find, then a regex at the tag: a regex scan of 64 MB costs a second
    while start is None and (found := data.find(b"sheetData", position)) >= 0:
        opening = data.rfind(b"<", 0, found)
        tag = _SHEET_DATA_RE.match(data, opening) if opening >= 0 else None
        if tag and not tag.group(1).rstrip().endswith(b"/"):  # <sheetData/> holds no cells
            start = tag.end()
        position = found + 1
    # Excel names it once, or twice with its end: a third "sheetData" (in an attribute value,
    # say) could make vetstat and calamine's parser disagree about where the cells are
    if marks != (1 if start is None else 2):
        raise _unexpected_markup(label)
    if start is None:
        return None  # <sheetData/>: no cells
    while end is None and (found := data.find(b"sheetData", position)) >= 0:
        opening = data.rfind(b"<", start, found)
        if opening >= 0 and _SHEET_DATA_END_RE.match(data, opening):
            end = opening
        position = found + 1
    if end is None:
        end = len(data)
    if not exact and (values := _quick_values(data, start, end)) is not None:
        return values
    try:
        # calamine takes a cell's last r attribute, vetstat its first: two are refused, and so
        # is a ">" inside an attribute value, which would end a tag early for the searches here
        if _QUOTED_GT_RE.search(data, start, end) or _TWO_REFERENCES_RE.search(data, start, end):
            raise _OutsideGrid()
        # Fast: every cell in the plain form, each counted as filled (an empty <c …/> too)
        extent = _plain_extent(data, start, end)
        if extent is None or extent.cells > MAX_SHEET_CELLS or extent.area > MAX_SHEET_CELLS:
            # Exact, as calamine reads the tags: empty elements skipped, other forms walked
            if extent is not None:
                extent = _plain_extent(data, start, end, skip_empty=True)
            elif _cell_starts(data, start, end) > MAX_IRREGULAR_CELLS:
                raise _too_large(label, None)
            if extent is None:
                extent = _general_extent(data, start, end)
    except _OutOfOrder:
        raise Unreadable(
            f"{label[0]}的行顺序错乱（Excel 从不这样写），无法可靠读取。请用 Excel 或 WPS 打开后"
            "另存为 .xlsx 再报送。",
            f"the rows of {label[1]} are out of order, which Excel never writes; it cannot be "
            "read reliably. Open it in Excel or WPS, save it as .xlsx and send it again.",
        ) from None
    except _OutsideGrid:
        raise Unreadable(
            f"{label[0]}含有 Excel 不会写出的单元格引用，可能是恶意或损坏的文件，已拒绝读取。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
            f"{label[1]} holds cell references Excel never writes; it may be hostile or damaged "
            "and was not read. Open it in Excel or WPS, save it as .xlsx and send it again.",
        ) from None
    if extent.cells > MAX_SHEET_CELLS or extent.area > MAX_SHEET_CELLS:
        raise _too_large(label, extent)
    return None


# An attribute named r (any spacing or quotes), in a tag or not, whose value is not a small
# reference (one letter, a row from 1 to 99,999) or a small row number
_LOOSE_REFERENCE_RE = re.compile(_R_NAME + rb"[ \t\r\n]*[\"'](?!(?:[A-Z]?[1-9][0-9]{0,4})[\"'])")
_TWO_REFERENCES_RE = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[ \t\r\n][^<>]*?"
                                + _R_NAME + rb"[^<>]*?" + _R_NAME)
_VALUE_TAGS = (b"<v", b"<is")  # <v>, <v/>, <v xml:space=…>: every form calamine reads


def _quick_values(data: bytes, start: int, end: int) -> int | None:
    """The number of value elements (<v …>, <is …>) when the sheet data is in the usual form,
    else None.

    The usual form, as Excel, WPS and openpyxl write a school's sheet: every cell tag plain,
    and every r attribute (a second one included, which calamine would take) one letter and a
    row from 1 to 99,999, or a row number. calamine's range then holds at most 26 × 99,999
    cells (under MAX_SHEET_CELLS) whatever the order of the rows: one search proves the form,
    where the exact measure reads every reference. What it leaves, a cell written twice, is
    checked on calamine's result by :func:`_check_shown`.
    """
    plain = data.count(_PLAIN_CELL, start, end)
    if (plain > MAX_SHEET_CELLS or data.count(b"<c", start, end) != plain
            or data.find(b":c", start, end) >= 0 or _LOOSE_REFERENCE_RE.search(data, start, end)):
        return None
    return sum(data.count(tag, start, end) for tag in _VALUE_TAGS)


def _check_shown(rows: list[list[Any]], values: int, xml: bytes, label: tuple[str, str]) -> None:
    """After calamine read a sheet bounded by :func:`_quick_values`, with fewer values shown
    than the XML holds: a cell written twice (calamine keeps the last), or a value it shows
    empty (a formula whose cached result is "", an empty text). The sheet is then measured
    reference by reference, as every sheet not in the usual form is: rows that go back, or two
    references in one tag, are refused; the rest reads as calamine read it. (calamine places
    every cell by its own reference and sizes its range from all of them, so rows out of order
    that lose nothing read in their places.)"""
    if sum(len(row) - row.count("") for row in rows) != values:
        _check_sheet_cells(xml, label, exact=True)


def _refuse_hidden_markup(data: bytes, label: tuple[str, str]) -> None:
    """Refuse a sheet with comments, CDATA, a DTD or processing instructions, which Excel never
    writes there: calamine's parser skips them, the searches here do not, so what they hide
    (a "sheetData" end, a cell) would be seen by one and not the other."""
    declaration = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # <?xml …?>, after a BOM
    if (b"!" in data and b"<!" in data) or (
            data.count(b"?") > 2 and data.find(b"<?", declaration + 1) >= 0):
        raise _unexpected_markup(label)


def _unexpected_markup(label: tuple[str, str]) -> Unreadable:
    return Unreadable(
        f"{label[0]}含有 Excel 不会写出的结构（注释、CDATA、处理指令或重复的数据区标记），"
        "可能是恶意或损坏的文件，已拒绝读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
        f"{label[1]} holds markup Excel never writes in a sheet (comments, CDATA, processing "
        "instructions or a second sheetData); it may be hostile or damaged and was not read. "
        "Open it in Excel or WPS, save it as .xlsx and send it again.",
    )


def _too_large(label: tuple[str, str], extent: _Extent | None) -> Unreadable:
    if extent is None or extent.cells == 0:
        where_zh = where_en = ""
    else:
        first = f"{column_letter(extent.first_column)}{extent.first_row}"
        last = f"{column_letter(extent.last_column)}{extent.last_row}"
        where_zh = f"（数据范围 {first}:{last}，约 {extent.area:,} 个单元格）"
        where_en = f" (its data spans {first}:{last}, about {extent.area:,} cells)"
    return Unreadable(
        f"{label[0]}过大{where_zh}，远超学校填报表的规模，已拒绝读取。若不是有意为之，请删除远处误填的"
        "单元格或多余的行列，另存后再报送。",
        f"{label[1]} is too large{where_en}, far beyond a school data sheet, and was not read. "
        "Delete stray cells far from the table and surplus rows and columns, save and send it "
        "again.",
    )



def _cell_starts(data: bytes, start: int, end: int) -> int:
    """How many cell tags (<c …>, <x:c …>, <c/>) lie between start and end."""
    if any(data.count(b":c" + after, start, end) for after in _NAME_END):
        return sum(1 for _ in _ANY_CELL_RE.finditer(data, start, end))
    return sum(data.count(b"<c" + after, start, end) for after in _NAME_END)


def _windows(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Slices of about SCAN_WINDOW bytes that start at a tag (a tag holds no "<")."""
    position = start
    while position < end:
        stop = min(end, position + SCAN_WINDOW)
        if stop < end:
            following = data.find(b"<", stop, end)
            stop = end if following < 0 else following
        yield position, stop
        position = stop


def _plain_extent(data: bytes, start: int, end: int, *,
                  skip_empty: bool = False) -> _Extent | None:
    """The extent when every cell tag is in the plain form (fast); None otherwise.

    Columns are not told apart within A:Z (the usual sheet): the area is then an upper bound,
    and a sheet whose bound is too large is measured again exactly by the caller.

    ``skip_empty``: leave out empty elements (<c r="B2" s="1"/>), as calamine does; slower,
    and only right once no tag holds a quoted ">".
    """
    plain = data.count(_PLAIN_CELL, start, end)
    # usually every "<c" in the sheet data starts a plain cell: two counts say so
    if (data.count(b"<c", start, end) != plain or data.find(b":c", start, end) >= 0) and \
            _cell_starts(data, start, end) != plain:
        return None
    extent = _Extent()
    letters: set[bytes] = set()
    for low, high in _windows(data, start, end):
        if skip_empty:
            found = _PLAIN_TAG_RE.findall(data, low, high)
            matched = len(found)
            rows = [int(row) for _column, row, empty in found if not empty]
            columns = {column for column, _row, empty in found if not empty}
        else:
            rows = list(map(int, _PLAIN_ROW_RE.findall(data, low, high)))
            matched = len(rows)
            if _WIDE_CELL_RE.search(data, low, high) is None:
                columns = _ONE_LETTER  # at most A:Z, an area at most 26 columns wide
            else:
                columns = set(_PLAIN_COLUMN_RE.findall(data, low, high))
        if matched != (plain if (low, high) == (start, end) else data.count(_PLAIN_CELL, low, high)):
            return None  # a reference in another form: lower case, too long
        extent.add_rows(rows)
        letters.update(columns)
    extent.add_columns(_column_index(column) for column in letters)
    if extent.cells and (extent.first_row < 1 or extent.last_row > EXCEL_ROWS
                         or extent.last_column >= EXCEL_COLUMNS):
        raise _OutsideGrid()
    return extent


def _general_extent(data: bytes, start: int, end: int) -> _Extent:
    """The extent walked tag by tag as calamine walks it: cells without a reference follow
    the previous cell of their row, rows without one follow the previous row."""
    extent = _Extent()
    row_index = column_index = 0
    for low, high in _windows(data, start, end):
        rows: list[int] = []
        columns: set[int] = set()
        for closing, tag, attributes in _TAG_RE.findall(data, low, high):
            if closing:
                if tag == b"row":
                    row_index += 1
                    column_index = 0
                continue
            if attributes.rstrip().endswith(b"/"):
                continue  # an empty element: no cell, and no row either for calamine
            found = _R_ATTR_RE.search(attributes)
            reference = None if found is None else (found.group(1) if found.group(1) is not None
                                                    else found.group(2))
            if tag == b"row":
                if reference is not None:
                    row_index = _grid_row(reference)
                continue
            if reference is not None:
                row, column_index = _grid_cell(reference)
            else:
                row = row_index
            rows.append(row + 1)
            columns.add(column_index)
            column_index += 1
        extent.add_rows(rows)
        extent.add_columns(columns)
    if extent.cells and (extent.last_row > EXCEL_ROWS or extent.last_column >= EXCEL_COLUMNS):
        raise _OutsideGrid()
    return extent


def _grid_row(reference: bytes) -> int:
    found = _ROW_RE.fullmatch(reference)
    if not found or not 1 <= int(found.group(1)) <= EXCEL_ROWS:
        raise _OutsideGrid()
    return int(found.group(1)) - 1


def _grid_cell(reference: bytes) -> tuple[int, int]:
    found = _CELL_RE.fullmatch(reference)
    if not found:
        raise _OutsideGrid()
    row, column = int(found.group(2)), _column_index(found.group(1).upper())
    if not 1 <= row <= EXCEL_ROWS or column >= EXCEL_COLUMNS:
        raise _OutsideGrid()
    return row - 1, column
