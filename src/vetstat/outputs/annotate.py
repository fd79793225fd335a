"""The return file a bureau sends back to a school: offending cells filled and commented, and
a 校验结果 sheet in front listing every issue, each linked to its cell.  The input file is never
touched.  An .xlsx is patched (:mod:`vetstat.xlsx.patch`), anything else copied as values."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vetstat.core.files import RETURN, save_workbook, stamp_package, write_bytes_atomically
from vetstat.core.issues import Issue, Lang, Severity
from vetstat.outputs.render import issue_rows

RESULT_SHEET = "校验结果"
# openpyxl holds a workbook as Python objects (about 200 bytes a cell): past this bound the
# copy of values would take minutes and gigabytes, so it carries the 校验结果 sheet alone
MAX_COPY_CELLS = 500_000  # filled cells of a workbook rebuilt from its values
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")  # characters Excel forbids in a sheet name


def write_annotated(source: Path, issues: Sequence[Issue], out: Path, lang: Lang = Lang.ZH,
                    school: Mapping[str, Any] | None = None) -> str:
    """Write ``out``, the return file of ``source``: every located issue marked on its cell
    (info notices, such as the template version's, are for the bureau: the school gets none)
    and a 校验结果 sheet in front, headed with ``school`` (name, school_code, year).

    An .xlsx is its own package patched (:mod:`vetstat.xlsx.patch`): every part but the marked
    sheets, their comments, the styles and the workbook's list of sheets is kept byte for
    byte, so the school's formulas keep their cached values and its pictures and charts stay.
    An .xls or .ods (or an .xlsx that cannot be patched) becomes a copy of its values, the
    heading saying so. Returns ``"patched"`` or ``"values"``.
    """
    issues = [issue for issue in issues if issue.severity is not Severity.INFO]
    school = school or {}
    data = _patched(source, issues, lang, school)
    if data is not None:
        write_bytes_atomically(out, data)
        return "patched"
    book, titles = _rebuild(source)
    _mark(book, titles, issues, lang)
    _result_sheet(book, titles, issues, lang)
    _heading(book[RESULT_SHEET], school, issues, lang, values_copy=True)
    save_workbook(book, out, RETURN)
    return "values"


def _patched(source: Path, issues: Sequence[Issue], lang: Lang,
             school: Mapping[str, Any]) -> bytes | None:
    """The return file of an .xlsx as its package patched, or None if it cannot be."""
    import io

    import openpyxl

    from vetstat.xlsx import Unreadable
    from vetstat.xlsx.patch import Mark, Package, PatchError

    try:
        with source.open("rb") as stream:
            if stream.read(4) != b"PK\x03\x04":
                return None
        package = Package.open(source)
        titles = {title: title for title in package.sheet_titles()}
        for title, marks in _marks(titles, issues, lang).items():
            package.mark(title, {ref: Mark(error, text) for ref, (error, text) in marks.items()})
        book = openpyxl.Workbook()
        book.active.title = RESULT_SHEET
        _result_sheet(book, titles, issues, lang)
        _heading(book[RESULT_SHEET], school, issues, lang)
        buffer = io.BytesIO()
        book.save(buffer)
        package.add_first_sheet(RESULT_SHEET, buffer.getvalue())
        return package.to_bytes(lambda parts: stamp_package(parts, RETURN))
    except (OSError, Unreadable, PatchError, ValueError, KeyError, IndexError, TypeError):
        return None  # a package too odd to patch: its values are copied


def _marks(titles: Mapping[str, str], issues: Sequence[Issue],
           lang: Lang) -> dict[str, dict[str, tuple[bool, str]]]:
    """Sheet title -> cell -> (an error among its issues, the comment's text)."""
    from vetstat.outputs.xlstyle import clean

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        title = titles.get(issue.sheet) if issue.sheet else None
        if title and issue.cell:
            by_cell.setdefault((title, issue.cell), []).append(issue)
    marks: dict[str, dict[str, tuple[bool, str]]] = {}
    for (title, ref), found in by_cell.items():
        # the text quotes the school's values: no character a comment cannot hold
        text = clean("\n".join(f"[{i.code}] {i.text(lang)}" for i in found))[:30000]
        marks.setdefault(title, {})[ref] = (any(i.is_error for i in found), text)
    return marks


def _rebuild(source: Path) -> tuple[Any, dict[str, str] | None]:
    """A new workbook holding the values of every sheet (for .xls and odd files)."""
    import openpyxl

    from vetstat.outputs.xlstyle import put
    from vetstat.xlsx import open_workbook

    raw = open_workbook(source)
    sheets = [(name, raw.sheet(name).rows) for name in raw.sheet_names]
    book = openpyxl.Workbook()
    book.remove(book.active)
    if sum(1 for _name, rows in sheets for row in rows for value in row
           if value not in ("", None)) > MAX_COPY_CELLS:
        return book, None
    titles: dict[str, str] = {}
    for name, rows in sheets:
        sheet = book.create_sheet(_BAD_TITLE.sub("_", name)[:31] or "Sheet")
        titles[name] = sheet.title  # openpyxl renames a title already taken
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    put(sheet.cell(r, c), value)
    return book, titles


def _mark(book: Any, titles: dict[str, str] | None, issues: Sequence[Issue], lang: Lang) -> None:
    """The marks of :func:`_marks` on a copy of values made with openpyxl."""
    from openpyxl.comments import Comment

    from vetstat.outputs.xlstyle import ERROR_FILL, WARNING_FILL

    for title, marks in _marks(titles or {}, issues, lang).items():
        for ref, (error, text) in marks.items():
            cell = book[title][ref]
            if type(cell).__name__ == "MergedCell":
                continue
            cell.fill = ERROR_FILL if error else WARNING_FILL
            comment = Comment(text, "vetstat")
            comment.width = 420
            comment.height = min(600, 90 + 60 * (text.count("\n[") + 1))
            cell.comment = comment


def _result_sheet(book: Any, titles: dict[str, str] | None, issues: Sequence[Issue],
                  lang: Lang) -> None:

    from openpyxl.styles import Font

    from vetstat.outputs.printing import row_height
    from vetstat.outputs.render import ISSUE_COLUMNS
    from vetstat.outputs.xlstyle import ERROR_FILL, WARNING_FILL, WRAP, put, style_header


    if RESULT_SHEET in book.sheetnames:
        del book[RESULT_SHEET]
    sheet = book.create_sheet(RESULT_SHEET, 0)
    headers = [c.header(lang) for c in ISSUE_COLUMNS]
    for col, header in enumerate(headers, start=1):
        style_header(sheet.cell(2, col, header))  # row 1: the heading
    rows = issue_rows(issues, lang)
    for r, (row, issue) in enumerate(zip(rows, issues, strict=True), start=3):
        for col, column in enumerate(ISSUE_COLUMNS, start=1):
            cell = put(sheet.cell(r, col), row.get(column.key))
            cell.alignment = WRAP
        sheet.cell(r, 1).fill = ERROR_FILL if issue.is_error else WARNING_FILL
        # every row its height: LibreOffice keeps a row's height, and wrapped text would overlap
        sheet.row_dimensions[r].height = row_height(
            (row.get(column.key), width) for column, width in zip(ISSUE_COLUMNS, RESULT_WIDTHS,
                                                                   strict=True))
        title = titles.get(issue.sheet) if titles and issue.sheet else None
        if title and issue.cell:  # a link inside the workbook: no relationship, no target
            from openpyxl.worksheet.hyperlink import Hyperlink

            link = sheet.cell(r, 5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=_reference(title, issue.cell))
            link.font = Font(name=link.font.name, size=link.font.sz, color="0563C1",
                             underline="single")
    last = len(rows) + 3
    if not rows:
        sheet.cell(3, 1, "未发现问题" if lang is Lang.ZH else "no issues found")
        last = 4
    if titles is None:
        sheet.cell(last, 1, "原工作簿过大，本副本只列出问题，未复制原表。请按上面的工作表和单元格在原文件中修改。"
                   if lang is Lang.ZH else "The workbook is too large to copy: this file lists the "
                   "issues only. Correct the sheets and cells named above in the original file.")
    book.active = 0


def _reference(title: str, cell: str) -> str:
    quoted = title.replace("'", "''")
    return f"'{quoted}'!{cell}"


RESULT_WIDTHS = (8, 7, 22, 12, 7, 60)  # within an A4 landscape page at full size


def _heading(sheet: Any, school: Mapping[str, Any], issues: Sequence[Issue], lang: Lang, *,
             values_copy: bool = False) -> None:
    """A heading row above the list (school, 学校标识码, year, errors, warnings, date; for a
    copy of values, that it is one), the list's header repeated on every page, A4 landscape
    one page wide."""
    from openpyxl.styles import Alignment, Font

    from vetstat.outputs.printing import set_up_page, today
    from vetstat.outputs.xlstyle import put

    errors = sum(1 for issue in issues if issue.is_error)
    warnings = len(issues) - errors
    name, code, year = (school.get(key) or "—" for key in ("name", "school_code", "year"))
    text = (f"校验结果：{name}（学校标识码 {code}，{year} 年度）  错误 {errors} 条，警告 {warnings} 条"
            f"  校验日期 {today()}" if lang is Lang.ZH else
            f"Check result: {name} (school code {code}, {year})  {errors} errors, {warnings} "
            f"warnings  checked {today()}")
    if values_copy:
        text += ("\n本文件是原工作簿的数值副本（公式只保留计算结果，格式、图片未复制）：请在原文件中修改后重新报送。"
                 if lang is Lang.ZH else "\nThis file is a copy of the workbook's values (formulas "
                 "as their results; formatting and pictures not copied): correct the original "
                 "file and send it again.")
    heading = put(sheet.cell(1, 1), text)
    heading.font = Font(bold=True, size=12)
    heading.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RESULT_WIDTHS))
    sheet.row_dimensions[1].height = 48 if values_copy else 24
    sheet.freeze_panes = "A3"
    set_up_page(sheet, widths=RESULT_WIDTHS, landscape=True, title_rows=2, lang=lang)
