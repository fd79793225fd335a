"""专业与学生 (E rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue
from vetstat.core.majors import majors
from vetstat.reading.values import normalize
from vetstat.rules.base import Context, check


def _valid_code(code: str | None) -> bool:
    return code is not None and code.isdigit() and len(code) == 6


@check("E201")
def e201(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        if row.code and not _valid_code(row.code):
            yield ctx.issue("E201", "enrollment", "code", row=index, value=row.code,
                            expected="6 digits")


@check("E202")
def e202(ctx: Context) -> Iterator[Issue]:
    catalogue = majors()
    for index, row in enumerate(ctx.data.enrollment):
        if _valid_code(row.code) and row.code not in catalogue:
            yield ctx.issue("E202", "enrollment", "code", row=index, value=row.code,
                            expected="2021 catalogue")


@check("E203")
def e203(ctx: Context) -> Iterator[Issue]:
    catalogue = majors()
    for index, row in enumerate(ctx.data.enrollment):
        major = catalogue.get(row.code or "")
        if major and row.name and normalize(row.name) != normalize(major.name):
            yield ctx.issue("E203", "enrollment", "name", row=index, value=row.name,
                            expected=major.name, code=row.code)


@check("E204")
def e204(ctx: Context) -> Iterator[Issue]:
    seen: dict[str, int] = {}
    for index, row in enumerate(ctx.data.enrollment):
        if not row.code:
            continue
        if row.code in seen:
            yield ctx.issue("E204", "enrollment", "code", row=index, value=row.code,
                            expected="unique", first=ctx.book.rows.get(("enrollment", seen[row.code])))
        else:
            seen[row.code] = index


@check("E205")
def e205(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        grades = (row.grade_1, row.grade_2, row.grade_3)
        if row.students is None or None in grades:
            continue
        total = sum(g for g in grades if g is not None)
        if total != row.students:
            yield ctx.issue("E205", "enrollment", "students", row=index, value=row.students,
                            expected=str(total), code=row.code)


@check("E206")
def e206(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        if row.new_students is not None and row.students is not None and row.new_students > row.students:
            yield ctx.issue("E206", "enrollment", "new_students", row=index, value=row.new_students,
                            expected=str(row.students), code=row.code)


@check("E207")
def e207(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        new, first = row.new_students, row.grade_1
        if new is None or first is None or (new == 0 and first == 0):
            continue
        if abs(new - first) > 0.10 * new:
            yield ctx.issue("E207", "enrollment", "new_students", row=index, value=new,
                            expected=str(first), code=row.code)


@check("E208")
def e208(ctx: Context) -> Iterator[Issue]:
    if "enrollment" in ctx.book.sheet_names and not ctx.data.enrollment:
        yield ctx.issue("E208", "enrollment", None, expected=">= 1 major")
