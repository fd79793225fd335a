"""满意度调查 (Q rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.contract import OVERALL_ITEM, STUDENT_ITEMS
from vetstat.core.issues import Issue
from vetstat.rules.base import Context, check, fmt
from vetstat.rules.facts import graduates, percent, total_students

TOLERANCE_POINTS = 0.5
MIN_SAMPLE = 30
MIN_SAMPLE_SHARE = 10.0
REQUIRED = [("在校生", item) for item in STUDENT_ITEMS] + [("毕业生", OVERALL_ITEM)]


def _population(ctx: Context, respondent: str | None) -> tuple[int | None, str, str]:
    """The population a respondent group samples: (size, zh name, en name)."""
    data = ctx.data
    if respondent == "在校生":
        return total_students(data), "在校生数", "students"
    if respondent == "毕业生":
        return graduates(data), "毕业生数", "graduates"
    if respondent == "教师":
        full_time = data.teachers.full_time if data.teachers else None
        return full_time, "专任教师数", "full-time teachers"
    return None, "", ""


@check("Q601")
def q601(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        parts = (row.very_satisfied, row.satisfied, row.dissatisfied)
        if row.samples is None or None in parts:
            continue
        total = sum(p for p in parts if p is not None)
        if total != row.samples:
            yield ctx.issue("Q601", "satisfaction", "samples", row=index, value=row.samples,
                            expected=str(total), respondent=row.respondent, item=row.item,
                            very=row.very_satisfied, fair=row.satisfied, bad=row.dissatisfied)


@check("Q602")
def q602(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        population, zh, en = _population(ctx, row.respondent)
        if row.samples is not None and population is not None and row.samples > population:
            yield ctx.issue("Q602", "satisfaction", "samples", row=index, value=row.samples,
                            expected=str(population), respondent=row.respondent, item=row.item,
                            population_zh=zh, population_en=en)


@check("Q603")
def q603(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.rate is None or row.very_satisfied is None or row.satisfied is None or not row.samples:
            continue
        computed = percent(row.very_satisfied + row.satisfied, row.samples)
        if abs(row.rate - computed) > TOLERANCE_POINTS:
            yield ctx.issue("Q603", "satisfaction", "rate", row=index, value=row.rate,
                            expected=fmt(computed), respondent=row.respondent, item=row.item)


@check("Q604")
def q604(ctx: Context) -> Iterator[Issue]:
    if "satisfaction" not in ctx.book.sheet_names:
        return
    present = {(row.respondent, row.item) for row in ctx.data.satisfaction}
    for respondent, item in REQUIRED:
        if (respondent, item) not in present:
            yield ctx.issue("Q604", "satisfaction", None, value=None,
                            expected=f"{respondent}·{item}", respondent=respondent, item=item)


@check("Q605")
def q605(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.samples is None:
            continue
        population, zh, en = _population(ctx, row.respondent)
        share_too_small = bool(population) and percent(row.samples, population) < MIN_SAMPLE_SHARE  # type: ignore[arg-type]
        if row.samples < MIN_SAMPLE or share_too_small:
            if population is None:  # 家长, 用人单位: nobody knows how many there are
                limit = f"应不少于 {MIN_SAMPLE}；{row.respondent}的总体人数无从得知，只看这一下限"
                limit_en = (f"at least {MIN_SAMPLE}; the number of {row.respondent} is not "
                            "known, so only this minimum applies")
                expected = f">= {MIN_SAMPLE}"
            else:
                tenth = fmt(population * MIN_SAMPLE_SHARE / 100)
                limit = (f"应不少于 {MIN_SAMPLE}，且不少于{zh} {population} 的 10%，"
                         f"即 {tenth}")
                limit_en = (f"at least {MIN_SAMPLE} and at least 10% of the {population} {en}, "
                            f"i.e. {tenth}")
                expected = f">= {MIN_SAMPLE} and >= 10%"
            yield ctx.issue("Q605", "satisfaction", "samples", row=index, value=row.samples,
                            expected=expected, respondent=row.respondent, item=row.item,
                            limit=limit, limit_en=limit_en)


@check("Q606")
def q606(ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[str | None, str | None], int] = {}
    for index, row in enumerate(ctx.data.satisfaction):
        key = (row.respondent, row.item)
        if None in key:
            continue
        if key in seen:
            yield ctx.issue("Q606", "satisfaction", "item", row=index, value=row.item,
                            expected="unique", respondent=row.respondent, item=row.item,
                            first=ctx.book.rows.get(("satisfaction", seen[key])))
        else:
            seen[key] = index


@check("Q607")
def q607(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.respondent is None or row.item is None:
            continue
        fits = row.item in STUDENT_ITEMS if row.respondent == "在校生" else row.item == OVERALL_ITEM
        if not fits:
            expected = "|".join(STUDENT_ITEMS) if row.respondent == "在校生" else OVERALL_ITEM
            yield ctx.issue("Q607", "satisfaction", "item", row=index, value=row.item,
                            expected=expected, respondent=row.respondent)
