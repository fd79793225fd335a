"""Aggregating a folder of school workbooks into the city's figures (data contract §4, §6)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.batch import Skipped, discover
from vetstat.catalogue import category_of
from vetstat.config import Config
from vetstat.issues import Issue, Lang, sort_key
from vetstat.summary import (
    SchoolSummary,
    award_counts,
    derive,
    pool_satisfaction,
    students_overall,
    summarize,
)
from vetstat.validate import validate_workbook

Progress = Callable[[int, int], None]


@dataclass
class CityResult:
    """A city's year: every school's summary (readable or not), every issue, what was skipped."""

    year: int | None
    schools: list[SchoolSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def included(self) -> list[SchoolSummary]:
        """The schools whose figures count (readable files)."""
        return [s for s in self.schools if s.readable]

    @property
    def valid(self) -> bool:
        return all(not issue.is_error for issue in self.issues)

    def city(self) -> dict[str, Any]:
        return city_figures(self.included)

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        return {
            "year": self.year,
            "schools": [school_document(s) for s in self.schools],
            "city": self.city(),
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "skipped": [{"file": str(s.path), "reason": s.reason(lang.value)} for s in self.skipped],
        }


def school_document(summary: SchoolSummary) -> dict[str, Any]:
    """A school in the §6 JSON: identity, validity, and the same indicator keys as the city."""
    document: dict[str, Any] = {
        "name": summary.name,
        "school_code": summary.school_code,
        "file": summary.file,
        "valid": summary.valid,
        "readable": summary.readable,
        "year": summary.year,
        "county": summary.county,
        "affiliation": summary.affiliation,
    }
    if summary.readable:
        document.update(city_figures([summary], per_school=True))
    return document


def city_figures(schools: Sequence[SchoolSummary], *, per_school: bool = False) -> dict[str, Any]:
    """Counts summed, ratios from summed parts, majors distinct, satisfaction pooled."""
    totals: dict[str, float] = {}
    salary_sum = salary_weight = 0.0
    satisfaction: dict[tuple[str, str], list[int]] = {}
    awards = []
    codes: set[str] = set()
    provincial = city_level = 0
    for school in schools:
        for key, value in school.totals.items():
            totals[key] = totals.get(key, 0) + value
        salary_sum += school.salary_sum
        salary_weight += school.salary_weight
        for key, counts in school.satisfaction.items():
            pooled = satisfaction.setdefault(key, [0, 0, 0, 0])
            for index, value in enumerate(counts):
                pooled[index] += value
        awards.extend(school.awards)
        for major in school.majors:
            codes.add(major.code)
            provincial += major.model_major == "省级"
            city_level += major.model_major == "市级"
    figures = derive(totals, salary_sum, salary_weight)
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
    return figures


def aggregate_files(files: Sequence[Path], config: Config | None = None, *,
                    year: int | None = None, root: Path | None = None,
                    progress: Progress | None = None) -> CityResult:
    """Validate and summarise every file; the city's issues are the files' issues."""
    config = config or Config()
    result = CityResult(year=year)
    for done, path in enumerate(files, start=1):
        name = str(path.relative_to(root)) if root else path.name
        report = validate_workbook(path, config, file=name)
        summary = summarize(report.data, name)
        summary.errors = report.errors
        summary.warnings = sum(1 for i in report.issues if not i.is_error)
        result.schools.append(summary)
        result.issues.extend(report.issues)
        if progress:
            progress(done, len(files))
    if result.year is None:
        result.year = batch_year(result.schools)
    result.issues.sort(key=sort_key)
    return result


def aggregate_folder(folder: Path, config: Config | None = None, *, year: int | None = None,
                     progress: Progress | None = None) -> CityResult:
    """Every workbook below ``folder`` (lock files, hidden files and strays are skipped)."""
    files, skipped = discover(folder)
    result = aggregate_files(files, config, year=year, root=folder, progress=progress)
    result.skipped = skipped
    return result


def batch_year(schools: Sequence[SchoolSummary]) -> int | None:
    """The batch's year: the one most schools report (ties: the latest)."""
    years = [s.year for s in schools if s.year is not None]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))
