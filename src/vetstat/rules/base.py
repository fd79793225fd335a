"""The school rules (S, E, T, J, M, Q, A, V): one small function per rule code.

A rule's words and severity are data in :mod:`vetstat.core.rulebook`; its check is a function
declared with :func:`check` under the same code.  A check receives a typed :class:`Context` and
yields issues; it never prints.  :mod:`vetstat.rules.registry` imports every check module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from vetstat.core.config import Config, Thresholds
from vetstat.core.contract import SHEET_BY_KEY, SchoolData
from vetstat.core.issues import Issue, Severity
from vetstat.core.numbers import trimmed
from vetstat.core.rulebook import RULES
from vetstat.reading.result import FORM_ROW, Workbook

CheckFunction = Callable[["Context"], Iterator[Issue]]


@dataclass(frozen=True)
class Check:
    """A rule of the catalogue and the function that finds it."""

    code: str
    function: CheckFunction


def check(code: str) -> Callable[[CheckFunction], Check]:
    """Make the decorated function the check of catalogued rule ``code``."""
    if code not in RULES:
        raise KeyError(f"rule {code} is not in the catalogue (vetstat.core.rulebook)")

    def declare(function: CheckFunction) -> Check:
        return Check(code, function)

    return declare


@dataclass
class Context:
    """What a check sees: the school's typed data, the thresholds in force, and the workbook
    (for the cells and 备注 of the issues it raises)."""

    book: Workbook
    config: Config

    @property
    def data(self) -> SchoolData:
        return self.book.data

    @property
    def thresholds(self) -> Thresholds:
        return self.config.thresholds

    def issue(
        self,
        code: str,
        sheet: str,
        field: str | None,
        /,
        *,
        row: int = FORM_ROW,
        value: Any = None,
        expected: str | None = None,
        **params: Any,
    ) -> Issue:
        """An issue located at ``field`` of ``sheet`` (record ``row`` on table sheets).

        A warning is explained when the school wrote a 备注 on that row.
        """
        book = self.book
        note = book.note(sheet, field or "", row) if field else None
        explained = bool(note) and RULES[code].severity is Severity.WARNING
        return Issue(
            code,
            book.file,
            sheet=book.sheet_names.get(sheet, SHEET_BY_KEY[sheet].title),
            cell=book.cell(sheet, field, row) if field else None,
            field=field,
            value=value,
            expected=expected,
            params=params,
            explained=explained,
            note=note if explained else None,
        )


def exceeds(ctx: Context, code: str, sheet: str, part: str, whole: str) -> Iterator[Issue]:
    """``code`` when a part of a form sheet is larger than the whole it belongs to."""
    model = getattr(ctx.data, sheet)
    if model is None:
        return
    a, b = getattr(model, part), getattr(model, whole)
    if a is not None and b is not None and a > b:
        yield ctx.issue(code, sheet, part, value=a, expected=f"<= {fmt(b, 4)}")


def adds_up(ctx: Context, code: str, sheet: str, whole: str, parts: dict[str, str],
            at: str) -> Iterator[Issue]:
    """``code`` at ``at`` when the ``parts`` of a form sheet (message name -> field) do not add
    up to ``whole``; nothing when any of them is not reported."""
    model = getattr(ctx.data, sheet)
    if model is None or getattr(model, whole) is None:
        return
    values = {name: getattr(model, field) for name, field in parts.items()}
    if any(value is None for value in values.values()):
        return
    total = sum(values.values())
    if total != getattr(model, whole):
        yield ctx.issue(code, sheet, at, value=getattr(model, whole), expected=str(total),
                        sum=total, **values)


def fmt(value: float, digits: int = 2) -> str:
    """A computed figure as shown in messages: rounded, trailing zeros dropped."""
    return trimmed(value, digits)


def fmt_apart(value: float, limit: float, digits: int = 2) -> str:
    """``value`` as :func:`fmt` shows it, with the decimals it takes not to look like ``limit``.

    19.998 m² per student is below a standard of 20 m², and the message must not say "20".
    """
    for places in range(digits, 7):
        text = fmt(value, places)
        if value == limit or text != fmt(limit, places):
            return text
    return fmt(value, 6)
