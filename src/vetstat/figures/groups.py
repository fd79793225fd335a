"""The figures of any set of schools, pooled as the city's are, and the city's groups: its
市直属 and 县（市、区）属 schools, and the schools of each 县（市、区） (data contract §4.2).

:func:`pool` is the one way a set of schools becomes figures: the city is ``pool`` of all its
counted schools, a group is ``pool`` of some of them (counts summed, rates from summed parts,
satisfaction from pooled counts, majors as distinct codes, ``coverage`` over the group's
schools).  :func:`pool_groups` pools each part of a partition; :func:`by_affiliation` and
:func:`by_county` are the two partitions a city report speaks of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vetstat.core.contract import AFFILIATIONS
from vetstat.figures.city import city_figures
from vetstat.figures.summary import SchoolSummary

# the key of the schools that left the field blank (an error in their file; they still count)
NOT_GIVEN = "未填"


def pool(schools: Sequence[SchoolSummary]) -> dict[str, Any]:
    """The figures of ``schools`` with ``coverage``, pooled as the city's (the same keys)."""
    return city_figures(schools, coverage=True)


@dataclass(frozen=True)
class Group:
    """Some of the city's schools: ``key`` names them (a 隶属关系, a county's name, or
    :data:`NOT_GIVEN`); ``division_code`` is a county's 行政区划代码 (the smallest its schools
    give), None for an affiliation or when no school gives one."""

    key: str
    schools: tuple[SchoolSummary, ...]
    division_code: str | None = None

    def figures(self) -> dict[str, Any]:
        return pool(self.schools)


def partition(schools: Iterable[SchoolSummary], key_of: Callable[[SchoolSummary], str]
              ) -> dict[str, list[SchoolSummary]]:
    """The schools by ``key_of``, in the order each key is first met."""
    parts: dict[str, list[SchoolSummary]] = {}
    for school in schools:
        parts.setdefault(key_of(school), []).append(school)
    return parts


def pool_groups(groups: Iterable[Group]) -> dict[str, dict[str, Any]]:
    """{key: the group's figures} in the groups' order."""
    return {group.key: group.figures() for group in groups}


def by_affiliation(schools: Iterable[SchoolSummary]) -> list[Group]:
    """The groups of 隶属关系 that have schools, in the contract's order (市直属, 县（市、区）属,
    其他), then the schools that left it blank."""
    parts = partition(schools, lambda school: school.affiliation or NOT_GIVEN)
    order = {key: index for index, key in enumerate((*AFFILIATIONS, NOT_GIVEN))}
    return [Group(key, tuple(parts[key])) for key in sorted(parts, key=order.__getitem__)]


def county_name(school: SchoolSummary) -> str:
    """The 所在县（市、区） a school gives (spaces trimmed), or :data:`NOT_GIVEN`."""
    name = (school.county or "").strip(" \u3000\t\n")
    return name or NOT_GIVEN


def by_county(schools: Iterable[SchoolSummary]) -> list[Group]:
    """One group per 所在县（市、区） as the schools write it, in the order of GB/T 2260 (the
    smallest 行政区划代码 its schools give: 区 before 县 before 县级市); names without a code
    after them, the schools that gave no name last."""
    groups = []
    for name, members in partition(schools, county_name).items():
        codes = [s.division_code for s in members
                 if s.division_code and len(s.division_code) == 6 and s.division_code.isdigit()]
        groups.append(Group(name, tuple(members), min(codes) if codes else None))
    return sorted(groups, key=lambda g: (g.key == NOT_GIVEN, g.division_code is None,
                                         g.division_code or "", g.key))


def city_groups(schools: Sequence[SchoolSummary]) -> dict[str, list[Group]]:
    """The city's two partitions: ``affiliation`` and ``county``."""
    return {"affiliation": by_affiliation(schools), "county": by_county(schools)}


def groups_document(groups: dict[str, list[Group]]) -> dict[str, dict[str, dict[str, Any]]]:
    """The JSON's ``groups``: {"affiliation": {key: figures}, "county": {name: figures with its
    ``division_code``}}; every group has the city's keys."""
    document: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, found in groups.items():
        document[kind] = {}
        for group in found:
            figures = group.figures()
            if kind == "county":
                figures = {"division_code": group.division_code, **figures}
            document[kind][group.key] = figures
    return document
