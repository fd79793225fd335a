"""The template's list sheets: a 备注 column that explains a row's warnings, the ten fixed survey
rows written in advance (and left alone when a school does not survey a group), and Q605's
words for a group whose size nobody knows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from builders import valid_school
from helpers import invoke
from vetstat.core.contract import SHEETS
from vetstat.core.indicators import SURVEY_SLOTS
from vetstat.core.issues import Lang
from vetstat.outputs.template import write_school, write_template
from vetstat.usecases.validate import validate_workbook


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path, 2022)
    return path


def test_every_list_sheet_ends_with_a_note_column(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    for spec in SHEETS:
        if not spec.table:
            continue
        headers = [cell.value for cell in book[spec.title][2] if cell.value is not None]
        assert headers == [*(field.label for field in spec.fields), "备注"], spec.title


def test_the_ten_survey_rows_are_written_in_advance(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["满意度调查"]
    rows = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3, max_row=14)]
    assert rows[:10] == list(SURVEY_SLOTS)
    assert len(SURVEY_SLOTS) == 10
    assert rows[10:] == [(None, None), (None, None)]


def _school_from_template(template: Path, path: Path, surveys: dict[tuple[str, str], tuple[int, ...]]
                          ) -> Path:
    """The template with the given survey rows filled (samples, very, satisfied, dissatisfied);
    the other fixed rows are left as the template has them."""
    book = openpyxl.load_workbook(template)
    sheet = book["满意度调查"]
    for row in sheet.iter_rows(min_row=3, max_row=12):
        counts = surveys.get((row[0].value, row[1].value))
        if counts is not None:
            for cell, value in zip(row[2:6], counts, strict=True):
                cell.value = value
    book.save(path)
    return path


def _survey_issues(path: Path) -> set[tuple[str, str | None]]:
    report = validate_workbook(path)
    return {(i.code, i.cell) for i in report.issues if i.sheet == "满意度调查"}


REQUIRED = {slot: (100, 60, 30, 10) for slot in SURVEY_SLOTS[:7]}


def test_fixed_rows_a_school_leaves_empty_are_no_records(template: Path, tmp_path: Path) -> None:
    path = _school_from_template(template, tmp_path / "filled.xlsx", REQUIRED)
    issues = _survey_issues(path)
    assert not {code for code, _cell in issues} & {"F004", "Q604"}, issues
    report = validate_workbook(path)
    assert report.data is not None
    assert [(r.respondent, r.item) for r in report.data.satisfaction] == list(SURVEY_SLOTS[:7])


def test_a_fixed_row_filled_in_part_is_a_record(template: Path, tmp_path: Path) -> None:
    partly = {**REQUIRED, ("家长", "总体"): (50, None, None, None)}
    path = _school_from_template(template, tmp_path / "partly.xlsx", partly)  # type: ignore[arg-type]
    assert {("F004", "D11"), ("F004", "E11"), ("F004", "F11")} <= _survey_issues(path)


def test_a_required_row_left_empty_is_q604(template: Path, tmp_path: Path) -> None:
    missing = {slot: counts for slot, counts in REQUIRED.items() if slot != ("在校生", "生活")}
    path = _school_from_template(template, tmp_path / "missing.xlsx", missing)
    assert ("Q604", None) in _survey_issues(path)


def _with_small_employers(path: Path, note: str | None) -> Path:
    data = valid_school()
    data["satisfaction"].append({"respondent": "用人单位", "item": "总体", "samples": 20,
                                 "very_satisfied": 10, "satisfied": 8, "dissatisfied": 2,
                                 "rate": 90.0})
    write_school(data, path)
    if note is not None:
        book = openpyxl.load_workbook(path)
        sheet = book["满意度调查"]
        headers = [cell.value for cell in sheet[2]]
        row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "用人单位")
        row[headers.index("备注")].value = note
        book.save(path)
    return path


def test_q605_for_employers_says_their_number_is_unknown(tmp_path: Path) -> None:
    report = validate_workbook(_with_small_employers(tmp_path / "small.xlsx", None))
    q605 = next(i for i in report.issues if i.code == "Q605")
    zh, en = q605.message(Lang.ZH), q605.message(Lang.EN)
    assert "—" not in zh and "None" not in zh
    assert "用人单位的总体人数无从得知" in zh and "不少于 30" in zh
    assert "not known" in en
    assert not q605.explained


def test_q605_for_students_names_the_tenth(tmp_path: Path) -> None:
    data = valid_school()
    data["satisfaction"][0].update(samples=40, very_satisfied=20, satisfied=16, dissatisfied=4,
                                   rate=90.0)
    write_school(data, tmp_path / "students.xlsx")
    report = validate_workbook(tmp_path / "students.xlsx")
    q605 = next(i for i in report.issues if i.code == "Q605")
    assert "在校生数 600 的 10%，即 60" in q605.message(Lang.ZH)


def test_a_note_explains_q605_and_strict_passes(tmp_path: Path) -> None:
    path = _with_small_employers(tmp_path / "noted.xlsx", "合作企业仅 20 家，已全部调查")
    report = validate_workbook(path)
    q605 = next(i for i in report.issues if i.code == "Q605")
    assert q605.explained
    code, _, _ = invoke("validate", path, "--strict")
    assert code == 0
    unexplained = _with_small_employers(tmp_path / "unnoted.xlsx", None)
    code, _, _ = invoke("validate", unexplained, "--strict")
    assert code == 1
