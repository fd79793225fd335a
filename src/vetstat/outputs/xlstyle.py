"""Shared looks of the workbooks vetstat writes (template, annotated copy, city tables)."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from vetstat.core.text import FORMULA_PREFIXES, is_formula_like, safe_text, xml_safe

__all__ = ["FORMULA_PREFIXES", "clean", "is_formula_like", "put", "safe_text"]

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="等线", size=14, bold=True)
HEADER_FONT = Font(name="等线", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FILL = PatternFill("solid", fgColor="D9E1F2")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)

CELL_LIMIT = 32767  # characters an Excel cell holds; openpyxl would write more, Excel balks


def clean(text: str) -> str:
    """Text without the characters an .xlsx cannot hold, cut at Excel's cell limit."""
    return xml_safe(text)[:CELL_LIMIT]


def put(cell: Any, value: Any) -> Any:
    """Write a value into an openpyxl cell so that no spreadsheet runs it: text is always
    stored as text, never a formula, and formula-like text (``=…``, ``+…``, ``-…``, ``@…``) is
    marked the way Excel marks text typed after an apostrophe (quote prefix), so that it stays
    text when someone edits the cell.  Characters a cell cannot hold are dropped, text is cut
    at Excel's cell limit, and ``nan``/``inf`` (which Excel cannot open as numbers) are
    written as text.  Set a cell's named style before calling this: a style resets the mark.
    """
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        value = clean(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def style_title(cell: Any) -> None:
    cell.font = TITLE_FONT
    cell.alignment = CENTER


def style_header(cell: Any) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = CENTER
    cell.border = BORDER
