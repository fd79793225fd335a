"""The 白城市 sample data: the published 2022 figures, every rule of the contract, the cohorts.

The checks here are written from the data contract on their own, without vetstat, so that the
samples stand as an independent oracle: aggregated the contract's way (§4) the 2022 schools must
give every figure the city report publishes, every school of both years must pass every rule of
§2 without a warning, and each broken file must break exactly the rule it is named for.
"""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import baicheng
import pytest
import songyuan

ROOT = Path(__file__).parents[1]

CATALOGUE_CSV = ROOT / "src" / "vetstat" / "data" / "zhongzhi-majors-2021.csv"

School = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# The interchange shape and the contract's vocabularies (§1)
# ---------------------------------------------------------------------------------------------

FORM_FIELDS = {
    "school": (
        "name", "school_code", "division_code", "county", "affiliation", "year", "land_area",
        "building_area", "books", "contact", "phone",
    ),
    "teachers": (
        "staff_total", "full_time", "foundation", "specialty", "dual_qualified", "senior_title",
        "postgraduate", "part_time", "dual_ratio_reported",
    ),
    "employment": (
        "graduates", "employed", "employed_in_field", "further_study", "to_bachelor",
        "not_placed", "starting_salary", "employment_rate_reported", "in_field_rate_reported",
    ),
    "funding": (
        "fiscal_appropriation", "special_funds", "capital_construction", "equipment_purchase",
        "equipment_value", "per_student_reported",
    ),
    "services": (
        "partner_enterprises", "order_classes", "social_training", "x_certificates",
        "x_candidates", "x_passed", "skill_candidates", "skill_passed",
    ),
}  # fmt: skip
TABLE_COLUMNS = {
    "enrollment": (
        "code", "name", "new_students", "grade_1", "grade_2", "grade_3", "students", "graduates",
        "model_major",
    ),
    "satisfaction": (
        "respondent", "item", "samples", "very_satisfied", "satisfied", "dissatisfied", "rate",
    ),
    "awards": ("level", "event", "students", "advisors", "prize"),
}  # fmt: skip
# what the second template version adds (the samples' values of it are illustrative)
VERSION_2_FIELDS = {
    "school": ("template_version",),
    "teachers": ("bachelor", "below_bachelor", "middle_title", "junior_title", "untitled"),
    "employment": (
        "self_employed", "to_enterprise", "to_government", "to_self_run", "to_military",
        "to_other", "study_vocational_exam", "study_general",
    ),
    "attainment": (
        "culture_candidates", "culture_passed", "skill_test_candidates", "skill_test_passed",
        "fitness_candidates", "fitness_passed", "graduation_due", "dual_certificate",
        "grade_1_end", "grade_2_end", "grade_3_end", "cohort_entry",
    ),
}  # fmt: skip
REQUIRED_SHEETS = ("school", "enrollment", "teachers", "employment", "funding", "satisfaction")
OPTIONAL_FORM_VALUES = {
    "contact", "phone", "dual_ratio_reported", "employment_rate_reported",
    "in_field_rate_reported", "per_student_reported",
}  # fmt: skip
PERCENT_FIELDS = {
    "dual_ratio_reported", "employment_rate_reported", "in_field_rate_reported", "rate",
}  # fmt: skip
AMOUNT_FIELDS = {
    "land_area", "building_area", "fiscal_appropriation", "special_funds", "capital_construction",
    "equipment_purchase", "equipment_value", "per_student_reported", "starting_salary",
}  # fmt: skip
TEXT_FIELDS = {
    "school": {"name", "school_code", "division_code", "county", "affiliation", "contact", "phone"},
    "enrollment": {"code", "name", "model_major"},
    "satisfaction": {"respondent", "item"},
    "awards": {"level", "event", "students", "advisors", "prize"},
}
AFFILIATIONS = {"市直属", "县（市、区）属", "其他"}
STUDENT_ITEMS = ("理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全")
RESPONDENTS = {"在校生", "毕业生", "教师", "家长", "用人单位"}
LEVELS = {"国家级", "省级", "市级"}
PRIZES = {"一等奖", "二等奖", "三等奖", "优秀奖"}
MODEL_MAJORS = {"", "省级", "市级"}
TOTAL_LABELS = {"合计", "总计"}
GRADE_KEYS = ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates")
NAME_SEPARATORS = ("、", "，", ",", ";", "；")


def load_catalogue() -> dict[str, tuple[str, str]]:
    """Code -> (name, 大类 code) of the 2021 catalogue shipped with the package."""
    with CATALOGUE_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: (row["name"], row["category_code"]) for row in csv.DictReader(handle)}


CATALOGUE = load_catalogue()


def names(text: str) -> list[str]:
    for separator in NAME_SEPARATORS[1:]:
        text = text.replace(separator, NAME_SEPARATORS[0])
    return [name.strip() for name in text.split(NAME_SEPARATORS[0]) if name.strip()]


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def percent(numerator: float, denominator: float) -> float:
    return 100 * numerator / denominator


