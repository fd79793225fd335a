"""Two years side by side: the city's and every school's indicators, and the Y rules (§2, §5, §6).

:func:`diff_years` compares two :class:`~vetstat.usecases.aggregate.CityResult` objects.  Schools are
matched on 学校标识码, and on the school name only when the code does not match (Y006).  Each
indicator gets its old and new value, the change, and the change in percent — for rates (values
already in percent) the change in percentage points instead, said by ``change_pct_unit``.

Which indicators Y001 watches is the ``watched`` flag of the indicator catalogue
(:mod:`vetstat.core.indicators`); why those, in :mod:`vetstat.rules.years`.

The cohort checks (Y004, Y005) compare this year's grade with last year's grade below it, which
means something only for consecutive years; for other pairs they are skipped and Y007 says so.

An issue about a school names the new year's file of that school (the old year's for a school
that is gone), its sheet and field, and the cell where the summary kept it; an issue about the
city names the new side as given.  Besides the Y rules, the comparison carries what makes a side
incomplete or unreliable: the issues of files that could not be read and the cross-school errors
(X901 duplicate codes, X902 another year, X904); the schools' own findings stay with
``validate`` and ``aggregate``.  Y003 only lists: its entries (severity ``info``) are kept
apart from the issues, in ``YearDiff.listed``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from vetstat.core.config import Config
from vetstat.core.issues import Issue, sort_key
from vetstat.core.places import place_of
from vetstat.figures.years import (
    MajorChange,
    Pair,
    SchoolDiff,
    YearDiff,
    city_majors,
    comparable,
    compare,
    match_schools,
    school_figures,
)
from vetstat.rules.years import ChangeChecks, cohorts, consecutive, y002, y003, y006, y007
from vetstat.usecases.aggregate import CityResult


def diff_years(old: CityResult, new: CityResult, config: Config | None = None, *,
               old_source: str | None = None, new_source: str | None = None) -> YearDiff:
    """Compare two years of a city; ``*_source`` name the sides (folder or workbook) in output."""
    config = config or Config()
    thresholds = config.thresholds
    new_label = new_source or (str(new.year) if new.year is not None else "new")
    issues, unreadable = sides_problems(old, new)
    listed: list[Issue] = []

    city = compare(comparable(old.city()), comparable(new.city()))
    checks = ChangeChecks(thresholds.diff_count_pct, thresholds.diff_rate_points)
    city = checks.flag(city, new_label, None, issues)

    schools = [_school_diff(pair, checks, issues) for pair in match_schools(old.included,
                                                                           new.included)]
    issues.extend(y007(new_label, old.year, new.year))
    for school in schools:
        if school.status != "both":
            issues.append(y002(school, old.year, new.year))
            continue
        if school.matched_by == "name":
            issues.append(y006(school, old.year, new.year))
        listed.extend(y003(school, old.year, new.year))
        if consecutive(old.year, new.year):
            issues.extend(cohorts(school, old.year, new.year, thresholds.cohort_shrink_pct))
    opened, closed = city_majors(old.included, new.included)
    issues.sort(key=sort_key)
    listed.sort(key=sort_key)
    return YearDiff(old.year, new.year, city, schools, opened, closed, issues,
                    old_source=old_source, new_source=new_source, unreadable=sorted(unreadable),
                    listed=listed, place=place_of(
                        (s.division_code for side in (old, new) for s in side.included),
                        new.given_city or old.given_city, new.given_unit or old.given_unit))


def sides_problems(old: CityResult, new: CityResult) -> tuple[list[Issue], list[str]]:
    """Both sides' :func:`side_problems`, and the files of either that could not be read."""
    issues = side_problems(old) + side_problems(new)
    unreadable = [s.file for side in (old, new) for s in side.schools if not s.readable]
    return issues, unreadable


def side_problems(side: CityResult) -> list[Issue]:
    """What makes a side incomplete or its matching unreliable (why a file could not be read,
    duplicate codes, a file of another year); the schools' own findings belong to validate
    and aggregate."""
    left_out = {s.file for s in side.schools if not s.readable}
    return [i for i in side.issues
            if i.file in left_out or (i.code.startswith("X") and i.is_error)]


