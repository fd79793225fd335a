"""Whether a folder holds a city's school workbooks or a province's city workbooks (data
contract §4.1).

A folder of vetstat city workbooks (``aggregate -o``, told by their hidden ``_data`` sheet) is a
province; a folder of school workbooks is a city.  A folder holding both kinds is neither: which
tables would it make?  :func:`folder_level` says which, with examples of each kind, so that the
command can refuse a mixed folder naming what it found.  It looks at the cheap sign first (the
sheet names in an .xlsx's ``workbook.xml``) and opens the other files only when a city
workbook is there, so a city's folder costs one small read a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vetstat.reading.batch import DIFF_MARKER_SHEETS, is_city_workbook
from vetstat.reading.workbook import is_template_sheet

CITY, SCHOOL, OTHER, UNREADABLE = "city", "school", "other", "unreadable"


def kind_of(path: Path) -> str:
    """What a submission is, by its sheet names: a city workbook, a school's workbook (any
    sheet of the template), another spreadsheet (a diff workbook included) or unreadable."""
    if is_city_workbook(path):
        return CITY
    from vetstat.reading.batch import CITY_DATA_SHEET
    from vetstat.xlsx import Unreadable, open_workbook

    try:
        names = list(open_workbook(path, wanted=lambda _: False).sheet_names)
    except Unreadable:
        return UNREADABLE
    if CITY_DATA_SHEET in names:
        return CITY  # re-saved as .xls or .ods: the hidden sheet keeps its name
    if set(names) >= DIFF_MARKER_SHEETS:
        return OTHER
    return SCHOOL if any(is_template_sheet(name) for name in names) else OTHER


@dataclass
class Level:
    """A folder's level: ``province`` (city workbooks only), ``city`` (no city workbook), or
    ``mixed``; the files of each kind (``kinds[CITY]`` …) as found."""

    level: str
    kinds: dict[str, list[Path]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Path]:
        return self.kinds.get(kind, [])


def folder_level(files: Sequence[Path]) -> Level:
    """The level of a folder whose submissions are ``files``
    (:func:`vetstat.reading.batch.discover`)."""
    cities = [path for path in files if is_city_workbook(path)]
    if not cities:
        return Level("city")
    kinds: dict[str, list[Path]] = {CITY: cities}
    for path in files:
        if path not in cities:
            kinds.setdefault(kind_of(path), []).append(path)
    return Level("mixed" if kinds.get(SCHOOL) else "province", kinds)


def examples(paths: Sequence[Path], root: Path, count: int = 3) -> str:
    """A few of ``paths`` named relative to ``root``: "a.xlsx、b.xlsx 等 5 个"."""
    shown = "、".join(str(_relative(path, root)) for path in paths[:count])
    return shown + (f" 等 {len(paths)} 个" if len(paths) > count else "")


def examples_en(paths: Sequence[Path], root: Path, count: int = 3) -> str:
    shown = ", ".join(str(_relative(path, root)) for path in paths[:count])
    return shown + (f" and {len(paths) - count} more" if len(paths) > count else "")


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path
