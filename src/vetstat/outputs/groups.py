"""分类汇总 and 分县汇总: 表1's indicators for the city's groups (data contract §4.2), the city
beside them so that a reader sees the counts add up.

The tables are printed, written as CSV and Markdown like the other city tables, and laid out on
printed sheets of the city workbook by :mod:`vetstat.outputs.groupsheets`; :func:`side_by_side`
makes such a table of any whole and its parts (a province beside its cities).  A figure pooled over
fewer of the schools than the city or group has carries "（n/m 校）"; one that none of them
reports says 未填报 (as 表1 does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vetstat.core.indicators import views
from vetstat.core.numbers import fixed, rounded
from vetstat.core.rule import Lang
from vetstat.figures.city import flat_figures
from vetstat.figures.groups import NOT_GIVEN, Group
from vetstat.outputs.render import ROW_DIGITS, Column, Table

# table name -> (kind of group, zh title, en title)
GROUP_TABLES: dict[str, tuple[str, str, str]] = {
    "affiliation_groups": ("affiliation", "中等职业教育质量数据分类汇总（按隶属关系）",
                           "Quality data by affiliation"),
    "county_groups": ("county", "中等职业教育质量数据分县汇总", "Quality data by county"),
}
AFFILIATION_EN = {"市直属": "city-run", "县（市、区）属": "county-run", "其他": "other"}
NOT_GIVEN_WORDS = {"affiliation": ("未填隶属关系", "affiliation not given"),
                   "county": ("未填县（市、区）", "county not given")}
GROUP_CELLS = "_cells"  # in a row: column key -> (the number as shown, its coverage note)
TEXT_KEYS = ("category", "indicator", "unit")
NOT_REPORTED = {Lang.ZH: "未填报", Lang.EN: "not reported"}
KEY = "key"


def group_label(kind: str, key: str, lang: Lang) -> str:
    """A group's column header: its 隶属关系 or county as the schools write it."""
    if key == NOT_GIVEN:
        zh, en = NOT_GIVEN_WORDS[kind]
        return zh if lang is Lang.ZH else en
    return AFFILIATION_EN.get(key, key) if lang is Lang.EN else key


def coverage_note(reported: int, schools: int, lang: Lang) -> str:
    """"（6/7 校）": a figure pooled over the schools that report it."""
    return (f"（{reported}/{schools} 校）" if lang is Lang.ZH
            else f" ({reported} of {schools} schools)")


def _cell(value: Any, digits: int, reach: Mapping[str, int] | None,
          lang: Lang) -> tuple[str | None, Any, str | None]:
    """(the text shown, the number written, its coverage note) of one figure of one group."""
    if reach and reach["reported"] < reach["schools"] and reach["reported"] == 0:
        return NOT_REPORTED[lang], NOT_REPORTED[lang], None
    if value is None:
        return None, None, None
    note = None
    if reach and reach["reported"] < reach["schools"]:
        note = coverage_note(reach["reported"], reach["schools"], lang)
    return fixed(value, digits) + (note or ""), rounded(value, digits), note


def group_table(name: str, city: Mapping[str, Any], groups: Sequence[Group],
                lang: Lang) -> Table:
    """分类汇总 or 分县汇总: one row per indicator of 表1, the city's value and each group's."""
    kind, title_zh, title_en = GROUP_TABLES[name]
    parts = [(group_label(kind, group.key, Lang.ZH), group_label(kind, group.key, Lang.EN),
              group.figures()) for group in groups]
    return side_by_side(name, (title_zh, title_en), [("全市", "city", city), *parts], lang)


def side_by_side(name: str, titles: tuple[str, str],
                 parts: Sequence[tuple[str, str, Mapping[str, Any]]], lang: Lang) -> Table:
    """表1's indicators with one value column per part: (zh header, en header, figures as
    :func:`vetstat.figures.groups.pool` makes them); the whole first (全市, or 全省 beside its
    cities), its parts after it.  Laid out on paper by :mod:`vetstat.outputs.groupsheets`."""
    values = [Column("city" if index == 0 else f"group_{index}", zh, en)
              for index, (zh, en, _found) in enumerate(parts)]
    columns = [Column("category", "类别", "category"), Column("indicator", "指标", "indicator"),
               Column("unit", "单位", "unit"), *values, Column(KEY, "字段", "key")]
    figures = [found for _zh, _en, found in parts]
    flats = [flat_figures(found) for found in figures]
    rows = []
    for item in views().table1:
        row: dict[str, Any] = {"category": item.category(lang), "indicator": item.row_label(lang),
                               "unit": item.unit, KEY: item.key, ROW_DIGITS: item.digits}
        cells = {}
        for column, found, flat in zip(values, figures, flats, strict=True):
            reach = (found.get("coverage") or {}).get(item.key)
            row[column.key], *cells[column.key] = _cell(flat.get(item.key), item.digits, reach,
                                                        lang)
        row[GROUP_CELLS] = cells
        rows.append(row)
    return Table(titles[0], titles[1], columns, rows, name=name)


def group_tables(city: Mapping[str, Any], groups: Mapping[str, Sequence[Group]],
                 lang: Lang) -> list[Table]:
    """分类汇总 and 分县汇总 of a city's groups (``CityResult.groups()``)."""
    return [group_table(name, city, groups[kind], lang)
            for name, (kind, _zh, _en) in GROUP_TABLES.items()]
