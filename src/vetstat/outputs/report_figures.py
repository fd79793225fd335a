"""The report's tables and charts: in the text (schools, majors by category, awards, the change
of the main indicators) and the annex 表1 / 表2, which show the same values as the city
workbook's sheets of those names (:mod:`vetstat.outputs.tables` makes both).
"""

from __future__ import annotations

import math
from typing import Any

from vetstat.core.contract import AWARD_LEVELS, PRIZES
from vetstat.core.indicators import indicator, survey_key
from vetstat.core.issues import Lang
from vetstat.core.numbers import fixed, grouped
from vetstat.outputs.citysheets import QUALITY_KEY, QUALITY_TEXT
from vetstat.outputs.render import ROW_DIGITS, Table
from vetstat.outputs.report_model import Chart, TableBlock
from vetstat.outputs.tables import ROW_KIND, ROW_NUMBER, TOTAL, quality_table, satisfaction_table
from vetstat.usecases.report import ReportData

# the main indicators whose change is tabled and charted with --previous
MAIN_INDICATORS = ("schools", "new_students", "students", "graduates", "staff_total", "full_time",
                   "dual_qualified", "majors", "partner_enterprises", "social_training",
                   "fiscal_appropriation")


def _named(data: ReportData, what: str) -> str:
    """A chart's or table's title, naming the city and the year."""
    parts = [data.city or "", f"{data.year} 年" if data.year is not None else ""]
    return " ".join(part for part in parts if part) + what


def _count(value: Any) -> str:
    return "" if value is None else fixed(value, 0)


# --- in the text ---------------------------------------------------------------------------


def schools_table(data: ReportData) -> TableBlock:
    header = ["学校名称", "隶属关系", "所在县（市、区）", "招生数", "在校生数", "毕业生数", "专任教师"]
    keys = ("new_students", "students", "graduates", "full_time")
    rows = [[school.name, school.affiliation or "", school.county or "",
             *(_count(school.figures.get(key)) for key in keys)] for school in data.schools]
    rows.append(["合计", "", "", *(_count(data.figures.get(key)) for key in keys)])
    return TableBlock(f"表 1-1 {_named(data, '中等职业学校基本情况')}", [header, *rows],
                      numeric=[False, False, False, True, True, True, True],
                      widths=[3.6, 2.2, 1.5, 0.9, 0.9, 0.9, 1.0], key="schools")


def categories_table(data: ReportData) -> TableBlock:
    header = ["专业大类", "专业数", "招生数", "在校生数", "毕业生数"]
    keys = ("majors", "new_students", "students", "graduates")
    rows = [[f"{row['category']} {row['category_name']}", *(_count(row[key]) for key in keys)]
            for row in data.categories]
    rows.append(["合计", *(_count(sum(row[key] for row in data.categories)) for key in keys)])
    return TableBlock(f"表 1-2 {_named(data, '各专业大类专业数和学生数')}", [header, *rows],
                      numeric=[False, True, True, True, True], widths=[3, 1, 1, 1, 1],
                      key="categories")


def awards_table(data: ReportData) -> TableBlock | None:
    awards = data.nested.get("awards") or {}
    if not awards:
        return None
    header = ["赛事级别", *PRIZES, "合计（项）", "获奖学生（人次）"]
    rows = []
    for level in AWARD_LEVELS:
        prizes = awards.get(level) or {}
        if not prizes:
            continue
        rows.append([level, *(_count(prizes.get(prize, {}).get("entries", 0)) for prize in PRIZES),
                     _count(sum(slot["entries"] for slot in prizes.values())),
                     _count(sum(slot["students"] for slot in prizes.values()))])
    return TableBlock(f"表 2-1 {_named(data, '中等职业学校学生技能大赛获奖统计')}", [header, *rows],
                      numeric=[False, *([True] * (len(PRIZES) + 2))], key="award_counts")


AWARDS_LISTED = 40  # beyond this many awards, the list in the text keeps the higher levels


