"""A city's figures from its schools' summaries (data contract §4), and the same figures as one
flat row of the indicator catalogue's keys.

Counts are summed, every ratio is recomputed from summed parts (the catalogue's formulas),
majors are distinct codes, satisfaction pools the counts, awards are counted by level.  One
school's figures are the same function over one summary, so that school rows add up to the
city's (:mod:`vetstat.figures.reconcile` checks it).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from typing import Any

from vetstat.core.contract import AWARD_LEVELS
from vetstat.core.indicators import (
    AWARD_MEASURES,
    SURVEY_COUNTS,
    SURVEY_SLOTS,
    FromField,
    FromMajors,
    award_key,
    survey_key,
    views,
)
from vetstat.core.majors import categories, category_of, majors
from vetstat.figures.summary import (
    MajorFigures,
    SchoolSummary,
    award_counts,
    derive,
    pool_satisfaction,
    ratio,
    students_overall,
)


def city_figures(schools: Sequence[SchoolSummary], *, per_school: bool = False,
                 coverage: bool = False) -> dict[str, Any]:
    """Counts summed, ratios from summed parts, majors distinct, satisfaction pooled.

    A figure pools the schools that report it: a count sums the schools that filled it in, a
    rate the schools that filled in every one of its parts (not reported is not zero).
    ``schools``, ``schools_city_run`` and ``schools_county`` count the schools given (1/0 for
    one school, so that school rows add up to the city); ``per_school=True`` leaves them out;
    ``coverage=True`` adds ``coverage``: {key: {"reported", "schools"}} for every figure a
    school fills in or that is made from such figures.
    """
    parts: dict[str, list[float]] = {}
    salaries: list[float] = []
    weights: list[float] = []
    satisfaction: dict[tuple[str, str], list[int]] = {}
    awards = []
    codes: set[str] = set()
    provincial = city_level = 0
    for school in schools:
        for key, value in school.totals.items():
            parts.setdefault(key, []).append(value)
        salaries.append(school.salary_sum)
        weights.append(school.salary_weight)
        for slot, counts in school.satisfaction.items():
            pooled = satisfaction.setdefault(slot, [0, 0, 0, 0])
            for index, count in enumerate(counts):
                pooled[index] += count
        awards.extend(school.awards)
        for major in itertools.chain(school.majors, school.uncoded):
            if major.code:
                codes.add(major.code)
            if major.model_major:
                provincial += major.model_major == "省级"
                city_level += major.model_major == "市级"
    # sums that do not depend on the order of the schools (a province pooled city by city is
    # the same schools pooled from one folder): counts exactly, amounts correctly rounded
    totals = {key: exact_sum(values) for key, values in parts.items()}
    figures = derive(totals, exact_sum(salaries), exact_sum(weights))
    for key, _sheet, _field in views().fields:  # a figure no school reports: null, never 0
        figures.setdefault(key, None)
    if len(schools) > 1:
        figures.update(pooled_formulas(schools))
    figures["majors"] = len(codes)
    figures["categories"] = len({category_of(code) for code in codes})
    figures["model_majors_provincial"] = provincial
    figures["model_majors_city"] = city_level
    if not per_school:
        figures["schools"] = len(schools)
        figures["schools_city_run"] = sum(s.affiliation == "市直属" for s in schools)
        figures["schools_county"] = sum(s.affiliation == "县（市、区）属" for s in schools)
    figures["satisfaction"] = pool_satisfaction(satisfaction)
    figures["satisfaction_students_overall"] = students_overall(satisfaction)
    figures["awards"] = award_counts(awards)
    if coverage:
        figures["coverage"] = coverage_of(schools)
    return figures


def exact_sum(values: Sequence[float]) -> float:
    """The sum of ``values`` whatever their order: whole numbers exactly, amounts correctly
    rounded (``math.fsum``); past the float range, infinite as a plain sum is."""
    if not any(isinstance(value, float) for value in values):
        return sum(values)
    try:
        return math.fsum(values)
    except OverflowError:
        return sum(values)


def pooled_formulas(schools: Sequence[SchoolSummary]) -> dict[str, float | None]:
    """Every formula of the catalogue over the schools that report all of its parts: a school
    that left a part blank is out of both the numerator and the denominator."""
    found: dict[str, float | None] = {}
    for key, formula in views().formulas:
        parts = (*formula.numerator, formula.denominator)
        tops: list[float] = []
        bottoms: list[float] = []
        for school in schools:
            totals = school.totals
            if all(part in totals for part in parts):
                tops.extend(totals[part] for part in formula.numerator)
                bottoms.append(totals[formula.denominator])
        # (fsum: the same whatever the order of the schools, as the city's sums)
        found[key] = ratio(formula.factor, exact_sum(tops) if bottoms else None,
                           exact_sum(bottoms))
    return found


def coverage_of(schools: Sequence[SchoolSummary]) -> dict[str, dict[str, int]]:
    """{key: {"reported", "schools"}}: how many of the schools report each figure they fill in
    (a field, a sum over majors) or that is made from such figures (a rate)."""
    catalogue = views()
    needs: dict[str, tuple[str, ...]] = {}
    for item in catalogue.all:
        if isinstance(item.source, FromField | FromMajors):
            needs[item.key] = (item.key,)
    for key, formula in catalogue.formulas:
        needs[key] = (*formula.numerator, formula.denominator)
    return {key: {"reported": sum(all(part in school.totals for part in parts)
                                  for school in schools), "schools": len(schools)}
            for key, parts in needs.items()}


# --- the flat row: one value per key of the catalogue (分校明细, the diff, the reconciliation) --


def flat_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The nested figures of :func:`city_figures` as one flat row of catalogue keys.

    Satisfaction becomes ``satisfaction_<respondent>_<item>`` (the rate) and
    ``…_<samples|very_satisfied|satisfied|dissatisfied>`` (``satisfaction_students_overall``:
    the six 在校生 items pooled), awards ``awards_<level>_<entries|students>`` (``total``: every
    level); a level without awards counts 0, a survey slot nobody filled is None.
    """
    row = {key: value for key, value in figures.items()
           if key not in ("satisfaction", "satisfaction_students_overall", "awards", "coverage")}
    surveys = figures.get("satisfaction") or {}
    for respondent, item, keys in _SURVEY_KEYS:
        entry = surveys.get(respondent, {}).get(item)
        for measure, key in keys:
            row[key] = entry[measure] if entry else None
    overall = figures.get("satisfaction_students_overall")
    for measure, key in _OVERALL_KEYS:
        row[key] = overall[measure] if overall else None
    awards = figures.get("awards") or {}
    for measure, level_keys, total_key in _AWARD_KEYS:
        total = 0
        for level, key in level_keys:
            count = sum(prize[measure] for prize in awards.get(level, {}).values())
            row[key] = count
            total += count
        row[total_key] = total
    return row


