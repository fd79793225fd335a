"""The placeholders of a bureau's own report template (``vetstat report --template``): every
indicator of the catalogue under its ASCII key, its change over last year, the city, the year,
and lists of the schools, the categories of majors and the awards for loops.

A template is a Word document with Jinja placeholders (docxtpl): ``{{ city }}{{ year }}
年全市中等职业学校在校生 {{ students }} 人，{{ students_change }}。`` and
``{% for s in school_list %}{{ s.name }} {{ s.students }} 人{% endfor %}``.  ``{{ body }}``
alone in a paragraph is replaced by the chapters vetstat writes, in the template's styles.
``vetstat report --placeholders`` lists them (:func:`placeholders`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vetstat.core.indicators import views
from vetstat.core.numbers import fixed
from vetstat.core.text import xml_safe
from vetstat.outputs.report_chapters import title_of
from vetstat.outputs.report_model import figure_text, run_text
from vetstat.outputs.report_prose import Prose
from vetstat.usecases.report import ReportData

BODY = "body"  # the placeholder replaced by the chapters
SCHOOL_FIELDS = ("name", "code", "county", "affiliation")


@dataclass(frozen=True)
class Placeholder:
    name: str
    zh: str
    example: str


def placeholders() -> list[Placeholder]:
    """Every placeholder a template may use, in the catalogue's order."""
    found = [
        Placeholder("city", "地市名称", "白城市"),
        Placeholder("year", "统计年度", "2022"),
        Placeholder("previous_year", "上一年度（有 --previous 时）", "2021"),
        Placeholder("unit", "填报单位", "白城市教育局"),
        Placeholder("date", "报告日期", "2022 年 12 月 25 日"),
        Placeholder("title", "报告标题", "白城市 2022 年中等职业教育质量年度报告"),
        Placeholder(BODY, "单独成段时替换为 vetstat 写出的各章正文", "（各章正文）"),
    ]
    for item in views().all:
        unit = f"（{item.unit}）" if item.unit else ""
        found.append(Placeholder(item.key, f"{item.zh}{unit}", ""))
        if item.compared:
            found.append(Placeholder(f"{item.key}_change", f"{item.zh}与上年比较的短句（有 --previous 时）",
                                     "比上年减少 299 人，下降 5.56%" if item.key == "students" else ""))
            found.append(Placeholder(f"{item.key}_change_value", f"{item.zh}比上年增减（带符号）", ""))
            found.append(Placeholder(f"{item.key}_change_pct", f"{item.zh}比上年增减率 %（带符号）", ""))
    found += [
        Placeholder("school_list", "各校列表，用于循环：{% for s in school_list %}…{% endfor %}；"
                    "每校有 name、code、county、affiliation 和上面每个指标键（如 s.students）", ""),
        Placeholder("category_list", "专业大类列表：c.category、c.category_name、c.majors、"
                    "c.new_students、c.students、c.graduates", ""),
        Placeholder("award_list", "获奖列表：a.school、a.level、a.event、a.prize、a.students、"
                    "a.advisors", ""),
    ]
    return found


def context(data: ReportData, body_marker: str) -> dict[str, Any]:
    """The values of the placeholders for ``data`` (text as the report writes it)."""
    prose = Prose(data)
    values: dict[str, Any] = {
        "city": data.place.name(), "year": data.year, "previous_year": data.previous_year,
        "unit": data.unit or "", "title": title_of(data),
        "date": f"{data.date.year} 年 {data.date.month} 月 {data.date.day} 日",
        BODY: body_marker,
    }
    for item in views().all:
        value = data.figures.get(item.key)
        values[item.key] = figure_text(item.key, value) if value is not None else ""
        if not item.compared:
            continue
        clause = run_text(prose.change(item.key)).removeprefix("，")
        values[f"{item.key}_change"] = clause
        change = data.change(item.key)
        if change is None or change.change is None:
            values[f"{item.key}_change_value"] = values[f"{item.key}_change_pct"] = ""
            continue
        difference = change.change
        values[f"{item.key}_change_value"] = _signed(figure_text(item.key, abs(difference)),
                                                     difference)
        values[f"{item.key}_change_pct"] = (
            _signed(fixed(abs(change.change_pct), 2), difference)
            if change.change_pct is not None and not change.rate else "")
    values["school_list"] = [
        {"name": school.name, "code": school.code or "", "county": school.county or "",
         "affiliation": school.affiliation or "",
         **{key: figure_text(key, value) if value is not None else ""
            for key, value in school.figures.items() if key in views().by_key}}
        for school in data.schools
    ]
    values["category_list"] = [dict(row) for row in data.categories]
    values["award_list"] = [
        {"school": school, "level": award.level, "event": award.event, "prize": award.prize,
         "students": "、".join(award.students), "advisors": "、".join(award.advisors)}
        for school, award in data.awards
    ]
    return {key: _xml_safe(value) for key, value in values.items()}


def _xml_safe(value: Any) -> Any:
    """Every text of the values as a Word document may carry it (a school's name may hold a
    control character)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    return value


def _signed(text: str, difference: float) -> str:
    if difference > 0:
        return f"+{text}"
    if difference < 0 and text.strip("0.") != "":
        return f"-{text}"
    return text
