"""The consolidated city workbook: written for the bureau to print, readable back by vetstat.

:func:`write_city_workbook` lays out the city tables (:mod:`vetstat.outputs.tables`) one per sheet as a
bureau prints them (title row, styled header, number formats, frozen panes, print titles,
landscape, fit to width), adds native Excel charts, and stores the school summaries in a
hidden sheet ``_data``: the visible sheets are for people and may be edited or re-sorted; the
hidden one is what :func:`read_city_workbook` reads, so that the year diff can take last year's
workbook instead of last year's folder.

``_data`` holds, in column A, a JSON document cut into pieces below Excel's cell limit; row 1
carries a marker, the format version, the number of pieces and the SHA-256 of the document,
so that a damaged or hand-edited data sheet is refused rather than misread.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vetstat.core.config import Config
from vetstat.core.files import write_atomically
from vetstat.core.issues import RULES, Issue, Lang, plain
from vetstat.figures.summary import summary_from_dict, summary_to_dict
from vetstat.outputs.render import Column, Table
from vetstat.outputs.tables import (
    ERROR,
    EXCLUDED,
    ROW_DIGITS,
    ROW_KIND,
    ROW_NUMBER,
    TOTAL,
    city_tables,
)
from vetstat.reading.batch import CITY_DATA_SHEET, Skipped
from vetstat.usecases.aggregate import CityResult, aggregate_folder

DATA_SHEET = CITY_DATA_SHEET
MARKER = "vetstat city workbook"
FORMAT_VERSION = 1
CHUNK = 30000  # characters per cell of _data, below CELL_LIMIT
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


class CityWorkbookError(Exception):
    """The file is not a city workbook written by ``vetstat aggregate``, or it is damaged.

    The message (Chinese / English) names the file and says what to do; the CLI prints it and
    exits with 2.
    """


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
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table, lang))
        _write_table(sheet, table, result.year, lang, styles)
        placed[table.name] = (sheet, table)
    _charts(book, placed, lang)
    _write_data(book, result)
    book.properties.title = _title(tables[0] if tables else None, result.year, lang)
    book.properties.creator = "vetstat"
    write_atomically(path, lambda temporary: book.save(temporary))


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
    """The value a cell holds and its decimals: 表1's value column carries its own."""
    if ROW_NUMBER in row and column.key == "value":
        return row[ROW_NUMBER], row.get(ROW_DIGITS)
    return row.get(column.key), column.digits


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


def city_document(result: CityResult) -> dict[str, Any]:
    """What the ``_data`` sheet carries: enough to rebuild the :class:`CityResult`."""
    return {
        "version": FORMAT_VERSION,
        "year": result.year,
        "schools": [summary_to_dict(school) for school in result.schools],
        "issues": [_issue_to_dict(issue) for issue in result.issues],
        "skipped": [[str(s.path), s.reason_zh, s.reason_en] for s in result.skipped],
    }


def _issue_to_dict(issue: Issue) -> dict[str, Any]:
    return {"code": issue.code, "file": issue.file, "sheet": issue.sheet, "cell": issue.cell,
            "field": issue.field, "value": plain(issue.value), "expected": issue.expected,
            "params": {key: plain(value) for key, value in issue.params.items()},
            "explained": issue.explained, "note": issue.note}


def _write_data(book: Any, result: CityResult) -> None:
    from openpyxl.cell import WriteOnlyCell

    from vetstat.outputs.xlstyle import put

    # ASCII-only JSON: no character an .xlsx cell cannot hold, whatever the schools typed
    text = json.dumps(city_document(result), ensure_ascii=True, sort_keys=True,
                      separators=(",", ":"), allow_nan=False)
    pieces = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    sheet = book.create_sheet(DATA_SHEET)
    sheet.sheet_state = "hidden"
    header = (MARKER, FORMAT_VERSION, len(pieces), hashlib.sha256(text.encode()).hexdigest())
    sheet.append([put(WriteOnlyCell(sheet), value) for value in header])
    for piece in pieces:
        sheet.append([put(WriteOnlyCell(sheet), piece)])


# --- reading back --------------------------------------------------------------------------


