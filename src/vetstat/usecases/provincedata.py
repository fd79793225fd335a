"""A province's year as data: the schools its cities' workbooks carry, city by city.

A province is compiled from its cities' consolidated workbooks (``aggregate -o``): each carries,
in its hidden ``_data`` sheet, every school's summary, the very data the city's figures were
made from.  :class:`ProvinceResult` is a :class:`~vetstat.usecases.aggregate.CityResult` over
all those schools, so that every province figure is pooled from the schools exactly as a city's
is (never from the cities' rates), and it keeps which city each school came from
(:class:`CityPart`) for 分市明细, the diff and the roster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.issues import Lang
from vetstat.core.places import Place, place_of, prefecture_of, province_of
from vetstat.figures.city import city_figures
from vetstat.figures.summary import SchoolSummary
from vetstat.usecases.aggregate import CityResult, Submission

PROVINCE, CITY = "province", "city"
WITHIN = " › "  # between a city workbook's name and a school's file inside it


@dataclass
class CityPart:
    """One city of a province: its workbook, name, prefecture code, year and schools."""

    file: str  # the city workbook, as named in the province's folder
    name: str | None  # as the workbook names the city (given, or from its schools' codes)
    division_code: str | None  # the prefecture's GB/T 2260 code (220800), from the schools
    year: int | None
    schools: list[SchoolSummary] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What a column or a row calls the city: its name, else its file's."""
        return self.name or Path(self.file).stem

    @property
    def included(self) -> list[SchoolSummary]:
        return [school for school in self.schools if school.counted]

    def figures(self) -> dict[str, Any]:
        """The city's figures pooled from its counted schools, as the province's are."""
        return city_figures(self.included, coverage=True)

    def to_dict(self) -> dict[str, Any]:
        """A city in the province's JSON (``cities``)."""
        return {"name": self.name, "division_code": self.division_code, "file": self.file,
                "year": self.year, "schools": len(self.schools),
                "included": len(self.included), "figures": self.figures()}

    def data(self, index: dict[int, int]) -> dict[str, Any]:
        """A city in the province workbook's ``_data`` (its schools by their position)."""
        return {"file": self.file, "name": self.name, "division_code": self.division_code,
                "year": self.year, "schools": [index[id(school)] for school in self.schools]}


def prefecture_code(schools: list[SchoolSummary]) -> str | None:
    """The prefecture most of the schools' 行政区划代码 name (220802 → 220800)."""
    codes = Counter(school.division_code[:4] + "00" for school in schools
                    if prefecture_of(school.division_code) and school.division_code)
    return max(codes, key=lambda code: (codes[code], code)) if codes else None


@dataclass
class ProvinceResult(CityResult):
    """A province's year: every school of its cities, and the cities themselves."""

    cities: list[CityPart] = field(default_factory=list)

    def place(self) -> Place:
        """The province the titles name: the given one (``--city 吉林省``), else the province
        of the schools' 行政区划代码 (GB/T 2260)."""
        return place_of((s.division_code for s in self.included), self.given_city,
                        self.given_unit, name_of=province_of)

    def json_document(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The city's JSON (data contract §6) with ``level`` and the ``cities``."""
        document = super().json_document(lang)
        document["level"] = PROVINCE
        document["cities"] = [city.to_dict() for city in self.cities]
        return document

    def submissions(self) -> list[Submission]:
        """报送情况 of a province: one line per city workbook (its schools' and its own issues
        counted), per file that is no city's, and per city of the roster that sent none."""
        listed = self.roster.by_code() if self.roster is not None else None
        entries = []
        for city in self.cities:
            mine = [issue for issue in self.issues
                    if issue.file == city.file or issue.file.startswith(city.file + WITHIN)]
            errors = sum(issue.is_error for issue in mine)
            warnings = sum(issue.is_warning for issue in mine)
            unexplained = sum(issue.is_warning and not issue.explained for issue in mine)
            status = "errors" if errors else "warnings" if unexplained else "passed"
            entries.append(Submission(city.division_code, city.label, city.file, status,
                                      None if listed is None else city.division_code in listed,
                                      True, errors, warnings))
        entries.extend(Submission(None, None, passed.file, "not_school", None, False, 0, 0,
                                  (passed.what.reason_zh, passed.what.reason_en))
                       for passed in self.not_school)
        entries.extend(Submission(entry.school_code, entry.name, None, "missing", True, False,
                                  1, 0) for entry in self.missing)
        return entries

    def data_document(self) -> dict[str, Any]:
        """What the province workbook's ``_data`` adds to a city's: the level and the cities."""
        index = {id(school): number for number, school in enumerate(self.schools)}
        return {"level": PROVINCE, "cities": [city.data(index) for city in self.cities]}


def province_of_document(result: CityResult, document: dict[str, Any]) -> CityResult:
    """The result a workbook's ``_data`` describes: ``result`` itself for a city, a
    :class:`ProvinceResult` over the same schools for a province."""
    if document.get("level", CITY) != PROVINCE:
        return result
    province = ProvinceResult(year=result.year, schools=result.schools, issues=result.issues,
                              skipped=result.skipped, given_city=result.given_city,
                              given_unit=result.given_unit)
    for city in document["cities"]:
        province.cities.append(CityPart(city["file"], city["name"], city["division_code"],
                                        city["year"],
                                        [result.schools[n] for n in city["schools"]]))
    return province
