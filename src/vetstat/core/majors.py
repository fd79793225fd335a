"""The 2021 national catalogue of 中职 majors, shipped inside the package as data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Major:
    code: str
    name: str
    category_code: str
    category_name: str
    class_code: str
    class_name: str


@cache
def majors() -> dict[str, Major]:
    """Code -> major, from ``data/zhongzhi-majors-2021.csv`` (358 majors)."""
    text = resources.files("vetstat").joinpath("data/zhongzhi-majors-2021.csv").read_text("utf-8")
    return {row["code"]: Major(**row) for row in csv.DictReader(io.StringIO(text))}


@cache
def categories() -> dict[str, str]:
    """专业大类 code (first two digits) -> name."""
    return {m.category_code: m.category_name for m in majors().values()}


def category_of(code: str) -> str:
    """The 专业大类 code of a major code: its first two digits."""
    return code[:2]
