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
from vetstat.outputs.citycharts import city_charts, write_charts
from vetstat.outputs.citysheets import (
    TITLE_ROWS,
    Placed,
    school_pages,
    school_widths,
    write_quality,
    write_table,
)
from vetstat.outputs.groups import GROUP_TABLES
from vetstat.outputs.groupsheets import write_groups
from vetstat.outputs.previous import PREVIOUS_KEYS
from vetstat.outputs.printing import BODY_SIZE, FONT, Heading, number_format
from vetstat.outputs.render import Column, Table
from vetstat.outputs.streambook import StreamedBook
from vetstat.outputs.tables import ERROR, EXCLUDED, ROW_KIND, TOTAL, caveat_of, city_tables
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.citydata import DATA_SHEET, data_sheet_rows

CHARTS_SHEET = ("图表", "Charts")

# sheet name of each table (Excel: at most 31 characters, no []:*?/\\)
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "quality": ("表1 质量数据表", "T1 Quality data"),
    "satisfaction": ("表2 满意度调查表", "T2 Satisfaction"),
    "affiliation_groups": ("分类汇总", "By affiliation"),
    "county_groups": ("分县汇总", "By county"),
    "majors": ("专业设置", "Majors"),
    "categories": ("专业大类", "Major categories"),
    "school_majors": ("分校专业明细", "Majors by school"),
    "school_satisfaction": ("满意度分校明细", "Satisfaction by school"),
    "awards": ("技能大赛", "Contest awards"),
    "award_counts": ("获奖统计", "Award counts"),
    "issues": ("校验问题", "Issues"),
}
# the annex tables print portrait; the wide ones landscape
PORTRAIT = {"quality", "satisfaction", "categories", "award_counts"}
# 校验问题: the message takes the room (it wraps), whatever the rows
ISSUE_WIDTHS = [6, 6, 24, 10, 7, 60]
FROZEN = {"majors": "C4", "school_majors": "C4", "school_satisfaction": "B4"}


# --- writing -------------------------------------------------------------------------------


def write_city_workbook(result: CityResult, path: Path, lang: Lang = Lang.ZH,
                        tables: Sequence[Table] | None = None) -> None:
    """Write the consolidated workbook to ``path`` atomically (whole or not at all)."""
    tables = list(tables) if tables is not None else city_tables(result, lang)
    # rows stream to disk as text, so memory and time stay modest for large batches
    book = StreamedBook()
    try:
        title = _write_sheets(book, result, tables, lang)
    except BaseException:  # Ctrl-C while the rows stream: let go of them quietly
        discard_workbook(book)
        raise
    book.properties.title = title
    book.properties.creator = "vetstat"
    save_workbook(book, path, CITY)


def _write_sheets(book: Any, result: CityResult, tables: Sequence[Table], lang: Lang) -> str:
    """Every sheet, in the order a bureau reads them; returns the workbook's title."""
    placed: dict[str, Placed] = {}
    styles = _style_registry(book)
    place = result.place()
    by_name = {table.name: table for table in tables}
    caveat = caveat_of(result)
    note = (caveat[0] if lang is Lang.ZH else caveat[1]) if caveat else None

    def heading(subject: str, noted: bool = False) -> Heading:
        """A title; ``noted``: with the caveat (the tables' own titles carry it already)."""
        return Heading.of(place, result.year, subject, lang, caveat=note if noted else None)

    later: list[Callable[[], None]] = []  # 满意度分校明细, written after 分校专业明细
    for table in _sheet_order(tables):
        if table.name == "awards":
            for write in later:
                write()
        if table.name == "schools":
            placed.update(_school_sheets(book, table, heading, lang, styles))
            continue
        if table.name == "satisfaction":
            later.append(_satisfaction_sheets(book, table, heading, lang, styles, placed))
            continue
        sheet = book.create_sheet(_sheet_name(table, lang))
        if table.name == "quality" or table.name.startswith("cities"):  # 分市明细 as 表1
            write_quality(sheet, table, heading(_subject(table, lang)), lang, styles)
            continue
        if table.name in GROUP_TABLES:
            write_groups(sheet, table, heading(_subject(table, lang)), lang, styles)
            continue
        rows = table.rows or [{table.columns[-1].key: "没有问题" if lang is Lang.ZH
                               else "no issues"}] if table.name == "issues" else None
        write_table(sheet, table, heading(_subject(table, lang)), lang, styles,
                    landscape=table.name not in PORTRAIT, freeze=FROZEN.get(table.name, "A4"),
                    rows=rows, widths=ISSUE_WIDTHS if table.name == "issues"
                    and len(table.columns) == len(ISSUE_WIDTHS) else None)
        if table.name == "categories":
            placed.update(_columns(sheet, table, ("category_name", "majors", "students")))
    charts = city_charts(placed, place.name(lang), result.year, lang)
    if charts:
        write_charts(book.create_sheet(CHARTS_SHEET[0] if lang is Lang.ZH else CHARTS_SHEET[1],
                                       index=2), charts, heading, lang)
    _write_data(book, result)
    first = by_name.get("quality")
    return heading(_subject(first, lang)).title if first else "vetstat"


