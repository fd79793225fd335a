"""Every check of a school's workbook, in catalogue order: the one place that lists them."""

from __future__ import annotations

import itertools
from types import ModuleType

from vetstat.core.config import Config
from vetstat.core.issues import Issue
from vetstat.core.rulebook import RULES
from vetstat.reading.result import Workbook
from vetstat.rules import (
    attainment,
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
                                         satisfaction, awards, services, attainment)


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


# A sheet of 100,000 bad rows broke two rules on every row: 200,000 issues, 47 s and 510 MB
# to list what nobody reads past the first screens. Each rule lists its first issues, the file
# its first rule issues (as the reader does, F016); F018 says how many more there were.
MAX_ISSUES_PER_RULE = 100
MAX_RULE_ISSUES_PER_FILE = 1000


def run_checks(book: Workbook, config: Config) -> list[Issue]:
    """Every check over one workbook, in catalogue order; at most :data:`MAX_ISSUES_PER_RULE`
    issues of one rule and :data:`MAX_RULE_ISSUES_PER_FILE` in all, each cap closed by an F018
    that counts the issues left out (they are counted, not kept)."""
    context = Context(book, config)
    found: list[Issue] = []
    listed = omitted_in_all = 0
    for item in CHECKS:
        room = min(MAX_ISSUES_PER_RULE, max(0, MAX_RULE_ISSUES_PER_FILE - listed))
        issues = item.function(context)
        before = len(found)
        found.extend(itertools.islice(issues, room))
        listed += len(found) - before
        omitted = sum(1 for _ in issues)
        if not omitted:
            continue
        if room == MAX_ISSUES_PER_RULE:  # the rule's own cap
            sheet = RULES[item.code].sheet
            found.append(Issue("F018", book.file, sheet=None if sheet == "*" else sheet, params={
                "what": f"规则 {item.code} 的问题", "what_en": f"issues of rule {item.code}",
                "limit": MAX_ISSUES_PER_RULE, "omitted": omitted}))
        else:  # the file's cap
            omitted_in_all += omitted
    if omitted_in_all:
        found.append(Issue("F018", book.file, params={
            "what": "本文件的校验问题", "what_en": "rule issues in this file",
            "limit": MAX_RULE_ISSUES_PER_FILE, "omitted": omitted_in_all}))
    return found
