"""Reading a spreadsheet file into plain grids of cell values.

``.xlsx`` is read with python-calamine (fast, bounded), then the sheet XML of the sheets that
matter is scanned for what calamine does not report: formulas with no cached value, Excel error
cells and cells formatted as percentages.  ``.xls`` (older Excel, WPS) is read with xlrd, which
reports all of those itself.  Anything that cannot be read raises :class:`Unreadable` with a
reason and what to do, in Chinese and English.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bounds that keep a hostile file from exhausting the machine.  A real school workbook is a
# few hundred KB; the largest with embedded photos are tens of MB.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 256 * 1024 * 1024  # one inflated XML part
MAX_TOTAL_INFLATED = 1024 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 16 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class Unreadable(Exception):
    """The file cannot be read as a workbook (F001)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass
class RawSheet:
    """One sheet as values: ``rows[r][c]`` is the cell at row ``r + 1``, column ``c + 1``."""

    name: str
    rows: list[list[Any]]
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    truncated: bool = False  # rows past MAX_ROWS were not read
    # merged ranges as (first row, first column, last row, last column), 0-based, inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    path: Path
    sheet_names: list[str]
    loader: Callable[[str], RawSheet]
    hidden: set[str] = field(default_factory=set)  # sheets Excel does not show

    def sheet(self, name: str) -> RawSheet:
        return self.loader(name)


def open_workbook(path: Path) -> RawWorkbook:
    """Open ``path`` for reading sheets on demand; raise :class:`Unreadable` when it cannot be."""
    try:
        if path.is_dir():
            raise Unreadable("这是一个文件夹，不是工作簿文件。", "this is a folder, not a workbook file.")
        size = path.stat().st_size
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
        return _open_xlsx(path)
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
    return Unreadable(
        "不是 Excel 工作簿（文件已损坏，或是其他类型的文件）。请用模板重新填写，另存为 .xlsx 后再报送。",
        "not an Excel workbook (the file is damaged or of another type). Fill in the template "
        "and save it as .xlsx.",
    )


# --- xlsx ------------------------------------------------------------------------------------


