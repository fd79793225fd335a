"""Write school workbooks in the layout of the data contract (§1), clean or as people send them.

This writer is deliberately independent of vetstat: it knows the contract's sheet names, labels
and headers on its own and writes them with openpyxl (or xlwt for legacy .xls), so that the
package's reader is tested against files it did not produce itself.

The data is the plain school dict of the interchange shape: ``valid_school()`` returns one that
passes every rule without a warning, ``deep_update()`` derives broken variants from it, and
``write_workbook(data, path, style=Ugly(...))`` writes it, optionally with the quirks of real
submissions (numbers typed as text, inserted rows, merged titles, formulas, ...).

Run ``python tests/builders.py OUT_DIR`` to write a gallery of example files to open by hand, or
``python tests/builders.py --xls PATH`` to write only the legacy .xls of the valid school.
"""

from __future__ import annotations

import argparse
import copy
import enum
import random
import re
import sys
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

import openpyxl
import xlwt  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

SchoolData = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# The contract's vocabulary (§1.1–§1.8), spelled out here on purpose rather than imported.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    unit: str = ""
    percent: bool = False


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str
    unit: str = ""
    percent: bool = False


FORM_SHEETS: Final[dict[str, tuple[str, tuple[FormField, ...]]]] = {
    "school": (
        "学校信息",
        (
            FormField("name", "学校名称"),
            FormField("school_code", "学校标识码"),
            FormField("division_code", "所在地行政区划代码"),
            FormField("county", "所在县（市、区）"),
            FormField("affiliation", "隶属关系"),
            FormField("year", "统计年度", "年"),
            FormField("land_area", "校园占地面积", "平方米"),
            FormField("building_area", "校舍建筑面积", "平方米"),
            FormField("books", "纸质图书", "册"),
            FormField("contact", "填报人"),
            FormField("phone", "联系电话"),
            FormField("template_version", "模板版本", "版"),
        ),
    ),
    "teachers": (
        "教师队伍",
        (
            FormField("staff_total", "教职工总数", "人"),
            FormField("full_time", "专任教师数", "人"),
            FormField("foundation", "其中：公共基础课教师", "人"),
            FormField("specialty", "其中：专业课教师", "人"),
            FormField("dual_qualified", "其中：“双师型”教师", "人"),
            FormField("senior_title", "具有高级专业技术职务的专任教师", "人"),
            FormField("postgraduate", "具有硕士研究生及以上学历（学位）的专任教师", "人"),
            FormField("part_time", "行业企业兼职教师", "人"),
            FormField("dual_ratio_reported", "“双师型”教师占专业课教师比例", "%", percent=True),
            FormField("bachelor", "具有本科学历的专任教师", "人"),
            FormField("below_bachelor", "专科及以下学历的专任教师", "人"),
            FormField("middle_title", "具有中级专业技术职务的专任教师", "人"),
            FormField("junior_title", "具有初级专业技术职务的专任教师", "人"),
            FormField("untitled", "未定级的专任教师", "人"),
        ),
    ),
    "employment": (
        "就业与升学",
        (
            FormField("graduates", "毕业生数", "人"),
            FormField("employed", "直接就业人数", "人"),
            FormField("employed_in_field", "其中：对口就业人数", "人"),
            FormField("further_study", "升学人数", "人"),
            FormField("to_bachelor", "其中：升入本科人数", "人"),
            FormField("not_placed", "未就业人数", "人"),
            FormField("starting_salary", "初次就业月平均起薪", "元"),
            FormField("employment_rate_reported", "就业率", "%", percent=True),
            FormField("in_field_rate_reported", "对口就业率", "%", percent=True),
            FormField("self_employed", "自主创业人数", "人"),
            FormField("to_enterprise", "直接就业去向：企事业单位", "人"),
            FormField("to_government", "直接就业去向：机关", "人"),
            FormField("to_self_run", "直接就业去向：个体经营", "人"),
            FormField("to_military", "直接就业去向：参军入伍", "人"),
            FormField("to_other", "直接就业去向：其他", "人"),
            FormField("study_vocational_exam", "升学方式：对口单招、高职分类招考", "人"),
            FormField("study_general", "升学方式：统招及其他", "人"),
        ),
    ),
    "funding": (
        "经费投入",
        (
            FormField("fiscal_appropriation", "一般公共预算财政拨款", "万元"),
            FormField("special_funds", "中央和省级专项资金", "万元"),
            FormField("capital_construction", "基本建设投入", "万元"),
            FormField("equipment_purchase", "当年新增教学仪器设备值", "万元"),
            FormField("equipment_value", "教学仪器设备资产总值", "万元"),
            FormField("per_student_reported", "生均财政拨款", "元"),
        ),
    ),
    "services": (
        "服务贡献",
        (
            FormField("partner_enterprises", "合作企业数", "家"),
            FormField("order_classes", "订单班数", "个"),
            FormField("social_training", "社会培训人次", "人次"),
            FormField("x_certificates", "“1+X”证书试点项目数", "个"),
            FormField("x_candidates", "“1+X”证书参加考核人数", "人"),
            FormField("x_passed", "“1+X”证书通过人数", "人"),
            FormField("skill_candidates", "职业技能鉴定报考人数", "人"),
            FormField("skill_passed", "职业技能鉴定通过人数", "人"),
        ),
    ),
    "attainment": (
        "学生素质",
        (
            FormField("culture_candidates", "文化课考核参加人数", "人"),
            FormField("culture_passed", "其中：文化课考核合格人数", "人"),
            FormField("skill_test_candidates", "专业技能考核参加人数", "人"),
            FormField("skill_test_passed", "其中：专业技能考核合格人数", "人"),
            FormField("fitness_candidates", "体质测评参加人数", "人"),
            FormField("fitness_passed", "其中：体质测评合格人数", "人"),
            FormField("graduation_due", "应届毕业生数", "人"),
            FormField("dual_certificate", "获得双证书的毕业生数", "人"),
            FormField("grade_1_end", "一年级学年末在校生数", "人"),
            FormField("grade_2_end", "二年级学年末在校生数", "人"),
            FormField("grade_3_end", "三年级学年末在校生数", "人"),
            FormField("cohort_entry", "三年级学生入学时人数", "人"),
            FormField("culture_pass_rate_reported", "文化课合格率", "%", percent=True),
            FormField("skill_pass_rate_reported", "专业技能合格率", "%", percent=True),
            FormField("fitness_pass_rate_reported", "体质测评合格率", "%", percent=True),
            FormField("graduation_rate_reported", "毕业率", "%", percent=True),
            FormField("dual_certificate_rate_reported", "双证书获取率", "%", percent=True),
            FormField("retention_3y_reported", "三年巩固率", "%", percent=True),
        ),
    ),
}

