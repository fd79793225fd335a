"""就业与升学 (J rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue
from vetstat.rules.base import Context, adds_up, check, exceeds, fmt
from vetstat.rules.facts import percent, total_graduates

TOLERANCE_POINTS = 0.5
SALARY_RANGE = (1000, 20000)


@check("J401")
def j401(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    majors_sum = total_graduates(ctx.data)
    if e is None or e.graduates is None or majors_sum is None:
        return
    if any(row.graduates is None for row in ctx.data.enrollment):
        return
    if e.graduates != majors_sum:
        yield ctx.issue("J401", "employment", "graduates", value=e.graduates, expected=str(majors_sum))


@check("J402")
def j402(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if (e is None or e.graduates is None or e.employed is None or e.further_study is None
            or e.not_placed is None):
        return
    total = e.employed + e.further_study + e.not_placed
    if total != e.graduates:
        yield ctx.issue("J402", "employment", "graduates", value=e.graduates, expected=str(total),
                        employed=e.employed, further=e.further_study, not_placed=e.not_placed)


@check("J403")
def j403(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "J403", "employment", "employed_in_field", "employed")


@check("J404")
def j404(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "J404", "employment", "to_bachelor", "further_study")


@check("J405")
def j405(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if (e is None or e.employment_rate_reported is None or e.employed is None
            or e.further_study is None or not e.graduates):
        return
    computed = percent(e.employed + e.further_study, e.graduates)
    if abs(e.employment_rate_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("J405", "employment", "employment_rate_reported",
                        value=e.employment_rate_reported, expected=fmt(computed),
                        employed=e.employed, further=e.further_study, graduates=e.graduates)


@check("J406")
def j406(ctx: Context) -> Iterator[Issue]:
    e = ctx.data.employment
    if (e is None or e.in_field_rate_reported is None or e.employed_in_field is None
            or not e.employed):
        return
    computed = percent(e.employed_in_field, e.employed)
    if abs(e.in_field_rate_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("J406", "employment", "in_field_rate_reported",
                        value=e.in_field_rate_reported, expected=fmt(computed),
                        in_field=e.employed_in_field, employed=e.employed)


@check("J407")
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


@check("J408")
def j408(ctx: Context) -> Iterator[Issue]:
    yield from adds_up(ctx, "J408", "employment", "employed", {
        "enterprise": "to_enterprise", "government": "to_government", "self_run": "to_self_run",
        "military": "to_military", "other": "to_other"}, "to_enterprise")


@check("J409")
def j409(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "J409", "employment", "self_employed", "employed")


@check("J410")
def j410(ctx: Context) -> Iterator[Issue]:
    yield from adds_up(ctx, "J410", "employment", "further_study", {
        "exam": "study_vocational_exam", "general": "study_general"}, "study_vocational_exam")
