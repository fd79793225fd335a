"""Validating one school workbook: read it, run every check, keep the result as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.config import Config
from vetstat.core.contract import SchoolData
from vetstat.core.issues import HasIssues, Issue, Lang, count, sort_key
from vetstat.reading.batch import NotSchool, workbook_kind
from vetstat.reading.result import Workbook
from vetstat.reading.workbook import read_workbook
from vetstat.rules.registry import run_checks


@dataclass
class Report(HasIssues):
    """The result for one workbook: the issues found and, when readable, the data."""

    file: str
    path: Path
    issues: list[Issue] = field(default_factory=list)
    data: SchoolData | None = None
    workbook: Workbook | None = None
    not_school: NotSchool | None = None  # a workbook that reads but is no school's

    @property
    def status(self) -> str:
        """The submission status of data contract §4.1 that one file can have alone."""
        if self.not_school is not None:
            return "not_school"
        if not self.readable:
            return "unreadable"
        if self.errors:
            return "errors"
        return "warnings" if self.unexplained_warnings else "passed"

    @property
    def readable(self) -> bool:
        return self.data is not None

    @property
    def errors(self) -> int:
        return count(self.issues)[0]

    @property
    def unexplained_warnings(self) -> int:
        return count(self.issues)[1]

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def passes(self, strict: bool = False) -> bool:
        return self.valid and not (strict and self.unexplained_warnings)

    def school(self) -> dict[str, Any]:
        info = self.data.school if self.data else None
        return {
            "name": info.name if info else None,
            "school_code": info.school_code if info else None,
            "year": info.year if info else None,
        }

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        return {
            "file": self.file,
            "valid": self.valid,
            "status": self.status,
            "school": self.school(),
            "errors": self.errors,
            "warnings": sum(1 for i in self.issues if i.is_warning),
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def validate_workbook(path: Path, config: Config | None = None, *, file: str | None = None,
                      keep_workbook: bool = False) -> Report:
    """Read ``path`` and check it against every rule; never raises for bad content."""
    book = read_workbook(path, file)
    what = workbook_kind(book.sheet_titles, len(book.sheet_names)) if book.readable else None
    if what is not None:  # no school's: its missing sheets are no news, X907 says what it is
        return Report(file=book.file, path=path, not_school=what,
                      issues=[Issue("X907", book.file, params={"reason": what.reason_zh,
                                                               "reason_en": what.reason_en})],
                      workbook=book if keep_workbook else None)
    issues = list(book.issues)
    if book.readable:
        issues.extend(run_checks(book, config or Config()))
    issues.sort(key=sort_key)
    return Report(
        file=book.file,
        path=path,
        issues=issues,
        data=book.data if book.readable else None,
        workbook=book if keep_workbook else None,
    )