# ---------------------------------------------------------------------------------------------
# The rules of §2 for one school, written small: each returns the codes it finds.
# ---------------------------------------------------------------------------------------------


def reading_issues(data: School) -> set[str]:
    """F rules: sheets present, values of the right kind."""
    found = {"F002" for sheet in REQUIRED_SHEETS if sheet not in data}
    for sheet, keys in FORM_FIELDS.items():
        for key in keys:
            if sheet in data:
                found |= value_issues(sheet, key, data[sheet].get(key, "<missing>"))
    for sheet, columns in TABLE_COLUMNS.items():
        for row in data.get(sheet, []):
            if set(row) != set(columns):
                found.add("F003")
            for key in columns:
                value = row.get(key)
                if key == "rate" and value is None:
                    continue
                found |= value_issues(sheet, key, value)
    return found


def value_issues(sheet: str, key: str, value: object) -> set[str]:
    if value == "<missing>":
        return {"F003"}
    if value is None:
        return set() if key in OPTIONAL_FORM_VALUES else {"F004"}
    if key in TEXT_FIELDS.get(sheet, set()):
        return set() if isinstance(value, str) else {"F005"}
    if not is_number(value):
        return {"F005"}
    assert isinstance(value, int | float)
    if value < 0:
        return {"F007"}
    if key in PERCENT_FIELDS and value > 100:
        return {"F008"}
    if key not in PERCENT_FIELDS | AMOUNT_FIELDS and not isinstance(value, int):
        return {"F007"}
    return set()


def allowed_value_issues(data: School) -> set[str]:
    """F012: values outside their allowed list."""
    found = set()
    if data["school"]["affiliation"] not in AFFILIATIONS:
        found.add("F012")
    found |= {"F012" for row in data["enrollment"] if row["model_major"] not in MODEL_MAJORS}
    for survey in data["satisfaction"]:
        items = STUDENT_ITEMS if survey["respondent"] == "在校生" else ("总体",)
        if survey["respondent"] not in RESPONDENTS or survey["item"] not in items:
            found.add("F012")
    for award in data.get("awards", []):
        if award["level"] not in LEVELS or award["prize"] not in PRIZES:
            found.add("F012")
    return found


def total_row_issues(rows: list[dict[str, Any]]) -> set[str]:
    """F013: a 合计 row must equal the sum of the rows above it."""
    found = set()
    for index, row in enumerate(rows):
        if row["code"] in TOTAL_LABELS:
            above = [r for r in rows[:index] if r["code"] not in TOTAL_LABELS]
            if any(row[key] != sum(r[key] for r in above) for key in GRADE_KEYS):
                found.add("F013")
    return found


def school_sheet_issues(data: School, students: int) -> set[str]:
    school = data["school"]
    found = set()
    code = school["school_code"]
    if not (len(code) == 10 and code.isdigit()):
        found.add("S101")
    if not code.startswith("36"):
        found.add("S102")
    if not (len(school["division_code"]) == 6 and school["division_code"].isdigit()):
        found.add("S103")
    if not 2000 <= school["year"] <= 2100:
        found.add("S104")
    if school["building_area"] < 20 * students:
        found.add("S105")
    if school["land_area"] < 33 * students:
        found.add("S106")
    if school["books"] < 30 * students:
        found.add("S107")
    return found


def enrollment_issues(majors: list[dict[str, Any]]) -> set[str]:
    found = set() if majors else {"E208"}
    for row in majors:
        code = row["code"]
        if not (len(code) == 6 and code.isdigit()):
            found.add("E201")
        elif code not in CATALOGUE:
            found.add("E202")
        elif CATALOGUE[code][0] != row["name"]:
            found.add("E203")
        if row["grade_1"] + row["grade_2"] + row["grade_3"] != row["students"]:
            found.add("E205")
        if row["new_students"] > row["students"]:
            found.add("E206")
        # Within 10% of the smaller of the two, so it holds whichever side the rule measures.
        if abs(row["new_students"] - row["grade_1"]) > 0.1 * min(
            row["new_students"], row["grade_1"]
        ):
            found.add("E207")
    if len({row["code"] for row in majors}) != len(majors):
        found.add("E204")
    return found


def teacher_issues(teachers: dict[str, Any], students: int) -> set[str]:
    found = set()
    full_time, specialty = teachers["full_time"], teachers["specialty"]
    dual = teachers["dual_qualified"]
    if full_time > teachers["staff_total"]:
        found.add("T301")
    if teachers["foundation"] + specialty != full_time:
        found.add("T302")
    if dual > specialty:
        found.add("T303")
    if teachers["senior_title"] > full_time:
        found.add("T304")
    if teachers["postgraduate"] > full_time:
        found.add("T305")
    reported = teachers["dual_ratio_reported"]
    if reported is not None and abs(reported - percent(dual, specialty)) > 0.5:
        found.add("T306")
    if students > 20 * full_time:
        found.add("T307")
    if dual < 0.3 * specialty:
        found.add("T308")
    if specialty < 0.5 * full_time:
        found.add("T309")
    return found


