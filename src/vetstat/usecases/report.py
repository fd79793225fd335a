"""What the city's annual quality report is written from: one year of the city (and, with
``--previous``, the year before), read as ``diff`` reads a side.

:func:`report_data` gathers everything the writer needs as plain data: the city's figures as
one flat row of the indicator catalogue's keys (and last year's, when given), each counted
school's row, the majors by category, the awards, and the thresholds of the national standards
a school is measured against.  The wording and the document are :mod:`vetstat.outputs`'.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.config import Config, Thresholds
from vetstat.core.places import Place
from vetstat.figures.city import category_rows, city_figures, flat_figures, major_rows
from vetstat.figures.summary import AwardEntry
from vetstat.figures.years import Change
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.diff import load_side
from vetstat.usecases.previous import Previous, compare_previous


@dataclass(frozen=True)
class SchoolFacts:
    """One counted school: who it is and its figures (the catalogue's keys)."""

    name: str
    code: str | None
    county: str | None
    affiliation: str | None
    figures: Mapping[str, Any]


@dataclass
class ReportData:
    """The facts of one year of a city, and of the year before when given."""

    year: int | None
    place: Place  # the city (given, or the prefecture of the schools' codes) and 填报单位
    date: datetime.date
    result: CityResult
    figures: dict[str, Any]  # the city's flat row
    nested: dict[str, Any]  # the city's figures as city_figures made them (awards by level…)
    schools: list[SchoolFacts]
    categories: list[dict[str, Any]]  # 专业大类: majors, students, graduates, new_students
    awards: list[tuple[str, AwardEntry]]  # (school, award)
    thresholds: Thresholds
    previous: dict[str, Any] | None = None  # last year's flat row
    previous_year: int | None = None
    previous_result: CityResult | None = field(default=None, repr=False)
    # last year as aggregate --previous compares it (the annex's 上年, 增减 columns)
    compared: Previous | None = field(default=None, repr=False)

    @property
    def city(self) -> str | None:
        """The city printed in titles; None when the schools' codes name none or several."""
        return self.place.city

    @property
    def unit(self) -> str | None:
        return self.place.unit

    @property
    def subject(self) -> str:
        """Whom a city figure is about (the figure record's ``subject``)."""
        return self.place.city or "全市"

    def change(self, key: str) -> Change | None:
        """``key`` last year and this, as ``aggregate --previous`` and ``diff`` compare them
        (one implementation: :func:`vetstat.usecases.previous.compare_previous`); None without
        ``--previous`` or when either year has no value."""
        change = self.compared.changes.get(key) if self.compared is not None else None
        return change if change is not None and change.change is not None else None


def report_data(data: Path, config: Config | None = None, *, previous: Path | None = None,
                city: str | None = None, unit: str | None = None,
                date: datetime.date | None = None) -> ReportData:
    """Read the year (and the year before) and gather the report's facts.

    Raises :class:`vetstat.usecases.diff.SideError` for a side that cannot be used.
    """
    config = config or Config()
    result = load_side(data, config)
    before = load_side(previous, config) if previous is not None else None
    return facts_of(result, config, previous=before, city=city, unit=unit, date=date,
                    sources=(str(previous), str(data)))


def facts_of(result: CityResult, config: Config | None = None, *,
             previous: CityResult | None = None, city: str | None = None,
             unit: str | None = None, date: datetime.date | None = None,
             sources: tuple[str, str] = ("上年", "本年")) -> ReportData:
    """The report's facts from results already read (``aggregate -o report`` has one)."""
    config = config or Config()
    result.given_city, result.given_unit = city, unit
    nested = result.city()
    majors = major_rows(result.included)
    schools = [
        SchoolFacts(school.name or Path(school.file).stem, school.school_code, school.county,
                    school.affiliation, flat_figures(city_figures([school], per_school=True)))
        for school in result.included
    ]
    awards = [(school.name or Path(school.file).stem, award)
              for school in result.included for award in school.awards]
    return ReportData(
        year=result.year, place=result.place(), date=date or datetime.date.today(),
        result=result, figures=flat_figures(nested), nested=nested, schools=schools,
        categories=category_rows(majors), awards=awards, thresholds=config.thresholds,
        previous=flat_figures(previous.city()) if previous is not None else None,
        previous_year=previous.year if previous is not None else None,
        previous_result=previous,
        compared=(compare_previous(result, previous, config, old_source=sources[0],
                                   new_source=sources[1]) if previous is not None else None),
    )
