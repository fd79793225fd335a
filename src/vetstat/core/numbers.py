"""One rounding rule for every number vetstat shows: half-up (四舍五入) at the indicator's
decimals, applied to the decimal value as it is written.

A figure stored as 98.125 is shown as 98.13 on the terminal, in CSV and Markdown, in the
workbooks and in messages alike.  Binary float rounding would not do: ``round(98.125, 2)`` is
98.12 (half to even) and ``f"{2.675:.2f}"`` is 2.67 (2.675 is stored as 2.67499999…), while a
clerk who rounds by hand, Excel and WPS all write 98.13 and 2.68.  So the rounding is done on the
shortest decimal text of the float (``repr``), which is the value as the user typed or sees it.
Halves are rounded away from zero (−2.675 → −2.68), as 四舍五入 is taught and as Excel does.
JSON keeps the full values.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["fixed", "grouped", "half_up", "rounded", "trimmed"]


def half_up(value: float | int, digits: int) -> Decimal:
    """``value`` rounded half away from zero to ``digits`` decimals, as a :class:`Decimal`
    (a finite value; a negative result that rounds to zero is plain zero)."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    result = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def fixed(value: float | int, digits: int) -> str:
    """The text of ``value`` with exactly ``digits`` decimals: ``fixed(98.125, 2) == "98.13"``.
    Infinite and NaN values are written as Python writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{half_up(value, digits):f}"


def grouped(value: float | int, digits: int) -> str:
    """Like :func:`fixed`, with thousands separators, as a ``#,##0.00`` cell shows it:
    ``grouped(796100, 2) == "796,100.00"``."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{half_up(value, digits):,f}"


def trimmed(value: float | int, digits: int) -> str:
    """Like :func:`fixed`, without trailing zeros: ``trimmed(2.50, 2) == "2.5"``, ``"3"``."""
    text = fixed(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def rounded(value: float | int, digits: int) -> float | int:
    """The number as shown, for a spreadsheet cell that is to display exactly what the other
    outputs print: an int for ``digits`` 0, else the float nearest the rounded decimal."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    # the usual cells take no rounding at all (a count, a figure typed with its decimals):
    # known without a Decimal, which a workbook of 800,000 cells would make for each
    if type(value) is int:
        return value if digits == 0 else float(value)
    if digits and value:
        text = repr(value)
        point = text.find(".")
        if point > 0 and "e" not in text and len(text) - point - 1 <= digits:
            return value
    result = half_up(value, digits)
    return int(result) if digits == 0 else float(result)