TABLE_SHEETS: Final[dict[str, tuple[str, tuple[TableColumn, ...]]]] = {
    "enrollment": (
        "专业与学生",
        (
            TableColumn("code", "专业代码"),
            TableColumn("name", "专业名称"),
            TableColumn("new_students", "招生数", "人"),
            TableColumn("grade_1", "一年级", "人"),
            TableColumn("grade_2", "二年级", "人"),
            TableColumn("grade_3", "三年级", "人"),
            TableColumn("students", "在校生数", "人"),
            TableColumn("graduates", "毕业生数", "人"),
            TableColumn("model_major", "示范专业"),
        ),
    ),
    "satisfaction": (
        "满意度调查",
        (
            TableColumn("respondent", "调查对象"),
            TableColumn("item", "调查项目"),
            TableColumn("samples", "有效样本数", "人"),
            TableColumn("very_satisfied", "非常满意", "人"),
            TableColumn("satisfied", "基本满意", "人"),
            TableColumn("dissatisfied", "不满意", "人"),
            TableColumn("rate", "满意度", "%", percent=True),
        ),
    ),
    "awards": (
        "技能大赛",
        (
            TableColumn("level", "赛事级别"),
            TableColumn("event", "赛项名称"),
            TableColumn("students", "获奖学生"),
            TableColumn("advisors", "指导教师"),
            TableColumn("prize", "奖项"),
        ),
    ),
}

# The contract's sheet order, which is also the order a template presents them in.
SECTION_ORDER: Final = (
    "school",
    "enrollment",
    "teachers",
    "employment",
    "funding",
    "satisfaction",
    "awards",
    "services",
    "attainment",
)

FORM_HEADERS: Final = ("指标", "单位", "填报值", "备注", "字段")
TOTAL_WORDS: Final = ("合计", "总计")
ENROLLMENT_COUNT_KEYS: Final = (
    "new_students",
    "grade_1",
    "grade_2",
    "grade_3",
    "students",
    "graduates",
)
INSTRUCTIONS_SHEET: Final = "填表说明"
EXTRA_SHEET: Final = "Sheet1"

# ---------------------------------------------------------------------------------------------
# Data: a valid school and a way to derive variants from it
# ---------------------------------------------------------------------------------------------


class _Marker(enum.Enum):
    REMOVE = "REMOVE"


REMOVE: Final = _Marker.REMOVE
"""Use as a value in ``deep_update`` changes to delete a key (a whole sheet or one form row)."""


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2)


def _survey(
    respondent: str, item: str, very: int, satisfied: int, dissatisfied: int
) -> dict[str, Any]:
    samples = very + satisfied + dissatisfied
    return {
        "respondent": respondent,
        "item": item,
        "samples": samples,
        "very_satisfied": very,
        "satisfied": satisfied,
        "dissatisfied": dissatisfied,
        "rate": _percent(very + satisfied, samples),
    }