def _school_diff(pair: Pair, checks: ChangeChecks, issues: list[Issue]) -> SchoolDiff:
    old, new, matched_by = pair
    result = SchoolDiff(old, new, matched_by=matched_by)
    changes = compare(school_figures(old), school_figures(new))
    if old is not None and new is not None:
        changes = checks.flag(changes, new.file, new, issues)
        old_majors = {m.code: m for m in old.majors}
        new_majors = {m.code: m for m in new.majors}
        result.majors_opened = [MajorChange(code, m.name, 0, m.students)
                                for code, m in sorted(new_majors.items()) if code not in old_majors]
        result.majors_closed = [MajorChange(code, m.name, m.students, 0)
                                for code, m in sorted(old_majors.items()) if code not in new_majors]
    result.indicators = changes
    return result


class SideError(Exception):
    """A side of the comparison that does not exist or holds nothing to compare."""


def check_side(path: Path) -> None:
    """Raise :class:`SideError` unless ``path`` is a folder or a file :func:`load_side` may read."""
    if path.is_dir() or path.is_file():
        return
    hint = ""
    if path.name.isdigit() and len(path.name) == 4 and len(path.parts) == 1:
        hint = (f"（年度 {path.name} 指当前文件夹下的 {path.name} 文件夹）/ (a year names the folder "
                f"{path.name} in the working folder)")
    raise SideError(f"没有这个文件夹或文件 / no such folder or file: {path}{hint}")


def check_data_folder(path: Path) -> None:
    """Raise :class:`SideError` unless ``path`` names a folder of school workbooks as DATA of
    ``aggregate`` is written: a folder, or a bare year naming one (as :func:`check_side`). A
    city workbook holds the schools' summaries, not their files: it is refused, saying which
    commands take it."""
    check_side(path)
    if path.is_dir():
        return
    from vetstat.reading.batch import is_city_workbook

    if is_city_workbook(path) or path.suffix.lower() in (".xlsx", ".xls", ".ods"):
        raise SideError(
            f"{path} 是一个文件，不是学校工作簿所在的文件夹：aggregate 从学校的工作簿汇总。全市汇总工作簿"
            "（aggregate -o 写出）可用于 diff、report 和 aggregate --previous；检查单个学校的工作簿请用 "
            f"validate / {path} is a file, not the folder of the school workbooks: aggregate "
            "consolidates the schools' workbooks. A city workbook (written by aggregate -o) is "
            "read by diff, report and aggregate --previous; to check one school's workbook use "
            "validate")
    raise SideError(f"不是文件夹 / not a folder: {path}")


def load_side(path: Path, config: Config | None = None) -> CityResult:
    """One side: a folder of school workbooks (``2021`` names ``./2021``), or a consolidated
    workbook written by ``vetstat aggregate -o``.

    The files of a folder are named as the side was given (``samples/2022/一职高.xlsx``), so
    that the issues of two years cannot be confused; a consolidated workbook keeps the names it
    was written with.
    """
    from vetstat.usecases.citydata import CityWorkbookError, load_year

    config = config or Config()
    check_side(path)
    try:
        result = _province(path, config) if path.is_dir() else None
        result = result or load_year(path, config)
    except CityWorkbookError as exc:
        raise SideError(str(exc)) from exc
    if not path.is_dir():
        return result
    if not result.schools:
        raise SideError(f"文件夹中没有学校工作簿 / no school workbook in the folder: {path}")
    return _located(result, path)


def _province(folder: Path, config: Config) -> CityResult | None:
    """The province a folder of city workbooks is (None for a city's folder)."""
    from vetstat.usecases.province import MixedFolder, aggregate_province, level_of

    try:
        level = level_of(folder)
    except MixedFolder as exc:
        raise SideError(str(exc)) from exc
    if level.level != "province":
        return None
    province = aggregate_province(folder, level, config)
    for city in province.cities:
        city.file = str(folder / city.file)
    return province


def _located(result: CityResult, root: Path) -> CityResult:
    def where(file: str) -> str:
        return str(root / file)

    for school in result.schools:
        school.file = where(school.file)
    result.issues = [replace(issue, file=where(issue.file)) for issue in result.issues]
    return result
