"""The annotated copy a bureau sends back to a school: offending cells highlighted and
commented, and a 校验结果 sheet listing every issue.  The input file is never touched."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vetstat.core.files import ANNOTATED, save_workbook
from vetstat.core.issues import Issue, Lang, Severity
from vetstat.outputs.render import issue_rows

RESULT_SHEET = "校验结果"
# openpyxl holds a workbook as Python objects (about 200 bytes a cell): past these bounds the
# copy would take minutes and gigabytes, so it carries the 校验结果 sheet alone
MAX_COPY_SHEET_XML = 24 * 1024 * 1024  # bytes of sheet XML in an .xlsx
MAX_COPY_CELLS = 500_000  # filled cells of a workbook rebuilt from its values
# openpyxl makes an object for every cell a merged range or a hyperlink covers: one merge
# over A1:XFD1048576 (a few bytes in the file) asks for 17 billion of them
MAX_COPY_RANGE_CELLS = 100_000
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")  # characters Excel forbids in a sheet name
_RANGE_RE = re.compile(rb"<(?:[^ \t\r\n<>/:=\"']+:)?(?:mergeCell|hyperlink)[ \t\r\n][^>]*?"
                       rb"""\bref[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")
_BOUNDS_RE = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")


def write_annotated(source: Path, issues: Sequence[Issue], out: Path, lang: Lang = Lang.ZH,
                    school: Mapping[str, Any] | None = None) -> None:
    """Write ``out``: a copy of ``source`` with every located issue marked on its cell (info
    notices, such as the template version's, are for the bureau: the school gets none).
    ``school`` (name, school_code, year) goes into the heading of the 校验结果 sheet."""
    issues = [issue for issue in issues if issue.severity is not Severity.INFO]
    book, titles = _load_copy(source)
    _mark(book, titles, issues, lang)
    _result_sheet(book, titles, issues, lang)
    _heading(book[RESULT_SHEET], school or {}, issues, lang)
    save_workbook(book, out, ANNOTATED)


def _load_copy(source: Path) -> tuple[Any, dict[str, str] | None]:
    """The copy, and each sheet's title in it (None: the copy holds no sheet of the source)."""
    import openpyxl

    if source.suffix.lower() in (".xlsx", ".xlsm") and _openpyxl_can_copy(source):
        try:
            book = openpyxl.load_workbook(source, rich_text=False)
        except Exception:  # a file calamine reads but openpyxl does not: rebuild from values
            pass
        else:
            _keep_text(book)
            return book, {name: name for name in book.sheetnames}
    return _rebuild(source)


def _keep_text(book: Any) -> None:
    """Mark the school's formula-like text (=HYPERLINK(…) typed as text) as Excel marks text
    typed after an apostrophe, so that editing the cell in the copy cannot make it a formula.
    The school's real formulas are the school's and stay as they are."""
    from vetstat.core.text import is_formula_like

    for sheet in book.worksheets:
        # the stored cells only: iterating rows would create every empty cell of the range
        for cell in getattr(sheet, "_cells", {}).values():
            if cell.data_type == "s" and is_formula_like(cell.value):
                cell.quotePrefix = True


def _openpyxl_can_copy(source: Path) -> bool:
    """Whether openpyxl can load ``source`` in bounded time and memory (see the bounds above).

    The reader inflated only the parts it reads; openpyxl parses more (document properties,
    comments, drawings), so every part is bounded and checked for DTDs first.
    """
    from vetstat.xlsx import Unreadable, check_xlsx

    try:
        check_xlsx(source)
    except Unreadable:
        return False  # rebuilt from the values the reader could read
    try:
        with zipfile.ZipFile(source) as archive:
            sheets = [info for info in archive.infolist()
                      if "/worksheets/" in info.filename.lower() and not info.is_dir()]
            if sum(info.file_size for info in sheets) > MAX_COPY_SHEET_XML:
                return False
            covered = 0
            for info in sheets:  # check_xlsx has inflated them all: sizes are true
                for ref in _RANGE_RE.findall(archive.read(info)):
                    covered += _range_cells(ref)
                    if covered > MAX_COPY_RANGE_CELLS:
                        return False
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False  # not a zip after all (an .xlsx named so): rebuilt from values
    return True


def _range_cells(ref: bytes) -> int:
    """Cells a reference such as "A1:C3" covers (a range openpyxl cannot read counts as many)."""
    found = _BOUNDS_RE.fullmatch(ref.strip())
    if not found:
        return MAX_COPY_RANGE_CELLS + 1
    letters_1, row_1, letters_2, row_2 = found.groups()
    if letters_2 is None:
        return 1
    from openpyxl.utils import column_index_from_string

    try:
        width = abs(int(column_index_from_string(letters_2.decode().upper()))
                    - int(column_index_from_string(letters_1.decode().upper()))) + 1
    except ValueError:  # a column past XFD
        return MAX_COPY_RANGE_CELLS + 1
    return width * (abs(int(row_2) - int(row_1)) + 1)


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
    from openpyxl.comments import Comment

    from vetstat.outputs.xlstyle import ERROR_FILL, WARNING_FILL, clean

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        title = titles.get(issue.sheet) if titles and issue.sheet else None
        if title and issue.cell:
            by_cell.setdefault((title, issue.cell), []).append(issue)
    for (title, ref), found in by_cell.items():
        cell = book[title][ref]
        if type(cell).__name__ == "MergedCell":
            continue
        error = any(i.is_error for i in found)
        cell.fill = ERROR_FILL if error else WARNING_FILL
        # the text quotes the school's values: no character a comment cannot hold
        text = clean("\n".join(f"[{i.code}] {i.text(lang)}" for i in found))
        comment = Comment(text[:30000], "vetstat")
        comment.width = 420
        comment.height = min(600, 90 + 60 * len(found))
        cell.comment = comment


def _result_sheet(book: Any, titles: dict[str, str] | None, issues: Sequence[Issue],
                  lang: Lang) -> None:

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
        title = titles.get(issue.sheet) if titles and issue.sheet else None
        if title and issue.cell:
            link = sheet.cell(r, 5)
            link.hyperlink = f"#'{title}'!{issue.cell}"
    last = len(rows) + 3
    if not rows:
        sheet.cell(3, 1, "未发现问题" if lang is Lang.ZH else "no issues found")
        last = 4
    if titles is None:
        sheet.cell(last, 1, "原工作簿过大，本副本只列出问题，未复制原表。请按上面的工作表和单元格在原文件中修改。"
                   if lang is Lang.ZH else "The workbook is too large to copy: this file lists the "
                   "issues only. Correct the sheets and cells named above in the original file.")
    book.active = 0


RESULT_WIDTHS = (8, 7, 22, 12, 7, 70)  # within an A4 landscape page at full size


def _heading(sheet: Any, school: Mapping[str, Any], issues: Sequence[Issue], lang: Lang) -> None:
    """A heading row above the list (school, 学校标识码, year, errors, warnings, date), the
    list's header repeated on every page, A4 landscape one page wide."""
    from openpyxl.styles import Font

    from vetstat.outputs.printing import set_up_page, today

    errors = sum(1 for issue in issues if issue.is_error)
    warnings = len(issues) - errors
    name, code, year = (school.get(key) or "—" for key in ("name", "school_code", "year"))
    text = (f"校验结果：{name}（学校标识码 {code}，{year} 年度）  错误 {errors} 条，警告 {warnings} 条"
            f"  校验日期 {today()}" if lang is Lang.ZH else
            f"Check result: {name} (school code {code}, {year})  {errors} errors, {warnings} "
            f"warnings  checked {today()}")
    sheet.cell(1, 1, text).font = Font(bold=True, size=12)
    sheet.row_dimensions[1].height = 24
    sheet.freeze_panes = "A3"
    set_up_page(sheet, widths=RESULT_WIDTHS, landscape=True, title_rows=2, lang=lang)
