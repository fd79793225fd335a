"""Two years of figures side by side: each indicator's old and new value, the schools paired,
the majors opened and closed (data contract §5, §6).

A change is the new value minus the old; its percentage is of the old value, and for rates
(values already in percent) the change in percentage points instead, said by
``change_pct_unit``.  Schools are paired on 学校标识码, and on the name only when the code does
not pair them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from vetstat.core.indicators import views
from vetstat.core.issues import HasIssues, Issue, Lang, plain
from vetstat.core.places import Place
from vetstat.figures.city import city_figures, flat_figures
from vetstat.figures.summary import MajorFigures, SchoolSummary
from vetstat.reading.values import normalize


@dataclass(frozen=True)
class Change:
    """One indicator in two years."""

    old: float | None
    new: float | None
    rate: bool  # True: change_pct is in percentage points
    flagged: bool = False

    @property
    def change(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        # 5136.65 − 4272.8 is 863.85, not 863.8499999999995
        return round(self.new - self.old, 9)

    @property
    def change_pct(self) -> float | None:
        """The change in percent of the old value; for rates the change in percentage points."""
        change = self.change
        if change is None:
            return None
        if self.rate:
            return change
        if not self.old:
            return None  # from nothing: no percentage
        return change * 100 / abs(self.old)

    @property
    def unit(self) -> str:
        return "points" if self.rate else "percent"

    def to_dict(self) -> dict[str, Any]:
        return {"old": plain(self.old), "new": plain(self.new), "change": plain(self.change),
                "change_pct": plain(self.change_pct), "change_pct_unit": self.unit,
                "flagged": self.flagged}


def changes_document(changes: Mapping[str, Change]) -> dict[str, Any]:
    """The changes by key for JSON; an indicator whose key was renamed also appears under its
    former key (its ``alias``), for one release, so that readers of the old JSON keep working."""
    catalogue = views().by_key
    document: dict[str, Any] = {}
    for key, change in changes.items():
        entry = document[key] = change.to_dict()
        alias = catalogue[key].alias
        if alias is not None:
            document[alias] = entry
    return document


Status = Literal["both", "old_only", "new_only"]
MatchedBy = Literal["code", "name"]
Pair = tuple[SchoolSummary | None, SchoolSummary | None, MatchedBy | None]


@dataclass(frozen=True)
class MajorChange:
    """A major opened or closed, at a school or in the city."""

    code: str
    name: str
    old_students: int
    new_students: int
    schools: tuple[str, ...] = ()  # in the city listing: the schools that run(ran) it

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {"code": self.code, "name": self.name,
                                    "old_students": self.old_students,
                                    "new_students": self.new_students}
        if self.schools:
            document["schools"] = list(self.schools)
        return document


@dataclass
class SchoolDiff:
    """One school in two years (or in one of them)."""

    old: SchoolSummary | None
    new: SchoolSummary | None
    indicators: dict[str, Change] = field(default_factory=dict)
    majors_opened: list[MajorChange] = field(default_factory=list)
    majors_closed: list[MajorChange] = field(default_factory=list)
    matched_by: MatchedBy | None = None

    @property
    def status(self) -> Status:
        if self.old is not None and self.new is not None:
            return "both"
        return "old_only" if self.old is not None else "new_only"

    @property
    def current(self) -> SchoolSummary:
        """The newest summary there is."""
        summary = self.new or self.old
        assert summary is not None
        return summary

    @property
    def school_code(self) -> str | None:
        return self.current.school_code

    @property
    def name(self) -> str | None:
        return self.current.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "school_code": self.school_code,
            "name": self.name,
            "old_name": self.old.name if self.old else None,
            "old_school_code": self.old.school_code if self.old else None,
            "old_file": self.old.file if self.old else None,
            "new_file": self.new.file if self.new else None,
            "status": self.status,
            "matched_by": self.matched_by,
            "indicators": changes_document(self.indicators),
            "majors_opened": [m.to_dict() for m in self.majors_opened],
            "majors_closed": [m.to_dict() for m in self.majors_closed],
        }


@dataclass
class YearDiff(HasIssues):
    """The comparison of two years: city, schools, majors and the issues raised."""

    old_year: int | None
    new_year: int | None
    city: dict[str, Change]
    schools: list[SchoolDiff]
    majors_opened: list[MajorChange]
    majors_closed: list[MajorChange]
    issues: list[Issue]
    old_source: str | None = None
    new_source: str | None = None
    unreadable: list[str] = field(default_factory=list)  # files of either side left out
    listed: list[Issue] = field(default_factory=list)  # Y003: majors opened and closed
    place: Place = field(default_factory=Place)  # the city compared (given, or from the new year's schools)
    # "province": a province compared city by city, each city where a school stands
    # (:mod:`vetstat.usecases.province_diff`); its JSON lists them as ``cities``
    level: str = "city"

    @property
    def complete(self) -> bool:
        """Every file of both sides was read."""
        return not self.unreadable

    @property
    def failed(self) -> bool:
        """The comparison cannot be trusted: a side is incomplete or carries an error."""
        return not self.complete or any(issue.is_error for issue in self.issues)

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        return {
            "level": self.level,
            "old": {"year": self.old_year, "source": self.old_source},
            "new": {"year": self.new_year, "source": self.new_source},
            "place": self.place.to_dict(),
            "city": changes_document(self.city),
            "cities" if self.level == "province" else "schools": [
                school.to_dict() for school in self.schools],
            "majors": {"opened": [m.to_dict() for m in self.majors_opened],
                       "closed": [m.to_dict() for m in self.majors_closed]},
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "listed": [issue.to_dict(lang) for issue in self.listed],
            "unreadable": list(self.unreadable),
            "complete": self.complete,
        }


def comparable(figures: Mapping[str, Any]) -> dict[str, float | None]:
    """The figures of :func:`~vetstat.figures.city.city_figures` as the compared indicators."""
    flat = flat_figures(figures)
    return {item.key: flat.get(item.key) for item in views().compared}


def school_figures(school: SchoolSummary | None) -> dict[str, float | None]:
    """One school's compared indicators (nothing for a school absent that year)."""
    return comparable(city_figures([school], per_school=True)) if school is not None else {}


