"""经费投入 (M rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, exceeds, fmt, fmt_apart
from vetstat.rules.facts import total_students

E, W = Severity.ERROR, Severity.WARNING
TOLERANCE_SHARE = 0.01


@check("M501", E, "经费投入", ("填报的生均财政拨款与计算值不符", "reported appropriation per student is wrong"),
       "填报的生均财政拨款为 {value} 元，但财政拨款 {appropriation} 万元 × 10000 ÷ {students} 名学生 = {expected} 元，"
       "相差超过 1%。请核对。",
       "the reported appropriation per student is {value} 元 but {appropriation} 万元 × 10000 ÷ "
       "{students} students = {expected} 元, more than 1% apart. Check it.")
def m501(ctx: Context) -> Iterator[Issue]:
    f = ctx.data.funding
    students = total_students(ctx.data)
    if f is None or f.per_student_reported is None or f.fiscal_appropriation is None or not students:
        return
    computed = f.fiscal_appropriation * 10000 / students
    if abs(f.per_student_reported - computed) > TOLERANCE_SHARE * computed:
        yield ctx.issue("M501", "funding", "per_student_reported", value=f.per_student_reported,
                        expected=fmt(computed), appropriation=f.fiscal_appropriation,
                        students=students)


@check("M502", W, "经费投入", ("生均教学仪器设备值低于标准", "equipment per student below standard"),
       "生均教学仪器设备值 {ratio} 元（{value} 万元 × 10000 ÷ {students} 名学生），低于标准 {expected} 元。请核对；属实请在备注中说明。",
       "equipment per student is {ratio} 元 ({value} 万元 × 10000 ÷ {students} students), below "
       "the standard of {expected} 元. Check it; if true, explain in 备注.",
       standard="equipment_per_student")
def m502(ctx: Context) -> Iterator[Issue]:
    f = ctx.data.funding
    students = total_students(ctx.data)
    if f is None or f.equipment_value is None or not students:
        return
    per_student = f.equipment_value * 10000 / students
    limit = ctx.thresholds.equipment_per_student
    if per_student < limit:
        yield ctx.issue("M502", "funding", "equipment_value", value=f.equipment_value,
                        expected=fmt(limit), ratio=fmt_apart(per_student, limit),
                        students=students)


@check("M503", E, "经费投入", ("当年新增设备值大于设备总值", "new equipment exceeds total"),
       "当年新增教学仪器设备值 {value} 万元大于设备资产总值（应 {expected}）。新增设备已计入总值，请核对。",
       "new equipment this year ({value} 万元) exceeds the total equipment value (expected "
       "{expected}); it is included in the total. Check both.")
def m503(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "M503", "funding", "equipment_purchase", "equipment_value")
