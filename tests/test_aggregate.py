"""``aggregate``: city figures from summed parts, the X rules, reconciliation, parallel = serial."""

from __future__ import annotations

import io
import json
import os
import pickle
import statistics
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from builders import lock_file, saved_at
from helpers import city_school, three_schools, write_city
from vetstat.core.config import Config, Thresholds
from vetstat.core.indicators import views
from vetstat.core.issues import Lang
from vetstat.core.jsondoc import to_json, write_json
from vetstat.figures import reconcile as reconcile_module
from vetstat.figures.city import city_figures, flat_figures, major_rows
from vetstat.figures.reconcile import ReconciliationError, reconcile, summed_values
from vetstat.figures.summary import SchoolSummary
from vetstat.outputs.tables import ROW_KIND, TOTAL, city_tables
from vetstat.usecases import pool as pool_module
from vetstat.usecases.aggregate import CityResult, aggregate_files, aggregate_folder, school_line
from vetstat.usecases.pool import summarise_file

SUMMED_KEYS = views().additive

# --- a city of three schools (built by helpers.py) ------------------------------------------


@pytest.fixture(scope="module")
def city_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_city(tmp_path_factory.mktemp("city"), three_schools())


@pytest.fixture(scope="module")
def city(city_folder: Path) -> CityResult:
    return aggregate_folder(city_folder, jobs=1)


def codes(result: CityResult) -> list[tuple[str, str]]:
    return sorted((issue.code, issue.file) for issue in result.issues)


# --- statistics ----------------------------------------------------------------------------


def test_the_city_is_clean_and_every_school_counted(city: CityResult) -> None:
    assert city.issues == []
    assert city.valid
    assert city.year == 2022
    assert [s.file for s in city.included] == ["a_big.xlsx", "b_small.xlsx", "c_mid.xlsx"]


def test_rates_are_pooled_not_averaged(city: CityResult) -> None:
    figures = city.city()
    # 就业率 = (直接就业 + 升学) / 毕业生, over the summed counts of 10×, 1× (changed) and 2×
    placed = (1000 + 500) + (40 + 20) + (200 + 100)
    graduates = 1580 + 158 + 316
    assert figures["employment_rate"] == pytest.approx(100 * placed / graduates)
    school_rates = [s.indicators()["employment_rate"] for s in city.included]
    assert statistics.mean(school_rates) != pytest.approx(figures["employment_rate"], abs=1)
    # satisfaction pools the respondents: 在校生 / 理论学习
    theory = figures["satisfaction"]["在校生"]["理论学习"]
    assert theory["samples"] == 1200 + 120 + 240
    assert theory["rate"] == pytest.approx(100 * ((800 + 320) + (20 + 40) + (160 + 64)) / 1560)
    # 对口就业率 = 对口就业 / 直接就业
    assert figures["in_field_rate"] == pytest.approx(100 * (800 + 30 + 160) / (1000 + 40 + 200))
    # 生均财政拨款 = 拨款 (万元) × 10000 / 在校生
    assert figures["per_student_appropriation"] == pytest.approx(
        (6000 + 600 + 1200) * 10000 / (6000 + 600 + 1200))
    # 起薪 weighted by the employed: all 3200 here, whatever the weights
    assert figures["starting_salary"] == pytest.approx(3200)


def test_starting_salary_is_weighted_by_the_employed(tmp_path: Path) -> None:
    folder = write_city(tmp_path, {
        "a.xlsx": city_school("3622000001", "甲职业学校", 10),  # 1000 employed at 3200
        "b.xlsx": city_school("3622000002", "乙职业学校", 1, employment={"starting_salary": 5400}),
    })
    figures = aggregate_folder(folder, jobs=1).city()
    assert figures["starting_salary"] == pytest.approx((1000 * 3200 + 100 * 5400) / 1100)


def test_counts_are_summed_and_shared_majors_counted_once(city: CityResult) -> None:
    figures = city.city()
    assert figures["students"] == 6000 + 600 + 1200
    assert figures["full_time"] == 500 + 50 + 100
    assert figures["schools"] == 3
    assert figures["schools_city_run"] == 2
    assert figures["schools_county"] == 1
    assert figures["majors"] == 3  # every school runs the same three majors
    assert figures["categories"] == 3
    assert figures["model_majors_provincial"] == 3  # counted per school
    assert figures["model_majors_city"] == 3
    assert figures["awards"]["省级"]["二等奖"] == {"entries": 3, "students": 6}
    assert figures["awards"]["市级"]["一等奖"] == {"entries": 3, "students": 3}