def _base_school() -> SchoolData:
    # Small on purpose (3 majors, 600 students) yet clear of every warning threshold of §2:
    # 生师比 12, 双师型 60% of 专业课, 专业课 60% of 专任, 50 m² building and 50 m² land and
    # 40 books per student, 3000 元 of equipment per student.
    enrollment: list[dict[str, Any]] = [
        {
            "code": "610301",
            "name": "畜禽生产技术",
            "new_students": 82,
            "grade_1": 80,
            "grade_2": 70,
            "grade_3": 60,
            "students": 210,
            "graduates": 55,
            "model_major": "省级",
        },
        {
            "code": "700206",
            "name": "汽车运用与维修",
            "new_students": 58,
            "grade_1": 60,
            "grade_2": 50,
            "grade_3": 40,
            "students": 150,
            "graduates": 38,
            "model_major": "",
        },
        {
            "code": "710201",
            "name": "计算机应用",
            "new_students": 88,
            "grade_1": 90,
            "grade_2": 80,
            "grade_3": 70,
            "students": 240,
            "graduates": 65,
            "model_major": "市级",
        },
    ]
    graduates = sum(major["graduates"] for major in enrollment)  # 158
    employed, in_field, further_study, not_placed = 100, 80, 50, 8
    satisfaction = [
        _survey("在校生", "理论学习", 80, 32, 8),
        _survey("在校生", "专业学习", 84, 30, 6),
        _survey("在校生", "实习实训", 78, 35, 7),
        _survey("在校生", "校园文化与社团活动", 70, 41, 9),
        _survey("在校生", "生活", 75, 40, 5),
        _survey("在校生", "校园安全", 90, 27, 3),
        _survey("毕业生", "总体", 40, 17, 3),
        _survey("教师", "总体", 25, 12, 3),
    ]
    return {
        "school": {
            "name": "白城市示范职业技术学校",
            "school_code": "3622080123",
            "division_code": "220802",
            "county": "洮北区",
            "affiliation": "市直属",
            "year": 2022,
            "land_area": 30000.0,
            "building_area": 30000.0,
            "books": 24000,
            "contact": "王老师",
            "phone": "0436-3212345",
            "template_version": 2,
        },
        "enrollment": enrollment,
        "teachers": {
            "staff_total": 60,
            "full_time": 50,
            "foundation": 20,
            "specialty": 30,
            "dual_qualified": 18,
            "senior_title": 20,
            "postgraduate": 5,
            "part_time": 8,
            "bachelor": 38,
            "below_bachelor": 7,
            "middle_title": 18,
            "junior_title": 8,
            "untitled": 4,
            "dual_ratio_reported": _percent(18, 30),
        },
        "employment": {
            "graduates": graduates,
            "employed": employed,
            "employed_in_field": in_field,
            "further_study": further_study,
            "to_bachelor": 5,
            "not_placed": not_placed,
            "self_employed": 3,
            "to_enterprise": 80,
            "to_government": 2,
            "to_self_run": 6,
            "to_military": 4,
            "to_other": 8,
            "study_vocational_exam": 40,
            "study_general": 10,
            "starting_salary": 3200,
            "employment_rate_reported": _percent(employed + further_study, graduates),
            "in_field_rate_reported": _percent(in_field, employed),
        },
        "funding": {
            "fiscal_appropriation": 600.0,
            "special_funds": 120.5,
            "capital_construction": 50.0,
            "equipment_purchase": 30.0,
            "equipment_value": 180.0,
            "per_student_reported": 10000.0,
        },
        "satisfaction": satisfaction,
        "awards": [
            {
                "level": "省级",
                "event": "无人机操控与维护",
                "students": "王博、张家杨",
                "advisors": "杨彬",
                "prize": "二等奖",
            },
            {
                "level": "市级",
                "event": "汽车机电维修",
                "students": "李明",
                "advisors": "赵刚、孙丽",
                "prize": "一等奖",
            },
        ],
        "services": {
            "partner_enterprises": 12,
            "order_classes": 2,
            "social_training": 300,
            "x_certificates": 2,
            "x_candidates": 40,
            "x_passed": 35,
            "skill_candidates": 60,
            "skill_passed": 54,
        },
        # 学生素质 (template version 2): 600 students sat the examinations; 162 were due to
        # graduate and 158 did; the grades of 9/1 (230, 200, 170) kept 224, 196 and 166
        "attainment": {
            "culture_candidates": 600,
            "culture_passed": 570,
            "skill_test_candidates": 600,
            "skill_test_passed": 560,
            "fitness_candidates": 600,
            "fitness_passed": 552,
            "graduation_due": 162,
            "dual_certificate": 140,
            "grade_1_end": 224,
            "grade_2_end": 196,
            "grade_3_end": 166,
            "cohort_entry": 190,
            "culture_pass_rate_reported": _percent(570, 600),
            "skill_pass_rate_reported": _percent(560, 600),
            "fitness_pass_rate_reported": _percent(552, 600),
            "graduation_rate_reported": _percent(graduates, 162),
            "dual_certificate_rate_reported": _percent(140, graduates),
            "retention_3y_reported": _percent(166, 190),
        },
        "notes": {},
    }


