"""Reading a spreadsheet file into plain grids of cell values.

``.xlsx`` is read with python-calamine (fast, bounded), then the sheet XML of the sheets that
matter is scanned for what calamine does not report: formulas with no cached value, Excel error
cells and cells formatted as percentages.  ``.xls`` (older Excel, WPS) is read with xlrd, which
reports all of those itself.  Anything that cannot be read raises :class:`Unreadable` with a
reason and what to do, in Chinese and English.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from vetstat.xlsx.calamine import _open_xlsx
from vetstat.xlsx.limits import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    OLE_MAGIC,
    ZIP_MAGIC,
    NotXlsx,
    RawSheet,
    RawWorkbook,
    Unreadable,
    column_letter,
)
from vetstat.xlsx.ods import _open_ods, ods_entries
from vetstat.xlsx.package import check_xlsx
from vetstat.xlsx.xls import _open_ole

__all__ = [
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_SHEET_CELLS",
    "NotXlsx",
    "RawSheet",
    "RawWorkbook",
    "Unreadable",
    "check_xlsx",
    "column_letter",
    "open_workbook",
]


def open_workbook(path: Path, wanted: Callable[[str], bool] | None = None) -> RawWorkbook:
    """Open ``path`` for reading sheets on demand; raise :class:`Unreadable` when it cannot be.

    ``wanted(name)`` says which sheets will be loaded (default: all); the others are listed in
    ``sheet_names`` but never read, and loading one is a programming error.
    """
    try:
        if path.is_dir():
            try:
                with os.scandir(path):
                    pass
            except OSError as exc:
                raise Unreadable(
                    f"文件夹无法打开（{exc.strerror}），其中的文件都未读取。请把文件夹的权限改为可读后重新汇总。",
                    f"the folder cannot be opened ({exc.strerror}); none of its files were read."
                    " Make the folder readable and run again.") from exc
            raise Unreadable("这是一个文件夹，不是工作簿文件。", "this is a folder, not a workbook file.")
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # a named pipe would block the open until someone writes into it; a device never ends
            raise Unreadable("这不是普通文件（可能是管道或设备），不是工作簿文件。",
                             "this is not a regular file (a pipe or a device), not a workbook file.")
        size = status.st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as exc:
        raise Unreadable("文件不存在。", "the file does not exist.") from exc
    except PermissionError as exc:
        raise Unreadable("没有读取该文件的权限，请检查文件权限。",
                         "no permission to read the file; check its permissions.") from exc
    except OSError as exc:
        raise Unreadable(f"无法读取文件（{exc.strerror}）。", f"cannot read the file ({exc.strerror}).") from exc
    if size == 0:
        raise Unreadable("文件是空的（0 字节），请重新导出或重新发送。",
                         "the file is empty (0 bytes); export or send it again.")
    if size > MAX_FILE_BYTES:
        raise Unreadable(
            f"文件过大（{size // 1048576} MB），不像是学校填报表，请删除图片等无关内容后再报送。",
            f"the file is too large ({size // 1048576} MB) for a school data sheet; "
            "remove pictures and other content and send it again.",
        )
    if head.startswith(ZIP_MAGIC):
        entries = ods_entries(path)
        return _open_xlsx(path, wanted) if entries is None else _open_ods(path, entries)
    if head == OLE_MAGIC:
        return _open_ole(path)
    raise _not_a_workbook(path)


def _not_a_workbook(path: Path) -> Unreadable:
    with path.open("rb") as handle:
        start = handle.read(2048).lstrip().lower()
    if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")) or b"<table" in start:
        return Unreadable(
            "这是网页（HTML）文件，只是扩展名为 Excel。请用 Excel 或 WPS 打开，另存为“Excel 工作簿（.xlsx）”后再报送。",
            "this is a web page (HTML) with an Excel extension. Open it in Excel or WPS and "
            "save it as an Excel workbook (.xlsx).",
        )
    if path.suffix.lower() in (".csv", ".tsv") or _looks_like_csv(start):
        return Unreadable(
            "这是 CSV 文本文件，不是工作簿（没有模板的各个工作表）。请用模板重新填写，另存为 .xlsx 后再报送。",
            "this is a CSV text file, not a workbook (it cannot hold the template's sheets). Fill"
            " in the template and save it as .xlsx.",
        )
    return Unreadable(
        "不是 Excel 工作簿（文件已损坏，或是其他类型的文件）。请用模板重新填写，另存为 .xlsx 后再报送。",
        "not an Excel workbook (the file is damaged or of another type). Fill in the template "
        "and save it as .xlsx.",
    )


def _looks_like_csv(start: bytes) -> bool:
    """Text with separators on its first lines (UTF-8 or GBK, as Excel and WPS export it)."""
    head = start.rsplit(b"\n", 1)[0] if b"\n" in start else start  # no line cut in two
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        lines = [line for line in text.splitlines()[:5] if line.strip()]
        return bool(lines) and all("," in line or "\t" in line for line in lines)
    return False