def employment_issues(employment: dict[str, Any], major_graduates: int) -> set[str]:
    found = set()
    graduates, employed = employment["graduates"], employment["employed"]
    further, in_field = employment["further_study"], employment["employed_in_field"]
    if graduates != major_graduates:
        found.add("J401")
    if employed + further + employment["not_placed"] != graduates:
        found.add("J402")
    if in_field > employed:
        found.add("J403")
    if employment["to_bachelor"] > further:
        found.add("J404")
    reported = employment["employment_rate_reported"]
    if reported is not None and abs(reported - percent(employed + further, graduates)) > 0.5:
        found.add("J405")
    reported = employment["in_field_rate_reported"]
    if reported is not None and abs(reported - percent(in_field, employed)) > 0.5:
        found.add("J406")
    salary = employment["starting_salary"]
    if (salary is None and employed > 0) or (salary is not None and not 1000 <= salary <= 20000):
        found.add("J407")
    return found


def funding_issues(funding: dict[str, Any], students: int) -> set[str]:
    found = set()
    per_student = funding["fiscal_appropriation"] * 10000 / students
    reported = funding["per_student_reported"]
    if reported is not None and abs(reported - per_student) > 0.01 * per_student:
        found.add("M501")
    if funding["equipment_value"] * 10000 < 2500 * students:
        found.add("M502")
    if funding["equipment_purchase"] > funding["equipment_value"]:
        found.add("M503")
    return found


def satisfaction_issues(data: School, students: int) -> set[str]:
    found = set()
    populations = {
        "在校生": students,
        "毕业生": data["employment"]["graduates"],
        "教师": data["teachers"]["full_time"],
    }
    for survey in data["satisfaction"]:
        samples = survey["samples"]
        satisfied = survey["very_satisfied"] + survey["satisfied"]
        if satisfied + survey["dissatisfied"] != samples:
            found.add("Q601")
        population = populations.get(survey["respondent"])
        if population is not None and samples > population:
            found.add("Q602")
        if survey["rate"] is not None and abs(survey["rate"] - percent(satisfied, samples)) > 0.5:
            found.add("Q603")
        if samples < 30 or (population is not None and samples < 0.1 * population):
            found.add("Q605")
    pairs = Counter((survey["respondent"], survey["item"]) for survey in data["satisfaction"])
    required = {("在校生", item) for item in STUDENT_ITEMS} | {("毕业生", "总体")}
    if not required <= set(pairs):
        found.add("Q604")
    if any(count > 1 for count in pairs.values()):
        found.add("Q606")
    return found


def award_issues(awards: list[dict[str, Any]]) -> set[str]:
    found = {"A701" for award in awards if not names(award["students"])}
    entries = Counter(tuple(sorted(award.items())) for award in awards)
    if any(count > 1 for count in entries.values()):
        found.add("A702")
    return found


def service_issues(services: dict[str, Any]) -> set[str]:
    found = set()
    if services["skill_passed"] > services["skill_candidates"]:
        found.add("V801")
    if services["x_passed"] > services["x_candidates"]:
        found.add("V802")
    return found


def school_issues(data: School) -> set[str]:
    """Every rule code of §2 that one school's data breaks."""
    found = reading_issues(data)
    if found:
        # The remaining rules compute with the values; a real reader reports them as missing.
        return found
    found |= allowed_value_issues(data)
    found |= total_row_issues(data["enrollment"])
    majors = [row for row in data["enrollment"] if row["code"] not in TOTAL_LABELS]
    students = sum(row["students"] for row in majors)
    found |= school_sheet_issues(data, students)
    found |= enrollment_issues(majors)
    found |= teacher_issues(data["teachers"], students)
    found |= employment_issues(data["employment"], sum(row["graduates"] for row in majors))
    found |= funding_issues(data["funding"], students)
    found |= satisfaction_issues(data, students)
    found |= award_issues(data.get("awards", []))
    if "services" in data:
        found |= service_issues(data["services"])
    return found


def batch_issues(schools: list[School], year: int) -> set[str]:
    """X rules across the schools of one year."""
    found = set()
    codes = [data["school"]["school_code"] for data in schools]
    if len(set(codes)) != len(codes):
        found.add("X901")
    if any(data["school"]["year"] != year for data in schools):
        found.add("X902")
    codes_by_name: dict[str, set[str]] = {}
    for data in schools:
        codes_by_name.setdefault(data["school"]["name"], set()).add(data["school"]["school_code"])
    if any(len(codes) > 1 for codes in codes_by_name.values()):
        found.add("X903")
    indicators = [school_indicators(data) for data in schools]
    for key in ("student_teacher_ratio", "per_student_appropriation", "employment_rate"):
        median = statistics.median(values[key] for values in indicators)
        if any(not median / 3 <= values[key] <= 3 * median for values in indicators):
            found.add("X905")
    return found


