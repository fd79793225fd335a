"""The rules across the schools of a batch (X901–X906): one school twice, two schools under
one code, a file of another year, one name under two codes, a file that could not be read, a
figure far from the city median.  Their words are in :mod:`vetstat.core.rulebook.city`; the indicators X905 watches are
flagged in the catalogue (:mod:`vetstat.core.indicators`).
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from vetstat.core.config import Config
from vetstat.core.contract import SHEET_BY_KEY
from vetstat.core.indicators import views
from vetstat.core.issues import Issue, Lang
from vetstat.core.numbers import fixed, rounded
from vetstat.core.text import without_format_characters
from vetstat.figures.summary import SchoolSummary

MIN_SCHOOLS_FOR_MEDIAN = 3


def cross_school_issues(schools: Sequence[SchoolSummary], year: int | None, config: Config, *,
                        year_given: bool = False,
                        roster: Mapping[str, str] | None = None) -> list[Issue]:
    """X901–X906 over the summaries of a batch of ``year``; marks duplicates and conflicts and
    counts the issues on each school. ``roster``: 学校标识码 → the roster's name."""
    found: list[Issue] = []
    found.extend(_duplicates(schools, year, roster))
    found.extend(_wrong_year(schools, year, year_given))
    found.extend(_one_name_two_codes(schools))
    found.extend(_unreadable(schools))
    found.extend(_outliers([s for s in schools if s.counted], config.thresholds.median_factor))
    by_file = {school.file: school for school in schools}
    for issue in found:
        school = by_file.get(issue.file)
        if school is not None:
            if issue.is_error:
                school.errors += 1
            elif issue.is_warning:
                school.warnings += 1
                school.unexplained += 0 if issue.explained else 1
    return found


def at_cell(school: SchoolSummary, code: str, sheet_key: str, key: str, **fields: Any) -> Issue:
    """An issue on ``school`` at the cell of field ``key`` (the sheet at least)."""
    sheet, cell = school.cells.get(key, (SHEET_BY_KEY[sheet_key].title, None))
    return Issue(code, school.file, sheet=sheet, cell=cell, field=key, **fields)


def name_key(name: str | None) -> str:
    """A school name as compared across files: NFKC, no format characters (zero-width spaces,
    BOMs), no white space, case folded."""
    text = without_format_characters(unicodedata.normalize("NFKC", name or ""))
    return "".join(c for c in text if not c.isspace()).casefold()


def _duplicates(schools: Sequence[SchoolSummary], year: int | None,
                roster: Mapping[str, str] | None) -> Iterator[Issue]:
    """X901 among the files of one 学校标识码 and one name (one counts, by :func:`_rank`), X906
    between the names under one code (all count; with a roster, the roster's name keeps it)."""
    by_code: dict[str, dict[str, list[SchoolSummary]]] = {}
    for school in schools:
        if school.readable and school.school_code:
            names = by_code.setdefault(school.school_code, {})
            names.setdefault(name_key(school.name), []).append(school)
    for code, names in by_code.items():
        kept_ones = []
        for same in names.values():
            kept = min(same, key=lambda s: _rank(s, year))
            kept_ones.append(kept)
            for school in same:
                if school is not kept:
                    school.duplicate_of = kept.file
                    why = _why_kept(kept, school, year)
                    yield at_cell(school, "X901", "school", "school_code", value=code,
                              expected="每所学校一个文件 / one file per school",
                              params={"other": kept.file, "why": why[0], "why_en": why[1]})
        if len(kept_ones) < 2:
            continue
        owner_name = name_key(roster.get(code)) if roster and code in roster else None
        owner = next((s for s in kept_ones if name_key(s.name) == owner_name), None)
        for school in kept_ones:
            if school is owner:
                continue
            other = owner or next(s for s in kept_ones if s is not school)
            school.code_conflict = other.file
            counted = ((f"名单中该标识码属于“{roster[code]}”。",
                        f"The roster gives the code to '{roster[code]}'. ")
                       if owner is not None and roster else
                       ("两个文件都计入合计，各算一所学校。", "Both files are counted, as two schools. "))
            yield at_cell(school, "X906", "school", "school_code", value=code,
                      expected="每所学校一个标识码 / one code per school",
                      params={"other": other.file, "other_name": other.name or "",
                              "counted": counted[0], "counted_en": counted[1]})


