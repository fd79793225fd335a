"""The year comparison as an Excel workbook (``vetstat diff -o diff.xlsx``).

Sheets: 全市对比 (flagged rows highlighted), 分校对比 (the schools), 分校指标对比 (school ×
indicator), 专业变化, 校验问题, and 对比图 with a native bar chart of the headline figures, old
year against new.  Every sheet prints on A4 landscape, one page wide, titled with the city and
both years (:mod:`vetstat.outputs.printing`).  Numbers are
written at the indicator's decimals, rounded half-up (:mod:`vetstat.core.numbers`), so that the
workbook holds and shows what the terminal prints; ``diff --format json`` has the full values.
The rows stream to disk (:mod:`vetstat.outputs.streambook`): 分校指标对比 of 1,000 + 1,000
schools is ≈ 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from vetstat.core.files import DIFF, save_workbook
from vetstat.core.indicators import indicator
from vetstat.core.issues import Issue, Lang
from vetstat.core.numbers import rounded
from vetstat.figures.years import YearDiff
from vetstat.outputs.citysheets import header_cells
from vetstat.outputs.diff_tables import (
    city_table,
    majors_table,
    school_indicator_table,
    schools_table,
    words_of,
)
from vetstat.outputs.printing import (
    BODY_SIZE,
    FONT,
    Heading,
    indicator_format,
    number_format,
    row_height,
    set_up_page,
)
from vetstat.outputs.render import Table, issue_table
from vetstat.outputs.streambook import StreamedBook, StreamedSheet
from vetstat.outputs.xlstyle import BORDER, ERROR_FILL, WARNING_FILL, WRAP, put

BODY = Font(name=FONT, size=BODY_SIZE)
MIDDLE = Alignment(vertical="center")

# the headline figures of the chart: people, on one scale
CHART_KEYS = ("students", "new_students", "graduates", "staff_total", "full_time", "dual_qualified")
# columns' widths (characters), within a landscape A4 page (printing.LANDSCAPE_WIDTH)
WIDTHS = {"indicator": 26, "school": 18, "school_code": 11, "unit": 7, "old": 10, "new": 10,
          "change": 10, "change_unit": 8, "change_pct": 9, "flag": 6, "status": 14,
          "opened": 8, "closed": 8, "scope": 16, "code": 8, "name": 16, "old_students": 9,
          "new_students": 9, "schools": 30, "severity": 6, "file": 22, "sheet": 10, "cell": 7,
          "text": 58}
TITLE_ROWS = 3


def write_diff_workbook(diff: YearDiff, path: Path, lang: Lang = Lang.ZH) -> None:
    """Write the comparison to ``path`` whole or not at all."""
    book = build_diff_workbook(diff, lang)
    save_workbook(book, path, DIFF)


def build_diff_workbook(diff: YearDiff, lang: Lang = Lang.ZH) -> StreamedBook:
    book = StreamedBook()
    zh = lang is Lang.ZH

    def heading(subject: str) -> Heading:
        years = (f"{diff.old_year} 年与 {diff.new_year}" if zh
                 else f"{diff.old_year} and {diff.new_year}")
        return Heading.of(diff.place, years, subject, lang)

    words = words_of(diff)  # 全市对比, 分校对比; a province's 全省对比, 分市对比
    parts, parts_en = words["parts"]
    sheets = [
        (f"{words['whole'][0]}对比", "中等职业教育质量数据对比" if zh else "Quality data compared",
         city_table(diff, lang)),
        (f"{parts}对比", f"{parts}对比" if zh else f"{parts_en} compared", schools_table(diff, lang)),
        (f"{parts}指标对比", f"{parts}指标对比" if zh else f"{parts_en} by indicator",
         school_indicator_table(diff, lang)),
        ("专业变化", "专业变化" if zh else "Majors opened and closed", majors_table(diff, lang)),
    ]
    for name, subject, table in sheets:
        _table_sheet(book.create_sheet(name), table, lang, heading(subject))
    _issue_sheet(book.create_sheet("校验问题"), diff.issues, lang,
                 heading("校验问题" if zh else "Issues"))
    _chart_sheet(book.create_sheet("对比图"), diff, lang,
                 heading("主要指标对比" if zh else "Headline figures"))
    return book


def _body_format(book: StreamedBook, fill: Any | None, digits: int | str | None) -> str:
    """The format of a body cell: a number at ``digits`` decimals, text (``"text"``, wrapped)
    or neither (None), on ``fill``; each registered once."""
    name = f"diff {id(fill) if fill is not None else 'plain'} {digits}"
    if not book.has_cell_format(name):
        alignment = WRAP if digits == "text" else None if digits is None else MIDDLE
        book.add_cell_format(name, font=BODY, border=BORDER, fill=fill, alignment=alignment,
                             number_format=number_format(digits) if isinstance(digits, int)
                             else None)
    return name


def _table_sheet(sheet: StreamedSheet, table: Table, lang: Lang, heading: Heading, *,
                 fills: Sequence[Any] | None = None) -> None:
    """The heading, a header row and the rows on an A4 landscape page; a row flagged by a Y rule
    is highlighted."""
    width = max(len(table.columns), 1)
    widths = [WIDTHS.get(c.key, 12) for c in table.columns]
    set_up_page(sheet, widths=widths, landscape=True, title_rows=TITLE_ROWS, lang=lang)
    heading.append(sheet, width)
    sheet.row_dimensions[TITLE_ROWS].height = 30
    sheet.append(header_cells(sheet, [column.header(lang) for column in table.columns]))
    book = sheet.parent
    formats: dict[tuple[int, int | str | None], str] = {}
    for offset, row in enumerate(table.rows):
        fill = fills[offset] if fills is not None else (WARNING_FILL if row.get("flagged") else None)
        values, styles = [], []
        for column in table.columns:
            value = row.get(column.key)
            digits = column.digits_of(row)
            look: int | str | None = None
            if isinstance(value, int | float) and not isinstance(value, bool):
                if digits is not None:
                    value = rounded(value, digits)  # shown as the terminal and CSV show it
                    look = digits
            elif isinstance(value, str):
                look = "text"
            key = (id(fill), look)
            style = formats.get(key)
            if style is None:
                style = formats[key] = _body_format(book, fill, look)
            values.append(value)
            styles.append(style)
        texts = ((row.get(column.key), w) for column, w in zip(table.columns, widths, strict=True))
        sheet.append_styled(values, styles, row_height(texts))
    sheet.freeze_panes = f"A{TITLE_ROWS + 1}"


def _issue_sheet(sheet: StreamedSheet, issues: Sequence[Issue], lang: Lang,
                 heading: Heading) -> None:
    fills = [ERROR_FILL if issue.is_error else WARNING_FILL for issue in issues]
    _table_sheet(sheet, issue_table(issues, lang), lang, heading, fills=fills)
    if not issues:
        sheet.append(["没有问题" if lang is Lang.ZH else "no issues"])


def _chart_sheet(sheet: StreamedSheet, diff: YearDiff, lang: Lang, heading: Heading) -> None:
    """The headline figures old against new, and a clustered bar chart of them below, on one
    A4 landscape page."""
    from openpyxl.chart.label import DataLabelList

    set_up_page(sheet, widths=[22, *[12] * 7], landscape=True, title_rows=0, lang=lang)
    heading.append(sheet, 8)
    sheet.append(header_cells(sheet, ["指标" if lang is Lang.ZH else "indicator",
                                     _year_label(diff.old_year, lang),
                                     _year_label(diff.new_year, lang)]))
    row = TITLE_ROWS + 1
    for key in CHART_KEYS:
        change = diff.city.get(key)
        if change is None or (change.old is None and change.new is None):
            continue
        cells = [put(WriteOnlyCell(sheet), value)
                 for value in (indicator(key).label(lang), change.old, change.new)]
        for column, cell in enumerate(cells):
            cell.border = BORDER
            cell.font = BODY
            if column:
                cell.number_format = indicator_format(key)
        sheet.append(cells)
        row += 1
    if row == TITLE_ROWS + 1:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = heading.title
    chart.y_axis.title = "人" if lang is Lang.ZH else "people"
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=TITLE_ROWS, max_row=row - 1),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=TITLE_ROWS + 1, max_row=row - 1))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(chart.dataLabels, flag, False)
    chart.width, chart.height = 22, 10.5
    sheet.add_chart(chart, f"A{row + 1}")
    sheet.print_area = f"A1:H{row + 22}"


def _year_label(year: int | None, lang: Lang) -> str:
    if year is None:
        return "?"
    return f"{year}年" if lang is Lang.ZH else str(year)
