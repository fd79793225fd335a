"""技能大赛 (A rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check

E, W = Severity.ERROR, Severity.WARNING
NAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")


def split_names(text: str | None) -> list[str]:
    """The person names of a 获奖学生 / 指导教师 cell."""
    if not text:
        return []
    return [name for name in NAME_SEPARATORS.split(text.strip()) if name]


@check("A701", E, "技能大赛", ("获奖项目没有学生姓名", "award entry without a student"),
       "获奖项目“{event}”没有填写获奖学生姓名。请填写学生姓名，多人用顿号“、”分隔。",
       "the award entry '{event}' has no student name. Enter the names, separated by 、.")
def a701(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.awards):
        if row.students is not None and not split_names(row.students):
            yield ctx.issue("A701", "awards", "students", row=index, value=row.students,
                            expected="names", event=row.event or "")


@check("A702", W, "技能大赛", ("同一获奖项目出现两次", "the same award entry twice"),
       "获奖项目“{event}”（{value}）与第 {first} 行重复。请删除重复的一行；确为两次获奖请核对。",
       "the award entry '{event}' ({value}) repeats row {first}. Delete the duplicate, or check "
       "that it really is a second award.")
def a702(ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[object, ...], int] = {}
    for index, row in enumerate(ctx.data.awards):
        names = split_names(row.students)
        if not names:
            continue
        key = (row.level, row.event, row.prize, tuple(sorted(names)))
        if key in seen:
            yield ctx.issue("A702", "awards", "students", row=index, value=row.students,
                            expected="unique", event=row.event or "",
                            first=ctx.book.rows.get(("awards", seen[key])))
        else:
            seen[key] = index
