"""A cell's value as the reader reads it: labels compared loosely, numbers typed as text,
placeholders for "nothing", list values whatever their width or punctuation."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from vetstat.core.contract import NUMERIC_KINDS, FieldSpec, Kind
from vetstat.core.text import without_format_characters
from vetstat.xlsx import column_letter

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def normalize(text: Any) -> str:
    """A label or sheet name compared loosely: width, spaces, quotes and case folded."""
    return _normalize(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=8192)  # labels, headers and list values repeat in every workbook of a batch
def _normalize(text: str) -> str:
    folded = without_format_characters(unicodedata.normalize("NFKC", text)).translate(_QUOTES)
    return folded.replace(" ", "").replace("\u3000", "").replace("\t", "").replace(
        "\n", "").lower()


_LETTERS = tuple(column_letter(index) for index in range(256))


def a1(row: int, col: int) -> str:
    """(0, 0) -> "A1": the address of a cell given by its 0-based row and column."""
    letters = _LETTERS[col] if col < len(_LETTERS) else column_letter(col)
    return f"{letters}{row + 1}"


# --- reading numbers ---------------------------------------------------------------------------

_APPROXIMATE = re.compile(r"约|余|多|左右|超过|超|以上|以下|不足|不到|将近|近|大概|大约|上下|若干|\+$|~|≈|>|<|≥|≤|…")
_NUMBER = re.compile(
    r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(%|人次|人|名|元|万元|册|个|家|平方米|m2|份|年|次|项)?$"
)


# Units that may follow a number typed as text.  A money, area, percent or year unit must be the
# field's own ("6000000元" in a 万元 field is off by 10,000, not a typing habit); the counting
# words of people and things may stand for one another ("120名" where the unit is 人).
_COUNTING_WORDS = frozenset({"人", "名", "人次", "次", "个", "家", "册", "份", "项"})
_SAME_UNIT = {"m2": "平方米", "名": "人"}


def _unit_fits(suffix: str, unit: str | None) -> bool:
    if unit is None:  # the caller does not know the field's unit
        return True
    found, wanted = _SAME_UNIT.get(suffix, suffix), _SAME_UNIT.get(unit, unit)
    return found == wanted or (found in _COUNTING_WORDS and wanted in _COUNTING_WORDS)


@dataclass
class Parsed:
    """A cell's value after reading, with what the reader noticed about it."""

    value: Any = None
    code: str | None = None  # F004/F005/F006/F009/F014 when noticed
    reason: tuple[str, str] = ("", "")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())



# What people put in a cell to say "nothing here": read as empty, so that a required value is
# reported missing (F004) and an optional one is simply not given (未填报: not reported, which
# is not a reported zero; the city pools the schools that report it).
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "/", "\\", "、", "未填报"})
# "无"/"否" in an optional text or list field (示范专业 "否") mean the same; in a number field
# they stay an error, since "无" may mean 0 or "unknown".
_NONE_WORDS = frozenset({"无", "否", "没有", "暂无"})


def _is_placeholder(raw: Any, fspec: FieldSpec) -> bool:
    if not isinstance(raw, str):
        return False
    word = _placeholder_word(raw)
    if word is _PLACEHOLDERS:
        return fspec.kind is not Kind.NAMES or not fspec.required  # "、" alone is A701's
    return word is _NONE_WORDS and not fspec.required and fspec.kind not in NUMERIC_KINDS


@lru_cache(maxsize=4096)  # most texts of a batch repeat: major names, respondents, levels
def _placeholder_word(raw: str) -> frozenset[str] | None:
    """_PLACEHOLDERS or _NONE_WORDS when the text is one of them, else None."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if text in _PLACEHOLDERS:
        return _PLACEHOLDERS
    return _NONE_WORDS if text in _NONE_WORDS else None


def parse_number(raw: Any, kind: Kind, *, percent_cell: bool = False,
                 unit: str | None = None) -> Parsed:
    """Read a number cell: real numbers as they are, clear text numbers with F006, others F005.

    ``unit`` is the field's unit: a unit typed after the number must agree with it.
    """
    if isinstance(raw, (bool, datetime | date | time)):
        reason = ("（是逻辑值）", " (a TRUE/FALSE value)") if isinstance(raw, bool) else (
            "（是日期）", " (a date)")
        return Parsed(raw, "F005", reason)
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            return Parsed(raw, "F005", ("（不是有限数值）", " (not a finite number)"))
        if kind is Kind.PERCENT and percent_cell:
            value = round(value * 100, 10)
        return Parsed(_tidy(value))
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    if _APPROXIMATE.search(text):
        return Parsed(raw, "F005", ("（是约数，需要确切数字）", " (an approximate figure; the exact figure is needed)"))
    match = _NUMBER.match(text)
    if not match:
        return Parsed(raw, "F005", ("", ""))
    sign, whole, decimals, suffix = match.groups()
    if suffix == "%" and kind is not Kind.PERCENT:
        return Parsed(raw, "F005", ("（此处不填百分数）", " (a percentage is not expected here)"))
    if suffix and suffix != "%" and not _unit_fits(suffix, unit):
        return Parsed(raw, "F005", (f"（单位“{suffix}”与本项的单位“{unit}”不符）",
                                    f" (the unit {suffix} is not this field's unit {unit})"))
    value = float(f"{sign}{whole.replace(',', '')}{decimals or ''}")
    if not math.isfinite(value):  # 400 digits typed as text overflow to inf
        return Parsed(raw, "F005", ("（不是有限数值）", " (not a finite number)"))
    return Parsed(_tidy(value), "F006")


def _tidy(value: float) -> float | int:
    """Whole numbers as ``int``; a formula's float noise (17.999999999999996) counts as whole."""
    if not math.isfinite(value):
        return value
    nearest = round(value)
    if value == nearest or abs(value - nearest) <= 1e-9 * max(1.0, abs(value)):
        return int(nearest)
    return value


_PLAIN_TEXT_KINDS = frozenset({Kind.TEXT, Kind.DIGITS, Kind.NAMES})


def _text_value(raw: Any, kind: Kind) -> Any:
    """Text and code cells: numbers typed in code cells lose their ``.0``."""
    if raw.__class__ is not str:  # (most cells are text: they skip these tests)
        if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
            return str(int(raw))
        if isinstance(raw, int | float):
            return str(raw)
        if isinstance(raw, datetime | date | time):
            return raw.isoformat()
    text = without_format_characters(str(raw)).strip()
    if kind is Kind.DIGITS:
        text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return text


_CHOICE_CACHE: dict[tuple[str, ...], dict[str, str]] = {}
_PUNCTUATION = re.compile(r"[()、,，.。:;·\-]")


def _choice_value(raw: Any, choices: tuple[str, ...]) -> str:
    """The allowed value a cell names, whatever its width or punctuation ("县(市,区)属")."""
    return _choice_text(str(raw).strip(), choices)


@lru_cache(maxsize=4096)
def _choice_text(text: str, choices: tuple[str, ...]) -> str:
    table = _CHOICE_CACHE.get(choices)
    if table is None:
        table = {_PUNCTUATION.sub("", normalize(choice)): choice for choice in choices}
        _CHOICE_CACHE[choices] = table
    return table.get(_PUNCTUATION.sub("", normalize(text)), text)



def _number_text(value: Any) -> str:
    return str(value)