def valid_school(**overrides: Any) -> SchoolData:
    """Return a fresh, fully valid school; keyword arguments are deep-merged into it.

    ``valid_school(teachers={"dual_qualified": 40})`` changes one field and keeps the others;
    ``valid_school(awards=REMOVE)`` drops the 技能大赛 sheet. See ``deep_update``.
    """
    return deep_update(_base_school(), overrides)


def deep_update(data: Mapping[str, Any], changes: Mapping[str, Any]) -> SchoolData:
    """Return a copy of ``data`` with ``changes`` merged in; ``data`` itself is left untouched.

    - a dict merges into a dict, key by key, recursively;
    - a dict with int keys merges into a list by position (``{"enrollment": {0: {...}}}``);
    - ``REMOVE`` deletes the key or list item (a missing form key means no row at all, while
      ``None`` means a row with an empty value cell);
    - anything else, lists included, replaces the old value.
    """
    merged = _merge(copy.deepcopy(dict(data)), changes)
    assert isinstance(merged, dict)
    return merged


def _merge(target: Any, changes: Any) -> Any:
    if isinstance(changes, Mapping) and isinstance(target, dict):
        for key, change in changes.items():
            if change is REMOVE:
                target.pop(key, None)
            elif key in target:
                target[key] = _merge(target[key], change)
            else:
                fresh: dict[str, Any] | None = {} if isinstance(change, Mapping) else None
                target[key] = _merge(fresh, change)
        return target
    if isinstance(changes, Mapping) and isinstance(target, list):
        if not all(isinstance(index, int) for index in changes):
            raise TypeError("changes to a list must be keyed by item position (int)")
        removals = []
        for index, change in changes.items():
            position = index % len(target) if -len(target) <= index < len(target) else None
            if position is None:
                raise IndexError(f"no item {index} in a list of {len(target)}")
            if change is REMOVE:
                removals.append(position)
            else:
                target[position] = _merge(target[position], change)
        for position in sorted(removals, reverse=True):
            del target[position]
        return target
    return copy.deepcopy(changes)


# ---------------------------------------------------------------------------------------------
# Ugly options
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ugly:
    """Quirks of workbooks as schools really send them; all off by default.

    numbers_as_text: every number cell holds text instead — "1,717", full-width "１７１７",
        "120人" / "60%" with a unit, or " 120 " with spaces, cycling through these.
    merged_title: the title on row 1 is merged across the columns and styled.
    rows_above_header: that many rows (a second title line, an empty row, a 填报单位 line, then
        empty rows) sit between the title and the header, so data no longer starts on row 3.
    drop_key_column: form sheets have no 字段 column; a reader has to match on 指标 labels.
    label_variants: sheet names, labels and headers with half-width brackets, colons and quotes
        and surrounding spaces (" 专业与学生 ", ' 其中:"双师型"教师 ').
    shuffle_form_rows: form rows in another (fixed) order.
    blank_rows: an empty row between consecutive table records.
    total_row: a correct 合计 row appended to 专业与学生.
    formulas: 在校生数 in 专业与学生 is =SUM(一年级:三年级) with the cached value Excel stores.
    formulas_uncached: the same formulas without a cached value, as written by a program
        that never calculated the workbook.
    percent_format: percentage fields hold fractions (0.54) formatted as '0.00%'.
    extra_sheet: an unknown sheet "Sheet1" with scratch content.
    instructions_sheet: the template's 填表说明 sheet, placed first.
    hidden_key_column: the 字段 column is hidden, as templates ship it.
    """

    numbers_as_text: bool = False
    merged_title: bool = False
    rows_above_header: int = 0
    drop_key_column: bool = False
    label_variants: bool = False
    shuffle_form_rows: bool = False
    blank_rows: bool = False
    total_row: bool = False
    formulas: bool = False
    formulas_uncached: bool = False
    percent_format: bool = False
    extra_sheet: bool = False
    instructions_sheet: bool = False
    hidden_key_column: bool = False

    def __post_init__(self) -> None:
        if self.formulas and self.formulas_uncached:
            raise ValueError("choose formulas or formulas_uncached, not both")
        if self.rows_above_header < 0:
            raise ValueError("rows_above_header cannot be negative")

    @classmethod
    def everything(cls) -> Ugly:
        """Every quirk at once that still leaves a valid school readable with warnings only.

        Uncached formulas are an error by contract, so they are left out; the hidden key
        column is moot once the column is dropped.
        """
        return cls(
            numbers_as_text=True,
            merged_title=True,
            rows_above_header=3,
            drop_key_column=True,
            label_variants=True,
            shuffle_form_rows=True,
            blank_rows=True,
            total_row=True,
            formulas=True,
            percent_format=True,
            extra_sheet=True,
            instructions_sheet=True,
        )

    @classmethod
    def option_names(cls) -> list[str]:
        return [option.name for option in fields(cls)]

    @classmethod
    def only(cls, name: str) -> Ugly:
        """The style with just one option switched on (rows_above_header gets 3 rows)."""
        if name not in cls.option_names():
            raise ValueError(f"unknown Ugly option: {name}")
        value: Any = 3 if name == "rows_above_header" else True
        return cls(**{name: value})