def read_city_workbook(path: Path) -> CityResult:
    """The :class:`CityResult` a city workbook was written from (its ``city()`` is identical).

    Raises :class:`CityWorkbookError` for anything else: a school workbook, a damaged file, a
    workbook from a newer vetstat.
    """
    import python_calamine

    import vetstat.usecases.aggregate  # noqa: F401  (every rule code is catalogued)

    def refuse(zh: str, en: str) -> CityWorkbookError:
        return CityWorkbookError(
            f"{path}：{zh}。请指定 vetstat aggregate -o 写出的汇总工作簿，或学校工作簿所在的文件夹 / "
            f"{path}: {en}. Give a workbook written by `vetstat aggregate -o`, or the folder of "
            "the school workbooks.")

    from vetstat.xlsx import NotXlsx, Unreadable, check_xlsx

    # the same bounds as for a school's file: calamine aborts the process on a hostile one
    try:
        check_xlsx(path)
    except NotXlsx as exc:  # a legacy .xls, or no workbook at all: it cannot hold _data
        raise refuse("不是 vetstat 汇总工作簿（没有数据页 _data）",
                     "not a vetstat city workbook (it has no _data sheet)") from exc
    except Unreadable as exc:
        raise refuse(f"无法安全打开：{exc.zh.rstrip('。')}",
                     f"it cannot be opened safely: {exc.en.rstrip('.')}") from exc
    # calamine reads the one sheet needed; openpyxl would scan every sheet of a large workbook
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
            if DATA_SHEET not in book.sheet_names:
                raise refuse("不是 vetstat 汇总工作簿（没有数据页 _data）",
                             "not a vetstat city workbook (it has no _data sheet)")
            rows: list[list[Any]] = book.get_sheet_by_name(DATA_SHEET).to_python()
    except CityWorkbookError:
        raise
    except (python_calamine.CalamineError, OSError, ValueError, TypeError) as exc:
        raise refuse("无法作为 Excel 工作簿打开", "cannot be opened as an Excel workbook") from exc
    header = list(rows[0]) + [None] * 4 if rows else [None] * 4
    marker, version, count, digest = header[:4]
    if marker != MARKER:
        raise refuse("不是 vetstat 汇总工作簿（数据页标记不符）",
                     "not a vetstat city workbook (the _data sheet has no vetstat marker)")
    if version != FORMAT_VERSION:
        shown = int(version) if isinstance(version, float) and version.is_integer() else version
        raise refuse(f"由不同版本的 vetstat 写出（格式 {shown}）",
                     f"written by another version of vetstat (format {shown})")
    expected = int(count) if isinstance(count, int | float) else -1
    pieces = [row[0] if row and isinstance(row[0], str) else "" for row in rows[1:]]
    while len(pieces) > expected and pieces and not pieces[-1]:
        pieces.pop()  # trailing empty rows some readers report
    text = "".join(pieces)
    if expected != len(pieces) or digest != hashlib.sha256(text.encode()).hexdigest():
        raise refuse("数据页已损坏或被修改", "the _data sheet is damaged or was edited")
    try:
        document = json.loads(text)
        return _result_from(document)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise refuse("数据页无法解读", "the _data sheet cannot be understood") from exc


def _result_from(document: dict[str, Any]) -> CityResult:
    issues = []
    for item in document["issues"]:
        if item["code"] not in RULES:
            raise ValueError(f"unknown rule {item['code']}")
        issues.append(Issue(item["code"], item["file"], sheet=item["sheet"], cell=item["cell"],
                            field=item["field"], value=item["value"], expected=item["expected"],
                            params=dict(item["params"]), explained=bool(item["explained"]),
                            note=item["note"]))
    return CityResult(
        year=document["year"],
        schools=[summary_from_dict(school) for school in document["schools"]],
        issues=issues,
        skipped=[Skipped(Path(path), zh, en) for path, zh, en in document["skipped"]],
    )


def load_year(path: Path, config: Config | None = None, *, jobs: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> CityResult:
    """A year of the city: a folder of school workbooks, or a city workbook written earlier."""
    if path.is_dir():
        return aggregate_folder(path, config, jobs=jobs, progress=progress)
    if path.is_file():
        return read_city_workbook(path)
    raise CityWorkbookError(f"没有这个文件夹或文件：{path} / no such folder or file: {path}")
