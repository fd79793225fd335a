"""The city tables of data contract §4 as :class:`~vetstat.outputs.render.Table` objects.

The same tables are printed (table, CSV, Markdown) and written into the consolidated workbook
(:mod:`vetstat.outputs.citybook`).  The rows of 表1 and the columns of 分校明细 are the
indicator catalogue's (:mod:`vetstat.core.indicators`), in its order and words.  Building the
tables re-checks that the 分校明细 rows add up to the 全市合计 row
(:func:`vetstat.figures.reconcile.reconcile`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vetstat.core.contract import AWARD_LEVELS, PRIZES, SHEET_BY_KEY
from vetstat.core.indicators import AWARD_MEASURES, SURVEY_SLOTS, indicator, survey_key, views
from vetstat.core.issues import Lang
from vetstat.core.numbers import fixed, rounded
from vetstat.figures.city import MAJOR_COUNTS, category_rows, city_figures, flat_figures, major_rows
from vetstat.figures.reconcile import ReconciliationError, reconcile
from vetstat.figures.summary import SchoolSummary
from vetstat.outputs.groups import NOT_REPORTED, coverage_note, group_tables
from vetstat.outputs.render import ROW_DIGITS, Column, Table, issue_table
from vetstat.usecases.aggregate import CityResult

# what a row is, for the workbook's fills: a total, a school with errors, a file left out
ROW_KIND = "_kind"
ROW_NUMBER = "_number"  # the unformatted value of a 表1 row
TOTAL, ERROR, EXCLUDED, OK = "total", "error", "excluded", "ok"


def _fmt(value: Any, digits: int) -> str | None:
    if value is None:
        return None
    return fixed(value, digits)


def _rounded(value: Any, digits: int) -> Any:
    if value is None:
        return None
    return rounded(value, digits)


# --- 表1 -----------------------------------------------------------------------------------

def quality_table(city: Mapping[str, Any], lang: Lang) -> Table:
    """表1 中等职业教育质量数据表: one row per indicator, the city's value."""
    flat = flat_figures(city)
    columns = [
        Column("category", "类别", "category"),
        Column("indicator", "指标", "indicator"),
        Column("unit", "单位", "unit"),
        Column("value", "全市", "city"),
        Column("key", "字段", "key"),
    ]
    coverage: Mapping[str, Mapping[str, int]] = city.get("coverage") or {}
    rows = []
    for item in views().table1:
        value = flat.get(item.key)
        label, shown, number = item.row_label(lang), _fmt(value, item.digits), _rounded(value, item.digits)
        reach = coverage.get(item.key)
        if reach and reach["reported"] < reach["schools"]:
            if reach["reported"] == 0:  # nobody reports it: not a zero
                shown = number = NOT_REPORTED[lang]
            else:  # pooled over the schools that report it
                label += coverage_note(reach["reported"], reach["schools"], lang)
        rows.append({
            "category": item.category(lang), "indicator": label,
            "unit": item.unit, "value": shown, "key": item.key,
            ROW_NUMBER: number, ROW_DIGITS: item.digits,
        })
    return Table("表1 中等职业教育质量数据表", "Table 1 Quality data of secondary vocational education",
                 columns, rows, name="quality")


# --- 分校明细 -------------------------------------------------------------------------------

IDENTITY_COLUMNS = [
    Column("school_code", "学校标识码", "school code"),
    Column("name", "学校名称", "school"),
    Column("county", "所在县（市、区）", "county"),
    Column("affiliation", "隶属关系", "affiliation"),
    Column("file", "文件", "file"),
    Column("status", "状态", "status"),
]


def status_of(school: SchoolSummary, lang: Lang) -> tuple[str, str]:
    """(text of the 状态 column, row kind)."""
    zh = lang is Lang.ZH
    if not school.readable:
        return ("无法读取，未计入" if zh else "unreadable, not counted"), EXCLUDED
    if school.duplicate_of is not None:
        return ((f"重复（同“{school.duplicate_of}”），未计入" if zh
                 else f"duplicate of '{school.duplicate_of}', not counted"), EXCLUDED)
    if school.errors:
        return (f"有错误 {school.errors} 个" if zh else f"{school.errors} errors"), ERROR
    if school.warnings:
        return (f"通过（警告 {school.warnings} 个）" if zh
                else f"valid ({school.warnings} warnings)"), OK
    return ("通过" if zh else "valid"), OK