# ---------------------------------------------------------------------------------------------
# Layout: the cells of every sheet, independent of the file format
# ---------------------------------------------------------------------------------------------

PERCENT_FORMAT: Final = "0.00%"
_SUFFIX_UNITS: Final = frozenset({"人", "册", "家", "个", "人次", "%"})
_FULL_WIDTH_DIGITS: Final = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF_WIDTH_PUNCTUATION: Final = str.maketrans(
    {"：": ":", "（": "(", "）": ")", "“": '"', "”": '"', "，": ","}
)


@dataclass
class Cell:
    value: str | int | float | None = None
    number_format: str | None = None
    formula: str | None = None  # without the leading "="
    cached: int | float | None = None  # what a calculating program stored for the formula
    bold: bool = False


@dataclass
class SheetLayout:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    width: int = 1
    merge_title: bool = False
    hidden_columns: list[int] = field(default_factory=list)  # 1-based

    def append(self, values: Sequence[Cell | str | int | float | None]) -> None:
        self.rows.append([value if isinstance(value, Cell) else Cell(value) for value in values])


class _TextNumbers:
    """Turns numbers into the text people type, cycling through the variants per workbook.

    Numbers from 1000 up take turns with their own counter, so that thousands separators
    ("30,000") are sure to appear; smaller ones take plain text ("82") in that slot.
    """

    def __init__(self) -> None:
        self._turns = {True: 0, False: 0}

    def render(self, number: int | float, unit: str) -> str:
        whole = isinstance(number, int) or number.is_integer()
        # Nobody types "30000.0" or a year with a thousands separator.
        shown: int | float = int(number) if whole else number
        large = abs(number) >= 1000 and unit != "年"
        variant = self._turns[large] % 4
        self._turns[large] += 1
        plain = str(shown)
        if variant == 0:
            return f"{shown:,}" if large else plain
        if variant == 1:
            return plain.translate(_FULL_WIDTH_DIGITS)
        if variant == 2 and unit in _SUFFIX_UNITS:
            return f"{plain}{unit}"
        return f" {plain} "