def school_indicators(data: School) -> dict[str, float]:
    students = total(data["enrollment"], "students")
    employment = data["employment"]
    return {
        "student_teacher_ratio": students / data["teachers"]["full_time"],
        "per_student_appropriation": data["funding"]["fiscal_appropriation"] * 10000 / students,
        "employment_rate": percent(
            employment["employed"] + employment["further_study"], employment["graduates"]
        ),
    }


def total(rows: Iterable[dict[str, Any]], key: str) -> int:
    return sum(row[key] for row in rows)


# ---------------------------------------------------------------------------------------------
# The city tables of §4
# ---------------------------------------------------------------------------------------------


def city_figures(schools: list[School]) -> dict[str, Any]:
    """Counts summed, ratios from summed parts, distinct majors, pooled satisfaction."""

    def summed(sheet: str, key: str) -> float:
        return float(sum(data[sheet][key] for data in schools))

    majors = [row for data in schools for row in data["enrollment"]]
    codes = {row["code"] for row in majors}
    full_time, students = summed("teachers", "full_time"), total(majors, "students")
    surveys: dict[tuple[str, str], list[int]] = {}
    for data in schools:
        for survey in data["satisfaction"]:
            pooled = surveys.setdefault((survey["respondent"], survey["item"]), [0, 0])
            pooled[0] += survey["samples"]
            pooled[1] += survey["very_satisfied"] + survey["satisfied"]
    student_pool = [surveys[("在校生", item)] for item in STUDENT_ITEMS]
    awards: dict[tuple[str, str], list[int]] = {}
    for data in schools:
        for award in data["awards"]:
            counts = awards.setdefault((award["level"], award["prize"]), [0, 0])
            counts[0] += 1
            counts[1] += len(names(award["students"]))
    return {
        "schools": len(schools),
        "schools_city_run": sum(data["school"]["affiliation"] == "市直属" for data in schools),
        "schools_county": sum(
            data["school"]["affiliation"] == "县（市、区）属" for data in schools
        ),
        "land_area": summed("school", "land_area"),
        "building_area": summed("school", "building_area"),
        "staff_total": summed("teachers", "staff_total"),
        "full_time": full_time,
        "students": students,
        "new_students": total(majors, "new_students"),
        "graduates": total(majors, "graduates"),
        "majors": len(codes),
        "categories": len({CATALOGUE[code][1] for code in codes}),
        "model_majors_provincial": sum(row["model_major"] == "省级" for row in majors),
        "model_majors_city": sum(row["model_major"] == "市级" for row in majors),
        "senior_title_ratio": percent(summed("teachers", "senior_title"), full_time),
        "postgraduate_ratio": percent(summed("teachers", "postgraduate"), full_time),
        "dual_ratio": percent(
            summed("teachers", "dual_qualified"), summed("teachers", "specialty")
        ),
        "per_student_appropriation": summed("funding", "fiscal_appropriation") * 10000 / students,
        "special_funds": summed("funding", "special_funds"),
        "partner_enterprises": summed("services", "partner_enterprises"),
        "social_training": summed("services", "social_training"),
        "x_certificates": summed("services", "x_certificates"),
        "employment": {key: summed("employment", key) for key in FORM_FIELDS["employment"][:6]},
        "satisfaction": {pair: percent(ok, samples) for pair, (samples, ok) in surveys.items()},
        "satisfaction_students_overall": percent(
            sum(ok for _, ok in student_pool), sum(samples for samples, _ in student_pool)
        ),
        "awards": awards,
    }


def by_name(schools: list[School]) -> dict[str, School]:
    return {data["school"]["name"]: data for data in schools}


# ---------------------------------------------------------------------------------------------
# Shape and validity of both years
# ---------------------------------------------------------------------------------------------

SCHOOL_NAMES = (
    "白城市第一职业高中",
    "吉林省畜牧业学校",
    "镇赉县职业技术教育中心",
    "通榆县职业技术学校",
    "洮北区农业职业技术学校",
    "洮南市职业教育中心",
    "大安市职业教育中心",
)
DIVISIONS = {
    "白城市第一职业高中": ("220802", "洮北区", "市直属"),
    "吉林省畜牧业学校": ("220802", "洮北区", "市直属"),
    "镇赉县职业技术教育中心": ("220821", "镇赉县", "县（市、区）属"),
    "通榆县职业技术学校": ("220822", "通榆县", "县（市、区）属"),
    "洮北区农业职业技术学校": ("220802", "洮北区", "县（市、区）属"),
    "洮南市职业教育中心": ("220881", "洮南市", "县（市、区）属"),
    "大安市职业教育中心": ("220882", "大安市", "县（市、区）属"),
}


def every_school() -> Iterator[tuple[int, School]]:
    for year in baicheng.YEARS:
        for data in baicheng.schools(year):
            yield year, data


