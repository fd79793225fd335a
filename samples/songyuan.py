"""A second city of 吉林省 for the province samples: seven ILLUSTRATIVE schools of 松原市.

Nothing here is published: 松原市's schools, codes, head counts and awards are invented, so that a
province (吉林省) can be compiled from two city workbooks and compared over two years. Each
school takes the shape of one 白城市 sample school (``baicheng.py``) scaled by a factor of its
own, with every whole recomputed from its rounded parts, so that every school of both years
passes every rule of the contract as the 白城 ones do:

- counts (students of each grade of each major, teachers, graduates and their destinations, survey
  answers, services) are multiplied by the factor and rounded half up; a grade never exceeds
  the year before's grade below, because rounding keeps the order of the numbers;
- 在校生数, 专任教师, 毕业生数, 未就业 and 不满意 are recomputed from their parts; every rate a
  school states (双师型比例, 就业率, 满意度, 生均财政拨款) is recomputed from its counts;
- a few majors are swapped for ones of 松原's own industries (oil, chemicals, fisheries);
- areas, books and amounts in 万元 are scaled too, so the per-student figures stay near 白城's;
- the 学生素质 sheet and the teachers' 学历/职称 rows are derived as ``baicheng`` derives them.

The 行政区划代码 are the real GB/T 2260 codes of 松原市's districts and counties (2207xx); the
学校标识码 are invented (10 digits, starting with 36). ``samples/README.md`` lists them.
"""

from __future__ import annotations

import copy
from typing import Any, Final

import baicheng

SchoolData = dict[str, Any]

YEARS: Final = baicheng.YEARS
CITY: Final = "松原市"

# name, 学校标识码, 行政区划代码, 所在县（市、区）, 隶属关系, 填报人, the 白城 school whose shape it
# takes, the factor of its counts (a fraction: numerator, denominator)
_IDENTITY: Final[dict[str, tuple[str, str, str, str, str, str, str, tuple[int, int]]]] = {
    "songyuan_vocational": ("松原市职业技术学校", "3622004102", "220702", "宁江区", "市直属",
                            "赵丽萍", "first_vocational", (11, 10)),
    "songyuan_agricultural": ("松原市农业职业技术学校", "3622004175", "220702", "宁江区",
                              "市直属", "孙国栋", "animal_husbandry", (27, 25)),
    "qianguo": ("前郭尔罗斯蒙古族自治县职业技术教育中心", "3622004236", "220721",
                "前郭尔罗斯蒙古族自治县", "县（市、区）属", "包玉梅", "zhenlai", (6, 5)),
    "changling": ("长岭县职业技术学校", "3622004318", "220722", "长岭县", "县（市、区）属",
                  "周海涛", "tongyu", (23, 20)),
    "ningjiang": ("宁江区职业技术学校", "3622004390", "220702", "宁江区", "县（市、区）属",
                  "吴桂芬", "taobei_agricultural", (5, 4)),
    "fuyu": ("扶余市职业技术教育中心", "3622004457", "220781", "扶余市", "县（市、区）属",
             "刘志刚", "taonan", (4, 5)),
    "qian_an": ("乾安县职业技术教育中心", "3622004521", "220723", "乾安县", "县（市、区）属",
                "马春燕", "da_an", (5, 4)),
}

# Majors the 白城 shape does not have: 松原 is the city of the 吉林油田 and of 查干湖's fisheries.
# (白城 code, 松原 code, catalogue name), the same cohorts under another major.
_MAJORS: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "songyuan_vocational": (("700402", "620404", "油气开采"), ("750201", "670202", "石油炼制技术")),
    "songyuan_agricultural": (("610302", "610401", "淡水养殖"),),
    "qianguo": (("730705", "670201", "化学工艺"),),
    "fuyu": (("750101", "620401", "油气储运"),),
}

# 技能大赛: invented entries (names fictitious), fewer than 白城's.
_AWARDS: Final[dict[int, dict[str, tuple[baicheng.AwardRow, ...]]]] = {
    2021: {
        "songyuan_vocational": (("市级", "网络搭建与应用", "韩子墨", "曹立军", "一等奖"),),
        "fuyu": (("市级", "农机检修", "蒋宏宇", "高秀兰", "三等奖"),),
    },
    2022: {
        "songyuan_vocational": (
            ("省级", "网络搭建与应用", "韩子墨、石佳怡", "曹立军", "三等奖"),
            ("市级", "电子商务技能", "邢雨桐", "曹立军", "一等奖"),
        ),
        "songyuan_agricultural": (("省级", "植物病虫害防治", "白俊熙", "潘玉洁", "三等奖"),),
        "qianguo": (("市级", "汽车机电维修", "乌云达来", "宝音", "二等奖"),),
        "fuyu": (("市级", "农机检修", "蒋宏宇", "高秀兰", "二等奖"),),
    },
}


