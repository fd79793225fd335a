"""The printed sheets of the city workbook: 表1 as an annex, 分校明细 split into pages a person
can read, and any other table laid out by :func:`write_table`.

Every sheet is written on a streamed sheet (:mod:`vetstat.outputs.streambook`: rows go to disk
as text, ≈ 1 µs a cell) and set up by
:mod:`vetstat.outputs.printing`: a title naming the city and the year, the 填报单位 and date line,
the header row, the rows; A4, one page wide, the three top rows repeated on every page.  No
internal key is visible: 表1 keeps its keys in a hidden column, for programs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from vetstat.core.indicators import views
from vetstat.core.numbers import rounded
from vetstat.core.rule import Lang
from vetstat.outputs.printing import (
    BODY_SIZE,
    LANDSCAPE_WIDTH,
    PORTRAIT_WIDTH,
    Heading,
    header_text,
    row_height,
    set_up_page,
    text_width,
)
from vetstat.outputs.render import ROW_DIGITS, Column, Table, show_number
from vetstat.outputs.streambook import cell_text
from vetstat.outputs.tables import IDENTITY_COLUMNS, ROW_KIND, ROW_NUMBER

TITLE_ROWS = 3  # title, 填报单位 and date, header
Styles = Callable[[str | None, int | None], str]


@dataclass(frozen=True)
class Placed:
    """Where a column of a table landed: the sheet, its column and the rows of its schools."""

    sheet: Any
    column: int
    first: int
    last: int


def _widths(columns: Sequence[Column], rows: Sequence[dict[str, Any]], lang: Lang,
            limit: float) -> list[float]:
    """Columns as wide as their longest value (text wraps beyond a cap), headers wrapping to
    two or three lines, and the widest columns narrowed until the table fits ``limit``."""
    widths: list[float] = []
    floors: list[float] = []
    for column in columns:
        text = column.header(lang)
        # up to three lines, and the words of a bracket ("（率为百分点）") on one line
        bracket = text_width(text[text.find("（"):]) / 1.35 + 1 if "（" in text[1:] else 0
        header = max(text_width(text) / 3 + 2, bracket)
        numeric = column.digits is not None
        cap = 1e9 if numeric else 36  # a number does not wrap: as wide as it prints, or ###
        pad = 3 if numeric else 2
        content = 0.0
        # each distinct value measured once, and no further once the column is at its cap
        for value in {row.get(column.key) for row in rows}:
            content = max(content, text_width(show_number(value, column.digits)))
            if content + pad >= cap:
                break
        widths.append(min(max(header, content + pad, 6), cap))
        floors.append(content + pad if numeric else 12)
    # a header wraps, text wraps; a number narrowed below what it prints would show as ###
    while sum(widths) > limit:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[widest] - 1 < floors[widest]:
            break
        widths[widest] -= 1
    return widths


def header_cells(sheet: Any, headers: Sequence[str],
                 widths: Sequence[float] | None = None) -> list[Any]:
    """A header row of write-only cells: bold white on blue, centred, wrapped, bordered; a
    header too long for its column (``widths``) broken before its bracket."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from vetstat.outputs.xlstyle import CENTER, put, style_header

    cells = []
    for index, text in enumerate(headers):
        cell = put(WriteOnlyCell(sheet), header_text(text, widths[index]) if widths else text)
        style_header(cell)
        cell.font = Font(name="等线", size=BODY_SIZE, bold=True, color="FFFFFF")
        cell.alignment = CENTER
        cells.append(cell)
    return cells


_header_cells = header_cells


