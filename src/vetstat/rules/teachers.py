"""教师队伍 (T rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, exceeds, fmt, fmt_apart
from vetstat.rules.facts import percent, total_students

E, W = Severity.ERROR, Severity.WARNING
TOLERANCE_POINTS = 0.5


@check("T301", E, "教师队伍", ("专任教师多于教职工", "full-time teachers exceed staff"),
       "专任教师数 {value} 大于教职工总数（应 {expected}）。专任教师是教职工的一部分，请核对。",
       "full-time teachers ({value}) exceed the staff total (expected {expected}). Full-time "
       "teachers are part of the staff; check both.")
def t301(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T301", "teachers", "full_time", "staff_total")


@check("T302", E, "教师队伍", ("公共基础课与专业课教师之和不等于专任教师", "foundation + specialty ≠ full-time"),
       "公共基础课教师 {foundation} + 专业课教师 {specialty} = {sum}，不等于专任教师数 {value}。请核对三项。",
       "foundation teachers {foundation} + specialty teachers {specialty} = {sum}, not the "
       "{value} full-time teachers. Check the three figures.")
def t302(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or None in (t.full_time, t.foundation, t.specialty):
        return
    total = t.foundation + t.specialty
    if total != t.full_time:
        yield ctx.issue("T302", "teachers", "full_time", value=t.full_time, expected=str(total),
                        foundation=t.foundation, specialty=t.specialty, sum=total)


@check("T303", E, "教师队伍", ("双师型教师多于专业课教师", "dual-qualified exceed specialty teachers"),
       "“双师型”教师 {value} 人多于专业课教师（应 {expected}）。“双师型”教师是专业课教师的一部分，请核对。",
       "dual-qualified teachers ({value}) exceed the specialty teachers (expected {expected}); "
       "they are a subset of them. Check both.")
def t303(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T303", "teachers", "dual_qualified", "specialty")


@check("T304", E, "教师队伍", ("高级职称教师多于专任教师", "senior titles exceed full-time teachers"),
       "具有高级职称的专任教师 {value} 人多于专任教师（应 {expected}）。请核对。",
       "senior-title teachers ({value}) exceed the full-time teachers (expected {expected}). "
       "Check both.")
def t304(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T304", "teachers", "senior_title", "full_time")


@check("T305", E, "教师队伍", ("硕士及以上教师多于专任教师", "postgraduates exceed full-time teachers"),
       "硕士研究生及以上学历的专任教师 {value} 人多于专任教师（应 {expected}）。请核对。",
       "postgraduate teachers ({value}) exceed the full-time teachers (expected {expected}). "
       "Check both.")
def t305(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T305", "teachers", "postgraduate", "full_time")


@check("T306", E, "教师队伍", ("填报的双师型比例与计算值不符", "reported dual-qualified share is wrong"),
       "填报的“双师型”教师比例为 {value}%，但 {dual} ÷ {specialty} 名专业课教师 = {expected}%，相差超过 0.5 个百分点。"
       "请核对比例或人数（比例 = “双师型”教师 ÷ 专业课教师）。",
       "the reported dual-qualified share is {value}% but {dual} ÷ {specialty} specialty "
       "teachers = {expected}%, more than 0.5 points apart. Check the share or the counts "
       "(share = dual-qualified ÷ specialty teachers).")
def t306(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or None in (t.dual_ratio_reported, t.dual_qualified) or not t.specialty:
        return
    computed = percent(t.dual_qualified, t.specialty)
    if abs(t.dual_ratio_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("T306", "teachers", "dual_ratio_reported", value=t.dual_ratio_reported,
                        expected=fmt(computed), dual=t.dual_qualified, specialty=t.specialty)


@check("T307", W, "教师队伍", ("生师比高于标准", "student-teacher ratio above standard"),
       "生师比为 {value}（{students} 名学生 ÷ {full_time} 名专任教师），高于标准 {expected}:1。请核对；属实请在备注中说明。",
       "the student-teacher ratio is {value} ({students} students ÷ {full_time} full-time "
       "teachers), above the standard of {expected}:1. Check it; if true, explain in 备注.",
       standard="student_teacher_ratio")
def t307(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    students = total_students(ctx.data)
    if t is None or not t.full_time or students is None:
        return
    ratio = students / t.full_time
    limit = ctx.thresholds.student_teacher_ratio
    if ratio > limit:
        yield ctx.issue("T307", "teachers", "full_time", value=float(fmt_apart(ratio, limit)),
                        expected=fmt(limit),
                        students=students, full_time=t.full_time)


@check("T308", W, "教师队伍", ("双师型比例低于标准", "dual-qualified share below standard"),
       "“双师型”教师占专业课教师的 {value}%，低于标准 {expected}%。请核对；属实请在备注中说明。",
       "dual-qualified teachers are {value}% of the specialty teachers, below the standard of "
       "{expected}%. Check it; if true, explain in 备注.",
       standard="dual_ratio_min")
def t308(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.dual_qualified is None or not t.specialty:
        return
    share = percent(t.dual_qualified, t.specialty)
    limit = ctx.thresholds.dual_ratio_min
    if share < limit:
        yield ctx.issue("T308", "teachers", "dual_qualified", value=float(fmt_apart(share, limit)),
                        expected=fmt(limit))


@check("T309", W, "教师队伍", ("专业课教师比例低于标准", "specialty share below standard"),
       "专业课教师占专任教师的 {value}%，低于标准 {expected}%。请核对；属实请在备注中说明。",
       "specialty teachers are {value}% of the full-time teachers, below the standard of "
       "{expected}%. Check it; if true, explain in 备注.",
       standard="specialty_ratio_min")
def t309(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.specialty is None or not t.full_time:
        return
    share = percent(t.specialty, t.full_time)
    limit = ctx.thresholds.specialty_ratio_min
    if share < limit:
        yield ctx.issue("T309", "teachers", "specialty", value=float(fmt_apart(share, limit)),
                        expected=fmt(limit))