EVERY_SCHOOL = list(every_school())
EVERY_SCHOOL_IDS = [f"{year}-{data['school']['name']}" for year, data in EVERY_SCHOOL]


@pytest.mark.parametrize(("year", "data"), EVERY_SCHOOL, ids=EVERY_SCHOOL_IDS)
def test_every_school_passes_every_rule_without_a_warning(year: int, data: School) -> None:
    assert school_issues(data) == set()
    assert data["school"]["year"] == year


@pytest.mark.parametrize("year", baicheng.YEARS)
def test_the_batch_passes_the_rules_across_schools(year: int) -> None:
    assert batch_issues(baicheng.schools(year), year) == set()


@pytest.mark.parametrize("year", baicheng.YEARS)
def test_the_seven_schools_with_their_counties(year: int) -> None:
    schools = baicheng.schools(year)
    assert tuple(data["school"]["name"] for data in schools) == SCHOOL_NAMES
    for data in schools:
        school = data["school"]
        division = (school["division_code"], school["county"], school["affiliation"])
        assert division == DIVISIONS[school["name"]]


def test_a_school_keeps_its_code_from_year_to_year() -> None:
    codes = [school_codes(year) for year in baicheng.YEARS]
    assert codes[0] == codes[1]


def school_codes(year: int) -> dict[str, str]:
    return {
        data["school"]["name"]: data["school"]["school_code"] for data in baicheng.schools(year)
    }


@pytest.mark.parametrize(("year", "data"), EVERY_SCHOOL, ids=EVERY_SCHOOL_IDS)
def test_the_interchange_shape(year: int, data: School) -> None:
    version_2 = data["school"].get("template_version") == 2
    sheets = set(FORM_FIELDS) | set(TABLE_COLUMNS) | {"notes"}
    assert set(data) == (sheets | {"attainment"} if version_2 else sheets)
    for sheet, keys in FORM_FIELDS.items():
        assert tuple(data[sheet]) == keys + (VERSION_2_FIELDS.get(sheet, ()) if version_2 else ())
    if version_2:
        assert tuple(data["attainment"]) == VERSION_2_FIELDS["attainment"]
    for sheet, columns in TABLE_COLUMNS.items():
        assert all(tuple(row) == columns for row in data[sheet])
    for sheet, notes in data["notes"].items():
        assert sheet in FORM_FIELDS, "only form rows carry a 备注"
        assert set(notes) <= set(FORM_FIELDS[sheet])
        assert all(isinstance(text, str) and text for text in notes.values())


def test_each_call_returns_fresh_data() -> None:
    first = baicheng.schools(2022)
    first[0]["teachers"]["full_time"] = 0
    first[0]["enrollment"].clear()
    again = baicheng.schools(2022)
    assert again[0]["teachers"]["full_time"] == 150
    assert again[0]["enrollment"]


def test_only_the_two_sample_years_exist() -> None:
    with pytest.raises(ValueError, match="2020"):
        baicheng.schools(2020)


# ---------------------------------------------------------------------------------------------
# The published city figures of 2022 (published-figures.md), to their printed precision
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def city() -> dict[str, Any]:
    return city_figures(baicheng.schools(2022))


def test_schools_land_staff_and_students(city: dict[str, Any]) -> None:
    assert (city["schools"], city["schools_city_run"], city["schools_county"]) == (7, 2, 5)
    assert round(city["land_area"] / 10000, 1) == 79.6
    assert round(city["building_area"] / 10000, 1) == 17.7
    assert city["staff_total"] == 898
    assert city["full_time"] == 553
    assert city["students"] == 5078
    assert city["new_students"] == 2108
    assert city["graduates"] == 1718


def test_majors_and_model_majors(city: dict[str, Any]) -> None:
    assert city["majors"] == 69
    assert city["categories"] == 14
    assert city["model_majors_provincial"] == 4
    assert city["model_majors_city"] == 9


def test_teacher_ratios(city: dict[str, Any]) -> None:
    assert round(city["senior_title_ratio"], 2) == 44.67
    assert round(city["postgraduate_ratio"], 2) == 5.97
    # "双师型 54%" read as a share of specialty teachers, as the contract defines it.
    assert 54.0 <= city["dual_ratio"] < 54.1


def test_funding_and_services(city: dict[str, Any]) -> None:
    assert round(city["per_student_appropriation"], 2) == 4718.42
    assert city["special_funds"] == 561
    assert city["partner_enterprises"] == 62
    assert city["social_training"] == 3500


def test_employment_reading(city: dict[str, Any]) -> None:
    assert city["employment"] == {
        "graduates": 1718,
        "employed": 310,
        "employed_in_field": 242,
        "further_study": 1103,
        "to_bachelor": 29,
        "not_placed": 305,
    }


