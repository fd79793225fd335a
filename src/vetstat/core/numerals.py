"""Numbers as a report writes them: Arabic digits with or without thousands separators and
decimals, 万 / 亿, Chinese numerals (三千二百, 十二, 一百零五), percentages, ratios (9.18:1),
and a trailing 多 / 余 (1500 多人).

:func:`find_numbers` gives each number with its span in the text, its value, the precision it
was written at (what a check compares at: "79.6 万" is 796,000 to the nearest 1,000) and, for
a ratio, its second term.  Which numbers are figures (not a year, a date, a section number) is
decided by the reader of claims, which sees the words around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

_ARABIC = re.compile(
    r"(?<![\d.,A-Za-z])"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?![A-Za-z+\d]|\.\d)"
    r"(?:\s*(?P<ratio>[:：∶])\s*(?P<second>\d+(?:\.\d+)?)(?![\d.]))?"
    r"(?P<scale>\s*[万亿](?!元/)(?:\s*[万亿])?)?"
    r"(?P<more>\s*[多余](?=[万亿人名个所项元次家户册篇间台本天年]))?"
    r"(?P<pct>\s*[%％])?")
_CHINESE = re.compile(rf"[{CHINESE_NUMERAL}]+(?P<more>[多余](?=[万亿人名个所项元次家户册篇间台本天]))?")


@dataclass(frozen=True)
class Number:
    """A number in a text: its span, value (万 and 亿 applied, a percentage in percent) and
    the step it was written to (0.01 for "54.02", 1 for "5078", 1,000 for "79.6 万")."""

    start: int
    end: int
    text: str
    value: float
    step: float
    percent: bool = False
    second: float | None = None  # the ratio's second term (9.18:1 → 1)
    more: bool = False  # "1500 多": more than the value, less than the next step of its digits
    chinese: bool = False
    digits: int = 0  # decimals written

    @property
    def is_ratio(self) -> bool:
        return self.second is not None


def find_numbers(text: str) -> list[Number]:
    """Every number of ``text``, in order (Arabic first; Chinese numerals that are numbers)."""
    found = [_arabic(match) for match in _ARABIC.finditer(text)]
    taken = [(number.start, number.end) for number in found]
    for match in _CHINESE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        number = _chinese(match)
        if number is not None:
            found.append(number)
    return sorted(found, key=lambda number: number.start)


def _arabic(match: re.Match[str]) -> Number:
    whole = match.group("int").replace(",", "")
    fraction = match.group("frac") or ""
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    step = Decimal(1).scaleb(-len(fraction))
    scale_text = (match.group("scale") or "").replace(" ", "")
    scale = 1
    for char in scale_text:
        scale *= _LARGE_UNITS[char]
    more = bool(match.group("more"))
    if more:  # "1500 多人": the step is that of the last digit written that is not 0
        trailing = len(whole) - len(whole.rstrip("0")) if not fraction else 0
        step = Decimal(10) ** trailing if trailing else Decimal(1)
    second = match.group("second")
    end = match.end()
    return Number(match.start(), end, match.group(0).strip(), float(value * scale),
                  float(step * scale), percent=bool(match.group("pct")),
                  second=float(second) if second is not None else None, more=more,
                  digits=len(fraction))


def chinese_value(text: str) -> int | None:
    """三千二百 → 3200, 十二 → 12, 一百零五 → 105, 二〇二二 → 2022; None if malformed."""
    if not text or any(char not in CHINESE_NUMERAL for char in text):
        return None
    if all(char in _DIGITS for char in text):  # digit by digit: 二〇二二
        return int("".join(str(_DIGITS[char]) for char in text))
    total = section = digit = 0
    last_small = 10**9
    last_large = 10**12
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_small:
                return None
            section += (digit or 1) * unit
            digit, last_small = 0, unit
        else:
            unit = _LARGE_UNITS[char]
            if unit >= last_large:
                return None
            total += (section + digit) * unit
            section = digit = 0
            last_small, last_large = 10**9, unit
    return total + section + digit


def _chinese(match: re.Match[str]) -> Number | None:
    text = match.group(0)
    more = bool(match.group("more"))
    numeral = text[:-1] if more else text
    if len(numeral) < 2 or not any(char in _SMALL_UNITS or char in _LARGE_UNITS
                                   for char in numeral):
        return None  # 一名, 两所, 七一: words, not figures; 十二, 三千二百 are figures
    value = chinese_value(numeral)
    if value is None:
        return None
    # the step of the last unit written: 三千二百 is to the hundred, 十二 to the one
    step = 1
    for char in reversed(numeral):
        if char in _DIGITS:
            break
        step = _SMALL_UNITS.get(char) or _LARGE_UNITS.get(char) or 1
        break
    return Number(match.start(), match.end(), text, float(value), float(step), more=more,
                  chinese=True)
