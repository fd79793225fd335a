"""The year diff as tables: the city, the schools, school × indicator, the majors, the issues."""

from __future__ import annotations

from typing import Any

from vetstat.core.indicators import indicator
from vetstat.core.issues import Lang
from vetstat.figures.years import Change, SchoolDiff, YearDiff
from vetstat.outputs.render import ROW_DIGITS, Column, Table, issue_table


def _flag(flagged: bool) -> str:
    return "Y001" if flagged else ""


# 上年, 本年 and 变化 at the indicator's decimals (the row's); a rate's change is in percentage
# points (变化单位 says so) and has no 变化率: the percent of a percent would mean nothing
CHANGE_COLUMNS = [
    Column("old", "上年", "old", per_row=True),
    Column("new", "本年", "new", per_row=True),
    Column("change", "变化", "change", per_row=True),
    Column("change_unit", "变化单位", "unit of change"),
    Column("change_pct", "变化率（%）", "change (%)", 2),
    Column("flag", "提示", "flag"),
]


def _change_row(key: str, change: Change, lang: Lang) -> dict[str, Any]:
    spec = indicator(key)
    points = "百分点" if lang is Lang.ZH else "points"
    change_unit = points if change.rate else spec.unit
    return {"key": key, "indicator": spec.label(lang), "unit": spec.unit, "old": change.old,
            "new": change.new, "change": change.change, "change_unit": change_unit,
            "change_pct": None if change.rate else change.change_pct,
            "flag": _flag(change.flagged), "flagged": change.flagged, ROW_DIGITS: spec.digits}


def words_of(diff: YearDiff) -> dict[str, tuple[str, str]]:
    """What the tables call the whole and its parts: the city and its schools, or a province
    and its cities (compared city by city)."""
    if diff.level == "province":
        return {"whole": ("全省", "Province"), "part": ("城市", "city"),
                "code": ("行政区划代码", "division code"), "parts": ("分市", "Cities")}
    return {"whole": ("全市", "City"), "part": ("学校", "school"),
            "code": ("学校标识码", "school code"), "parts": ("分校", "Schools")}


def city_table(diff: YearDiff, lang: Lang) -> Table:
    columns = [Column("indicator", "指标", "indicator"), Column("unit", "单位", "unit"),
               *CHANGE_COLUMNS]
    rows = [_change_row(key, change, lang) for key, change in diff.city.items()]
    whole = words_of(diff)["whole"]
    return Table(f"{whole[0]}对比（{diff.old_year} → {diff.new_year}）",
                 f"{whole[1]} ({diff.old_year} → {diff.new_year})", columns, rows, name="city")


STATUS_TEXT = {"both": ("两年都有", "both years"), "old_only": ("仅上年", "old year only"),
               "new_only": ("仅本年", "new year only")}


def _status(school: SchoolDiff, lang: Lang) -> str:
    zh, en = STATUS_TEXT[school.status]
    if school.matched_by == "name":
        zh, en = zh + "（按名称配对）", en + " (matched by name)"
    return zh if lang is Lang.ZH else en


def schools_table(diff: YearDiff, lang: Lang) -> Table:
    """One row per school (per city): identity, presence and the headline figures."""
    words = words_of(diff)
    columns = [Column("school", *words["part"]), Column("school_code", *words["code"]),
               Column("status", "状态", "status")]
    rows = []
    for school in diff.schools:
        students = school.indicators.get("students", Change(None, None, False))
        rows.append({"school": school.name, "school_code": school.school_code,
                     "status": _status(school, lang), "old": students.old, "new": students.new,
                     "change": students.change, "change_pct": students.change_pct,
                     "opened": len(school.majors_opened), "closed": len(school.majors_closed)})
    columns += [Column("old", "上年在校生", "students (old)", 0),
                Column("new", "本年在校生", "students (new)", 0),
                Column("change", "变化", "change", 0),
                Column("change_pct", "变化率（%）", "change (%)", 2),
                Column("opened", "新开专业", "majors opened"),
                Column("closed", "停办专业", "majors closed")]
    return Table(words["part"][0], words["parts"][1], columns, rows, name="schools")


def school_indicator_table(diff: YearDiff, lang: Lang) -> Table:
    """The long table: school (city) × indicator."""
    words = words_of(diff)
    columns = [Column("school", *words["part"]), Column("school_code", *words["code"]),
               Column("indicator", "指标", "indicator"), Column("unit", "单位", "unit"),
               *CHANGE_COLUMNS]
    rows = []
    for school in diff.schools:
        for key, change in school.indicators.items():
            rows.append({"school": school.name, "school_code": school.school_code,
                         **_change_row(key, change, lang)})
    return Table(f"{words['parts'][0]}对比", f"{words['parts'][1]} by indicator", columns, rows,
                 name="school_indicators")


def majors_table(diff: YearDiff, lang: Lang) -> Table:
    """Majors opened and closed, in the city and per school."""
    columns = [Column("scope", "范围", "scope"), Column("change", "变化", "change"),
               Column("code", "专业代码", "code"), Column("name", "专业名称", "name"),
               Column("old_students", "上年在校生", "students (old)"),
               Column("new_students", "本年在校生", "students (new)"),
               Column("schools", "学校", "schools")]
    words = {True: ("新开", "opened"), False: ("停办", "closed")}
    city = words_of(diff)["whole"][0 if lang is Lang.ZH else 1].lower()
    separator = "、" if lang is Lang.ZH else ", "
    rows: list[dict[str, Any]] = []
    for opened, majors in ((True, diff.majors_opened), (False, diff.majors_closed)):
        for major in majors:
            rows.append({"scope": city, "change": words[opened][lang is not Lang.ZH],
                         "code": major.code, "name": major.name,
                         "old_students": major.old_students, "new_students": major.new_students,
                         "schools": separator.join(major.schools)})
    for school in diff.schools:
        for opened, majors in ((True, school.majors_opened), (False, school.majors_closed)):
            for major in majors:
                rows.append({"scope": school.name, "change": words[opened][lang is not Lang.ZH],
                             "code": major.code, "name": major.name,
                             "old_students": major.old_students,
                             "new_students": major.new_students,
                             "schools": separator.join(major.schools) or school.name})
    return Table("专业变化", "Majors opened and closed", columns, rows, name="majors")


def diff_tables(diff: YearDiff, lang: Lang) -> list[Table]:
    """Every table of the comparison, in the order they are printed."""
    tables = [city_table(diff, lang), schools_table(diff, lang), school_indicator_table(diff, lang),
              majors_table(diff, lang)]
    if diff.issues:
        tables.append(issue_table(diff.issues, lang))
    return tables
