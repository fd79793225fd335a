"""Which city a batch belongs to: given by the bureau, or read from the schools' 行政区划代码.

The prefecture-level names of GB/T 2260 ship as package data (``data/gbt2260-prefectures.csv``):
a school's 6-digit 所在地行政区划代码 names its prefecture by its first four digits (220802 洮北区
→ 220800 白城市), and its province by the first two (``data/gbt2260-provinces.csv``: 220000
吉林省), which names a province compiled from its cities' workbooks.  A city given with ``--city`` or ``[batch] city`` wins; when the schools lie in
several prefectures and none is given, the titles say so plainly instead of picking one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from vetstat.core.rule import Lang
from vetstat.core.text import printable, without_format_characters

GIVEN, DERIVED, SEVERAL, UNKNOWN = "given", "division_code", "several", "unknown"


@cache
def prefectures() -> dict[str, str]:
    """GB/T 2260 prefecture-level code (``220800``) → name (``白城市``)."""
    return _names("data/gbt2260-prefectures.csv")


@cache
def provinces() -> dict[str, str]:
    """GB/T 2260 province-level code (``220000``) → name (``吉林省``)."""
    return _names("data/gbt2260-provinces.csv")


def province_of(division_code: str | None) -> str | None:
    """The province of a 6-digit 行政区划代码 (or of a prefecture's code), or None."""
    if not division_code or len(division_code) != 6 or not division_code.isdigit():
        return None
    return provinces().get(division_code[:2] + "0000")


def _names(resource: str) -> dict[str, str]:
    text = resources.files("vetstat").joinpath(resource).read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("code,") or not line.strip():
            continue
        code, name = line.split(",", 1)
        names[code] = name
    return names


def prefecture_of(division_code: str | None) -> str | None:
    """The prefecture of a 6-digit 行政区划代码, or None when it names none we know."""
    if not division_code or len(division_code) != 6 or not division_code.isdigit():
        return None
    return prefectures().get(division_code[:4] + "00")


@dataclass(frozen=True)
class Place:
    """The city and the reporting unit (填报单位) a set of tables is about."""

    city: str | None = None  # the name printed in titles; None when several or unknown
    unit: str | None = None  # 填报单位, printed under the title when given
    source: str = UNKNOWN  # GIVEN, DERIVED, SEVERAL or UNKNOWN
    prefectures: tuple[str, ...] = ()  # the prefectures the schools' codes name

    def name(self, lang: Lang = Lang.ZH) -> str:
        """What a title starts with: the city, or a plain word that it is not one city."""
        zh = lang is Lang.ZH
        if self.city:
            return self.city
        if self.source == SEVERAL:
            shown = "、".join(self.prefectures[:3]) + ("等" if len(self.prefectures) > 3 else "")
            return (f"{shown}（学校分属 {len(self.prefectures)} 个地市）" if zh
                    else f"{', '.join(self.prefectures[:3])}"
                    f"{' etc.' if len(self.prefectures) > 3 else ''}"
                    f" (schools in {len(self.prefectures)} prefectures)")
        return "（地市未知）" if zh else "(city unknown)"

    def to_dict(self) -> dict[str, Any]:
        """The ``place`` of the JSON documents (data contract §6)."""
        return {"city": self.city, "unit": self.unit, "city_source": self.source,
                "prefectures": list(self.prefectures)}


def place_of(division_codes: Iterable[str | None], city: str | None = None,
             unit: str | None = None, *,
             name_of: Callable[[str | None], str | None] = prefecture_of) -> Place:
    """The place of schools with these codes; ``city`` (given by the bureau) wins.
    ``name_of``: :func:`province_of` for a province compiled from its cities."""
    # typed by the bureau, printed in every title: no control or invisible character
    city = without_format_characters(printable(city)).strip() if city else None
    unit = without_format_characters(printable(unit)).strip() if unit else None
    found = sorted({name for code in division_codes if (name := name_of(code))})
    if city:
        return Place(city, unit or None, GIVEN, tuple(found))
    if len(found) == 1:
        return Place(found[0], unit or None, DERIVED, tuple(found))
    return Place(None, unit or None, SEVERAL if found else UNKNOWN, tuple(found))
