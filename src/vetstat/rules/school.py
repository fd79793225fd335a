"""学校信息 (S rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, fmt, fmt_apart
from vetstat.rules.facts import total_students

E, W = Severity.ERROR, Severity.WARNING


@check("S101", E, "学校信息", ("学校标识码不是 10 位数字", "school code not 10 digits"),
       "学校标识码 {value} 不是 10 位数字。请填写教育部核发的 10 位学校标识码（中职以 36 开头）。",
       "the school code {value} is not 10 digits. Enter the 10-digit code issued by the "
       "Ministry of Education (中职 codes start with 36).")
def s101(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    if info and info.school_code and not (info.school_code.isdigit() and len(info.school_code) == 10):
        yield ctx.issue("S101", "school", "school_code", value=info.school_code, expected="10 digits")


@check("S102", W, "学校信息", ("学校标识码不以 36 开头", "school code not starting with 36"),
       "学校标识码 {value} 不以 36 开头，中职学校的标识码一般以 36 开头。请核对；确属特殊情况请在备注中说明。",
       "the school code {value} does not start with 36, as 中职 school codes do. Check it; "
       "explain an exception in 备注.")
def s102(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    code = info.school_code if info else None
    if code and code.isdigit() and len(code) == 10 and not code.startswith("36"):
        yield ctx.issue("S102", "school", "school_code", value=code, expected="36xxxxxxxx")


@check("S103", E, "学校信息", ("行政区划代码不是 6 位数字", "division code not 6 digits"),
       "行政区划代码 {value} 不是 6 位数字。请填写所在县（市、区）的 6 位代码，如洮北区 220802。",
       "the division code {value} is not 6 digits. Enter the 6-digit code of the county "
       "(e.g. 220802).")
def s103(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    code = info.division_code if info else None
    if code and not (code.isdigit() and len(code) == 6):
        yield ctx.issue("S103", "school", "division_code", value=code, expected="6 digits")


@check("S104", E, "学校信息", ("统计年度缺失或不在 2000–2100", "year missing or out of range"),
       "统计年度 {value} 缺失或不在 2000–2100 之间。请填写学年结束的年份（2021.9–2022.8 填 2022）。",
       "the report year {value} is missing or outside 2000–2100. Enter the year in which the "
       "school year ends (2021.9–2022.8 → 2022).")
def s104(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    year = info.year if info else None
    if year is not None and not 2000 <= year <= 2100:
        yield ctx.issue("S104", "school", "year", value=year, expected="2000–2100")


def _per_student(ctx: Context, field: str) -> tuple[float, float] | None:
    info = ctx.data.school
    students = total_students(ctx.data)
    value = getattr(info, field) if info else None
    if value is None or not students:
        return None
    return value, value / students


@check("S105", W, "学校信息", ("生均校舍建筑面积低于标准", "building area per student below standard"),
       "生均校舍建筑面积 {ratio} 平方米（{value} ÷ {students} 名学生），低于标准 {expected} 平方米。请核对面积与在校生数；属实请在备注中说明。",
       "building area per student is {ratio} m² ({value} ÷ {students} students), below the "
       "standard of {expected} m². Check the area and the students; if true, explain in 备注.",
       standard="building_area_per_student")
def s105(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "building_area")
    limit = ctx.thresholds.building_area_per_student
    if found and found[1] < limit:
        yield ctx.issue("S105", "school", "building_area", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))


@check("S106", W, "学校信息", ("生均占地面积低于标准", "land area per student below standard"),
       "生均占地面积 {ratio} 平方米（{value} ÷ {students} 名学生），低于标准 {expected} 平方米。请核对；属实请在备注中说明。",
       "land area per student is {ratio} m² ({value} ÷ {students} students), below the "
       "standard of {expected} m². Check it; if true, explain in 备注.",
       standard="land_area_per_student")
def s106(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "land_area")
    limit = ctx.thresholds.land_area_per_student
    if found and found[1] < limit:
        yield ctx.issue("S106", "school", "land_area", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))


@check("S107", W, "学校信息", ("生均纸质图书低于标准", "books per student below standard"),
       "生均纸质图书 {ratio} 册（{value} ÷ {students} 名学生），低于标准 {expected} 册。请核对；属实请在备注中说明。",
       "books per student are {ratio} ({value} ÷ {students} students), below the standard of "
       "{expected}. Check it; if true, explain in 备注.",
       standard="books_per_student")
def s107(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "books")
    limit = ctx.thresholds.books_per_student
    if found and found[1] < limit:
        yield ctx.issue("S107", "school", "books", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))
