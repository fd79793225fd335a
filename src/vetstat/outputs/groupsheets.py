"""分类汇总 and 分县汇总 on printed sheets of the city workbook: 序号, 类别, 指标, 单位, 全市, one
column per group (:mod:`vetstat.outputs.groups`).

A figure pooled over some of its schools carries "（n/m 校）" in its number format, so that the
cell stays a number.  When the groups do not fit across one A4 page (a city of many counties),
the columns are cut into pages at whole groups, 序号 … 全市 repeated on each page, every page
printed at full size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vetstat.core.numbers import grouped
from vetstat.core.rule import Lang
from vetstat.outputs.citysheets import _body_cell, _header_cells, merge_categories
from vetstat.outputs.groups import GROUP_CELLS, KEY, TEXT_KEYS
from vetstat.outputs.printing import (
    LANDSCAPE_WIDTH,
    PORTRAIT_WIDTH,
    Heading,
    number_format,
    row_height,
    set_up_page,
    text_width,
)
from vetstat.outputs.render import ROW_DIGITS, Column, Table

FIXED_WIDTHS = (5, 10, 8)  # 序号, 类别, 单位
LABEL_MIN, LABEL_MAX = 24, 40  # 指标 wraps below its longest label
TITLE_ROWS = 3


def _value_widths(table: Table, values: Sequence[Column], lang: Lang) -> list[float]:
    """Each value column as wide as its header (on two lines) and its longest figure."""
    widths = []
    for column in values:
        longest = max((text_width(_shown(row, column.key)) for row in table.rows), default=0)
        # a number never narrower than it prints (a spreadsheet shows ### instead)
        header = _two_lines(column.header(lang))
        needed = max(text_width(line) for line in header.split("\n")) / HEADER_FIT + 1
        widths.append(max(needed, longest + 2, 10))
    return widths


def _shown(row: dict[str, Any], key: str) -> str:
    """A figure as its cell prints it: thousands separators, decimals, its coverage note."""
    value, note = row[GROUP_CELLS][key]
    if not isinstance(value, int | float):
        return value or ""
    return grouped(value, row[ROW_DIGITS]) + (note or "")


def pages_across(widths: Sequence[float], label: float, limit: float) -> list[list[int]]:
    """The group columns (indexes into ``widths``, 全市 excluded) cut into pages: as many whole
    groups on a page as fit beside the repeated 序号 … 全市 columns (``label``: 指标's width;
    ``widths[0]`` is 全市's)."""
    room = limit - sum(FIXED_WIDTHS) - label - widths[0]
    pages: list[list[int]] = [[]]
    used = 0.0
    for index in range(1, len(widths)):
        if pages[-1] and used + widths[index] > room:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += widths[index]
    return pages


def layout(table: Table, lang: Lang) -> tuple[list[float], bool, list[list[int]]]:
    """(the columns' widths, landscape, the group columns of each page across)."""
    values = [c for c in table.columns if c.key not in (*TEXT_KEYS, KEY)]
    widths = _value_widths(table, values, lang)
    rest = sum(FIXED_WIDTHS) + sum(widths)
    whole = list(range(1, len(widths)))
    if rest + LABEL_MIN <= PORTRAIT_WIDTH:
        landscape, label, pages = False, min(PORTRAIT_WIDTH - rest, LABEL_MAX), [whole]
    elif rest + LABEL_MIN <= LANDSCAPE_WIDTH:
        landscape, label, pages = True, min(LANDSCAPE_WIDTH - rest, LABEL_MAX), [whole]
    else:
        landscape, pages = True, pages_across(widths, LABEL_MIN, LANDSCAPE_WIDTH)
        widest = max(sum(widths[i] for i in page) for page in pages)
        label = min(LANDSCAPE_WIDTH - sum(FIXED_WIDTHS) - widths[0] - widest, LABEL_MAX)
    seq, category, unit = FIXED_WIDTHS
    return [seq, category, label, unit, *widths], landscape, pages


HEADER_FIT = 1.45  # a bold 10-pt header prints about 1.45 text widths per unit of column width
HEADER_LINE = 16  # a header up to this wide prints on one line (县（市、区）属, 未填县（市、区）)


def _two_lines(header: str) -> str:
    """A long header (a county's long name) broken in the middle, so that its column is sized
    for two even lines, not cut wherever the line runs out (one character on the second)."""
    if text_width(header) <= HEADER_LINE or "\n" in header:
        return header
    half = (len(header) + 1) // 2
    return f"{header[:half]}\n{header[half:]}"


def write_groups(sheet: Any, table: Table, heading: Heading, lang: Lang, styles: Any) -> None:
    """The table on a printed sheet (write-only): see the module's docstring."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    values = [c for c in table.columns if c.key not in (*TEXT_KEYS, KEY)]
    text = {c.key: c for c in table.columns if c.key in TEXT_KEYS}
    columns = [Column("_seq", "序号", "No."), text["category"], text["indicator"], text["unit"],
               *values]
    widths, landscape, pages = layout(table, lang)
    set_up_page(sheet, widths=widths, landscape=landscape, title_rows=TITLE_ROWS, lang=lang)
    repeated = len(FIXED_WIDTHS) + 2  # 序号, 类别, 指标, 单位, 全市
    if len(pages) > 1:  # pages across: whole groups on each, 序号 … 全市 repeated
        sheet.page_setup.fitToWidth = len(pages)
        sheet.print_title_cols = f"A:{get_column_letter(repeated)}"
        for page in pages[:-1]:
            sheet.col_breaks.append(Break(id=repeated + page[-1] - 1))
    sheet.freeze_panes = f"{get_column_letter(repeated + 1)}4"
    heading.append(sheet, len(columns) if len(pages) == 1 else repeated)
    sheet.row_dimensions[3].height = 32  # a header of two lines
    sheet.append(_header_cells(sheet, [_two_lines(c.header(lang)) for c in columns]))
    label = widths[2]
    for number, record in enumerate(table.rows, start=1):
        cells = [_body_cell(sheet, number, styles("center", None))]
        looks = {"category": "category", "unit": "center"}
        cells += [_body_cell(sheet, record.get(key), styles(looks.get(key), None))
                  for key in TEXT_KEYS]
        digits = record[ROW_DIGITS]
        for column in values:
            value, note = record[GROUP_CELLS][column.key]
            numeric = isinstance(value, int | float)
            cell = _body_cell(sheet, value, styles(None, digits if numeric else None))
            if note:
                cell.number_format = f'{number_format(digits)}"{note}"'
            cells.append(cell)
        sheet.row_dimensions[TITLE_ROWS + number].height = row_height(
            [(record.get("indicator"), label)])
        sheet.append(cells)
    merge_categories(sheet, table.rows, TITLE_ROWS + 1)
