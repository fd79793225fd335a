"""What several test modules share, beside the workbook writer (builders.py): the command run in
this process, digests of input folders, a small city of three schools (aggregate, citybook) and
two small years of four schools each (diff).

Test modules import from here, never from one another; ``tests`` is on the import path through
``pythonpath`` in pyproject.toml.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from builders import REMOVE, deep_update, valid_school, write_workbook
from vetstat.cli import app

# --- the command, in this process -------------------------------------------------------------


def cli(args: Sequence[str | Path], env: Mapping[str, str | None] | None = None) -> Result:
    """Run ``vetstat ARGS``; whatever happens, no traceback may reach the user."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def invoke(*args: str | Path) -> tuple[int, str, str]:
    """``vetstat ARGS`` as (exit code, stdout, stderr)."""
    result = cli(args)
    return result.exit_code, result.stdout, result.stderr


def replace_in_parts(path: Path, replacements: Mapping[bytes, bytes]) -> Path:
    """Rewrite the .xlsx package at ``path`` with bytes replaced in every part: what no writer
    would put in a cell (the ``_x001B_`` escape of a control character, raw U+FFFE)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            for old, new in replacements.items():
                content = content.replace(old, new)
            archive.writestr(name, content)
    return path


def digests(*folders: Path) -> dict[Path, str]:
    """The SHA-256 of every file below the folders, by path."""
    return {path: hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


# --- a city: three schools of very different sizes (aggregate, citybook) ----------------------

FORM_COUNTS = {
    "school": ("land_area", "building_area", "books"),
    "teachers": ("staff_total", "full_time", "foundation", "specialty", "dual_qualified",
                 "senior_title", "postgraduate", "part_time", "bachelor", "below_bachelor",
                 "middle_title", "junior_title", "untitled"),
    "employment": ("graduates", "employed", "employed_in_field", "further_study", "to_bachelor",
                   "not_placed", "self_employed", "to_enterprise", "to_government",
                   "to_self_run", "to_military", "to_other", "study_vocational_exam",
                   "study_general"),
    "funding": ("fiscal_appropriation", "special_funds", "capital_construction",
                "equipment_purchase", "equipment_value"),
    "services": ("partner_enterprises", "order_classes", "social_training", "x_certificates",
                 "x_candidates", "x_passed", "skill_candidates", "skill_passed"),
    "attainment": ("culture_candidates", "culture_passed", "skill_test_candidates",
                   "skill_test_passed", "fitness_candidates", "fitness_passed", "graduation_due",
                   "dual_certificate", "grade_1_end", "grade_2_end", "grade_3_end",
                   "cohort_entry"),
}
MAJOR_COUNTS = ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates")
SURVEY_COUNTS = ("samples", "very_satisfied", "satisfied", "dissatisfied")


def percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2)


def city_school(code: str, name: str, size: int = 1, **changes: Any) -> dict[str, Any]:
    """The valid school times ``size`` (every count and amount; rates stay), then ``changes``."""
    data = valid_school(school={"school_code": code, "name": name})
    for sheet, keys in FORM_COUNTS.items():
        for key in keys:
            data[sheet][key] *= size
    for row in data["enrollment"]:
        for key in MAJOR_COUNTS:
            row[key] *= size
    for row in data["satisfaction"]:
        for key in SURVEY_COUNTS:
            row[key] *= size
    return deep_update(data, changes)


def write_city(folder: Path, schools: Mapping[str, dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in schools.items():
        write_workbook(data, folder / file_name)
    return folder


def three_schools() -> dict[str, dict[str, Any]]:
    """Very different sizes and outcomes: the mean of school rates is not the city's rate."""
    return {
        "a_big.xlsx": city_school("3622000001", "甲职业学校", 10),
        "b_small.xlsx": city_school(
            "3622000002", "乙职业学校", 1,
            employment={"employed": 40, "employed_in_field": 30, "further_study": 20,
                        "to_bachelor": 2, "not_placed": 98,
                        "employment_rate_reported": percent(60, 158),
                        "in_field_rate_reported": percent(30, 40), "self_employed": 1,
                        "to_enterprise": 32, "to_government": 1, "to_self_run": 3,
                        "to_military": 2, "to_other": 2, "study_vocational_exam": 16,
                        "study_general": 4},
            satisfaction={0: {"samples": 120, "very_satisfied": 20, "satisfied": 40,
                              "dissatisfied": 60, "rate": 50.0}},
        ),
        "c_mid.xlsx": city_school("3622000003", "丙职业学校", 2,
                                  school={"affiliation": "县（市、区）属"}),
    }


