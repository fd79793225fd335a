"""Text from school files, made safe for the spreadsheets and documents vetstat writes."""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Text that a spreadsheet would run as a formula if it were typed in."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def safe_text(value: Any) -> Any:
    """Text from a school file for CSV or Markdown: a formula-like string gets a leading '."""
    return "'" + value if is_formula_like(value) else value
