"""One rounding rule: half-up at the catalogue's decimals, on the decimal value as written, the
same on the terminal, in CSV, Markdown and the workbook; JSON keeps the full value."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from helpers import city_school, invoke, write_city
from vetstat.core.numbers import fixed, half_up, rounded, trimmed


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (98.125, 2, "98.13"),  # round() gives 98.12 (half to even)
    (95.625, 2, "95.63"),
    (2.675, 2, "2.68"),  # f"{2.675:.2f}" gives 2.67 (the float is 2.67499…)
    (0.5, 0, "1"),  # round(0.5) is 0
    (2.5, 0, "3"),
    (-2.675, 2, "-2.68"),  # halves go away from zero, as 四舍五入 and Excel do
    (-0.5, 0, "-1"),
    (-0.001, 2, "0.00"),  # no "-0.00"
    (1.005, 2, "1.01"),
    (863.8499999999995, 2, "863.85"),  # 5136.65 − 4272.8 as floats subtract
    (12, 2, "12.00"),
    (7, 0, "7"),
])
def test_half_up_on_the_decimal_value(value: float, digits: int, shown: str) -> None:
    assert fixed(value, digits) == shown
    assert str(half_up(value, digits)) == shown
    assert rounded(value, digits) == (int(shown) if digits == 0 else float(shown))


def test_near_misses_are_not_rounded_up() -> None:
    assert fixed(98.1249, 2) == "98.12"
    assert fixed(-2.6749, 2) == "-2.67"
    assert fixed(0.4999, 0) == "0"


def test_trimmed_drops_trailing_zeros_only() -> None:
    assert trimmed(2.5, 2) == "2.5"
    assert trimmed(100.0, 2) == "100"
    assert trimmed(98.125, 2) == "98.13"
    assert trimmed(10.18365, 4) == "10.1837"


def test_not_finite_is_written_as_python_writes_it() -> None:
    assert fixed(float("inf"), 2) == "inf"
    assert rounded(float("-inf"), 2) == float("-inf")


# --- the same digits in every output ---------------------------------------------------------

@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One school whose 在校生 理论学习 rate is 157 ÷ 160 = 98.125 % exactly."""
    school = city_school("3622000001", "甲职业学校", 1, satisfaction={0: {
        "samples": 160, "very_satisfied": 100, "satisfied": 57, "dissatisfied": 3,
        "rate": 98.13}})
    return write_city(tmp_path_factory.mktemp("numbers") / "2022", {"a.xlsx": school})


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_text_format_shows_98_13(city: Path, fmt: str) -> None:
    code, out, _ = invoke("aggregate", city, "--format", fmt)
    assert code == 0
    assert "98.13" in out
    assert "98.12" not in out and "98.125" not in out


def test_json_keeps_the_full_value(city: Path) -> None:
    code, out, _ = invoke("aggregate", city, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["city"]["satisfaction"]["在校生"]["理论学习"]["rate"] == 98.125


def test_the_workbook_holds_and_shows_98_13(city: Path, tmp_path: Path) -> None:
    output = tmp_path / "city.xlsx"
    code, _, _ = invoke("aggregate", city, "-o", output)
    assert code == 0
    book = openpyxl.load_workbook(output)
    found = [cell for sheet in ("表2 满意度调查表",) for row in book[sheet].iter_rows()
             for cell in row if isinstance(cell.value, float) and 98 < cell.value < 99]
    assert found, "no satisfaction rate in 表2"
    for cell in found:
        assert cell.value == 98.13
        assert cell.number_format == "#,##0.00"
