"""Reading workbooks as schools really send them (data contract §1).

An ugly file must read back to the same data as the clean one (``Report.data``), with at most
the warnings its ugliness deserves; where the contract wants an exact figure the reader says
which cell is wrong. Garbage becomes one F001 issue with a reason, never an exception. No input
file is ever modified: every read here compares the file's hash before and after.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from builders import REMOVE, Ugly, deep_update, valid_school, write_workbook, write_xls
from vetstat.core.contract import SHEET_BY_KEY, SHEETS
from vetstat.core.issues import Issue, Lang
from vetstat.outputs.template import write_school, write_template
from vetstat.usecases.validate import Report, validate_workbook

FIXTURES = Path(__file__).parent / "fixtures"
Where = tuple[str, str | None, str | None]  # (code, sheet, cell)


def digest(path: Path) -> str:
    if path.is_dir():
        return "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def read_back(path: Path) -> Report:
    """Validate ``path``; the file must be unchanged and every message must render."""
    before = digest(path)
    report = validate_workbook(path)
    assert digest(path) == before, f"{path.name} was modified by reading it"
    for issue in report.issues:
        for lang in (Lang.ZH, Lang.EN):
            message = issue.message(lang)
            assert "{" not in message, message
            if issue.cell:
                assert f"{issue.sheet}!{issue.cell}" in message
    return report


def places(report: Report) -> list[Where]:
    return sorted((i.code, i.sheet, i.cell) for i in report.issues)


def codes(report: Report) -> set[str]:
    return {i.code for i in report.issues}


def edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """Change a written workbook the way a person would in Excel."""
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def written(tmp_path: Path, changes: dict[str, Any] | None = None, *, style: Ugly | None = None,
            name: str = "school.xlsx") -> Path:
    return write_workbook(deep_update(valid_school(), changes or {}), tmp_path / name, style=style)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Report:
    report = read_back(write_workbook(valid_school(), tmp_path_factory.mktemp("clean") / "c.xlsx"))
    assert report.issues == [] and report.data is not None
    return report


# --- the layout people make of the template ------------------------------------------------

QUIET_QUIRKS = ["merged_title", "rows_above_header", "drop_key_column", "label_variants",
                "shuffle_form_rows", "blank_rows", "total_row", "formulas", "percent_format",
                "instructions_sheet", "hidden_key_column"]


@pytest.mark.parametrize("quirk", QUIET_QUIRKS)
def test_layout_quirks_read_like_the_clean_file(tmp_path: Path, clean: Report, quirk: str) -> None:
    report = read_back(written(tmp_path, style=Ugly.only(quirk)))
    assert report.issues == []
    assert report.data == clean.data


@pytest.mark.parametrize("quirk", [q for q in QUIET_QUIRKS if q != "formulas"])
def test_layout_quirks_in_legacy_xls(tmp_path: Path, clean: Report, quirk: str) -> None:
    path = write_xls(valid_school(), tmp_path / "school.xls", style=Ugly.only(quirk))
    report = read_back(path)
    assert report.issues == []
    assert report.data == clean.data


def test_rows_above_the_header_move_the_cells(tmp_path: Path) -> None:
    report = read_back(written(tmp_path, {"teachers": {"staff_total": 49}},
                               style=Ugly(rows_above_header=3)))
    assert places(report) == [("T301", "教师队伍", "C7")]  # row 4 of the plain layout, 3 lower


def test_header_on_the_first_row_without_a_title(tmp_path: Path, clean: Report) -> None:
    path = written(tmp_path)
    edit(path, lambda book: [sheet.delete_rows(1) for sheet in book.worksheets])
    report = read_back(path)
    assert report.issues == []
    assert report.data == clean.data


def test_every_quirk_at_once(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly.everything()))
    assert report.data == clean.data
    assert codes(report) == {"F006", "F010"}
    assert all(not i.is_error for i in report.issues)
    assert [i.sheet for i in report.issues if i.code == "F010"] == ["Sheet1"]


def test_every_quirk_at_once_in_legacy_xls(tmp_path: Path, clean: Report) -> None:
    style = Ugly(**{**Ugly.everything().__dict__, "formulas": False})
    report = read_back(write_xls(valid_school(), tmp_path / "school.xls", style=style))
    assert report.data == clean.data
    assert codes(report) == {"F006", "F010"}


def test_labels_rewritten_but_key_column_kept(tmp_path: Path, clean: Report) -> None:
    def relabel(book: openpyxl.Workbook) -> None:
        for title in ("学校信息", "教师队伍", "就业与升学"):
            sheet = book[title]
            for row in range(3, sheet.max_row + 1):
                sheet.cell(row, 1).value = f"第{row - 2}项"

    report = read_back(edit(written(tmp_path), relabel))
    assert report.issues == []
    assert report.data == clean.data


def test_key_column_dropped_and_labels_in_half_width(tmp_path: Path, clean: Report) -> None:
    style = Ugly(drop_key_column=True, label_variants=True, shuffle_form_rows=True)
    report = read_back(written(tmp_path, style=style))
    assert report.issues == []
    assert report.data == clean.data


@pytest.mark.parametrize("names", [
    {"学校信息": "1.学校信息", "教师队伍": "表3 教师队伍", "满意度调查": "满意度调查 "},
    {"专业与学生": " 专业与学生（2022） ", "技能大赛": "技能大赛(市级以上)"},
], ids=["numbered", "with-year"])
def test_sheet_name_variants(tmp_path: Path, clean: Report, names: dict[str, str]) -> None:
    def rename(book: openpyxl.Workbook) -> None:
        for old, new in names.items():
            book[old].title = new

    report = read_back(edit(written(tmp_path), rename))
    assert report.issues == []
    assert report.data == clean.data


def test_merged_respondent_cells(tmp_path: Path, clean: Report) -> None:
    """调查对象 "在校生" merged over its six items, the way survey tables are laid out."""

    def merge(book: openpyxl.Workbook) -> None:
        sheet = book["满意度调查"]
        for row in range(4, 9):
            sheet.cell(row, 1).value = None
        sheet.merge_cells("A3:A8")

    report = read_back(edit(written(tmp_path), merge))
    assert report.issues == []
    assert report.data == clean.data


def test_merged_note_explains_every_row_it_covers(tmp_path: Path) -> None:
    changes = {"school": {"land_area": 19000, "building_area": 11000},
               "notes": {"school": {"land_area": "老校区与新校区合并办学，新校区在建"}}}

    def merge(book: openpyxl.Workbook) -> None:
        book["学校信息"].merge_cells("D9:D10")

    report = read_back(edit(written(tmp_path, changes), merge))
    assert places(report) == [("S105", "学校信息", "C10"), ("S106", "学校信息", "C9")]
    assert all(i.explained for i in report.issues)
    assert report.passes(strict=True)


# --- numbers as people type them -------------------------------------------------------------

TEXT_NUMBERS = [
    # (section, key, the number, as typed, cell)
    ("teachers", "part_time", 1717, "1,717", "C10"),
    ("teachers", "part_time", 1717, "１７１７", "C10"),
    ("teachers", "part_time", 1717, "１，７１７", "C10"),
    ("teachers", "part_time", 1717, " 1717 ", "C10"),
    ("teachers", "part_time", 120, "120人", "C10"),
    ("teachers", "part_time", 120, "120 名", "C10"),
    ("school", "year", 2022, "2022年", "C8"),
    ("school", "land_area", 30000, "30,000平方米", "C9"),
    ("school", "land_area", 30000, "30000㎡", "C9"),
    ("funding", "fiscal_appropriation", 600, "600万元", "C3"),
    ("funding", "special_funds", 120.5, "120.50", "C4"),
    ("employment", "starting_salary", 3200, "3200元", "C9"),
    ("teachers", "dual_ratio_reported", 60, "60%", "C11"),
    ("employment", "in_field_rate_reported", 54, "54%", "C11"),
    ("employment", "in_field_rate_reported", 80, "８０．０％", "C11"),
]


@pytest.mark.parametrize(("section", "key", "number", "typed", "cell"), TEXT_NUMBERS,
                         ids=[t[3].strip() for t in TEXT_NUMBERS])
def test_number_stored_as_text_is_read_with_f006(tmp_path: Path, section: str, key: str,
                                                 number: float, typed: str, cell: str) -> None:
    plain = read_back(written(tmp_path, {section: {key: number}}, name="plain.xlsx"))
    typed_report = read_back(written(tmp_path, {section: {key: typed}}, name="typed.xlsx"))
    assert typed_report.data == plain.data
    sheet = SHEET_BY_KEY[section].title
    assert places(typed_report) == sorted([*places(plain), ("F006", sheet, cell)])
    f006 = next(i for i in typed_report.issues if i.code == "F006")
    assert not f006.is_error and f006.field == key and f006.value == typed


def test_numbers_as_text_in_table_sheets(tmp_path: Path, clean: Report) -> None:
    changes = {"enrollment": {0: {"grade_1": "80人", "students": "２１０"}},
               "satisfaction": {0: {"samples": "120份", "rate": "93.33%"}}}
    report = read_back(written(tmp_path, changes))
    assert report.data == clean.data
    assert places(report) == [("F006", "专业与学生", "D3"), ("F006", "专业与学生", "G3"),
                              ("F006", "满意度调查", "C3"), ("F006", "满意度调查", "G3")]


def test_every_number_typed_as_text(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly(numbers_as_text=True)))
    assert report.data == clean.data
    assert codes(report) == {"F006"}
    assert len(report.issues) > 50
    assert all(i.cell and i.field and i.params.get("parsed") for i in report.issues)


@pytest.mark.parametrize("typed", ["约1200", "1200余", "1200+", "超过1200", "1200多", "1200左右",
                                   "近1200", "~1200", "1,200以上", "≈1200"])
def test_approximate_number_is_an_error_at_its_cell(tmp_path: Path, typed: str) -> None:
    report = read_back(written(tmp_path, {"teachers": {"part_time": typed}}))
    assert places(report) == [("F005", "教师队伍", "C10")]
    issue = report.issues[0]
    assert issue.is_error and issue.field == "part_time" and issue.value == typed
    assert report.data is not None and report.data.teachers is not None
    assert report.data.teachers.part_time is None


@pytest.mark.parametrize(("section", "key", "typed", "cell"), [
    ("teachers", "part_time", "不详", "C10"),
    ("teachers", "part_time", "一千二", "C10"),
    ("teachers", "part_time", "1200/1300", "C10"),
    ("teachers", "part_time", "8%", "C10"),  # a percentage where a count is expected
    ("funding", "fiscal_appropriation", "6000000元", "C3"),  # 元 in a field of 万元
    ("school", "land_area", "45亩", "C9"),
    ("employment", "starting_salary", "3200万元", "C9"),  # 万元 in a field of 元
], ids=["text", "chinese-numerals", "two-numbers", "percent-in-count", "yuan-for-wan",
        "mu", "wan-for-yuan"])
def test_not_a_number_is_f005(tmp_path: Path, section: str, key: str, typed: str,
                              cell: str) -> None:
    report = read_back(written(tmp_path, {section: {key: typed}}))
    sheet = SHEET_BY_KEY[section].title
    assert ("F005", sheet, cell) in places(report)
    assert "F006" not in codes(report)


@pytest.mark.parametrize("value", [True, datetime(2022, 9, 1), date(2022, 9, 1)],
                         ids=["boolean", "datetime", "date"])
def test_boolean_or_date_in_a_number_cell_is_f005(tmp_path: Path, value: Any) -> None:
    def put(book: openpyxl.Workbook) -> None:
        book["教师队伍"]["C10"] = value

    report = read_back(edit(written(tmp_path), put))
    assert places(report) == [("F005", "教师队伍", "C10")]


def test_float_noise_of_a_formula_counts_as_whole(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, {"teachers": {"part_time": 8.000000000000002}}))
    assert report.issues == []
    assert report.data == clean.data


@pytest.mark.parametrize(("changes", "expected"), [
    ({"teachers": {"part_time": -3}}, ("F007", "教师队伍", "C10")),
    ({"teachers": {"part_time": 12.5}}, ("F007", "教师队伍", "C10")),
    ({"funding": {"special_funds": -1.5}}, ("F007", "经费投入", "C4")),
    ({"enrollment": {2: {"graduates": -65}}}, ("F007", "专业与学生", "H5")),
    ({"teachers": {"dual_ratio_reported": 120}}, ("F008", "教师队伍", "C11")),
    ({"employment": {"employment_rate_reported": -1}}, ("F008", "就业与升学", "C10")),
    ({"satisfaction": {1: {"rate": "120%"}}}, ("F008", "满意度调查", "G4")),
    ({"school": {"affiliation": "省直属"}}, ("F012", "学校信息", "C7")),
    ({"satisfaction": {7: {"respondent": "老师"}}}, ("F012", "满意度调查", "A10")),
    ({"awards": {0: {"prize": "特等奖"}}}, ("F012", "技能大赛", "E3")),
    ({"awards": {1: {"level": "校级"}}}, ("F012", "技能大赛", "A4")),
    ({"school": {"books": "#DIV/0!"}}, ("F014", "学校信息", "C11")),
    ({"satisfaction": {0: {"rate": "#VALUE!"}}}, ("F014", "满意度调查", "G3")),
], ids=["negative-count", "half-person", "negative-amount", "negative-in-table",
        "percent-120", "percent-negative", "percent-text-120", "affiliation", "respondent",
        "prize", "level", "div0", "value-error"])
def test_values_out_of_bounds(tmp_path: Path, changes: dict[str, Any], expected: Where) -> None:
    report = read_back(written(tmp_path, changes))
    assert expected in places(report)
    assert not report.valid
    at_cell = [i for i in report.issues if i.cell == expected[2] and i.sheet == expected[1]]
    assert [i.code for i in at_cell if i.is_error] == [expected[0]]


def test_value_outside_its_list_is_not_read(tmp_path: Path) -> None:
    report = read_back(written(tmp_path, {"school": {"affiliation": "省直属"}}))
    assert report.data is not None and report.data.school is not None
    assert report.data.school.affiliation is None


def test_choice_in_another_width_is_read(tmp_path: Path, clean: Report) -> None:
    changes = {"school": {"affiliation": "县(市、区)属"}}
    report = read_back(written(tmp_path, changes))
    assert report.issues == []
    assert report.data is not None and report.data.school is not None
    assert report.data.school.affiliation == "县（市、区）属"


def test_codes_in_full_width_or_typed_as_numbers(tmp_path: Path, clean: Report) -> None:
    changes = {"school": {"school_code": "３６２２０８０１２３", "division_code": 220802},
               "enrollment": {0: {"code": 610301}}}
    report = read_back(written(tmp_path, changes))
    assert report.issues == []
    assert report.data == clean.data


@pytest.mark.parametrize(("changes", "expected"), [
    ({"teachers": {"dual_ratio_reported": "—"}, "employment": {"in_field_rate_reported": "/"}},
     []),
    ({"enrollment": {1: {"model_major": "否"}}, "awards": {1: {"advisors": "无"}}}, []),
    ({"teachers": {"part_time": "-"}}, [("F004", "教师队伍", "C10")]),
    ({"teachers": {"part_time": "无"}}, [("F005", "教师队伍", "C10")]),
], ids=["dash-in-optional-rate", "none-in-optional-choice", "dash-in-required",
        "none-in-required-count"])
def test_placeholders_for_nothing(tmp_path: Path, changes: dict[str, Any],
                                  expected: list[Where]) -> None:
    report = read_back(written(tmp_path, changes))
    assert places(report) == expected


def test_choice_with_other_punctuation_is_read(tmp_path: Path) -> None:
    report = read_back(written(tmp_path, {"school": {"affiliation": "县（市，区）属"}}))
    assert report.issues == []
    assert report.data is not None and report.data.school is not None
    assert report.data.school.affiliation == "县（市、区）属"


def test_headers_and_labels_with_units_in_brackets(tmp_path: Path, clean: Report) -> None:
    def add_units(book: openpyxl.Workbook) -> None:
        for sheet, column in (("专业与学生", 3), ("专业与学生", 7), ("满意度调查", 7)):
            cell = book[sheet].cell(2, column)
            cell.value = f"{cell.value}（{'%' if sheet == '满意度调查' else '人'}）"
        book["学校信息"]["A9"] = "校园占地面积(平方米)"
        book["学校信息"]["E9"] = None  # no 字段 key: the label alone must do
        book["教师队伍"]["C2"] = "填报值（2022年）"

    report = read_back(edit(written(tmp_path), add_units))
    assert report.issues == []
    assert report.data == clean.data


def test_signature_lines_under_a_table_are_not_records(tmp_path: Path, clean: Report) -> None:
    def sign(book: openpyxl.Workbook) -> None:
        sheet = book["专业与学生"]
        sheet.append([])
        sheet.append(["填表人：王老师", None, "审核人：李校长", None, "填表日期：2022年9月10日"])
        sheet.append(["注：在校生数为9月1日数据。"])

    report = read_back(edit(written(tmp_path), sign))
    assert report.issues == []
    assert report.data == clean.data


# --- totals, blank rows, formulas, percentages -------------------------------------------------

_MAJORS = valid_school()["enrollment"]
_TOTAL = {"code": "合计", "new_students": 228, "grade_1": 230, "grade_2": 200, "grade_3": 170,
          "students": 600, "graduates": 158}


def test_correct_total_row_is_not_counted(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, {"enrollment": [*_MAJORS, _TOTAL]}))
    assert report.issues == []
    assert report.data == clean.data


def test_total_row_heading_the_table(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, {"enrollment": [{**_TOTAL, "code": "总 计"}, *_MAJORS]}))
    assert report.issues == []
    assert report.data == clean.data


def test_wrong_total_row_is_f013_at_the_total(tmp_path: Path, clean: Report) -> None:
    total = {**_TOTAL, "code": "全校合计", "graduates": 160, "grade_1": 229}
    report = read_back(written(tmp_path, {"enrollment": [*_MAJORS, total]}))
    assert places(report) == [("F013", "专业与学生", "D6"), ("F013", "专业与学生", "H6")]
    graduates = next(i for i in report.issues if i.cell == "H6")
    assert graduates.value == 160 and graduates.expected == "158" and graduates.field == "graduates"
    assert report.data == clean.data


def test_subtotals_and_a_grand_total(tmp_path: Path, clean: Report) -> None:
    first, second, third = _MAJORS
    subtotal = {"code": "小计", "new_students": 140, "grade_1": 140, "grade_2": 120,
                "grade_3": 100, "students": 360, "graduates": 93}
    wrong_subtotal = {**third, "code": "小 计", "name": None, "new_students": 89,
                      "model_major": None}
    rows = [first, second, subtotal, third, wrong_subtotal, _TOTAL]
    report = read_back(written(tmp_path, {"enrollment": rows}))
    # the second 小计 covers the third major only: 88 new students, not 89
    assert places(report) == [("F013", "专业与学生", "C7")]
    wrong = report.issues[0]
    assert wrong.expected == "88"
    assert report.data is not None and len(report.data.enrollment) == 3


def test_blank_rows_between_records_are_skipped(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly(blank_rows=True)))
    assert report.issues == []
    assert report.data == clean.data


def test_formulas_with_cached_values_are_read(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly(formulas=True)))
    assert report.issues == []
    assert report.data == clean.data


def test_formulas_without_cached_values_are_f009_per_cell(tmp_path: Path) -> None:
    report = read_back(written(tmp_path, style=Ugly(formulas_uncached=True)))
    assert places(report) == [("F009", "专业与学生", "G3"), ("F009", "专业与学生", "G4"),
                              ("F009", "专业与学生", "G5")]
    assert all(i.is_error and i.field == "students" for i in report.issues)
    assert report.data is not None
    assert [major.students for major in report.data.enrollment] == [None, None, None]


def _rewrite_sheet_xml(path: Path, sheet_title: str, change: Callable[[str], str]) -> None:
    """Rewrite one sheet's XML the way another program would have written it."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = re.search(rf'<sheet\b[^>]*name="{sheet_title}"[^>]*>', parts["xl/workbook.xml"].decode())
    assert sheet is not None
    rel_id = re.search(r'r:id="([^"]+)"', sheet.group(0))
    assert rel_id is not None
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    relation = re.search(rf'<Relationship\b[^>]*Id="{rel_id.group(1)}"[^>]*>', rels)
    assert relation is not None
    target = re.search(r'Target="/?(?:xl/)?([^"]+)"', relation.group(0))
    assert target is not None
    name = "xl/" + target.group(1)
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, payload in parts.items():
            archive.writestr(filename, payload)


