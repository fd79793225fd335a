"""Aggregating a folder of school workbooks into the city's figures (data contract §4, §6).

Every file is read, validated and reduced to a small :class:`SchoolSummary`; the city's figures
are computed from the summaries only, so memory stays flat however many schools there are.
Counts are summed, every ratio is recomputed from summed parts, majors are distinct codes.

What happens to the files (data contract §4.1, rules X901–X907):

- every file below the folder is classified (:mod:`vetstat.reading.batch`): documents, pictures,
  lock and hidden files are passed over silently; a workbook that is not a school's (vetstat's
  own city or diff workbook, any other spreadsheet) is listed as ``not_school`` (X907) and never
  counted; everything else is a submission;
- a submission that cannot be read (F001) is left out and named (X904, "6/7 个文件计入");
- a file with errors is included and marked; the exit code says so;
- files of one 学校标识码 and one school name (X901): one counts — the batch's year, then no
  errors, then the latest saved, then path order — the others are marked "重复，未计入";
- one 学校标识码 under two names (X906): two schools, both counted, both flagged (with a roster,
  the roster's name keeps the code);
- a file whose 统计年度 is not the batch's (X902) is included and flagged: it is usually a
  typing slip in the year cell, and leaving a school out silently would be worse.

The files are read by :mod:`vetstat.usecases.pool`, the figures made by :mod:`vetstat.figures`
and re-added by its reconciliation; the rules across schools are :mod:`vetstat.rules.city`.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.config import Config
from vetstat.core.issues import HasIssues, Issue, Lang, sort_key
from vetstat.core.jsondoc import JsonLines, JsonText, compact_json
from vetstat.core.places import Place, place_of
from vetstat.figures.city import city_figures
from vetstat.figures.groups import Group, city_groups, groups_document, pool
from vetstat.figures.reconcile import RowSums, ensure_reconciled
from vetstat.figures.summary import SchoolSummary
from vetstat.reading.batch import Skipped, discover
from vetstat.reading.roster import Roster, RosterEntry
from vetstat.rules.city import cross_school_issues
from vetstat.rules.roster import attribute_unreadable, missing_schools, roster_issues
from vetstat.usecases.pool import Passed, Progress, Task, figures_fragment, outcomes


@dataclass
class CityResult(HasIssues):
    """A city's year: every school's summary (readable or not), every issue, what was skipped."""

    year: int | None
    schools: list[SchoolSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # no submissions, passed over silently
    not_school: list[Passed] = field(default_factory=list)  # workbooks that are no school's
    roster: Roster | None = None  # who must submit (--roster), if given
    missing: list[RosterEntry] = field(default_factory=list)  # on the roster, sent nothing
    # each school's figures as JSON, made where its file was read (for --format json), in the
    # order of ``schools``; empty when not made (e.g. read back from a city workbook)
    school_json: list[bytes | None] = field(default_factory=list, repr=False, compare=False)
    # the city and 填报单位 the bureau gave (--city/--unit or [batch]); see :meth:`place`
    given_city: str | None = None
    given_unit: str | None = None

    @property
    def included(self) -> list[SchoolSummary]:
        """The schools whose figures count (readable files, duplicates left out)."""
        return [s for s in self.schools if s.counted]

    @property
    def valid(self) -> bool:
        return all(not issue.is_error for issue in self.issues)

    def city(self) -> dict[str, Any]:
        """The city's figures, with how many schools report each (``coverage``)."""
        return pool(self.included)

    def groups(self) -> dict[str, list[Group]]:
        """The counted schools by 隶属关系 (``affiliation``) and by 县（市、区） (``county``),
        each group pooled as the city is (:mod:`vetstat.figures.groups`)."""
        return city_groups(self.included)

    def place(self) -> Place:
        """The city the tables are titled with: the given one, else the prefecture the
        counted schools' 行政区划代码 name (several prefectures are said, never guessed)."""
        return place_of((s.division_code for s in self.included), self.given_city,
                        self.given_unit)

    def reconcile(self) -> None:
        """Raise :class:`ReconciliationError` unless every city figure re-adds from the schools."""
        ensure_reconciled(self.included, self.city())

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        document = self.json_document(lang)
        document["schools"] = [school_document(school) for school in self.schools]
        document["issues"] = list(document["issues"].items())
        return document

    def _school_json(self) -> list[bytes | None]:
        made = self.school_json
        return made if len(made) == len(self.schools) else [None] * len(self.schools)

    def json_document(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """:meth:`to_dict` with the schools and the issues made as they are written."""
        return {
            "level": "city",  # a province's says "province" (usecases.provincedata)
            "year": self.year,
            "place": self.place().to_dict(),
            "files": {"total": len(self.schools), "included": len(self.included)},
            "schools": JsonLines(lambda: map(school_line, self.schools, self._school_json())),
            "city": self.city(),
            "groups": groups_document(self.groups()),
            "issues": JsonLines(lambda: (issue.to_dict(lang) for issue in self.issues)),
            "skipped": [{"file": str(s.path), "reason": s.reason(lang.value)} for s in self.skipped],
            "submissions": [entry.to_dict(lang) for entry in self.submissions()],
        }

    def submissions(self) -> list[Submission]:
        """Every submission and what became of it, in path order."""
        listed = self.roster.by_code() if self.roster is not None else None
        entries = [Submission.of(school, None if listed is None else (
            school.school_code in listed and school.code_conflict is None))
                   for school in self.schools]
        entries.extend(Submission(None, None, passed.file, "not_school", None, False, 0, 0,
                                  (passed.what.reason_zh, passed.what.reason_en))
                       for passed in self.not_school)
        entries.sort(key=lambda entry: entry.file or "")
        entries.extend(Submission(entry.school_code, entry.name, None, "missing", True, False, 1,
                                  0) for entry in self.missing)
        return entries


STATUS_WORDS = {
    "passed": ("通过", "passed"),
    "warnings": ("有未说明的警告", "unexplained warnings"),
    "errors": ("有错误", "errors"),
    "unreadable": ("无法读取", "unreadable"),
    "duplicate": ("重复未计入", "duplicate, not counted"),
    "code_conflict": ("标识码冲突", "school code conflict"),
    "missing": ("未报送", "not submitted"),
    "not_school": ("非学校文件", "not a school's file"),
}


@dataclass(frozen=True)
class Submission:
    """One line of 报送情况: a file, or a school on the roster that sent none."""

    school_code: str | None
    name: str | None
    file: str | None
    status: str  # a key of STATUS_WORDS
    on_roster: bool | None  # None: no roster given
    counted: bool
    errors: int
    warnings: int
    reason: tuple[str, str] | None = None  # why a file is not_school

    @classmethod
    def of(cls, school: SchoolSummary, on_roster: bool | None = None) -> Submission:
        return cls(school.school_code, school.name, school.file, school.status, on_roster,
                   school.counted, school.errors, school.warnings)

    def words(self, lang: Lang = Lang.ZH) -> str:
        zh, en = STATUS_WORDS[self.status]
        return zh if lang is Lang.ZH else en

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        document = {"school_code": self.school_code, "name": self.name, "file": self.file,
                    "status": self.status, "on_roster": self.on_roster, "counted": self.counted,
                    "errors": self.errors, "warnings": self.warnings}
        if self.reason is not None:
            document["reason"] = self.reason[0] if lang is Lang.ZH else self.reason[1]
        return document


def school_document(summary: SchoolSummary) -> dict[str, Any]:
    """A school in the §6 JSON: identity, validity, and the same indicator keys as the city."""
    document = _school_identity(summary)
    if summary.readable:
        document.update(city_figures([summary]))
    return document


def school_line(summary: SchoolSummary, figures_json: bytes | None = None) -> JsonText:
    """:func:`school_document` as one line of JSON: its identity, then its figures
    (``figures_json``: made in the worker that read the file, see :func:`vetstat.usecases.pool.summarise_file`)."""
    identity = compact_json(_school_identity(summary))
    if not summary.readable:
        return JsonText(identity)
    if figures_json is not None:
        figures = zlib.decompress(figures_json).decode()
    else:
        figures = figures_fragment(city_figures([summary]))
    return JsonText(f"{identity[:-1]}, {figures}}}" if figures else identity)


def _school_identity(summary: SchoolSummary) -> dict[str, Any]:
    return {
        "name": summary.name,
        "school_code": summary.school_code,
        "file": summary.file,
        "valid": summary.valid,
        "readable": summary.readable,
        "counted": summary.counted,
        "status": summary.status,
        "duplicate_of": summary.duplicate_of,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "year": summary.year,
        "county": summary.county,
        "affiliation": summary.affiliation,
    }


def aggregate_files(files: Sequence[Path], config: Config | None = None, *,
                    year: int | None = None, root: Path | None = None,
                    progress: Progress | None = None, jobs: int | None = None,
                    school_json: bool = False, roster: Roster | None = None) -> CityResult:
    """Validate and summarise every file, then check across schools (X901–X905).

    ``year`` (``--year``) overrides the batch's year; ``jobs`` is the number of worker
    processes (default: the CPUs; 1 = serial); ``progress(done, total)`` is called per file;
    workbooks that are no school's are listed in ``not_school``; ``school_json``:
    each school's figures are also encoded as JSON where the file is read (for a national
    ``--format json``; the document is the same without, made in the parent instead).
    The result is the same, issue for issue, whatever ``jobs`` is.
    """
    config = config or Config()
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    tasks = [Task(path, str(path.relative_to(root)) if root else path.name, config, school_json)
             for path in files]
    result = CityResult(year=year)
    # each school's sums, held until X901 has said which files count (it needs the batch's
    # year); 93 numbers a school, a national batch's are a few tens of MB at most
    held: list[tuple[Any, ...] | None] = []
    # closed however the loop ends (a signal turned into an exception): no worker outlives it
    with contextlib.closing(outcomes(tasks, jobs, progress)) as read:
        for outcome in read:
            if isinstance(outcome, Passed):
                result.not_school.append(outcome)
                continue
            summary, issues, summed, figures_json = outcome
            result.schools.append(summary)
            result.school_json.append(figures_json)
            result.issues.extend(issues)
            held.append(summed)
    if result.year is None:
        result.year = batch_year(result.schools)
    names = {entry.school_code: entry.name for entry in roster.entries} if roster else None
    result.issues.extend(cross_school_issues(result.schools, result.year, config,
                                             year_given=year is not None, roster=names))
    if roster is not None:
        result.roster = roster
        attribute_unreadable(result.schools, roster)
        result.missing = missing_schools(result.schools, roster)
        result.issues.extend(roster_issues(result.schools, roster))
    result.issues.extend(Issue("X907", passed.file, params={
        "reason": passed.what.reason_zh, "reason_en": passed.what.reason_en})
        for passed in result.not_school)
    result.issues.sort(key=sort_key)
    sums = RowSums()
    for school, summed in zip(result.schools, held, strict=True):
        if school.counted and summed is not None:  # (None: unreadable)
            sums.add_values(summed)
    ensure_reconciled(result.included, result.city(), sums)
    return result


def aggregate_folder(folder: Path, config: Config | None = None, *, year: int | None = None,
                     progress: Progress | None = None, jobs: int | None = None,
                     school_json: bool = False, exclude: Sequence[Path] = (),
                     roster: Roster | None = None) -> CityResult:
    """Every submission below ``folder`` (:func:`vetstat.reading.batch.discover`; ``exclude``:
    other files that are no submissions); ``school_json`` and ``roster`` as for
    :func:`aggregate_files`; the roster and configuration files are never read as schools."""
    config = config or Config()
    own = [path for path in (config.source, roster.path if roster else None) if path]
    found, skipped = discover(folder, [*exclude, *own])
    result = aggregate_files(found, config, year=year, root=folder, progress=progress, jobs=jobs,
                             school_json=school_json, roster=roster)
    result.skipped[:0] = skipped
    return result


def batch_year(schools: Sequence[SchoolSummary]) -> int | None:
    """The batch's year: the one most schools report (ties: the latest)."""
    years = [s.year for s in schools if s.year is not None]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))
