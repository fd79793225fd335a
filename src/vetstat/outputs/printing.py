"""How every sheet vetstat writes prints: A4, fitted to one page wide, titles repeated on each
page, page numbers, and numbers shown with the catalogue's decimals and thousands separators.

A sheet is printed as a bureau files an annex: a title naming the city and the year, a line
with the 填报单位 and the date, the header row, then the rows.  Use it like this (ordinary or
write-only openpyxl sheets alike; on a write-only sheet, before the first row is appended)::

    from vetstat.outputs.printing import Heading, number_format, set_up_page

    heading = Heading.of(result.place(), result.year, "中等职业教育质量数据表", lang)
    set_up_page(sheet, widths=[6, 12, 40, 8, 14], landscape=False, title_rows=3, lang=lang)
    heading.write(sheet, width=5)            # rows 1 and 2: title, 填报单位 and date
    ...                                      # row 3: the header; then the rows
    cell.number_format = number_format(2)    # "#,##0.00"; indicator_format(key) for a key

Fonts: :data:`BODY_SIZE` for cells, :data:`TITLE_SIZE` for titles.  A sheet fitted to one page
wide is shrunk when it is wider than the paper; keep the columns' widths within
:data:`PORTRAIT_WIDTH` or :data:`LANDSCAPE_WIDTH` (characters) and nothing is shrunk, so the
printed text stays at the size set here (≥ 8 pt is the project's floor, tests/test_printing.py).
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from vetstat.core.indicators import indicator
from vetstat.core.places import Place
from vetstat.core.rule import Lang

PAPER_A4 = 9  # the paper size code of A4 in SpreadsheetML
FONT = "等线"
BODY_SIZE = 10
TITLE_SIZE = 15
# the printable width of A4 in Excel's character units with the margins below, as LibreOffice
# measures them (its fallback for 等线 is wider than Excel's): columns that add up to more than
# this make the sheet shrink to fit (measured: 92 characters printed at 81 %, 135 at 90 %)
PORTRAIT_WIDTH = 72
LANDSCAPE_WIDTH = 116
MARGINS = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)


def number_format(digits: int | None) -> str:
    """Thousands separators and ``digits`` decimals (None: as typed)."""
    if digits is None:
        return "General"
    return "#,##0" if digits == 0 else "#,##0." + "0" * digits


def indicator_format(key: str) -> str:
    """The number format of an indicator, from the catalogue's decimals."""
    return number_format(indicator(key).digits)


FIT_PAGES_DOWN = 9999  # pages down a fitted sheet may take: never the bound, only the width


def set_up_page(sheet: Any, *, widths: Sequence[float] = (), landscape: bool = False,
                title_rows: int = 2, lang: Lang = Lang.ZH, fit_width: bool = True) -> None:
    """A4, the orientation, fitted to one page wide (as many pages down as needed), the first
    ``title_rows`` rows repeated on every page, centred, 第 N 页，共 M 页 in the footer, and
    the columns' ``widths`` (characters)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    setup = sheet.page_setup
    setup.paperSize = PAPER_A4
    setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        setup.fitToWidth = 1
        # as many pages down as needed: Excel reads 0 so, but LibreOffice then scales to a
        # page count of its own and may print a blank last page (747 rows of 分校指标对比 did);
        # a bound no table reaches leaves the scale to the width in both
        setup.fitToHeight = FIT_PAGES_DOWN
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = True
    footer = "第 &P 页，共 &N 页" if lang is Lang.ZH else "Page &P of &N"
    sheet.oddFooter.center.text = footer
    sheet.oddFooter.center.size = 9
    sheet.evenFooter.center.text = footer
    sheet.evenFooter.center.size = 9


_WIDE = re.compile("[\u2e81-\U0010ffff]")


def text_width(text: Any) -> float:
    """Display width in Excel's character units: CJK and full-width characters take two."""
    text = str(text)
    # counted without a Python step per character: tables of 100,000 rows measure every cell
    return len(text) if text.isascii() else 2 * len(text) - len(_WIDE.sub("", text))


LINE_HEIGHT = 13.5  # points, a line of BODY_SIZE text


