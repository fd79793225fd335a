"""Thresholds of the national standards and of the year diff, configurable per bureau.

Read from ``vetstat.toml`` in the working folder (or ``--config FILE``)::

    [thresholds]
    student_teacher_ratio = 20      # T307: 生师比 above this is a warning
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

CONFIG_NAME = "vetstat.toml"


class ConfigError(Exception):
    """The configuration file is unreadable or names an unknown threshold."""


@dataclass(frozen=True)
class Thresholds:
    """Defaults are the national 中职 school standards (std) and the contract's diff limits."""

    building_area_per_student: float = 20.0  # S105 生均校舍建筑面积 (m²)
    land_area_per_student: float = 33.0  # S106 生均占地面积 (m²)
    books_per_student: float = 30.0  # S107 生均纸质图书 (册)
    student_teacher_ratio: float = 20.0  # T307 生师比 upper bound
    dual_ratio_min: float = 30.0  # T308 双师型 share of 专业课教师 (%)
    specialty_ratio_min: float = 50.0  # T309 专业课教师 share of 专任教师 (%)
    equipment_per_student: float = 2500.0  # M502 生均教学仪器设备值 (元)
    median_factor: float = 3.0  # X905 times / a third of the city median
    diff_count_pct: float = 20.0  # Y001 change of a count (%)
    diff_rate_points: float = 10.0  # Y001 change of a rate (percentage points)


@dataclass(frozen=True)
class Config:
    thresholds: Thresholds = Thresholds()
    source: Path | None = None


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The configuration from ``path``, else ``vetstat.toml`` in ``cwd``, else the defaults."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"配置文件不存在 / config file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件无法读取 / cannot read config file {path}: {exc}") from exc
    table: Any = document.get("thresholds", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [thresholds] must be a table")
    known = {f.name for f in fields(Thresholds)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: 未知的阈值 / unknown thresholds: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    values = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{path}: {key} must be a number ≥ 0, got {value!r}")
        values[key] = float(value)
    return Config(replace(Thresholds(), **values), path)
