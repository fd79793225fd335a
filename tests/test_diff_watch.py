"""What the diff watches and how it shows a change: the grade counts under Y001 with their
cells, 0 for a level without awards, a rate's change in points without a 变化率, the catalogue's
decimals, and the watch list in ``vetstat rules``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from helpers import OLD, invoke, write_year, year_school
from vetstat.core.config import Config
from vetstat.core.indicators import views
from vetstat.core.issues import Lang
from vetstat.figures.years import YearDiff
from vetstat.outputs.diff_tables import city_table, school_indicator_table
from vetstat.outputs.render import to_csv, to_text
from vetstat.usecases.diff import diff_years, load_side

# 甲's three majors have 70 + 50 + 80 = 200 students in 二年级; the first major takes the change
GRADE_2_BEFORE = 200


def _grade_2(total: int) -> dict[str, Any]:
    """The first major's 二年级 set so that the school has ``total`` (its 在校生数 follows)."""
    grade_2 = 70 + total - GRADE_2_BEFORE
    return {0: {"grade_2": grade_2, "students": 80 + grade_2 + 60}}


def _compare(root: Path, new_total: int, **changes: Any) -> YearDiff:
    old = write_year(root / "2021", {"a": year_school("甲", OLD)})
    new_data = year_school("甲", OLD + 1, enrollment=_grade_2(new_total), **changes)
    new = write_year(root / "2022", {"a": new_data})
    return diff_years(load_side(old), load_side(new), Config(), old_source=str(old),
                      new_source=str(new))


@pytest.fixture(scope="module")
def jump(tmp_path_factory: pytest.TempPathFactory) -> YearDiff:
    """二年级 200 → 260 (+30 %), and the 省级 award of last year gone."""
    root = tmp_path_factory.mktemp("jump")
    diff = _compare(root, 260)
    return diff


def _y001(diff: YearDiff, key: str) -> list[Any]:
    return [i for i in diff.issues if i.code == "Y001" and i.field == key]


def test_a_grade_count_that_jumps_is_flagged_at_its_column(jump: YearDiff) -> None:
    city, school = sorted(_y001(jump, "grade_2"), key=lambda i: i.file.endswith(".xlsx"))
    assert city.cell is None and city.sheet == "专业与学生"
    assert school.sheet == "专业与学生"
    sheet = openpyxl.load_workbook(school.file)["专业与学生"]
    assert sheet[school.cell].value == "二年级"
    assert jump.city["grade_2"].flagged
    assert jump.schools[0].indicators["grade_2"].flagged


def test_a_grade_count_just_within_the_threshold_is_not(tmp_path: Path) -> None:
    diff = _compare(tmp_path, 240)  # +20 % exactly: not more than 20 %
    assert _y001(diff, "grade_2") == []
    assert not diff.city["grade_2"].flagged


def test_every_y001_of_a_school_points_at_a_cell(jump: YearDiff, tmp_path: Path) -> None:
    diff = _compare(tmp_path, 260, teachers={"full_time": 80, "foundation": 50,
                                             "staff_total": 90})
    located = [i for i in diff.issues if i.code == "Y001" and i.file.endswith(".xlsx")]
    assert {i.field for i in located} >= {"grade_2", "full_time", "staff_total"}
    assert all(i.cell for i in located), [(i.field, i.cell) for i in located]


def test_lumpy_figures_are_shown_but_not_flagged(tmp_path: Path) -> None:
    diff = _compare(tmp_path, 200, funding={"capital_construction": 500.0,
                                            "equipment_purchase": 90.0, "special_funds": 900.0})
    for key in ("capital_construction", "equipment_purchase", "special_funds"):
        assert diff.city[key].change_pct is not None and diff.city[key].change_pct > 100
        assert not diff.city[key].flagged
        assert _y001(diff, key) == []


def test_a_level_without_awards_is_zero(tmp_path: Path) -> None:
    old = write_year(tmp_path / "2021", {"a": year_school("甲", OLD)})
    new_data = year_school("甲", OLD + 1)
    new_data["awards"] = [award for award in new_data["awards"] if award["level"] != "省级"]
    new = write_year(tmp_path / "2022", {"a": new_data})
    code, out, _ = invoke("diff", old, new, "--format", "json")
    assert code == 0
    document = json.loads(out)
    for scope in (document["city"], document["schools"][0]["indicators"]):
        assert (scope["awards_provincial_entries"]["old"],
                scope["awards_provincial_entries"]["new"]) == (1, 0)
        assert scope["awards_national_entries"]["new"] == 0
    table = school_indicator_table(diff_years(load_side(old), load_side(new)), Lang.ZH)
    row = next(r for r in table.shown() if "技能大赛获奖项数（省级）" in r)
    assert row[4:7] == ["1", "0", "-1"]


def test_a_rate_changes_in_points_without_a_percentage(jump: YearDiff) -> None:
    table = city_table(jump, Lang.ZH)
    rate = next(row for row in table.rows if row["key"] == "dual_ratio")
    assert rate["change_unit"] == "百分点" and rate["change_pct"] is None
    count = next(row for row in table.rows if row["key"] == "grade_2")
    assert count["change_unit"] == "人" and count["change_pct"] == pytest.approx(30.0)
    # JSON keeps the contract's change_pct in points for rates
    assert jump.city["dual_ratio"].to_dict()["change_pct_unit"] == "points"


def test_the_catalogue_decides_the_decimals(jump: YearDiff) -> None:
    table = city_table(jump, Lang.ZH)
    text = to_text([table], Lang.ZH)
    ratio = next(line for line in text.splitlines() if line.startswith("就业率"))
    old = jump.city["employment_rate"].old  # 150 ÷ 158 = 94.9367…
    assert old is not None and old != round(old, 2)  # a value with more decimals than shown
    assert f"{old:.2f}" in ratio.split() and f"{old:.4f}" not in ratio
    grade = next(line for line in text.splitlines() if line.startswith("二年级在校生"))
    assert "200" in grade.split() and "200.00" not in grade
    assert ",200," in to_csv([table], Lang.ZH)


def test_rules_lists_what_y001_watches() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    assert "Y001 监测的指标" in out and "grade_2" in out
    code, out, _ = invoke("rules", "--format", "json")
    y001 = next(rule for rule in json.loads(out) if rule["code"] == "Y001")
    assert [w["key"] for w in y001["watched"]] == [i.key for i in views().all if i.watched]
    assert {"capital_construction", "special_funds", "equipment_purchase"}.isdisjoint(
        w["key"] for w in y001["watched"])
