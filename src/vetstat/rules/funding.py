"""经费投入 (M rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue
from vetstat.rules.base import Context, check, exceeds, fmt, fmt_apart
from vetstat.rules.facts import total_students

TOLERANCE_SHARE = 0.01


@check("M501")
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


@check("M502")
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


@check("M503")
def m503(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "M503", "funding", "equipment_purchase", "equipment_value")
