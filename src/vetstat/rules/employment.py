"""就业与升学 (J rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, exceeds, fmt
from vetstat.rules.facts import percent, total_graduates

E, W = Severity.ERROR, Severity.WARNING
TOLERANCE_POINTS = 0.5
SALARY_RANGE = (1000, 20000)


@check("J401", E, "就业与升学", ("毕业生数与各专业之和不符", "graduates differ from the majors' sum"),
       "就业与升学表的毕业生数 {value} 不等于专业与学生表各专业毕业生之和 {expected}。请核对两张表。",
       "the graduates on 就业与升学 ({value}) differ from the sum over the majors on 专业与学生 "
       "({expected}). Check both sheets.")
def j401(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    majors_sum = total_graduates(ctx.data)
    if e is None or e.graduates is None or majors_sum is None:
        return
    if any(row.graduates is None for row in ctx.data.enrollment):
        return
    if e.graduates != majors_sum:
        yield ctx.issue("J401", "employment", "graduates", value=e.graduates, expected=str(majors_sum))


@check("J402", E, "就业与升学", ("就业、升学、未就业之和不等于毕业生", "placements do not add up to graduates"),
       "直接就业 {employed} + 升学 {further} + 未就业 {not_placed} = {expected}，不等于毕业生数 {value}。"
       "每名毕业生应且只应计入其中一类。",
       "employed {employed} + further study {further} + not placed {not_placed} = {expected}, "
       "not the {value} graduates. Every graduate belongs to exactly one of them.")
def j402(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if e is None or None in (e.graduates, e.employed, e.further_study, e.not_placed):
        return
    total = e.employed + e.further_study + e.not_placed
    if total != e.graduates:
        yield ctx.issue("J402", "employment", "graduates", value=e.graduates, expected=str(total),
                        employed=e.employed, further=e.further_study, not_placed=e.not_placed)


@check("J403", E, "就业与升学", ("对口就业多于直接就业", "in-field exceeds employed"),
       "对口就业人数 {value} 多于直接就业人数（应 {expected}）。对口就业是直接就业的一部分。",
       "in-field employment ({value}) exceeds direct employment (expected {expected}); it is "
       "part of it.")
def j403(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "J403", "employment", "employed_in_field", "employed")


@check("J404", E, "就业与升学", ("升入本科多于升学", "bachelor exceeds further study"),
       "升入本科人数 {value} 多于升学人数（应 {expected}）。升入本科是升学的一部分。",
       "students admitted to bachelor programmes ({value}) exceed further study (expected "
       "{expected}); they are part of it.")
def j404(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "J404", "employment", "to_bachelor", "further_study")


@check("J405", E, "就业与升学", ("填报的就业率与计算值不符", "reported employment rate is wrong"),
       "填报的就业率为 {value}%，但（直接就业 {employed} + 升学 {further}）÷ 毕业生 {graduates} = {expected}%，"
       "相差超过 0.5 个百分点。请核对。",
       "the reported employment rate is {value}% but (employed {employed} + further study "
       "{further}) ÷ {graduates} graduates = {expected}%, more than 0.5 points apart. Check it.")
def j405(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if e is None or None in (e.employment_rate_reported, e.employed, e.further_study) or not e.graduates:
        return
    computed = percent(e.employed + e.further_study, e.graduates)
    if abs(e.employment_rate_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("J405", "employment", "employment_rate_reported",
                        value=e.employment_rate_reported, expected=fmt(computed),
                        employed=e.employed, further=e.further_study, graduates=e.graduates)


@check("J406", E, "就业与升学", ("填报的对口就业率与计算值不符", "reported in-field rate is wrong"),
       "填报的对口就业率为 {value}%，但对口就业 {in_field} ÷ 直接就业 {employed} = {expected}%，相差超过 0.5 个百分点。请核对。",
       "the reported in-field rate is {value}% but {in_field} in-field ÷ {employed} employed = "
       "{expected}%, more than 0.5 points apart. Check it.")
def j406(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if e is None or None in (e.in_field_rate_reported, e.employed_in_field) or not e.employed:
        return
    computed = percent(e.employed_in_field, e.employed)
    if abs(e.in_field_rate_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("J406", "employment", "in_field_rate_reported",
                        value=e.in_field_rate_reported, expected=fmt(computed),
                        in_field=e.employed_in_field, employed=e.employed)


@check("J407", W, "就业与升学", ("起薪不合常理或缺失", "starting salary implausible or missing"),
       "初次就业月平均起薪 {value} 元{reason}（合理范围 {expected} 元）。请核对；属实请在备注中说明。",
       "the average starting salary {value} 元 {reason_en} (plausible range {expected} 元). "
       "Check it; if true, explain in 备注.")
def j407(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if e is None:
        return
    low, high = SALARY_RANGE
    expected = f"{low}–{high}"
    if e.starting_salary is None:
        # the row may be missing altogether (the field is optional, so no F003 says so)
        if e.employed:
            yield ctx.issue("J407", "employment", "starting_salary", value=None, expected=expected,
                            reason="未填写，但有直接就业的毕业生",
                            reason_en="is missing while graduates were employed")
    elif not low <= e.starting_salary <= high:
        yield ctx.issue("J407", "employment", "starting_salary", value=e.starting_salary,
                        expected=expected, reason="超出合理范围", reason_en="is out of range")