def _sheet_order(tables: Sequence[Table]) -> list[Table]:
    """表1 and 表2 first (the annex), then the details."""
    first = [t for t in tables if t.name in ("quality", "satisfaction")]
    return [*first, *(t for t in tables if t not in first)]


def _sheet_name(table: Table, lang: Lang) -> str:
    names = SHEET_NAMES.get(table.name)
    if names:
        return names[0] if lang is Lang.ZH else names[1]
    return re.sub(r"[\[\]:*?/\\]", " ", table.title(lang))[:31]


def _subject(table: Table, lang: Lang) -> str:
    """What a table's title says after the city and year: 表1's words without its number."""
    return re.sub(r"^(表\d+ |Table \d+ )", "", table.title(lang))


def _columns(sheet: Any, table: Table, keys: Sequence[str]) -> dict[str, Placed]:
    """Where the counted rows (not the total) of some columns are, for the charts."""
    last = TITLE_ROWS + sum(1 for row in table.rows if row.get(ROW_KIND) != TOTAL)
    index = {c.key: i for i, c in enumerate(table.columns, start=1)}
    return {f"{table.name}.{key}": Placed(sheet, index[key], TITLE_ROWS + 1, last)
            for key in keys if key in index}


def _school_sheets(book: Any, table: Table, heading: Callable[..., Heading], lang: Lang,
                   styles: Callable[[str | None, int | None], str]) -> dict[str, Placed]:
    """分校明细 on as many sheets as it takes to print at full size (see :func:`school_pages`)."""
    placed: dict[str, Placed] = {}
    for sheet_name, columns in school_pages(table, lang):
        sheet = book.create_sheet(sheet_name)
        write_table(sheet, table, heading(sheet_name, True), lang, styles,
                    columns=columns, freeze="B4", widths=school_widths(columns, table.rows))
        shown = Table(table.title_zh, table.title_en, columns, table.rows, name="schools")
        for key, where in _columns(sheet, shown, [c.key for c in columns]).items():
            placed.setdefault(key, where)  # the name column of the first sheet
    return placed


def _satisfaction_sheets(book: Any, table: Table, heading: Callable[..., Heading], lang: Lang,
                         styles: Callable[[str | None, int | None], str],
                         placed: dict[str, Placed]) -> Callable[[], None]:
    """表2 with the city's rows only (the annex); each school's survey on a sheet of its own,
    written when the returned function is called."""
    city_rows = [row for row in table.rows if row.get(ROW_KIND) == TOTAL]
    city_columns = [c for c in table.columns if c.key not in ("scope", "school_code", "flag")]
    sheet = book.create_sheet(_sheet_name(table, lang))
    # with last year's columns beside it, 表2 is too wide for A4 portrait at full size
    write_table(sheet, table, heading(_subject(table, lang)), lang, styles,
                landscape=any(c.key in PREVIOUS_KEYS for c in city_columns),
                columns=city_columns, rows=city_rows)
    index = {c.key: i for i, c in enumerate(city_columns, start=1)}
    end = TITLE_ROWS + len(city_rows)
    for key in ("respondent", "item", "rate"):
        placed[f"satisfaction.{key}"] = Placed(sheet, index[key], TITLE_ROWS + 1, end)
    school_rows = [row for row in table.rows if row.get(ROW_KIND) != TOTAL]
    columns = [Column("scope", "学校名称", "school") if c.key == "scope" else c
               for c in table.columns if c.key not in PREVIOUS_KEYS]  # the city's alone
    details = Table("满意度分校明细", "Satisfaction by school", columns, school_rows,
                    name="school_satisfaction")

    def write_details() -> None:
        write_table(book.create_sheet(_sheet_name(details, lang)), details,
                    heading(_subject(details, lang), True), lang, styles,
                    freeze=FROZEN["school_satisfaction"])

    return write_details


def _style_registry(book: Any) -> Callable[[str | None, int | None], str]:
    """Named styles for body cells by row kind and decimals, registered on first use."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    from vetstat.outputs.xlstyle import BORDER, ERROR_FILL, TOTAL_FILL, WARNING_FILL

    fills = {TOTAL: TOTAL_FILL, ERROR: ERROR_FILL, EXCLUDED: WARNING_FILL}
    registered: dict[tuple[str | None, int | None], str] = {}

    def style(kind: str | None, digits: int | None) -> str:
        found = registered.get((kind, digits))
        if found is not None:
            return found
        name = f"vetstat {kind or 'body'} {'text' if digits is None else digits}"
        if name not in registered.values():
            horizontal = "center" if kind == "center" else None
            vertical = "top" if kind == "category" else "center"
            named = NamedStyle(name=name, border=BORDER,
                               alignment=Alignment(vertical=vertical, horizontal=horizontal,
                                                   wrap_text=digits is None),
                               font=Font(name=FONT, size=BODY_SIZE, bold=kind == TOTAL))
            if kind in fills:
                named.fill = fills[kind]
            if digits is not None:
                named.number_format = number_format(digits)
            book.add_named_style(named)
        registered[(kind, digits)] = name
        return name

    return style


# --- the data sheet ------------------------------------------------------------------------


def _write_data(book: Any, result: CityResult) -> None:
    sheet = book.create_sheet(DATA_SHEET)
    sheet.sheet_state = "hidden"
    for row in data_sheet_rows(result):
        sheet.append(row)
