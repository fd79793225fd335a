"""The reconciliation: every city figure re-added from the schools' own rows.

A difference is a bug in vetstat, never a property of the data, and raises
:class:`ReconciliationError`; the city tables are never written from figures that do not add up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vetstat.core.indicators import views
from vetstat.figures.city import MAJOR_COUNTS, city_figures, flat_figures, major_rows
from vetstat.figures.summary import SchoolSummary


class ReconciliationError(RuntimeError):
    """The per-school rows do not add up to the city's: a bug, never a property of the data."""


def _exact_sum(values: Sequence[float]) -> float:
    try:
        return math.fsum(values)
    except OverflowError:  # whole numbers past the float range still add exactly as ints
        return sum(values)


def _close(added: float, expected: float) -> bool:
    if added == expected:
        return True
    try:
        return math.isclose(added, expected, rel_tol=1e-9, abs_tol=1e-9)
    except OverflowError:
        return False


RECONCILE_BATCH = 512  # values of one key held before they are added into one partial sum


class RowSums:
    """The schools' flat rows added up key by key, for :func:`reconcile`, without keeping them.

    A national batch's rows are added as they come (:meth:`add_values` takes a row as the
    values of the catalogue's additive indicators, which is what a worker process sends
    back).
    """

    def __init__(self) -> None:
        # per key, the values of the schools that have it (the first a partial sum, once there
        # have been many): empty for a key no school has
        self.pending: dict[str, list[Any]] = {key: [] for key in views().additive}

    def add(self, row: Mapping[str, Any]) -> None:
        self.add_values(tuple(row.get(key) for key in self.pending))

    def add_values(self, values: Sequence[Any]) -> None:
        for value, held in zip(values, self.pending.values(), strict=True):
            if value is not None:
                held.append(value)
                if len(held) >= RECONCILE_BATCH:  # exactly rounded, far inside 1e-9; whole
                    # numbers stay exact (counts past the float range overflow as floats)
                    held[:] = [sum(held) if all(type(v) is int for v in held)
                               else _exact_sum(held)]

    def problems(self, total_row: Mapping[str, Any],
                 major_table: Sequence[Mapping[str, Any]]) -> list[str]:
        """:func:`reconcile` of the rows added so far."""
        return _problems(self.pending, total_row, major_table)


def summed_values(figures: Mapping[str, Any]) -> tuple[Any, ...]:
    """A school's :func:`city_figures` as the values of the catalogue's additive indicators
    (None: not there), in catalogue order."""
    row = flat_figures(figures)
    return tuple(row.get(key) for key in views().additive)


def reconcile(school_rows: Iterable[Mapping[str, Any]], total_row: Mapping[str, Any],
              major_table: Sequence[Mapping[str, Any]]) -> list[str]:
    """What does not add up: school rows against the total row, the majors against ``majors``.

    ``school_rows`` and ``total_row`` are flat rows (:func:`flat_figures`); an empty list means
    every summed key re-adds exactly (floats to 1e-9) and the distinct-major table agrees.
    The rows are read once and not kept: a national batch's are made one by one.
    """
    sums = RowSums()
    for row in school_rows:
        sums.add(row)
    return sums.problems(total_row, major_table)


def _problems(pending: Mapping[str, list[Any]], total_row: Mapping[str, Any],
              major_table: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    for key in pending:
        expected = total_row.get(key)
        if not pending[key]:
            if expected not in (None, 0):
                problems.append(f"{key}: no school has it but the city has {expected}")
            continue
        added = _exact_sum(pending[key])
        if expected is None and isinstance(added, float) and not math.isfinite(added):
            continue  # a sum past the float range is shown as no figure (figures.summary.derive)
        if expected is None or not _close(added, expected):
            problems.append(f"{key}: schools add up to {added}, the city has {expected}")
    coded = [row for row in major_table if row["code"]]
    if len(coded) != total_row.get("majors"):
        problems.append(f"majors: the table lists {len(coded)}, the city has {total_row.get('majors')}")
    if len({row["category"] for row in coded}) != total_row.get("categories"):
        problems.append("categories: the table of majors disagrees with the city's count")
    for key in MAJOR_COUNTS:
        added = sum(row[key] for row in major_table)
        if added != (total_row.get(key) or 0):
            problems.append(f"{key}: the majors add up to {added}, the city has {total_row.get(key)}")
    for key, city_key in (("model_provincial", "model_majors_provincial"),
                          ("model_city", "model_majors_city")):
        added = sum(row[key] for row in major_table)
        if added != total_row.get(city_key):
            problems.append(f"{city_key}: the majors add up to {added}, the city has "
                            f"{total_row.get(city_key)}")
    return problems


def ensure_reconciled(schools: Sequence[SchoolSummary], city: Mapping[str, Any],
                      sums: RowSums | None = None) -> None:
    """:func:`reconcile` over the schools' own figures; raise if anything does not add up.

    ``sums``: the schools' rows already added up (as :func:`aggregate_files` does while the
    files are read), else each school's figures are made here.
    """
    if sums is None:
        sums = RowSums()
        for school in schools:
            sums.add_values(summed_values(city_figures([school])))
    problems = sums.problems(flat_figures(city), major_rows(schools))
    if problems:
        raise ReconciliationError("the city figures do not reconcile with the schools: "
                                  + "; ".join(problems))