class _Layout:
    def __init__(self, data: SchoolData, style: Ugly) -> None:
        self.data = data
        self.style = style
        self.text_numbers = _TextNumbers()
        school = data.get("school") or {}
        self.year = school.get("year")
        self.school_name = school.get("name")

    def sheets(self) -> list[SheetLayout]:
        sheets: list[SheetLayout] = []
        if self.style.instructions_sheet:
            sheets.append(self._instructions())
        for section in SECTION_ORDER:
            if section not in self.data:
                continue
            if section in FORM_SHEETS:
                sheets.append(self._form(section))
            else:
                sheets.append(self._table(section))
        if self.style.extra_sheet:
            sheets.append(self._extra())
        return sheets

    # -- pieces shared by both kinds of sheet --------------------------------------------------

    def _label(self, text: str) -> str:
        if not self.style.label_variants:
            return text
        return f" {text.translate(_HALF_WIDTH_PUNCTUATION)} "

    def _number(self, value: Any, unit: str, percent: bool, *, as_text: bool = True) -> Cell:
        if value is None or isinstance(value, str | bool):
            return Cell(value)
        if not isinstance(value, int | float):
            raise TypeError(f"cannot write {value!r} as a number")
        if self.style.numbers_as_text and as_text:
            return Cell(self.text_numbers.render(value, unit))
        if percent and self.style.percent_format:
            return Cell(value / 100, number_format=PERCENT_FORMAT)
        return Cell(value)

    def _start(self, sheet_name: str, width: int) -> SheetLayout:
        sheet = SheetLayout(
            name=self._label(sheet_name), width=width, merge_title=self.style.merged_title
        )
        year = f"{self.year}年度" if self.year is not None else ""
        sheet.append([Cell(f"{year}中等职业学校质量数据表——{sheet_name}", bold=True)])
        for extra in range(self.style.rows_above_header):
            sheet.append([self._line_above_header(extra)])
        return sheet

    def _line_above_header(self, index: int) -> str | None:
        if index == 0:
            return f"（{self.year}学年度，数据截至{self.year}年8月31日）"
        if index == 2:
            return f"填报单位：{self.school_name or ''}（盖章）    填报日期：{self.year}年9月"
        return None

    # -- form sheets ----------------------------------------------------------------------------

    def _form(self, section: str) -> SheetLayout:
        sheet_name, known_fields = FORM_SHEETS[section]
        values: Mapping[str, Any] = self.data[section] or {}
        notes: Mapping[str, Any] = (self.data.get("notes") or {}).get(section) or {}
        with_key = not self.style.drop_key_column
        headers = FORM_HEADERS if with_key else FORM_HEADERS[:-1]
        sheet = self._start(sheet_name, len(headers))
        sheet.append([Cell(self._label(header), bold=True) for header in headers])
        if with_key and self.style.hidden_key_column:
            sheet.hidden_columns.append(len(headers))

        known_keys = {form_field.key for form_field in known_fields}
        rows = [form_field for form_field in known_fields if form_field.key in values]
        # A key the contract does not know is written with the key as its label, so that a
        # test can put an unexpected row into a sheet.
        rows += [FormField(key, key) for key in values if key not in known_keys]
        if self.style.shuffle_form_rows and len(rows) > 1:
            shuffled = rows[:]
            random.Random(len(rows)).shuffle(shuffled)
            rows = shuffled if shuffled != rows else rows[::-1]

        for form_field in rows:
            cells = [
                Cell(self._label(form_field.label)),
                Cell(form_field.unit or None),
                self._number(values[form_field.key], form_field.unit, form_field.percent),
                Cell(notes.get(form_field.key)),
            ]
            if with_key:
                cells.append(Cell(form_field.key))
            sheet.append(cells)
        return sheet

    # -- table sheets ---------------------------------------------------------------------------

    def _table(self, section: str) -> SheetLayout:
        sheet_name, known_columns = TABLE_SHEETS[section]
        records: list[Mapping[str, Any]] = list(self.data[section] or [])
        if section == "enrollment" and self.style.total_row:
            records.append(_total_of(records))
        # A column that no record carries is left out, which is how a missing column is made.
        columns = [
            column
            for column in known_columns
            if not records or any(column.key in record for record in records)
        ]
        sheet = self._start(sheet_name, len(columns))
        sheet.append([Cell(self._label(column.header), bold=True) for column in columns])

        grade_letters = self._grade_letters(section, columns)
        for position, record in enumerate(records):
            if position > 0 and self.style.blank_rows:
                sheet.append([])
            row_number = len(sheet.rows) + 1
            cells = []
            for column in columns:
                value = record.get(column.key)
                if grade_letters and column.key == "students":
                    cells.append(self._sum_formula(record, grade_letters, row_number))
                else:
                    # The grades a formula adds up stay real numbers: typed as text, they
                    # would make Excel's SUM silently 0 and the school would notice.
                    keep_number = bool(grade_letters) and column.key.startswith("grade_")
                    cells.append(
                        self._number(value, column.unit, column.percent, as_text=not keep_number)
                    )
            first_cell = record.get(columns[0].key) if columns else None
            if str(first_cell or "").strip() in TOTAL_WORDS:
                for cell in cells:
                    cell.bold = True
            sheet.append(cells)
        return sheet

    def _grade_letters(self, section: str, columns: list[TableColumn]) -> tuple[str, str] | None:
        if section != "enrollment" or not (self.style.formulas or self.style.formulas_uncached):
            return None
        keys = [column.key for column in columns]
        if not {"grade_1", "grade_3", "students"} <= set(keys):
            return None
        return (
            get_column_letter(keys.index("grade_1") + 1),
            get_column_letter(keys.index("grade_3") + 1),
        )

    def _sum_formula(
        self, record: Mapping[str, Any], letters: tuple[str, str], row_number: int
    ) -> Cell:
        first, last = letters
        # Excel's SUM skips text and empty cells, so the cached value does too.
        numbers: list[int | float] = [
            value
            for key in ("grade_1", "grade_2", "grade_3")
            if isinstance(value := record.get(key), int | float) and not isinstance(value, bool)
        ]
        cached = None if self.style.formulas_uncached else sum(numbers)
        return Cell(formula=f"SUM({first}{row_number}:{last}{row_number})", cached=cached)

    # -- the sheets that hold no data -------------------------------------------------------

    def _instructions(self) -> SheetLayout:
        sheet = SheetLayout(name=INSTRUCTIONS_SHEET, width=1)
        for line in (
            "填表说明",
            "1. 请勿修改工作表名称、指标名称和“字段”列；不要插入或删除列。",
            "2. 数据统计时点为当年9月1日，流量数据统计周期为上一年9月1日至当年8月31日。",
            "3. 填报值请填写数字，不要带单位，不要填写“约”“余”等估计数。",
            "4. 比例类指标以百分数填写，如 54.5 表示 54.5%。",
            "5. 数据如有特殊情况，请在“备注”列说明。",
        ):
            sheet.append([line])
        return sheet

    def _extra(self) -> SheetLayout:
        sheet = SheetLayout(name=EXTRA_SHEET, width=3)
        sheet.append(["草稿", None, "不要删"])
        sheet.append(["临时计算", 1717, 624])
        sheet.append([None, "去年数据", 1598.5])
        return sheet


def _total_of(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"code": "合计"}
    counted = [r for r in records if str(r.get("code", "")).strip() not in TOTAL_WORDS]
    for key in ENROLLMENT_COUNT_KEYS:
        total[key] = sum(
            value
            for record in counted
            if isinstance(value := record.get(key), int | float) and not isinstance(value, bool)
        )
    return total


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

