"""The year comparison as an Excel workbook (``vetstat diff -o diff.xlsx``).

Sheets: 全市对比 (flagged rows highlighted), 分校对比 (school × indicator), 专业变化, 校验问题, and
对比图 with a native bar chart of the headline figures, old year against new.  Numbers are
written at the indicator's decimals, rounded half-up (:mod:`vetstat.core.numbers`), so that the
workbook holds and shows what the terminal prints; ``diff --format json`` has the full values.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vetstat.core.files import DIFF, save_workbook
from vetstat.core.indicators import indicator
from vetstat.core.issues import Issue, Lang
from vetstat.core.numbers import rounded
from vetstat.figures.years import YearDiff
from vetstat.outputs.diff_tables import (
    city_table,
    majors_table,
    school_indicator_table,
    schools_table,
)
from vetstat.outputs.render import Table, issue_table
from vetstat.outputs.xlstyle import (
    BORDER,
    ERROR_FILL,
    WARNING_FILL,
    WRAP,
    put,
    style_header,
    style_title,
)

# the headline figures of the chart: people, on one scale
CHART_KEYS = ("students", "new_students", "graduates", "staff_total", "full_time", "dual_qualified")
WIDE = {"indicator": 34, "school": 30, "text": 80, "file": 36, "name": 24, "schools": 40}


def write_diff_workbook(diff: YearDiff, path: Path, lang: Lang = Lang.ZH) -> None:
    """Write the comparison to ``path`` whole or not at all."""
    book = build_diff_workbook(diff, lang)
    save_workbook(book, path, DIFF)


def build_diff_workbook(diff: YearDiff, lang: Lang = Lang.ZH) -> Any:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _table_sheet(book.create_sheet("全市对比"), city_table(diff, lang), lang)
    sheet = book.create_sheet("分校对比")
    _table_sheet(sheet, schools_table(diff, lang), lang)
    _table_sheet(sheet, school_indicator_table(diff, lang), lang, start=sheet.max_row + 2)
    _table_sheet(book.create_sheet("专业变化"), majors_table(diff, lang), lang)
    _issue_sheet(book.create_sheet("校验问题"), diff.issues, lang)
    _chart_sheet(book.create_sheet("对比图"), diff, lang)
    return book


def _table_sheet(sheet: Worksheet, table: Table, lang: Lang, *, start: int = 1,
                 fills: Sequence[Any] | None = None) -> None:
    """A title row, a header row and the rows; a row flagged by a Y rule is highlighted."""
    width = max(len(table.columns), 1)
    title = sheet.cell(row=start, column=1)
    put(title, table.title(lang))
    style_title(title)
    if start == 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=start + 1, column=index)
        put(cell, column.header(lang))
        style_header(cell)
        letter = get_column_letter(index)
        wanted = WIDE.get(column.key, 14)
        if (sheet.column_dimensions[letter].width or 0) < wanted:
            sheet.column_dimensions[letter].width = wanted
    for offset, row in enumerate(table.rows):
        number = start + 2 + offset
        fill = fills[offset] if fills is not None else (WARNING_FILL if row.get("flagged") else None)
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=number, column=index)
            value = row.get(column.key)
            digits = column.digits_of(row)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if isinstance(value, int | float) and numeric and digits is not None:
                value = rounded(value, digits)  # shown as the terminal and CSV show it
            put(cell, value)
            cell.border = BORDER
            if numeric and digits is not None:
                cell.number_format = "0" if digits == 0 else "0." + "0" * digits
            elif isinstance(value, str):
                cell.alignment = WRAP
            if fill is not None:
                cell.fill = fill
    if start == 1:
        sheet.freeze_panes = "A3"


def _issue_sheet(sheet: Worksheet, issues: Sequence[Issue], lang: Lang) -> None:
    fills = [ERROR_FILL if issue.is_error else WARNING_FILL for issue in issues]
    _table_sheet(sheet, issue_table(issues, lang), lang, fills=fills)
    if not issues:
        put(sheet.cell(row=3, column=1), "没有问题" if lang is Lang.ZH else "no issues")


def _chart_sheet(sheet: Worksheet, diff: YearDiff, lang: Lang) -> None:
    """The headline figures old against new, and a clustered bar chart of them."""
    title = "主要指标对比" if lang is Lang.ZH else "Headline figures"
    put(sheet.cell(row=1, column=1), title)
    style_title(sheet.cell(row=1, column=1))
    headers = ["指标" if lang is Lang.ZH else "indicator", _year_label(diff.old_year, lang),
               _year_label(diff.new_year, lang)]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=2, column=index)
        put(cell, header)
        style_header(cell)
    row = 3
    for key in CHART_KEYS:
        change = diff.city.get(key)
        if change is None or (change.old is None and change.new is None):
            continue
        put(sheet.cell(row=row, column=1), indicator(key).label(lang))
        put(sheet.cell(row=row, column=2), change.old)
        put(sheet.cell(row=row, column=3), change.new)
        for column in (1, 2, 3):
            sheet.cell(row=row, column=column).border = BORDER
        row += 1
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    if row == 3:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = "人" if lang is Lang.ZH else "people"
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=2, max_row=row - 1),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=row - 1))
    chart.width, chart.height = 22, 11
    sheet.add_chart(chart, "E2")


def _year_label(year: int | None, lang: Lang) -> str:
    if year is None:
        return "?"
    return f"{year}年" if lang is Lang.ZH else str(year)
