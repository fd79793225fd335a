"""The roster workbook (学校名单) that ``vetstat roster`` writes: blank, or one row per school
found in a folder; ``--roster`` reads it back (:mod:`vetstat.reading.roster`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vetstat.core.contract import AFFILIATIONS
from vetstat.core.files import save_workbook
from vetstat.outputs.printing import set_up_page
from vetstat.outputs.xlstyle import put
from vetstat.reading.roster import HEADERS, RosterEntry

WIDTHS = (14.0, 36.0, 16.0, 16.0)
CITY_HEADERS = ("行政区划代码", "城市名称")  # a province's roster: its cities
BLANK_ROWS = 300  # rows of the blank roster offered the 隶属 list


def write_roster(path: Path, entries: Sequence[RosterEntry], title: str = "学校名单",
                 headers: Sequence[str] = tuple(HEADERS.values())) -> None:
    """Write the roster to ``path`` whole or not at all: a title, the header the reader looks
    for, one row per school (codes as text, so that no leading digit is lost). A province's
    roster of cities: ``title="城市名单", headers=CITY_HEADERS``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title
    put(sheet["A1"], title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row, entry in enumerate(entries, start=3):
        values = (entry.school_code, entry.name, entry.affiliation or "", entry.county or "")
        for column, value in enumerate(values[:len(headers)], 1):
            put(sheet.cell(row, column), value)
    last = max(sheet.max_row, BLANK_ROWS + 2)
    for row in sheet.iter_rows(min_row=3, max_row=last, max_col=1):
        row[0].number_format = "@"
    choices = DataValidation(type="list", formula1='"' + ",".join(AFFILIATIONS[:2]) + '"',
                             allow_blank=True)
    if len(headers) > 2:  # (隶属: a school's roster)
        choices.add(f"C3:C{last}")
        sheet.add_data_validation(choices)
    sheet.freeze_panes = "A3"
    set_up_page(sheet, widths=WIDTHS)
    save_workbook(book, path, "roster")
