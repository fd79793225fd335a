"""The year comparison (data contract §2 Y rules, §5, §6), on real workbooks built by builders.py.

Two small years of four schools each, 2021 → 2022 (written by helpers.py):

- 甲 (…011) is in both years; its fiscal appropriation jumps from 600 to 900 万元 (+50 %: Y001)
  and its 双师型 share rises by exactly 10 points (not *more* than 10: no Y001);
- 乙 (…022) is in 2021 only, 戊 (…055) in 2022 only (Y002 each);
- 丙 keeps its name but its code changes from …033 to …039 (matched by name: Y006);
- 丁 (…044) closes 610302 and opens 710202 (Y003 each), its 700206 has 65 in 二年级 against 60
  in last year's 一年级 (Y004), and its 710201 has 75 graduates against 70 in last year's
  三年级 (Y005).

Every expected city figure is computed here from the builder dicts, independently of vetstat.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import deep_update
from helpers import (
    C_NEW_CODE,
    CODES,
    NAMES,
    NEW,
    OLD,
    OPENED_MAJOR,
    d_school,
    new_schools,
    old_schools,
    write_year,
    year_school,
)
from vetstat.core.config import Config, Thresholds
from vetstat.core.indicators import Formula, indicator, views
from vetstat.core.issues import RULES, Lang, Severity
from vetstat.core.jsondoc import to_json
from vetstat.figures.years import YearDiff, comparable
from vetstat.outputs.diff_tables import diff_tables
from vetstat.outputs.diffbook import write_diff_workbook
from vetstat.outputs.xlstyle import WARNING_FILL
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.diff import diff_years, load_side


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("years")
    return write_year(root / "2021", old_schools()), write_year(root / "2022", new_schools())


@pytest.fixture(scope="module")
def result(years: tuple[Path, Path]) -> YearDiff:
    old, new = years
    return diff_years(load_side(old), load_side(new), Config(), old_source=str(old),
                      new_source=str(new))


def found(diff: YearDiff) -> set[tuple[str, str, str | None, Any]]:
    """(code, file name, field, value) of every issue and listed entry (Y003)."""
    return {(i.code, Path(i.file).name, i.field, i.value) for i in [*diff.issues, *diff.listed]}


# --- hand-made city figures ----------------------------------------------------------------------


def hand_city(schools: list[dict[str, Any]]) -> dict[str, float]:
    majors = [m for s in schools for m in s["enrollment"]]

    def total(sheet: str, key: str) -> float:
        return sum(s[sheet][key] for s in schools)

    students = sum(m["students"] for m in majors)
    employment_graduates = total("employment", "graduates")
    placed = total("employment", "employed") + total("employment", "further_study")
    student_surveys = [r for s in schools for r in s["satisfaction"] if r["respondent"] == "在校生"]
    satisfied = sum(r["very_satisfied"] + r["satisfied"] for r in student_surveys)
    return {
        "schools": len(schools),
        "students": students,
        "new_students": sum(m["new_students"] for m in majors),
        "grade_2": sum(m["grade_2"] for m in majors),
        "graduates": sum(m["graduates"] for m in majors),
        "majors": len({m["code"] for m in majors}),
        "full_time": total("teachers", "full_time"),
        "fiscal_appropriation": total("funding", "fiscal_appropriation"),
        "student_teacher_ratio": students / total("teachers", "full_time"),
        "dual_ratio": 100 * total("teachers", "dual_qualified") / total("teachers", "specialty"),
        "employment_rate": 100 * placed / employment_graduates,
        "per_student_appropriation": 10000 * total("funding", "fiscal_appropriation") / students,
        "satisfaction_students_overall": 100 * satisfied / sum(r["samples"] for r in student_surveys),
        "awards_total_entries": sum(len(s["awards"]) for s in schools),
    }


def test_city_figures_old_and_new_are_the_schools_summed(result: YearDiff) -> None:
    old = hand_city(list(old_schools().values()))
    new = hand_city(list(new_schools().values()))
    for key in old:
        change = result.city[key]
        assert change.old == pytest.approx(old[key]), key
        assert change.new == pytest.approx(new[key]), key
        assert change.change == pytest.approx(new[key] - old[key]), key


def test_change_in_percent_for_counts_and_in_points_for_rates(result: YearDiff) -> None:
    students = result.city["students"]
    assert (students.old, students.new) == (2430, 2445)
    assert students.change == 15
    assert students.change_pct == pytest.approx(15 * 100 / 2430)
    assert students.to_dict()["change_pct_unit"] == "percent"
    dual = result.city["dual_ratio"]  # 72/120 → 75/120
    assert dual.change == pytest.approx(2.5)
    assert dual.change_pct == pytest.approx(2.5)  # points, not 2.5/60
    assert dual.to_dict()["change_pct_unit"] == "points"
    satisfaction = result.city["satisfaction_students_theory"]
    assert satisfaction.to_dict()["change_pct_unit"] == "points"


def test_every_rate_is_compared_in_points() -> None:
    rates = {item.key for item in views().compared if item.rate}
    percentages = {key for key, formula in views().formulas if formula.factor == 100.0}
    surveys = {item.key for item in views().compared if item.sheet == "satisfaction"}
    assert percentages | surveys == rates
    assert all(item.unit == "%" for item in views().all if item.key in rates)
    assert not any(isinstance(item.source, Formula) and item.source.factor != 100.0
                   for item in views().all if item.rate)


def test_the_flagged_pair_raises_exactly_the_y_rules(result: YearDiff, years: tuple[Path, Path]
                                                      ) -> None:
    assert found(result) == {
        ("Y001", "a.xlsx", "fiscal_appropriation", 900.0),
        ("Y002", "b.xlsx", "school_code", CODES["乙"]),
        ("Y002", "e.xlsx", "school_code", CODES["戊"]),
        ("Y006", "c.xlsx", "school_code", C_NEW_CODE),
        ("Y003", "d.xlsx", "code", "710202"),
        ("Y003", "d.xlsx", "code", "610302"),
        ("Y004", "d.xlsx", "grade_2", 65),
        ("Y005", "d.xlsx", "graduates", 75),
    }
    assert all(issue.severity is Severity.WARNING for issue in result.issues)
    assert not result.failed


def test_issues_name_the_file_of_the_year_concerned(result: YearDiff, years: tuple[Path, Path]
                                                     ) -> None:
    old, new = years
    by_code = {(i.code, i.value): i for i in result.issues}
    assert by_code[("Y002", CODES["乙"])].file == str(old / "b.xlsx")  # gone: last year's file
    assert by_code[("Y002", CODES["戊"])].file == str(new / "e.xlsx")
    cohort = by_code[("Y004", 65)]
    assert (cohort.file, cohort.sheet, cohort.field, cohort.expected) == (
        str(new / "d.xlsx"), "专业与学生", "grade_2", "≤ 60")
    assert cohort.params["code"] == "700206"
    graduates = by_code[("Y005", 75)]
    assert (graduates.sheet, graduates.expected, graduates.params["code"]) == (
        "专业与学生", "≤ 70", "710201")
    funding = by_code[("Y001", 900.0)]
    # the builder writes 一般公共预算财政拨款 on the first data row, 学校标识码 on the second
    assert (funding.file, funding.sheet, funding.cell) == (str(new / "a.xlsx"), "经费投入", "C3")
    assert by_code[("Y002", CODES["戊"])].cell == "C4"
    renamed = by_code[("Y006", C_NEW_CODE)]
    assert renamed.expected == CODES["丙"]


def test_schools_are_matched_on_code_then_name(result: YearDiff) -> None:
    status = {(s.school_code, s.status, s.matched_by) for s in result.schools}
    assert status == {
        (CODES["甲"], "both", "code"), (CODES["丁"], "both", "code"),
        (C_NEW_CODE, "both", "name"),
        (CODES["乙"], "old_only", None), (CODES["戊"], "new_only", None),
    }
    gone = next(s for s in result.schools if s.status == "old_only")
    assert gone.indicators["students"].old == 600
    assert gone.indicators["students"].new is None


def test_school_indicators_and_flags(result: YearDiff) -> None:
    a = next(s for s in result.schools if s.school_code == CODES["甲"])
    fiscal = a.indicators["fiscal_appropriation"]
    assert (fiscal.old, fiscal.new, fiscal.change, fiscal.change_pct, fiscal.flagged) == (
        600.0, 900.0, 300.0, 50.0, True)
    dual = a.indicators["dual_ratio"]  # 60 % → 70 %: exactly the limit, not more
    assert dual.change == pytest.approx(10.0)
    assert dual.change_pct == pytest.approx(10.0)
    assert not dual.flagged
    assert not result.city["fiscal_appropriation"].flagged  # 2400 → 2700: +12.5 %


def test_majors_opened_and_closed(result: YearDiff) -> None:
    d = next(s for s in result.schools if s.school_code == CODES["丁"])
    assert [(m.code, m.old_students, m.new_students) for m in d.majors_opened] == [("710202", 0, 30)]
    assert [(m.code, m.old_students, m.new_students) for m in d.majors_closed] == [("610302", 30, 0)]
    assert [(m.code, m.schools) for m in result.majors_opened] == [("710202", (NAMES["丁"],))]
    assert [(m.code, m.schools) for m in result.majors_closed] == [("610302", (NAMES["丁"],))]


def test_thresholds_come_from_the_config(years: tuple[Path, Path]) -> None:
    old, new = (load_side(p) for p in years)
    loose = diff_years(old, new, Config(Thresholds(diff_count_pct=60.0)))
    assert ("Y001", "a.xlsx", "fiscal_appropriation", 900.0) not in found(loose)
    strict = diff_years(old, new, Config(Thresholds(diff_count_pct=10.0, diff_rate_points=5.0)))
    flagged = {(Path(i.file).name, i.field) for i in strict.issues if i.code == "Y001"}
    assert ("a.xlsx", "fiscal_appropriation") in flagged
    assert ("a.xlsx", "dual_ratio") in flagged  # 10 points > 5
    assert ("2022", "fiscal_appropriation") in flagged  # the city: +12.5 % > 10 %
    city_issue = next(i for i in strict.issues if i.code == "Y001" and i.file == "2022"
                      and i.field == "fiscal_appropriation")
    assert city_issue.sheet == "经费投入"
    assert strict.city["fiscal_appropriation"].flagged


def test_a_clean_pair_raises_nothing(tmp_path: Path) -> None:
    # the same three schools one year on, with the appropriation up 8 % (under 20 %)
    old = write_year(tmp_path / "old", {k: year_school(k, OLD) for k in ("甲", "乙", "丙")})
    new = write_year(tmp_path / "new", {
        k: year_school(k, NEW, funding={"fiscal_appropriation": 648.0, "per_student_reported": 10800.0})
        for k in ("甲", "乙", "丙")})
    diff = diff_years(load_side(old), load_side(new))
    assert diff.issues == []
    assert not any(c.flagged for c in diff.city.values())
    assert all(s.status == "both" and s.matched_by == "code" for s in diff.schools)
    assert diff.city["fiscal_appropriation"].change_pct == pytest.approx(8.0)
    assert diff.majors_opened == diff.majors_closed == []


def test_a_new_major_with_upper_grades_is_a_cohort_imbalance(tmp_path: Path) -> None:
    new_data = year_school("甲", NEW)
    new_data["enrollment"].append(dict(OPENED_MAJOR, grade_2=20, grade_3=5, students=55))
    old = write_year(tmp_path / "old", {"a": year_school("甲", OLD)})
    new = write_year(tmp_path / "new", {"a": new_data})
    diff = diff_years(load_side(old), load_side(new))
    cohort = {(i.code, i.field, i.value, i.expected) for i in diff.issues if i.code in ("Y004", "Y005")}
    assert cohort == {("Y004", "grade_2", 20, "≤ 0"), ("Y004", "grade_3", 5, "≤ 0")}


def test_years_not_consecutive_skip_the_cohort_checks(tmp_path: Path) -> None:
    old = write_year(tmp_path / "old", {"d": deep_update(d_school(OLD), {"school": {"year": 2020}})})
    new = write_year(tmp_path / "new", {"d": d_school(NEW)})
    diff = diff_years(load_side(old), load_side(new))
    codes = {i.code for i in diff.issues}
    assert "Y007" in codes
    assert not codes & {"Y004", "Y005"}
    assert "Y003" in {i.code for i in diff.listed}


def test_unreadable_file_makes_the_comparison_incomplete(tmp_path: Path) -> None:
    old = write_year(tmp_path / "old", {"a": year_school("甲", OLD)})
    new = write_year(tmp_path / "new", {"a": year_school("甲", NEW)})
    (new / "broken.xlsx").write_bytes(b"not a workbook")
    diff = diff_years(load_side(old), load_side(new))
    assert diff.unreadable == [str(new / "broken.xlsx")]
    assert diff.failed
    assert any(i.code == "F001" and i.file == str(new / "broken.xlsx") for i in diff.issues)
    assert diff.to_dict()["complete"] is False


def test_to_dict_has_the_contract_shape_and_is_deterministic(result: YearDiff,
                                                             years: tuple[Path, Path]) -> None:
    document = result.to_dict(Lang.ZH)
    assert document["old"]["year"] == OLD and document["new"]["year"] == NEW
    for entry in document["city"].values():
        assert {"old", "new", "change", "change_pct"} <= set(entry)
    for entry in document["schools"]:
        assert {"school_code", "name", "status", "indicators", "majors_opened",
                "majors_closed"} <= set(entry)
    assert {"opened", "closed"} == set(document["majors"])
    for issue in document["issues"]:
        assert {"code", "severity", "explained", "file", "sheet", "cell", "field", "value",
                "expected", "message"} <= set(issue)
    old, new = years
    again = diff_years(load_side(old), load_side(new), old_source=str(old), new_source=str(new))
    assert to_json(again.to_dict(Lang.ZH)) == to_json(document)
    assert json.loads(to_json(result.to_dict(Lang.EN)))["issues"][0]["message"]


def test_diff_works_on_city_results_from_the_aggregation(years: tuple[Path, Path]) -> None:
    old, new = (aggregate_folder(p) for p in years)
    diff = diff_years(old, new)
    assert {Path(i.file).name for i in diff.issues if i.code == "Y004"} == {"d.xlsx"}
    assert diff.city["students"].old == comparable(old.city())["students"]


def test_y_rules_are_declared_in_both_languages() -> None:
    for code in ("Y001", "Y002", "Y003", "Y004", "Y005", "Y006", "Y007"):
        rule = RULES[code]
        assert rule.zh and rule.en and rule.title_zh and rule.title_en
    assert RULES["Y003"].severity is Severity.INFO


def test_messages_format_in_both_languages(result: YearDiff) -> None:
    for issue in result.issues:
        for lang in Lang:
            assert "{" not in issue.message(lang), issue.code


def test_tables_mark_flagged_rows(result: YearDiff) -> None:
    for lang in Lang:
        tables = {t.name: t for t in diff_tables(result, lang)}
        assert set(tables) == {"city", "schools", "school_indicators", "majors", "issues"}
        rows = [r for r in tables["school_indicators"].rows if r["flag"]]
        assert [(r["school_code"], r["key"]) for r in rows] == [(CODES["甲"], "fiscal_appropriation")]
        majors = {(r["code"], r["change"]) for r in tables["majors"].rows}
        opened, closed = ("新开", "停办") if lang is Lang.ZH else ("opened", "closed")
        assert majors == {("710202", opened), ("610302", closed)}


def test_workbook_is_written_with_sheets_and_a_chart(result: YearDiff, tmp_path: Path) -> None:
    target = tmp_path / "diff.xlsx"
    write_diff_workbook(result, target, Lang.ZH)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["全市对比", "分校对比", "分校指标对比", "专业变化", "校验问题", "对比图"]
    assert len(book["对比图"]._charts) == 1
    chart_rows = [[c.value for c in row] for row in book["对比图"].iter_rows(min_row=3)]
    assert chart_rows[0][:3] == ["指标", "2021年", "2022年"]
    assert chart_rows[1][:3] == ["在校生数", 2430, 2445]
    sheet = book["分校指标对比"]
    highlighted = {row[2].value for row in sheet.iter_rows() if row[0].fill.fgColor.rgb ==
                   WARNING_FILL.fgColor.rgb}
    assert highlighted == {indicator("fiscal_appropriation").zh}
    issues = book["校验问题"]
    assert issues.max_row == 3 + len(result.issues)


def test_workbook_prints_on_a4_landscape_with_the_city_and_both_years(result: YearDiff,
                                                                       tmp_path: Path) -> None:
    target = tmp_path / "diff.xlsx"
    write_diff_workbook(result, target, Lang.ZH)
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet["A1"].value.startswith("白城市 2021 年与 2022 年"), sheet.title
        assert sheet["A2"].value.startswith("填报单位：")
    city = book["全市对比"]
    assert city.print_title_rows == "$1:$3"
    rows = {row[0].value: row for row in city.iter_rows(min_row=4)}
    students, ratio = rows[indicator("students").zh], rows[indicator("dual_ratio").zh]
    assert students[2].number_format == "#,##0" and ratio[2].number_format == "#,##0.00"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


# --- Y008: a cohort that shrinks beyond the threshold ------------------------------------------


def _cohort_shrinks(tmp_path: Path, grade_2: int, config: Config | None = None) -> set[tuple]:
    """甲's 610301 had 80 in 一年级 in 2021; in 2022 its 二年级 holds ``grade_2``."""
    new_data = year_school("甲", NEW, enrollment={0: {"grade_2": grade_2,
                                                     "students": 80 + grade_2 + 60}},
                           attainment={"grade_2_end": None})
    old = write_year(tmp_path / "old", {"a": year_school("甲", OLD)})
    new = write_year(tmp_path / "new", {"a": new_data})
    diff = diff_years(load_side(old), load_side(new), config)
    return {(i.code, i.field, i.value, i.expected) for i in diff.issues if i.code == "Y008"}


def test_y008_a_cohort_that_lost_more_than_half(tmp_path: Path) -> None:
    assert _cohort_shrinks(tmp_path, 39) == {("Y008", "grade_2", 39, "≥ 40")}


def test_y008_near_miss_half_the_cohort_kept(tmp_path: Path) -> None:
    assert _cohort_shrinks(tmp_path, 40) == set()


def test_y008_threshold_comes_from_the_configuration(tmp_path: Path) -> None:
    """70 of last year's 80 is a loss of 12.5 %: flagged at 10 %, not at the default 50 %."""
    tight = Config(Thresholds(cohort_shrink_pct=10))
    assert ("Y008", "grade_2", 70, "≥ 72") in _cohort_shrinks(tmp_path / "tight", 70, tight)
    assert _cohort_shrinks(tmp_path / "default", 70) == set()
    issue_text = RULES["Y008"].zh
    assert "cohort_shrink_pct" in issue_text
