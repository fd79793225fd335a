"""学生素质 (P rules): parts within their wholes, rates recomputed from their counts."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.contract import SHEET_BY_KEY, Attainment
from vetstat.core.indicators import ATTAINMENT_RATES, indicator
from vetstat.core.issues import Issue
from vetstat.rules.base import Context, check, fmt
from vetstat.rules.facts import percent, total_graduates

TOLERANCE_POINTS = 0.5
# (passed, candidates) of each examination
EXAMINATIONS = (("culture_passed", "culture_candidates"),
                ("skill_test_passed", "skill_test_candidates"),
                ("fitness_passed", "fitness_candidates"))
# the stated rates of the sheet and the indicator each restates
STATED = {"culture_pass_rate_reported": "culture_pass_rate",
          "skill_pass_rate_reported": "skill_pass_rate",
          "fitness_pass_rate_reported": "fitness_pass_rate",
          "graduation_rate_reported": "graduation_rate",
          "dual_certificate_rate_reported": "dual_certificate_rate",
          "retention_3y_reported": "retention_3y"}


def _counts(ctx: Context) -> dict[str, int | None]:
    """The counts a rate of 学生素质 is made of: the sheet's, the grades of 9/1 and the
    graduates over the majors of 专业与学生."""
    data = ctx.data
    found: dict[str, int | None] = dict(data.attainment.model_dump()) if data.attainment else {}
    for grade in ("grade_1", "grade_2", "grade_3"):
        values = [getattr(row, grade) for row in data.enrollment]
        found[grade] = sum(v for v in values if v is not None) if values and None not in values else None
    found["graduates"] = total_graduates(data)
    return found


def _label(key: str) -> tuple[str, str]:
    spec = SHEET_BY_KEY["attainment"].field(key)
    return spec.label.removeprefix("其中："), spec.en


@check("P101")
def p101(ctx: Context) -> Iterator[Issue]:
    sheet = ctx.data.attainment
    if sheet is None:
        return
    for passed, candidates in EXAMINATIONS:
        top, bottom = getattr(sheet, passed), getattr(sheet, candidates)
        if top is not None and bottom is not None and top > bottom:
            zh, en = _label(passed)
            yield ctx.issue("P101", "attainment", passed, value=top, expected=f"<= {bottom}",
                            label=zh, label_en=en)


@check("P102")
def p102(ctx: Context) -> Iterator[Issue]:
    sheet, graduates = ctx.data.attainment, total_graduates(ctx.data)
    if sheet is None or sheet.dual_certificate is None or graduates is None:
        return
    if sheet.dual_certificate > graduates:
        yield ctx.issue("P102", "attainment", "dual_certificate", value=sheet.dual_certificate,
                        expected=f"<= {graduates}")


@check("P103")
def p103(ctx: Context) -> Iterator[Issue]:
    sheet, graduates = ctx.data.attainment, total_graduates(ctx.data)
    if sheet is None or sheet.graduation_due is None or graduates is None:
        return
    if graduates > sheet.graduation_due:
        yield ctx.issue("P103", "attainment", "graduation_due", value=sheet.graduation_due,
                        expected=f">= {graduates}", graduates=graduates)


@check("P104")
def p104(ctx: Context) -> Iterator[Issue]:
    if ctx.data.attainment is None:
        return
    counts = _counts(ctx)
    for key, _zh, _en, end, start in ATTAINMENT_RATES:
        if not key.startswith("retention"):
            continue
        now, before = counts.get(end), counts.get(start)
        if now is None or before is None or now <= before:
            continue
        zh, en = _label(end)
        start_item = indicator(start)
        start_zh = "入学时人数" if start == "cohort_entry" else f"9月1日{start_item.zh}"
        yield ctx.issue("P104", "attainment", start if start == "cohort_entry" else end,
                        value=now, expected=str(before), label=zh, label_en=en,
                        start_label=start_zh, start_en=start_item.en)


@check("P105")
def p105(ctx: Context) -> Iterator[Issue]:
    sheet: Attainment | None = ctx.data.attainment
    if sheet is None:
        return
    counts = _counts(ctx)
    rates = {key: (top, bottom) for key, _zh, _en, top, bottom in ATTAINMENT_RATES}
    for field, key in STATED.items():
        stated = getattr(sheet, field)
        top_key, bottom_key = rates[key]
        top, bottom = counts.get(top_key), counts.get(bottom_key)
        if stated is None or top is None or not bottom:
            continue
        computed = percent(top, bottom)
        if abs(stated - computed) > TOLERANCE_POINTS:
            item = indicator(key)
            yield ctx.issue("P105", "attainment", field, value=stated, expected=fmt(computed),
                            label=item.zh, label_en=item.en, top=top, bottom=bottom,
                            formula=f"{indicator(top_key).zh} ÷ {indicator(bottom_key).zh} × 100")
