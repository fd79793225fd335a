"""教师队伍 (T rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue
from vetstat.rules.base import Context, adds_up, check, exceeds, fmt, fmt_apart
from vetstat.rules.facts import percent, total_students

TOLERANCE_POINTS = 0.5


@check("T301")
def t301(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T301", "teachers", "full_time", "staff_total")


@check("T302")
def t302(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.full_time is None or t.foundation is None or t.specialty is None:
        return
    total = t.foundation + t.specialty
    if total != t.full_time:
        yield ctx.issue("T302", "teachers", "full_time", value=t.full_time, expected=str(total),
                        foundation=t.foundation, specialty=t.specialty, sum=total)


@check("T303")
def t303(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T303", "teachers", "dual_qualified", "specialty")


@check("T304")
def t304(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T304", "teachers", "senior_title", "full_time")


@check("T305")
def t305(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "T305", "teachers", "postgraduate", "full_time")


@check("T306")
def t306(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.dual_ratio_reported is None or t.dual_qualified is None or not t.specialty:
        return
    computed = percent(t.dual_qualified, t.specialty)
    if abs(t.dual_ratio_reported - computed) > TOLERANCE_POINTS:
        yield ctx.issue("T306", "teachers", "dual_ratio_reported", value=t.dual_ratio_reported,
                        expected=fmt(computed), dual=t.dual_qualified, specialty=t.specialty)


@check("T307")
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


@check("T308")
def t308(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.dual_qualified is None or not t.specialty:
        return
    share = percent(t.dual_qualified, t.specialty)
    limit = ctx.thresholds.dual_ratio_min
    if share < limit:
        yield ctx.issue("T308", "teachers", "dual_qualified", value=float(fmt_apart(share, limit)),
                        expected=fmt(limit))


@check("T309")
def t309(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.specialty is None or not t.full_time:
        return
    share = percent(t.specialty, t.full_time)
    limit = ctx.thresholds.specialty_ratio_min
    if share < limit:
        yield ctx.issue("T309", "teachers", "specialty", value=float(fmt_apart(share, limit)),
                        expected=fmt(limit))


@check("T310")
def t310(ctx: Context) -> Iterator[Issue]:
    t = ctx.data.teachers
    if t is None or t.postgraduate is None or t.bachelor is None or t.full_time is None:
        return
    above = t.postgraduate + t.bachelor
    if above > t.full_time:
        yield ctx.issue("T310", "teachers", "bachelor", value=above, expected=f"<= {t.full_time}",
                        postgraduate=t.postgraduate, bachelor=t.bachelor)


@check("T311")
def t311(ctx: Context) -> Iterator[Issue]:
    yield from adds_up(ctx, "T311", "teachers", "full_time", {
        "postgraduate": "postgraduate", "bachelor": "bachelor", "below": "below_bachelor"},
        "below_bachelor")


@check("T312")
def t312(ctx: Context) -> Iterator[Issue]:
    yield from adds_up(ctx, "T312", "teachers", "full_time", {
        "senior": "senior_title", "middle": "middle_title", "junior": "junior_title",
        "untitled": "untitled"}, "untitled")
