"""Which files of DATA are submissions, and what each workbook is (data contract §4.1).

Every file below the folder is one of:

- **not a submission, skipped silently**: lock files, hidden and system files, documents and
  pictures (``.doc``, ``.docx``, ``.pdf``, ``.txt``, ``.md``, ``.jpg``, ``.png`` …) and the
  roster and configuration files of the run;
- **a submission**: anything else, whatever its extension. It is read by its bytes (an
  ``.xlsx``, ``.xls`` or ``.ods``, under any name); one that cannot be read is F001 on the file
  and X904 on the batch. A folder that cannot be listed is a submission that cannot be read.

A submission that reads is then a school's workbook, vetstat's own city or diff workbook
(told by marker sheets that survive a re-save as ``.xls`` or ``.ods``), or another spreadsheet
(``not_school``): :func:`workbook_kind`. Only school workbooks count.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# the hidden sheet of a city workbook written by vetstat (``aggregate -o``): such a file in a
# folder of school workbooks is last year's or this run's output, not a school's. LibreOffice
# and WPS keep a hidden sheet and its name when they save the workbook as .xls or .ods
CITY_DATA_SHEET = "_data"
# the sheets only vetstat's year comparison (``diff -o``) writes, both kept by any re-save
DIFF_MARKER_SHEETS = frozenset({"全市对比", "分校对比"})
WORKBOOK_XML_LIMIT = 1024 * 1024  # of xl/workbook.xml read to tell a city workbook

# files next to the workbooks that are nobody's submission: documents, pictures, notes
IGNORED_SUFFIXES = frozenset({
    ".doc", ".docx", ".pdf", ".txt", ".md", ".jpg", ".jpeg", ".png", ".gif", ".bmp",
    ".wps", ".rtf", ".lnk", ".ini", ".db",
})
SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"})
SYSTEM_FOLDERS = frozenset({"__macosx", "$recycle.bin", "system volume information"})
# what each kind of workbook is usually called; another name gets F020
SUFFIXES_OF_KIND = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}


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
class NotSchool:
    """Why a workbook that reads is no school's: ``kind`` is city, diff or other."""

    kind: str
    reason_zh: str
    reason_en: str


CITY_WORKBOOK = NotSchool("city", "vetstat 写出的全市汇总工作簿，不是学校报送的文件",
                          "a city workbook written by vetstat, not a school's submission")


def workbook_kind(sheet_titles: Sequence[str], contract_sheets: int) -> NotSchool | None:
    """None for a school's workbook (one with at least one sheet of the template, a return
    file included); otherwise what it is. ``contract_sheets``: how many of its sheets are the
    template's."""
    titles = set(sheet_titles)
    if CITY_DATA_SHEET in titles:
        return CITY_WORKBOOK
    if titles >= DIFF_MARKER_SHEETS:
        return NotSchool("diff", "vetstat 写出的年度对比工作簿，不是学校报送的文件",
                         "a year comparison written by vetstat, not a school's submission")
    if contract_sheets == 0:
        shown = "、".join(sheet_titles[:5]) + ("…" if len(sheet_titles) > 5 else "")
        return NotSchool("other", f"没有模板中的任何工作表（只有：{shown}），不是学校填报表",
                         f"none of the template's sheets (only: {', '.join(sheet_titles[:5])}),"
                         " not a school's data workbook")
    return None


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


def passed_over(path: Path) -> Skipped | None:
    """Why a file is no submission (it is then skipped silently), or None."""
    name = path.name
    if is_lock_file(path):
        return Skipped(path, "Office 锁定文件（文件正被打开），已跳过",
                       "an Office lock file (the workbook is open somewhere), skipped")
    if name.startswith("."):
        return Skipped(path, "隐藏文件，已跳过", "a hidden file, skipped")
    if name.lower() in SYSTEM_NAMES:
        return Skipped(path, "系统文件，已跳过", "a system file, skipped")
    if path.suffix.lower() in IGNORED_SUFFIXES:
        return Skipped(path, "文档或图片，不是报送的工作簿，已跳过",
                       "a document or picture, not a submitted workbook, skipped")
    return None


def discover(folder: Path, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Skipped]]:
    """The submissions below ``folder`` (recursively, in path order) and the files passed over.

    ``exclude``: files of the run that are not submissions (the roster, the configuration).
    A folder that cannot be listed is returned among the submissions: reading it fails (F001).
    """
    excluded = {_same(path) for path in exclude}
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path, is_dir in _walk(folder):
        if is_dir:  # only a folder that could not be listed comes back as such
            found.append(path)
            continue
        reason = passed_over(path)
        if reason is not None:
            skipped.append(reason)
        elif _same(path) in excluded:
            skipped.append(Skipped(path, "本次运行的名单或配置文件，已跳过",
                                   "the roster or configuration of this run, skipped"))
        else:
            found.append(path)
    return sorted(found), skipped


def _same(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _walk(folder: Path) -> Iterable[tuple[Path, bool]]:
    """Files below ``folder`` in sorted order as (path, False), and each folder that cannot be
    listed as (path, True); hidden and system folders are not entered."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        yield folder, True
        return
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name.startswith(".") or entry.name.lower() in SYSTEM_FOLDERS:
                continue
            yield from _walk(path)
        else:
            yield path, False


def expand(inputs: list[Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Skipped]]:
    """Files as given, folders expanded with :func:`discover`."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    exclude = list(exclude)
    for item in inputs:
        if item.is_dir():
            more, passed = discover(item, exclude)
            files.extend(more)
            skipped.extend(passed)
        else:
            files.append(item)
    return files, skipped
