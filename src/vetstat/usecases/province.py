"""Aggregating a folder of city workbooks into the province's figures (data contract §4.3).

A folder holding only vetstat city workbooks (``aggregate -o``) is a province; one holding city
and school workbooks together is refused (:class:`MixedFolder`, the CLI exits 2 naming both
kinds).  Each city workbook is read back (:func:`vetstat.usecases.citydata.read_city_workbook`):
its schools' summaries, issues and name.  The province's figures are pooled from all the
cities' schools exactly as a city's are from its schools; the cities are kept for 分市明细.

- the cities are in the order of their GB/T 2260 codes, as a province lists them;
- a school in two cities' workbooks (X920) is counted once, in the city its code lies in;
- a city workbook of another year (X921) still counts, flagged;
- a workbook that is no city's (another spreadsheet, a diff) is listed and not counted (X907);
  one that cannot be read leaves the province incomplete (X904);
- a city workbook that is damaged or from another vetstat is unusable input
  (:class:`~vetstat.usecases.citydata.CityWorkbookError`).

A school's file is named inside its city's workbook: ``白城市-2022.xlsx › 一职高.xlsx``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from vetstat.core.config import Config
from vetstat.core.issues import Issue, sort_key
from vetstat.reading.batch import NotSchool, discover
from vetstat.reading.levels import CITY, UNREADABLE, Level, examples, examples_en, folder_level
from vetstat.reading.roster import Roster
from vetstat.rules.province import (
    CityEntry,
    city_roster_issues,
    cross_city_issues,
    missing_cities,
)
from vetstat.usecases.citydata import read_city_workbook
from vetstat.usecases.pool import Passed
from vetstat.usecases.provincedata import WITHIN, CityPart, ProvinceResult, prefecture_code


class MixedFolder(Exception):
    """A folder holding city workbooks and school workbooks together; the message (Chinese /
    English) names both kinds with examples and says what to do."""


def level_of(folder: Path, exclude: Sequence[Path] = ()) -> Level:
    """The level of ``folder`` (``city``, ``province``); raise :class:`MixedFolder` for a folder
    that mixes the two."""
    found, _ = discover(folder, exclude)
    level = folder_level(found)
    if level.level == "mixed":
        cities, schools = level.of(CITY), level.of("school")
        raise MixedFolder(
            f"{folder} 中既有城市汇总工作簿（{examples(cities, folder)}），又有学校工作簿"
            f"（{examples(schools, folder)}）：一个文件夹要么是一个市各学校的工作簿（汇总为全市），要么是一个省"
            "各市的汇总工作簿（汇总为全省）。请把两类文件分开放在两个文件夹中，再分别汇总 / "
            f"{folder} holds city workbooks ({examples_en(cities, folder)}) and school "
            f"workbooks ({examples_en(schools, folder)}): a folder is either a city's school "
            "workbooks (aggregated as the city) or a province's city workbooks (aggregated as "
            "the province). Put the two kinds in two folders and aggregate each.")
    return level


def aggregate_province(folder: Path, level: Level, config: Config | None = None, *,
                       year: int | None = None, roster: Roster | None = None) -> ProvinceResult:
    """The province of the city workbooks of ``level`` (:func:`level_of` of ``folder``);
    ``year`` (``--year``) overrides the batch's year; ``roster``: the cities that must send
    their workbook (X922, X923)."""
    config = config or Config()
    result = ProvinceResult(year=year)
    entries: list[CityEntry] = []
    for path in level.of(CITY):
        name = _name(path, folder)
        city = read_city_workbook(path)
        for school in city.schools:
            school.file = f"{name}{WITHIN}{school.file}"
            if school.duplicate_of is not None:
                school.duplicate_of = f"{name}{WITHIN}{school.duplicate_of}"
        part = CityPart(name, city.place().city, prefecture_code(city.included), city.year,
                        city.schools)
        result.cities.append(part)
        result.schools.extend(city.schools)
        result.issues.extend(replace(issue, file=f"{name}{WITHIN}{issue.file}")
                             for issue in city.issues)
        entries.append(CityEntry(name, part.label, part.year, part.schools,
                                 part.division_code))
    # the cities in the order of GB/T 2260, as a province lists them (长春市 220100 first)
    order = sorted(range(len(entries)), key=lambda n: (entries[n].division_code is None,
                                                       entries[n].division_code or "",
                                                       entries[n].file))
    result.cities = [result.cities[n] for n in order]
    entries = [entries[n] for n in order]
    result.schools = [school for city in result.cities for school in city.schools]
    unreadable = [_name(path, folder) for path in level.of(UNREADABLE)]
    for kind, paths in level.kinds.items():
        if kind not in (CITY, UNREADABLE):
            result.not_school.extend(Passed(_name(path, folder), _not_a_city(kind))
                                     for path in paths)
    if result.year is None:
        years = Counter(city.year for city in result.cities if city.year is not None)
        result.year = max(years, key=lambda y: (years[y], y)) if years else None
    result.issues.extend(cross_city_issues(entries, result.year, year_given=year is not None))
    if roster is not None:
        result.roster = roster
        result.missing = missing_cities(entries, roster)
        result.issues.extend(city_roster_issues(entries, roster))
    total = len(result.cities) + len(unreadable)
    result.issues.extend(Issue("X904", file, params={"included": len(result.cities),
                                                     "total": total}) for file in unreadable)
    result.issues.extend(Issue("X907", passed.file, params={
        "reason": passed.what.reason_zh, "reason_en": passed.what.reason_en})
        for passed in result.not_school)
    result.issues.sort(key=sort_key)
    return result


def _not_a_city(kind: str) -> NotSchool:
    if kind == "school":  # (never: a folder with school workbooks is refused first)
        return NotSchool(kind, "学校工作簿，不是城市汇总工作簿", "a school's workbook, not a city's")
    return NotSchool(kind, "不是 vetstat 写出的城市汇总工作簿", "not a city workbook written by vetstat")


def _name(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return path.name