# the flat keys, spelled once: flat_figures runs for every school, twice per run
_MEASURES = (*SURVEY_COUNTS, "rate")
_SURVEY_KEYS = tuple((respondent, item, tuple((m, survey_key(respondent, item, m)) for m in _MEASURES))
                     for respondent, item in SURVEY_SLOTS)
_OVERALL_KEYS = tuple((m, survey_key("在校生", None, m)) for m in _MEASURES)
_AWARD_KEYS = tuple((m, tuple((level, award_key(level, m)) for level in AWARD_LEVELS),
                     award_key(None, m)) for m in AWARD_MEASURES)


# --- the city's majors ---------------------------------------------------------------------

# the columns of 专业与学生 a city's table of majors adds up
MAJOR_COUNTS = ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates")
_MAJOR_COUNT_VALUES = tuple((key, operator.attrgetter(key)) for key in MAJOR_COUNTS)


SCHOOL_NAMES_SHOWN = 30  # a major run by more schools lists the first ones and the count


def major_rows(schools: Sequence[SchoolSummary]) -> list[dict[str, Any]]:
    """Each distinct 专业代码 across the schools, with the schools running it and their counts.

    Rows without a code (an error in the school's file) are gathered under code ``""`` so that
    the table still adds up to the city's student totals.
    """
    catalogue = majors()
    # code -> its majors and the schools running it (once each: a school's last is at the end)
    found: dict[str, list[MajorFigures]] = {}
    running: dict[str, list[SchoolSummary]] = {}
    for school in schools:
        for major in itertools.chain(school.majors, school.uncoded):
            same = found.get(major.code)
            if same is None:
                same = found[major.code] = []
                running[major.code] = []
            same.append(major)
            offering = running[major.code]
            if not offering or offering[-1] is not school:
                offering.append(school)
    rows: dict[str, dict[str, Any]] = {}
    for code, same in found.items():
        known = catalogue.get(code)
        category = category_of(code) if code else ""
        row = rows[code] = {
            "code": code,
            "name": known.name if known else same[0].name,
            "category": category,
            "category_name": categories().get(category, ""),
            "in_catalogue": known is not None,
        }
        # a national batch has 200,000 majors: each column is added up in C, not per cell
        for key, value_of in _MAJOR_COUNT_VALUES:
            row[key] = sum(map(value_of, same))
        levels = [major.model_major for major in same]
        row["model_provincial"] = levels.count("省级")
        row["model_city"] = levels.count("市级")
    ordered = sorted(rows.values(), key=lambda r: (r["code"] == "", r["code"]))
    for row in ordered:
        offering = running[row["code"]]
        row["schools"] = len(offering)
        row["school_codes"] = [school.school_code for school in offering]
        names = [school.name or school.file for school in offering]
        shown = "、".join(names[:SCHOOL_NAMES_SHOWN])
        if len(names) > SCHOOL_NAMES_SHOWN:
            shown += f" 等 {len(names)} 所"
        row["school_names"] = shown
    return ordered


def category_rows(major_table: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The 专业大类 of the city: distinct majors, students and graduates per category."""
    rows: dict[str, dict[str, Any]] = {}
    for major in major_table:
        if not major["code"]:
            continue
        row = rows.setdefault(major["category"], {
            "category": major["category"], "category_name": major["category_name"],
            "majors": 0, "students": 0, "graduates": 0, "new_students": 0,
        })
        row["majors"] += 1
        for key in ("students", "graduates", "new_students"):
            row[key] += major[key]
    return [rows[key] for key in sorted(rows)]
