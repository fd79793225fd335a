"""The consolidated city workbook: written for the bureau to print, readable back by vetstat
(:mod:`vetstat.usecases.citydata`).

:func:`write_city_workbook` lays out the city tables (:mod:`vetstat.outputs.tables`) one per sheet as a
bureau prints them (title row, styled header, number formats, frozen panes, print titles,
landscape, fit to width), adds native Excel charts, and stores the school summaries in a
hidden sheet ``_data`` in the format that module reads back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vetstat.core.files import CITY, discard_workbook, save_workbook
from vetstat.core.issues import Lang
from vetstat.core.numbers import rounded
from vetstat.outputs.render import ROW_DIGITS, Column, Table
from vetstat.outputs.tables import (
    ERROR,
    EXCLUDED,
    ROW_KIND,
    ROW_NUMBER,
    TOTAL,
    city_tables,
)
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.citydata import DATA_SHEET, data_sheet_rows

CHARTS_SHEET = ("图表", "Charts")
PAPER_A4 = 9  # the paper size code of A4 in SpreadsheetML

# sheet name of each table (Excel: at most 31 characters, no []:*?/\)
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "quality": ("表1 质量数据表", "T1 Quality data"),
    "schools": ("分校明细", "By school"),
    "majors": ("专业设置", "Majors"),
    "categories": ("专业大类", "Major categories"),
    "school_majors": ("分校专业明细", "Majors by school"),
    "satisfaction": ("表2 满意度调查表", "T2 Satisfaction"),
    "awards": ("技能大赛", "Contest awards"),
    "award_counts": ("获奖统计", "Award counts"),
    "issues": ("校验问题", "Issues"),
}
# columns kept in view when scrolling right
FROZEN = {"quality": "C3", "schools": "C3", "majors": "C3", "school_majors": "C3",
          "satisfaction": "B3"}


# --- writing -------------------------------------------------------------------------------


def write_city_workbook(result: CityResult, path: Path, lang: Lang = Lang.ZH,
                        tables: Sequence[Table] | None = None) -> None:
    """Write the consolidated workbook to ``path`` atomically (whole or not at all)."""
    from openpyxl import Workbook

    tables = list(tables) if tables is not None else city_tables(result, lang)
    # write-only: rows stream to disk, so memory and time stay modest for large batches
    book = Workbook(write_only=True)
    placed: dict[str, tuple[Any, Table]] = {}
    styles = _style_registry(book)
    try:
        for table in tables:
            sheet = book.create_sheet(_sheet_name(table, lang))
            _write_table(sheet, table, result.year, lang, styles)
            placed[table.name] = (sheet, table)
        _charts(book, placed, lang)
        _write_data(book, result)
    except BaseException:  # Ctrl-C while the rows stream: let go of them quietly
        discard_workbook(book)
        raise
    book.properties.title = _title(tables[0] if tables else None, result.year, lang)
    book.properties.creator = "vetstat"
    save_workbook(book, path, CITY)


def _sheet_name(table: Table, lang: Lang) -> str:
    names = SHEET_NAMES.get(table.name)
    if names:
        return names[0] if lang is Lang.ZH else names[1]
    return re.sub(r"[\[\]:*?/\\]", " ", table.title(lang))[:31]


def _title(table: Table | None, year: int | None, lang: Lang) -> str:
    if table is None:
        return "vetstat"
    if year is None:
        return table.title(lang)
    return f"{year} 年度 {table.title(lang)}" if lang is Lang.ZH else f"{table.title(lang)}, {year}"


def _write_table(sheet: Any, table: Table, year: int | None, lang: Lang,
                 styles: Callable[[str | None, int | None], str]) -> None:
    """One table on a write-only sheet: the layout first, then the rows as a stream."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from vetstat.outputs.xlstyle import put, style_header, style_title

    shown = table.shown()
    widths = [_text_width(column.header(lang)) / 2 + 2 for column in table.columns]
    for texts in shown:
        for index, text in enumerate(texts):
            widths[index] = max(widths[index], _text_width(text) + 2)
    for index, column_width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(column_width, 8), 48)
    sheet.freeze_panes = FROZEN.get(table.name, "A3")
    sheet.row_dimensions[1].height = 28
    sheet.row_dimensions[2].height = 36
    width = max(len(table.columns), 1)
    if width > 1:
        sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
    sheet.print_title_rows = "1:2"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = PAPER_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页" if lang is Lang.ZH else "Page &P of &N"

    title = put(WriteOnlyCell(sheet), _clean(_title(table, year, lang)))
    style_title(title)
    sheet.append([title])
    headers = []
    for column in table.columns:
        cell = put(WriteOnlyCell(sheet), column.header(lang))
        style_header(cell)
        headers.append(cell)
    sheet.append(headers)
    for record in table.rows:
        kind = record.get(ROW_KIND)
        cells = []
        for column in table.columns:
            value, digits = _cell_value(record, column)
            cell = WriteOnlyCell(sheet)
            # named styles: one shared style per look instead of per-cell style objects; set
            # before the value, as a style clears the mark put() gives formula-like text
            cell.style = styles(kind, digits if isinstance(value, int | float) else None)
            cells.append(put(cell, _clean(value)))
        sheet.append(cells)


