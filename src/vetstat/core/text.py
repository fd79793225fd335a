"""Text from school files, made safe for the spreadsheets and documents vetstat writes.

A spreadsheet runs a cell typed as ``=…``, ``+…``, ``-…`` or ``@…`` (and, on import, one that
starts with a tab or a carriage return) as a formula: ``=HYPERLINK("http://x","y")`` opens a
link, ``=cmd|' /C calc'!A0`` asks to start a program.  A school's 学校名称 or 赛项名称 may hold
such text, by accident or not; every file vetstat writes keeps it as text.  Numbers, negative
ones included, stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# a plain decimal number ("-12", "+3.5", "-1e5"): what a spreadsheet reads as a number, not a
# formula.  Stricter than float(), which also takes "-inf", "-nan" and "-1_000".
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Text that a spreadsheet would run as a formula if it were typed in."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    return _NUMBER.fullmatch(value) is None


def safe_text(value: Any) -> Any:
    """Text from a school file for CSV or Markdown: a formula-like string gets a leading '."""
    return "'" + value if is_formula_like(value) else value
