"""Text from school files, made safe for the spreadsheets, documents and terminals vetstat
writes to.

A terminal runs control characters: ``ESC]0;…`` sets the window title, ``ESC[2J`` clears the
screen, ``ESC[31m`` recolours what follows, ``\\r`` writes over a line already shown. A school's
cell (or a file's name) may hold them; :func:`printable` drops them from every text output
(table, CSV, Markdown, messages), as the .xlsx writer drops what a cell cannot hold, and JSON
writes them escaped (:mod:`vetstat.core.jsondoc`).

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


# C0 controls but tab and newline (ESC and CR among them), DEL, and the C1 controls (U+009B is
# an escape sequence's start in one character)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# those, what is no character at all (a lone surrogate: a file name's undecodable byte, as
# Python reads it; the noncharacters U+FFFE, U+FFFF: no UTF-8 file and no XML part can hold
# them), and the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
# which make a terminal, Excel or Word show what follows reversed: "\u202exslx.exe" reads
# "exe.xlsx"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NOT_PRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{_BIDI}]")
# what an XML part of a .xlsx, .docx or .pptx may not carry, the controls that would show as
# boxes in a cell or a paragraph (every control but tab, newline and carriage return) and the
# bidirectional controls
_NOT_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{_BIDI}]")


def printable(text: str) -> str:
    """``text`` without control characters (tab and newline stay), without what is no
    character (a lone surrogate, U+FFFE, U+FFFF) and without bidirectional controls: safe on a
    terminal and in a UTF-8 file, and shown in the order it is written."""
    return _NOT_PRINTABLE.sub("", text)


def xml_safe(text: str) -> str:
    """``text`` as every XML part vetstat writes may carry it (a cell, a paragraph, a chart's
    label, a document property, customXml): without the characters XML 1.0 refuses (C0
    controls but tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF), without
    DEL and the C1 controls, which no document shows, and without bidirectional controls."""
    return _NOT_XML.sub("", text)


def is_formula_like(value: Any) -> bool:
    """Text that a spreadsheet would run as a formula if it were typed in."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    return _NUMBER.fullmatch(value) is None


def safe_text(value: Any) -> Any:
    """Text from a school file for CSV or Markdown: a formula-like string gets a leading '."""
    return "'" + value if is_formula_like(value) else value


# Unicode's format characters (category Cf, Unicode 14): zero-width spaces and joiners,
# direction marks, the BOM, the soft hyphen. They print as nothing, so "白城市第一\u200b职业高中"
# looks like the real name and is not equal to it.
FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def without_format_characters(text: str) -> str:
    """``text`` without the characters that print as nothing (Unicode category Cf): what a
    school's name or code is once read, so that it equals what it looks like."""
    return FORMAT_CHARACTERS.sub("", text) if not text.isascii() else text
