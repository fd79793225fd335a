"""Sentences in the register of a city's quality report, every number a :class:`Figure` taken
from the report's facts with the catalogue's decimals.

``Prose.n("students")`` is the city's 在校生 as a figure; ``Prose.change("students", "人")``
the year-over-year clause ("，比上年减少 299 人，下降 5.56%"), empty without ``--previous``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from vetstat.core.indicators import Measure, indicator
from vetstat.core.numbers import fixed
from vetstat.outputs.report_model import Blank, Figure, Run, figure_text
from vetstat.usecases.report import ReportData, SchoolFacts

WAN = 10_000.0  # 万: areas are written in 万平方米


class Prose:
    """Makes the runs of the report's sentences from one :class:`ReportData`."""

    def __init__(self, data: ReportData) -> None:
        self.data = data

    # --- one number -------------------------------------------------------------------------

    def n(self, key: str, school: SchoolFacts | None = None, *, scale: float = 1.0,
          digits: int | None = None) -> Figure:
        """The figure ``key`` of the city (or of ``school``)."""
        figures = school.figures if school is not None else self.data.figures
        value = figures.get(key)
        subject = school.name if school is not None else self.data.subject
        return Figure(key, subject, value, figure_text(key, value, scale=scale, digits=digits))

    def count(self, key: str, value: Any, subject: str) -> Figure:
        """A figure of ``key``'s kind about a part of the city (a category of majors, a prize)."""
        return Figure(key, subject, value, figure_text(key, value))

    def value(self, key: str) -> Any:
        return self.data.figures.get(key)

    def partial(self, key: str) -> str:
        """"（6/7 校填报）" when not every school reports ``key``: the figure pools those that do."""
        coverage = (self.data.nested.get("coverage") or {}).get(key)
        if coverage and coverage["reported"] < coverage["schools"]:
            return f"（{coverage['reported']}/{coverage['schools']} 校填报）"
        return ""

    def has(self, *keys: str) -> bool:
        """Whether the city has a value for every key (a survey nobody filled has none)."""
        return all(self.data.figures.get(key) is not None for key in keys)

    def nu(self, key: str, unit: str | None = None, **options: Any) -> list[Run]:
        """The figure and its unit: ``5078 人``, ``44.67%``."""
        unit = indicator(key).unit if unit is None else unit
        figure = self.n(key, **options)
        if unit == "%":
            return [figure, "%"]
        return [figure, f" {unit}"] if unit else [figure]

    # --- the year before --------------------------------------------------------------------

    def change(self, key: str, unit: str | None = None) -> list[Run]:
        """"，比上年增加 12 人，增长 1.23%" (a rate: "，比上年提高 1.23 个百分点"); nothing
        without last year's figures or when either year has no value."""
        change = self.data.change(key)
        if change is None or change.change is None:
            return []
        item = indicator(key)
        unit = item.unit if unit is None else unit
        subject = self.data.subject
        difference = change.change
        digits = item.digits
        if fixed(abs(difference), digits) == fixed(0, digits):
            return ["，与上年持平"]
        rising = difference > 0
        shown = Figure(f"{key}_change", subject, difference,
                       figure_text(key, abs(difference), digits=digits))
        if item.measure is Measure.RATE:
            return [f"，比上年{'提高' if rising else '降低'} ", shown, " 个百分点"]
        runs: list[Run] = [f"，比上年{'增加' if rising else '减少'} ", shown,
                           f" {unit}" if unit else ""]
        if change.change_pct is not None:
            percent = change.change_pct
            runs += [f"，{'增长' if rising else '下降'} ",
                     Figure(f"{key}_change_pct", subject, percent, fixed(abs(percent), 2)), "%"]
        return runs

    # --- lists -----------------------------------------------------------------------------

    def ranked(self, key: str, count: int, unit: str) -> list[Run]:
        """"白城市第一职业高中（1717 人）、洮南市职业教育中心（1236 人）" — the largest schools."""
        schools = sorted((s for s in self.data.schools if s.figures.get(key) is not None),
                         key=lambda s: -s.figures[key])[:count]
        return joined([[f"{s.name}（", self.n(key, s), f" {unit}）"] for s in schools])

    def below(self, key: str, limit: float, *, above: bool = False) -> list[SchoolFacts]:
        """The schools whose ``key`` is below ``limit`` (above it, for an upper bound)."""
        found = []
        for school in self.data.schools:
            value = school.figures.get(key)
            if value is None:
                continue
            if (value > limit) if above else (value < limit):
                found.append(school)
        return found


def joined(parts: Iterable[Sequence[Run]], sep: str = "、", last: str | None = None) -> list[Run]:
    """Runs of several parts joined by ``sep`` (and ``last`` before the last one)."""
    items = [list(part) for part in parts]
    runs: list[Run] = []
    for index, part in enumerate(items):
        if index:
            runs.append(last if last is not None and index == len(items) - 1 else sep)
        runs.extend(part)
    return runs


def blank(what: str) -> Blank:
    """A highlighted placeholder saying what the bureau writes here."""
    return Blank(f"【请填写：{what}】")
