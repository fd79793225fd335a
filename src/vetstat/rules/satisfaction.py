"""满意度调查 (Q rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.contract import OVERALL_ITEM, STUDENT_ITEMS
from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, fmt
from vetstat.rules.facts import graduates, percent, total_students

E, W = Severity.ERROR, Severity.WARNING
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


@check("Q601", E, "满意度调查", ("满意度各项人数之和不等于样本数", "answers do not add up to the sample"),
       "{respondent}·{item}：非常满意 {very} + 基本满意 {fair} + 不满意 {bad} = {expected}，不等于有效样本数 {value}。请核对。",
       "{respondent}·{item}: very satisfied {very} + satisfied {fair} + dissatisfied {bad} = "
       "{expected}, not the {value} valid samples. Check them.")
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


@check("Q602", E, "满意度调查", ("样本数超过被调查总体", "sample exceeds its population"),
       "{respondent}·{item}：有效样本数 {value} 大于{population_zh} {expected}。样本不能多于总体，请核对。",
       "{respondent}·{item}: {value} valid samples exceed the {expected} {population_en}. A "
       "sample cannot be larger than its population.")
def q602(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        population, zh, en = _population(ctx, row.respondent)
        if row.samples is not None and population is not None and row.samples > population:
            yield ctx.issue("Q602", "satisfaction", "samples", row=index, value=row.samples,
                            expected=str(population), respondent=row.respondent, item=row.item,
                            population_zh=zh, population_en=en)


@check("Q603", E, "满意度调查", ("填报的满意度与计算值不符", "reported satisfaction rate is wrong"),
       "{respondent}·{item}：填报的满意度为 {value}%，但（非常满意 + 基本满意）÷ 样本 = {expected}%，相差超过 0.5 个百分点。请核对。",
       "{respondent}·{item}: the reported rate is {value}% but (very satisfied + satisfied) ÷ "
       "samples = {expected}%, more than 0.5 points apart. Check it.")
def q603(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.rate is None or row.very_satisfied is None or row.satisfied is None or not row.samples:
            continue
        computed = percent(row.very_satisfied + row.satisfied, row.samples)
        if abs(row.rate - computed) > TOLERANCE_POINTS:
            yield ctx.issue("Q603", "satisfaction", "rate", row=index, value=row.rate,
                            expected=fmt(computed), respondent=row.respondent, item=row.item)


@check("Q604", E, "满意度调查", ("缺少必需的调查对象或项目", "required respondent or item missing"),
       "缺少“{respondent}·{item}”的调查结果。在校生的六个项目和毕业生的“总体”都必须填写。",
       "the survey result for {respondent}·{item} is missing. All six student items and the "
       "graduates' 总体 are required.")
def q604(ctx: Context) -> Iterator[Issue]:
    if "satisfaction" not in ctx.book.sheet_names:
        return
    present = {(row.respondent, row.item) for row in ctx.data.satisfaction}
    for respondent, item in REQUIRED:
        if (respondent, item) not in present:
            yield ctx.issue("Q604", "satisfaction", None, value=None,
                            expected=f"{respondent}·{item}", respondent=respondent, item=item)


@check("Q605", W, "满意度调查", ("样本过小", "sample too small"),
       "{respondent}·{item}：有效样本数 {value} 过小（应不少于 30，且不少于{population_zh} {population} 的 10%）。请扩大调查范围。",
       "{respondent}·{item}: {value} valid samples are too few (at least 30 and at least 10% "
       "of the {population} {population_en}). Survey more people.")
def q605(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.samples is None:
            continue
        population, zh, en = _population(ctx, row.respondent)
        share_too_small = bool(population) and percent(row.samples, population) < MIN_SAMPLE_SHARE  # type: ignore[arg-type]
        if row.samples < MIN_SAMPLE or share_too_small:
            yield ctx.issue("Q605", "satisfaction", "samples", row=index, value=row.samples,
                            expected=">= 30 and >= 10%", respondent=row.respondent, item=row.item,
                            population=population if population is not None else "—",
                            population_zh=zh or "总体", population_en=en or "population")


@check("Q606", E, "满意度调查", ("同一调查对象和项目出现两次", "the same respondent and item twice"),
       "“{respondent}·{item}”出现了两次（第一次在第 {first} 行）。请合并为一行。",
       "{respondent}·{item} appears twice (first on row {first}). Merge them into one row.")
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


@check("Q607", E, "满意度调查", ("调查项目与调查对象不匹配", "item does not fit the respondent"),
       "调查对象“{respondent}”不能填调查项目 {value}：在校生填六个分项，其他调查对象只填“总体”。",
       "respondent {respondent} cannot have the item {value}: students have the six items, "
       "every other group only 总体.")
def q607(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.satisfaction):
        if row.respondent is None or row.item is None:
            continue
        fits = row.item in STUDENT_ITEMS if row.respondent == "在校生" else row.item == OVERALL_ITEM
        if not fits:
            expected = "|".join(STUDENT_ITEMS) if row.respondent == "在校生" else OVERALL_ITEM
            yield ctx.issue("Q607", "satisfaction", "item", row=index, value=row.item,
                            expected=expected, respondent=row.respondent)
