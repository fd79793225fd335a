"""A year beside the one before it (``aggregate --previous OLD``): the city's figures of both,
the changes and the Y rules exactly as ``diff`` makes them for the city.

OLD is read by :func:`vetstat.usecases.diff.load_side`, the function ``diff`` reads a side
with (a folder, a bare year meaning ``./YEAR``, or a city workbook).  The changes are those of
``diff``'s city part, flags included; the Y issues of the comparison join the year's issues,
and so do the problems that make OLD incomplete (files it could not read, cross-school
errors), which fail the run as they fail ``diff``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetstat.core.config import Config
from vetstat.core.issues import Issue
from vetstat.figures.years import Change, changes_document
from vetstat.usecases.aggregate import CityResult
from vetstat.usecases.diff import diff_years, side_problems


@dataclass
class Previous:
    """The year before: its figures, the changes to this year, what the comparison found."""

    year: int | None
    source: str
    result: CityResult = field(repr=False)
    changes: dict[str, Change]
    issues: list[Issue]  # the Y rules, and what makes the year before incomplete

    @property
    def failed(self) -> bool:
        """The comparison cannot be trusted: the year before is incomplete or has an error."""
        return any(issue.is_error for issue in self.issues) or any(
            not school.readable for school in self.result.schools)

    def to_dict(self) -> dict[str, Any]:
        """``previous`` of the JSON: the year, where it came from, its city figures."""
        return {"year": self.year, "source": self.source, "city": self.result.city()}

    def changes_document(self) -> dict[str, Any]:
        """``changes`` of the JSON: ``diff --format json``'s city part."""
        return changes_document(self.changes)


def compare_previous(result: CityResult, before: CityResult, config: Config | None = None, *,
                     old_source: str, new_source: str) -> Previous:
    """This year (``result``) against the year before, as ``diff`` compares the city."""
    comparison = diff_years(before, result, config, old_source=old_source,
                            new_source=new_source)
    issues = [i for i in comparison.issues if i.code.startswith("Y")] + side_problems(before)
    return Previous(before.year, old_source, before, comparison.city, issues)