def awards_list(data: ReportData) -> TableBlock | None:
    """Every award, or for a large city those above city level (the workbook's 技能大赛 sheet
    lists them all)."""
    awards = data.awards
    if len(awards) > AWARDS_LISTED:
        awards = [pair for pair in awards if pair[1].level != AWARD_LEVELS[-1]]
    if not awards:
        return None
    order = {level: index for index, level in enumerate(AWARD_LEVELS)}
    prize_order = {prize: index for index, prize in enumerate(PRIZES)}
    ranked = sorted(awards, key=lambda pair: (order.get(pair[1].level, 9),
                                                   prize_order.get(pair[1].prize, 9)))
    rows = [[school, award.level, award.event, "、".join(award.students),
             "、".join(award.advisors), award.prize] for school, award in ranked]
    levels = "" if len(awards) == len(data.awards) else "（国家级、省级）"
    return TableBlock(f"表 2-2 {_named(data, '中等职业学校学生技能大赛获奖名单')}{levels}",
                      [["学校", "级别", "竞赛项目", "学生", "指导教师", "奖项"], *rows],
                      widths=[2.6, 0.8, 2.2, 1.8, 1.8, 1], key="awards")


def _change(data: ReportData, key: str) -> tuple[str, str, float | None]:
    """(change shown, percent shown, percent) of one indicator between the years."""
    item = indicator(key)
    change = data.change(key)
    if change is None or change.change is None:
        return "", "", None
    difference = change.change
    shown = fixed(difference, item.digits)
    if not difference:
        shown = fixed(0, item.digits)
    elif difference > 0:
        shown = "+" + shown
    if change.rate or change.change_pct is None:
        return shown, "", None
    percent = change.change_pct
    return shown, ("+" if percent > 0 else "") + fixed(percent, 2), percent


def changes_table(data: ReportData) -> TableBlock:
    before = data.previous or {}
    header = ["指标", "单位", f"{data.previous_year} 年", f"{data.year} 年", "增减", "增减率（%）"]
    rows = []
    for key in MAIN_INDICATORS:
        item = indicator(key)
        old, new = before.get(key), data.figures.get(key)
        shown, percent, _ = _change(data, key)
        rows.append([item.zh, item.unit, "" if old is None else fixed(old, item.digits),
                     "" if new is None else fixed(new, item.digits), shown, percent])
    return TableBlock(f"表 1-3 {_named(data, '主要指标与上年比较')}", [header, *rows],
                      numeric=[False, False, True, True, True, True],
                      widths=[2.6, 0.8, 1.2, 1.2, 1, 1], key="changes")


# --- charts ---------------------------------------------------------------------------------


CHART_SCHOOLS = 20  # a chart of a larger city shows its largest schools


def enrolment_chart(data: ReportData) -> Chart | None:
    if not data.schools:
        return None
    schools = sorted(data.schools, key=lambda s: s.figures.get("students") or 0)
    what = "各中等职业学校招生数和在校生数（人）"
    if len(schools) > CHART_SCHOOLS:
        schools = schools[-CHART_SCHOOLS:]
        what = f"在校生最多的 {CHART_SCHOOLS} 所中等职业学校招生数和在校生数（人）"
    return Chart(_named(data, what), [s.name for s in schools],
                 [("招生数", [s.figures.get("new_students") for s in schools]),
                  ("在校生数", [s.figures.get("students") for s in schools])],
                 horizontal=True, key="enrolment")


def categories_chart(data: ReportData) -> Chart | None:
    if not data.categories:
        return None
    rows = sorted(data.categories, key=lambda row: row["majors"])
    return Chart(_named(data, "各专业大类专业数（个）"), [row["category_name"] for row in rows],
                 [("专业数", [row["majors"] for row in rows])], horizontal=True, key="categories")


