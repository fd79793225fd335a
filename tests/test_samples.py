"""The bundled samples: 2022 reproduces the published 白城市 figures through aggregate itself,
2021 and 2022 are valid, each broken file produces the error it was built for, and the
committed workbooks are what ``samples/make_samples.py`` writes from ``samples/baicheng.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import baicheng
import pytest
import songyuan

from vetstat.core.issues import Lang
from vetstat.outputs.tables import quality_table
from vetstat.outputs.template import write_school
from vetstat.usecases.aggregate import CityResult, aggregate_folder
from vetstat.usecases.validate import validate_workbook

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module", params=["samples", "first-template"])
def city_2022(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> CityResult:
    """samples/2022, and the same schools written on the first template (no 模板版本, no
    学生素质, none of the rows version 2 added), as every workbook was before it."""
    if request.param == "samples":
        return aggregate_folder(SAMPLES / "2022")
    folder = tmp_path_factory.mktemp("first-template")
    for school in baicheng.schools(2022):
        write_school(school, folder / f"{school['school']['name']}.xlsx", version=1)
    return aggregate_folder(folder)


def test_first_template_workbooks_get_the_notice_only(tmp_path: Path) -> None:
    """Today's workbooks still aggregate to the published figures (the tests above run on them
    too), each with one info notice, S108, and nothing else; 表1 says what none reports."""
    for school in baicheng.schools(2022):
        write_school(school, tmp_path / f"{school['school']['name']}.xlsx", version=1)
    city = aggregate_folder(tmp_path)
    assert sorted({i.code for i in city.issues}) == ["S108"]
    assert len(city.issues) == 7 and all(s.warnings == 0 for s in city.schools)
    figures = city.city()
    assert figures["culture_pass_rate"] is None and figures["bachelor"] is None
    assert figures["coverage"]["retention_3y"] == {"reported": 0, "schools": 7}
    rows = {row["key"]: row for row in quality_table(figures, Lang.ZH).rows}
    assert rows["retention_3y"]["value"] == "未填报"
    second = aggregate_folder(SAMPLES / "2022").city()
    for key in ("dual_ratio", "employment_rate", "part_time_ratio", "per_student_appropriation"):
        assert figures[key] == second[key]  # what the first template has is the same


def test_every_published_city_figure_is_reproduced(city_2022: CityResult) -> None:
    city: dict[str, Any] = city_2022.city()
    # 1 基本情况
    assert city["schools"] == 7
    assert city["schools_city_run"] == 2
    assert city["schools_county"] == 5
    assert round(city["land_area"] / 10000, 1) == 79.6
    assert round(city["building_area"] / 10000, 1) == 17.7
    assert city["staff_total"] == 898
    assert city["full_time"] == 553
    assert city["students"] == 5078
    assert city["new_students"] == 2108
    assert city["majors"] == 69
    assert city["categories"] == 14
    assert city["model_majors_provincial"] == 4
    assert city["model_majors_city"] == 9
    # 2.4 就业质量 (the samples' reading: 310 employed, 1103 further study, 29 to bachelor)
    assert city["graduates"] == 1718
    assert city["employed"] == 310
    assert city["further_study"] == 1103
    assert city["to_bachelor"] == 29
    # 3.6.4 师资
    assert round(city["senior_title_ratio"], 2) == 44.67
    assert round(city["postgraduate_ratio"], 2) == 5.97
    assert round(city["dual_ratio"]) == 54
    # 3.7, 4.1, 2.5, 5.4
    assert city["partner_enterprises"] == 62
    assert city["social_training"] == 3500
    assert city["special_funds"] == pytest.approx(561)
    assert round(city["per_student_appropriation"], 2) == 4718.42


def test_published_satisfaction_figures(city_2022: CityResult) -> None:
    city = city_2022.city()
    students = city["satisfaction"]["在校生"]
    assert city["satisfaction_students_overall"]["rate"] >= 90
    for item in ("理论学习", "专业学习", "实习实训"):
        assert round(students[item]["rate"]) == 93
    assert students["校园文化与社团活动"]["rate"] > 92
    assert students["生活"]["rate"] > 96
    assert students["校园安全"]["rate"] > 96
    assert city["satisfaction"]["毕业生"]["总体"]["rate"] >= 95


def test_published_contest_awards(city_2022: CityResult) -> None:
    awards = city_2022.city()["awards"]
    provincial = awards["省级"]
    assert provincial["二等奖"] == {"entries": 1, "students": 2}
    assert provincial["三等奖"]["students"] == 10
    assert sum(p["entries"] for p in provincial.values()) == 7
    city_level = awards["市级"]
    assert {prize: counts["students"] for prize, counts in city_level.items()} == {
        "一等奖": 3, "二等奖": 3, "三等奖": 6}
    schools = {s.name for s in city_2022.schools if any(a.level == "省级" for a in s.awards)}
    assert len(schools) == 5


def test_published_school_figures(city_2022: CityResult) -> None:
    by_name = {s.name: s.indicators() for s in city_2022.schools}
    first = by_name["白城市第一职业高中"]
    assert (first["new_students"], first["students"]) == (624, 1717)
    taonan = by_name["洮南市职业教育中心"]
    assert taonan["new_students"] == 403 and taonan["students"] > 1200
    zhenlai = by_name["镇赉县职业技术教育中心"]
    assert zhenlai["fiscal_appropriation"] == pytest.approx(251.1)
    assert abs(zhenlai["per_student_appropriation"] - 7994) / 7994 < 0.01
    husbandry = by_name["吉林省畜牧业学校"]
    assert (husbandry["skill_candidates"], husbandry["skill_passed"]) == (63, 57)


@pytest.mark.parametrize("year", ["2021", "2022"])
def test_sample_years_are_valid_without_unexplained_warnings(year: str) -> None:
    files = sorted((SAMPLES / year).glob("*.xlsx"))
    assert len(files) == 7
    for path in files:
        report = validate_workbook(path)
        assert report.passes(strict=True), [i.to_dict() for i in report.issues]


def test_each_broken_sample_produces_the_error_it_was_built_for() -> None:
    files = {p.stem: p for p in (SAMPLES / "broken").glob("*.xlsx")}
    assert set(files) == set(baicheng.BROKEN_CODES)
    assert len(files) >= 5
    for stem, code in baicheng.BROKEN_CODES.items():
        report = validate_workbook(files[stem])
        codes = {issue.code for issue in report.issues if issue.is_error}
        assert codes == {code}, (stem, codes)


@pytest.mark.parametrize("year", ["2021", "2022"])
def test_the_second_city_is_valid_without_unexplained_warnings(year: str) -> None:
    files = sorted((SAMPLES / "songyuan" / year).glob("*.xlsx"))
    assert len(files) == 7
    for path in files:
        report = validate_workbook(path)
        assert report.passes(strict=True), [i.to_dict() for i in report.issues]


@pytest.mark.parametrize(("city", "folder", "year"), [
    (baicheng, "", 2021), (baicheng, "", 2022),
    (songyuan, "songyuan", 2021), (songyuan, "songyuan", 2022)])
def test_committed_workbooks_hold_the_generator_data(city: Any, folder: str, year: int) -> None:
    """A drift between baicheng.py (songyuan.py) and the committed .xlsx fails here: rerun make
    samples."""
    for school in city.schools(year):
        path = SAMPLES / folder / str(year) / f"{school['school']['name']}.xlsx"
        report = validate_workbook(path)
        assert report.data is not None
        read = report.data.model_dump()
        for sheet in ("school", "teachers", "employment", "funding", "services"):
            expected = {k: v for k, v in school[sheet].items() if v is not None}
            got = {k: v for k, v in read[sheet].items() if k in expected}
            assert got == pytest.approx(expected), sheet
        assert [row["code"] for row in read["enrollment"]] == [m["code"] for m in school["enrollment"]]
        for got_row, row in zip(read["enrollment"], school["enrollment"], strict=True):
            for key in ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates"):
                assert got_row[key] == row[key]

