"""The school rules (S, E, T, J, M, Q, A, V): one small function per rule code.

Each check is declared with :func:`check`, which puts the rule in the catalogue and registers
the function.  A check receives a :class:`Context` and yields issues; it never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from vetstat.core.config import Config
from vetstat.core.issues import Issue, Severity, declare
from vetstat.reading.reader import FORM_ROW, Workbook

CheckFunction = Callable[["Context"], Iterator[Issue]]
CHECKS: list[tuple[str, CheckFunction]] = []


def check(
    code: str,
    severity: Severity,
    sheet: str,
    title: tuple[str, str],
    zh: str,
    en: str,
    *,
    standard: str | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Declare rule ``code`` and register the decorated function as its check."""
    declare(code, severity, sheet, title, zh, en, standard=standard)

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append((code, function))
        return function

    return register


@dataclass
class Context:
    """What a check sees: the workbook as read and the thresholds in force."""

    book: Workbook
    config: Config

    @property
    def data(self) -> Any:
        return self.book.data

    @property
    def thresholds(self) -> Any:
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
        from vetstat.core.contract import SHEET_BY_KEY
        from vetstat.core.issues import RULES

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


def run_checks(book: Workbook, config: Config) -> list[Issue]:
    """Every registered check over one workbook, in catalogue order."""
    from vetstat.rules import registry  # noqa: F401  (registers the checks)

    context = Context(book, config)
    found: list[Issue] = []
    for _code, function in CHECKS:
        found.extend(function(context))
    return found


def exceeds(ctx: Context, code: str, sheet: str, part: str, whole: str) -> Iterator[Issue]:
    """``code`` when a part of a form sheet is larger than the whole it belongs to."""
    model = getattr(ctx.data, sheet)
    if model is None:
        return
    a, b = getattr(model, part), getattr(model, whole)
    if a is not None and b is not None and a > b:
        yield ctx.issue(code, sheet, part, value=a, expected=f"<= {fmt(b, 4)}")


def fmt(value: float, digits: int = 2) -> str:
    """A computed figure as shown in messages: rounded, trailing zeros dropped."""
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_apart(value: float, limit: float, digits: int = 2) -> str:
    """``value`` as :func:`fmt` shows it, with the decimals it takes not to look like ``limit``.

    19.998 m² per student is below a standard of 20 m², and the message must not say "20".
    """
    for places in range(digits, 7):
        text = fmt(value, places)
        if value == limit or text != fmt(limit, places):
            return text
    return fmt(value, 6)