_TITLE_FONT: Final = Font(bold=True, size=14)
# the last-saved time every workbook written here records (docProps/core.xml), whatever the
# clock: two files of one school count by the later saved one, and "now" would make which one
# depend on whether a second ended between their writes.  A test that needs another time sets
# it with saved_at().
SAVED: Final = datetime(2022, 9, 15)
_TITLE_FILL: Final = PatternFill("solid", fgColor="DDEBF7")


def write_workbook(data: SchoolData, path: Path, *, style: Ugly | None = None) -> Path:
    """Write ``data`` as a school workbook (.xlsx) at ``path`` and return the path."""
    style = style or Ugly()
    path = Path(path)
    layouts = _Layout(data, style).sheets()
    workbook = openpyxl.Workbook()
    default_sheet = workbook.active
    if default_sheet is not None:
        workbook.remove(default_sheet)
    cached_formulas: dict[str, dict[str, int | float]] = {}
    for layout in layouts:
        sheet = workbook.create_sheet(layout.name)
        for row_number, row in enumerate(layout.rows, start=1):
            for column_number, cell in enumerate(row, start=1):
                target = sheet.cell(row=row_number, column=column_number)
                if cell.formula is not None:
                    target.value = f"={cell.formula}"
                    if cell.cached is not None:
                        coordinate = target.coordinate
                        cached_formulas.setdefault(layout.name, {})[coordinate] = cell.cached
                elif cell.value is not None:
                    target.value = cell.value
                if cell.number_format:
                    target.number_format = cell.number_format
                if cell.bold:
                    target.font = Font(bold=True)
        for column_number in range(1, layout.width + 1):
            sheet.column_dimensions[get_column_letter(column_number)].width = 18
        sheet.column_dimensions["A"].width = 40
        for column_number in layout.hidden_columns:
            sheet.column_dimensions[get_column_letter(column_number)].hidden = True
        if layout.merge_title and layout.width > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.width)
        if layout.merge_title:
            title = sheet.cell(row=1, column=1)
            title.font = _TITLE_FONT
            title.fill = _TITLE_FILL
            title.alignment = Alignment(horizontal="center", vertical="center")
            sheet.row_dimensions[1].height = 28
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.properties.created = SAVED
    workbook.properties.modified = SAVED
    # openpyxl's Workbook.save() stamps the clock's time: the writer it calls, without that
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    if cached_formulas:
        _store_cached_values(path, cached_formulas)
    return path


_MAIN_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"


