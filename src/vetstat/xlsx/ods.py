"""Reading an OpenDocument spreadsheet (``.ods``, LibreOffice's own format) with calamine.

The zip is bounded as an .xlsx is (no part past its size, no bomb); calamine reads the cached
value of a formula cell, which LibreOffice always stores.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import vetstat.xlsx.limits as limits  # MAX_ROWS looked up when a sheet is read: tests lower it
from vetstat.xlsx.calamine import _calamine_merges
from vetstat.xlsx.limits import (
    MAX_COLUMNS,
    MAX_PART_BYTES,
    RawSheet,
    RawWorkbook,
    Unreadable,
    _short,
)
from vetstat.xlsx.package import _bomb, _check_sizes

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_entries(path: Path) -> list[zipfile.ZipInfo] | None:
    """The parts of ``path`` when it is an OpenDocument spreadsheet (its ``mimetype`` part says
    so), else None: an .xlsx or anything else is for the other readers to judge."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names or "mimetype" not in names:
                return None
            with archive.open("mimetype") as stream:
                if stream.read(len(ODS_MIMETYPE) + 8).strip() != ODS_MIMETYPE:
                    return None
            return archive.infolist()
    except (OSError, KeyError, RuntimeError, ValueError, EOFError, NotImplementedError,
            zipfile.BadZipFile):
        return None


def _open_ods(path: Path, entries: list[zipfile.ZipInfo]) -> RawWorkbook:
    _check_sizes(entries)
    for info in entries:
        if info.filename in ("content.xml", "styles.xml") and info.file_size > MAX_PART_BYTES:
            raise _bomb(info.filename)
    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet_names = list(book.sheet_names)
        hidden = {sheet.name for sheet in book.sheets_metadata
                  if str(sheet.visible).rsplit(".", 1)[-1].lower() != "visible"}
    except BaseException as exc:
        if not (isinstance(exc, Exception) or type(exc).__name__ == "PanicException"):
            raise
        raise Unreadable(
            f"OpenDocument 表格（.ods）已损坏，无法读取（{_short(exc)}）。请用 LibreOffice 或 WPS 打开后"
            "另存为 .xlsx 再报送。",
            f"the OpenDocument spreadsheet (.ods) is damaged and cannot be read ({_short(exc)})."
            " Open it in LibreOffice or WPS, save it as .xlsx and send it again.",
        ) from exc

    def load(name: str) -> RawSheet:
        try:
            sheet = book.get_sheet_by_name(name)
            truncated = sheet.height > limits.MAX_ROWS
            rows: list[list[Any]] = []
            for index, row in enumerate(sheet.iter_rows()):
                if index >= limits.MAX_ROWS:
                    break
                rows.append(list(row[:MAX_COLUMNS]))
        except BaseException as exc:
            if not (isinstance(exc, Exception) or type(exc).__name__ == "PanicException"):
                raise
            raise Unreadable(f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。",
                             f"sheet '{name}' is damaged and cannot be read ({_short(exc)}).") from exc
        return RawSheet(name, rows, truncated=truncated, merged=_calamine_merges(sheet))

    return RawWorkbook(path, sheet_names, load, hidden, kind="ods")
