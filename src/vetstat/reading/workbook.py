"""From a school's workbook file to typed data, cell locations and reading issues (F rules).

The reader is tolerant where people are sloppy (inserted rows, merged titles, a deleted 字段
column, numbers typed as text, full-width characters) and strict where the bureau needs exact
figures (approximate numbers, formulas nobody calculated, values outside their list).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from vetstat.core.contract import INSTRUCTIONS_SHEET, SHEETS, SchoolData, SheetSpec
from vetstat.core.issues import Issue
from vetstat.reading.batch import SUFFIXES_OF_KIND
from vetstat.reading.forms import _FormReader
from vetstat.reading.result import Workbook
from vetstat.reading.tables import _TableReader
from vetstat.reading.values import normalize
from vetstat.xlsx import RawWorkbook, Unreadable, open_workbook

MAX_ISSUES_PER_FILE = 1000

# Sheets that are no data and no mistake: the template's instructions, and the list of issues
# an annotated copy carries (vetstat.outputs.annotate.RESULT_SHEET) when a school sends it back fixed.
RESULT_SHEET = "校验结果"
_SILENT_SHEETS = frozenset({normalize(INSTRUCTIONS_SHEET), normalize(RESULT_SHEET)})


def read_workbook(path: Path, file: str | None = None) -> Workbook:
    """Read a school workbook; never raises for bad content (it becomes F issues)."""
    book = Workbook(path=path, file=file or path.name)
    try:
        raw = open_workbook(path, wanted=_is_contract_sheet)
        _read_sheets(raw, book)
        book.kind = raw.kind
        expected = SUFFIXES_OF_KIND[raw.kind]
        if path.suffix.lower() not in expected:
            book.issues.append(Issue("F020", book.file, value=path.suffix or "（无）",
                                     expected=expected[0],
                                     params={"suffix": path.suffix or "（无）", "kind": raw.kind,
                                             "expected": expected[0]}))
    except Unreadable as exc:
        # a part may turn out damaged only when its sheet is read: then nothing read so far counts
        book = Workbook(path=path, file=book.file, readable=False)
        book.issues.append(unreadable_issue(book.file, exc.zh, exc.en))
    return book


def unreadable_issue(file: str, reason: str, reason_en: str) -> Issue:
    """F001: the file cannot be read as a workbook, and why."""
    return Issue("F001", file, params={"reason": reason, "reason_en": reason_en},
                 value=None, expected=None)


def _is_contract_sheet(name: str) -> bool:
    return _sheet_key(name)[0] is not None


@lru_cache(maxsize=1024)  # the same few sheet names in every workbook of a batch
def _sheet_key(name: str) -> tuple[SheetSpec | None, bool]:
    """The contract sheet a sheet name stands for, and whether the name is exactly its title."""
    wanted = normalize(name)
    for sheet in SHEETS:
        if normalize(sheet.title) == wanted:
            return sheet, True
    for sheet in SHEETS:  # "1.学校信息", "表2 专业与学生"
        title = normalize(sheet.title)
        if title in wanted and len(wanted) <= len(title) + 6:
            return sheet, False
    return None, False


def _read_sheets(raw: RawWorkbook, book: Workbook) -> None:
    book.sheet_titles = list(raw.sheet_names)
    found: dict[str, str] = {}
    look_alikes: list[tuple[str, SheetSpec]] = []
    for name in raw.sheet_names:
        spec, exact = _sheet_key(name)
        if spec is None:
            # a hidden sheet is no place for a school's data: a template's lists of choices
            if normalize(name) not in _SILENT_SHEETS and name not in raw.hidden:
                book.issues.append(Issue("F010", book.file, sheet=name, params={"sheet_title": name}))
        elif not exact:
            look_alikes.append((name, spec))
        elif spec.key in found:
            book.issues.append(Issue("F011", book.file, sheet=name, field=spec.key,
                                     params={"label": spec.title, "other": found[spec.key]}))
        else:
            found[spec.key] = name
    # "1.学校信息" stands for 学校信息 unless the workbook also has 学校信息 itself: then it is a
    # copy ("学校信息 (2)", as Excel names a copied sheet) and ignored like any other sheet.
    exact_keys = set(found)
    for look_alike, spec in look_alikes:
        if spec.key in exact_keys:
            book.issues.append(Issue("F010", book.file, sheet=look_alike,
                                     params={"sheet_title": look_alike}))
        elif spec.key in found:
            book.issues.append(Issue("F011", book.file, sheet=look_alike, field=spec.key,
                                     params={"label": spec.title, "other": found[spec.key]}))
        else:
            found[spec.key] = look_alike
    values: dict[str, Any] = {}
    for spec in SHEETS:
        sheet_name = found.get(spec.key)
        if sheet_name is None:
            if spec.required:
                book.issues.append(Issue("F002", book.file, sheet=spec.title, field=spec.key,
                                         params={"sheet_title": spec.title}))
            continue
        book.sheet_names[spec.key] = sheet_name
        sheet = raw.sheet(sheet_name)
        if sheet.truncated:
            from vetstat.xlsx.limits import MAX_ROWS

            book.issues.append(Issue("F015", book.file, sheet=sheet_name,
                                     params={"limit": MAX_ROWS}))
        reader = _TableReader(book, spec, sheet) if spec.table else _FormReader(book, spec, sheet)
        values[spec.key] = reader.read()
    book.data = SchoolData.model_construct(**values)
    if len(book.issues) > MAX_ISSUES_PER_FILE:
        omitted = len(book.issues) - MAX_ISSUES_PER_FILE
        del book.issues[MAX_ISSUES_PER_FILE:]
        book.issues.append(Issue("F016", book.file, params={"limit": MAX_ISSUES_PER_FILE,
                                                             "omitted": omitted}))


def is_template_sheet(name: str) -> bool:
    """Whether a sheet of this name is one of the template's (as the reader would take it)."""
    return _sheet_key(name)[0] is not None
