"""The report as data, before it is a Word document: headings, paragraphs whose numbers are
:class:`Figure` runs, highlighted :class:`Blank` runs where the bureau must write, tables and
charts.  :mod:`vetstat.outputs.report_chapters` makes it, :mod:`vetstat.outputs.report_docx`
lays it out; tests read it without opening Word.

Every number in the text is a :class:`Figure`: the catalogue key it shows (``students``, or a
derived key such as ``students_change``), whom it is about, the value and the text written.
The document records them (``customXml/vetstat-figures.xml``) and wraps each in a bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetstat.core.indicators import Measure, indicator
from vetstat.core.numbers import fixed


@dataclass(frozen=True)
class Figure:
    """A number written into the text."""

    key: str
    subject: str
    value: float | int | None
    text: str


@dataclass(frozen=True)
class Blank:
    """What the bureau writes here: shown highlighted, in brackets."""

    text: str


Run = str | Figure | Blank


@dataclass
class Heading:
    level: int  # 0 the title, 1 一、 2 （一） 3 1.
    text: str


@dataclass
class Para:
    runs: list[Run]
    center: bool = False  # a caption or a note under a table


@dataclass
class TableBlock:
    """A table in the text or the annex; the first ``header_rows`` rows repeat on each page."""

    title: str
    rows: list[list[str]]
    header_rows: int = 1
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns
    widths: list[float] = field(default_factory=list)  # relative widths
    small: bool = False  # the annex: a smaller type so that it fits A4
    merge_down: tuple[int, ...] = ()  # columns whose equal neighbours are merged (类别)
    key: str = ""  # which table (tests, the figure record)


@dataclass
class Chart:
    """A native chart: categories and one or more series of numbers."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    horizontal: bool = False  # bars (long category names) rather than columns
    number_format: str = "0"
    key: str = ""
    # the value axis' bounds (None: the reader's choice); room for the labels of long bars
    axis: tuple[float, float] | None = None


@dataclass
class PageBreak:
    pass


Block = Heading | Para | TableBlock | Chart | PageBreak


# --- numbers as the report writes them ------------------------------------------------------


def figure_text(key: str, value: Any, *, scale: float = 1.0, digits: int | None = None) -> str:
    """The text of an indicator's value in prose: the catalogue's decimals with the one rounding
    rule (:func:`vetstat.core.numbers.fixed`), no ``.00`` after an
    amount that is whole (561 万元), ``scale`` for 万平方米."""
    item = indicator(key)
    if value is None:
        return "—"
    places = item.digits if digits is None else digits
    text = fixed(value / scale if scale != 1.0 else value, places)
    if item.measure is Measure.AMOUNT and places and text.endswith("." + "0" * places):
        text = text[: -places - 1]
    return text


def plain_text(blocks: list[Block]) -> str:
    """The document's text, paragraph by paragraph (what a reader or a test sees)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Para):
            lines.append(run_text(block.runs))
        elif isinstance(block, TableBlock):
            lines.append(block.title)
            lines.extend("\t".join(row) for row in block.rows)
        elif isinstance(block, Chart):
            lines.append(block.title)
    return "\n".join(lines)


def run_text(runs: list[Run]) -> str:
    return "".join(run if isinstance(run, str) else run.text for run in runs)


def figures_of(blocks: list[Block]) -> list[Figure]:
    """Every figure of the text, in order."""
    return [run for block in blocks if isinstance(block, Para) for run in block.runs
            if isinstance(run, Figure)]