def test_satisfaction(city: dict[str, Any]) -> None:
    rate = city["satisfaction"]
    assert city["satisfaction_students_overall"] >= 90
    for item in ("理论学习", "专业学习", "实习实训"):
        assert round(rate[("在校生", item)]) == 93
    assert 92 < rate[("在校生", "校园文化与社团活动")] < 93
    assert rate[("在校生", "生活")] > 96
    assert rate[("在校生", "校园安全")] > 96
    assert rate[("毕业生", "总体")] >= 95


PROVINCIAL_TABLE = {
    # The report's 表1, as printed (the event names completed where the print broke them off).
    ("白城市第一职业高中", "无人机操控与维护", "王博、张家杨", "杨彬", "二等奖"),
    ("白城市第一职业高中", "无人机操控与维护", "刘茁、胡毅源", "杨彬", "三等奖"),
    ("镇赉县职业技术教育中心", "无人机操控与维护", "杨帆、尉轩", "王国庆、李景才", "三等奖"),
    ("通榆县职业技术学校", "车身修理", "马浩", "于伟见", "三等奖"),
    ("洮北区农业职业技术学校", "电子电路装调与应用", "张宇鹏", "孙琪", "三等奖"),
    ("洮南市职业教育中心", "果菜嫁接", "鑫祥、张新悦", "李春华、王世强", "三等奖"),
    ("洮南市职业教育中心", "种子质量检测", "王晓棣、张文琦", "侯路佳、李春华", "三等奖"),
}


def awards_of(schools: list[School], level: str) -> list[tuple[str, ...]]:
    return [
        (data["school"]["name"], *(award[key] for key in TABLE_COLUMNS["awards"][1:]))
        for data in schools
        for award in data["awards"]
        if award["level"] == level
    ]


def test_provincial_contest_is_the_reports_table(city: dict[str, Any]) -> None:
    provincial = awards_of(baicheng.schools(2022), "省级")
    assert len(provincial) == len(PROVINCIAL_TABLE)
    assert set(provincial) == PROVINCIAL_TABLE
    assert city["awards"][("省级", "二等奖")] == [1, 2]
    assert city["awards"][("省级", "三等奖")] == [6, 10]
    assert len({entry[0] for entry in provincial}) == 5
    assert len({entry[1] for entry in provincial}) == 5


def test_city_contest_only_in_the_two_schools_that_held_it(city: dict[str, Any]) -> None:
    entries = awards_of(baicheng.schools(2022), "市级")
    assert {entry[0] for entry in entries} == {"白城市第一职业高中", "洮南市职业教育中心"}
    assert city["awards"][("市级", "一等奖")] == [3, 3]
    assert city["awards"][("市级", "二等奖")] == [3, 3]
    assert city["awards"][("市级", "三等奖")] == [6, 6]
    assert not any(level == "国家级" for level, _ in city["awards"])


def test_one_plus_x_pilots(city: dict[str, Any]) -> None:
    schools = baicheng.schools(2022)
    pilots = [data for data in schools if data["services"]["x_certificates"]]
    assert city["x_certificates"] == 3
    assert [data["services"]["x_certificates"] for data in pilots] == [1, 1, 1]
    # The 数控车铣加工 test was not held: nobody sat it, and the 备注 says why.
    zhenlai = by_name(schools)["镇赉县职业技术教育中心"]
    assert (zhenlai["services"]["x_candidates"], zhenlai["services"]["x_passed"]) == (0, 0)
    assert "33" in zhenlai["notes"]["services"]["x_candidates"]


# ---------------------------------------------------------------------------------------------
# The figures the report gives for single schools
# ---------------------------------------------------------------------------------------------


def test_school_figures() -> None:
    schools = by_name(baicheng.schools(2022))
    first = schools["白城市第一职业高中"]
    assert total(first["enrollment"], "new_students") == 624
    assert total(first["enrollment"], "students") == 1717

    taonan = schools["洮南市职业教育中心"]
    assert total(taonan["enrollment"], "new_students") == 403
    assert total(taonan["enrollment"], "students") > 1200
    decoration = [row for row in taonan["enrollment"] if row["code"] == "640102"]
    assert [(row["name"], row["new_students"]) for row in decoration] == [("建筑装饰技术", 65)]

    zhenlai = schools["镇赉县职业技术教育中心"]
    assert zhenlai["funding"]["fiscal_appropriation"] == 251.1
    per_student = school_indicators(zhenlai)["per_student_appropriation"]
    assert abs(per_student - 7994) <= 0.01 * 7994
    assert zhenlai["funding"]["per_student_reported"] == 7994

    husbandry = schools["吉林省畜牧业学校"]
    services = husbandry["services"]
    assert (services["skill_candidates"], services["skill_passed"]) == (63, 57)
    assert round(percent(57, 63)) == 90
    flagship = [row for row in husbandry["enrollment"] if row["code"] == "610301"]
    assert [(row["name"], row["model_major"]) for row in flagship] == [("畜禽生产技术", "省级")]

    tongyu = schools["通榆县职业技术学校"]
    assert tongyu["services"]["social_training"] >= 102 + 103
    assert tongyu["funding"]["capital_construction"] >= 1095.06
    assert tongyu["teachers"]["staff_total"] >= 170, "170 staff took part in the 包保 work"


