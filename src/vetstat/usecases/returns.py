"""Which schools get a return file, and under which name (data contract §4.1).

A school gets one when its file has errors or unexplained warnings (status ``errors``,
``warnings`` or ``code_conflict``); a file that cannot be read gets none (there is nothing to
mark: the school must send it again), nor does a duplicate left out. The file is named after the
school, ``学校名称-退回.xlsx``, made safe for any file system; two schools of one name are told
apart by their 学校标识码, and what is still alike by a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.issues import Issue, Lang, Severity
from vetstat.usecases.aggregate import STATUS_WORDS, CityResult
from vetstat.usecases.validate import Report

RETURN_STATUSES = frozenset({"errors", "warnings", "code_conflict"})
SUFFIX = "-退回.xlsx"
# characters Windows, macOS or a USB stick's FAT refuse in a name, and the control characters
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                       *(f"lpt{n}" for n in range(1, 10))})
MAX_NAME = 60  # characters of the school's name kept in the file name


@dataclass
class ReturnFile:
    """One school's return file: whose, why, from which submission, and its name."""

    school_code: str | None
    name: str | None
    year: int | None
    file: str  # the submission, as the batch lists it
    source: Path
    status: str
    errors: int
    warnings: int
    issues: list[Issue] = field(repr=False)
    return_name: str = ""

    def school(self) -> dict[str, Any]:
        return {"name": self.name, "school_code": self.school_code, "year": self.year}

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """An entry of the JSON's ``returns`` (data contract §6)."""
        return {"school_code": self.school_code, "name": self.name, "file": self.file,
                "status": self.status, "errors": self.errors, "warnings": self.warnings,
                "return_file": self.return_name}

    def words(self, lang: Lang = Lang.ZH) -> str:
        zh, en = STATUS_WORDS[self.status]
        return zh if lang is Lang.ZH else en


def city_returns(result: CityResult, root: Path) -> list[ReturnFile]:
    """The return files of an aggregated folder ``root``, in the order of its files."""
    by_file: dict[str, list[Issue]] = {}
    for issue in result.issues:
        by_file.setdefault(issue.file, []).append(issue)
    returns = [ReturnFile(school.school_code, school.name, school.year, school.file,
                          root / school.file, school.status, school.errors, school.warnings,
                          by_file.get(school.file, []))
               for school in result.schools if school.status in RETURN_STATUSES]
    return named(returns)


def report_returns(reports: Sequence[Report]) -> list[ReturnFile]:
    """The return files of validated workbooks (``validate --returns``)."""
    returns = []
    for report in reports:
        if report.status not in RETURN_STATUSES:
            continue
        school = report.school()
        warnings = sum(1 for issue in report.issues if issue.severity is Severity.WARNING)
        returns.append(ReturnFile(school["school_code"], school["name"], school["year"],
                                  report.file, report.path, report.status, report.errors,
                                  warnings, list(report.issues)))
    return named(returns)


def named(returns: list[ReturnFile]) -> list[ReturnFile]:
    """Give each a distinct, safe file name: ``学校名称-退回.xlsx``; a name two schools share
    gets each one's 学校标识码; anything still alike a number (names compared as a
    case-insensitive file system would)."""
    stems = [_safe(entry.name) or _safe(Path(entry.file).stem) or "学校" for entry in returns]
    shared = Counter(stem.casefold() for stem in stems)
    taken: set[str] = set()
    for entry, stem in zip(returns, stems, strict=True):
        if shared[stem.casefold()] > 1 and entry.school_code:
            stem = f"{stem}-{_safe(entry.school_code)}"
        candidate, number = f"{stem}{SUFFIX}", 2
        while candidate.casefold() in taken:
            candidate = f"{stem}-{number}{SUFFIX}"
            number += 1
        taken.add(candidate.casefold())
        entry.return_name = candidate
    return returns


def _safe(text: str | None) -> str:
    """``text`` as part of a file name: no character a file system refuses, no leading or
    trailing dots and spaces, not a Windows device name, at most :data:`MAX_NAME` characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cf", "Cc"))
    text = _UNSAFE.sub("_", text).strip(" .")[:MAX_NAME].strip(" .")
    if text.casefold() in _RESERVED:
        text = f"_{text}"
    return text
