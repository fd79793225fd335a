"""The rule catalogue: every rule vetstat knows, complete as soon as this package is imported.

Each module holds the rules of one family as data (code, severity, sheet, titles, the Chinese
and English message templates); a rule's check names it by its code.  Adding a rule: its entry
here, then its check (:mod:`vetstat.rules` for a school's workbook, the use case for the rules
across schools and years).
"""

from __future__ import annotations

from vetstat.core.rule import Rule
from vetstat.core.rulebook import (
    attainment,
    awards,
    city,
    employment,
    enrollment,
    files,
    funding,
    satisfaction,
    school,
    services,
    teachers,
    years,
)

# the order of `vetstat rules`: reading, the sheets of the workbook, across schools, across years
FAMILIES = (files, school, enrollment, teachers, employment, funding, satisfaction, awards,
            services, attainment, city, years)


def _catalogue() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            if rule.code in found:
                raise ValueError(f"rule {rule.code} declared twice")
            found[rule.code] = rule
    return found


RULES: dict[str, Rule] = _catalogue()
