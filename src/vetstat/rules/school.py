"""学校信息 (S rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.contract import CONTRACT_VERSION, FIRST_VERSION
from vetstat.core.indicators import Measure, views
from vetstat.core.issues import Issue, Lang
from vetstat.rules.base import Context, check, fmt, fmt_apart
from vetstat.rules.facts import total_students


@check("S101")
def s101(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    if info and info.school_code and not (info.school_code.isdigit() and len(info.school_code) == 10):
        yield ctx.issue("S101", "school", "school_code", value=info.school_code, expected="10 digits")


@check("S102")
def s102(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    code = info.school_code if info else None
    if code and code.isdigit() and len(code) == 10 and not code.startswith("36"):
        yield ctx.issue("S102", "school", "school_code", value=code, expected="36xxxxxxxx")


@check("S103")
def s103(ctx: Context) -> Iterator[Issue]:
    info = ctx.data.school
    code = info.division_code if info else None
    if code and not (code.isdigit() and len(code) == 6):
        yield ctx.issue("S103", "school", "division_code", value=code, expected="6 digits")


@check("S104")
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


@check("S105")
def s105(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "building_area")
    limit = ctx.thresholds.building_area_per_student
    if found and found[1] < limit:
        yield ctx.issue("S105", "school", "building_area", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))


@check("S106")
def s106(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "land_area")
    limit = ctx.thresholds.land_area_per_student
    if found and found[1] < limit:
        yield ctx.issue("S106", "school", "land_area", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))


@check("S107")
def s107(ctx: Context) -> Iterator[Issue]:
    found = _per_student(ctx, "books")
    limit = ctx.thresholds.books_per_student
    if found and found[1] < limit:
        yield ctx.issue("S107", "school", "books", value=found[0], expected=fmt(limit),
                        ratio=fmt_apart(found[1], limit), students=total_students(ctx.data))


def template_version(ctx: Context) -> int:
    """The template version of the workbook: its 模板版本 cell, else the first."""
    info = ctx.data.school
    return (info.template_version if info else None) or FIRST_VERSION


def missing_indicators(version: int) -> tuple[str, str]:
    """The rates of 表1 a workbook of ``version`` cannot give, and the counts behind them in
    one phrase (Chinese, English)."""
    catalogue = views()
    newer = [item for item in catalogue.table1 if catalogue.since[item.key] > version]
    rates = [item for item in newer if item.measure is Measure.RATE]
    counts = [item for item in newer if item.measure is not Measure.RATE]
    zh, en = "、".join(item.zh for item in rates), ", ".join(item.en for item in rates)
    if counts:
        sheets_zh = dict.fromkeys(item.category(Lang.ZH) for item in counts)
        sheets_en = dict.fromkeys(item.category(Lang.EN) for item in counts)
        zh += f"，以及{'、'.join(sheets_zh)}的 {len(counts)} 项计数"
        en += f", and {len(counts)} counts of {', '.join(sheets_en)}"
    return zh, en


def required_version(ctx: Context) -> int:
    """The oldest template without a warning: ``[batch] template_min_version`` (default 1)."""
    return ctx.config.batch.template_min_version or FIRST_VERSION


@check("S108")
def s108(ctx: Context) -> Iterator[Issue]:
    version = template_version(ctx)
    if version < CONTRACT_VERSION and version >= required_version(ctx):
        zh, en = missing_indicators(version)
        yield ctx.issue("S108", "school", "template_version", value=version,
                        expected=str(CONTRACT_VERSION), missing=zh, missing_en=en)


@check("S109")
def s109(ctx: Context) -> Iterator[Issue]:
    version, required = template_version(ctx), required_version(ctx)
    if version < required:
        zh, en = missing_indicators(version)
        yield ctx.issue("S109", "school", "template_version", value=version,
                        expected=str(required), missing=zh, missing_en=en)
