"""The rules across the cities of a province (X920, X921): a province is compiled from its
cities' workbooks, each carrying its schools' summaries.

- X920: one 学校标识码 in two cities' workbooks.  The school is counted once: in the city its
  行政区划代码 lies in, else in the first city (in the order of their codes); the other entry is
  marked a duplicate (left out of the province's figures, as X901 leaves a school's second file
  out of a city's).
- X921: a city workbook whose year is not the batch's.  The city still counts, as a school of
  another year does (X902): leaving a whole city out silently would be worse.
- X922, X923: with a roster of the cities (行政区划代码, 城市名称), a city on it that sent no
  workbook, and a city workbook not on it (its code is its schools' prefecture).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from vetstat.core.issues import Issue
from vetstat.figures.summary import SchoolSummary
from vetstat.reading.roster import Roster, RosterEntry


@dataclass(frozen=True)
class CityEntry:
    """One city workbook as the rules see it: its file, the city's name, its year and its
    schools."""

    file: str
    name: str
    year: int | None
    schools: Sequence[SchoolSummary]
    division_code: str | None = None  # the prefecture's (220800)

    def holds(self, school: SchoolSummary) -> bool:
        """Whether the school's 行政区划代码 lies in this city."""
        code = school.division_code or ""
        return bool(self.division_code) and code[:4] + "00" == self.division_code


def cross_city_issues(cities: Sequence[CityEntry], year: int | None, *,
                      year_given: bool = False) -> list[Issue]:
    """X920 and X921 over the cities of a province of ``year``; marks the schools X920 leaves
    out (``duplicate_of``)."""
    found = list(_school_in_two_cities(cities))
    found.extend(_wrong_year(cities, year, year_given))
    by_file = {school.file: school for city in cities for school in city.schools}
    for issue in found:
        school = by_file.get(issue.file)
        if school is not None and issue.is_error:
            school.errors += 1
    return found


def _school_in_two_cities(cities: Sequence[CityEntry]) -> Iterator[Issue]:
    seen: dict[str, tuple[CityEntry, SchoolSummary]] = {}
    for city in cities:
        for school in city.schools:
            if not school.counted or not school.school_code:
                continue
            first = seen.setdefault(school.school_code, (city, school))
            if first[0] is city:
                continue  # the same code twice in one city is that city's own X901 / X906
            kept_city, kept = first
            left_city, left = city, school
            if city.holds(school) and not kept_city.holds(kept):
                kept_city, kept, left_city, left = city, school, *first
                seen[school.school_code] = (city, school)
            left.duplicate_of = kept.file
            yield Issue("X920", left.file, sheet="学校信息", field="school_code",
                        value=left.school_code,
                        params={"name": left.name or "", "city": left_city.name,
                                "other_city": kept_city.name, "other": kept.file})


def _wrong_year(cities: Sequence[CityEntry], year: int | None,
                year_given: bool) -> Iterator[Issue]:
    if year is None:
        return
    basis = ("--year 指定", "given with --year") if year_given else (
        "多数城市的年度", "the year of most cities")
    for city in cities:
        if city.year is not None and city.year != year:
            yield Issue("X921", city.file, value=city.year, expected=str(year),
                        params={"city": city.name, "basis": basis[0], "basis_en": basis[1]})


def missing_cities(cities: Sequence[CityEntry], roster: Roster) -> list[RosterEntry]:
    """The roster's cities of which no workbook came."""
    sent = {city.division_code for city in cities if city.division_code}
    return [entry for entry in roster.entries if entry.school_code not in sent]


def city_roster_issues(cities: Sequence[CityEntry], roster: Roster) -> Iterator[Issue]:
    """X922 on the roster for each city that sent nothing; X923 on a city not on it."""
    for absent in missing_cities(cities, roster):
        yield Issue("X922", roster.file, value=absent.school_code,
                    expected="名单中的每个城市报送一个汇总工作簿 / one workbook from each city on the roster",
                    params={"name": absent.name})
    listed = roster.by_code()
    for city in cities:
        if city.division_code not in listed:
            yield Issue("X923", city.file, value=city.division_code or "",
                        params={"name": city.name})