def satisfaction_chart(data: ReportData) -> Chart | None:
    from vetstat.core.indicators import SURVEY_SLOTS

    slots = [(respondent, item) for respondent, item in SURVEY_SLOTS
             if data.figures.get(survey_key(respondent, item)) is not None]
    if not slots:
        return None
    names = [item if respondent == "在校生" else respondent for respondent, item in slots]
    return Chart(_named(data, "满意度调查各项满意率（%）"), names,
                 [("满意率", [data.figures[survey_key(r, i)] for r, i in slots])],
                 horizontal=True, number_format="0.00", key="satisfaction", axis=(0, 100))


def changes_chart(data: ReportData) -> Chart | None:
    shown: list[tuple[str, float]] = []
    for key in MAIN_INDICATORS:
        _, _, percent = _change(data, key)
        if percent is not None:
            shown.append((indicator(key).zh, percent))
    if not shown:
        return None
    low = min(0.0, *(value for _, value in shown))
    high = max(0.0, *(value for _, value in shown))
    room = max(high - low, 1.0) * 0.25  # the data labels beside the longest bars
    return Chart(_named(data, "主要指标比上年增减率（%）"), [name for name, _ in shown],
                 [("增减率", [round(value, 2) for _, value in shown])], horizontal=True,
                 number_format="0.00", key="changes",
                 axis=(math.floor(low - room) if low < 0 else 0, math.ceil(high + room)))


# --- the annex -----------------------------------------------------------------------------
# 表1 and 表2 as the city workbook prints them (outputs.citysheets, outputs.citybook): the same
# columns, numbers with the catalogue's decimals and thousands separators


def _shown(value: Any, digits: int | None) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and digits is not None:
        return grouped(value, digits)
    return "" if value is None else str(value)


def annex_quality(data: ReportData) -> TableBlock:
    """表1: 序号, 类别 (merged down its rows), 指标, 单位 and the value column(s)."""
    table = _with_previous(quality_table(data.nested, Lang.ZH), data)
    text = {column.key: column for column in table.columns if column.key in QUALITY_TEXT}
    values = [column for column in table.columns
              if column.key not in (*QUALITY_TEXT, QUALITY_KEY)]
    rows = []
    for number, row in enumerate(table.rows, start=1):
        cells = [str(number), *(_shown(row.get(key), None) for key in QUALITY_TEXT)]
        for column in values:
            if column.key == "value" and ROW_NUMBER in row:
                cells.append(_shown(row[ROW_NUMBER], row.get(ROW_DIGITS)))
            else:
                cells.append(_shown(row.get(column.key), column.digits_of(row)))
        rows.append(cells)
    header = ["序号", *(text[key].zh for key in QUALITY_TEXT), *(column.zh for column in values)]
    return TableBlock(f"表1 {_named(data, '中等职业教育质量数据表')}", [header, *rows],
                      numeric=[False, False, False, False, *([True] * len(values))],
                      widths=[0.7, 1.4, 4.2, 1, *([1.6] * len(values))], small=True,
                      merge_down=(1,), key="table1")


def annex_satisfaction(data: ReportData) -> TableBlock:
    """表2: the city's rows of the survey."""
    table = _with_previous(satisfaction_table(data.result, Lang.ZH), data)
    columns = [column for column in table.columns if column.key not in ANNEX_HIDDEN]
    rows = [[_shown(row.get(column.key), column.digits_of(row)) for column in columns]
            for row in table.rows if row.get(ROW_KIND) == TOTAL]
    return TableBlock(f"表2 {_named(data, '满意度调查表')}",
                      [[column.zh for column in columns], *rows],
                      numeric=[column.digits is not None or column.per_row for column in columns],
                      small=True,
                      key="table2")


def _with_previous(table: Table, data: ReportData) -> Table:
    """With ``--previous``, last year's columns as ``aggregate --previous`` adds them."""
    if data.compared is not None:
        from vetstat.outputs.previous import with_previous

        with_previous([table], data.compared, Lang.ZH)
    return table


# the columns of 表2 the annex leaves out: per-school marks
ANNEX_HIDDEN = {"scope", "school_code", "flag"}