def row_height(cells: Iterable[tuple[Any, float]]) -> float:
    """The height (points) a row of (value, column width) needs for its wrapped text.  Set it on
    every row: LibreOffice keeps the height of a row it reads (wrapped text would overflow into
    the next row) and, left to size rows itself, may lay out a trailing empty page."""
    lines = 1
    for value, width in cells:
        if isinstance(value, str) and value:
            # a 10-pt CJK glyph takes about 1.5 of the widths Excel counts (11-pt "0"), not 2
            lines = max(lines, math.ceil(text_width(value) / max(width * 1.35 - 1, 1)))
    return LINE_HEIGHT * lines + 3


def header_text(text: str, width: float) -> str:
    """A column's header as it prints in a column ``width`` wide: when it does not fit on one
    line, broken before its bracket ("增减" over "（率为百分点）", "上年" over "（2021 年）"), so
    that the words in the bracket stay together and no bracket is left alone on a line."""
    head, bracket, tail = text.partition("（")
    if not bracket or not head or "\n" in text or row_height([(text, width)]) <= LINE_HEIGHT + 3:
        return text
    return f"{head}\n{bracket}{tail}"


def fits(widths: Sequence[float], landscape: bool) -> bool:
    """Whether columns this wide print at full size across the page."""
    return sum(widths) <= (LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH)


def today(lang: Lang = Lang.ZH) -> str:
    """The date printed under the titles (``SOURCE_DATE_EPOCH`` fixes it for reproducible
    files, as for other build outputs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.localtime()
    if lang is Lang.ZH:
        return f"{moment.tm_year} 年 {moment.tm_mon} 月 {moment.tm_mday} 日"
    return time.strftime("%Y-%m-%d", moment)


@dataclass(frozen=True)
class Heading:
    """The two lines above a printed table: its title, and the 填报单位 and date."""

    title: str
    subtitle: str

    @classmethod
    def of(cls, place: Place, year: int | str | None, subject: str, lang: Lang = Lang.ZH,
           *, caveat: str | None = None) -> Heading:
        """``白城市 2022 年中等职业教育质量数据表`` (``year`` may be ``2021—2022``)."""
        zh = lang is Lang.ZH
        if zh:
            when = f" {year} 年" if year is not None else ""
            title = f"{place.name(lang)}{when}{subject}"
            unit = place.unit or "　" * 10
            subtitle = f"填报单位：{unit}　　　　日期：{today()}"
        else:
            title = f"{subject}, {place.name(lang)}" + (f", {year}" if year is not None else "")
            subtitle = f"Reporting unit: {place.unit or ''}    Date: {today(lang)}"
        if caveat:
            title += f"（{caveat}）" if zh else f" ({caveat})"
        return cls(title, subtitle)

    def cells(self, sheet: Any) -> tuple[Any, Any]:
        """The two rows as styled write-only cells (append each in its own row)."""
        from openpyxl.cell import WriteOnlyCell

        cells = (WriteOnlyCell(sheet), WriteOnlyCell(sheet))
        self._style(*cells)
        return cells

    def _style(self, title: Any, sub: Any) -> None:
        from vetstat.outputs.xlstyle import put

        put(title, self.title)
        title.font = Font(name=FONT, size=TITLE_SIZE, bold=True)
        title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        put(sub, self.subtitle)
        sub.font = Font(name=FONT, size=BODY_SIZE)
        sub.alignment = Alignment(horizontal="left", vertical="center")

    def write(self, sheet: Any, width: int, *, row: int = 1) -> None:
        """The two rows, merged across ``width`` columns (an ordinary, not write-only, sheet)."""
        sheet.row_dimensions[row].height = 30
        sheet.row_dimensions[row + 1].height = 20
        self._style(sheet.cell(row=row, column=1), sheet.cell(row=row + 1, column=1))
        if width > 1:
            for offset in (0, 1):
                sheet.merge_cells(start_row=row + offset, start_column=1,
                                  end_row=row + offset, end_column=width)

    def append(self, sheet: Any, width: int) -> None:
        """The two rows on a write-only sheet, merged across ``width`` columns."""
        sheet.row_dimensions[1].height = 30
        sheet.row_dimensions[2].height = 20
        if width > 1:
            last = get_column_letter(width)
            sheet.merged_cells.add(f"A1:{last}1")
            sheet.merged_cells.add(f"A2:{last}2")
        for cell in self.cells(sheet):
            sheet.append([cell])