_PERCENT_BUILTIN = {9, 10}
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTR_RE = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")
_NUMFMT_RE = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS_RE = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF_RE = re.compile(rb"<(?:\w+:)?xf\b([^>]*?)/?>")
_CELL_REF_RE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_STYLE_RE = re.compile(rb'\bs="([0-9]+)"')
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>[^<]")
# cells and formulas with or without a namespace prefix (<c>, <x:c>): writers differ
_CELL_START_RE = re.compile(rb"<(?:\w+:)?c(?=[\s>])")
_CELL_END_RE = re.compile(rb"</(?:\w+:)?c>")
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DTD_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def _open_xlsx(path: Path) -> RawWorkbook:
    try:
        archive = zipfile.ZipFile(path)
        infos = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(
            "文件已损坏，无法作为 .xlsx 打开（可能没有传完整）。请学校重新发送原文件。",
            "the file is damaged and cannot be opened as .xlsx (perhaps incompletely sent). "
            "Ask the school to send it again.",
        ) from exc
    if "EncryptedPackage" in infos or "xl/workbook.xml" not in infos:
        archive.close()
        raise Unreadable(
            "压缩包中没有 Excel 工作簿（xl/workbook.xml），不是 .xlsx 文件。请另存为 Excel 工作簿后再报送。",
            "the archive holds no Excel workbook (xl/workbook.xml); it is not an .xlsx file. "
            "Save it as an Excel workbook and send it again.",
        )
    total = 0
    for info in infos.values():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            archive.close()
            raise _bomb(info.filename)
    if total > MAX_TOTAL_INFLATED:
        archive.close()
        raise _bomb("*")

    def read(info: zipfile.ZipInfo, limit: int) -> bytes:
        try:
            with archive.open(info) as stream:
                return stream.read(limit)
        except RuntimeError as exc:  # zipfile: "... is encrypted, password required"
            raise _encrypted() from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as exc:  # bad CRC, cut short, unknown compression
            raise Unreadable(
                f"文件已损坏，其中的部件 {info.filename} 无法解压（{_short(exc)}）。请学校重新发送原文件。",
                f"the file is damaged: its part {info.filename} cannot be unpacked "
                f"({_short(exc)}). Ask the school to send it again.",
            ) from exc

    def part(name: str) -> bytes:
        info = infos.get(name)
        if info is None:
            return b""
        data = read(info, MAX_PART_BYTES + 1)  # the header may lie about the size
        if len(data) > MAX_PART_BYTES:
            raise _bomb(name)
        _refuse_dtd(data)
        return data

    # Refuse entity tricks in any XML part before a parser sees one (Excel never writes a DTD).
    for name, info in infos.items():
        if name.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_dtd(read(info, 4096))
    # The parts calamine reads besides the sheets are read whole here once, which checks their
    # CRC: a changed byte (a 学校标识码 altered in transit) makes the file unreadable, not wrong.
    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                 "xl/styles.xml"):
        part(name)

    sheet_parts = _sheet_parts(part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"))
    percent_styles = _percent_styles(part("xl/styles.xml"))

    try:
        import python_calamine

        # by content, not by name: an .xlsx saved as "school.xls" is still an .xlsx
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
        names = list(book.sheet_names)
        hidden = {sheet.name for sheet in book.sheets_metadata
                  if str(sheet.visible).rsplit(".", 1)[-1].lower() != "visible"}
    except Exception as exc:  # calamine raises its own error types and plain ones
        archive.close()
        raise Unreadable(
            f"文件已损坏，无法读取工作簿结构（{_short(exc)}）。请用 Excel 打开后另存为 .xlsx 再报送。",
            f"the file is damaged; its workbook structure cannot be read ({_short(exc)}). "
            "Open it in Excel, save it as .xlsx and send it again.",
        ) from exc

    def load(name: str) -> RawSheet:
        target = sheet_parts.get(name)
        xml = part(target) if target else b""  # checked for entity tricks before calamine parses it
        try:
            sheet = book.get_sheet_by_name(name)
            # Columns past MAX_COLUMNS are dropped silently (no contract sheet is that wide);
            # rows past MAX_ROWS may hold records, so that is reported (F015).
            truncated = sheet.height > MAX_ROWS
            if truncated or sheet.width > MAX_COLUMNS:
                rows = _bounded_rows(sheet.iter_rows())
            else:
                rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            raise Unreadable(
                f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。",
                f"sheet '{name}' is damaged and cannot be read ({_short(exc)}).",
            ) from exc
        raw = RawSheet(name, [list(r[:MAX_COLUMNS]) for r in rows], truncated=truncated,
                       merged=_calamine_merges(sheet))
        if xml:
            _scan_sheet_xml(xml, raw, percent_styles)
        return raw

    return RawWorkbook(path, names, load, hidden)


def _calamine_merges(sheet: Any) -> list[tuple[int, int, int, int]]:
    try:
        ranges = sheet.merged_cell_ranges or []
        return [(int(r0), int(c0), int(r1), int(c1)) for (r0, c0), (r1, c1) in ranges]
    except Exception:  # older calamine or a format without merges: the values still read
        return []


def _refuse_dtd(head: bytes) -> None:
    if _DTD_RE.search(head[:4096]):
        raise Unreadable(
            "工作簿内含 DTD/实体声明（Excel 从不写这种内容），可能是恶意文件，已拒绝读取。",
            "the workbook carries a DTD or entity declarations, which Excel never writes; "
            "it may be hostile and was not read.",
        )


def _encrypted() -> Unreadable:
    return Unreadable(
        "工作簿设置了打开密码（已加密），无法读取。请学校取消密码（文件 › 信息 › 保护工作簿 › "
        "用密码进行加密，清空密码）后重新发送。",
        "the workbook is password-protected (encrypted) and cannot be read. Ask the school "
        "to remove the password (File › Info › Protect Workbook › Encrypt with Password, "
        "clear it) and send it again.",
    )


def _bomb(member: str) -> Unreadable:
    return Unreadable(
        f"文件解压后过大（部件 {member}），可能是“压缩炸弹”或已损坏，已拒绝读取。",
        f"the file inflates to an implausible size (part {member}); it may be a zip bomb or "
        "damaged, and was not read.",
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _bounded_rows(rows: Iterable[list[Any]]) -> list[list[Any]]:
    kept = []
    for index, row in enumerate(rows):
        if index >= MAX_ROWS:
            break
        kept.append(list(row[:MAX_COLUMNS]))
    return kept


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        key.decode().split(":")[-1]: html.unescape(value.decode("utf-8", "replace"))
        for key, value in _ATTR_RE.findall(tag)
    }


def _sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name -> zip path of its XML part."""
    targets = {}
    for tag in _REL_RE.findall(rels_xml):
        attrs = _attrs(tag)
        target = attrs.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        targets[attrs.get("Id", "")] = target
    parts = {}
    for tag in _SHEET_RE.findall(workbook_xml):
        attrs = _attrs(tag)
        rel = attrs.get("id")
        if rel in targets and "name" in attrs:
            parts[attrs["name"]] = targets[rel]
    return parts


def _percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes of cell formats (``s=`` attribute) that display a percentage."""
    if not styles_xml:
        return set()
    percent_formats = set(_PERCENT_BUILTIN)
    for fmt_id, code in _NUMFMT_RE.findall(styles_xml):
        # a % outside quotes or brackets is a percent format
        stripped = re.sub(rb'"[^"]*"|\[[^\]]*\]|\\.', b"", code.replace(b"&quot;", b'"'))
        if b"%" in stripped:
            percent_formats.add(int(fmt_id))
    block = _CELLXFS_RE.search(styles_xml)
    if not block:
        return set()
    styles = set()
    for index, attrs in enumerate(_XF_RE.findall(block.group(1))):
        found = re.search(rb'numFmtId="(\d+)"', attrs)
        if found and int(found.group(1)) in percent_formats:
            styles.add(index)
    return styles


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - 64)
    return index - 1


