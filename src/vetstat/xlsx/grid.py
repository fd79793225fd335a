"""Reading a spreadsheet file into plain grids of cell values.

``.xlsx`` is read with python-calamine (fast, bounded), then the sheet XML of the sheets that
matter is scanned for what calamine does not report: formulas with no cached value, Excel error
cells and cells formatted as percentages.  ``.xls`` (older Excel, WPS) is read with xlrd, which
reports all of those itself.  Anything that cannot be read raises :class:`Unreadable` with a
reason and what to do, in Chinese and English.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import itertools
import operator
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bounds that keep a hostile file from exhausting the machine.  A real school workbook is a
# few hundred KB and its sheet XML under 2 MB; a 30,000-row sheet is 10–20 MB of XML.  The
# largest workbooks with embedded photos are tens of MB, but photos are never inflated here.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XLS_BYTES = 64 * 1024 * 1024  # xlrd holds the whole file and every cell in memory
MAX_PART_BYTES = 64 * 1024 * 1024  # one inflated XML part, declared or actual
MAX_TOTAL_INFLATED = 1024 * 1024 * 1024  # every part, as the zip headers declare them
MAX_XML_INFLATED = 256 * 1024 * 1024  # the XML parts the reader inflates, actual bytes
MAX_RATIO = 200  # inflated / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 16 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Cells of one sheet's used range (first to last filled row × first to last filled column).
# calamine allocates that whole rectangle before it returns a single value, and aborts the
# process (SIGABRT, which no ``except`` catches) when the allocation fails: two cells, A1 and
# XFD1048576, ask for 17 billion.  4 million is 100,000 rows of 40 columns.
MAX_SHEET_CELLS = 4_000_000
# calamine reserves room for the shared-string count the file declares, before reading any
MAX_SHARED_STRINGS = 2_000_000
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # Excel's grid: no reference lies outside it
READ_CHUNK = 1024 * 1024  # zipfile inflates at most this much per read

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class Unreadable(Exception):
    """The file cannot be read as a workbook (F001)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


class NotXlsx(Unreadable):
    """Not an .xlsx at all (:func:`check_xlsx`): another kind of file, or a legacy .xls."""


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


