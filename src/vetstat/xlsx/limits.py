"""What reading a spreadsheet file may cost, what it gives, and how it fails.

The bounds keep a hostile file from exhausting the machine; :class:`Unreadable` carries the
reason and what to do, in Chinese and English; :class:`RawSheet` and :class:`RawWorkbook` are
what the readers (calamine for ``.xlsx``, xlrd for ``.xls``) give: plain grids of cell values.
"""

from __future__ import annotations

from collections.abc import Callable
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

MAX_MEDIA_BYTES = 256 * 1024 * 1024  # a picture or other part no reader here inflates
MAX_PARTS_READ = 1000  # parts handed to calamine: the package's six and the sheets read
MAX_PART_NAME = 1024  # bytes of a part's name (Excel's are under 40)
XML_HEAD = 64 * 1024  # enough of any other part to see a DTD in its prolog


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
    kind: str = "xlsx"  # what the bytes are, whatever the name says: xlsx, xls or ods

    def sheet(self, name: str) -> RawSheet:
        return self.loader(name)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - 64)
    return index - 1


def _encrypted() -> Unreadable:
    return Unreadable(
        "工作簿设置了打开密码（已加密），无法读取。请学校取消密码（文件 › 信息 › 保护工作簿 › "
        "用密码进行加密，清空密码）后重新发送。",
        "the workbook is password-protected (encrypted) and cannot be read. Ask the school "
        "to remove the password (File › Info › Protect Workbook › Encrypt with Password, "
        "clear it) and send it again.",
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
