"""The two catalogues: every rule and every indicator declared once, complete on first use, and
read by everything that shows them; results flatten their issues."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from vetstat.core import indicators, rulebook
from vetstat.core.contract import SHEETS, Kind
from vetstat.core.indicators import Formula, Indicator, Measure, indicator, views
from vetstat.core.issues import Issue, Lang, Severity
from vetstat.core.rulebook import RULES
from vetstat.figures.city import flat_figures
from vetstat.outputs.citybook import write_city_workbook
from vetstat.outputs.diff_tables import diff_tables
from vetstat.outputs.tables import city_tables
from vetstat.rules.registry import CHECKS
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.diff import diff_years
from vetstat.usecases.validate import validate_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter (nothing imported before it)."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


# --- rules ----------------------------------------------------------------------------------


def test_the_rule_catalogue_is_complete_on_first_use() -> None:
    """Before: 16 rules after importing the reader, and X901's severity a KeyError until the
    aggregation had been imported."""
    printed = fresh_python("""
        from vetstat.core.issues import Issue, RULES
        print(len(RULES), Issue("X901", "a.xlsx").severity, Issue("Y003", "a").severity)
    """)
    assert printed == f"{len(RULES)} error info"
    declared = sum(path.read_text("utf-8").count("    Rule(\n")
                   for path in Path(rulebook.__file__).parent.glob("*.py"))
    assert len(RULES) == declared
    assert fresh_python("import vetstat.reading.workbook, vetstat.core.issues as i; print(len(i.RULES))") == str(declared)


def test_severity_is_stored_on_the_issue_and_an_unknown_code_fails_at_once() -> None:
    issue = Issue("F006", "a.xlsx")
    assert issue.severity is Severity.WARNING and "severity" in vars(issue)
    with pytest.raises(KeyError):
        Issue("Z999", "a.xlsx")


def test_every_school_rule_has_exactly_one_check_and_every_check_a_rule() -> None:
    school_rules = {code for code in RULES if code[0] in "SETJMQAVP"}
    checked = [check.code for check in CHECKS]
    assert len(checked) == len(set(checked))
    assert set(checked) == school_rules
    assert all(RULES[code].zh and RULES[code].en for code in RULES)


def test_mypy_checks_the_rule_bodies(tmp_path: Path) -> None:
    """A misspelled field in a check is a type error: the context is typed."""
    check = tmp_path / "misspelled_check.py"
    check.write_text(textwrap.dedent("""
        from collections.abc import Iterator

        from vetstat.core.issues import Issue
        from vetstat.rules.base import Context


        def t399(ctx: Context) -> Iterator[Issue]:
            teachers = ctx.data.teachers
            if teachers is not None and teachers.full_tme:
                yield ctx.issue("T301", "teachers", "full_time")
    """))
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--follow-imports=silent", str(check)], capture_output=True,
                          text=True, cwd=ROOT, env={"MYPYPATH": str(ROOT / "src"),
                                                     "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 1, done.stdout
    assert '"Teachers" has no attribute "full_tme"' in done.stdout
    check.write_text(check.read_text().replace("full_tme", "full_time"))
    again = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                            "--follow-imports=silent", str(check)], capture_output=True,
                           text=True, cwd=ROOT, env={"MYPYPATH": str(ROOT / "src"),
                                                      "PATH": "/usr/bin:/bin"}, check=False)
    assert again.returncode == 0, again.stdout


# --- indicators -----------------------------------------------------------------------------


def test_indicator_keys_are_ascii_identifiers_and_unique() -> None:
    keys = [item.key for item in indicators.INDICATORS]
    assert len(keys) == len(set(keys))
    assert all(key.isascii() and key.isidentifier() for key in keys)
    assert indicator("satisfaction_students_major").zh == "在校生满意度：专业学习"


def test_an_indicator_made_from_a_field_takes_the_fields_words() -> None:
    for item in views().all:
        source = item.source
        if isinstance(source, indicators.FromField) and item.key == source.field:
            spec = next(s for s in SHEETS if s.key == source.sheet).field(source.field)
            assert item.zh == spec.label.removeprefix("其中：") and item.en == spec.en
            assert item.unit == spec.unit
            assert item.measure is (Measure.COUNT if spec.kind is Kind.COUNT else Measure.AMOUNT)


def test_every_numeric_field_is_an_indicator_or_knowingly_not() -> None:
    """A field added to the contract is summed only when the catalogue says so."""
    read = {(i.source.sheet, i.source.field) for i in views().all
            if isinstance(i.source, indicators.FromField)}
    read |= {("enrollment", field) for _key, field in views().majors_sums}
    not_summed = {("school", "year"), ("employment", "starting_salary"),
                  ("teachers", "dual_ratio_reported"), ("employment", "employment_rate_reported"),
                  ("employment", "in_field_rate_reported"), ("funding", "per_student_reported"),
                  ("school", "template_version"),
                  *(("attainment", f"{rate}_reported") for rate in (
                      "culture_pass_rate", "skill_pass_rate", "fitness_pass_rate",
                      "graduation_rate", "dual_certificate_rate", "retention_3y"))}
    numeric = {(sheet.key, spec.key) for sheet in SHEETS if not sheet.table
               for spec in sheet.fields if spec.kind in (Kind.COUNT, Kind.AMOUNT, Kind.YEAR,
                                                         Kind.PERCENT)}
    assert numeric - not_summed == read - {("enrollment", f) for _k, f in views().majors_sums}


def test_the_catalogue_refuses_a_formula_over_what_a_school_does_not_sum() -> None:
    broken = Indicator("odd", "奇怪", "odd", "%", Measure.RATE,
                       Formula(("student_teacher_ratio",), "students", 100.0), "teachers")
    with pytest.raises(ValueError, match="student_teacher_ratio"):
        indicators._make_views((*indicators.INDICATORS, broken))


def test_the_samples_keep_inside_the_plausible_bounds() -> None:
    city = aggregate_folder(SAMPLES / "2022", jobs=1)
    rows = [flat_figures(city.city())] + [
        flat_figures(school.indicators()) for school in city.included]
    for row in rows:
        for item in views().all:
            value = row.get(item.key)
            low, high = item.bounds
            if value is None:
                continue
            assert low is None or value >= low, (item.key, value)
            assert high is None or value <= high, (item.key, value)


PASS_RATE = Indicator(
    "x_pass_rate", "“1+X”证书通过率", "1+X pass rate", "%", Measure.RATE,
    Formula(("x_passed",), "x_candidates", 100.0), "services", watched=True)


def test_an_indicator_added_to_the_catalogue_appears_everywhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Declared once, here: seen in 表1, 分校明细, the diff and the city workbook."""
    monkeypatch.setattr(indicators, "INDICATORS", (*indicators.INDICATORS, PASS_RATE))
    old = aggregate_folder(SAMPLES / "2021", jobs=1)
    new = aggregate_folder(SAMPLES / "2022", jobs=1)
    # 51 of the 60 candidates passed in 2022 (the samples' 服务贡献 sheets)
    tables = {table.name: table for table in city_tables(new, Lang.ZH)}
    row = next(r for r in tables["quality"].rows if r["key"] == "x_pass_rate")
    assert (row["indicator"], row["unit"], row["value"]) == ("“1+X”证书通过率", "%", "85.00")
    assert any(c.key == "x_pass_rate" and c.zh == "“1+X”证书通过率（%）"
               for c in tables["schools"].columns)
    diff = diff_years(old, new)
    assert diff.city["x_pass_rate"].new == pytest.approx(85.0)
    city_rows = next(t for t in diff_tables(diff, Lang.EN) if t.name == "city").rows
    assert any(r["indicator"] == "1+X pass rate" for r in city_rows)
    target = tmp_path / "city.xlsx"
    write_city_workbook(new, target, Lang.ZH)
    sheet = openpyxl.load_workbook(target)["表1 质量数据表"]
    labels = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert "“1+X”证书通过率" in labels


