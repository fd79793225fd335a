"""Judging a report's claims against the figures: 一致, 不一致 or 无法核对, and the report's
inner contradictions.

A claim holds when the figure, rounded to the precision the report wrote ("5078" to the unit,
"54.02%" to the hundredth, "79.6 万" to the thousand), equals the stated value, or satisfies its
qualifier: 超过 strictly above, 以上 / 不低于 at or above, 不足 strictly below, 以下 / 不超过 at
or below, 多 / 余 above and below the next step of its digits ("1500 多" is 1501–1599), 约 /
左右 within :data:`~vetstat.core.vocabulary.ABOUT` (5%) of the stated value, 近 at most the
stated value and at most 5% below it.  A claim the figures cannot decide (no indicator, a
subject or year the data does not hold, a figure nobody reported) is 无法核对, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from vetstat.core import vocabulary as words
from vetstat.core.indicators import Formula, views
from vetstat.core.issues import Lang
from vetstat.core.numbers import fixed, half_up
from vetstat.reading.claims import Claim

CONSISTENT, INCONSISTENT, UNCHECKABLE = "一致", "不一致", "无法核对"
VERDICT_EN = {CONSISTENT: "consistent", INCONSISTENT: "inconsistent", UNCHECKABLE: "not checkable"}


@dataclass
class Figure:
    """What the data says for a subject, an indicator and a time: the value, how it is
    computed, and the cells it comes from."""

    value: float | None
    how: str = ""
    cells: list[str] = field(default_factory=list)
    how_en: str = ""

    def computed(self, lang: Lang) -> str:
        return self.how if lang is Lang.ZH else (self.how_en or self.how)


# (subject, key, time) -> the figure, or None when the data holds no such subject or year
Lookup = Callable[[Claim, str], Figure | None]


@dataclass
class Verdict:
    claim: Claim
    verdict: str
    key: str | None = None  # the indicator judged (the one that failed, of several)
    figure: Figure | None = None
    reason: str = ""  # why it cannot be checked, or what disagrees

    @property
    def shown(self) -> str:
        """The data's value at the precision the report wrote."""
        if self.figure is None or self.figure.value is None:
            return ""
        return shown_at(self.figure.value, self.claim)


def shown_at(value: float, claim: Claim) -> str:
    """The value as the report would have written it: "79.61 万" beside "79.6 万"."""
    text = claim.number.text
    for word, scale in (("亿", 100_000_000), ("万", 10_000)):
        if word in text and claim.unit not in words.MONEY:
            return f"{fixed(value / scale, claim.number.digits + 1)} {word}"
    digits = max(0, -math.floor(math.log10(claim.step))) if claim.step < 1 else 0
    if claim.unit in words.MONEY and claim.step >= 1:
        digits = claim.number.digits
    return fixed(value, digits)


def holds(stated: float, step: float, qualifier: str, value: float) -> bool:
    """Whether ``value`` agrees with the stated figure written at ``step``."""
    half = step / 2
    tiny = 1e-9 * max(1.0, abs(stated))
    if qualifier == "more":
        return stated < value < stated + step
    if qualifier == "over":
        return value > stated
    if qualifier == "at_least":
        return value >= stated - half + tiny or _rounds_to(value, step) >= stated
    if qualifier == "under":
        return value < stated
    if qualifier == "at_most":
        return value <= stated + half - tiny
    if qualifier == "about":
        return abs(value - stated) <= max(half, abs(stated) * words.ABOUT) + tiny
    if qualifier == "near":
        return stated - max(half, abs(stated) * words.ABOUT) <= value <= stated + half
    return _rounds_to(value, step) == _rounds_to(stated, step)


def _rounds_to(value: float, step: float) -> Decimal:
    """``value`` rounded half-up to a multiple of ``step`` (0.01, 1, 1000 …)."""
    exponent = Decimal(repr(step)).normalize()
    if exponent >= 1:
        units = half_up(value / step, 0)
        return units * exponent
    return half_up(value, -exponent.as_tuple().exponent)  # type: ignore[operator]


def judge(claims: Sequence[Claim], lookup: Lookup) -> list[Verdict]:
    return [_judge(claim, lookup) for claim in claims]


def _judge(claim: Claim, lookup: Lookup) -> Verdict:
    if not claim.keys:
        return Verdict(claim, UNCHECKABLE, reason=claim.why or "未提及指标")
    failed: Verdict | None = None
    last: Verdict | None = None
    agreed: Verdict | None = None
    for key in claim.keys:
        figure = lookup(claim, key)
        if figure is None:
            last = Verdict(claim, UNCHECKABLE, key, reason=_missing(claim))
            continue
        if figure.value is None:
            last = Verdict(claim, UNCHECKABLE, key, figure, "数据中没有该项（未填报）")
            continue
        if holds(claim.stated, claim.step, claim.qualifier, figure.value):
            agreed = agreed or Verdict(claim, CONSISTENT, key, figure)
        elif failed is None:
            failed = Verdict(claim, INCONSISTENT, key, figure)
    # a figure of several indicators fails if one fails, holds if one holds and none fails
    found = failed or agreed or last
    assert found is not None
    return found


def _missing(claim: Claim) -> str:
    if claim.time in ("上年", "变化", "变化%"):
        return "没有上一年的数据（请用 --previous 给出）"
    return f"数据中没有“{claim.subject.name}”"


# --- how a figure is computed --------------------------------------------------------------


def formula_words(key: str, values: dict[str, float | None], lang: Lang = Lang.ZH) -> str:
    """"“双师型”教师 ÷ 专业课教师 × 100%：168 ÷ 311 × 100%" for a formula, "" otherwise."""
    source = views().by_key[key].source
    if not isinstance(source, Formula):
        return ""
    by_key = views().by_key
    tail = " × 100%" if source.factor == 100.0 else (
        "" if source.factor == 1.0 else f" × {source.factor:g}")
    top = " + ".join(by_key[part].label(lang) for part in source.numerator)
    top = f"（{top}）" if len(source.numerator) > 1 else top
    words_ = f"{top} ÷ {by_key[source.denominator].label(lang)}{tail}"
    if any(values.get(part) is None for part in (*source.numerator, source.denominator)):
        return words_
    numbers = " + ".join(_plain(values[part]) for part in source.numerator)
    numbers = f"（{numbers}）" if len(source.numerator) > 1 else numbers
    separator = "：" if lang is Lang.ZH else ": "
    return f"{words_}{separator}{numbers} ÷ {_plain(values[source.denominator])}{tail}"


# why a claim cannot be checked, in English (the Chinese is the reason itself)
REASON_EN = {
    "未提及指标": "no indicator of the catalogue is named",
    "指标词与单位不符": "the words name no indicator measured in this unit",
    "说的是部分或其他事项": "it speaks of a part or of another matter (a contest, a project, "
                          "those who applied or were hired)",
    "不是指标的比": "a ratio that is no indicator",
    "数据中没有该项（未填报）": "the data does not hold it (not reported)",
    "没有上一年的数据（请用 --previous 给出）": "no data of last year (give it with --previous)",
}


def reason_text(reason: str, lang: Lang) -> str:
    if lang is Lang.ZH or not reason:
        return reason
    if reason in REASON_EN:
        return REASON_EN[reason]
    match = re.fullmatch(r"数据中没有“(.+)”", reason)
    return f"the data holds no “{match.group(1)}”" if match else reason


def _plain(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else fixed(value, 2)
