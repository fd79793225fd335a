"""Finding the school workbooks in a folder, and what was passed over and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# the hidden sheet of a city workbook written by vetstat (``aggregate -o``): such a file in a
# folder of school workbooks is last year's or this run's output, not a school's
CITY_DATA_SHEET = "_data"
WORKBOOK_XML_LIMIT = 1024 * 1024  # of xl/workbook.xml read to tell a city workbook


def is_city_workbook(path: Path) -> bool:
    """Whether ``path`` is an .xlsx with vetstat's data sheet (a look at the sheet names only:
    a city workbook past the reader's bounds is still told apart)."""
    import zipfile
    import zlib

    if not path.is_file():  # a named pipe would block the open below
        return False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as stream:
            # bounded: any file of the folder comes here, a zip bomb included
            names = stream.read(WORKBOOK_XML_LIMIT)
    except (OSError, KeyError, RuntimeError, ValueError, EOFError, NotImplementedError,
            zipfile.BadZipFile, zlib.error):
        return False
    return f'name="{CITY_DATA_SHEET}"'.encode() in names


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason_zh: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


def is_lock_file(path: Path) -> bool:
    """Office (``~$name.xlsx``) and LibreOffice (``.~lock.name#``) lock files."""
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


def discover(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Spreadsheets below ``folder`` (recursively, sorted); lock, hidden and other files skipped."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts[:-1]):
            continue  # inside a hidden folder
        if path.is_dir():
            continue
        if is_lock_file(path):
            skipped.append(Skipped(path, "Office 锁定文件（文件正被打开），已跳过",
                                   "an Office lock file (the workbook is open somewhere), skipped"))
        elif path.name.startswith("."):
            skipped.append(Skipped(path, "隐藏文件，已跳过", "a hidden file, skipped"))
        elif path.suffix.lower() in SPREADSHEET_SUFFIXES:
            found.append(path)
        else:
            skipped.append(Skipped(path, "不是 Excel 工作簿，已跳过", "not an Excel workbook, skipped"))
    return found, skipped


def expand(inputs: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Files as given, folders expanded with :func:`discover`."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for item in inputs:
        if item.is_dir():
            more, passed = discover(item)
            files.extend(more)
            skipped.extend(passed)
        else:
            files.append(item)
    return files, skipped