def compare(old: Mapping[str, float | None], new: Mapping[str, float | None]) -> dict[str, Change]:
    """Every compared indicator that either side has, in catalogue order."""
    return {item.key: Change(old.get(item.key), new.get(item.key), item.rate)
            for item in views().compared
            if old.get(item.key) is not None or new.get(item.key) is not None}


def match_schools(old: Sequence[SchoolSummary], new: Sequence[SchoolSummary]) -> list[Pair]:
    """Pairs (old, new, matched_by): on 学校标识码 first, then on an unambiguous name."""
    pairs: list[Pair] = []
    by_code: dict[str, list[SchoolSummary]] = {}
    for school in new:
        if school.school_code:
            by_code.setdefault(school.school_code, []).append(school)
    unmatched_old: list[SchoolSummary] = []
    taken: set[int] = set()
    for school in old:
        candidates = [s for s in by_code.get(school.school_code or "", []) if id(s) not in taken]
        if school.school_code and candidates:
            taken.add(id(candidates[0]))
            pairs.append((school, candidates[0], "code"))
        else:
            unmatched_old.append(school)
    unmatched_new = [s for s in new if id(s) not in taken]

    def names(schools: Iterable[SchoolSummary]) -> dict[str, list[SchoolSummary]]:
        found: dict[str, list[SchoolSummary]] = {}
        for school in schools:
            if school.name:
                found.setdefault(normalize(school.name), []).append(school)
        return found

    old_names, new_names = names(unmatched_old), names(unmatched_new)
    for key, olds in old_names.items():
        news = new_names.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0], "name"))
            unmatched_old.remove(olds[0])
            unmatched_new.remove(news[0])
    pairs.extend((school, None, None) for school in unmatched_old)
    pairs.extend((None, school, None) for school in unmatched_new)
    pairs.sort(key=lambda p: _school_order(p[1] or p[0]))
    return pairs


def _school_order(school: SchoolSummary | None) -> tuple[str, str, str]:
    assert school is not None
    return (school.school_code or "~", school.name or "", school.file)


def city_majors(old: Sequence[SchoolSummary], new: Sequence[SchoolSummary]
                 ) -> tuple[list[MajorChange], list[MajorChange]]:
    """Distinct codes of the city that appeared or disappeared (new schools' majors included)."""

    def runs(schools: Sequence[SchoolSummary]) -> dict[str, list[tuple[SchoolSummary, MajorFigures]]]:
        found: dict[str, list[tuple[SchoolSummary, MajorFigures]]] = {}
        for school in schools:
            for major in school.majors:
                found.setdefault(major.code, []).append((school, major))
        return found

    before, after = runs(old), runs(new)

    def listing(code: str, entries: list[tuple[SchoolSummary, MajorFigures]], opened: bool
                ) -> MajorChange:
        students = sum(m.students for _, m in entries)
        schools = tuple(sorted(s.name or s.school_code or s.file for s, _ in entries))
        return MajorChange(code, entries[0][1].name, 0 if opened else students,
                           students if opened else 0, schools)

    opened = [listing(code, after[code], True) for code in sorted(after) if code not in before]
    closed = [listing(code, before[code], False) for code in sorted(before) if code not in after]
    return opened, closed
