"""Reading a legacy .xls (older Excel, WPS) with xlrd, which reports formulas, error cells
and number formats itself."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import vetstat.xlsx.limits as limits  # MAX_ROWS looked up when a sheet is read: tests lower it
from vetstat.xlsx.extent import _too_large
from vetstat.xlsx.limits import (
    MAX_COLUMNS,
    MAX_SHEET_CELLS,
    MAX_XLS_BYTES,
    RawSheet,
    RawWorkbook,
    Unreadable,
    _encrypted,
    _short,
)


def _open_ole(path: Path) -> RawWorkbook:
    if path.stat().st_size > MAX_XLS_BYTES:
        raise Unreadable(
            f"旧版 .xls 文件过大（{path.stat().st_size // 1048576} MB），不像是学校填报表。请用 Excel 或 WPS "
            "打开，删除图片等无关内容，另存为 .xlsx 后再报送。",
            f"the legacy .xls file is too large ({path.stat().st_size // 1048576} MB) for a "
            "school data sheet. Open it in Excel or WPS, remove pictures and other content, save "
            "it as .xlsx and send it again.",
        )
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise _encrypted()
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except xlrd.biffh.XLRDError as exc:
            if "encrypt" not in str(exc).lower():
                raise
            # workbook-structure protection without a password: Excel and LibreOffice encrypt
            # the file with Excel's default password, and open it again without asking
            book = xlrd.open_workbook(file_contents=_with_default_password(data) or data,
                                      formatting_info=True, on_demand=True)
    except Exception as exc:
        text = str(exc)
        if "encrypt" in text.lower() or "password" in text.lower():
            raise Unreadable(
                "工作簿设置了密码（已加密），无法读取。请学校取消密码后重新发送。",
                "the workbook is password-protected and cannot be read. Ask the school to "
                "remove the password and send it again.",
            ) from exc
        raise Unreadable(
            f"旧版 .xls 文件已损坏或格式不受支持（{_short(exc)}）。请用 Excel 或 WPS 打开，另存为 .xlsx 后再报送。",
            f"the legacy .xls file is damaged or of an unsupported kind ({_short(exc)}). Open it "
            "in Excel or WPS, save it as .xlsx and send it again.",
        ) from exc
    names = list(book.sheet_names())
    visibility = list(getattr(book, "_sheet_visibility", []))
    hidden = {name for name, state in zip(names, visibility, strict=False) if state}

    def load(name: str) -> RawSheet:
        try:
            return _xls_sheet(book, name)
        except Unreadable:
            raise
        except Exception as exc:  # xlrd reads sheets on demand: damage may show only now
            raise Unreadable(
                f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。",
                f"sheet '{name}' is damaged and cannot be read ({_short(exc)}).",
            ) from exc

    return RawWorkbook(path, names, load, hidden, kind="xls")


DEFAULT_PASSWORD = "VelvetSweatshop"  # Excel's, for a workbook protected with no password


def _with_default_password(data: bytes) -> bytes | None:
    """The .xls decrypted with Excel's default password, or None when a real password was set
    (or the file is no encrypted .xls msoffcrypto-tool knows)."""
    import io

    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=DEFAULT_PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
    except (InvalidKeyError, DecryptionError, FileFormatError, ValueError, OSError, KeyError,
            AssertionError, IndexError, NotImplementedError):
        return None
    return plain.getvalue()


# xlrd's cell types (xlrd.XL_CELL_*): empty, text, number, date, boolean, error, blank
_XLS_EMPTY, _XLS_TEXT, _XLS_NUMBER, _XLS_DATE, _XLS_BOOLEAN, _XLS_ERROR, _XLS_BLANK = range(7)
_XLS_NOTHING = bytes([_XLS_EMPTY, _XLS_BLANK])


def _xls_sheet(book: Any, name: str) -> RawSheet:
    import xlrd

    sheet = book.sheet_by_name(name)
    raw = RawSheet(name, [])
    nrows = min(sheet.nrows, limits.MAX_ROWS)
    ncols = min(sheet.ncols, MAX_COLUMNS)
    raw.truncated = sheet.nrows > limits.MAX_ROWS
    # xlrd gives (row_lo, row_hi, col_lo, col_hi) with exclusive upper bounds
    raw.merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sheet, "merged_cells", [])]
    # xlrd pads every row to the widest one (a formatted cell far right makes thousands of
    # blanks): each row is cut after its last filled cell, with bytes.rstrip, not a loop
    types = [bytes(sheet.row_types(r, 0, ncols)).rstrip(_XLS_NOTHING) for r in range(nrows)]
    filled = sum(map(len, types))
    if filled > MAX_SHEET_CELLS:
        raise _too_large((f"工作表“{name}”", f"the sheet '{name}'"), None)
    percent = _xls_percent_formats(book)
    # values xlrd gives as they are (empty and blank cells are "") need no look, cell by cell
    as_given = bytes([_XLS_EMPTY, _XLS_BLANK, _XLS_TEXT] + ([] if percent else [_XLS_NUMBER]))
    for r, row_types in enumerate(types):
        row: list[Any] = sheet.row_values(r, 0, len(row_types)) if row_types else []
        if row_types.translate(None, as_given):
            for c, ctype in enumerate(row_types):
                if ctype == _XLS_ERROR:
                    raw.error_cells[(r, c)] = xlrd.error_text_from_code.get(row[c], "#ERROR")
                    row[c] = ""
                elif ctype == _XLS_BOOLEAN:
                    row[c] = bool(row[c])
                elif ctype == _XLS_DATE:
                    # a serial outside the calendar stays the number it is
                    with contextlib.suppress(Exception):
                        row[c] = xlrd.xldate.xldate_as_datetime(row[c], book.datemode)
                elif ctype == _XLS_NUMBER and sheet.cell_xf_index(r, c) in percent:
                    raw.percent_cells.add((r, c))
        raw.rows.append(row)
    return raw


def _xls_percent_formats(book: Any) -> set[int]:
    """Indexes of the cell formats (XF records) that display a percentage."""
    return {index for index in range(len(getattr(book, "xf_list", [])))
            if _xls_is_percent(book, index)}


def _xls_is_percent(book: Any, xf_index: int) -> bool:
    try:
        fmt = book.format_map[book.xf_list[xf_index].format_key].format_str
    except (IndexError, KeyError, AttributeError):
        return False
    return "%" in re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