def _patch_cell_xml(path: Path, sheet_title: str, cell: str, xml: str) -> None:
    def replace(sheet_xml: str) -> str:
        patched, count = re.subn(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)', xml, sheet_xml)
        assert count == 1
        return patched

    _rewrite_sheet_xml(path, sheet_title, replace)


def _prefixed(sheet_xml: str) -> str:
    """The same sheet with every element in an ``x:`` namespace prefix, as some tools write."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert main in sheet_xml
    sheet_xml = sheet_xml.replace(main, main.replace("xmlns=", "xmlns:x="))
    return re.sub(r"<(/?)(?=[A-Za-z])", r"<\1x:", sheet_xml)


def test_sheet_xml_with_a_namespace_prefix(tmp_path: Path) -> None:
    path = written(tmp_path, style=Ugly(percent_format=True, formulas_uncached=True))
    for title in ("教师队伍", "专业与学生", "满意度调查"):
        _rewrite_sheet_xml(path, title, _prefixed)
    report = read_back(path)
    # percent cells still read as percentages (no T306/Q603), uncached formulas still found
    assert places(report) == [("F009", "专业与学生", "G3"), ("F009", "专业与学生", "G4"),
                              ("F009", "专业与学生", "G5")]


def test_formula_that_computed_an_empty_text_is_not_f009(tmp_path: Path) -> None:
    path = written(tmp_path)
    _patch_cell_xml(path, "满意度调查", "G3", '<c r="G3" t="str"><f>IF(C3=0,"",D3)</f><v></v></c>')
    report = read_back(path)
    assert report.issues == []
    assert report.data is not None and report.data.satisfaction[0].rate is None


def test_formula_error_cell_is_f014(tmp_path: Path) -> None:
    path = written(tmp_path)
    _patch_cell_xml(path, "满意度调查", "G3", '<c r="G3" t="e"><f>D3/0</f><v>#DIV/0!</v></c>')
    report = read_back(path)
    assert places(report) == [("F014", "满意度调查", "G3")]


def test_percent_formatted_fractions_read_as_percentages(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly(percent_format=True)))
    assert report.issues == []
    assert report.data == clean.data
    assert report.data is not None and report.data.teachers is not None
    assert report.data.teachers.dual_ratio_reported == 60


def test_percent_formatted_fraction_typed_by_hand(tmp_path: Path) -> None:
    # 30 very satisfied + 24 satisfied of 100: 54%, shown by Excel from 0.54 in a "0%" cell
    changes = {"satisfaction": {0: {"samples": 100, "very_satisfied": 30, "satisfied": 24,
                                    "dissatisfied": 46, "rate": 54}}}
    plain = read_back(written(tmp_path, changes, name="plain.xlsx"))

    def as_percent(book: openpyxl.Workbook) -> None:
        cell = book["满意度调查"]["G3"]
        cell.value = 0.54
        cell.number_format = "0%"

    report = read_back(edit(written(tmp_path, changes), as_percent))
    assert report.issues == plain.issues == []
    assert report.data == plain.data
    assert report.data is not None and report.data.satisfaction[0].rate == 54


def test_percent_formatted_cells_in_legacy_xls(tmp_path: Path, clean: Report) -> None:
    report = read_back(write_xls(valid_school(), tmp_path / "s.xls", style=Ugly(percent_format=True)))
    assert report.issues == []
    assert report.data == clean.data


# --- sheets ----------------------------------------------------------------------------------


def test_unknown_sheet_is_a_warning_and_ignored(tmp_path: Path, clean: Report) -> None:
    report = read_back(written(tmp_path, style=Ugly(extra_sheet=True)))
    assert places(report) == [("F010", "Sheet1", None)]
    assert report.valid and not report.passes(strict=True)
    assert report.data == clean.data


@pytest.mark.parametrize("title", ["填表说明", " 填表说明 ", "校验结果"])
def test_instruction_and_result_sheets_are_silent(tmp_path: Path, clean: Report,
                                                  title: str) -> None:
    def add(book: openpyxl.Workbook) -> None:
        book.create_sheet(title, 0).append(["说明", "这张表不含数据"])

    report = read_back(edit(written(tmp_path), add))
    assert report.issues == []
    assert report.data == clean.data


def test_hidden_helper_sheet_is_silent_and_hidden_data_sheet_still_read(
        tmp_path: Path, clean: Report) -> None:
    def hide(book: openpyxl.Workbook) -> None:
        lists = book.create_sheet("lists")
        lists.append(["市直属", "县（市、区）属", "其他"])
        lists.sheet_state = "hidden"
        book["服务贡献"].sheet_state = "hidden"

    report = read_back(edit(written(tmp_path), hide))
    assert report.issues == []
    assert report.data == clean.data


def test_result_sheet_name_is_the_annotated_copys() -> None:
    from vetstat.outputs.annotate import RESULT_SHEET
    from vetstat.reading.workbook import RESULT_SHEET as SILENT

    assert SILENT == RESULT_SHEET


def test_missing_required_and_optional_sheets(tmp_path: Path) -> None:
    report = read_back(written(tmp_path, {"funding": REMOVE, "awards": REMOVE, "services": REMOVE}))
    assert places(report) == [("F002", "经费投入", None)]


def test_form_field_twice_without_key_column(tmp_path: Path) -> None:
    def add(book: openpyxl.Workbook) -> None:
        book["教师队伍"].append(["专任教师数", "人", 50])

    path = edit(written(tmp_path, style=Ugly(drop_key_column=True)), add)
    report = read_back(path)
    assert places(report) == [("F011", "教师队伍", "C17")]


def test_missing_form_row_and_table_column(tmp_path: Path) -> None:
    changes = {"teachers": {"part_time": REMOVE},
               "satisfaction": {i: {"dissatisfied": REMOVE} for i in range(8)}}
    report = read_back(written(tmp_path, changes))
    assert ("F003", "教师队伍", None) in places(report)
    assert ("F003", "满意度调查", "A2") in places(report)
    fields = {i.field for i in report.issues if i.code == "F003"}
    assert fields == {"part_time", "dissatisfied"}


def test_table_sheet_without_a_header(tmp_path: Path) -> None:
    def wipe(book: openpyxl.Workbook) -> None:
        sheet: Worksheet = book["技能大赛"]
        sheet.delete_rows(1, sheet.max_row)
        sheet.append(["国家级", "电子", "张三", "李四", "一等奖"])

    report = read_back(edit(written(tmp_path), wipe))
    assert places(report) == [("F003", "技能大赛", None)]


# --- other file formats and writers ----------------------------------------------------------


def test_committed_wps_xls_reads_like_the_xlsx(clean: Report) -> None:
    report = read_back(FIXTURES / "valid_wps.xls")
    assert report.issues == []
    assert report.data == clean.data


def test_an_xls_protected_without_a_password_reads(clean: Report) -> None:
    """LibreOffice (as Excel) saves a workbook whose structure is protected with no password
    RC4-encrypted with Excel's default password, and opens it without a prompt; it was refused
    as password-protected (tests/libreoffice_xls.py wrote the fixture)."""
    report = read_back(FIXTURES / "xls_protected.xls")
    # (written from an earlier template: a notice of its version at most)
    assert report.readable and [i for i in report.issues if i.severity != "info"] == []
    assert report.data is not None and clean.data is not None
    assert report.data.school == clean.data.school
    assert report.data.enrollment == clean.data.enrollment


def test_an_xls_with_a_real_password_is_said_to_need_it() -> None:
    report = read_back(FIXTURES / "xls_password.xls")
    assert places(report) == [("F001", None, None)]
    assert "密码" in report.issues[0].message() and "password" in report.issues[0].message(Lang.EN)


def test_xlsx_saved_under_an_xls_name(tmp_path: Path, clean: Report) -> None:
    path = written(tmp_path)
    renamed = path.rename(tmp_path / "school.xls")
    report = read_back(renamed)
    assert [issue.code for issue in report.issues] == ["F020"]  # read, and the name flagged
    assert report.data == clean.data


def test_blank_template_reads_as_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    report = read_back(path)
    assert report.readable and not report.valid
    expected: list[Where] = []
    for sheet in SHEETS:
        if sheet.table or not sheet.required:
            continue
        for row, spec in enumerate(sheet.fields, start=3):
            if spec.required:
                expected.append((spec.missing_code or "F004", sheet.title, f"C{row}"))
    expected += [("E208", "专业与学生", None)] + [("Q604", "满意度调查", None)] * 7
    assert places(report) == sorted(expected)


def test_template_for_a_year_has_the_year(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, 2023)
    report = read_back(path)
    assert "S104" not in codes(report)
    assert report.data is not None and report.data.school is not None
    assert report.data.school.year == 2023


def test_school_written_into_the_template_reads_back_equal(tmp_path: Path, clean: Report) -> None:
    data = valid_school()
    path = tmp_path / "filled.xlsx"
    write_school(data, path)
    report = read_back(path)
    assert report.issues == []
    assert report.data == clean.data
    assert report.data is not None
    for key in ("school", "teachers", "employment", "funding", "services"):
        read = getattr(report.data, key).model_dump()
        assert {k: v for k, v in read.items() if v is not None} == data[key], key
    for key in ("enrollment", "satisfaction", "awards"):
        read_rows = [{k: v for k, v in row.model_dump().items() if v is not None}
                     for row in getattr(report.data, key)]
        given = [{k: v for k, v in row.items() if v not in (None, "")} for row in data[key]]
        assert read_rows == given, key


def test_school_data_written_back_from_a_report(tmp_path: Path, clean: Report) -> None:
    assert clean.data is not None
    path = tmp_path / "again.xlsx"
    write_school(clean.data, path)
    again = read_back(path)
    assert again.issues == []
    assert again.data == clean.data


# --- garbage ---------------------------------------------------------------------------------


def _encrypted(tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = written(tmp_path, name="plain.xlsx")
    target = tmp_path / "school.xlsx"
    with plain.open("rb") as source, target.open("wb") as out:
        OOXMLFile(source).encrypt("密码123", out)
    return target


def _truncated(tmp_path: Path) -> Path:
    data = written(tmp_path, name="whole.xlsx").read_bytes()
    target = tmp_path / "school.xlsx"
    target.write_bytes(data[: len(data) // 2])
    return target


def _zip_without_workbook(tmp_path: Path) -> Path:
    import zipfile

    target = tmp_path / "school.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return target


def _file(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        target = tmp_path / name
        target.write_bytes(content)
        return target

    return make


def _folder(tmp_path: Path) -> Path:
    target = tmp_path / "x.xlsx"
    target.mkdir()
    return target


def _stored(source: Path, target: Path) -> bytes:
    """``source`` re-packed without compression, so that its XML is plain in the file."""
    with zipfile.ZipFile(source) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for name, payload in parts:
            archive.writestr(name, payload)
    return target.read_bytes()


def _bad_crc(tmp_path: Path) -> Path:
    """学校标识码 changed inside the stored file, its CRC-32 not: damaged in transit."""
    target = tmp_path / "school.xlsx"
    data = _stored(written(tmp_path, name="plain.xlsx"), target)
    assert data.count(b"3622080123") == 1
    target.write_bytes(data.replace(b"3622080123", b"3622980123"))
    return target


def _bad_crc_in_a_later_sheet(tmp_path: Path) -> Path:
    """Damage in 服务贡献 only shows when that sheet is read, after the others gave issues."""
    target = tmp_path / "school.xlsx"
    source = written(tmp_path, {"school": {"books": "24,000"}, "services": {"partner_enterprises": 987654}},
                     style=Ugly(extra_sheet=True), name="plain.xlsx")
    data = _stored(source, target)
    assert data.count(b"987654") == 1
    target.write_bytes(data.replace(b"987654", b"987655"))
    return target


# (signature, offset of the flags, of the name's length, of the name) of zip's two headers
_ZIP_HEADERS = ((b"PK\x01\x02", 8, 28, 46), (b"PK\x03\x04", 6, 26, 30))


def _password_zip(tmp_path: Path) -> Path:
    """A zip whose workbook part is flagged as encrypted (zip's own password, not Office's)."""
    target = tmp_path / "school.xlsx"
    data = bytearray(_stored(written(tmp_path, name="plain.xlsx"), target))
    flagged = 0
    for signature, flags_at, length_at, name_at in _ZIP_HEADERS:
        start = data.find(signature)
        while start >= 0:
            length = int.from_bytes(data[start + length_at:start + length_at + 2], "little")
            if data[start + name_at:start + name_at + length] == b"xl/workbook.xml":
                data[start + flags_at] |= 0x01
                flagged += 1
            start = data.find(signature, start + 4)
    assert flagged == 2
    target.write_bytes(bytes(data))
    return target


def _cut_short(tmp_path: Path) -> Path:
    """The compressed stream of the first sheet cut in half, both headers saying so: the
    deflate data ends before its last block."""
    target = tmp_path / "school.xlsx"
    shutil.copyfile(written(tmp_path, name="plain.xlsx"), target)
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(target.read_bytes())
    name = info.filename.encode()
    cut = 0
    # (signature, offset of the compressed size, of the name's length, of the name)
    for signature, size_at, length_at, name_at in ((b"PK\x01\x02", 20, 28, 46),
                                                   (b"PK\x03\x04", 18, 26, 30)):
        start = data.find(signature)
        while start >= 0:
            length = int.from_bytes(data[start + length_at:start + length_at + 2], "little")
            if data[start + name_at:start + name_at + length] == name:
                data[start + size_at:start + size_at + 4] = (info.compress_size // 2).to_bytes(
                    4, "little")
                cut += 1
            start = data.find(signature, start + 4)
    assert cut == 2
    target.write_bytes(bytes(data))
    return target


GARBAGE: dict[str, Callable[[Path], Path]] = {
    "empty": _file("school.xlsx", b""),
    "random-bytes": _file("school.xlsx", bytes(range(256)) * 7 + os.urandom(512)),
    "csv-renamed": _file("school.xlsx", "学校名称,学校标识码\n示范学校,3622080123\n".encode()),
    "html-as-xls": _file("school.xls", b"<html><head><meta charset='utf-8'></head><body><table>"
                         b"<tr><td>\xe5\xad\xa6\xe6\xa0\xa1</td></tr></table></body></html>"),
    "ole-not-excel": _file("school.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
    "truncated-xlsx": _truncated,
    "zip-without-workbook": _zip_without_workbook,
    "encrypted": _encrypted,
    "password-zip": _password_zip,
    "bad-crc": _bad_crc,
    "bad-crc-in-a-later-sheet": _bad_crc_in_a_later_sheet,
    "part-cut-short": _cut_short,
    "folder": _folder,
    "missing": lambda tmp_path: tmp_path / "nowhere.xlsx",
}


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_garbage_is_one_f001_with_a_reason(tmp_path: Path, kind: str) -> None:
    path = GARBAGE[kind](tmp_path)
    report = read_back(path)
    assert [i.code for i in report.issues] == ["F001"]
    issue: Issue = report.issues[0]
    assert issue.is_error and issue.sheet is None and issue.cell is None
    assert issue.params["reason"] and issue.params["reason_en"]
    assert issue.params["reason_en"] in issue.message(Lang.EN)
    assert not report.readable and report.data is None and not report.valid
    assert report.to_dict()["issues"][0]["code"] == "F001"


@pytest.mark.parametrize("make", [_encrypted, _password_zip], ids=["office", "zip"])
def test_encrypted_workbook_says_so(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    report = read_back(make(tmp_path))
    assert "password" in report.issues[0].params["reason_en"]


def test_a_part_cut_short_says_which_and_how(tmp_path: Path) -> None:
    reason = read_back(_cut_short(tmp_path)).issues[0].params["reason_en"]
    assert "xl/worksheets/sheet1.xml" in reason and "cut short" in reason, reason


def test_cells_right_of_a_table_and_far_right_are_ignored(tmp_path: Path, clean: Report) -> None:
    def scribble(book: openpyxl.Workbook) -> None:
        sheet = book["专业与学生"]
        for column in range(10, 30):  # J:AC, scratch figures beside and under the table
            sheet.cell(4, column, 1)
            sheet.cell(7, column, 2)
        sheet.cell(8, 300, "far right")  # past the columns a reader keeps

    report = read_back(edit(written(tmp_path), scribble))
    assert report.issues == []
    assert report.data == clean.data


def test_a_huge_whole_number_is_a_number_beyond_its_bound(tmp_path: Path) -> None:
    """Read exactly as the number it is, then refused as implausible (F017), not summed."""
    report = read_back(written(tmp_path, {"services": {"social_training": 1e20}}))
    assert places(report) == [("F017", "服务贡献", "C5")]
    assert report.issues[0].value == 10**20
    assert "1e+20" in report.issues[0].message() and "10000000 人次" in report.issues[0].message()
    assert report.data is not None and report.data.services is not None
    assert report.data.services.social_training is None


def test_copy_of_a_file_reads_the_same(tmp_path: Path, clean: Report) -> None:
    """Reading leaves nothing behind: a second read of the same bytes gives the same report."""
    path = written(tmp_path)
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(path, copy)
    first, second = read_back(path), read_back(copy)
    assert first.data == second.data == clean.data
    assert sorted(os.listdir(tmp_path)) == ["copy.xlsx", "school.xlsx"]


def test_parts_are_inflated_whole_checked_and_bounded(tmp_path: Path) -> None:
    """The reader's own inflating of a part: empty and stored parts, a lying size, a stream
    cut short and a changed byte are each what zipfile would say they are."""
    import copy

    from vetstat.xlsx import Unreadable
    from vetstat.xlsx.package import _inflate_part

    path = tmp_path / "parts.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("empty.xml", b"")
        archive.writestr("part.xml", b"<a/>" * 5000)
        archive.writestr("stored.xml", b"<b/>", compress_type=zipfile.ZIP_STORED)
    with zipfile.ZipFile(path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert _inflate_part(archive, infos["empty.xml"], 1000) == b""
        assert _inflate_part(archive, infos["part.xml"], 1 << 20) == b"<a/>" * 5000
        assert _inflate_part(archive, infos["stored.xml"], 1000) == b"<b/>"
        with pytest.raises(Unreadable, match="implausible size"):
            _inflate_part(archive, infos["part.xml"], 1000)
        cut = copy.copy(infos["part.xml"])
        cut.compress_size //= 2
        with pytest.raises(Unreadable, match="cut short"):
            _inflate_part(archive, cut, 1 << 20)
        changed = copy.copy(infos["part.xml"])
        changed.CRC ^= 1
        with pytest.raises(Unreadable, match="CRC"):
            _inflate_part(archive, changed, 1 << 20)


def test_parts_stored_or_named_in_chinese_read_as_deflated_ones(tmp_path: Path,
                                                                clean: Report) -> None:
    """The reader inflates the parts itself and hands calamine a copy of them: a workbook whose
    parts are all stored (not compressed), and one whose sheet parts have Chinese names with a
    space, read as the plain workbook does."""
    source = written(tmp_path, name="plain.xlsx")
    stored = tmp_path / "stored.xlsx"
    _stored(source, stored)
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for number in range(1, 9):
        old, new = f"xl/worksheets/sheet{number}.xml", f"xl/worksheets/工作表 {number}.xml"
        parts[new] = parts.pop(old)
        for listing in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            parts[listing] = parts[listing].replace(old.encode(), new.encode())
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    for path in (stored, renamed):
        report = read_back(path)
        assert report.issues == [] and report.data == clean.data, path.name


def test_the_copy_handed_to_calamine_is_a_sound_zip() -> None:
    import io

    from vetstat.xlsx.package import _stored_zip

    parts = [("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/表.xml", b""),
             ("[Content_Types].xml", b"<Types/>" * 1000)]
    archive = zipfile.ZipFile(io.BytesIO(_stored_zip(
        [(name, data, zipfile.crc32(data)) for name, data in parts])))
    assert archive.testzip() is None  # every CRC and size agrees with its data
    assert [(info.filename, info.compress_type) for info in archive.infolist()] == [
        (name, zipfile.ZIP_STORED) for name, _data in parts]
    assert [archive.read(name) for name, _data in parts] == [data for _name, data in parts]


def test_a_part_name_past_any_excel_writes_is_refused_not_a_crash(tmp_path: Path) -> None:
    """Zip entry names may be 64 KB long; the copy handed to calamine cannot hold such a name,
    and no workbook Excel writes has one: F001, with the reason."""
    source = tmp_path / "school.xlsx"
    write_workbook(valid_school(), source)
    long_name = "xl/worksheets/" + "表" * 400 + ".xml"  # 1,200 bytes of UTF-8
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    first_sheet = re.search(r'Target="/?(xl/)?(worksheets/sheet\d+\.xml)"', rels)
    assert first_sheet is not None
    old_name = "xl/" + first_sheet.group(2)
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(first_sheet.group(0),
                                                       f'Target="/{long_name}"').encode()
    parts[long_name] = parts.pop(old_name)
    target = tmp_path / "long.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    report = validate_workbook(target)
    assert not report.readable
    assert [issue.code for issue in report.issues] == ["F001"]
    assert "longer part names" in report.issues[0].params["reason_en"]


def _sheet_names_on_one_part(source: Path, target: Path, copies: int,
                             grow: Callable[[bytes], bytes] = lambda sheet: sheet) -> Path:
    """``source`` with ``copies`` more sheet names (学校信息00, …) pointing at the part of its
    first sheet, that part changed by ``grow``."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    workbook = parts["xl/workbook.xml"].decode()
    first = re.search(r'<sheet [^>]*r:id="(rId\d+)"[^>]*/>', workbook)
    assert first is not None
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target_of = re.search(rf'Target="/?(?:xl/)?([^"]+)" Id="{first.group(1)}"', rels)
    assert target_of is not None
    part = "xl/" + target_of.group(1)
    parts[part] = grow(parts[part])
    copied = "".join(f'<sheet name="学校信息{n:02d}" sheetId="{100 + n}" r:id="{first.group(1)}"/>'
                     for n in range(copies))
    parts["xl/workbook.xml"] = workbook.replace("</sheets>", copied + "</sheets>").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _formula_rows(count: int) -> Callable[[bytes], bytes]:
    """``count`` rows of formulas far below the form: sheet data whose scan costs something."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><f>A{n}*2</f>'
                   f"<v>{2 * n}</v></c></row>" for n in range(1000, 1000 + count))
    return lambda sheet: sheet.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


@pytest.mark.parametrize("part", ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                                  "xl/styles.xml"])
def test_every_package_part_is_measured_as_a_sheet_would_be(tmp_path: Path, part: str) -> None:
    """calamine parses the package's parts with an XML parser and vetstat looks at them with
    searches, so a hostile file could make the two see different parts behind a sheet: every
    part handed to calamine is measured as a sheet. Two cells 17 billion cells apart in any of
    them make the file unreadable, for that part."""
    source = write_workbook(valid_school(), tmp_path / "school.xlsx")
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    # the builder writes text inline; calamine looks for the shared strings by this name
    parts.setdefault("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>')
    end = parts[part].rindex(b"</")
    parts[part] = (parts[part][:end] + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                   b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                   + parts[part][end:])
    target = tmp_path / "far.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    report = validate_workbook(target)
    assert not report.readable
    assert [issue.code for issue in report.issues] == ["F001"]
    reason = report.issues[0].params["reason_en"]
    assert part in reason and "too large" in reason, reason


def test_sheet_names_sharing_one_part_are_read_as_that_part(tmp_path: Path) -> None:
    """Forty look-alike sheet names pointing at the part of 学校信息: read, with no more than
    the warnings about extra sheets."""
    source = write_workbook(valid_school(), tmp_path / "school.xlsx")
    report = validate_workbook(_sheet_names_on_one_part(source, tmp_path / "copies.xlsx", 40))
    assert report.readable and {issue.code for issue in report.issues} <= {"F010", "F011"}


def test_sheet_names_sharing_one_part_cost_what_one_does(tmp_path: Path) -> None:
    """The part behind a hundred sheet names is inflated, measured and scanned once, not once
    per name. Counted in CPU time, on a part of 10,000 rows of formulas whose measure and scan
    cost tens of milliseconds: once per name, the hundred names would cost seconds."""
    from vetstat.xlsx import open_workbook

    source = write_workbook(valid_school(), tmp_path / "school.xlsx")
    grow = _formula_rows(10_000)
    one = _sheet_names_on_one_part(source, tmp_path / "one.xlsx", 0, grow)
    many = _sheet_names_on_one_part(source, tmp_path / "many.xlsx", 100, grow)

    def cpu(path: Path, names: int) -> float:
        """The least CPU time of three openings (every sheet name wanted)."""
        times = []
        for _ in range(3):
            start = time.process_time()
            book = open_workbook(path)
            times.append(time.process_time() - start)
        assert len(book.sheet_names) == names
        return min(times)

    alone, shared = cpu(one, 9), cpu(many, 109)
    assert shared < 2 * alone + 0.5, (alone, shared)