def test_a_major_of_one_school_adds_a_major_and_a_category(tmp_path: Path) -> None:
    schools = three_schools()
    schools["c_mid.xlsx"]["enrollment"][1].update(code="620101", name="国土资源调查")
    result = aggregate_folder(write_city(tmp_path, schools), jobs=1)
    assert result.city()["majors"] == 4
    assert result.city()["categories"] == 4
    rows = {row["code"]: row for row in major_rows(result.included)}
    assert rows["620101"]["schools"] == 1
    assert rows["700206"]["schools"] == 2
    assert rows["710201"]["school_codes"] == ["3622000001", "3622000002", "3622000003"]
    assert rows["710201"]["students"] == 2400 + 240 + 480


def test_school_documents_carry_the_city_keys(city: CityResult) -> None:
    document = city.to_dict(Lang.ZH)
    big = document["schools"][0]
    assert big["school_code"] == "3622000001"
    assert big["valid"] and big["counted"]
    assert set(document["city"]) - {"coverage"} <= set(big)  # coverage: the city's only
    assert big["students"] == 6000


# §6: every key listed for ``city`` must be there
CITY_KEYS = {
    "land_area", "building_area", "books", "staff_total", "full_time", "foundation", "specialty",
    "dual_qualified", "senior_title", "postgraduate", "part_time", "employed",
    "employed_in_field", "further_study", "to_bachelor", "not_placed", "fiscal_appropriation",
    "special_funds", "capital_construction", "equipment_purchase", "equipment_value",
    "partner_enterprises", "order_classes", "social_training", "x_certificates", "x_candidates",
    "x_passed", "skill_candidates", "skill_passed",
    "new_students", "grade_1", "grade_2", "grade_3", "students", "graduates", "majors",
    "categories", "model_majors_provincial", "model_majors_city",
    "schools", "schools_city_run", "schools_county",
    "student_teacher_ratio", "dual_ratio", "senior_title_ratio", "postgraduate_ratio",
    "specialty_ratio", "employment_rate", "in_field_rate", "further_study_rate",
    "per_student_appropriation", "per_student_equipment", "land_area_per_student",
    "building_area_per_student", "books_per_student", "starting_salary",
    "satisfaction", "satisfaction_students_overall", "awards",
}


def test_json_has_the_shape_of_the_contract(city: CityResult) -> None:
    document = city.to_dict(Lang.EN)
    assert {"year", "schools", "city", "issues"} <= set(document)
    assert set(document["city"]) >= CITY_KEYS
    assert not any(key.endswith("_reported") for key in document["city"])
    for entry in document["schools"]:
        assert {"name", "school_code", "file", "valid"} <= set(entry)
    graduates = document["city"]["satisfaction"]["毕业生"]["总体"]
    assert set(graduates) == {"samples", "very_satisfied", "satisfied", "dissatisfied", "rate"}
    assert set(document["city"]["satisfaction_students_overall"]) == set(graduates)
    assert document["city"]["awards"]["省级"]["二等奖"] == {"entries": 3, "students": 6}
    assert isinstance(document["city"]["employment_rate"], float)  # unrounded percent
    to_json(document)  # serialisable, no NaN


# --- reconciliation ------------------------------------------------------------------------


def test_the_tables_reconcile(city: CityResult) -> None:
    rows = [flat_figures(city_figures([s])) for s in city.included]
    total = flat_figures(city.city())
    assert reconcile(rows, total, major_rows(city.included)) == []
    schools = next(t for t in city_tables(city) if t.name == "schools")
    last = schools.rows[-1]
    assert last[ROW_KIND] == TOTAL and last["name"] == "全市合计"
    assert last["students"] == sum(row["students"] for row in schools.rows[:-1])