# --- results as data ------------------------------------------------------------------------


def test_results_flatten_their_issues_as_their_json_has_them() -> None:
    report = validate_workbook(SAMPLES / "broken" / "dual_ratio_54_of_54.xlsx")
    assert report.flatten() == [["T306", "dual_ratio_54_of_54.xlsx", "教师队伍", "C11"]]
    assert report.flatten(["code", "severity"], Lang.EN) == [["T306", "error"]]
    document = report.to_dict(Lang.EN)
    assert [[i["code"], i["message"]] for i in document["issues"]] == report.flatten(
        ["code", "message"], Lang.EN)
    old = aggregate_folder(SAMPLES / "2021", jobs=1)
    new = aggregate_folder(SAMPLES / "2022", jobs=1)
    assert new.flatten() == [] and new.to_dict()["issues"] == []
    diff = diff_years(old, new)
    codes = {code for code, in diff.flatten(["code"])}
    assert codes == {"Y001"}
    assert json.dumps(diff.to_dict(Lang.ZH), ensure_ascii=False)


def test_the_diff_json_keeps_the_former_keys_for_one_release() -> None:
    diff = diff_years(aggregate_folder(SAMPLES / "2021", jobs=1),
                      aggregate_folder(SAMPLES / "2022", jobs=1)).to_dict()
    city = diff["city"]
    assert city["satisfaction.在校生.理论学习"] == city["satisfaction_students_theory"]
    assert city["award_entries"] == city["awards_total_entries"]
    assert city["award_entries.省级"] == city["awards_provincial_entries"]