def _scan_sheet_xml(data: bytes, raw: RawSheet, percent_styles: set[int]) -> None:
    """Find uncached formulas, error cells and percent-formatted cells in a sheet's XML."""
    has_formula = _FORMULA_RE.search(data) is not None
    has_error = b't="e"' in data
    if not (has_formula or has_error or percent_styles):
        return
    percent_marks = [f's="{s}"'.encode() for s in percent_styles]
    for chunk in _CELL_START_RE.split(data)[1:]:
        end = _CELL_END_RE.search(chunk)
        body = chunk if end is None else chunk[: end.start()]
        head_end = body.find(b">")
        head = body if head_end < 0 else body[:head_end]
        wanted_percent = percent_marks and any(mark in head for mark in percent_marks)
        wanted_formula = has_formula and _FORMULA_RE.search(body) is not None
        wanted_error = has_error and b't="e"' in head
        if not (wanted_percent or wanted_formula or wanted_error):
            continue
        ref = _CELL_REF_RE.search(head)
        if not ref:
            continue
        position = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        if wanted_percent:
            style = _STYLE_RE.search(head)
            if style and int(style.group(1)) in percent_styles:
                raw.percent_cells.add(position)
        if wanted_error:
            value = re.search(rb"<(?:\w+:)?v>([^<]*)<", body)
            raw.error_cells[position] = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        elif wanted_formula and not _VALUE_RE.search(body) and b't="str"' not in head:
            # t="str" with an empty <v> is a formula that computed "" (=IF(x,"",y)): cached
            raw.uncached_formulas.add(position)


# --- xls and OLE containers --------------------------------------------------------------------


def _open_ole(path: Path) -> RawWorkbook:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise _encrypted()
    try:
        import xlrd

        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
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
        return _xls_sheet(book, name)

    return RawWorkbook(path, names, load, hidden)


def _xls_sheet(book: Any, name: str) -> RawSheet:
    import xlrd

    sheet = book.sheet_by_name(name)
    raw = RawSheet(name, [])
    percent_xf: dict[int, bool] = {}
    nrows = min(sheet.nrows, MAX_ROWS)
    ncols = min(sheet.ncols, MAX_COLUMNS)
    raw.truncated = sheet.nrows > MAX_ROWS
    # xlrd gives (row_lo, row_hi, col_lo, col_hi) with exclusive upper bounds
    raw.merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sheet, "merged_cells", [])]
    for r in range(nrows):
        row: list[Any] = []
        for c in range(ncols):
            cell = sheet.cell(r, c)
            ctype = cell.ctype
            if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append("")
            elif ctype == xlrd.XL_CELL_ERROR:
                raw.error_cells[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#ERROR")
                row.append("")
            elif ctype == xlrd.XL_CELL_BOOLEAN:
                row.append(bool(cell.value))
            elif ctype == xlrd.XL_CELL_DATE:
                try:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                except Exception:
                    row.append(cell.value)
            elif ctype == xlrd.XL_CELL_NUMBER:
                row.append(cell.value)
                xf_index = cell.xf_index
                if xf_index is not None:
                    if xf_index not in percent_xf:
                        percent_xf[xf_index] = _xls_is_percent(book, xf_index)
                    if percent_xf[xf_index]:
                        raw.percent_cells.add((r, c))
            else:
                row.append(cell.value)
        raw.rows.append(row)
    return raw


def _xls_is_percent(book: Any, xf_index: int) -> bool:
    try:
        fmt = book.format_map[book.xf_list[xf_index].format_key].format_str
    except (IndexError, KeyError, AttributeError):
        return False
    return "%" in re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