@pytest.mark.parametrize("batch", [2, 512])
def test_reconcile_names_what_does_not_add_up(city: CityResult, batch: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Also when the schools' values are added in partial sums (a national batch)."""
    monkeypatch.setattr(reconcile_module, "RECONCILE_BATCH", batch)
    rows = [flat_figures(city_figures([s])) for s in city.included]
    assert reconcile(iter(rows), flat_figures(city.city()), major_rows(city.included)) == []
    total = flat_figures(city.city())
    majors = major_rows(city.included)
    wrong_total = {**total, "students": total["students"] + 1}
    assert any(p.startswith("students:") for p in reconcile(rows, wrong_total, majors))
    wrong_survey = {**total, "satisfaction_students_life_samples": 1}
    assert any("satisfaction_students_life_samples" in p
               for p in reconcile(rows, wrong_survey, majors))
    assert any(p.startswith("majors:") for p in reconcile(rows, total, majors[1:]))


def test_a_broken_figure_is_an_internal_error(city_folder: Path) -> None:
    result = aggregate_folder(city_folder, jobs=1)
    result.included[0].totals["students"] += 5  # the majors no longer add up to the totals
    with pytest.raises(ReconciliationError, match="students"):
        result.reconcile()
    with pytest.raises(ReconciliationError):
        city_tables(result)


def test_a_major_row_without_a_code_still_reconciles(tmp_path: Path) -> None:
    schools = three_schools()
    schools["b_small.xlsx"]["enrollment"][0]["code"] = None
    result = aggregate_folder(write_city(tmp_path, schools), jobs=1)
    assert ("F004", "b_small.xlsx") in codes(result)
    assert result.city()["students"] == 6000 + 600 + 1200  # its students still count
    rows = major_rows(result.included)
    assert rows[-1]["code"] == "" and rows[-1]["students"] == 210
    majors = next(t for t in city_tables(result) if t.name == "majors")
    assert majors.rows[-2]["code"] == "（未填代码）"


# --- files passed over, unreadable files ---------------------------------------------------


def test_lock_files_hidden_files_and_strays_are_skipped(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    lock_file(folder / "a_big.xlsx")
    (folder / ".hidden.xlsx").write_bytes(b"hidden")
    (folder / "说明.txt").write_text("请于 9 月 30 日前报送", "utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.xlsx").write_bytes(b"inside a hidden folder")
    result = aggregate_folder(folder, jobs=1)
    assert sorted(s.path.name for s in result.skipped) == [".hidden.xlsx", "~$a_big.xlsx", "说明.txt"]
    assert result.issues == [] and len(result.included) == 3


def test_a_corrupt_file_is_left_out_and_named(tmp_path: Path) -> None:
    folder = write_city(tmp_path, three_schools())
    (folder / "d_broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = aggregate_folder(folder, jobs=1)
    assert ("F001", "d_broken.xlsx") in codes(result)
    x904 = [i for i in result.issues if i.code == "X904"]
    assert [i.file for i in x904] == ["d_broken.xlsx"]
    assert x904[0].params == {"included": 3, "total": 4}
    assert "3/4" in x904[0].message(Lang.ZH) and "3 of 4" in x904[0].message(Lang.EN)
    assert not result.valid
    assert result.city()["schools"] == 3
    assert result.city()["students"] == 7800


@pytest.mark.parametrize("jobs", [1, 2])
def test_last_years_city_workbook_in_the_folder_is_skipped(
        tmp_path: Path, city: CityResult, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Told apart in the worker that reads it, whether the files go through a pool or not."""
    from vetstat.outputs.citybook import write_city_workbook

    monkeypatch.setattr(pool_module, "PARALLEL_MIN_FILES", 2)
    folder = write_city(tmp_path, three_schools())
    (folder / "~$甲.xlsx").write_bytes(b"lock")
    write_city_workbook(city, folder / "全市汇总.xlsx")
    result = aggregate_folder(folder, jobs=jobs)
    assert [s.path.name for s in result.skipped] == ["~$甲.xlsx"]
    assert [(p.file, p.what.kind) for p in result.not_school] == [("全市汇总.xlsx", "city")]
    assert "汇总" in result.not_school[0].what.reason_zh
    assert codes(result) == [("X907", "全市汇总.xlsx")] and result.valid
    assert len(result.schools) == 3
    # given as a file to read, it is told apart just the same
    alone = aggregate_files([folder / "全市汇总.xlsx"], jobs=1)
    assert alone.schools == [] and [p.what.kind for p in alone.not_school] == ["city"]


# --- X rules -------------------------------------------------------------------------------


def test_x901_two_files_of_one_school_keep_the_first(tmp_path: Path) -> None:
    schools = three_schools()
    schools["d_again.xlsx"] = city_school("3622000002", "乙职业学校", 3)
    folder = write_city(tmp_path, schools)
    saved_at(folder / "b_small.xlsx", "2022-09-30T08:00:00Z")
    saved_at(folder / "d_again.xlsx", "2022-09-29T08:00:00Z")
    result = aggregate_folder(folder, jobs=1)
    x901 = [i for i in result.issues if i.code == "X901"]
    assert [(i.file, i.params["other"], i.sheet, i.field) for i in x901] == [
        ("d_again.xlsx", "b_small.xlsx", "学校信息", "school_code")]
    assert x901[0].cell is not None
    assert "b_small.xlsx" in x901[0].message(Lang.ZH) and "d_again.xlsx" in x901[0].message(Lang.ZH)
    duplicate = result.schools[-1]
    assert duplicate.duplicate_of == "b_small.xlsx" and not duplicate.counted
    assert result.city()["schools"] == 3
    assert result.city()["students"] == 7800  # the later file is not summed
    assert not result.valid
    table = next(t for t in city_tables(result) if t.name == "schools")
    assert "未计入" in table.rows[3]["status"] and table.rows[3].get("students") is None


def test_x902_a_file_of_another_year_is_flagged_but_counted(tmp_path: Path) -> None:
    schools = three_schools()
    schools["b_small.xlsx"]["school"]["year"] = 2021
    folder = write_city(tmp_path, schools)
    result = aggregate_folder(folder, jobs=1)
    assert [(c, f) for c, f in codes(result)] == [("X902", "b_small.xlsx")]
    issue = result.issues[0]
    assert (issue.value, issue.expected, issue.field) == (2021, "2022", "year")
    assert result.city()["schools"] == 3
    given = aggregate_folder(folder, year=2021, jobs=1)
    assert given.year == 2021
    assert codes(given) == [("X902", "a_big.xlsx"), ("X902", "c_mid.xlsx")]


def test_x903_one_name_under_two_codes(tmp_path: Path) -> None:
    schools = three_schools()
    schools["c_mid.xlsx"]["school"]["name"] = " 甲职业学校 "
    result = aggregate_folder(write_city(tmp_path, schools), jobs=1)
    assert codes(result) == [("X903", "c_mid.xlsx")]
    assert result.issues[0].params["other_code"] == "3622000001"
    assert result.valid  # a warning


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\ufeff", "\u2060", "\u00ad"])
def test_x903_sees_through_characters_that_print_as_nothing(tmp_path: Path, hidden: str) -> None:
    """Before: 白城市第一\u200b职业高中 under another code printed like the real name and raised
    nothing. Format characters (Unicode Cf) are dropped from names and codes as they are read."""
    schools = three_schools()
    schools["c_mid.xlsx"]["school"]["name"] = f"甲职业{hidden}学校"
    schools["b_small.xlsx"]["school"]["school_code"] = f"36220{hidden}00002"
    result = aggregate_folder(write_city(tmp_path, schools), jobs=1)
    assert codes(result) == [("X903", "c_mid.xlsx")]
    assert [s.name for s in result.schools] == ["甲职业学校", "乙职业学校", "甲职业学校"]
    assert result.schools[1].school_code == "3622000002"


def test_a_name_without_format_characters_is_not_x903(tmp_path: Path) -> None:
    schools = three_schools()
    schools["c_mid.xlsx"]["school"]["name"] = "甲职业·学校"  # a character that prints
    assert codes(aggregate_folder(write_city(tmp_path, schools), jobs=1)) == []


def outlier_city(appropriation: float, *, schools: int = 3) -> dict[str, dict[str, Any]]:
    """``schools`` normal schools (10000 元 per student) and one with ``appropriation`` 万元."""
    city = {f"s{n}.xlsx": city_school(f"36220000{n:02}", f"第{n}职业学校") for n in range(schools)}
    city["z.xlsx"] = city_school("3622000099", "远离中位数学校", funding={
        "fiscal_appropriation": appropriation,
        "per_student_reported": round(appropriation * 10000 / 600, 2)})
    return city


def test_x905_an_outlier_among_three_schools(tmp_path: Path) -> None:
    result = aggregate_folder(write_city(tmp_path, outlier_city(2400.0)), jobs=1)
    assert codes(result) == [("X905", "z.xlsx")]
    issue = result.issues[0]
    assert issue.field == "fiscal_appropriation" and issue.sheet == "经费投入"
    assert issue.value == 40000 and issue.params["median"] == 10000
    assert result.valid


def test_x905_no_flag_for_a_normal_spread_or_too_few_schools(tmp_path: Path) -> None:
    normal = aggregate_folder(write_city(tmp_path / "normal", outlier_city(1500.0)), jobs=1)
    assert normal.issues == []  # 25000 元 is 2.5 × the median
    low = aggregate_folder(write_city(tmp_path / "low", outlier_city(150.0)), jobs=1)
    assert codes(low) == [("X905", "z.xlsx")]  # 2500 元, under a third of 10000
    two = aggregate_folder(write_city(tmp_path / "two", outlier_city(2400.0, schools=1)), jobs=1)
    assert two.issues == []  # two schools: no median to speak of


def test_x905_threshold_is_configurable(tmp_path: Path) -> None:
    folder = write_city(tmp_path, outlier_city(2400.0))
    relaxed = Config(thresholds=Thresholds(median_factor=5))
    assert aggregate_folder(folder, relaxed, jobs=1).issues == []


def test_files_with_errors_are_counted_and_marked(tmp_path: Path) -> None:
    schools = three_schools()
    schools["b_small.xlsx"]["teachers"]["dual_qualified"] = 40  # more than 30 专业课教师
    result = aggregate_folder(write_city(tmp_path, schools), jobs=1)
    assert ("T303", "b_small.xlsx") in codes(result)
    assert not result.valid
    assert len(result.included) == 3
    tables = {t.name: t for t in city_tables(result)}
    errors = sum(1 for i in result.issues if i.file == "b_small.xlsx" and i.is_error)
    assert tables["schools"].rows[1]["status"] == f"有错误 {errors} 个"
    assert "含 1 个有错误的文件" in tables["quality"].title_zh
    marked = [row for row in tables["school_majors"].rows if row["flag"]]
    assert {row["school_code"] for row in marked} == {"3622000002"}


def test_absurd_magnitudes_are_f017_and_no_city_figure_is_infinite(tmp_path: Path) -> None:
    """1e308 平方米 in two schools once summed to inf (exit 0); a 1e308 count became a 309-digit
    integer. Each is F017 at its cell now, left out of the sums, and the output is finite."""
    schools = three_schools()
    schools["a_big.xlsx"]["school"]["land_area"] = 1e308
    schools["b_small.xlsx"]["school"]["land_area"] = 1e308
    schools["c_mid.xlsx"]["teachers"]["staff_total"] = 1e308
    folder = write_city(tmp_path, schools)
    result = aggregate_folder(folder, jobs=1)
    found = sorted((i.code, i.file, i.cell) for i in result.issues if i.code == "F017")
    assert found == [("F017", "a_big.xlsx", "C9"), ("F017", "b_small.xlsx", "C9"),
                     ("F017", "c_mid.xlsx", "C3")]
    city = flat_figures(result.city())
    assert city["land_area"] == schools["c_mid.xlsx"]["school"]["land_area"]
    assert city["staff_total"] == (schools["a_big.xlsx"]["teachers"]["staff_total"]
                                   + schools["b_small.xlsx"]["teachers"]["staff_total"])
    text = to_json(result.to_dict())
    assert "Infinity" not in text and "NaN" not in text and "inf" not in text


def test_a_sum_past_the_float_range_is_no_figure() -> None:
    """The guard behind the bounds: two schools whose land areas add up past the float range
    give no figure (None), never inf, and the reconciliation accepts it."""
    schools = [SchoolSummary(file=f"{code}.xlsx", name=code, school_code=code,
                             totals={"land_area": 1.5e308, "books": 10})
               for code in ("3622000001", "3622000002")]
    city = city_figures(schools)
    assert city["land_area"] is None and city["books"] == 20
    reconcile_module.ensure_reconciled(schools, city)


# --- batch comfort -------------------------------------------------------------------------


def test_parallel_and_serial_give_the_same_result(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    schools = three_schools()
    schools["d_again.xlsx"] = city_school("3622000002", "乙职业学校", 3)
    schools["e_year.xlsx"] = city_school("3622000005", "戊职业学校", 1, school={"year": 2021})
    folder = write_city(tmp_path, schools)
    (folder / "f_broken.xlsx").write_bytes(b"garbage")
    pools: list[int] = []

    class CountingPool(pool_module.ProcessPoolExecutor):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(kwargs.get("max_workers", 0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_FILES", 2)
    serial = aggregate_folder(folder, jobs=1)
    assert pools == []
    seen: list[tuple[int, int]] = []
    parallel = aggregate_folder(folder, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert pools == [2]
    assert seen == [(n, 6) for n in range(1, 7)]
    for lang in Lang:
        assert to_json(parallel.to_dict(lang)) == to_json(serial.to_dict(lang))
    assert {"X901", "X902", "X904", "F001"} <= {i.code for i in parallel.issues}
    # the schools' JSON made by the workers is the JSON the parent makes
    with_json = aggregate_folder(folder, jobs=2, school_json=True)
    assert sum(made is not None for made in with_json.school_json) == 5
    made_there, made_here = io.StringIO(), io.StringIO()
    write_json(with_json.json_document(Lang.EN), made_there)
    write_json(serial.json_document(Lang.EN), made_here)
    assert made_there.getvalue() == made_here.getvalue()


_READ_FILE = pool_module.summarise_file


def _dies_on_c(task: Any) -> Any:
    """summarise_file, except that the worker process dies on c.xlsx (as an abort in a reader
    would kill it) and raises on e.xlsx (as a bug would); module-level so that the pool's
    workers can look it up."""
    if task[1] == "c.xlsx":
        os._exit(134)
    if task[1] == "e.xlsx":
        raise PermissionError("not yours")
    return _READ_FILE(task)


def test_a_file_that_kills_its_worker_is_reported_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schools = {name: city_school(f"36220000{index:02d}", f"{name}学校", 1)
               for index, name in enumerate(["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx",
                                             "f.xlsx", "g.xlsx"], start=1)}
    folder = write_city(tmp_path, schools)
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(pool_module, "summarise_file", _dies_on_c)
    seen: list[tuple[int, int]] = []
    result = aggregate_folder(folder, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert [s.file for s in result.schools] == sorted(schools)
    assert [s.file for s in result.schools if not s.readable] == ["c.xlsx", "e.xlsx"]
    stopped = [i for i in result.issues if i.file == "c.xlsx"]
    assert sorted(i.code for i in stopped) == ["F001", "X904"]  # X904: 5 of 7 files included
    assert "读取进程意外终止" in next(i for i in stopped if i.code == "F001").message(Lang.ZH)
    failed = next(i for i in result.issues if i.file == "e.xlsx" and i.code == "F001")
    assert "PermissionError" in failed.message(Lang.EN)
    assert len(result.included) == 5 and seen == [(n, 7) for n in range(1, 8)]


def _raises_on_b(task: Any) -> Any:
    if task[1] == "b.xlsx":
        raise MemoryError()
    return _READ_FILE(task)


def test_an_error_on_one_file_is_reported_on_it_in_one_process_too(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = write_city(tmp_path, {"a.xlsx": city_school("3622000001", "甲", 1),
                                   "b.xlsx": city_school("3622000002", "乙", 1)})
    monkeypatch.setattr(pool_module, "summarise_file", _raises_on_b)
    result = aggregate_folder(folder, jobs=1)
    assert [s.readable for s in result.schools] == [True, False]
    assert "MemoryError" in next(i for i in result.issues if i.code == "F001").message(Lang.EN)


def test_small_batches_stay_serial(city_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a pool for three files")

    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", no_pool)
    assert len(aggregate_folder(city_folder, jobs=8).included) == 3


def test_workers_return_small_summaries(city_folder: Path) -> None:
    outcome = summarise_file((city_folder / "a_big.xlsx", "a_big.xlsx", Config(), True))
    assert outcome is not None
    summary, issues, summed, figures_json = outcome
    assert issues == []
    assert summary.cells["school_code"][0] == "学校信息"
    assert len(pickle.dumps(summary)) < 8000  # figures only, never the workbook
    # the school's own figures come made: its sums for the reconciliation, its JSON
    figures = city_figures([summary])
    assert summed == summed_values(figures)
    assert summed[SUMMED_KEYS.index("students")] == 6000
    assert figures_json is not None
    assert json.loads("{" + zlib.decompress(figures_json).decode() + "}") == json.loads(
        to_json(figures))
    # without JSON to write, the worker sends the sums only
    alone = summarise_file((city_folder / "a_big.xlsx", "a_big.xlsx", Config(), False))
    assert alone is not None and alone.figures_json is None and alone.sums == summed


def test_an_unreadable_file_sends_no_figures(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"garbage")
    outcome = summarise_file((tmp_path / "broken.xlsx", "broken.xlsx", Config(), True))
    assert outcome is not None
    summary, issues, summed, figures_json = outcome
    assert not summary.readable and summed is None and figures_json is None
    assert [issue.code for issue in issues] == ["F001"]


def test_the_sums_made_while_reading_are_the_ones_checked(city_folder: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real = pool_module.summed_values

    def one_student_more(figures: Mapping[str, Any]) -> tuple[Any, ...]:
        values = list(real(figures))
        values[SUMMED_KEYS.index("students")] += 1
        return tuple(values)

    assert aggregate_folder(city_folder, jobs=1).city()["students"] == 7800
    monkeypatch.setattr(pool_module, "summed_values", one_student_more)
    with pytest.raises(ReconciliationError, match="students: schools add up to 7803"):
        aggregate_folder(city_folder, jobs=1)


def test_a_school_line_names_no_key_twice(city: CityResult) -> None:
    """Identity first, figures after: the two must never share a key."""
    for summary in city.schools:
        line = json.loads(school_line(summary), object_pairs_hook=_no_twin_keys)
        assert {"school_code", "readable", "students"} <= set(line)


def _no_twin_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_json_lines_are_the_school_documents(tmp_path: Path) -> None:
    schools = three_schools()
    schools["d_again.xlsx"] = city_school("3622000002", "乙职业学校", 3)  # a duplicate: not counted
    folder = write_city(tmp_path, schools)
    # saved in one second (as two files written by a program may be): the path decides
    for name in ("b_small.xlsx", "d_again.xlsx"):
        saved_at(folder / name, "2022-09-30T08:00:00Z")
    (folder / "f_broken.xlsx").write_bytes(b"garbage")
    result = aggregate_folder(folder, jobs=1, school_json=True)
    assert [made is not None for made in result.school_json] == [True] * 4 + [False]
    assert all(made is None for made in aggregate_folder(folder, jobs=1).school_json)
    written = io.StringIO()
    write_json(result.json_document(Lang.ZH), written)
    document = json.loads(written.getvalue(), object_pairs_hook=_no_twin_keys)
    assert document["schools"] == json.loads(to_json(result.to_dict(Lang.ZH)))["schools"]
    assert document["schools"][3]["duplicate_of"] == "b_small.xlsx"
    assert document["schools"][4]["readable"] is False and "students" not in document["schools"][4]
    # summaries without the worker's figures (read back from a city workbook) write the same
    result.school_json = []
    again = io.StringIO()
    write_json(result.json_document(Lang.ZH), again)
    assert again.getvalue() == written.getvalue()


def test_aggregate_files_names_files_relative_to_the_root(city_folder: Path) -> None:
    files = sorted(city_folder.glob("*.xlsx"))
    named = aggregate_files(files, root=city_folder.parent, jobs=1)
    assert named.schools[0].file == f"{city_folder.name}/a_big.xlsx"
    assert aggregate_files(files, jobs=1).schools[0].file == "a_big.xlsx"