FLAG_COLUMN = Column("flag", "校验", "check")


def flag_of(school: SchoolSummary, lang: Lang) -> dict[str, Any]:
    """The 校验 cell and row kind of a school's rows in the tables that list schools' data."""
    if school.errors:
        return {"flag": "有错误" if lang is Lang.ZH else "errors", ROW_KIND: ERROR}
    return {"flag": None}


def school_rows(result: CityResult, lang: Lang) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One row per file (figures only for the counted ones) and the 全市合计 row."""
    rows = []
    for school in result.schools:
        status, kind = status_of(school, lang)
        row: dict[str, Any] = {
            "school_code": school.school_code, "name": school.name, "county": school.county,
            "affiliation": school.affiliation, "file": school.file, "status": status,
            ROW_KIND: kind,
        }
        if school.counted:  # a file left out shows no figures, so the columns add up
            row.update(flat_figures(city_figures([school])))
        rows.append(row)
    included, total = len(result.included), len(result.schools)
    total_row: dict[str, Any] = {
        "name": "全市合计" if lang is Lang.ZH else "city total",
        "status": (f"{included}/{total} 个文件计入" if lang is Lang.ZH
                   else f"{included} of {total} files counted"),
        ROW_KIND: TOTAL,
        **flat_figures(result.city()),
    }
    return rows, total_row


def schools_table(result: CityResult, lang: Lang,
                  majors: Sequence[Mapping[str, Any]] | None = None) -> Table:
    """分校明细: every school with every indicator of 表1, and the 全市合计 row.

    Its rows are reconciled with the total row, and ``majors`` (the rows of 专业设置, by
    default :func:`vetstat.figures.city.major_rows`) with the city's count of majors.
    """
    rows, total_row = school_rows(result, lang)
    counted = [row for row in rows if row[ROW_KIND] != EXCLUDED]
    _guard(counted, total_row, majors if majors is not None else major_rows(result.included))
    columns = [*IDENTITY_COLUMNS,
               *(Column(i.key, i.header(Lang.ZH), i.header(Lang.EN), i.digits)
                 for i in views().table1)]
    return Table("分校明细", "By school", columns, [*rows, total_row], name="schools")


def _guard(rows: Sequence[Mapping[str, Any]], total_row: Mapping[str, Any],
           majors: Sequence[Mapping[str, Any]]) -> None:
    problems = reconcile(rows, total_row, majors)
    if problems:
        raise ReconciliationError("the city tables do not reconcile: " + "; ".join(problems))


# --- 专业设置, 专业大类, 分校专业明细 --------------------------------------------------------

def indicator_column(key: str) -> Column:
    """A column holding an indicator, in the catalogue's words (without the unit: the
    tables of majors count people and majors only)."""
    item = indicator(key)
    return Column(key, item.zh, item.en, item.digits)


def count_columns() -> list[Column]:
    """The counts of 专业与学生 as columns of the tables of majors."""
    return [indicator_column(key) for key in MAJOR_COUNTS]


def majors_table(result: CityResult, lang: Lang,
                 majors: Sequence[Mapping[str, Any]] | None = None) -> Table:
    """专业设置: each distinct major, the schools running it, students, graduates, model levels."""
    table = majors if majors is not None else major_rows(result.included)
    enrollment = SHEET_BY_KEY["enrollment"]
    columns = [
        Column("code", enrollment.field("code").label, "major code"),
        Column("name", enrollment.field("name").label, "major"),
        Column("category", "专业大类代码", "category code"),
        Column("category_name", "专业大类", "category"),
        Column("schools", "开设学校数", "schools", 0),
        Column("school_names", "开设学校", "schools running it"),
        *count_columns(),
        Column("model_provincial", "省级示范（校）", "provincial model (schools)", 0),
        Column("model_city", "市级示范（校）", "city model (schools)", 0),
    ]
    rows = []
    for row in table:
        shown = dict(row)
        if not row["code"]:
            shown["code"] = "（未填代码）" if lang is Lang.ZH else "(no code)"
        rows.append(shown)
    coded = [row for row in table if row["code"]]
    categories = len({row["category"] for row in coded})
    total = {
        "code": "合计" if lang is Lang.ZH else "total",
        "name": (f"{len(coded)} 个专业，{categories} 个大类" if lang is Lang.ZH
                 else f"{len(coded)} majors in {categories} categories"),
        **{key: sum(row[key] for row in table) for key in
           (*MAJOR_COUNTS, "model_provincial", "model_city")},
        ROW_KIND: TOTAL,
    }
    return Table("专业设置", "Majors", columns, [*rows, total], name="majors")


def categories_table(result: CityResult, lang: Lang,
                     majors: Sequence[Mapping[str, Any]] | None = None) -> Table:
    """专业大类: majors, students and graduates per category."""
    rows = category_rows(majors if majors is not None else major_rows(result.included))
    columns = [
        Column("category", "专业大类代码", "category code"),
        Column("category_name", "专业大类", "category"),
        *(indicator_column(key) for key in ("majors", "new_students", "students", "graduates")),
    ]
    total = {"category": "合计" if lang is Lang.ZH else "total",
             **{key: sum(row[key] for row in rows)
                for key in ("majors", "new_students", "students", "graduates")},
             ROW_KIND: TOTAL}
    return Table("专业大类", "Major categories", columns, [*rows, total], name="categories")


def school_majors_table(result: CityResult, lang: Lang) -> Table:
    """分校专业明细: one row per school × major, keyed by 学校标识码 (the year diff reads it)."""
    columns = [
        Column("school_code", "学校标识码", "school code"),
        Column("school", "学校名称", "school"),
        Column("code", "专业代码", "major code"),
        Column("name", "专业名称", "major"),
        *count_columns(),
        Column("model_major", "示范专业", "model major"),
        FLAG_COLUMN,
    ]
    rows = [
        {"school_code": school.school_code, "school": school.name, "code": major.code,
         "name": major.name, **{key: getattr(major, key) for key in MAJOR_COUNTS},
         "model_major": major.model_major, **flag_of(school, lang)}
        for school in result.included for major in school.majors
    ]
    return Table("分校专业明细", "Majors by school", columns, rows, name="school_majors")


# --- 表2 满意度调查表 -------------------------------------------------------------------------


def satisfaction_table(result: CityResult, lang: Lang) -> Table:
    """表2: object × item with samples, counts and the pooled rate; the city, then each school."""
    survey = SHEET_BY_KEY["satisfaction"]
    columns = [
        Column("scope", "范围", "scope"),
        Column("school_code", "学校标识码", "school code"),
        *(Column(key, survey.field(key).label, key.replace("_", " "), digits)
          for key, digits in (("respondent", None), ("item", None), ("samples", 0),
                              ("very_satisfied", 0), ("satisfied", 0), ("dissatisfied", 0),
                              ("rate", 2))),
        FLAG_COLUMN,
    ]
    catalogue = views().by_key
    city_label = "全市" if lang is Lang.ZH else "city"
    pooled_item = "六项合并" if lang is Lang.ZH else "six items pooled"
    rows: list[dict[str, Any]] = []

    def add(scope: str, code: str | None, figures: Mapping[str, Any],
            marks: Mapping[str, Any]) -> None:
        flat = flat_figures(figures)
        slots: list[tuple[str, str | None]] = [*SURVEY_SLOTS[:6], ("在校生", None), *SURVEY_SLOTS[6:]]
        for respondent, item in slots:
            if not catalogue[survey_key(respondent, item)].table2:
                continue
            if flat[survey_key(respondent, item, "samples")] is None:
                continue
            rows.append({
                "scope": scope, "school_code": code, "respondent": respondent,
                "item": pooled_item if item is None else item,
                "_key": survey_key(respondent, item),
                **{m: flat[survey_key(respondent, item, m)]
                   for m in ("samples", "very_satisfied", "satisfied", "dissatisfied", "rate")},
                **marks,
            })

    add(city_label, None, result.city(), {ROW_KIND: TOTAL})
    for school in result.included:
        add(school.name or school.file, school.school_code, city_figures([school]),
            flag_of(school, lang))
    return Table("表2 满意度调查表", "Table 2 Satisfaction survey", columns, rows,
                 name="satisfaction")


# --- 技能大赛 ------------------------------------------------------------------------------


def awards_table(result: CityResult, lang: Lang) -> Table:
    """技能大赛: every award with its school."""
    awards = SHEET_BY_KEY["awards"]
    columns = [
        Column("school_code", "学校标识码", "school code"),
        Column("school", "学校名称", "school"),
        Column("level", awards.field("level").label, "level"),
        Column("event", awards.field("event").label, "event"),
        Column("prize", awards.field("prize").label, "prize"),
        Column("students", awards.field("students").label, "students"),
        Column("student_count", "获奖学生数", "number of students", 0),
        Column("advisors", awards.field("advisors").label, "advisors"),
        FLAG_COLUMN,
    ]
    rows = [
        {"school_code": school.school_code, "school": school.name, "level": award.level,
         "event": award.event, "prize": award.prize, "students": "、".join(award.students),
         "student_count": len(award.students), "advisors": "、".join(award.advisors),
         **flag_of(school, lang)}
        for school in result.included for award in school.awards
    ]
    return Table("技能大赛获奖", "Skills contest awards", columns, rows, name="awards")


def award_counts_table(city: Mapping[str, Any], lang: Lang) -> Table:
    """Awards by level and prize: entries (rows) per prize, entries and students per level."""
    counts: Mapping[str, Mapping[str, Mapping[str, int]]] = city.get("awards") or {}
    columns = [
        Column("level", "赛事级别", "level"),
        *(Column(prize, f"{prize}（项）", f"{prize} (entries)", 0) for prize in PRIZES),
        Column("entries", "合计（项）", "entries", 0),
        Column("students", "获奖学生（人次）", "students", 0),
    ]
    rows: list[dict[str, Any]] = []
    for level in AWARD_LEVELS:
        by_prize = counts.get(level, {})
        row: dict[str, Any] = {"level": level}
        for prize in PRIZES:
            row[prize] = by_prize.get(prize, {}).get("entries", 0)
        for measure in AWARD_MEASURES:
            row[measure] = sum(slot[measure] for slot in by_prize.values())
        rows.append(row)
    total = {key: sum(row[key] for row in rows) for key in (*PRIZES, *AWARD_MEASURES)}
    rows.append({"level": "合计" if lang is Lang.ZH else "total", **total, ROW_KIND: TOTAL})
    return Table("技能大赛获奖统计", "Awards by level and prize", columns, rows,
                 name="award_counts")


# --- all of them ---------------------------------------------------------------------------


def city_tables(result: CityResult, lang: Lang = Lang.ZH) -> list[Table]:
    """Every city table, in the order of the workbook's sheets.

    The titles of the tables of city figures say when the figures include files with errors
    or leave unreadable or duplicate files out; the rows of such files are marked.
    """
    city = result.city()
    majors = major_rows(result.included)
    tables = [
        quality_table(city, lang),
        *group_tables(city, result.groups(), lang),
        schools_table(result, lang, majors),  # reconciles itself and ``majors``
        majors_table(result, lang, majors),
        categories_table(result, lang, majors),
        school_majors_table(result, lang),
        satisfaction_table(result, lang),
        awards_table(result, lang),
        award_counts_table(city, lang),
    ]
    caveat = caveat_of(result)
    if caveat:
        for table in tables:
            table.title_zh += f"（{caveat[0]}）"
            table.title_en += f" ({caveat[1]})"
    from vetstat.outputs.submissions import submissions_table

    return [*tables, submissions_table(result, lang), issue_table(result.issues, lang)]


def caveat_of(result: CityResult) -> tuple[str, str] | None:
    """What a reader of the city figures must know: files left out, files with errors."""
    left_out = len(result.schools) - len(result.included)
    with_errors = sum(1 for school in result.included if school.errors)
    zh, en = [], []
    if left_out:
        zh.append(f"不完整：{len(result.included)}/{len(result.schools)} 个文件计入")
        en.append(f"partial: {len(result.included)} of {len(result.schools)} files counted")
    if result.missing:
        zh.append(f"不完整：名单中 {len(result.missing)} 所学校未报送")
        en.append(f"incomplete: {len(result.missing)} schools on the roster sent nothing")
    if with_errors:
        zh.append(f"含 {with_errors} 个有错误的文件")
        en.append(f"{with_errors} counted files have errors")
    return ("；".join(zh), "; ".join(en)) if zh else None
