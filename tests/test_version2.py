"""Template version 2 (data contract §1.10, §1.11): the new city rates are pooled from the
schools' counts, a figure pools only the schools that report it and says how many, the diff
shows the new rows, and the blank template carries its version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import baicheng
import openpyxl
import pytest

from vetstat.core.issues import Lang
from vetstat.outputs.diff_tables import diff_tables
from vetstat.outputs.tables import quality_table
from vetstat.outputs.template import write_template
from vetstat.usecases.aggregate import CityResult, aggregate_folder
from vetstat.usecases.diff import diff_years
from vetstat.usecases.validate import validate_workbook

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def city_2021() -> CityResult:
    return aggregate_folder(SAMPLES / "2021")


def _grades(school: dict[str, Any], grade: int) -> int:
    return sum(row[f"grade_{grade}"] for row in school["enrollment"])


def _graduates(school: dict[str, Any]) -> int:
    return sum(row["graduates"] for row in school["enrollment"])


# each new rate as (numerator, denominator) of one school's dict, read without vetstat
POOLED = {
    "culture_pass_rate": lambda s: (s["attainment"]["culture_passed"],
                                    s["attainment"]["culture_candidates"]),
    "skill_pass_rate": lambda s: (s["attainment"]["skill_test_passed"],
                                  s["attainment"]["skill_test_candidates"]),
    "fitness_pass_rate": lambda s: (s["attainment"]["fitness_passed"],
                                    s["attainment"]["fitness_candidates"]),
    "graduation_rate": lambda s: (_graduates(s), s["attainment"]["graduation_due"]),
    "dual_certificate_rate": lambda s: (s["attainment"]["dual_certificate"], _graduates(s)),
    "retention_grade_1": lambda s: (s["attainment"]["grade_1_end"], _grades(s, 1)),
    "retention_grade_2": lambda s: (s["attainment"]["grade_2_end"], _grades(s, 2)),
    "retention_grade_3": lambda s: (s["attainment"]["grade_3_end"], _grades(s, 3)),
    "retention_3y": lambda s: (s["attainment"]["grade_3_end"], s["attainment"]["cohort_entry"]),
    "bachelor_or_above_ratio": lambda s: (s["teachers"]["postgraduate"] + s["teachers"]["bachelor"],
                                          s["teachers"]["full_time"]),
    "self_employment_rate": lambda s: (s["employment"]["self_employed"],
                                       s["employment"]["graduates"]),
}


@pytest.mark.parametrize("key", sorted(POOLED))
def test_each_new_city_rate_is_its_pooled_counts(city_2021: CityResult, key: str) -> None:
    """2021: six schools report version 2, 大安 does not and is in neither sum."""
    reporting = [s for s in baicheng.schools(2021) if "attainment" in s]
    assert len(reporting) == 6
    parts = [POOLED[key](school) for school in reporting]
    pooled = 100 * sum(top for top, _ in parts) / sum(bottom for _, bottom in parts)
    mean = sum(100 * top / bottom for top, bottom in parts) / len(parts)
    city = city_2021.city()
    assert city[key] == pytest.approx(pooled)
    assert city[key] != pytest.approx(mean)  # not an average of the schools' rates
    assert city["coverage"][key] == {"reported": 6, "schools": 7}


def test_a_figure_says_how_many_schools_it_pools(city_2021: CityResult) -> None:
    rows = {row["key"]: row for row in quality_table(city_2021.city(), Lang.ZH).rows}
    assert rows["retention_3y"]["indicator"] == "三年巩固率（6/7 校）"
    assert rows["bachelor"]["indicator"] == "具有本科学历的专任教师（6/7 校）"
    assert rows["students"]["indicator"] == "在校生数"  # every school reports it
    english = {row["key"]: row for row in quality_table(city_2021.city(), Lang.EN).rows}
    assert english["retention_3y"]["indicator"].endswith("(6 of 7 schools)")
    json_city = city_2021.to_dict()["city"]
    assert json_city["coverage"]["students"] == {"reported": 7, "schools": 7}


def test_the_first_template_school_is_listed_not_counted(city_2021: CityResult) -> None:
    notices = [i for i in city_2021.issues if i.code == "S108"]
    assert [Path(i.file).name for i in notices] == ["大安市职业教育中心.xlsx"]
    assert all(s.warnings == 0 and s.errors == 0 for s in city_2021.schools)


def test_the_diff_shows_the_new_rows(city_2021: CityResult) -> None:
    new = aggregate_folder(SAMPLES / "2022")
    diff = diff_years(city_2021, new)
    change = diff.city["retention_3y"]
    assert change.old == pytest.approx(city_2021.city()["retention_3y"])
    assert change.new == pytest.approx(new.city()["retention_3y"])
    city_rows = next(t for t in diff_tables(diff, Lang.ZH) if t.name == "city").rows
    shown = {row["indicator"] for row in city_rows}
    assert {"文化课合格率", "三年巩固率", "本科以上学历专任教师比例", "自主创业率"} <= shown


def test_the_blank_template_carries_its_version_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, 2023)
    book = openpyxl.load_workbook(path)
    assert "学生素质" in book.sheetnames
    rows = {row[4]: row[2] for row in book["学校信息"].iter_rows(min_row=3, values_only=True)}
    assert rows["template_version"] == 2
    report = validate_workbook(path)
    assert report.data is not None and report.data.school is not None
    assert report.data.school.template_version == 2
    assert "S108" not in {issue.code for issue in report.issues}


def test_not_reported_text_is_not_a_zero(tmp_path: Path) -> None:
    """未填报 in an optional cell reads as not reported (no issue), 0 as a reported zero."""
    from builders import valid_school, write_workbook

    path = write_workbook(valid_school(teachers={"bachelor": "未填报", "middle_title": 0,
                                                 "junior_title": 26}),
                          tmp_path / "school.xlsx")
    report = validate_workbook(path)
    assert report.data is not None and report.data.teachers is not None
    assert report.data.teachers.bachelor is None and report.data.teachers.middle_title == 0
    assert {issue.code for issue in report.issues} == set()
