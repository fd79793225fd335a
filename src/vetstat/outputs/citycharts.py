"""The charts of the city workbook: native Excel charts drawn from the table sheets, on a sheet
of their own laid out for A4 portrait — two charts a page, none across a page break, every bar
labelled with its value, every title naming the city and the year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vetstat.core.rule import Lang
from vetstat.outputs.citysheets import Placed
from vetstat.outputs.printing import Heading, set_up_page

ROW_HEIGHT = 15.0  # points, the rows the charts are anchored on
SLOT_ROWS = 22  # rows per half page: 22 × 15 pt ≈ 11.6 cm
CHART_HEIGHT = 10.5  # cm, within a slot
CHART_WIDTH = 16.0  # cm, within A4 portrait's printable width
COLUMNS, COLUMN_WIDTH = 7, 10.0  # the print area's columns: ≈ 17 cm
CROWDED = 15  # more schools than this: their chart takes a whole page
PER_PAGE = 30  # schools on one page's chart


def city_charts(placed: Mapping[str, Placed], city: str, year: int | None,
                lang: Lang) -> list[tuple[Any, int]]:
    """The charts with the half pages (slots) each takes."""
    from openpyxl.chart import BarChart, Reference

    zh = lang is Lang.ZH
    when = f"{city} {year} 年" if zh and year else (f"{city}, {year}: " if year else f"{city}: ")
    charts: list[tuple[Any, int]] = []

    def reference(key: str, *, title: bool = False, to: str | None = None) -> Any:
        where = placed[key]
        last = placed[to].column if to else where.column
        return Reference(where.sheet, min_col=where.column, max_col=last,
                         min_row=where.first - 1 if title else where.first, max_row=where.last)

    def bar(title: str, data: str, names: str, *, axis: str | None = None,
            horizontal: bool = False, to: str | None = None) -> Any:
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = when + title
        chart.add_data(reference(data, title=True), titles_from_data=True)
        chart.set_categories(reference(names, to=to))
        chart.legend = None
        if axis:
            chart.y_axis.title = axis
        _label(chart)
        return chart

    if {"schools.name", "schools.students"} <= set(placed):
        names, students = placed["schools.name"], placed["schools.students"]
        count = students.last - students.first + 1
        # a page holds the bars of PER_PAGE schools with their labels legible: more schools,
        # more pages (each chart its own run of rows)
        parts = -(-count // PER_PAGE) if count > CROWDED else 1
        size = -(-count // parts) if count > 0 else 0
        for part in range(parts if count > 0 else 0):
            first = students.first + part * size
            last = min(first + size - 1, students.last)
            suffix = f"（{part + 1}/{parts}）" if parts > 1 and zh else (
                f" ({part + 1} of {parts})" if parts > 1 else "")
            chart = BarChart()
            chart.type = "bar"
            chart.title = when + ("各校在校生数" if zh else "students by school") + suffix
            chart.add_data(Reference(students.sheet, min_col=students.column, max_col=students.column,
                                     min_row=first, max_row=last), titles_from_data=False)
            chart.set_categories(Reference(names.sheet, min_col=names.column, max_col=names.column,
                                           min_row=first, max_row=last))
            chart.legend = None
            chart.y_axis.title = "人" if zh else "students"
            chart.x_axis.scaling.orientation = "maxMin"  # the first school on top
            _label(chart)
            charts.append((chart, 2 if count > CROWDED else 1))
    if {"categories.category_name", "categories.majors"} <= set(placed):
        where = placed["categories.majors"]
        if where.last >= where.first:
            for key, title in (("majors", "各专业大类专业数" if zh else "majors by category"),
                               ("students", "各专业大类在校生数" if zh else "students by category")):
                chart = bar(title, f"categories.{key}", "categories.category_name",
                            horizontal=True)
                chart.x_axis.scaling.orientation = "maxMin"
                charts.append((chart, 1))
    if {"satisfaction.rate", "satisfaction.respondent"} <= set(placed):
        where = placed["satisfaction.rate"]
        if where.last >= where.first:
            chart = bar("满意度（%）" if zh else "satisfaction (%)", "satisfaction.rate",
                        "satisfaction.respondent", to="satisfaction.item")
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 100
            charts.append((chart, 1))
    return charts


def _label(chart: Any) -> None:
    """Each bar labelled with its value."""
    from openpyxl.chart.label import DataLabelList

    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(chart.dataLabels, flag, False)


def write_charts(sheet: Any, charts: list[tuple[Any, int]],
                 heading: Callable[[str], Heading], lang: Lang) -> None:
    """The charts on an A4 portrait sheet, two slots a page; a chart of two slots starts a page."""
    from openpyxl.worksheet.pagebreak import Break

    set_up_page(sheet, widths=[COLUMN_WIDTH] * COLUMNS, landscape=False, title_rows=2,
                lang=lang, fit_width=False)
    heading("中等职业教育主要指标图表" if lang is Lang.ZH else "Charts").append(sheet, COLUMNS)
    slot = 0  # the next free half page
    anchors = []
    for chart, slots in charts:
        if slots == 2 and slot % 2:
            slot += 1
        anchors.append((chart, slot, slots))
        slot += slots
    pages = -(-slot // 2)
    rows = 2 + pages * 2 * SLOT_ROWS
    for row in range(3, rows + 1):
        sheet.row_dimensions[row].height = ROW_HEIGHT
        sheet.append([])
    for page in range(1, pages):
        sheet.row_breaks.append(Break(id=2 + page * 2 * SLOT_ROWS))
    for chart, first, slots in anchors:
        chart.width = CHART_WIDTH
        chart.height = CHART_HEIGHT + (slots - 1) * SLOT_ROWS * ROW_HEIGHT / 72 * 2.54
        # a row below the slot's top: a chart touching a page break is drawn on both pages
        sheet.add_chart(chart, f"A{4 + first * SLOT_ROWS}")
    sheet.print_area = f"A1:{chr(ord('A') + COLUMNS - 1)}{rows}"
