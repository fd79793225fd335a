"""The rules across the schools of a batch (X901–X905): one school twice, a file of another
year, one name under two codes, a file that could not be read, a figure far from the city
median.  Their words are in :mod:`vetstat.core.rulebook.city`; the indicators X905 watches are
flagged in the catalogue (:mod:`vetstat.core.indicators`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from typing import Any

from vetstat.core.config import Config
from vetstat.core.contract import SHEET_BY_KEY
from vetstat.core.indicators import views
from vetstat.core.issues import Issue, Lang
from vetstat.core.numbers import fixed, rounded
from vetstat.figures.summary import SchoolSummary

MIN_SCHOOLS_FOR_MEDIAN = 3


def cross_school_issues(schools: Sequence[SchoolSummary], year: int | None, config: Config, *,
                        year_given: bool = False) -> list[Issue]:
    """X901–X905 over the summaries of a batch of ``year``; marks duplicates and counts the
    issues on each school."""
    found: list[Issue] = []
    found.extend(_duplicates(schools))
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
            else:
                school.warnings += 1
    return found


def _at(school: SchoolSummary, code: str, sheet_key: str, key: str, **fields: Any) -> Issue:
    """An issue on ``school`` at the cell of field ``key`` (the sheet at least)."""
    sheet, cell = school.cells.get(key, (SHEET_BY_KEY[sheet_key].title, None))
    return Issue(code, school.file, sheet=sheet, cell=cell, field=key, **fields)


def kept_before(school: SchoolSummary, first: dict[str, SchoolSummary]) -> SchoolSummary | None:
    """X901's rule: the school read earlier with the same 学校标识码, which is kept; None when
    this one counts (it is then recorded in ``first`` if it has a code)."""
    if not school.readable or not school.school_code:
        return None
    kept = first.setdefault(school.school_code, school)
    return None if kept is school else kept


def _duplicates(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    first: dict[str, SchoolSummary] = {}
    for school in schools:
        kept = kept_before(school, first)
        if kept is not None:
            school.duplicate_of = kept.file
            yield _at(school, "X901", "school", "school_code", value=school.school_code,
                      expected="每所学校一个文件 / one file per school",
                      params={"other": kept.file})


def _wrong_year(schools: Sequence[SchoolSummary], year: int | None,
                year_given: bool) -> Iterator[Issue]:
    if year is None:
        return
    basis = ("--year 指定", "given with --year") if year_given else (
        "多数学校填报的年度", "the year most schools report")
    for school in schools:
        if school.readable and school.year is not None and school.year != year:
            yield _at(school, "X902", "school", "year", value=school.year, expected=str(year),
                      params={"basis": basis[0], "basis_en": basis[1]})


def _one_name_two_codes(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    seen: dict[str, SchoolSummary] = {}
    for school in schools:
        if not school.counted or not school.name or not school.school_code:
            continue
        name = "".join(school.name.split())
        other = seen.setdefault(name, school)
        if other is not school and other.school_code != school.school_code:
            yield _at(school, "X903", "school", "name", value=school.name,
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
                yield _at(school, "X905", indicator.sheet, indicator.cell_field,
                          value=rounded(value, 2), expected=f"{fixed(low, 2)}–{fixed(high, 2)}",
                          params={"indicator": indicator.header(Lang.ZH),
                                  "indicator_en": indicator.header(Lang.EN),
                                  "median": rounded(median, 2), "factor": _plain_number(factor)})


def _plain_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
