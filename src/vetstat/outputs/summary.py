"""What the terminal shows when the results went into files: a screenful, not the tables.

``aggregate -o`` and ``diff -o`` (or ``--csv-dir``) with the default table format print this
summary — the files read, the schools, the errors and warnings, where the outputs went — and
the tables only with ``--show-tables``; ``--format json|csv|markdown`` always prints in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vetstat.core.issues import Issue, Lang
from vetstat.figures.years import YearDiff
from vetstat.outputs.render import Column, Table
from vetstat.usecases.aggregate import CityResult

COLUMNS = [Column("item", "项目", "item"), Column("value", "内容", "value")]


def _issue_counts(issues: Sequence[Issue], lang: Lang) -> str:
    errors = sum(1 for issue in issues if issue.is_error)
    warnings = [issue for issue in issues if not issue.is_error and issue.severity.value == "warning"]
    unexplained = sum(1 for issue in warnings if not issue.explained)
    if lang is Lang.ZH:
        return f"错误 {errors} 个，警告 {len(warnings)} 个（{unexplained} 个未说明）"
    return f"{errors} errors, {len(warnings)} warnings ({unexplained} unexplained)"


def _rows(pairs: Sequence[tuple[str, str, Any]], lang: Lang) -> list[dict[str, Any]]:
    return [{"item": zh if lang is Lang.ZH else en, "value": value} for zh, en, value in pairs]


def _outputs(outputs: Sequence[str]) -> list[tuple[str, str, Any]]:
    return [("输出", "written", path) for path in outputs]


def _hint(lang: Lang) -> tuple[str, str]:
    return ("未在终端列出表格；加 --show-tables 列出", "tables not printed; --show-tables prints them")


def city_summary(result: CityResult, outputs: Sequence[str], lang: Lang) -> Table:
    """aggregate: files, schools, errors and warnings, the outputs."""
    zh = lang is Lang.ZH
    included, total = len(result.included), len(result.schools)
    with_errors = sum(1 for school in result.included if school.errors)
    place = result.place()
    pairs: list[tuple[str, str, Any]] = [
        ("地市", "city", place.name(lang)),
        ("年度", "year", result.year),
        ("文件", "files", f"{total} 个，计入 {included} 个" if zh else f"{total}, {included} counted"),
    ]
    cities = getattr(result, "cities", None)
    if cities is not None:  # a province: its city workbooks, each holding its schools' files
        pairs[0] = ("省份", "province", place.name(lang))
        pairs[2] = ("城市", "cities", f"{len(cities)} 个城市的汇总工作簿，学校文件 {total} 个，"
                    f"计入 {included} 个" if zh else f"{len(cities)} city workbooks, {total} school files, "
                    f"{included} counted")
    pairs += [
        ("学校", "schools", f"{included} 所，其中 {with_errors} 所有错误" if zh
         else f"{included}, {with_errors} with errors"),
        ("问题", "issues", _issue_counts(result.issues, lang)),
        *_outputs(outputs),
        ("说明", "note", _hint(lang)[0 if zh else 1]),
    ]
    return Table("汇总结果", "Summary", COLUMNS, _rows(pairs, lang), name="summary")


def diff_summary(diff: YearDiff, outputs: Sequence[str], lang: Lang) -> Table:
    """diff: both years, the schools in each, the changes flagged, the outputs."""
    zh = lang is Lang.ZH
    both = sum(1 for school in diff.schools if school.status == "both")
    old_only = sum(1 for school in diff.schools if school.status == "old_only")
    new_only = sum(1 for school in diff.schools if school.status == "new_only")
    flagged = sum(1 for change in diff.city.values() if change.flagged)
    pairs: list[tuple[str, str, Any]] = [
        ("年度", "years", f"{diff.old_year} → {diff.new_year}"),
        ("学校", "schools", f"两年都有 {both} 所，仅上年 {old_only} 所，仅本年 {new_only} 所" if zh
         else f"{both} in both years, {old_only} old year only, {new_only} new year only"),
        ("全市变化过大", "city changes flagged", f"{flagged} 项（Y001）" if zh else f"{flagged} (Y001)"),
        ("问题", "issues", _issue_counts(diff.issues, lang)),
        *_outputs(outputs),
        ("说明", "note", _hint(lang)[0 if zh else 1]),
    ]
    if not diff.complete:
        pairs.insert(3, ("不完整", "incomplete", "、".join(diff.unreadable) if zh
                         else ", ".join(diff.unreadable)))
    return Table("对比结果", "Summary", COLUMNS, _rows(pairs, lang), name="summary")
