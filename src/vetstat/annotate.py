"""The annotated copy a bureau sends back to a school: offending cells highlighted and
commented, and a 校验结果 sheet listing every issue.  The input file is never touched."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vetstat.atomic import write_atomically
from vetstat.issues import Issue, Lang
from vetstat.render import issue_rows

RESULT_SHEET = "校验结果"


def write_annotated(source: Path, issues: Sequence[Issue], out: Path, lang: Lang = Lang.ZH) -> None:
    """Write ``out``: a copy of ``source`` with every located issue marked on its cell."""
    book = _load_copy(source)
    _mark(book, issues, lang)
    _result_sheet(book, issues, lang)
    write_atomically(out, book.save)


def _load_copy(source: Path) -> Any:
    import openpyxl

    if source.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return openpyxl.load_workbook(source, rich_text=False)
        except Exception:  # a file calamine reads but openpyxl does not: rebuild from values
            pass
    return _rebuild(source)


def _rebuild(source: Path) -> Any:
    """A new workbook holding the values of every sheet (for .xls and odd files)."""
    import openpyxl

    from vetstat.grid import open_workbook
    from vetstat.xlstyle import put

    raw = open_workbook(source)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in raw.sheet_names:
        sheet = book.create_sheet(name[:31])
        for r, row in enumerate(raw.sheet(name).rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    put(sheet.cell(r, c), value)
    return book


def _mark(book: Any, issues: Sequence[Issue], lang: Lang) -> None:
    from openpyxl.comments import Comment

    from vetstat.xlstyle import ERROR_FILL, WARNING_FILL

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet and issue.cell and issue.sheet in book.sheetnames:
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    for (sheet_name, ref), found in by_cell.items():
        cell = book[sheet_name][ref]
        if type(cell).__name__ == "MergedCell":
            continue
        error = any(i.is_error for i in found)
        cell.fill = ERROR_FILL if error else WARNING_FILL
        text = "\n".join(f"[{i.code}] {i.text(lang)}" for i in found)
        comment = Comment(text[:30000], "vetstat")
        comment.width = 420
        comment.height = min(600, 90 + 60 * len(found))
        cell.comment = comment


def _result_sheet(book: Any, issues: Sequence[Issue], lang: Lang) -> None:
    from openpyxl.utils import get_column_letter

    from vetstat.render import ISSUE_COLUMNS
    from vetstat.xlstyle import ERROR_FILL, WARNING_FILL, WRAP, put, style_header

    if RESULT_SHEET in book.sheetnames:
        del book[RESULT_SHEET]
    sheet = book.create_sheet(RESULT_SHEET, 0)
    headers = [c.header(lang) for c in ISSUE_COLUMNS]
    for col, header in enumerate(headers, start=1):
        style_header(sheet.cell(1, col, header))
    rows = issue_rows(issues, lang)
    for r, (row, issue) in enumerate(zip(rows, issues, strict=True), start=2):
        for col, column in enumerate(ISSUE_COLUMNS, start=1):
            cell = put(sheet.cell(r, col), row.get(column.key))
            cell.alignment = WRAP
        sheet.cell(r, 1).fill = ERROR_FILL if issue.is_error else WARNING_FILL
        if issue.sheet and issue.cell and issue.sheet in book.sheetnames:
            link = sheet.cell(r, 5)
            link.hyperlink = f"#'{issue.sheet}'!{issue.cell}"
    if not rows:
        sheet.cell(2, 1, "未发现问题" if lang is Lang.ZH else "no issues found")
    for col, width in enumerate((12, 8, 28, 14, 8, 90), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