def test_special_funds_and_buildings_of_the_year() -> None:
    new, old = (by_name(baicheng.schools(year)) for year in (2022, 2021))

    def growth(name: str, key: str) -> float:
        return round(float(new[name]["school"][key] - old[name]["school"][key]), 2)

    assert growth("通榆县职业技术学校", "building_area") == 3825.51, "the new dormitory"
    assert growth("通榆县职业技术学校", "books") == 23451
    assert growth("大安市职业教育中心", "building_area") == 2500, "the 创新创业实训楼"
    assert by_name(baicheng.schools(2022))["大安市职业教育中心"]["funding"]["special_funds"] == 561


# ---------------------------------------------------------------------------------------------
# 2021 -> 2022: cohorts per school and major, and the story of the year
# ---------------------------------------------------------------------------------------------

EMPTY_MAJOR = dict.fromkeys(GRADE_KEYS, 0)


def majors_by_school(year: int) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        data["school"]["school_code"]: {row["code"]: row for row in data["enrollment"]}
        for data in baicheng.schools(year)
    }


def test_cohorts_only_lose_students() -> None:
    old, new = majors_by_school(2021), majors_by_school(2022)
    assert set(old) == set(new)
    for school_code, majors in new.items():
        for code, row in majors.items():
            before = old[school_code].get(code, EMPTY_MAJOR)
            where = f"{school_code} {code}"
            assert row["grade_2"] <= before["grade_1"], where
            assert row["grade_3"] <= before["grade_2"], where
            assert row["graduates"] <= before["grade_3"], where


def test_majors_open_and_close() -> None:
    old, new = majors_by_school(2021), majors_by_school(2022)
    opened = {(school, code) for school in new for code in new[school].keys() - old[school].keys()}
    closed = {(school, code) for school in old for code in old[school].keys() - new[school].keys()}
    codes = school_codes(2022)
    assert opened == {
        (codes["白城市第一职业高中"], "720803"),
        (codes["洮南市职业教育中心"], "640102"),
    }
    assert closed == {(codes["洮北区农业职业技术学校"], "610116")}
    for school, code in opened:
        row = new[school][code]
        assert row["new_students"] == row["grade_1"] == row["students"] > 0
    for school, code in closed:
        row = old[school][code]
        assert row["students"] == 0 < row["graduates"], "its last class graduated in 2021"


def test_enrolment_fell_from_2021() -> None:
    old = city_figures(baicheng.schools(2021))
    assert 2400 <= old["new_students"] <= 2600
    assert old["new_students"] > 2108


# ---------------------------------------------------------------------------------------------
# The broken files: one mistake each, on a copy of a valid 2022 school
# ---------------------------------------------------------------------------------------------

Path_ = tuple[Any, ...]

INTENDED_CHANGES: dict[str, set[Path_]] = {
    "dual_ratio_54_of_54": {
        ("teachers", "dual_qualified"),
        ("teachers", "dual_ratio_reported"),
    },
    "graduates_do_not_add_up": {("employment", "not_placed")},
    "approximate_count": {("enrollment", "*", "students")},
    "wrong_total_row": {("enrollment", "*")},
    "missing_sheet": {("teachers",)},
    "dual_exceeds_specialty": {("teachers", "dual_qualified")},
    "grades_do_not_add_up": {("enrollment", "*", "grade_3")},
    "satisfaction_counts_do_not_add_up": {("satisfaction", "*", "dissatisfied")},
}


def changed_paths(old: Any, new: Any, path: Path_ = ()) -> set[Path_]:
    """Where two school dicts differ; list positions are written as '*'."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: set[Path_] = set()
        for key in old.keys() | new.keys():
            if key not in old or key not in new:
                found.add((*path, key))
            else:
                found |= changed_paths(old[key], new[key], (*path, key))
        return found
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return {(*path, "*")}
        return set().union(
            *(changed_paths(a, b, (*path, "*")) for a, b in zip(old, new, strict=True))
        )
    return set() if old == new else {path}


def source_of(data: School) -> School:
    code = data["school"]["school_code"]
    return next(s for s in baicheng.schools(2022) if s["school"]["school_code"] == code)


def test_the_broken_files_are_the_announced_ones() -> None:
    assert set(baicheng.broken()) == set(baicheng.BROKEN_CODES) == set(INTENDED_CHANGES)


@pytest.mark.parametrize("stem", sorted(baicheng.BROKEN_CODES))
def test_a_broken_file_breaks_one_rule(stem: str) -> None:
    data = baicheng.broken()[stem]
    assert school_issues(data) == {baicheng.BROKEN_CODES[stem]}
    assert changed_paths(source_of(data), data) == INTENDED_CHANGES[stem]


def test_the_broken_details() -> None:
    broken = baicheng.broken()
    teachers = broken["dual_ratio_54_of_54"]["teachers"]
    assert (teachers["dual_qualified"], teachers["dual_ratio_reported"]) == (54, 54)
    assert 0.3 * teachers["specialty"] <= 54 <= teachers["specialty"]

    employment = broken["graduates_do_not_add_up"]["employment"]
    assert employment["employed"] + employment["further_study"] < employment["graduates"]

    cells = [row["students"] for row in broken["approximate_count"]["enrollment"]]
    assert [cell for cell in cells if isinstance(cell, str)] == ["约1200"]

    last = broken["wrong_total_row"]["enrollment"][-1]
    assert last["code"] == "合计"
    assert last["grade_1"] + last["grade_2"] + last["grade_3"] == last["students"] == 1771

    assert "teachers" not in broken["missing_sheet"]


def test_one_school_stays_on_the_first_template() -> None:
    """大安's 2021 file shows the notice of the first template; every other file is version 2."""
    first = [(year, data["school"]["name"]) for year, data in EVERY_SCHOOL
             if "template_version" not in data["school"]]
    assert first == [(2021, "大安市职业教育中心")]


