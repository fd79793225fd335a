"""技能大赛 (A rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.contract import split_names
from vetstat.core.issues import Issue
from vetstat.rules.base import Context, check


@check("A701")
def a701(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.awards):
        if row.students is not None and not split_names(row.students):
            yield ctx.issue("A701", "awards", "students", row=index, value=row.students,
                            expected="names", event=row.event or "")


@check("A702")
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
