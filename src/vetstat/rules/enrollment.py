"""专业与学生 (E rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.core.majors import majors
from vetstat.reading.reader import normalize
from vetstat.rules.base import Context, check

E, W = Severity.ERROR, Severity.WARNING


def _valid_code(code: str | None) -> bool:
    return code is not None and code.isdigit() and len(code) == 6


@check("E201", E, "专业与学生", ("专业代码不是 6 位数字", "major code not 6 digits"),
       "专业代码 {value} 不是 6 位数字。请填写《职业教育专业目录（2021年）》中的 6 位代码。",
       "the major code {value} is not 6 digits. Enter the 6-digit code of the 2021 catalogue.")
def e201(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        if row.code and not _valid_code(row.code):
            yield ctx.issue("E201", "enrollment", "code", row=index, value=row.code,
                            expected="6 digits")


@check("E202", W, "专业与学生", ("专业代码不在 2021 年目录中", "major code not in the 2021 catalogue"),
       "专业代码 {value} 不在《职业教育专业目录（2021年）》中。请核对代码；若为省级备案专业请保留并向教育局说明。",
       "the major code {value} is not in the 2021 national catalogue. Check it; a major filed "
       "with the province may stay, but tell the bureau.")
def e202(ctx: Context) -> Iterator[Issue]:
    catalogue = majors()
    for index, row in enumerate(ctx.data.enrollment):
        if _valid_code(row.code) and row.code not in catalogue:
            yield ctx.issue("E202", "enrollment", "code", row=index, value=row.code,
                            expected="2021 catalogue")


@check("E203", W, "专业与学生", ("专业名称与目录不一致", "major name differs from the catalogue"),
       "专业代码 {code} 在目录中的名称是“{expected}”，表中填的是 {value}。请改用目录名称（如“畜牧兽医”已改为“畜禽生产技术”）。",
       "the catalogue names major {code} '{expected}', the sheet says {value}. Use the "
       "catalogue name (2010 names such as 畜牧兽医 were renamed).")
def e203(ctx: Context) -> Iterator[Issue]:
    catalogue = majors()
    for index, row in enumerate(ctx.data.enrollment):
        major = catalogue.get(row.code or "")
        if major and row.name and normalize(row.name) != normalize(major.name):
            yield ctx.issue("E203", "enrollment", "name", row=index, value=row.name,
                            expected=major.name, code=row.code)


@check("E204", E, "专业与学生", ("同一专业代码出现两次", "the same major code twice"),
       "专业代码 {value} 出现了两次（第一次在第 {first} 行）。同一专业请合并为一行。",
       "the major code {value} appears twice (first on row {first}). Merge them into one row.")
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


@check("E205", E, "专业与学生", ("各年级之和不等于在校生数", "grades do not sum to students"),
       "专业 {code} 的一、二、三年级之和为 {expected}，但在校生数填的是 {value}。在校生数应等于三个年级之和。",
       "major {code}: grades 1–3 sum to {expected} but 在校生数 is {value}. It must equal the "
       "sum of the three grades.")
def e205(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        grades = (row.grade_1, row.grade_2, row.grade_3)
        if row.students is None or None in grades:
            continue
        total = sum(g for g in grades if g is not None)
        if total != row.students:
            yield ctx.issue("E205", "enrollment", "students", row=index, value=row.students,
                            expected=str(total), code=row.code)


@check("E206", E, "专业与学生", ("招生数大于在校生数", "new students exceed students"),
       "专业 {code} 的招生数 {value} 大于在校生数 {expected}。新生也是在校生，请核对。",
       "major {code}: 招生数 {value} exceeds 在校生数 {expected}. New students are students "
       "too; check both.")
def e206(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        if row.new_students is not None and row.students is not None and row.new_students > row.students:
            yield ctx.issue("E206", "enrollment", "new_students", row=index, value=row.new_students,
                            expected=str(row.students), code=row.code)


@check("E207", W, "专业与学生", ("招生数与一年级人数相差超过 10%", "new students and grade 1 differ by over 10%"),
       "专业 {code} 的招生数 {value} 与一年级人数 {expected} 相差超过 10%。请核对（新生流失或转入请在备注中说明）。",
       "major {code}: 招生数 {value} and 一年级 {expected} differ by more than 10%. Check them "
       "(explain dropouts or transfers in 备注).")
def e207(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.data.enrollment):
        new, first = row.new_students, row.grade_1
        if new is None or first is None or (new == 0 and first == 0):
            continue
        if abs(new - first) > 0.10 * new:
            yield ctx.issue("E207", "enrollment", "new_students", row=index, value=new,
                            expected=str(first), code=row.code)


@check("E208", E, "专业与学生", ("没有填写任何专业", "no majors listed"),
       "“专业与学生”表中没有任何专业。请每个专业填写一行。",
       "the 专业与学生 sheet lists no majors. Enter one row per major.")
def e208(ctx: Context) -> Iterator[Issue]:
    if "enrollment" in ctx.book.sheet_names and not ctx.data.enrollment:
        yield ctx.issue("E208", "enrollment", None, expected=">= 1 major")
