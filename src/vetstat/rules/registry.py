"""Every check of a school's workbook, in catalogue order: the one place that lists them."""

from __future__ import annotations

from types import ModuleType

from vetstat.core.config import Config
from vetstat.core.issues import Issue
from vetstat.core.rulebook import RULES
from vetstat.reading.result import Workbook
from vetstat.rules import (
    awards,
    employment,
    enrollment,
    funding,
    satisfaction,
    school,
    services,
    teachers,
)
from vetstat.rules.base import Check, Context

CHECK_MODULES: tuple[ModuleType, ...] = (school, enrollment, teachers, employment, funding,
                                         satisfaction, awards, services)


def _checks() -> tuple[Check, ...]:
    found = [value for module in CHECK_MODULES for value in vars(module).values()
             if isinstance(value, Check)]
    codes = [c.code for c in found]
    twice = {code for code in codes if codes.count(code) > 1}
    if twice:
        raise ValueError(f"rules with two checks: {sorted(twice)}")
    order = list(RULES)
    return tuple(sorted(found, key=lambda c: order.index(c.code)))


CHECKS: tuple[Check, ...] = _checks()


def run_checks(book: Workbook, config: Config) -> list[Issue]:
    """Every check over one workbook, in catalogue order."""
    context = Context(book, config)
    found: list[Issue] = []
    for item in CHECKS:
        found.extend(item.function(context))
    return found
