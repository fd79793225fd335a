"""The province's tables: the city's tables over all the cities' schools, said of the province
(全省), and 分市明细 — 表1's indicators with one column per city, each pooled from its schools.

The province workbook is written by :func:`vetstat.outputs.citybook.write_city_workbook` from
these tables: 分市明细 is laid out as 表1 (:func:`vetstat.outputs.citysheets.write_quality`),
on as many sheets as it takes to print each at full size on A4.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from vetstat.core.issues import Lang
from vetstat.outputs.render import Column, Table
from vetstat.outputs.tables import ROW_NUMBER, city_tables, quality_table
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.provincedata import ProvinceResult

# 表1's value columns beside 类别, 指标, 单位 on a landscape page: the province and 4 cities
CITIES_PER_SHEET = 4
CITIES_TABLE = "cities"  # the name of 分市明细's first table; the next are cities_2, cities_3 …
# what the city's tables say of the city, said of the province
WORDS = {"全市": "全省", "全市合计": "全省合计", "city": "province", "city total": "province total"}
# 报送情况 lists the city workbooks (and the roster's cities)
SUBMISSION_WORDS = {"学校标识码": "行政区划代码", "学校名称": "城市名称", "school code": "division code",
                    "school": "city"}


def tables_of(result: CityResult, lang: Lang = Lang.ZH) -> list[Table]:
    """The tables of a city, or of a province (:func:`province_tables`)."""
    if isinstance(result, ProvinceResult):
        return province_tables(result, lang)
    return city_tables(result, lang)


def province_tables(result: ProvinceResult, lang: Lang = Lang.ZH) -> list[Table]:
    """The city tables said of the province, 分市明细 after the annex (表1, 表2, 图表: the
    workbook puts 表2 beside 表1) and before 分校明细."""
    tables = [_of_province(table) for table in city_tables(result, lang)]
    return [tables[0], *city_detail_tables(result, lang), *tables[1:]]


def _of_province(table: Table) -> Table:
    words = {**WORDS, **SUBMISSION_WORDS} if table.name == "submissions" else WORDS
    table.columns = [replace(column, zh=words.get(column.zh, column.zh),
                             en=words.get(column.en, column.en)) for column in table.columns]
    for row in table.rows:
        for key in ("name", "scope"):
            if isinstance(row.get(key), str) and row[key] in WORDS:
                row[key] = WORDS[row[key]]
    return table


def city_detail_tables(result: ProvinceResult, lang: Lang = Lang.ZH) -> list[Table]:
    """分市明细: 表1's rows, the province's value, then one column per city (in the order of the
    folder), each pooled from the city's schools; cut into tables of :data:`CITIES_PER_SHEET`
    cities, each repeating the province's column."""
    province = quality_table(result.city(), lang)
    per_city = [quality_table(city.figures(), lang) for city in result.cities]
    labels = [city.label for city in result.cities]
    chunks = [range(start, min(start + CITIES_PER_SHEET, len(labels)))
              for start in range(0, len(labels), CITIES_PER_SHEET)] or [range(0)]
    tables = []
    for number, chunk in enumerate(chunks, start=1):
        columns = [*province.columns[:3], _header(province.columns[3]),
                   *(Column(f"city_{n}", labels[n], labels[n], per_row=True) for n in chunk),
                   province.columns[4]]
        rows: list[dict[str, Any]] = []
        for index, row in enumerate(province.rows):
            record = dict(row)
            for n in chunk:
                theirs = per_city[n].rows[index]
                record[f"city_{n}"] = theirs.get(ROW_NUMBER, theirs["value"])
            rows.append(record)
        suffix = f"（{number}）" if len(chunks) > 1 else ""
        suffix_en = f" ({number})" if len(chunks) > 1 else ""
        tables.append(Table(f"分市明细{suffix}", f"By city{suffix_en}", columns, rows,
                            name=CITIES_TABLE if number == 1 else f"{CITIES_TABLE}_{number}"))
    return tables


def _header(column: Column) -> Column:
    return replace(column, zh=WORDS.get(column.zh, column.zh), en=WORDS.get(column.en, column.en))
