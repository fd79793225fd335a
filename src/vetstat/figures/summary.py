"""The figures of one school, reduced from its workbook, and the indicators derived from them.

A :class:`SchoolSummary` is small and picklable: aggregation over thousands of schools keeps
summaries, never workbooks.  The same :func:`derive` computes a school's indicators and the
city's, from summed numerators and denominators (data contract §4): a city rate is never an
average of school rates.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from vetstat.core.contract import STUDENT_ITEMS, SchoolData, split_names
from vetstat.core.indicators import views

# where the figures the cross-school rules talk about sit in a school's workbook
IDENTITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("school", "name"), ("school", "school_code"), ("school", "year"),
    ("school", "affiliation"),
)


def located_fields() -> tuple[tuple[str, str], ...]:
    """(sheet, field) of every cell a rule across schools or years points at: the school's
    identity and the cells of the indicators Y001 and X905 watch (the catalogue's)."""
    return IDENTITY_FIELDS + tuple(where for where in views().cells
                                   if where not in IDENTITY_FIELDS)


class MajorFigures(NamedTuple):
    """One major of one school (what the city's 专业设置 and the cohort checks need).

    Named tuples, not dataclasses: a national batch holds 200,000 of them, and they cross
    from the worker processes pickled (a tuple unpickles without a Python ``__setstate__``).
    """

    code: str
    name: str
    new_students: int
    grade_1: int
    grade_2: int
    grade_3: int
    students: int
    graduates: int
    model_major: str | None


class AwardEntry(NamedTuple):
    level: str
    event: str
    prize: str
    students: tuple[str, ...]
    advisors: tuple[str, ...]


@dataclass
class SchoolSummary:
    """One school-year reduced to the figures the city tables and the diff need."""

    file: str
    name: str | None = None
    school_code: str | None = None
    year: int | None = None
    county: str | None = None
    division_code: str | None = None
    affiliation: str | None = None
    readable: bool = True
    errors: int = 0
    warnings: int = 0
    totals: dict[str, float] = field(default_factory=dict)
    majors: list[MajorFigures] = field(default_factory=list)
    uncoded: list[MajorFigures] = field(default_factory=list)  # rows of 专业与学生 with no code
    # (respondent, item) -> [samples, very_satisfied, satisfied, dissatisfied]
    satisfaction: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    awards: list[AwardEntry] = field(default_factory=list)
    salary_sum: float = 0.0  # Σ starting salary × employed, for the weighted mean
    salary_weight: float = 0.0
    # field key -> (sheet name as found, A1 cell) for located_fields(), so that issues raised
    # across schools can point at the cell
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    # the file of the same 学校标识码 and name that counts instead (X901): this one is left out
    duplicate_of: str | None = None
    unexplained: int = 0  # warnings without a 备注 that explains them (of ``warnings``)
    # when the workbook says it was last saved (else the file's mtime), seconds since the epoch:
    # which of two files of one school is the later (X901); not kept in the city workbook
    saved_at: float | None = field(default=None, compare=False)
    # another school's file under the same 学校标识码 (X906): both count, this one is flagged
    code_conflict: str | None = None

    @property
    def valid(self) -> bool:
        return self.readable and self.errors == 0

    @property
    def status(self) -> str:
        """What became of the submission (data contract §4.1): unreadable, duplicate,
        code_conflict, errors, warnings (unexplained ones) or passed."""
        if not self.readable:
            return "unreadable"
        if self.duplicate_of is not None:
            return "duplicate"
        if self.code_conflict is not None:
            return "code_conflict"
        if self.errors:
            return "errors"
        return "warnings" if self.unexplained else "passed"

    @property
    def counted(self) -> bool:
        """Whether this school's figures go into the city's (readable, not a duplicate)."""
        return self.readable and self.duplicate_of is None

    def indicators(self) -> dict[str, Any]:
        """Totals and derived indicators of this school (same keys as the city)."""
        return derive(self.totals, self.salary_sum, self.salary_weight)


def summarize(data: SchoolData | None, file: str) -> SchoolSummary:
    """Reduce a school's typed data to its summary; ``None`` (unreadable) gives an empty one."""
    summary = SchoolSummary(file=file)
    if data is None:
        summary.readable = False
        return summary
    info = data.school
    if info is not None:
        summary.name = info.name
        summary.school_code = info.school_code
        summary.year = info.year
        summary.county = info.county
        summary.division_code = info.division_code
        summary.affiliation = info.affiliation
    totals: dict[str, float] = {}
    catalogue = views()
    for key, sheet_key, field_key in catalogue.fields:
        model = getattr(data, sheet_key)
        value = getattr(model, field_key, None) if model is not None else None
        if value is not None:
            totals[key] = value
    for key, field_key in catalogue.majors_sums:
        values = [getattr(row, field_key) for row in data.enrollment
                  if getattr(row, field_key) is not None]
        if values:
            totals[key] = sum(values)
    summary.totals = totals
    for row in data.enrollment:
        # a row without a code (an error in the file) still holds students the totals count:
        # it is kept apart, so that ``majors`` lists real majors and the city's table of
        # majors still adds up to the totals
        (summary.majors if row.code else summary.uncoded).append(MajorFigures(
            code=_shared(row.code), name=_shared(row.name), new_students=row.new_students or 0,
            grade_1=row.grade_1 or 0, grade_2=row.grade_2 or 0, grade_3=row.grade_3 or 0,
            students=row.students or 0, graduates=row.graduates or 0,
            model_major=row.model_major and _shared(row.model_major),
        ))
    for survey in data.satisfaction:
        if survey.respondent is None or survey.item is None:
            continue
        pair = (_shared(survey.respondent), _shared(survey.item))
        counts = summary.satisfaction.setdefault(pair, [0, 0, 0, 0])
        for index, value in enumerate((survey.samples, survey.very_satisfied, survey.satisfied,
                                       survey.dissatisfied)):
            counts[index] += value or 0
    for award in data.awards:
        if award.level and award.prize:
            summary.awards.append(AwardEntry(
                _shared(award.level), _shared(award.event), _shared(award.prize),
                tuple(split_names(award.students)), tuple(split_names(award.advisors)),
            ))
    employment = data.employment
    if employment and employment.starting_salary is not None and employment.employed:
        summary.salary_sum = employment.starting_salary * employment.employed
        summary.salary_weight = employment.employed
    return summary


def _shared(text: str | None) -> str:
    """One string object for a text that recurs across schools (major names, respondents,
    award levels): summaries cross from the workers in pickled batches, which then carry
    each such text once, and the city's summaries share it."""
    return sys.intern(text) if text else ""


def derive(totals: dict[str, float], salary_sum: float = 0.0, salary_weight: float = 0.0
           ) -> dict[str, Any]:
    """Totals plus every formula of the catalogue (unrounded; None where the denominator is
    zero or a part is not reported: not reported is not zero), from the summed parts."""
    # no figure is ever inf or nan: each value is bounded (F017), and a sum past the float
    # range all the same is no figure at all
    figures: dict[str, Any] = {key: value if _finite(value) else None
                               for key, value in totals.items()}
    for key, formula in views().formulas:
        if all(part in totals for part in formula.numerator):
            top: float | None = sum(totals[part] for part in formula.numerator)
        else:
            top = None
        figures[key] = ratio(formula.factor, top, totals.get(formula.denominator))
    figures["starting_salary"] = salary_sum / salary_weight if salary_weight else None
    return figures


def _finite(value: float | int) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def ratio(factor: float, top: float | None, bottom: float | None) -> float | None:
    """factor × top ÷ bottom; None when it has no finite value (zero or absurd figures)."""
    if top is None or not bottom:
        return None
    try:
        value = factor * float(top) / float(bottom)
    except OverflowError:  # whole numbers past the largest float (1e308 books, twice)
        return None
    return value if math.isfinite(value) else None


def pool_satisfaction(rows: dict[tuple[str, str], list[int]]) -> dict[str, dict[str, dict[str, Any]]]:
    """{respondent: {item: {samples, very_satisfied, satisfied, dissatisfied, rate}}}."""
    pooled: dict[str, dict[str, dict[str, Any]]] = {}
    for (respondent, item), (samples, very, fair, bad) in sorted(rows.items()):
        pooled.setdefault(respondent, {})[item] = satisfaction_entry(samples, very, fair, bad)
    return pooled


def satisfaction_entry(samples: int, very: int, fair: int, bad: int) -> dict[str, Any]:
    return {"samples": samples, "very_satisfied": very, "satisfied": fair, "dissatisfied": bad,
            "rate": 100.0 * (very + fair) / samples if samples else None}


def students_overall(rows: dict[tuple[str, str], list[int]]) -> dict[str, Any] | None:
    """All 在校生 items pooled into one rate."""
    parts = [counts for (respondent, item), counts in rows.items()
             if respondent == "在校生" and item in STUDENT_ITEMS]
    if not parts:
        return None
    return satisfaction_entry(*(sum(p[i] for p in parts) for i in range(4)))


def award_counts(entries: list[AwardEntry]) -> dict[str, dict[str, dict[str, int]]]:
    """{level: {prize: {entries, students}}}: entries are rows, students are names."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for entry in entries:
        slot = counts.setdefault(entry.level, {}).setdefault(entry.prize, {"entries": 0, "students": 0})
        slot["entries"] += 1
        slot["students"] += len(entry.students)
    return counts


# --- a summary as plain JSON data (the city workbook carries them for reading back) ---------


def summary_to_dict(summary: SchoolSummary) -> dict[str, Any]:
    """Everything in a summary as JSON-ready data; :func:`summary_from_dict` is its inverse."""
    return {
        "file": summary.file, "name": summary.name, "school_code": summary.school_code,
        "year": summary.year, "county": summary.county, "division_code": summary.division_code,
        "affiliation": summary.affiliation, "readable": summary.readable,
        "errors": summary.errors, "warnings": summary.warnings,
        "totals": dict(summary.totals),
        "majors": [_major_to_list(m) for m in summary.majors],
        "uncoded": [_major_to_list(m) for m in summary.uncoded],
        "satisfaction": [[respondent, item, *counts]
                         for (respondent, item), counts in summary.satisfaction.items()],
        "awards": [[a.level, a.event, a.prize, list(a.students), list(a.advisors)]
                   for a in summary.awards],
        "salary_sum": summary.salary_sum, "salary_weight": summary.salary_weight,
        "cells": {key: list(where) for key, where in summary.cells.items()},
        "duplicate_of": summary.duplicate_of,
        "unexplained": summary.unexplained, "code_conflict": summary.code_conflict,
    }


def summary_from_dict(document: dict[str, Any]) -> SchoolSummary:
    """Rebuild a summary from :func:`summary_to_dict`; raises KeyError/TypeError/ValueError."""
    return SchoolSummary(
        file=str(document["file"]), name=document["name"], school_code=document["school_code"],
        year=document["year"], county=document["county"],
        division_code=document["division_code"], affiliation=document["affiliation"],
        readable=bool(document["readable"]), errors=int(document["errors"]),
        warnings=int(document["warnings"]),
        totals={str(key): value for key, value in document["totals"].items()},
        majors=[_major_from_list(row) for row in document["majors"]],
        uncoded=[_major_from_list(row) for row in document["uncoded"]],
        satisfaction={(str(respondent), str(item)): [int(c) for c in counts]
                      for respondent, item, *counts in document["satisfaction"]},
        awards=[AwardEntry(str(level), str(event), str(prize), tuple(students), tuple(advisors))
                for level, event, prize, students, advisors in document["awards"]],
        salary_sum=document["salary_sum"], salary_weight=document["salary_weight"],
        cells={str(key): (str(where[0]), str(where[1])) for key, where in document["cells"].items()},
        duplicate_of=document["duplicate_of"],
        # absent from the city workbooks of earlier versions
        unexplained=int(document.get("unexplained", document["warnings"])),
        code_conflict=document.get("code_conflict"),
    )


def _major_to_list(major: MajorFigures) -> list[Any]:
    return [major.code, major.name, major.new_students, major.grade_1, major.grade_2,
            major.grade_3, major.students, major.graduates, major.model_major]


def _major_from_list(row: list[Any]) -> MajorFigures:
    code, name, new, grade_1, grade_2, grade_3, students, graduates, model = row
    return MajorFigures(str(code), str(name), int(new), int(grade_1), int(grade_2), int(grade_3),
                        int(students), int(graduates), model)