def _store_cached_values(path: Path, cached: Mapping[str, Mapping[str, int | float]]) -> None:
    """Put cached formula results into the saved file, as Excel does after calculating.

    openpyxl cannot write a formula together with its result: it always saves ``<f>..</f><v/>``.
    """
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    contents = {info.filename: payload for info, payload in entries}
    parts = _sheet_parts(contents["xl/workbook.xml"], contents["xl/_rels/workbook.xml.rels"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, payload in entries:
            sheet_name = parts.get(info.filename)
            if sheet_name is not None and sheet_name in cached:
                payload = _insert_cached_values(payload, cached[sheet_name])
            archive.writestr(info, payload)


def _sheet_parts(workbook_xml: bytes, relationships_xml: bytes) -> dict[str, str]:
    """Map each worksheet part name (xl/worksheets/sheetN.xml) to its sheet name."""
    targets = {}
    for relationship in ElementTree.fromstring(relationships_xml):
        target = relationship.attrib["Target"]
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[relationship.attrib["Id"]] = part
    parts = {}
    for sheet in ElementTree.fromstring(workbook_xml).iter(f"{{{_MAIN_NS}}}sheet"):
        relationship_id = sheet.attrib[f"{{{_REL_NS}}}id"]
        parts[targets[relationship_id]] = sheet.attrib["name"]
    return parts


def _insert_cached_values(sheet_xml: bytes, cached: Mapping[str, int | float]) -> bytes:
    for coordinate, value in cached.items():
        pattern = re.compile(
            rb'(<c r="' + coordinate.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?'
        )
        cached_xml = b"<v>" + repr(value).encode() + b"</v>"
        sheet_xml, count = pattern.subn(rb"\g<1>" + cached_xml, sheet_xml, count=1)
        if count != 1:
            raise RuntimeError(f"formula cell {coordinate} not found in the saved sheet")
    return sheet_xml


def write_xls(data: SchoolData, path: Path, *, style: Ugly | None = None) -> Path:
    """Write ``data`` as a legacy .xls workbook (as WPS and old Excel save it); return the path.

    Formulas are not supported: xlwt cannot store a cached formula result.
    """
    style = style or Ugly()
    if style.formulas or style.formulas_uncached:
        raise ValueError("write_xls cannot write formulas; use write_workbook")
    path = Path(path)
    layouts = _Layout(data, style).sheets()
    book = xlwt.Workbook(encoding="utf-8")
    plain = xlwt.easyxf("")
    bold = xlwt.easyxf("font: bold on")
    title_style = xlwt.easyxf(
        "font: bold on, height 280; align: horiz center, vert center;"
        " pattern: pattern solid, fore_colour pale_blue"
    )
    styles: dict[tuple[str | None, bool], Any] = {(None, False): plain, (None, True): bold}
    for layout in layouts:
        sheet = book.add_sheet(layout.name)
        for row_index, row in enumerate(layout.rows):
            for column_index, cell in enumerate(row):
                if row_index == 0 and column_index == 0 and layout.merge_title:
                    last_column = max(layout.width - 1, 0)
                    sheet.write_merge(0, 0, 0, last_column, cell.value, title_style)
                    continue
                key = (cell.number_format, cell.bold)
                if key not in styles:
                    styles[key] = xlwt.easyxf(
                        "font: bold on" if cell.bold else "", num_format_str=cell.number_format
                    )
                if cell.value is not None:
                    sheet.write(row_index, column_index, cell.value, styles[key])
        sheet.col(0).width = 40 * 256
        for column_number in layout.hidden_columns:
            sheet.col(column_number - 1).hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


_ODS_MIMETYPE: Final = "application/vnd.oasis.opendocument.spreadsheet"


def write_ods(data: SchoolData, path: Path, *, extra_sheets: Sequence[str] = ()) -> Path:
    """Write ``data`` as an OpenDocument spreadsheet (.ods, as LibreOffice saves it): values
    only, one table per sheet; ``extra_sheets`` adds empty sheets of those names."""
    from xml.sax.saxutils import escape, quoteattr

    layouts = _Layout(data, Ugly()).sheets()
    tables = []
    for layout in layouts:
        rows = []
        for row in layout.rows:
            cells = []
            for cell in row:
                value = cell.cached if cell.formula is not None else cell.value
                if value is None or value == "":
                    cells.append("<table:table-cell/>")
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    cells.append(f'<table:table-cell office:value-type="string">'
                                 f"<text:p>{escape(str(value))}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="float" '
                                 f'office:value="{value}"><text:p>{value}</text:p>'
                                 "</table:table-cell>")
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f"<table:table table:name={quoteattr(layout.name)}>"
                      + "".join(rows) + "</table:table>")
    tables.extend(f"<table:table table:name={quoteattr(name)}><table:table-row><table:table-cell/>"
                  "</table:table-row></table:table>" for name in extra_sheets)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", _ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


_LOCK_FILE_SIZE: Final = 165
_LOCK_FILE_USER: Final = "Administrator"


def lock_file(path: Path) -> Path:
    """Write the owner file ``~$<name>`` that Office keeps next to a workbook while it is open.

    The stub has the layout Office uses: the user name's length, the name in the ANSI code
    page padded to 54 bytes, then the name again in UTF-16, padded to 165 bytes.
    """
    path = Path(path)
    user = _LOCK_FILE_USER
    ansi = bytes([len(user)]) + user.encode("ascii").ljust(53, b" ")
    wide = len(user).to_bytes(2, "little") + user.encode("utf-16-le")
    payload = (ansi + wide).ljust(_LOCK_FILE_SIZE, b"\x00")
    lock = path.with_name(f"~${path.name}")
    lock.write_bytes(payload)
    return lock


def saved_at(path: Path, stamp: str) -> Path:
    """Set the last-saved time an .xlsx records (``dcterms:modified`` in docProps/core.xml, as
    Excel writes it on every save) to ``stamp`` (ISO 8601), every other part left as it is."""
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)",
                              lambda m: m.group(1) + stamp.encode() + m.group(2), data)
            archive.writestr(info, data)
    return path


# ---------------------------------------------------------------------------------------------
# Gallery
# ---------------------------------------------------------------------------------------------


def gallery(out_dir: Path) -> Iterator[Path]:
    """Write the valid school plainly, with each quirk alone, with all of them, and as .xls."""
    data = valid_school()
    yield write_workbook(data, out_dir / "valid.xlsx")
    for name in Ugly.option_names():
        yield write_workbook(data, out_dir / f"ugly_{name}.xlsx", style=Ugly.only(name))
    yield write_workbook(data, out_dir / "ugly_all.xlsx", style=Ugly.everything())
    yield write_xls(data, out_dir / "valid.xls")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write example school workbooks in the layout of the vetstat data contract."
    )
    parser.add_argument("out_dir", nargs="?", type=Path, help="folder for the gallery of files")
    parser.add_argument("--xls", type=Path, help="write only the valid school as .xls here")
    arguments = parser.parse_args(argv)
    if arguments.out_dir is None and arguments.xls is None:
        parser.error("give OUT_DIR, --xls PATH, or both")
    written = []
    if arguments.xls is not None:
        written.append(write_xls(valid_school(), arguments.xls))
    if arguments.out_dir is not None:
        written.extend(gallery(arguments.out_dir))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
