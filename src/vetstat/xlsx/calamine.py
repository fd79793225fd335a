"""Reading an .xlsx with python-calamine: the parts checked and measured, the sheets that
matter scanned, then read on demand by calamine from a stored copy of those parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import vetstat.xlsx.limits as limits  # MAX_ROWS looked up when a sheet is read: tests lower it
from vetstat.xlsx.extent import _check_shown
from vetstat.xlsx.limits import MAX_COLUMNS, RawSheet, RawWorkbook, Unreadable, _short
from vetstat.xlsx.package import _PACKAGE_PARTS, _check_sizes, _fold, _Parts, _sheet_parts
from vetstat.xlsx.scan import _percent_styles, _scan_sheet_xml


def _calamine_error(exc: BaseException) -> bool:
    """An error calamine raised: its own and plain ones, and a Rust panic, which pyo3 raises as
    a ``PanicException`` deriving from BaseException (not importable, so told by its name)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _open_xlsx(path: Path, wanted: Callable[[str], bool] | None) -> RawWorkbook:
    try:
        archive = zipfile.ZipFile(path)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(
            "文件已损坏，无法作为 .xlsx 打开（可能没有传完整）。请学校重新发送原文件。",
            "the file is damaged and cannot be opened as .xlsx (perhaps incompletely sent). "
            "Ask the school to send it again.",
        ) from exc
    with archive:
        names = {info.filename for info in entries}
        if "EncryptedPackage" not in names and "xl/workbook.xml" not in names:
            if "xl/workbook.bin" in names:
                raise Unreadable(
                    "这是 Excel 二进制工作簿（.xlsb），vetstat 不读取这种格式。请用 Excel 打开，另存为"
                    "“Excel 工作簿（.xlsx）”后再报送。",
                    "this is an Excel binary workbook (.xlsb), which vetstat does not read. Open"
                    " it in Excel, save it as an Excel workbook (.xlsx) and send it again.")
            if any(name.startswith("Index/") for name in names):
                raise Unreadable(
                    "这是 Apple Numbers 表格，vetstat 不读取这种格式。请在 Numbers 中导出为 Excel（.xlsx）后再报送。",
                    "this is an Apple Numbers spreadsheet, which vetstat does not read. Export it"
                    " to Excel (.xlsx) in Numbers and send it again.")
            if "[Content_Types].xml" not in names:
                raise Unreadable(
                    "这是压缩包，不是工作簿。请解压，把其中的学校工作簿（.xlsx）放入文件夹后重新汇总。",
                    "this is a zip archive, not a workbook. Unpack it, put the school workbooks"
                    " (.xlsx) it holds into the folder and run again.")
        if "EncryptedPackage" in names or "xl/workbook.xml" not in names:
            raise Unreadable(
                "压缩包中没有 Excel 工作簿（xl/workbook.xml），不是 .xlsx 文件。请另存为 Excel 工作簿后再报送。",
                "the archive holds no Excel workbook (xl/workbook.xml); it is not an .xlsx file. "
                "Save it as an Excel workbook and send it again.",
            )
        _check_sizes(entries)
        parts = _Parts(archive, entries)
        for name in _PACKAGE_PARTS:
            parts.take(name)
        percent_styles = _percent_styles(parts.get("xl/styles.xml"))
        # what the sheet XML says beyond the values, once per part (names may share a part)
        scans: dict[str, RawSheet] = {}  # sheet name -> the scan of its part
        scanned: dict[str, RawSheet] = {}  # part (folded name) -> its scan
        # sheet name -> its XML and the values calamine must show of it (see _check_shown)
        to_check: dict[str, tuple[bytes, int]] = {}
        for name, target in _sheet_parts(parts.get("xl/workbook.xml"),
                                         parts.get("xl/_rels/workbook.xml.rels")).items():
            if wanted is not None and not wanted(name):
                continue  # never inflated, never handed to calamine
            xml = parts.take(target, (f"工作表“{name}”", f"the sheet '{name}'"))
            if xml:
                part = _fold(target)
                if (values := parts.values.get(part)) is not None:
                    to_check[name] = (xml, values)
                scan = scanned.get(part)
                if scan is None:
                    scan = scanned[part] = RawSheet(name, [])
                    _scan_sheet_xml(xml, scan, percent_styles)
                scans[name] = scan
        copy = parts.stored_copy()
    del parts

    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(copy))
        del copy
        sheet_names = list(book.sheet_names)
        hidden = {sheet.name for sheet in book.sheets_metadata
                  if str(sheet.visible).rsplit(".", 1)[-1].lower() != "visible"}
    except BaseException as exc:
        if not _calamine_error(exc):
            raise
        raise Unreadable(
            f"文件已损坏，无法读取工作簿结构（{_short(exc)}）。请用 Excel 打开后另存为 .xlsx 再报送。",
            f"the file is damaged; its workbook structure cannot be read ({_short(exc)}). "
            "Open it in Excel, save it as .xlsx and send it again.",
        ) from exc

    def load(name: str) -> RawSheet:
        if wanted is not None and not wanted(name):
            raise ValueError(f"sheet {name!r} was not opened for reading")
        try:
            sheet = book.get_sheet_by_name(name)
            # Columns past MAX_COLUMNS are dropped silently (no contract sheet is that wide);
            # rows past MAX_ROWS may hold records, so that is reported (F015).
            truncated = sheet.height > limits.MAX_ROWS
            if truncated or sheet.width > MAX_COLUMNS:
                rows = _bounded_rows(sheet.iter_rows())
            else:
                rows = sheet.to_python(skip_empty_area=False)
        except BaseException as exc:
            if not _calamine_error(exc):
                raise
            raise Unreadable(
                f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。",
                f"sheet '{name}' is damaged and cannot be read ({_short(exc)}).",
            ) from exc
        if name in to_check:
            xml, values = to_check.pop(name)
            _check_shown(rows, values, xml, (f"工作表“{name}”", f"the sheet '{name}'"))
        scan = scans.get(name) or RawSheet(name, [])
        # the reader may add to the sets (cells filled from a merged range): copies of them
        return RawSheet(name, [r[:MAX_COLUMNS] if len(r) > MAX_COLUMNS else r for r in rows],
                        set(scan.percent_cells), set(scan.uncached_formulas),
                        dict(scan.error_cells), truncated, _calamine_merges(sheet))

    return RawWorkbook(path, sheet_names, load, hidden)


def _calamine_merges(sheet: Any) -> list[tuple[int, int, int, int]]:
    try:
        ranges = sheet.merged_cell_ranges or []
        return [(int(r0), int(c0), int(r1), int(c1)) for (r0, c0), (r1, c1) in ranges]
    except Exception:  # older calamine or a format without merges: the values still read
        return []


def _bounded_rows(rows: Iterable[list[Any]]) -> list[list[Any]]:
    kept = []
    limit = limits.MAX_ROWS
    for index, row in enumerate(rows):
        if index >= limit:
            break
        kept.append(list(row[:MAX_COLUMNS]))
    return kept