def open_workbook(path: Path, wanted: Callable[[str], bool] | None = None) -> RawWorkbook:
    """Open ``path`` for reading sheets on demand; raise :class:`Unreadable` when it cannot be.

    ``wanted(name)`` says which sheets will be loaded (default: all); the others are listed in
    ``sheet_names`` but never read, and loading one is a programming error.
    """
    try:
        if path.is_dir():
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
        return _open_xlsx(path, wanted)
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
_ATTR_RE = re.compile(rb"""([\w:]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
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

# The parts calamine parses, by name as it looks them up (case-insensitively): the workbook,
# its relationships, the shared strings, the styles, and any sheet ("xl/worksheets/…",
# "xl/chartsheets/…", "xl/dialogsheets/…": calamine takes the kind of sheet from that folder).
_CALAMINE_PARTS = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                             "xl/sharedstrings.xml", "xl/styles.xml"})
_SHEET_FOLDERS = frozenset({"worksheets", "chartsheets", "dialogsheets"})
# What calamine needs to open an .xlsx (it recognises one by its package relationships),
# beside the sheets: these and the sheets read are all the parts vetstat inflates.
_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                  "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml")
MAX_MEDIA_BYTES = 256 * 1024 * 1024  # a picture or other part no reader here inflates
MAX_PARTS_READ = 1000  # parts handed to calamine: the package's six and the sheets read
MAX_PART_NAME = 1024  # bytes of a part's name (Excel's are under 40)
XML_HEAD = 64 * 1024  # enough of any other part to see a DTD in its prolog


def check_xlsx(path: Path) -> None:
    """Raise :class:`Unreadable` unless ``path`` is an .xlsx that is safe to hand to calamine
    or openpyxl as a whole: the bounds and refusals of :func:`open_workbook` applied to every
    part, for a caller that reads the file with its own reader (vetstat's city workbook, read
    back by ``diff``; openpyxl loading a school's file for the annotated copy)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe would block the open
            raise NotXlsx("不是普通文件。", "not a regular file.")
        size = status.st_size
        with path.open("rb") as handle:
            head = handle.read(len(ZIP_MAGIC))
    except OSError as exc:
        raise Unreadable(f"无法读取文件（{exc.strerror}）。", f"cannot read the file ({exc.strerror}).") from exc
    if size > MAX_FILE_BYTES or not head.startswith(ZIP_MAGIC):
        raise NotXlsx("不是 .xlsx 工作簿。", "not an .xlsx workbook.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable("文件已损坏，无法作为 .xlsx 打开。", "the file is damaged and cannot be "
                         "opened as .xlsx.") from exc
    with archive:
        entries = archive.infolist()
        _check_sizes(entries)
        _check_parts(archive, entries)


def _parsed_by_calamine(name: str) -> bool:
    lowered = name.lower().replace("\\", "/").lstrip("/")
    if lowered in _CALAMINE_PARTS:
        return True
    folders = lowered.split("/")
    return len(folders) > 2 and folders[0] == "xl" and folders[1] in _SHEET_FOLDERS


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
            truncated = sheet.height > MAX_ROWS
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


class _Parts:
    """The parts of an .xlsx that calamine is given, each inflated, bounded and checked once.

    calamine reads a stored (uncompressed) copy holding these parts only: it can parse nothing
    that was not checked here, whichever of two entries of one name it would have picked, and
    the parts vetstat does not read (pictures, comments, the 填表说明 sheet) are never inflated.
    """

    def __init__(self, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
        self.archive = archive
        self.by_name: dict[str, zipfile.ZipInfo] = {}  # folded name -> first entry
        for info in entries:
            if not info.is_dir():
                self.by_name.setdefault(_fold(info.filename), info)
        self.taken: dict[str, bytes] = {}  # folded name -> bytes
        self.values: dict[str, int] = {}  # folded name -> values calamine must show (sheets)
        self.budget = MAX_XML_INFLATED

    def take(self, name: str, label: tuple[str, str] | None = None) -> bytes:
        """The part's bytes (b"" when there is none), checked; it goes into the copy.

        Every part taken is measured as a sheet would be, whatever vetstat takes it for:
        calamine reads the workbook's relationships with an XML parser and vetstat with a
        regex, so a hostile file could make the two see different parts behind one sheet.
        """
        key = _fold(name)
        if key in self.taken:
            return self.taken[key]
        info = self.by_name.get(key)
        if info is None:
            return b""
        if len(self.taken) >= MAX_PARTS_READ or len(info.filename.encode()) > MAX_PART_NAME:
            raise Unreadable(
                "工作簿的工作表或部件数量、名称长度远超正常范围，可能是恶意或损坏的文件，已拒绝读取。",
                "the workbook has far more sheets or parts, or far longer part names, than any "
                "workbook Excel writes; it may be hostile or damaged and was not read.",
            )
        data = _inflate_part(self.archive, info, MAX_PART_BYTES)
        self.budget -= len(data)
        if self.budget < 0:
            raise _bomb("*")
        values = _check_part(data, info.filename, label)
        if values is not None:
            self.values[key] = values
        self.taken[key] = data
        return data

    def get(self, name: str) -> bytes:
        return self.taken.get(_fold(name), b"")

    def stored_copy(self) -> bytes:
        """The parts taken, as an uncompressed zip archive (their CRCs were checked)."""
        return _stored_zip([(self.by_name[key].filename.replace("\\", "/"), data,
                             self.by_name[key].CRC) for key, data in self.taken.items()])


def _stored_zip(parts: list[tuple[str, bytes, int]]) -> bytes:
    """A zip archive of ``(name, data, CRC-32)`` entries, stored.

    What ``zipfile.ZipFile.writestr`` writes for a stored entry (version 2.0, UTF-8 names,
    1980-01-01), without its per-entry bookkeeping, which costs more than the rest of opening
    a small workbook. The sizes fit the 32-bit fields: MAX_XML_INFLATED bounds them.
    """
    pieces: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data, crc in parts:
        encoded = name.encode("utf-8")
        fixed = (20, 0x800, zipfile.ZIP_STORED, 0, 0x21, crc, len(data), len(data), len(encoded))
        local = struct.pack("<4s5H3LHH", b"PK\x03\x04", *fixed, 0)
        directory.append(struct.pack("<4sH5H3LHHHHHLL", b"PK\x01\x02", 20, *fixed, 0, 0, 0, 0, 0,
                                     offset) + encoded)
        pieces += (local, encoded, data)
        offset += len(local) + len(encoded) + len(data)
    listing = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(listing),
                      offset, 0)
    return b"".join(pieces) + listing + end


def _fold(name: str) -> str:
    """A part name as calamine looks it up: case-insensitive, "/" or "\\", no leading "/"."""
    return name.replace("\\", "/").lstrip("/").lower()


def _check_part(data: bytes, name: str, label: tuple[str, str] | None = None) -> int | None:
    """Refuse an XML part that no parser should be handed: not UTF-8, a DTD, an implausible
    shared-string count, or sheet data past the bounds (``label`` names the sheet).

    Returns the values calamine must show of a sheet bounded by its form (see
    :func:`_check_sheet_cells`), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:1024]:
        raise Unreadable(
            f"工作簿的部件 {name} 不是 UTF-8 编码（Excel 从不这样写），已拒绝读取。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
            f"the workbook's part {name} is not UTF-8, which Excel never writes; it "
            "was not read. Open it in Excel or WPS, save it as .xlsx and send it again.",
        )
    _refuse_dtd(data)
    _check_shared_strings(data, name)
    return _check_sheet_cells(data, label or (f"工作表（部件 {name}）", f"a sheet (part {name})"))


def _check_sizes(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse parts whose declared size is implausible (a bomb that tells the truth)."""
    declared = 0
    for info in entries:
        declared += info.file_size
        limit = MAX_PART_BYTES if _parsed_by_calamine(info.filename) else MAX_MEDIA_BYTES
        if info.file_size > limit or (
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _bomb(info.filename)
    if declared > MAX_TOTAL_INFLATED:
        raise _bomb("*")


def _check_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Bound every part before any parser sees it; raise :class:`Unreadable` otherwise.

    Every part calamine may parse is inflated whole here (which also checks its CRC: a byte
    changed in transit makes the file unreadable, not wrong), refused when it carries a DTD,
    and, for sheets, measured: calamine must never be handed a sheet that would exhaust memory.
    Every entry is checked, duplicates and case variants of a name included, so that it does
    not matter which of them calamine picks.
    """
    budget = MAX_XML_INFLATED
    for info in entries:
        if info.is_dir():
            continue
        if not _parsed_by_calamine(info.filename):
            # openpyxl (the annotated copy) parses these: refuse entity tricks in their prolog
            head = _inflate(archive, info, MAX_MEDIA_BYTES, head=XML_HEAD)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                _refuse_dtd(head)
            continue
        data = _inflate(archive, info, MAX_PART_BYTES)
        budget -= len(data)
        if budget < 0:
            raise _bomb("*")
        _check_part(data, info.filename)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, *,
             head: int | None = None) -> bytes:
    """The part's bytes, at most ``limit`` of them (the zip header may lie about the size).

    Read in slices, so that a part that inflates far past its declared size costs one slice
    of memory before it is refused, not the whole limit.  ``head``: only that many bytes.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(READ_CHUNK if head is None else min(READ_CHUNK, head - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise _bomb(info.filename)
                chunks.append(chunk)
                if head is not None and size >= head:
                    break
    except RuntimeError as exc:  # zipfile: "... is encrypted, password required"
        raise _encrypted() from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as exc:  # bad CRC, cut short, unknown compression
        raise _not_unpacked(info, exc) from exc
    return b"".join(chunks)


def _inflate_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """:func:`_inflate`, by zlib on the part's bytes for the usual stored or deflated part
    (``ZipFile.open`` costs more than the inflating of a small part)."""
    handle = archive.fp
    if info.flag_bits & 0x1:
        raise _encrypted()
    if handle is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
            or info.compress_size > limit + READ_CHUNK:
        return _inflate(archive, info, limit)
    try:
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) != 30 or not header.startswith(ZIP_MAGIC):
            raise zipfile.BadZipFile("bad local file header")
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        packed = handle.read(info.compress_size)
        if len(packed) != info.compress_size:
            raise EOFError("the part is cut short")
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed
        else:  # in slices, as _inflate: a part that lies about its size costs one slice
            inflater = zlib.decompressobj(-15)
            chunks, size = [], 0
            while not inflater.eof:
                chunk = inflater.decompress(packed, READ_CHUNK)
                packed = inflater.unconsumed_tail
                size += len(chunk)
                if size > limit:
                    raise _bomb(info.filename)
                if not chunk and not packed and not inflater.eof:
                    raise EOFError("the compressed data is cut short")
                chunks.append(chunk)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        if len(data) > limit:
            raise _bomb(info.filename)
        if zlib.crc32(data) != info.CRC:
            raise zipfile.BadZipFile(f"bad CRC-32 for file {info.filename!r}")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _not_unpacked(info, exc) from exc
    return data


def _not_unpacked(info: zipfile.ZipInfo, exc: BaseException) -> Unreadable:
    return Unreadable(
        f"文件已损坏，其中的部件 {info.filename} 无法解压（{_short(exc)}）。请学校重新发送原文件。",
        f"the file is damaged: its part {info.filename} cannot be unpacked "
        f"({_short(exc)}). Ask the school to send it again.",
    )


def _calamine_merges(sheet: Any) -> list[tuple[int, int, int, int]]:
    try:
        ranges = sheet.merged_cell_ranges or []
        return [(int(r0), int(c0), int(r1), int(c1)) for (r0, c0), (r1, c1) in ranges]
    except Exception:  # older calamine or a format without merges: the values still read
        return []


def _refuse_dtd(data: bytes) -> None:
    # Markup cannot hide in text (a "<" there is written &lt;), so a match anywhere is a DTD.
    # A search for one byte runs at memory speed; "<!" (a "<" in every tag) is 25 times slower.
    if b"!" in data and b"<!" in data and _DTD_RE.search(data):
        raise Unreadable(
            "工作簿内含 DTD/实体声明（Excel 从不写这种内容），可能是恶意文件，已拒绝读取。",
            "the workbook carries a DTD or entity declarations, which Excel never writes; "
            "it may be hostile and was not read.",
        )


# --- measuring a sheet before calamine reads it ------------------------------------------------

# Tag names may carry any namespace prefix (calamine compares local names only); a tag's name
# ends at XML white space, "/" or ">".
_PREFIX = rb"(?:[^ \t\r\n<>/:=\"']+:)?"
_NAME_END = (b" ", b"\t", b"\r", b"\n", b"/", b">")
_SST_RE = re.compile(rb"<" + _PREFIX + rb"sst(?=[ \t\r\n/>])([^>]*)>")
_UNIQUE_COUNT_RE = re.compile(rb"""[ \t\r\n]uniqueCount[ \t\r\n]*=[ \t\r\n]*["'][ \t\r\n]*([0-9]+)""")
_SHEET_DATA_RE = re.compile(rb"<" + _PREFIX + rb"sheetData(?=[ \t\r\n/>])([^>]*)>")
_SHEET_DATA_END_RE = re.compile(rb"</" + _PREFIX + rb"sheetData[ \t\r\n]*>")
# a ">" inside an attribute value of a cell or row tag (no attribute of theirs can hold one)
_QUOTED_GT_RE = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[ \t\r\n][^<>]*?=[ \t\r\n]*(?:\"[^\"<]*|'[^'<]*)>")
_ANY_CELL_RE = re.compile(rb"<" + _PREFIX + rb"c[ \t\r\n/>]")
# the form Excel, WPS and openpyxl write: no prefix, r first, double quotes, upper case
_PLAIN_CELL = b'<c r="'
_PLAIN_ROW_RE = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_PLAIN_COLUMN_RE = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_WIDE_CELL_RE = re.compile(rb'<c r="[A-Z]{2}')
_ONE_LETTER = {b"A", b"Z"}  # the columns a sheet of one-letter references may span
_PLAIN_TAG_RE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_TAG_RE = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[ \t\r\n/>])([^>]*)>")
# an attribute named r, up to its "=": calamine's parser also takes one written straight after
# a quote (s="0"r=)
_R_NAME = rb"r(?<![\w:.\-]r)[ \t\r\n]*="
_R_ATTR_RE = re.compile(_R_NAME + rb"""[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
_CELL_RE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_RE = re.compile(rb"[A-Za-z]{0,3}([0-9]{1,7})")
SCAN_WINDOW = 4 * 1024 * 1024
# Walking tags one by one (cells in another form than the plain one) costs about 2 µs a tag:
# fewer cells than the plain form's bound keep it within a few seconds.
MAX_IRREGULAR_CELLS = 1_000_000


@dataclass
class _Extent:
    """Where a sheet's filled cells lie: rows from 1, columns from 0 (A)."""

    cells: int = 0
    first_row: int = 0  # meaningful once cells > 0
    last_row: int = 0
    first_column: int = EXCEL_COLUMNS
    last_column: int = -1

    def add_rows(self, rows: list[int]) -> None:
        """Record the rows of cells in document order; rows must never go back."""
        if not rows:
            return
        if (self.cells and rows[0] < self.last_row) or any(
                map(operator.gt, rows, itertools.islice(rows, 1, None))):
            raise _OutOfOrder()
        if not self.cells:
            self.first_row = rows[0]
        self.last_row = rows[-1]
        self.cells += len(rows)

    def add_columns(self, columns: Iterable[int]) -> None:
        for column in columns:
            self.first_column = min(self.first_column, column)
            self.last_column = max(self.last_column, column)

    @property
    def area(self) -> int:
        if self.cells == 0:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


class _OutOfOrder(Exception):
    """Cell rows going back: Excel never writes them, and calamine sizes the sheet wrongly."""


class _OutsideGrid(Exception):
    """A cell or row reference outside Excel's grid, or not a reference at all."""


def _check_shared_strings(data: bytes, name: str) -> None:
    if b"uniqueCount" not in data:  # (every part is looked at: most have none, and "sst" is slow)
        return
    declared = [0]
    position = 0
    while (found := data.find(b"sst", position)) >= 0:  # the root tag, and any other
        opening = data.rfind(b"<", 0, found)
        root = _SST_RE.match(data, opening) if opening >= 0 else None
        count = _UNIQUE_COUNT_RE.search(root.group(1)) if root else None
        if count:
            declared.append(int(count.group(1)))
        position = found + 1
    if max(declared) > MAX_SHARED_STRINGS:
        raise Unreadable(
            f"工作簿声明了 {max(declared):,} 个不同的文本（部件 {name}），远超学校填报表的规模，"
            "可能是恶意或损坏的文件，已拒绝读取。",
            f"the workbook declares {max(declared):,} distinct texts (part {name}), far "
            "beyond a school data sheet; it may be hostile or damaged and was not read.",
        )


def _check_sheet_cells(data: bytes, label: tuple[str, str], *, exact: bool = False) -> int | None:
    """Refuse a sheet whose used range calamine could not hold (see MAX_SHEET_CELLS).

    The usual sheet is bounded by its form alone (:func:`_quick_values`): then the number of
    values calamine must show is returned, and :func:`_check_shown` compares it with what it
    shows. Otherwise (or with ``exact``) every reference is measured here and None returned.
    """
    marks = data.count(b"sheetData")
    if not marks:
        return None  # no cells
    _refuse_hidden_markup(data, label)
    start = end = None
    position = 0
    # bytes.find, then a regex at the tag: a regex scan of 64 MB costs a second
    while start is None and (found := data.find(b"sheetData", position)) >= 0:
        opening = data.rfind(b"<", 0, found)
        tag = _SHEET_DATA_RE.match(data, opening) if opening >= 0 else None
        if tag and not tag.group(1).rstrip().endswith(b"/"):  # <sheetData/> holds no cells
            start = tag.end()
        position = found + 1
    # Excel names it once, or twice with its end: a third "sheetData" (in an attribute value,
    # say) could make vetstat and calamine's parser disagree about where the cells are
    if marks != (1 if start is None else 2):
        raise _unexpected_markup(label)
    if start is None:
        return None  # <sheetData/>: no cells
    while end is None and (found := data.find(b"sheetData", position)) >= 0:
        opening = data.rfind(b"<", start, found)
        if opening >= 0 and _SHEET_DATA_END_RE.match(data, opening):
            end = opening
        position = found + 1
    if end is None:
        end = len(data)
    if not exact and (values := _quick_values(data, start, end)) is not None:
        return values
    try:
        # calamine takes a cell's last r attribute, vetstat its first: two are refused, and so
        # is a ">" inside an attribute value, which would end a tag early for the searches here
        if _QUOTED_GT_RE.search(data, start, end) or _TWO_REFERENCES_RE.search(data, start, end):
            raise _OutsideGrid()
        # Fast: every cell in the plain form, each counted as filled (an empty <c …/> too)
        extent = _plain_extent(data, start, end)
        if extent is None or extent.cells > MAX_SHEET_CELLS or extent.area > MAX_SHEET_CELLS:
            # Exact, as calamine reads the tags: empty elements skipped, other forms walked
            if extent is not None:
                extent = _plain_extent(data, start, end, skip_empty=True)
            elif _cell_starts(data, start, end) > MAX_IRREGULAR_CELLS:
                raise _too_large(label, None)
            if extent is None:
                extent = _general_extent(data, start, end)
    except _OutOfOrder:
        raise Unreadable(
            f"{label[0]}的行顺序错乱（Excel 从不这样写），无法可靠读取。请用 Excel 或 WPS 打开后"
            "另存为 .xlsx 再报送。",
            f"the rows of {label[1]} are out of order, which Excel never writes; it cannot be "
            "read reliably. Open it in Excel or WPS, save it as .xlsx and send it again.",
        ) from None
    except _OutsideGrid:
        raise Unreadable(
            f"{label[0]}含有 Excel 不会写出的单元格引用，可能是恶意或损坏的文件，已拒绝读取。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
            f"{label[1]} holds cell references Excel never writes; it may be hostile or damaged "
            "and was not read. Open it in Excel or WPS, save it as .xlsx and send it again.",
        ) from None
    if extent.cells > MAX_SHEET_CELLS or extent.area > MAX_SHEET_CELLS:
        raise _too_large(label, extent)
    return None


# An attribute named r (any spacing or quotes), in a tag or not, whose value is not a small
# reference (one letter, a row from 1 to 99,999) or a small row number
_LOOSE_REFERENCE_RE = re.compile(_R_NAME + rb"[ \t\r\n]*[\"'](?!(?:[A-Z]?[1-9][0-9]{0,4})[\"'])")
_TWO_REFERENCES_RE = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[ \t\r\n][^<>]*?"
                                + _R_NAME + rb"[^<>]*?" + _R_NAME)
_VALUE_TAGS = (b"<v", b"<is")  # <v>, <v/>, <v xml:space=…>: every form calamine reads


def _quick_values(data: bytes, start: int, end: int) -> int | None:
    """The number of value elements (<v …>, <is …>) when the sheet data is in the usual form,
    else None.

    The usual form, as Excel, WPS and openpyxl write a school's sheet: every cell tag plain,
    and every r attribute (a second one included, which calamine would take) one letter and a
    row from 1 to 99,999, or a row number. calamine's range then holds at most 26 × 99,999
    cells (under MAX_SHEET_CELLS) whatever the order of the rows: one search proves the form,
    where the exact measure reads every reference. What it leaves, a cell written twice, is
    checked on calamine's result by :func:`_check_shown`.
    """
    plain = data.count(_PLAIN_CELL, start, end)
    if (plain > MAX_SHEET_CELLS or data.count(b"<c", start, end) != plain
            or data.find(b":c", start, end) >= 0 or _LOOSE_REFERENCE_RE.search(data, start, end)):
        return None
    return sum(data.count(tag, start, end) for tag in _VALUE_TAGS)


def _check_shown(rows: list[list[Any]], values: int, xml: bytes, label: tuple[str, str]) -> None:
    """After calamine read a sheet bounded by :func:`_quick_values`, with fewer values shown
    than the XML holds: a cell written twice (calamine keeps the last), or a value it shows
    empty (a formula whose cached result is "", an empty text). The sheet is then measured
    reference by reference, as every sheet not in the usual form is: rows that go back, or two
    references in one tag, are refused; the rest reads as calamine read it. (calamine places
    every cell by its own reference and sizes its range from all of them, so rows out of order
    that lose nothing read in their places.)"""
    if sum(len(row) - row.count("") for row in rows) != values:
        _check_sheet_cells(xml, label, exact=True)


def _refuse_hidden_markup(data: bytes, label: tuple[str, str]) -> None:
    """Refuse a sheet with comments, CDATA, a DTD or processing instructions, which Excel never
    writes there: calamine's parser skips them, the searches here do not, so what they hide
    (a "sheetData" end, a cell) would be seen by one and not the other."""
    declaration = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # <?xml …?>, after a BOM
    if (b"!" in data and b"<!" in data) or (
            data.count(b"?") > 2 and data.find(b"<?", declaration + 1) >= 0):
        raise _unexpected_markup(label)


def _unexpected_markup(label: tuple[str, str]) -> Unreadable:
    return Unreadable(
        f"{label[0]}含有 Excel 不会写出的结构（注释、CDATA、处理指令或重复的数据区标记），"
        "可能是恶意或损坏的文件，已拒绝读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再报送。",
        f"{label[1]} holds markup Excel never writes in a sheet (comments, CDATA, processing "
        "instructions or a second sheetData); it may be hostile or damaged and was not read. "
        "Open it in Excel or WPS, save it as .xlsx and send it again.",
    )


def _too_large(label: tuple[str, str], extent: _Extent | None) -> Unreadable:
    if extent is None or extent.cells == 0:
        where_zh = where_en = ""
    else:
        first = f"{column_letter(extent.first_column)}{extent.first_row}"
        last = f"{column_letter(extent.last_column)}{extent.last_row}"
        where_zh = f"（数据范围 {first}:{last}，约 {extent.area:,} 个单元格）"
        where_en = f" (its data spans {first}:{last}, about {extent.area:,} cells)"
    return Unreadable(
        f"{label[0]}过大{where_zh}，远超学校填报表的规模，已拒绝读取。若不是有意为之，请删除远处误填的"
        "单元格或多余的行列，另存后再报送。",
        f"{label[1]} is too large{where_en}, far beyond a school data sheet, and was not read. "
        "Delete stray cells far from the table and surplus rows and columns, save and send it "
        "again.",
    )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_starts(data: bytes, start: int, end: int) -> int:
    """How many cell tags (<c …>, <x:c …>, <c/>) lie between start and end."""
    if any(data.count(b":c" + after, start, end) for after in _NAME_END):
        return sum(1 for _ in _ANY_CELL_RE.finditer(data, start, end))
    return sum(data.count(b"<c" + after, start, end) for after in _NAME_END)


def _windows(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Slices of about SCAN_WINDOW bytes that start at a tag (a tag holds no "<")."""
    position = start
    while position < end:
        stop = min(end, position + SCAN_WINDOW)
        if stop < end:
            following = data.find(b"<", stop, end)
            stop = end if following < 0 else following
        yield position, stop
        position = stop


def _plain_extent(data: bytes, start: int, end: int, *,
                  skip_empty: bool = False) -> _Extent | None:
    """The extent when every cell tag is in the plain form (fast); None otherwise.

    Columns are not told apart within A:Z (the usual sheet): the area is then an upper bound,
    and a sheet whose bound is too large is measured again exactly by the caller.

    ``skip_empty``: leave out empty elements (<c r="B2" s="1"/>), as calamine does; slower,
    and only right once no tag holds a quoted ">".
    """
    plain = data.count(_PLAIN_CELL, start, end)
    # usually every "<c" in the sheet data starts a plain cell: two counts say so
    if (data.count(b"<c", start, end) != plain or data.find(b":c", start, end) >= 0) and \
            _cell_starts(data, start, end) != plain:
        return None
    extent = _Extent()
    letters: set[bytes] = set()
    for low, high in _windows(data, start, end):
        if skip_empty:
            found = _PLAIN_TAG_RE.findall(data, low, high)
            matched = len(found)
            rows = [int(row) for _column, row, empty in found if not empty]
            columns = {column for column, _row, empty in found if not empty}
        else:
            rows = list(map(int, _PLAIN_ROW_RE.findall(data, low, high)))
            matched = len(rows)
            if _WIDE_CELL_RE.search(data, low, high) is None:
                columns = _ONE_LETTER  # at most A:Z, an area at most 26 columns wide
            else:
                columns = set(_PLAIN_COLUMN_RE.findall(data, low, high))
        if matched != (plain if (low, high) == (start, end) else data.count(_PLAIN_CELL, low, high)):
            return None  # a reference in another form: lower case, too long
        extent.add_rows(rows)
        letters.update(columns)
    extent.add_columns(_column_index(column) for column in letters)
    if extent.cells and (extent.first_row < 1 or extent.last_row > EXCEL_ROWS
                         or extent.last_column >= EXCEL_COLUMNS):
        raise _OutsideGrid()
    return extent


def _general_extent(data: bytes, start: int, end: int) -> _Extent:
    """The extent walked tag by tag as calamine walks it: cells without a reference follow
    the previous cell of their row, rows without one follow the previous row."""
    extent = _Extent()
    row_index = column_index = 0
    for low, high in _windows(data, start, end):
        rows: list[int] = []
        columns: set[int] = set()
        for closing, tag, attributes in _TAG_RE.findall(data, low, high):
            if closing:
                if tag == b"row":
                    row_index += 1
                    column_index = 0
                continue
            if attributes.rstrip().endswith(b"/"):
                continue  # an empty element: no cell, and no row either for calamine
            found = _R_ATTR_RE.search(attributes)
            reference = None if found is None else (found.group(1) if found.group(1) is not None
                                                    else found.group(2))
            if tag == b"row":
                if reference is not None:
                    row_index = _grid_row(reference)
                continue
            if reference is not None:
                row, column_index = _grid_cell(reference)
            else:
                row = row_index
            rows.append(row + 1)
            columns.add(column_index)
            column_index += 1
        extent.add_rows(rows)
        extent.add_columns(columns)
    if extent.cells and (extent.last_row > EXCEL_ROWS or extent.last_column >= EXCEL_COLUMNS):
        raise _OutsideGrid()
    return extent


def _grid_row(reference: bytes) -> int:
    found = _ROW_RE.fullmatch(reference)
    if not found or not 1 <= int(found.group(1)) <= EXCEL_ROWS:
        raise _OutsideGrid()
    return int(found.group(1)) - 1


def _grid_cell(reference: bytes) -> tuple[int, int]:
    found = _CELL_RE.fullmatch(reference)
    if not found:
        raise _OutsideGrid()
    row, column = int(found.group(2)), _column_index(found.group(1).upper())
    if not 1 <= row <= EXCEL_ROWS or column >= EXCEL_COLUMNS:
        raise _OutsideGrid()
    return row - 1, column


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
        key.decode().split(":")[-1]: html.unescape(text) if "&" in (
            text := (double or single).decode("utf-8", "replace")) else text
        for key, double, single in _ATTR_RE.findall(tag)
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
    parts: dict[str, str] = {}
    for tag in _SHEET_RE.findall(workbook_xml):
        attrs = _attrs(tag)
        rel = attrs.get("id")
        if rel in targets and "name" in attrs:
            parts.setdefault(attrs["name"], targets[rel])  # calamine takes the first sheet of a name
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
    # bytes.find first: a regex scan of the whole sheet costs more than all the rest
    has_formula = _has_plain_formula(data) or (
        b":f" in data and _FORMULA_RE.search(data) is not None)
    has_error = b't="e"' in data
    if not (has_formula or has_error or percent_styles):
        return
    if b":c" in data and _PREFIXED_CELL_RE.search(data):  # <x:c …>: look at every cell
        starts = [found.start() for found in _CELL_START_RE.finditer(data)]
    else:  # only at the cells that can hold one of them
        candidates: set[int] = set()
        if percent_styles:
            candidates.update(found.start() for found in _percent_cell_re(
                frozenset(percent_styles)).finditer(data))
        if has_formula:
            candidates.update(_cell_start_before(data, found.start())
                              for found in _FORMULA_RE.finditer(data))
        if has_error:
            position = 0
            while (position := data.find(b't="e"', position)) >= 0:
                candidates.add(_cell_start_before(data, position))
                position += 1
        candidates.discard(-1)
        starts = sorted(candidates)
    percent_marks = [f's="{s}"'.encode() for s in percent_styles]
    for start in starts:
        opening = _CELL_START_RE.match(data, start)
        if opening is None:
            continue
        following = _CELL_START_RE.search(data, opening.end())
        chunk = data[opening.end():following.start() if following else len(data)]
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
        cell = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        if wanted_percent:
            style = _STYLE_RE.search(head)
            if style and int(style.group(1)) in percent_styles:
                raw.percent_cells.add(cell)
        if wanted_error:
            value = re.search(rb"<(?:\w+:)?v>([^<]*)<", body)
            raw.error_cells[cell] = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        elif wanted_formula and not _VALUE_RE.search(body) and b't="str"' not in head:
            # t="str" with an empty <v> is a formula that computed "" (=IF(x,"",y)): cached
            raw.uncached_formulas.add(cell)


_PREFIXED_CELL_RE = re.compile(rb"<\w+:c(?=[\s>])")
_F_NAME_END = (b">", b" ", b"/", b"\t", b"\r", b"\n")


def _has_plain_formula(data: bytes) -> bool:
    """Whether a <f> tag (not a list's <formula1>) is anywhere in ``data``."""
    position = 0
    while (position := data.find(b"<f", position)) >= 0:
        if data[position + 2:position + 3] in _F_NAME_END:
            return True
        position += 2
    return False


@functools.lru_cache(maxsize=64)
def _percent_cell_re(styles: frozenset[int]) -> re.Pattern[bytes]:
    """Plain cell tags whose style is one of ``styles``."""
    alternatives = b"|".join(str(style).encode() for style in sorted(styles))
    return re.compile(rb'<c[\s][^>]*?\bs="(?:' + alternatives + rb')"')


def _cell_start_before(data: bytes, position: int) -> int:
    """Where the plain cell tag (<c …>) holding ``position`` starts; -1 when there is none."""
    while (position := data.rfind(b"<c", 0, position)) >= 0:
        if data[position + 2:position + 3] in (b" ", b"\t", b"\r", b"\n", b">"):
            return position
    return -1


# --- xls and OLE containers --------------------------------------------------------------------


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
        try:
            return _xls_sheet(book, name)
        except Unreadable:
            raise
        except Exception as exc:  # xlrd reads sheets on demand: damage may show only now
            raise Unreadable(
                f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。",
                f"sheet '{name}' is damaged and cannot be read ({_short(exc)}).",
            ) from exc

    return RawWorkbook(path, names, load, hidden)


# xlrd's cell types (xlrd.XL_CELL_*): empty, text, number, date, boolean, error, blank
_XLS_EMPTY, _XLS_TEXT, _XLS_NUMBER, _XLS_DATE, _XLS_BOOLEAN, _XLS_ERROR, _XLS_BLANK = range(7)
_XLS_NOTHING = bytes([_XLS_EMPTY, _XLS_BLANK])


def _xls_sheet(book: Any, name: str) -> RawSheet:
    import xlrd

    sheet = book.sheet_by_name(name)
    raw = RawSheet(name, [])
    nrows = min(sheet.nrows, MAX_ROWS)
    ncols = min(sheet.ncols, MAX_COLUMNS)
    raw.truncated = sheet.nrows > MAX_ROWS
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