def schools(year: int) -> list[SchoolData]:
    """The seven 松原市 schools of the given 统计年度 (2021 or 2022)."""
    if year not in YEARS:
        raise ValueError(f"no sample data for {year}; available: {', '.join(map(str, YEARS))}")
    return [_school(key, year) for key in _IDENTITY]


def _school(key: str, year: int) -> SchoolData:
    name, code, division, county, affiliation, contact, shape, factor = _IDENTITY[key]
    data = baicheng._school_v1(shape, year)
    _scale(data, factor)
    for old, new, major in _MAJORS.get(key, ()):
        row = next(row for row in data["enrollment"] if row["code"] == old)
        row.update(code=new, name=major)
    data["school"].update(name=name, school_code=code, division_code=division, county=county,
                          affiliation=affiliation, contact=contact)
    data["awards"] = [
        {"level": level, "event": event, "students": students, "advisors": advisors,
         "prize": prize}
        for level, event, students, advisors, prize in _AWARDS[year].get(key, ())
    ]
    data["notes"] = {}  # 白城's notes speak of 白城's schools
    baicheng._add_version_2(data, shape)
    return copy.deepcopy(data)


def _times(value: int, factor: tuple[int, int]) -> int:
    numerator, denominator = factor
    return (2 * value * numerator + denominator) // (2 * denominator)  # rounded half up


def _amount(value: float, factor: tuple[int, int], digits: int = 2) -> float:
    return round(value * factor[0] / factor[1], digits)


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2)


def _scale(data: SchoolData, factor: tuple[int, int]) -> None:
    school = data["school"]
    school.update(land_area=_amount(school["land_area"], factor),
                  building_area=_amount(school["building_area"], factor),
                  books=_times(school["books"], factor))
    for row in data["enrollment"]:
        gap = row["new_students"] - row["grade_1"]  # 招生 and 一年级 differ as at the 白城 school
        for key in ("grade_1", "grade_2", "grade_3", "graduates"):
            row[key] = _times(row[key], factor)
        row["new_students"] = row["grade_1"] + gap
        row["students"] = row["grade_1"] + row["grade_2"] + row["grade_3"]
    students = sum(row["students"] for row in data["enrollment"])

    teachers = data["teachers"]
    for key in ("staff_total", "foundation", "specialty", "dual_qualified", "senior_title",
                "postgraduate", "part_time"):
        teachers[key] = _times(teachers[key], factor)
    teachers["full_time"] = teachers["foundation"] + teachers["specialty"]
    teachers["staff_total"] = max(teachers["staff_total"], teachers["full_time"])
    if teachers["dual_ratio_reported"] is not None:
        teachers["dual_ratio_reported"] = _rate(teachers["dual_qualified"], teachers["specialty"])

    employment = data["employment"]
    for key in ("employed", "employed_in_field", "further_study", "to_bachelor"):
        employment[key] = _times(employment[key], factor)
    employment["graduates"] = sum(row["graduates"] for row in data["enrollment"])
    employment["not_placed"] = (employment["graduates"] - employment["employed"]
                                - employment["further_study"])
    if employment["employment_rate_reported"] is not None:
        employment["employment_rate_reported"] = _rate(
            employment["employed"] + employment["further_study"], employment["graduates"])
    if employment["in_field_rate_reported"] is not None:
        employment["in_field_rate_reported"] = _rate(employment["employed_in_field"],
                                                     employment["employed"])

    funding = data["funding"]
    for key in ("fiscal_appropriation", "special_funds", "capital_construction",
                "equipment_purchase", "equipment_value"):
        funding[key] = _amount(funding[key], factor, 4)
    if funding["per_student_reported"] is not None:
        funding["per_student_reported"] = round(funding["fiscal_appropriation"] * 10000
                                                / students, 2)

    for row in data["satisfaction"]:
        for key in ("samples", "very_satisfied", "satisfied"):
            row[key] = _times(row[key], factor)
        row["dissatisfied"] = row["samples"] - row["very_satisfied"] - row["satisfied"]
        if row["rate"] is not None:
            row["rate"] = _rate(row["very_satisfied"] + row["satisfied"], row["samples"])

    services = data["services"]
    for key in ("partner_enterprises", "order_classes", "social_training", "x_candidates",
                "x_passed", "skill_candidates", "skill_passed"):
        services[key] = _times(services[key], factor)
