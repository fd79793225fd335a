"""Whom a figure of a report is about: the city, a school, a county, a category of majors.

Schools are found by their full names and by short names derived from them, the way reports
shorten them: the place before the name loses its 市 / 县 / 区 or goes (洮南职教中心, 畜牧业学校),
职业技术教育 and 职业教育 become 职教 (镇赉县职教中心).  A short name two schools would share, or
one that names no school in particular (职教中心), is not used.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

CITY, SCHOOL, COUNTY, CATEGORY = "city", "school", "county", "category"
SPECIFIC = {SCHOOL: 3, CATEGORY: 2, COUNTY: 1, CITY: 0}

_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,3}?[省市县区旗盟州])")
_ABBREVIATIONS = (("职业技术教育", "职教"), ("职业教育", "职教"), ("职业技术学校", "职校"),
                  ("职业高级中学", "职高"), ("职业高中", "职高"))
# what names no school in particular
GENERIC = frozenset({"职业技术学校", "职业教育中心", "职业技术教育中心", "职教中心", "职校", "职业高中",
                     "职高", "中等职业学校", "职业学校", "学校", "中心"})
CITY_WORDS = ("全市", "我市", "本市", "市域")
MIN_SHORT = 4  # characters of a short name


@dataclass(frozen=True)
class Subject:
    kind: str
    name: str
    code: str | None = None

    def label(self) -> str:
        return self.name


@dataclass
class Names:
    """The names the data knows: the city, its schools (name, code), counties, categories."""

    city: str
    schools: list[tuple[str, str | None]] = field(default_factory=list)
    counties: dict[str, list[str]] = field(default_factory=dict)  # county -> its schools
    categories: list[str] = field(default_factory=list)


def _places(name: str) -> list[str]:
    """The place names a school's name starts with: 白城市洮北区… → [白城市, 洮北区]."""
    found: list[str] = []
    rest = name
    while True:
        match = _PLACE.match(rest)
        if not match or len(rest) - len(match.group(1)) < 3:
            return found
        found.append(match.group(1))
        rest = rest[len(match.group(1)):]


def short_names(names: list[str]) -> dict[str, str]:
    """Alias → full name, every alias naming exactly one of ``names``."""
    candidates: dict[str, set[str]] = {}
    for name in names:
        for alias in _variants(name):
            candidates.setdefault(alias, set()).add(name)
    return {alias: next(iter(owners)) for alias, owners in candidates.items()
            if len(owners) == 1 and alias not in GENERIC and len(alias) >= MIN_SHORT}


def _variants(name: str) -> set[str]:
    places = _places(name)
    body = name[sum(len(place) for place in places):]
    bodies = {body}
    for long, short in _ABBREVIATIONS:
        bodies |= {text.replace(long, short) for text in bodies}
    prefixes = {""}
    for place in places:
        forms = {place, place[:-1]} if len(place) > 2 else {place}
        prefixes = {prefix + form for prefix, form in itertools.product(prefixes, forms)} | prefixes
    return {prefix + text for prefix in prefixes for text in bodies} | {name}


class SubjectFinder:
    """Finds the subjects named in a text, longest name first."""

    def __init__(self, names: Names) -> None:
        self.city = Subject(CITY, names.city)
        self.aliases: list[tuple[str, Subject]] = []
        codes = dict(names.schools)
        for alias, full in short_names([name for name, _ in names.schools]).items():
            self.aliases.append((alias, Subject(SCHOOL, full, codes.get(full))))
        for county, members in names.counties.items():
            # a county of one school: its figures are the school's
            subject = Subject(SCHOOL, members[0], codes.get(members[0])) if len(members) == 1 \
                else Subject(COUNTY, county)
            self.aliases.append((county, subject))
            if len(county) > 2:
                self.aliases.append((county[:-1], subject))
        for category in names.categories:
            subject = Subject(CATEGORY, category)
            self.aliases += [(category, subject)]
            if category.endswith("大类"):
                self.aliases.append((category[:-2] + "类", subject))
        for word in (names.city, *CITY_WORDS):
            if word:
                self.aliases.append((word, self.city))
        self.aliases.sort(key=lambda pair: -len(pair[0]))

    def mentions(self, text: str) -> list[tuple[int, int, Subject]]:
        taken = [False] * len(text)
        found: list[tuple[int, int, Subject]] = []
        for alias, subject in self.aliases:
            for match in re.finditer(re.escape(alias), text):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                for index in range(start, end):
                    taken[index] = True
                found.append((start, end, subject))
        return sorted(found, key=lambda item: item[0])

    @staticmethod
    def subject_at(mentions: list[tuple[int, int, Subject]], position: int) -> Subject | None:
        """The subject named last before ``position``."""
        before = [subject for start, _end, subject in mentions if start < position]
        return before[-1] if before else None

    @staticmethod
    def most_specific(mentions: list[tuple[int, int, Subject]]) -> Subject | None:
        if not mentions:
            return None
        return max((subject for _s, _e, subject in mentions), key=lambda s: SPECIFIC[s.kind])