def _body_cell(sheet: Any, value: Any, style: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    from vetstat.outputs.xlstyle import clean, put

    cell = WriteOnlyCell(sheet)
    # a named style first: it clears the mark put() gives formula-like text
    cell.style = style
    return put(cell, clean(value) if isinstance(value, str) else value)


def write_table(sheet: Any, table: Table, heading: Heading, lang: Lang, styles: Styles, *,
                landscape: bool = True, columns: Sequence[Column] | None = None,
                rows: Sequence[dict[str, Any]] | None = None, freeze: str = "A4",
                widths: Sequence[float] | None = None) -> None:
    """A table on its own printed sheet (``columns``/``rows``: a part of ``table``)."""
    columns = list(columns if columns is not None else table.columns)
    rows = list(rows if rows is not None else table.rows)
    limit = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
    widths = list(widths or _widths(columns, rows, lang, limit))
    set_up_page(sheet, widths=widths, landscape=landscape, title_rows=TITLE_ROWS, lang=lang)
    sheet.freeze_panes = freeze
    heading.append(sheet, len(columns))
    sheet.row_dimensions[3].height = 56  # a header of three lines
    sheet.append(_header_cells(sheet, [column.header(lang) for column in columns], widths))
    for record in rows:
        kind = record.get(ROW_KIND)
        values, names = [], []
        for column in columns:
            value, digits = shown_number(record.get(column.key), column.digits_of(record))
            values.append(cell_text(value) if isinstance(value, str) else value)
            names.append(styles(kind, digits))
        sheet.append_styled(values, names, row_height(zip(values, widths, strict=True)))


def shown_number(value: Any, digits: int | None) -> tuple[Any, int | None]:
    """A cell's value and decimals: a number is written as it is shown (half-up at the
    column's decimals, :mod:`vetstat.core.numbers`), so that the cell holds what the terminal,
    CSV and the report print; anything else as it is."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value, None
    if digits is None:
        return value, digits
    return rounded(value, digits), digits


# --- 表1 ------------------------------------------------------------------------------------

QUALITY_TEXT = ("category", "indicator", "unit")  # 表1's columns that are not values
QUALITY_KEY = "key"  # the internal key: a hidden column, for programs


def write_quality(sheet: Any, table: Table, heading: Heading, lang: Lang,
                  styles: Styles) -> None:
    """表1 as an annex: 序号, 类别 merged down its rows, 指标, 单位, the value column(s); the
    keys in a hidden last column.  Every column of the table besides its text and key columns
    is a value column, so more of them (上年, 增减) print beside 全市 without a change here."""
    from openpyxl.utils import get_column_letter

    values = [c for c in table.columns if c.key not in (*QUALITY_TEXT, QUALITY_KEY)]
    text = {c.key: c for c in table.columns if c.key in QUALITY_TEXT}
    columns = [Column("_seq", "序号", "No."), text["category"], text["indicator"], text["unit"],
               *values]
    value_width = 14 if len(values) < 3 else 12
    label = max(PORTRAIT_WIDTH - 5 - 11 - 8 - value_width * len(values), 24)
    widths = [5, 11, label, 8, *([value_width] * len(values))]
    landscape = not all(w > 0 for w in widths) or sum(widths) > PORTRAIT_WIDTH
    set_up_page(sheet, widths=[*widths, 30], landscape=landscape, title_rows=TITLE_ROWS,
                lang=lang)
    key_column = get_column_letter(len(columns) + 1)
    sheet.column_dimensions[key_column].hidden = True
    sheet.print_area = f"A1:{get_column_letter(len(columns))}{len(table.rows) + TITLE_ROWS}"
    sheet.freeze_panes = "D4"
    heading.append(sheet, len(columns))
    sheet.row_dimensions[3].height = 24 if len(values) < 3 else 32  # 上年, 增减: two lines
    sheet.append([*_header_cells(sheet, [c.header(lang) for c in columns], widths),
                  _body_cell(sheet, "字段（程序用）" if lang is Lang.ZH else "key (for programs)",
                             styles(None, None))])
    start = TITLE_ROWS + 1
    for number, record in enumerate(table.rows, start=1):
        kind = record.get(ROW_KIND)
        cells = [_body_cell(sheet, number, styles("center", None))]
        # 类别 at the top of its merged rows: centred, a part that runs over a page break
        # would print its name on neither page (or over the next page's title)
        looks = {"category": "category", "unit": "center"}
        cells += [_body_cell(sheet, record.get(key), styles(looks.get(key, kind), None))
                  for key in QUALITY_TEXT]
        for column in values:
            if column.key == "value" and ROW_NUMBER in record:
                value, digits = record[ROW_NUMBER], record.get(ROW_DIGITS)
            else:
                value, digits = shown_number(record.get(column.key), column.digits_of(record))
            shown = digits if isinstance(value, int | float) else None
            cells.append(_body_cell(sheet, value, styles(kind, shown)))
        cells.append(_body_cell(sheet, record.get(QUALITY_KEY), styles(None, None)))
        sheet.row_dimensions[start + number - 1].height = row_height(
            [(record.get("indicator"), label)])
        sheet.append(cells)
    merge_categories(sheet, table.rows, start)


def merge_categories(sheet: Any, rows: Sequence[dict[str, Any]], start: int) -> None:
    """类别 (column B) merged down the rows that share it; ``start``: the first row's number."""
    first = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].get("category") != rows[first].get("category"):
            if index - first > 1:
                sheet.merged_cells.add(f"B{start + first}:B{start + index - 1}")
            first = index


