"""Tests of the workbook writer in builders.py itself (not of vetstat's reader)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook, ZipError

from builders import (
    FORM_SHEETS,
    REMOVE,
    SAVED,
    Ugly,
    deep_update,
    lock_file,
    main,
    valid_school,
    write_workbook,
    write_xls,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CATALOGUE = ROOT / "src" / "vetstat" / "data" / "zhongzhi-majors-2021.csv"
SHEETS = [
    "学校信息",
    "专业与学生",
    "教师队伍",
    "就业与升学",
    "经费投入",
    "满意度调查",
    "技能大赛",
    "服务贡献",
    "学生素质",
]
ENROLLMENT_HEADERS = [
    "专业代码",
    "专业名称",
    "招生数",
    "一年级",
    "二年级",
    "三年级",
    "在校生数",
    "毕业生数",
    "示范专业",
]


def grid(path: Path, sheet: str) -> list[list[Any]]:
    """The sheet as calamine sees it, anchored at A1 so row and column numbers hold."""
    return (
        CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    )


def form_values(path: Path, sheet: str) -> dict[str, Any]:
    """Field key (column E) -> value (column C) of a form sheet with the header on row 2."""
    return {row[4]: row[2] for row in grid(path, sheet)[2:]}


# -- the valid school ---------------------------------------------------------------------------


def test_valid_school_adds_up() -> None:
    school = valid_school()
    majors = school["enrollment"]
    assert 3 <= len(majors) <= 4
    for major in majors:
        assert major["grade_1"] + major["grade_2"] + major["grade_3"] == major["students"]
        assert major["new_students"] <= major["students"]
        assert abs(major["new_students"] - major["grade_1"]) <= 0.1 * major["grade_1"]
    students = sum(major["students"] for major in majors)
    assert 500 <= students <= 700

    teachers = school["teachers"]
    assert teachers["foundation"] + teachers["specialty"] == teachers["full_time"]
    assert teachers["full_time"] <= teachers["staff_total"]
    assert teachers["dual_qualified"] <= teachers["specialty"]
    assert max(teachers["senior_title"], teachers["postgraduate"]) <= teachers["full_time"]
    dual_ratio = 100 * teachers["dual_qualified"] / teachers["specialty"]
    assert abs(teachers["dual_ratio_reported"] - dual_ratio) <= 0.5

    work = school["employment"]
    assert work["graduates"] == sum(major["graduates"] for major in majors)
    assert work["employed"] + work["further_study"] + work["not_placed"] == work["graduates"]
    assert work["employed_in_field"] <= work["employed"]
    assert work["to_bachelor"] <= work["further_study"]
    employment_rate = 100 * (work["employed"] + work["further_study"]) / work["graduates"]
    assert abs(work["employment_rate_reported"] - employment_rate) <= 0.5
    in_field_rate = 100 * work["employed_in_field"] / work["employed"]
    assert abs(work["in_field_rate_reported"] - in_field_rate) <= 0.5

    funding = school["funding"]
    per_student = funding["fiscal_appropriation"] * 10000 / students
    assert abs(funding["per_student_reported"] - per_student) <= 0.01 * per_student
    assert funding["equipment_purchase"] <= funding["equipment_value"]

    for survey in school["satisfaction"]:
        parts = survey["very_satisfied"] + survey["satisfied"] + survey["dissatisfied"]
        assert parts == survey["samples"]
        rate = 100 * (survey["very_satisfied"] + survey["satisfied"]) / survey["samples"]
        assert abs(survey["rate"] - rate) <= 0.5

    services = school["services"]
    assert services["x_passed"] <= services["x_candidates"]
    assert services["skill_passed"] <= services["skill_candidates"]


def test_valid_school_clears_every_warning_threshold() -> None:
    school = valid_school()
    students = sum(major["students"] for major in school["enrollment"])
    facts, teachers = school["school"], school["teachers"]
    assert re.fullmatch(r"36\d{8}", facts["school_code"])
    assert re.fullmatch(r"\d{6}", facts["division_code"])
    assert students / teachers["full_time"] <= 20
    assert teachers["dual_qualified"] >= 0.3 * teachers["specialty"]
    assert teachers["specialty"] >= 0.5 * teachers["full_time"]
    assert facts["building_area"] / students >= 20
    assert facts["land_area"] / students >= 33
    assert facts["books"] / students >= 30
    assert school["funding"]["equipment_value"] * 10000 / students >= 2500
    assert 1000 <= school["employment"]["starting_salary"] <= 20000

    populations = {
        "在校生": students,
        "毕业生": school["employment"]["graduates"],
        "教师": teachers["full_time"],
    }
    surveyed = {(s["respondent"], s["item"]): s["samples"] for s in school["satisfaction"]}
    student_items = ["理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全"]
    assert {("在校生", item) for item in student_items} | {("毕业生", "总体")} <= set(surveyed)
    for (respondent, _item), samples in surveyed.items():
        assert samples >= 30
        if respondent in populations:
            assert 0.1 * populations[respondent] <= samples <= populations[respondent]


def test_valid_school_uses_catalogue_names() -> None:
    if not CATALOGUE.exists():
        pytest.skip(f"major catalogue not found at {CATALOGUE}")
    with CATALOGUE.open(encoding="utf-8") as handle:
        names = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    for major in valid_school()["enrollment"]:
        assert names[major["code"]] == major["name"]


def test_valid_school_is_a_fresh_copy_each_time() -> None:
    first = valid_school()
    first["teachers"]["full_time"] = 1
    first["enrollment"].clear()
    assert valid_school()["teachers"]["full_time"] == 50
    assert len(valid_school()["enrollment"]) == 3


def test_deep_update_merges_removes_and_leaves_the_original_alone() -> None:
    school = valid_school()
    changed = deep_update(
        school,
        {
            "teachers": {"dual_qualified": 500, "part_time": REMOVE},
            "enrollment": {0: {"grade_1": 5}, -1: REMOVE},
            "awards": REMOVE,
            "notes": {"teachers": {"dual_qualified": "含兼职"}},
        },
    )
    assert changed["teachers"]["dual_qualified"] == 500
    assert changed["teachers"]["full_time"] == 50
    assert "part_time" not in changed["teachers"]
    assert [major["code"] for major in changed["enrollment"]] == ["610301", "700206"]
    assert changed["enrollment"][0]["grade_1"] == 5
    assert "awards" not in changed
    assert changed["notes"] == {"teachers": {"dual_qualified": "含兼职"}}
    assert school == valid_school()
    assert valid_school(teachers={"part_time": None})["teachers"]["part_time"] is None


# -- the plain layout ---------------------------------------------------------------------------


def test_valid_workbook_reopens_in_the_contract_layout(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "valid.xlsx")

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == SHEETS
    teachers = workbook["教师队伍"]
    assert [cell.value for cell in teachers[2]] == ["指标", "单位", "填报值", "备注", "字段"]
    assert [cell.value for cell in teachers[7]] == [
        "其中：“双师型”教师",
        "人",
        18,
        None,
        "dual_qualified",
    ]

    assert CalamineWorkbook.from_path(path).sheet_names == SHEETS
    enrollment = grid(path, "专业与学生")
    assert enrollment[1] == ENROLLMENT_HEADERS
    assert enrollment[2][:3] == ["610301", "畜禽生产技术", 82]
    assert grid(path, "满意度调查")[1] == [
        "调查对象",
        "调查项目",
        "有效样本数",
        "非常满意",
        "基本满意",
        "不满意",
        "满意度",
    ]
    assert grid(path, "技能大赛")[1] == ["赛事级别", "赛项名称", "获奖学生", "指导教师", "奖项"]
    assert form_values(path, "学校信息")["school_code"] == "3622080123"


def test_every_form_field_is_written_with_its_label_and_unit(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "valid.xlsx")
    for sheet_name, form_fields in FORM_SHEETS.values():
        rows = {row[4]: row for row in grid(path, sheet_name)[2:]}
        assert list(rows) == [form_field.key for form_field in form_fields]
        for form_field in form_fields:
            assert rows[form_field.key][0] == form_field.label
            assert rows[form_field.key][1] == form_field.unit


def test_notes_none_text_and_missing_sections(tmp_path: Path) -> None:
    school = valid_school(
        teachers={"dual_qualified": "约20", "part_time": None, "postgraduate": REMOVE},
        notes={"teachers": {"dual_qualified": "含企业兼职"}},
        awards=REMOVE,
        services=REMOVE,
        attainment=REMOVE,
    )
    path = write_workbook(school, tmp_path / "broken.xlsx")
    sheet = openpyxl.load_workbook(path)["教师队伍"]
    rows = {row[4].value: row for row in sheet.iter_rows(min_row=3)}
    assert rows["dual_qualified"][2].value == "约20"
    assert rows["dual_qualified"][3].value == "含企业兼职"
    assert rows["part_time"][2].value is None
    assert "postgraduate" not in rows
    assert CalamineWorkbook.from_path(path).sheet_names == SHEETS[:6]


def test_a_column_no_record_carries_is_left_out(tmp_path: Path) -> None:
    school = valid_school(enrollment={index: {"model_major": REMOVE} for index in range(3)})
    path = write_workbook(school, tmp_path / "no_model_major.xlsx")
    assert grid(path, "专业与学生")[1] == ENROLLMENT_HEADERS[:-1]


def test_a_total_record_is_written_as_a_total_row(tmp_path: Path) -> None:
    school = valid_school()
    school["enrollment"].append({"code": "合计", "students": 999})
    path = write_workbook(school, tmp_path / "total.xlsx")
    last = grid(path, "专业与学生")[-1]
    assert last[0] == "合计"
    assert last[6] == 999


# -- the ugly options ---------------------------------------------------------------------------


def test_numbers_as_text_uses_every_text_variant(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "text.xlsx", style=Ugly(numbers_as_text=True))
    workbook = openpyxl.load_workbook(path)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                assert not isinstance(cell.value, int | float), cell.coordinate
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert "30,000" in texts
    assert any(re.fullmatch(r"[０-９]+", text) for text in texts)
    assert any(re.fullmatch(r"\d+(人|册|家|个|人次)", text) for text in texts)
    assert any(text != text.strip() and text.strip().isdigit() for text in texts)
    assert any(re.fullmatch(r"\d+(\.\d+)?%", text) for text in texts)


def test_rows_above_header_moves_the_header(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "moved.xlsx", style=Ugly(rows_above_header=3))
    rows = grid(path, "专业与学生")
    assert rows[4] == ENROLLMENT_HEADERS
    assert rows[5][0] == "610301"
    assert rows[3][0].startswith("填报单位：")
    assert grid(path, "教师队伍")[4][:3] == ["指标", "单位", "填报值"]


def test_merged_title_spans_the_columns(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "merged.xlsx", style=Ugly(merged_title=True))
    sheet = openpyxl.load_workbook(path)["专业与学生"]
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A1:I1"]
    assert sheet["A1"].font.bold
    calamine_sheet = CalamineWorkbook.from_path(path).get_sheet_by_name("专业与学生")
    assert calamine_sheet.merged_cell_ranges == [((0, 0), (0, 8))]
    assert calamine_sheet.to_python()[0][1] == ""


def test_key_column_dropped_or_hidden(tmp_path: Path) -> None:
    dropped = write_workbook(
        valid_school(), tmp_path / "dropped.xlsx", style=Ugly(drop_key_column=True)
    )
    assert grid(dropped, "教师队伍")[1] == ["指标", "单位", "填报值", "备注"]
    hidden = write_workbook(
        valid_school(), tmp_path / "hidden.xlsx", style=Ugly(hidden_key_column=True)
    )
    sheet = openpyxl.load_workbook(hidden)["教师队伍"]
    assert sheet.column_dimensions["E"].hidden
    assert sheet["E3"].value == "staff_total"


def test_label_variants_use_half_width_punctuation_and_spaces(tmp_path: Path) -> None:
    path = write_workbook(
        valid_school(), tmp_path / "variants.xlsx", style=Ugly(label_variants=True)
    )
    assert CalamineWorkbook.from_path(path).sheet_names == [f" {name} " for name in SHEETS]
    labels = {row[4]: row[0] for row in grid(path, " 教师队伍 ")[2:]}
    assert labels["dual_qualified"] == ' 其中:"双师型"教师 '
    assert labels["postgraduate"] == " 具有硕士研究生及以上学历(学位)的专任教师 "


def test_shuffled_form_rows_keep_every_field(tmp_path: Path) -> None:
    path = write_workbook(
        valid_school(), tmp_path / "shuffled.xlsx", style=Ugly(shuffle_form_rows=True)
    )
    for sheet_name, form_fields in FORM_SHEETS.values():
        keys = [row[4] for row in grid(path, sheet_name)[2:]]
        expected = [form_field.key for form_field in form_fields]
        assert keys != expected
        assert sorted(keys) == sorted(expected)


def test_blank_rows_and_a_correct_total_row(tmp_path: Path) -> None:
    path = write_workbook(
        valid_school(), tmp_path / "total.xlsx", style=Ugly(blank_rows=True, total_row=True)
    )
    rows = grid(path, "专业与学生")[2:]
    assert [row[0] for row in rows] == ["610301", "", "700206", "", "710201", "", "合计"]
    assert all(cell == "" for cell in rows[1])
    records = [row for row in rows[:-1] if row[0]]
    for column in range(2, 8):
        assert rows[-1][column] == sum(record[column] for record in records)


def test_cached_formulas_are_visible_and_uncached_ones_empty(tmp_path: Path) -> None:
    cached = write_workbook(valid_school(), tmp_path / "cached.xlsx", style=Ugly(formulas=True))
    uncached = write_workbook(
        valid_school(), tmp_path / "uncached.xlsx", style=Ugly(formulas_uncached=True)
    )
    for path in (cached, uncached):
        sheet = openpyxl.load_workbook(path)["专业与学生"]
        assert sheet["G3"].value == "=SUM(D3:F3)"
    assert [row[6] for row in grid(cached, "专业与学生")[2:]] == [210, 150, 240]
    assert [row[6] for row in grid(uncached, "专业与学生")[2:]] == ["", "", ""]
    values = openpyxl.load_workbook(uncached, data_only=True)["专业与学生"]
    assert values["G3"].value is None


def test_cached_formulas_follow_moved_rows(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "all.xlsx", style=Ugly.everything())
    sheet = openpyxl.load_workbook(path)[" 专业与学生 "]
    formulas = [cell.value for cell in sheet["G"] if str(cell.value).startswith("=")]
    assert formulas == ["=SUM(D6:F6)", "=SUM(D8:F8)", "=SUM(D10:F10)", "=SUM(D12:F12)"]
    students = [row[6] for row in grid(path, " 专业与学生 ")[5:] if row[0]]
    assert students == [210, 150, 240, 600]


def test_percent_cells_hold_fractions_with_a_percent_format(tmp_path: Path) -> None:
    path = write_workbook(
        valid_school(), tmp_path / "percent.xlsx", style=Ugly(percent_format=True)
    )
    workbook = openpyxl.load_workbook(path)
    teachers = {row[4].value: row[2] for row in workbook["教师队伍"].iter_rows(min_row=3)}
    dual_ratio = teachers["dual_ratio_reported"]
    assert dual_ratio.value == pytest.approx(0.6)
    assert "%" in dual_ratio.number_format
    assert "%" not in teachers["full_time"].number_format
    employment = {row[4].value: row[2] for row in workbook["就业与升学"].iter_rows(min_row=3)}
    assert "%" in employment["employment_rate_reported"].number_format
    assert "%" in employment["in_field_rate_reported"].number_format
    rates = [row[6] for row in workbook["满意度调查"].iter_rows(min_row=3)]
    assert all("%" in cell.number_format for cell in rates)
    assert all(isinstance(cell.value, float) and 0.9 < cell.value < 1 for cell in rates)
    # calamine gives the stored fraction; the format is the only sign it means percent.
    assert form_values(path, "教师队伍")["dual_ratio_reported"] == pytest.approx(0.6)


def test_extra_and_instruction_sheets(tmp_path: Path) -> None:
    path = write_workbook(
        valid_school(),
        tmp_path / "extra.xlsx",
        style=Ugly(extra_sheet=True, instructions_sheet=True),
    )
    assert CalamineWorkbook.from_path(path).sheet_names == ["填表说明", *SHEETS, "Sheet1"]


def test_conflicting_options_are_refused() -> None:
    with pytest.raises(ValueError):
        Ugly(formulas=True, formulas_uncached=True)
    with pytest.raises(ValueError):
        Ugly(rows_above_header=-1)


def test_all_quirks_at_once_still_open(tmp_path: Path) -> None:
    path = write_workbook(valid_school(), tmp_path / "all.xlsx", style=Ugly.everything())
    workbook = CalamineWorkbook.from_path(path)
    assert workbook.sheet_names[0] == "填表说明"
    assert workbook.sheet_names[-1] == "Sheet1"
    openpyxl.load_workbook(path)


# -- legacy .xls, lock files, the command line ---------------------------------------------------


def test_xls_reopens_with_calamine(tmp_path: Path) -> None:
    path = write_xls(valid_school(), tmp_path / "valid.xls")
    workbook = CalamineWorkbook.from_path(path)
    assert workbook.sheet_names == SHEETS
    assert grid(path, "专业与学生")[1] == ENROLLMENT_HEADERS
    assert form_values(path, "教师队伍")["dual_qualified"] == 18
    assert form_values(path, "学校信息")["school_code"] == "3622080123"


def test_xls_with_quirks(tmp_path: Path) -> None:
    style = Ugly(merged_title=True, percent_format=True, hidden_key_column=True)
    path = write_xls(valid_school(), tmp_path / "ugly.xls", style=style)
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_name("教师队伍")
    assert sheet.merged_cell_ranges == [((0, 0), (0, 4))]
    assert form_values(path, "教师队伍")["dual_ratio_reported"] == pytest.approx(0.6)
    with pytest.raises(ValueError):
        write_xls(valid_school(), tmp_path / "formulas.xls", style=Ugly(formulas=True))


def test_committed_xls_fixture_is_what_the_builder_writes(tmp_path: Path) -> None:
    committed = FIXTURES / "valid_wps.xls"
    fresh = tmp_path / "valid_wps.xls"
    assert main(["--xls", str(fresh)]) == 0
    for sheet in SHEETS:
        assert grid(committed, sheet) == grid(fresh, sheet), sheet


def test_lock_file_sits_next_to_the_workbook(tmp_path: Path) -> None:
    workbook = write_workbook(valid_school(), tmp_path / "school.xlsx")
    lock = lock_file(workbook)
    assert lock == tmp_path / "~$school.xlsx"
    payload = lock.read_bytes()
    assert len(payload) == 165
    assert payload[1 : 1 + payload[0]] == b"Administrator"
    with pytest.raises(ZipError):
        CalamineWorkbook.from_path(lock)


def test_gallery_writes_every_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    written = {path.name for path in tmp_path.iterdir()}
    expected = {f"ugly_{name}.xlsx" for name in Ugly.option_names()}
    expected |= {"valid.xlsx", "valid.xls", "ugly_all.xlsx"}
    assert written == expected
    assert len(capsys.readouterr().out.splitlines()) == len(expected)
    for name in expected:
        CalamineWorkbook.from_path(tmp_path / name)


def test_every_workbook_records_one_saved_time_whatever_the_clock(tmp_path: Path) -> None:
    """Two files of one school count by the later saved (X901): a clock's time in each would
    make which one counts depend on a second ending between two writes."""
    import time
    from datetime import UTC

    from vetstat.xlsx.saved import saved_time

    first = write_workbook(valid_school(), tmp_path / "a.xlsx")
    time.sleep(1.05)
    second = write_workbook(valid_school(), tmp_path / "b.xlsx")
    assert saved_time(first) == saved_time(second) == SAVED.replace(tzinfo=UTC).timestamp()
