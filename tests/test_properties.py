"""Whatever a school puts in its workbook, vetstat answers with a report.

Hypothesis fuzzes the values of a valid school (numbers of every kind, nan, inf, huge and
negative ones, numbers typed as text, approximate figures, emoji, formula-like text, dates,
booleans, nothing) and the shape of its workbook (rows above the header, columns and sheets
missing, sheets renamed or duplicated, extra sheets), writes it with tests/builders.py and
reads it through ``validate`` (library and CLI) and ``aggregate``. Every input gives a
report: no exception escapes, the exit code is 0 or 1 (never 2 or 3 for a readable path) and
the JSON is valid with the keys of data contract §6.

Profiles: ``ci`` (derandomized, so a CI run is deterministic) when ``CI`` is set, ``dev``
(random inputs each run) otherwise; ``VETSTAT_HYPOTHESIS=fuzz`` runs many more examples.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import builders
from builders import REMOVE, Ugly, deep_update, valid_school, write_workbook
from helpers import invoke
from vetstat.core.issues import Lang
from vetstat.outputs.render import to_json
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.validate import validate_workbook

settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", parent=settings.get_profile("dev"), max_examples=2000)
PROFILE = os.environ.get("VETSTAT_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "dev")
EXAMPLES = {"validate": 40, "aggregate": 15} if PROFILE != "fuzz" else {"validate": 2000,
                                                                         "aggregate": 500}

ISSUE_KEYS = {"code", "severity", "explained", "file", "sheet", "cell", "field", "value",
              "expected", "message"}
REPORT_KEYS = {"file", "valid", "school", "issues"}
CITY_KEYS = {"year", "schools", "city", "issues"}

# --- values ------------------------------------------------------------------------------------

# any text a cell can hold: no control characters (an .xlsx cannot store them; the corpus's
# absurd_cells covers them) and no lone surrogates
text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
formula_like = st.sampled_from(['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+2", "-cmd",
                                "=cmd|' /C calc'!A0", "=1/0", "-", "+", "@"])
text_number = st.builds(
    lambda n, form: form.format(n=n, comma=f"{n:,}",
                                wide=str(n).translate(str.maketrans("0123456789",
                                                                    "０１２３４５６７８９"))),
    st.integers(-10**7, 10**9),
    st.sampled_from(["{n}", "{comma}", "{wide}", " {n} ", "{n}人", "{n}%", "{n}元", "{n}.50",
                     "{n}万元", "{n}年"]))
approximate = st.builds(lambda n, form: form.format(n=n), st.integers(0, 10**6),
                        st.sampled_from(["约{n}", "{n}余", "{n}+", "超过{n}", "{n}左右", "近{n}",
                                         "≈{n}", "{n}~{n}"]))
emoji = st.sampled_from(["🎓", "12🎓", "😀😀", "👨‍👩‍👧", "１２🎓３"])
numbers = st.one_of(
    st.integers(-10**15, 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 1e20, -1e20, 1e308, 5e-324, 0.1 + 0.2, 17.999999999999996]),
)
when = st.one_of(st.dates(date(1900, 3, 1), date(2100, 12, 31)),
                 st.datetimes(datetime(1900, 3, 1), datetime(2100, 12, 31)),
                 st.times().map(lambda t: t.replace(tzinfo=None)))
cell_values = st.one_of(st.none(), st.booleans(), numbers, text, text_number, approximate,
                        emoji, formula_like, when)

# where a value may go: (section, record index or None for a form, field)
FORMS = {
    "school": ["name", "school_code", "division_code", "county", "affiliation", "year",
               "land_area", "building_area", "books", "contact", "phone"],
    "teachers": ["staff_total", "full_time", "foundation", "specialty", "dual_qualified",
                 "senior_title", "postgraduate", "part_time", "dual_ratio_reported"],
    "employment": ["graduates", "employed", "employed_in_field", "further_study", "to_bachelor",
                   "not_placed", "starting_salary", "employment_rate_reported",
                   "in_field_rate_reported"],
    "funding": ["fiscal_appropriation", "special_funds", "capital_construction",
                "equipment_purchase", "equipment_value", "per_student_reported"],
    "services": ["partner_enterprises", "order_classes", "social_training", "x_certificates",
                 "x_candidates", "x_passed", "skill_candidates", "skill_passed"],
}
TABLES = {
    "enrollment": (3, ["code", "name", "new_students", "grade_1", "grade_2", "grade_3",
                       "students", "graduates", "model_major"]),
    "satisfaction": (8, ["respondent", "item", "samples", "very_satisfied", "satisfied",
                         "dissatisfied", "rate"]),
    "awards": (2, ["level", "event", "students", "advisors", "prize"]),
}
places = st.one_of(
    st.sampled_from([(section, None, key) for section, keys in FORMS.items() for key in keys]),
    st.sampled_from([(section, None, key) for section, (_n, keys) in TABLES.items()
                     for key in keys]).flatmap(
        lambda place: st.integers(0, TABLES[place[0]][0] - 1).map(
            lambda index: (place[0], index, place[2]))),
)

# --- shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    style: Ugly
    removed_sheets: frozenset[str]
    removed_column: tuple[str, str] | None
    sheet_change: tuple[str, str] | None  # (what, sheet title): renamed, duplicated, look-alike


SHEET_TITLES = ["学校信息", "专业与学生", "教师队伍", "就业与升学", "经费投入", "满意度调查",
                "技能大赛", "服务贡献"]
styles = st.builds(
    Ugly,
    numbers_as_text=st.booleans(), merged_title=st.booleans(),
    rows_above_header=st.integers(0, 5), drop_key_column=st.booleans(),
    label_variants=st.booleans(), shuffle_form_rows=st.booleans(), blank_rows=st.booleans(),
    total_row=st.booleans(), percent_format=st.booleans(), extra_sheet=st.booleans(),
    instructions_sheet=st.booleans(), hidden_key_column=st.booleans(),
    formulas=st.booleans(),
)
shapes = st.builds(
    Shape,
    style=styles,
    removed_sheets=st.frozensets(st.sampled_from([*FORMS, *TABLES]), max_size=2),
    removed_column=st.none() | st.sampled_from(
        [(section, key) for section, (_n, keys) in TABLES.items() for key in keys]),
    sheet_change=st.none() | st.tuples(st.sampled_from(["rename", "duplicate", "look-alike"]),
                                       st.sampled_from(SHEET_TITLES)),
)


@st.composite
def schools(draw: st.DrawFn) -> tuple[dict[str, Any], Shape]:
    school = valid_school()
    for section, index, key in draw(st.lists(places, min_size=1, max_size=6)):
        value = draw(cell_values)
        if index is None:
            school = deep_update(school, {section: {key: value}})
        else:
            school[section][index][key] = value
    shape = draw(shapes)
    if shape.removed_column:
        section, key = shape.removed_column
        for record in school[section]:
            record.pop(key, None)
    if shape.removed_sheets:
        school = deep_update(school, dict.fromkeys(shape.removed_sheets, REMOVE))
    return school, shape


# --- writing -----------------------------------------------------------------------------------

_number = builders._Layout._number


def _number_or_date(self: Any, value: Any, unit: str, percent: bool, *,
                    as_text: bool = True) -> Any:
    """builders writes numbers and text; a date or time goes into the cell as it is."""
    if isinstance(value, datetime | date | time):
        return builders.Cell(value)  # type: ignore[arg-type]
    return _number(self, value, unit, percent, as_text=as_text)


def _reshaped_save(change: tuple[str, str] | None) -> Callable[..., None]:
    save = openpyxl.Workbook.save

    def reshaped(book: openpyxl.Workbook, filename: Any) -> None:
        if change is not None:
            what, title = change
            found = [s for s in book.worksheets if s.title.strip() == title]
            if found and what == "rename":
                found[0].title = "Sheet9"
            elif found and what == "duplicate":
                book.copy_worksheet(found[0]).title = f"{title} (2)"
            elif found and what == "look-alike":
                found[0].title = f"表1 {title}"
        save(book, filename)

    return reshaped


def write(school: dict[str, Any], shape: Shape, path: Path) -> Path:
    with mock.patch.object(builders._Layout, "_number", _number_or_date), \
            mock.patch.object(openpyxl.Workbook, "save", _reshaped_save(shape.sheet_change)):
        return write_workbook(school, path, style=shape.style)


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="vetstat-fuzz-") as name:
        yield Path(name)


# --- checks ------------------------------------------------------------------------------------


def check_issues(issues: list[dict[str, Any]], typed: str = "") -> None:
    """§6 keys on every issue; no {parameter} left unfilled in a message, unless the school
    typed those braces itself (``typed``: everything the school wrote)."""
    for issue in issues:
        assert set(issue) >= ISSUE_KEYS, issue
        assert issue["severity"] in ("error", "warning", "info") and isinstance(issue["explained"], bool)
        assert isinstance(issue["message"], str) and issue["message"]
        for placeholder in re.findall(r"\{[a-z_]+\}", issue["message"]):
            assert placeholder in typed, issue["message"]


def check_report(document: dict[str, Any], typed: str) -> None:
    assert set(document) >= REPORT_KEYS
    assert set(document["school"]) >= {"name", "school_code", "year"}
    assert isinstance(document["valid"], bool)
    check_issues(document["issues"], typed)


def invoke_json(*args: str | Path) -> tuple[int, Any]:
    code, out, _err = invoke(*args)
    return code, json.loads(out)


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES["validate"])
@given(schools())
def test_every_workbook_gets_a_report(drawn: tuple[dict[str, Any], Shape]) -> None:
    school, shape = drawn
    with folder() as tmp:
        path = write(school, shape, tmp / "学校.xlsx")
        report = validate_workbook(path)
        for lang in Lang:
            document = json.loads(to_json(report.to_dict(lang)))
            check_report(document, repr(school))
        code, printed = invoke_json("validate", path, "--format", "json", "--lang", "en")
        assert code in (0, 1)
        assert code == (0 if report.valid else 1)
        assert printed == json.loads(to_json(report.to_dict(Lang.EN)))


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES["aggregate"])
@given(schools(), schools())
def test_every_folder_gets_city_tables(first: tuple[dict[str, Any], Shape],
                                       second: tuple[dict[str, Any], Shape]) -> None:
    with folder() as tmp:
        write(*first, tmp / "甲校.xlsx")
        write(*second, tmp / "乙 校" / "乙校.xlsx")
        write_workbook(valid_school(school={"school_code": "3622089999"}), tmp / "丙校.xlsx")
        result = aggregate_folder(tmp, jobs=1)
        assert len(result.schools) == 3 and result.included
        document = json.loads(to_json(result.to_dict(Lang.ZH)))
        assert set(document) >= CITY_KEYS
        check_issues(document["issues"], repr(first) + repr(second))
        for fmt in ("json", "csv", "markdown"):
            exit_code, out, err = invoke("aggregate", tmp, "--format", fmt, "--jobs", "1")
            assert exit_code in (0, 1), (fmt, out, err)
        code, printed = invoke_json("aggregate", tmp, "--format", "json", "--jobs", "1")
        assert code == (0 if result.valid else 1)
        assert set(printed) >= CITY_KEYS and len(printed["schools"]) == 3


@pytest.mark.parametrize("batch", [1, 512])
def test_counts_near_the_float_limit_still_give_city_tables(
        tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """1e308 is a finite number a cell may hold (1e20 is read as is, see absurd_cells); the
    reconciliation adds such counts exactly, also in partial sums (a national batch)."""
    import vetstat.usecases.aggregate

    monkeypatch.setattr(vetstat.figures.reconcile, "RECONCILE_BATCH", batch)
    write_workbook(valid_school(school={"books": 1e308}), tmp_path / "甲校.xlsx")
    write_workbook(valid_school(school={"books": 1e308, "school_code": "3622089998",
                                        "name": "乙校"}), tmp_path / "乙校.xlsx")
    result = aggregate_folder(tmp_path, jobs=1)
    json.loads(to_json(result.to_dict(Lang.ZH)))
