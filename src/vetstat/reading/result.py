"""What reading a school's workbook gives: typed data, where each value came from, issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vetstat.core.contract import SchoolData
from vetstat.core.issues import Issue
from vetstat.reading.values import a1


@dataclass
class Workbook:
    """One school workbook as read: typed data, where each value came from, reading issues."""

    path: Path
    file: str
    data: SchoolData = field(default_factory=SchoolData)
    sheet_names: dict[str, str] = field(default_factory=dict)  # contract key -> name in file
    sheet_titles: list[str] = field(default_factory=list)  # every sheet of the file, in order
    # (sheet, FORM_ROW, field) -> (row, column), 0-based, on form sheets; see :meth:`cell`
    cells: dict[tuple[str, int, str], tuple[int, int]] = field(default_factory=dict)
    # table sheets: field -> column (0-based); a record's row is in ``rows``
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    headers: dict[str, int] = field(default_factory=dict)  # table sheets: header row, 0-based
    # 备注 text: (sheet, field key) on form sheets, (sheet, record index) on table sheets
    notes: dict[tuple[str, str | int], str] = field(default_factory=dict)
    rows: dict[tuple[str, int], int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True
    kind: str = "xlsx"  # what the bytes are: xlsx, xls or ods (vetstat.xlsx.RawWorkbook.kind)

    def cell(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """A1 address of a value; ``row`` is the record index for table sheets, -1 for forms."""
        if row == FORM_ROW:
            pos = self.cells.get((sheet, row, fieldname))
            return None if pos is None else a1(*pos)
        line, column = self.rows.get((sheet, row)), self.columns.get(sheet, {}).get(fieldname)
        return None if line is None or column is None else a1(line - 1, column)

    def column_cell(self, sheet: str, fieldname: str) -> str | None:
        """A1 address of a table column's header: where a figure summed over the column is
        pointed at (the majors' 二年级 of a school)."""
        line, column = self.headers.get(sheet), self.columns.get(sheet, {}).get(fieldname)
        return None if line is None or column is None else a1(line, column)

    def note(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """The 备注 that explains a warning on this value, if the school wrote one."""
        return self.notes.get((sheet, fieldname) if row == FORM_ROW else (sheet, row))


FORM_ROW = -1
