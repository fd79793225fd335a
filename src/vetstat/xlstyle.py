"""Shared looks of the workbooks vetstat writes (template, annotated copy, city tables)."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from vetstat.textsafe import FORMULA_PREFIXES, is_formula_like, safe_text

__all__ = ["FORMULA_PREFIXES", "is_formula_like", "put", "safe_text"]

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

def put(cell: Any, value: Any) -> Any:
    """Write a value into an openpyxl cell; text is always stored as text, never a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def style_title(cell: Any) -> None:
    cell.font = TITLE_FONT
    cell.alignment = CENTER


def style_header(cell: Any) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = CENTER
    cell.border = BORDER
