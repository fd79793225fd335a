"""Checking a report against the data: read the report, find its claims, look each up in the
figures of the city, a school, a county or a category (this year, last year or the change) and
judge it; then the report's inner contradictions.

The record of figures a drafted report carries only adds where vetstat wrote a figure and what
it wrote (``written``): the claims are always read from the text, which the bureau edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core import vocabulary as words
from vetstat.core.config import Config
from vetstat.core.indicators import FromField, FromMajors, views
from vetstat.core.issues import Lang
from vetstat.figures.city import city_figures, flat_figures
from vetstat.figures.contradictions import Contradiction, contradictions
from vetstat.figures.summary import SchoolSummary
from vetstat.figures.verdicts import (
    INCONSISTENT,
    UNCHECKABLE,
    Figure,
    Verdict,
    formula_words,
    judge,
)
from vetstat.reading.claims import Claim, find_claims
from vetstat.reading.report_read import read_report
from vetstat.reading.report_text import ReportText
from vetstat.reading.subjects import CATEGORY, CITY, COUNTY, SCHOOL, Names, Subject
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.diff import load_side

MAX_CELLS = 8  # cells listed for a figure summed over the schools


@dataclass
class Side:
    """One year's figures by subject."""

    city: dict[str, Any]
    schools: dict[str, tuple[SchoolSummary, dict[str, Any]]]  # by name
    counties: dict[str, dict[str, Any]]
    categories: dict[str, dict[str, Any]]


@dataclass
class CheckResult:
    report: ReportText
    year: int | None
    previous_year: int | None
    verdicts: list[Verdict]
    contradictions: list[Contradiction]
    data_valid: bool = True
    written: dict[str, str] = field(default_factory=dict)  # bookmark -> text vetstat wrote

    @property
    def failed(self) -> bool:
        return bool(self.contradictions) or any(v.verdict == INCONSISTENT for v in self.verdicts)


def _side(result: CityResult) -> Side:
    included = result.included
    schools = {(school.name or Path(school.file).stem): (school, flat_figures(
        city_figures([school], per_school=True))) for school in included}
    by_county: dict[str, list[SchoolSummary]] = {}
    for school in included:
        if school.county:
            by_county.setdefault(school.county, []).append(school)
    counties = {county: flat_figures(city_figures(members)) for county, members in by_county.items()}
    from vetstat.figures.city import category_rows, major_rows

    categories = {str(row["category_name"]): dict(row)
                  for row in category_rows(major_rows(included))}
    return Side(flat_figures(result.city()), schools, counties, categories)


def check_report(report_path: Path, data: Path, config: Config | None = None, *,
                 previous: Path | None = None, city: str | None = None) -> CheckResult:
    """Raises ReportUnreadable for a report that cannot be read, SideError for DATA."""
    config = config or Config()
    report = read_report(report_path)
    result = load_side(data, config)
    before = load_side(previous, config) if previous is not None else None
    now = _side(result)
    old = _side(before) if before is not None else None
    place = result.place()
    counties: dict[str, list[str]] = {}
    for name, (school, _) in now.schools.items():
        if school.county:
            counties.setdefault(school.county, []).append(name)
    names = Names(city or place.city or "全市",
                  [(name, school.school_code) for name, (school, _) in now.schools.items()],
                  counties, sorted(now.categories))
    claims = find_claims(report, names, year=result.year)
    verdicts = judge(claims, _lookup(now, old))
    written = {figure.bookmark: figure.text for figure in report.figures if figure.bookmark}
    return CheckResult(report, result.year, before.year if before is not None else None,
                       verdicts, contradictions(verdicts, now.city), result.valid, written)


def _row(side: Side, subject: Subject) -> tuple[Mapping[str, Any] | None, SchoolSummary | None]:
    if subject.kind == CITY:
        return side.city, None
    if subject.kind == SCHOOL:
        found = side.schools.get(subject.name)
        return (found[1], found[0]) if found else (None, None)
    if subject.kind == COUNTY:
        return side.counties.get(subject.name), None
    if subject.kind == CATEGORY:
        return side.categories.get(subject.name), None
    return None, None


def _lookup(now: Side, old: Side | None):  # type: ignore[no-untyped-def]
    def lookup(claim: Claim, key: str) -> Figure | None:
        row, school = _row(now, claim.subject)
        if row is None or (claim.subject.kind == CATEGORY and key not in row):
            return None
        if claim.time == "本年":
            return _figure(now, claim.subject, key, row, school)
        if old is None:
            return None
        before, _ = _row(old, claim.subject)
        if before is None:
            return None
        if claim.time == "上年":
            return _figure(old, claim.subject, key, before, None)
        current, last = row.get(key), before.get(key)
        if current is None or last is None:
            return Figure(None)
        item = views().by_key[key]
        if claim.time == "变化%":
            if not last:
                return Figure(None)
            value = (current - last) / last * 100
            how = how_en = f"（{_n(current)} − {_n(last)}）÷ {_n(last)} × 100%"
        else:
            value = current - last
            unit = "个百分点" if item.unit == "%" else item.unit
            how = f"{_n(current)} − 上年 {_n(last)}（{unit}）"
            how_en = f"{_n(current)} − last year's {_n(last)}"
        return Figure(value, how, _cells(now, claim.subject, key, school), how_en)
    return lookup


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _figure(side: Side, subject: Subject, key: str, row: Mapping[str, Any],
            school: SchoolSummary | None) -> Figure:
    value = row.get(key)
    if value is None:
        return Figure(None)
    how, how_en = formula_words(key, dict(row)), formula_words(key, dict(row), Lang.EN)
    if not how and subject.kind == CITY:
        how, how_en = f"{len(side.schools)} 所学校之和", f"the sum of {len(side.schools)} schools"
    elif not how and subject.kind == COUNTY:
        how, how_en = "该县（市、区）各校之和", "the sum of the county's schools"
    return Figure(float(value), how, _cells(side, subject, key, school), how_en)


def _cells(side: Side, subject: Subject, key: str, school: SchoolSummary | None) -> list[str]:
    """Where the figure is filled in: the school's file, sheet and cell of each part."""
    item = views().by_key[key]
    source = item.source
    fields: list[str] = []
    if isinstance(source, FromField | FromMajors):
        fields = [source.field]
    elif item.cell_field:
        fields = [item.cell_field]
    from vetstat.core.indicators import Formula

    if isinstance(source, Formula):
        fields = [part for part in (*source.numerator, source.denominator)]
    schools = [school] if school is not None else (
        [summary for summary, _ in side.schools.values()] if subject.kind == CITY else [])
    found: list[str] = []
    for summary in schools:
        for name in fields:
            where = summary.cells.get(name)
            label = views().by_key[name].zh if name in views().by_key else name
            if where is not None:
                found.append(f"{Path(summary.file).name} › {where[0]}!{where[1]}（{label}）")
            elif item.sheet is not None:
                found.append(f"{Path(summary.file).name} › {_sheet_title(item.sheet)}（{label}）")
    if len(found) > MAX_CELLS:
        found = [*found[:MAX_CELLS], f"……共 {len(found)} 处"]
    return list(dict.fromkeys(found))


def _sheet_title(sheet: str) -> str:
    from vetstat.core.contract import SHEET_BY_KEY

    return SHEET_BY_KEY[sheet].title


def counts(verdicts: list[Verdict]) -> dict[str, int]:
    found = {"一致": 0, "不一致": 0, "无法核对": 0}
    for verdict in verdicts:
        found[verdict.verdict] += 1
    return found


__all__ = ["UNCHECKABLE", "CheckResult", "check_report", "counts", "words"]
