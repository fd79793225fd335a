"""A city's year as data: a folder of school workbooks read, or the city workbook written from
one read back (its hidden ``_data`` sheet).

The visible sheets of a city workbook are for people and may be edited or re-sorted; the hidden
one carries the school summaries, so that the year diff can take last year's workbook instead
of last year's folder.  ``_data`` holds, in column A, a JSON document cut into pieces below
Excel's cell limit; row 1 carries a marker, the format version, the number of pieces and the
SHA-256 of the document, so that a damaged or hand-edited data sheet is refused rather than
misread.  :mod:`vetstat.outputs.citybook` writes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vetstat.core.config import Config
from vetstat.core.issues import RULES, Issue, plain
from vetstat.figures.summary import summary_from_dict, summary_to_dict
from vetstat.reading.batch import CITY_DATA_SHEET, Skipped
from vetstat.usecases.aggregate import CityResult, aggregate_folder
from vetstat.usecases.provincedata import ProvinceResult, province_of_document

DATA_SHEET = CITY_DATA_SHEET
MARKER = "vetstat city workbook"
FORMAT_VERSION = 1
CHUNK = 30000  # characters per cell of _data, below CELL_LIMIT


class CityWorkbookError(Exception):
    """The file is not a city workbook written by ``vetstat aggregate``, or it is damaged.

    The message (Chinese / English) names the file and says what to do; the CLI prints it and
    exits with 2.
    """


def city_document(result: CityResult) -> dict[str, Any]:
    """What the ``_data`` sheet carries: enough to rebuild the :class:`CityResult` (a
    province's adds its level and cities, :mod:`vetstat.usecases.provincedata`)."""
    document: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "year": result.year,
        "city": result.given_city,  # as given by the bureau (None: from the codes)
        "unit": result.given_unit,
        "schools": [summary_to_dict(school) for school in result.schools],
        "issues": [_issue_to_dict(issue) for issue in result.issues],
        "skipped": [[str(s.path), s.reason_zh, s.reason_en] for s in result.skipped],
    }
    if isinstance(result, ProvinceResult):
        document.update(result.data_document())
    return document


def _issue_to_dict(issue: Issue) -> dict[str, Any]:
    return {"code": issue.code, "file": issue.file, "sheet": issue.sheet, "cell": issue.cell,
            "field": issue.field, "value": plain(issue.value), "expected": issue.expected,
            "params": {key: plain(value) for key, value in issue.params.items()},
            "explained": issue.explained, "note": issue.note}


def data_sheet_rows(result: CityResult) -> list[tuple[Any, ...]]:
    """The rows of ``_data`` for ``result``: the header, then the pieces of the document."""
    # ASCII-only JSON: no character an .xlsx cell cannot hold, whatever the schools typed
    text = json.dumps(city_document(result), ensure_ascii=True, sort_keys=True,
                      separators=(",", ":"), allow_nan=False)
    pieces = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    header = (MARKER, FORMAT_VERSION, len(pieces), hashlib.sha256(text.encode()).hexdigest())
    return [header, *((piece,) for piece in pieces)]


def read_city_workbook(path: Path) -> CityResult:
    """The :class:`CityResult` a city workbook was written from (its ``city()`` is identical).

    Raises :class:`CityWorkbookError` for anything else: a school workbook, a damaged file, a
    workbook from a newer vetstat.
    """
    import python_calamine

    def refuse(zh: str, en: str) -> CityWorkbookError:
        return CityWorkbookError(
            f"{path}：{zh}。请指定 vetstat aggregate -o 写出的汇总工作簿，或学校工作簿所在的文件夹 / "
            f"{path}: {en}. Give a workbook written by `vetstat aggregate -o`, or the folder of "
            "the school workbooks.")

    from vetstat.xlsx import NotXlsx, Unreadable, check_xlsx, open_workbook

    no_data = ("不是 vetstat 汇总工作簿（没有数据页 _data）",
               "not a vetstat city workbook (it has no _data sheet)")
    rows: list[list[Any]]
    # the same bounds as for a school's file: calamine aborts the process on a hostile one
    try:
        check_xlsx(path)
    except NotXlsx:  # the city workbook re-saved in another format (.xls, .ods), or none
        try:
            other = open_workbook(path, wanted=lambda name: name == DATA_SHEET)
            if DATA_SHEET not in other.sheet_names:
                raise refuse(*no_data) from None
            rows = other.sheet(DATA_SHEET).rows
        except Unreadable as exc:
            raise refuse(f"无法作为工作簿打开：{exc.zh.rstrip('。')}",
                         f"it cannot be opened as a workbook: {exc.en.rstrip('.')}") from exc
        return _result_of_rows(rows, refuse)
    except Unreadable as exc:
        raise refuse(f"无法安全打开：{exc.zh.rstrip('。')}",
                     f"it cannot be opened safely: {exc.en.rstrip('.')}") from exc
    # calamine reads the one sheet needed; openpyxl would scan every sheet of a large workbook
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
            if DATA_SHEET not in book.sheet_names:
                raise refuse(*no_data)
            rows = book.get_sheet_by_name(DATA_SHEET).to_python()
    except CityWorkbookError:
        raise
    except (python_calamine.CalamineError, OSError, ValueError, TypeError) as exc:
        raise refuse("无法作为 Excel 工作簿打开", "cannot be opened as an Excel workbook") from exc
    return _result_of_rows(rows, refuse)


def _result_of_rows(rows: list[list[Any]],
                    refuse: Callable[[str, str], CityWorkbookError]) -> CityResult:
    """The :class:`CityResult` the rows of a ``_data`` sheet carry, checked against their
    header (marker, version, pieces, SHA-256)."""
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
    return province_of_document(CityResult(
        year=document["year"],
        schools=[summary_from_dict(school) for school in document["schools"]],
        issues=issues,
        skipped=[Skipped(Path(path), zh, en) for path, zh, en in document["skipped"]],
        given_city=document.get("city"), given_unit=document.get("unit"),
    ), document)


def load_year(path: Path, config: Config | None = None, *, jobs: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> CityResult:
    """A year of the city: a folder of school workbooks, or a city workbook written earlier."""
    if path.is_dir():
        return aggregate_folder(path, config, jobs=jobs, progress=progress)
    if path.is_file():
        return read_city_workbook(path)
    raise CityWorkbookError(f"没有这个文件夹或文件：{path} / no such folder or file: {path}")