def _style_registry(book: Any) -> Callable[[str | None, int | None], str]:
    """Named styles for body cells by row kind and decimals, registered on first use."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    from vetstat.outputs.xlstyle import BORDER, ERROR_FILL, TOTAL_FILL, WARNING_FILL

    fills = {TOTAL: TOTAL_FILL, ERROR: ERROR_FILL, EXCLUDED: WARNING_FILL}
    registered: set[str] = set()

    def style(kind: str | None, digits: int | None) -> str:
        name = f"vetstat {kind or 'body'} {'text' if digits is None else digits}"
        if name not in registered:
            named = NamedStyle(name=name, border=BORDER,
                               alignment=Alignment(vertical="center"),
                               font=Font(name="等线", bold=kind == TOTAL))
            if kind in fills:
                named.fill = fills[kind]
            if digits is not None:
                named.number_format = "0" if digits == 0 else "0." + "0" * digits
            book.add_named_style(named)
            registered.add(name)
        return name

    return style


def _cell_value(row: dict[str, Any], column: Column) -> tuple[Any, int | None]:
    """The value a cell holds and its decimals: 表1's value column carries its own.  A number
    with decimals is written as it is shown (half-up, :mod:`vetstat.core.numbers`), so the cell
    displays and holds what the terminal, CSV and the report print."""
    if ROW_NUMBER in row and column.key == "value":
        return row[ROW_NUMBER], row.get(ROW_DIGITS)
    value = row.get(column.key)
    if column.digits is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return rounded(value, column.digits), column.digits
    return value, column.digits


def _text_width(text: str) -> float:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in str(text))


_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


CELL_LIMIT = 32767  # characters an Excel cell holds


def _clean(value: Any) -> Any:
    """Text without the control characters an .xlsx cannot hold, and no longer than a cell."""
    if not isinstance(value, str):
        return value
    return _ILLEGAL.sub("", value)[:CELL_LIMIT]


def _charts(book: Any, placed: dict[str, tuple[Any, Table]], lang: Lang) -> None:
    """Native Excel charts, on a sheet of their own, drawn from the table sheets."""
    from openpyxl.chart import BarChart, PieChart, Reference

    zh = lang is Lang.ZH
    charts: list[Any] = []

    def column_of(table: Table, key: str) -> int:
        return next(i for i, c in enumerate(table.columns, start=1) if c.key == key)

    if "schools" in placed:
        sheet, table = placed["schools"]
        last = 2 + sum(1 for row in table.rows if row.get(ROW_KIND) != TOTAL)
        if last >= 3:
            chart = BarChart()
            chart.type = "col"
            chart.title = "各校在校生数" if zh else "Students by school"
            chart.y_axis.title = "人" if zh else "students"
            column = column_of(table, "students")
            chart.add_data(Reference(sheet, min_col=column, min_row=2, max_row=last),
                           titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=column_of(table, "name"), min_row=3,
                                           max_row=last))
            chart.legend = None
            charts.append(chart)
    if "categories" in placed:
        sheet, table = placed["categories"]
        last = 2 + sum(1 for row in table.rows if row.get(ROW_KIND) != TOTAL)
        if last >= 3:
            names = Reference(sheet, min_col=column_of(table, "category_name"), min_row=3,
                              max_row=last)
            bar = BarChart()
            bar.type = "bar"
            bar.title = "各专业大类专业数" if zh else "Majors by category"
            bar.add_data(Reference(sheet, min_col=column_of(table, "majors"), min_row=2,
                                   max_row=last), titles_from_data=True)
            bar.set_categories(names)
            bar.legend = None
            charts.append(bar)
            pie = PieChart()
            pie.title = "各专业大类在校生" if zh else "Students by category"
            pie.add_data(Reference(sheet, min_col=column_of(table, "students"), min_row=2,
                                   max_row=last), titles_from_data=True)
            pie.set_categories(names)
            charts.append(pie)
    if "satisfaction" in placed:
        sheet, table = placed["satisfaction"]
        last = 2 + sum(1 for row in table.rows if row.get(ROW_KIND) == TOTAL)
        if last >= 3:
            chart = BarChart()
            chart.type = "col"
            chart.title = "全市满意度（%）" if zh else "City satisfaction (%)"
            chart.add_data(Reference(sheet, min_col=column_of(table, "rate"), min_row=2,
                                     max_row=last), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=column_of(table, "respondent"),
                                           max_col=column_of(table, "item"), min_row=3,
                                           max_row=last))
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 100
            chart.legend = None
            charts.append(chart)
    if not charts:
        return
    sheet = book.create_sheet(CHARTS_SHEET[0] if zh else CHARTS_SHEET[1], index=1)
    for index, chart in enumerate(charts):
        chart.width, chart.height = 24, 11
        sheet.add_chart(chart, f"A{1 + index * 24}")
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- the data sheet ------------------------------------------------------------------------


def _write_data(book: Any, result: CityResult) -> None:
    from openpyxl.cell import WriteOnlyCell

    from vetstat.outputs.xlstyle import put

    sheet = book.create_sheet(DATA_SHEET)
    sheet.sheet_state = "hidden"
    for row in data_sheet_rows(result):
        sheet.append([put(WriteOnlyCell(sheet), value) for value in row])