def _rank(school: SchoolSummary, year: int | None) -> tuple[bool, bool, float]:
    """X901's order, best first: the batch's year, then no errors, then the latest saved
    (``min`` keeps the first of equals: path order)."""
    return (year is not None and school.year != year, school.errors > 0,
            -(school.saved_at or 0.0))


def _why_kept(kept: SchoolSummary, dropped: SchoolSummary, year: int | None) -> tuple[str, str]:
    if year is not None and kept.year == year and dropped.year != year:
        return (f"其统计年度为本批的 {year} 年，本文件为 {dropped.year} 年",
                f"its report year is the batch's {year}, this file's is {dropped.year}")
    if not kept.errors and dropped.errors:
        return ("它没有错误，本文件有错误", "it has no errors and this file has")
    if (kept.saved_at or 0.0) > (dropped.saved_at or 0.0):
        when = datetime.fromtimestamp(kept.saved_at or 0.0, UTC).strftime("%Y-%m-%d %H:%M")
        return (f"它保存得较晚（{when} UTC）", f"it was saved later ({when} UTC)")
    return ("两份文件同样可用，按文件路径顺序保留在前的一份",
            "both are equally good; the first in path order is kept")


def _wrong_year(schools: Sequence[SchoolSummary], year: int | None,
                year_given: bool) -> Iterator[Issue]:
    if year is None:
        return
    basis = ("--year 指定", "given with --year") if year_given else (
        "多数学校填报的年度", "the year most schools report")
    for school in schools:
        if school.counted and school.year is not None and school.year != year:
            yield at_cell(school, "X902", "school", "year", value=school.year, expected=str(year),
                      params={"basis": basis[0], "basis_en": basis[1]})


def _one_name_two_codes(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    seen: dict[str, SchoolSummary] = {}
    for school in schools:
        if not school.counted or not school.name or not school.school_code:
            continue
        name = name_key(school.name)
        other = seen.setdefault(name, school)
        if other is not school and other.school_code != school.school_code:
            yield at_cell(school, "X903", "school", "name", value=school.name,
                      expected="一个名称一个标识码 / one code per name",
                      params={"code": school.school_code, "other": other.file,
                              "other_code": other.school_code})


def _unreadable(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    included = sum(1 for s in schools if s.counted)
    for school in schools:
        if not school.readable:
            yield Issue("X904", school.file, params={"included": included, "total": len(schools)})


def _outliers(schools: Sequence[SchoolSummary], factor: float) -> Iterator[Issue]:
    if factor <= 1:
        return  # a factor of 1 or less would flag every school but the median
    figures = [(school, school.indicators()) for school in schools]
    for indicator in views().all:
        if not indicator.outlier:
            continue
        key = indicator.key
        values = [(school, f[key]) for school, f in figures if f.get(key) is not None]
        if len(values) < MIN_SCHOOLS_FOR_MEDIAN:
            continue
        median = statistics.median(value for _school, value in values)
        if median <= 0:
            continue
        low, high = median / factor, median * factor
        for school, value in values:
            if value > high or value < low:
                assert indicator.sheet is not None and indicator.cell_field is not None
                yield at_cell(school, "X905", indicator.sheet, indicator.cell_field,
                          value=rounded(value, 2), expected=f"{fixed(low, 2)}–{fixed(high, 2)}",
                          params={"indicator": indicator.header(Lang.ZH),
                                  "indicator_en": indicator.header(Lang.EN),
                                  "median": rounded(median, 2), "factor": _plain_number(factor)})


def _plain_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