@pytest.mark.parametrize(("year", "data"), EVERY_SCHOOL, ids=EVERY_SCHOOL_IDS)
def test_the_illustrative_version_2_values_add_up(year: int, data: School) -> None:
    if "attainment" not in data:
        return
    teachers, employment, quality = data["teachers"], data["employment"], data["attainment"]
    assert (teachers["postgraduate"] + teachers["bachelor"] + teachers["below_bachelor"]
            == teachers["full_time"])
    assert (teachers["senior_title"] + teachers["middle_title"] + teachers["junior_title"]
            + teachers["untitled"] == teachers["full_time"])
    destinations = ("to_enterprise", "to_government", "to_self_run", "to_military", "to_other")
    assert sum(employment[key] for key in destinations) == employment["employed"]
    assert employment["self_employed"] <= employment["employed"]
    assert (employment["study_vocational_exam"] + employment["study_general"]
            == employment["further_study"])
    for test in ("culture", "skill_test", "fitness"):
        assert quality[f"{test}_passed"] <= quality[f"{test}_candidates"]
    graduates = sum(row["graduates"] for row in data["enrollment"])
    assert graduates <= quality["graduation_due"] and quality["dual_certificate"] <= graduates
    for grade in (1, 2, 3):
        start = sum(row[f"grade_{grade}"] for row in data["enrollment"])
        assert 0.9 * start <= quality[f"grade_{grade}_end"] <= start
    assert 0.8 * quality["cohort_entry"] <= quality["grade_3_end"] <= quality["cohort_entry"]


# ---------------------------------------------------------------------------------------------
# The second city of the province samples: 松原市, illustrative (songyuan.py)
# ---------------------------------------------------------------------------------------------

SONGYUAN = [(year, data) for year in songyuan.YEARS for data in songyuan.schools(year)]
SONGYUAN_IDS = [f"{year}-{data['school']['name']}" for year, data in SONGYUAN]


@pytest.mark.parametrize(("year", "data"), SONGYUAN, ids=SONGYUAN_IDS)
def test_every_songyuan_school_passes_every_rule(year: int, data: School) -> None:
    assert school_issues(data) == set()
    assert data["school"]["year"] == year and data["school"]["template_version"] == 2
    assert data["school"]["division_code"].startswith("2207")  # 松原市 in GB/T 2260


@pytest.mark.parametrize("year", songyuan.YEARS)
def test_the_two_cities_together_pass_the_rules_across_schools(year: int) -> None:
    """Fourteen schools, no code or name shared between the cities."""
    schools = baicheng.schools(year) + songyuan.schools(year)
    assert batch_issues(schools, year) == set()
    assert len({data["school"]["school_code"] for data in schools}) == 14
    assert len({data["school"]["name"] for data in schools}) == 14


def test_songyuan_cohorts_only_lose_students() -> None:
    old, new = ({data["school"]["school_code"]: {row["code"]: row for row in data["enrollment"]}
                 for data in songyuan.schools(year)} for year in (2021, 2022))
    for school_code, majors in new.items():
        for code, row in majors.items():
            before = old[school_code].get(code, EMPTY_MAJOR)
            assert row["grade_2"] <= before["grade_1"], (school_code, code)
            assert row["grade_3"] <= before["grade_2"], (school_code, code)
            assert row["graduates"] <= before["grade_3"], (school_code, code)
            if before["grade_1"]:  # no cohort loses half its students (Y008)
                assert row["grade_2"] * 2 >= before["grade_1"], (school_code, code)


@pytest.mark.parametrize(("year", "data"), SONGYUAN, ids=SONGYUAN_IDS)
def test_the_songyuan_version_2_values_add_up(year: int, data: School) -> None:
    test_the_illustrative_version_2_values_add_up(year, data)
