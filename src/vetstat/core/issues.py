"""Issues are data: one model for every error and warning.

An issue names a rule of the catalogue (:mod:`vetstat.core.rulebook`) by its code and takes its
severity from it when made.  Checks yield :class:`Issue` objects; nothing prints while checking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from vetstat.core.rule import Lang, Rule, Severity
from vetstat.core.rulebook import RULES

__all__ = ["FLAT", "RULES", "HasIssues", "Issue", "Lang", "Rule", "Severity", "count", "flatten",
           "plain", "show", "sort_key"]


def show(value: Any, lang: Lang = Lang.ZH) -> str:
    """A value as it is quoted in a message: numbers without a trailing .0, text quoted."""
    if value is None:
        return "（空）" if lang is Lang.ZH else "(empty)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}" if not math.isfinite(value) else str(value)
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, int) and abs(value) >= 10**15:  # 1e308 typed as a count: not 309 digits
        digits = str(abs(value))
        fraction = digits[1:6].rstrip("0")
        return f"{'-' if value < 0 else ''}{digits[0]}{'.' if fraction else ''}{fraction}e+{len(digits) - 1}"
    return str(value)


def plain(value: Any) -> Any:
    """A value as it goes into JSON: finite numbers and text, nothing else."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


@dataclass(frozen=True)
class Issue:
    """One error or warning, located as precisely as the input allows."""

    code: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None
    value: Any = None
    expected: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    explained: bool = False
    note: str | None = None
    # the rule's, stored when the issue is made: an unknown code fails there, not when shown
    severity: Severity = dataclass_field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", RULES[self.code].severity)

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        """A warning (an info notice is neither: it is listed, never counted)."""
        return self.severity is Severity.WARNING

    def where(self, lang: Lang = Lang.ZH) -> str:
        """``file › sheet!cell`` as far as known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        return " › ".join(parts)

    def message(self, lang: Lang = Lang.ZH) -> str:
        """The full message: where, what was found, what was expected, how to fix it."""
        return f"{self.where(lang)}: {self.text(lang)}"

    def text(self, lang: Lang = Lang.ZH) -> str:
        """The message without the location prefix (for tables that show it in columns)."""
        rule = self.rule
        template = rule.zh if lang is Lang.ZH else rule.en
        values = {"value": show(self.value, lang), "expected": self.expected or "", **self.params}
        # A parameter a template names but the issue lacks is a bug, yet it must not cost the
        # user the whole report: it shows as the bare ``{name}``, which the tests look for.
        text = template.format_map(_Params({k: _param(v, lang) for k, v in values.items()}))
        if self.explained and self.note:
            text += f"（已说明：{self.note}）" if lang is Lang.ZH else f" (explained: {self.note})"
        return text

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "explained": self.explained,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "value": plain(self.value),
            "expected": self.expected,
            "message": self.message(lang),
        }


    def get(self, name: str, lang: Lang = Lang.ZH) -> Any:
        """One property by name, as :meth:`to_dict` gives it (``text``: the message without
        the location)."""
        if name == "text":
            return self.text(lang)
        if name == "message":
            return self.message(lang)
        if name == "severity":
            return self.severity.value
        if name == "value":
            return plain(self.value)
        return getattr(self, name)


# what ``flatten`` gives by default: enough to tell two issues apart in a test or a listing
FLAT = ("code", "file", "sheet", "cell")


def flatten(issues: Iterable[Issue], spec: Sequence[str] = FLAT, lang: Lang = Lang.ZH
            ) -> list[list[Any]]:
    """The issues as rows of the properties named in ``spec`` (as frictionless' report
    ``flatten(["rowNumber", "fieldName", "type"])``): what tests compare and tables show."""
    return [[issue.get(name, lang) for name in spec] for issue in issues]


class HasIssues:
    """A result that carries issues: a school's report, a city's year, a comparison."""

    issues: list[Issue]

    def flatten(self, spec: Sequence[str] = FLAT, lang: Lang = Lang.ZH) -> list[list[Any]]:
        return flatten(self.issues, spec, lang)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _param(value: Any, lang: Lang) -> Any:
    if isinstance(value, float) or value is None:
        return show(value, lang)
    return value


def sort_key(issue: Issue) -> tuple[Any, ...]:
    """Errors first, then by file, sheet, row and column, then code."""
    row, col = split_cell(issue.cell)
    return (issue.file, issue.severity is not Severity.ERROR, issue.sheet or "", row, col,
            issue.code)


def split_cell(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, letters.rjust(3))


def count(issues: Iterable[Issue]) -> tuple[int, int]:
    """(errors, unexplained warnings)."""
    errors = warnings = 0
    for issue in issues:
        if issue.is_error:
            errors += 1
        elif issue.severity is Severity.WARNING and not issue.explained:
            warnings += 1
    return errors, warnings