# --- two years, 2021 → 2022, of four schools each (diff) --------------------------------------

OLD, NEW = 2021, 2022
CODES = {"甲": "3622000011", "乙": "3622000022", "丙": "3622000033", "丁": "3622000044",
         "戊": "3622000055"}
NAMES = {key: f"{key}职业学校" for key in CODES}
C_NEW_CODE = "3622000039"

# the base school's majors: 610301 (80/70/60, 55 graduates), 700206 (60/50/40, 38),
# 710201 (90/80/70, 65)
SMALL_MAJOR = {"code": "610302", "name": "特种动物养殖", "new_students": 10, "grade_1": 10,
               "grade_2": 10, "grade_3": 10, "students": 30, "graduates": 8, "model_major": ""}
OPENED_MAJOR = {"code": "710202", "name": "计算机网络技术", "new_students": 30, "grade_1": 30,
                "grade_2": 0, "grade_3": 0, "students": 30, "graduates": 0, "model_major": ""}


def year_school(key: str, year: int, code: str | None = None, **changes: Any) -> dict[str, Any]:
    data = valid_school(school={"school_code": code or CODES[key], "name": NAMES[key],
                                "year": year})
    return deep_update(data, changes)


def d_school(year: int) -> dict[str, Any]:
    """丁: 2021 with a small extra major; 2022 with it closed, another opened, two cohorts off."""
    if year == OLD:
        data = year_school("丁", OLD)
        data["enrollment"].append(dict(SMALL_MAJOR))
        graduates = 166
        return deep_update(data, {"employment": {
            "graduates": graduates, "not_placed": graduates - 150,
            "employment_rate_reported": REMOVE, "in_field_rate_reported": REMOVE}})
    data = year_school("丁", NEW, enrollment={
        1: {"grade_2": 65, "students": 165},  # 700206: 65 > last year's 60 in 一年级
        2: {"graduates": 75},  # 710201: 75 > last year's 70 in 三年级
    })
    data["enrollment"].append(dict(OPENED_MAJOR))
    graduates = 55 + 38 + 75 + 0
    return deep_update(data, {"employment": {
        "graduates": graduates, "not_placed": graduates - 150,
        "employment_rate_reported": REMOVE, "in_field_rate_reported": REMOVE}})


def old_schools() -> dict[str, dict[str, Any]]:
    return {"a": year_school("甲", OLD), "b": year_school("乙", OLD), "c": year_school("丙", OLD),
            "d": d_school(OLD)}


def new_schools() -> dict[str, dict[str, Any]]:
    return {
        "a": year_school("甲", NEW, funding={"fiscal_appropriation": 900.0,
                                             "per_student_reported": 15000.0},
                         teachers={"dual_qualified": 21, "dual_ratio_reported": 70.0}),
        "c": year_school("丙", NEW, code=C_NEW_CODE),
        "d": d_school(NEW),
        "e": year_school("戊", NEW),
    }


def write_year(folder: Path, schools: dict[str, dict[str, Any]]) -> Path:
    for name, data in schools.items():
        write_workbook(data, folder / f"{name}.xlsx")
    return folder


# --- the inputs of every command that writes (output guard, output faults) --------------------


def writing_inputs(root: Path) -> dict[str, Path]:
    """A city folder (three schools), two years for diff, one school's workbook; ``root``."""
    city = write_city(root / "2022", three_schools())
    return {"city": city, "old": write_year(root / "old", old_schools()),
            "new": write_year(root / "new", new_schools()), "school": city / "a_big.xlsx",
            "root": root}


@contextmanager
def unchanged(root: Path) -> Iterator[None]:
    """Every file below ``root`` byte-identical after the block."""
    before = digests(root)
    yield
    assert digests(root) == before, "an input file was changed"