# --- 分校明细 -------------------------------------------------------------------------------

NAME_WIDTH = 20
FIGURE_WIDTH = 10.5


def school_pages(table: Table, lang: Lang) -> list[tuple[str, list[Column]]]:
    """分校明细 cut into sheets that print at full size on A4 landscape: the schools' identity
    first, then the indicators by the part of the report they belong to (学校信息, 教师队伍, …),
    neighbouring small parts together, a large part in halves.  Each sheet: (name, columns)."""
    identity = [c for c in IDENTITY_COLUMNS if c.key != "name"]
    name = next(c for c in IDENTITY_COLUMNS if c.key == "name")
    catalogue = views().by_key
    parts: list[tuple[str, list[Column]]] = []
    for column in table.columns:
        if column.key not in catalogue:
            continue
        category = catalogue[column.key].category(lang)
        if parts and parts[-1][0] == category:
            parts[-1][1].append(column)
        else:
            parts.append((category, [column]))
    width = {c.key: w for c, w in zip(table.columns, school_widths(table.columns, table.rows),
                                       strict=True)}
    room = LANDSCAPE_WIDTH - NAME_WIDTH
    pages: list[tuple[list[str], list[Column]]] = [(["学校" if lang is Lang.ZH else "Schools"],
                                                    list(identity))]
    for category, columns in parts:
        space = room - sum(width[c.key] for c in pages[-1][1])
        if sum(width[c.key] for c in columns) <= space:
            pages[-1][0].append(category)
            pages[-1][1].extend(columns)
            continue
        pieces = _pieces([width[c.key] for c in columns], room)
        for index, (start, end) in enumerate(pieces, start=1):
            suffix = f" {index}" if len(pieces) > 1 else ""
            pages.append(([category + suffix], columns[start:end]))
    named = []
    for number, (categories, columns) in enumerate(pages, start=1):
        if lang is Lang.ZH:
            sheet_name = f"分校明细（{'、'.join(categories)}）"
        else:  # English names are long: numbered, so that a cut name stays unique
            sheet_name = f"By school {number} {', '.join(categories)}"
        named.append((sheet_name[:31], [name, *columns]))
    return named


def _pieces(widths: Sequence[float], room: float) -> list[tuple[int, int]]:
    """A part too wide for one page cut into as few pieces as it takes, of even widths:
    (start, end) of each piece."""
    count = max(1, -(-int(sum(widths)) // int(room)))
    while True:
        target = sum(widths) / count
        pieces, start, used = [], 0, 0.0
        for index, width in enumerate(widths):
            if index > start and (used + width > room or used >= target):
                pieces.append((start, index))
                start, used = index, 0.0
            used += width
        pieces.append((start, len(widths)))
        if len(pieces) == count or count >= len(widths):
            return pieces
        count += 1


IDENTITY_WIDTHS = {"name": NAME_WIDTH, "school_code": 12, "county": 12, "affiliation": 14,
                   "file": 26, "status": 14}


def school_widths(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> list[float]:
    """The identity columns at fixed widths; a figure column at least :data:`FIGURE_WIDTH`, and
    as wide as its widest number prints (the 全市合计 row included), so that none shows ###."""
    widths: list[float] = []
    for column in columns:
        if column.key in IDENTITY_WIDTHS:
            widths.append(IDENTITY_WIDTHS[column.key])
            continue
        widest = max((text_width(show_number(row.get(column.key), column.digits_of(row)))
                      for row in rows), default=0)
        widths.append(max(FIGURE_WIDTH, widest + 2))
    return widths
