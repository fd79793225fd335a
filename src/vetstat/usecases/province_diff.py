"""The year diff of a province, city by city (data contract §5, §6).

Two provinces (folders of city workbooks, or province workbooks written by ``aggregate -o``)
are compared as two cities are, with the cities in place of the schools: the province's
indicators (pooled from all the schools), then each city's (pooled from its schools), the
cities paired on their GB/T 2260 code and else on their name, the majors that appeared or
disappeared in the province and in each city.  Y001 flags a province's or a city's indicator
that moved past the thresholds; the cohort rules (Y004, Y005, Y008) are about a school's
classes and stay with the cities' own diffs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vetstat.core.config import Config
from vetstat.core.issues import Issue, sort_key
from vetstat.core.places import place_of, province_of
from vetstat.figures.summary import SchoolSummary
from vetstat.figures.years import MatchedBy, SchoolDiff, YearDiff, city_majors, comparable, compare
from vetstat.rules.years import ChangeChecks, y007
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.diff import SideError, diff_years, sides_problems
from vetstat.usecases.provincedata import PROVINCE, CityPart, ProvinceResult

CityPair = tuple[CityPart | None, CityPart | None, MatchedBy | None]


def diff_provinces(old: ProvinceResult, new: ProvinceResult, config: Config | None = None, *,
                   old_source: str | None = None, new_source: str | None = None) -> YearDiff:
    """Compare two years of a province, city by city; ``*_source`` name the sides."""
    config = config or Config()
    thresholds = config.thresholds
    new_label = new_source or (str(new.year) if new.year is not None else "new")
    issues, unreadable = sides_problems(old, new)
    checks = ChangeChecks(thresholds.diff_count_pct, thresholds.diff_rate_points)
    before = len(issues)
    province = checks.flag(compare(comparable(old.city()), comparable(new.city())), new_label,
                           None, issues)
    for index in range(before, len(issues)):  # Y001 of the whole: the province, not the city
        issues[index] = replace(issues[index], params={
            **issues[index].params, "scope": "全省", "scope_en": "the province"})
    cities = [_city_diff(pair, checks, issues) for pair in match_cities(old.cities, new.cities)]
    issues.extend(y007(new_label, old.year, new.year))
    opened, closed = city_majors(old.included, new.included)
    issues.sort(key=sort_key)
    return YearDiff(old.year, new.year, province, cities, opened, closed, issues,
                    old_source=old_source, new_source=new_source, unreadable=sorted(unreadable),
                    place=place_of((s.division_code for side in (old, new) for s in side.included),
                                   new.given_city or old.given_city,
                                   new.given_unit or old.given_unit, name_of=province_of),
                    level=PROVINCE)


def as_summary(city: CityPart) -> SchoolSummary:
    """A city standing where a school stands in the comparison: its name, its code, its file."""
    return SchoolSummary(file=city.file, name=city.label, school_code=city.division_code,
                         year=city.year, division_code=city.division_code)


def match_cities(old: Sequence[CityPart], new: Sequence[CityPart]) -> list[CityPair]:
    """(old, new, matched_by): on the prefecture's code, then on the name; in the order of the
    codes."""
    pairs: list[CityPair] = []
    left = list(new)
    for city in old:
        twin = next((c for c in left if city.division_code and c.division_code
                     == city.division_code), None)
        matched_by: MatchedBy | None = "code"
        if twin is None:
            twin = next((c for c in left if c.label == city.label), None)
            matched_by = "name"
        if twin is None:
            pairs.append((city, None, None))
            continue
        left.remove(twin)
        pairs.append((city, twin, matched_by))
    pairs.extend((None, city, None) for city in left)
    pairs.sort(key=lambda pair: _order(pair[1] or pair[0]))
    return pairs


def _order(city: CityPart | None) -> tuple[bool, str, str]:
    assert city is not None
    return (city.division_code is None, city.division_code or "", city.label)


def _city_diff(pair: CityPair, checks: ChangeChecks, issues: list[Issue]) -> SchoolDiff:
    old, new, matched_by = pair
    result = SchoolDiff(as_summary(old) if old else None, as_summary(new) if new else None,
                        matched_by=matched_by)
    changes = compare(comparable(old.figures()) if old else {},
                      comparable(new.figures()) if new else {})
    if old is not None and new is not None:
        changes = checks.flag(changes, new.file, result.new, issues)
        result.majors_opened, result.majors_closed = city_majors(old.included, new.included)
    result.indicators = changes
    return result


def compare_sides(old: CityResult, new: CityResult, config: Config | None = None, *,
                  old_source: str | None = None, new_source: str | None = None) -> YearDiff:
    """Two cities school by school (:func:`~vetstat.usecases.diff.diff_years`), two provinces
    city by city; a city against a province is :class:`~vetstat.usecases.diff.SideError`."""
    provinces = [isinstance(side, ProvinceResult) for side in (old, new)]
    if all(provinces):
        assert isinstance(old, ProvinceResult) and isinstance(new, ProvinceResult)
        return diff_provinces(old, new, config, old_source=old_source, new_source=new_source)
    if any(provinces):
        raise SideError(
            f"{old_source if provinces[0] else new_source} 是一个省（各市的汇总工作簿），另一边是一个市："
            "请比较同一级的两个年度 / one side is a province (its cities' workbooks) and the other "
            "a city: compare two years of the same level")
    return diff_years(old, new, config, old_source=old_source, new_source=new_source)

