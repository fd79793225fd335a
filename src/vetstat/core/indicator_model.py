"""What an indicator is: how it is measured, where it comes from, how it is named and shown.

The indicators themselves are declared in :mod:`vetstat.core.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vetstat.core.contract import SHEET_BY_KEY
from vetstat.core.rule import Lang


class Measure(StrEnum):
    """What kind of number an indicator is: how it is shown and compared across years."""

    COUNT = "count"  # whole things: schools, people, books (no decimals)
    AMOUNT = "amount"  # areas and money (two decimals)
    RATIO = "ratio"  # a quotient that is no percentage: per student, students per teacher
    RATE = "rate"  # a percentage: compared in percentage points


# --- where a figure comes from --------------------------------------------------------------


@dataclass(frozen=True)
class FromField:
    """A form field of the school's workbook; a city's value is the schools' sum."""

    sheet: str
    field: str


@dataclass(frozen=True)
class FromMajors:
    """A column of 专业与学生 summed over the school's majors (and the city's schools)."""

    field: str


@dataclass(frozen=True)
class Formula:
    """``factor`` × the sum of ``numerator`` ÷ ``denominator``, always from summed parts: a
    city's rate is never an average of school rates.  None when the denominator is 0."""

    numerator: tuple[str, ...]
    denominator: str
    factor: float = 1.0


@dataclass(frozen=True)
class WeightedMean:
    """The mean of a field weighted by another (the starting salary by the employed); a school
    keeps the weighted sum and the weight (:class:`~vetstat.figures.summary.SchoolSummary`)."""

    field: str
    weight: str


@dataclass(frozen=True)
class Counted:
    """A count made over the schools or their majors (what is counted, in words);
    ``additive``: a city's count is the sum of its schools' (not so for distinct codes)."""

    what: str
    additive: bool = True


@dataclass(frozen=True)
class Survey:
    """A measure of the pooled satisfaction survey; ``item`` None: the six 在校生 items pooled."""

    respondent: str
    item: str | None
    measure: str


@dataclass(frozen=True)
class Awards:
    """Contest awards at a ``level`` (None: every level): ``entries`` or ``students``."""

    level: str | None
    measure: str


Source = FromField | FromMajors | Formula | WeightedMean | Counted | Survey | Awards


@dataclass(frozen=True)
class Indicator:
    """One figure: how it is named, shown, computed and watched."""

    key: str
    zh: str
    en: str
    unit: str
    measure: Measure
    source: Source
    sheet: str | None  # the sheet a school corrects it on; None: about the batch (学校数)
    part_of: str | None = None  # the indicator it is a part of: 表1 shows it as "其中："
    bounds: tuple[float | None, float | None] = (0, None)  # a plausible school's value
    cell_field: str | None = None  # the field of ``sheet`` an issue about it points at
    table1: bool = True  # a row of 表1 and a column of 分校明细
    table2: bool = False  # a figure of 表2 满意度调查表
    compared: bool = True  # a row of the year diff
    watched: bool = False  # Y001: a change beyond the thresholds is flagged
    outlier: bool = False  # X905: a school far from the city median is flagged
    alias: str | None = None  # the key the diff's JSON used before (kept for one release)

    @property
    def digits(self) -> int:
        """Decimals shown: none for counts, two for everything else."""
        return 0 if self.measure is Measure.COUNT else 2

    @property
    def rate(self) -> bool:
        """A percentage: compared in percentage points."""
        return self.measure is Measure.RATE

    @property
    def additive(self) -> bool:
        """A city's value is the plain sum of its schools' values (the reconciliation re-adds
        these); not so for rates, means and distinct counts."""
        source = self.source
        if isinstance(source, Counted):
            return source.additive
        if isinstance(source, Survey):
            return source.measure != "rate"
        return isinstance(source, FromField | FromMajors | Awards)

    def label(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en

    def row_label(self, lang: Lang) -> str:
        """The label as a row of 表1: a part says that it is one (其中：)."""
        if self.part_of is None:
            return self.label(lang)
        return f"其中：{self.zh}" if lang is Lang.ZH else f"of which {self.en}"

    def header(self, lang: Lang) -> str:
        """The label with its unit, as a column header."""
        label = self.row_label(lang)
        if not self.unit:
            return label
        return f"{label}（{self.unit}）" if lang is Lang.ZH else f"{label} ({self.unit})"

    def category(self, lang: Lang) -> str:
        """The part of the report it belongs to: 基本情况, or its sheet's title."""
        if self.sheet is None:
            return "基本情况" if lang is Lang.ZH else "Schools"
        sheet = SHEET_BY_KEY[self.sheet]
        return sheet.title if lang is Lang.ZH else sheet.title_en
