"""A bureau's settings: the thresholds of the national standards and of the year diff, and
what the batch is (the city, the 填报单位).

Read from ``vetstat.toml`` in the working folder (or ``--config FILE``)::

    [thresholds]
    student_teacher_ratio = 20      # T307: 生师比 above this is a warning

    [batch]
    city = "白城市"                  # printed in every title (default: from the 行政区划代码)
    unit = "白城市教育局"            # 填报单位, printed under the titles
    template_min_version = 2          # S109: a workbook of an older template is a warning
    roster = "学校名单.xlsx"          # who must submit (--roster), relative to this file

A table or a key this module does not know is refused (exit 2), so a typo is never ignored.
To add a key to ``[batch]``: one field on :class:`Batch` with its kind in ``metadata``
(``text``, ``path`` — resolved relative to the toml file — or ``integer``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CONFIG_NAME = "vetstat.toml"


class ConfigError(Exception):
    """The configuration file is unreadable, or names an unknown table, key or threshold."""


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
    cohort_shrink_pct: float = 50.0  # Y008 a grade that lost more than this share of last year's grade below (%)


TEXT, PATH, INTEGER = "text", "path", "integer"


@dataclass(frozen=True)
class Batch:
    """The ``[batch]`` table: what the batch of schools is.  The command line overrides it."""

    city: str | None = field(default=None, metadata={"kind": TEXT})  # 地市名称, e.g. 白城市
    unit: str | None = field(default=None, metadata={"kind": TEXT})  # 填报单位
    # the oldest template version the bureau accepts without a warning (S109; else S108, info)
    template_min_version: int | None = field(default=None, metadata={"kind": INTEGER})
    # 学校名单 (--roster): who must submit; relative to the toml file
    roster: Path | None = field(default=None, metadata={"kind": PATH})


@dataclass(frozen=True)
class Config:
    thresholds: Thresholds = Thresholds()
    source: Path | None = None
    batch: Batch = Batch()


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
    unknown_tables = sorted(set(document) - set(TABLES))
    if unknown_tables:
        raise ConfigError(
            f"{path}：未知的配置表 {', '.join(f'[{t}]' for t in unknown_tables)}"
            f"（可用的表：{'、'.join(f'[{t}]' for t in TABLES)}），请检查拼写 / "
            f"unknown table {', '.join(f'[{t}]' for t in unknown_tables)} "
            f"(known: {', '.join(f'[{t}]' for t in TABLES)})")
    thresholds = _thresholds(path, _table(path, document, "thresholds"))
    batch = _batch(path, _table(path, document, "batch"))
    return Config(thresholds, path, batch)


TABLES = ("thresholds", "batch")


def _table(path: Path, document: dict[str, Any], name: str) -> dict[str, Any]:
    table: Any = document.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}：[{name}] 应为一个表 / [{name}] must be a table")
    return table


def _batch(path: Path, table: dict[str, Any]) -> Batch:
    kinds = {f.name: f.metadata["kind"] for f in fields(Batch)}
    unknown = sorted(set(table) - set(kinds))
    if unknown:
        raise ConfigError(
            f"{path}：[batch] 中未知的键 {', '.join(unknown)}（可用的键：{'、'.join(kinds)}），"
            f"请检查拼写 / unknown keys in [batch]: {', '.join(unknown)} "
            f"(known: {', '.join(kinds)})")
    values: dict[str, Any] = {}
    for key, value in table.items():
        kind = kinds[key]
        if kind == INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"{path}：[batch] {key} 应为整数，现为 {value!r} / "
                                  f"[batch] {key} must be a whole number, got {value!r}")
            values[key] = value
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}：[batch] {key} 应为非空文字（加引号），现为 {value!r} / "
                              f"[batch] {key} must be a non-empty text in quotes, got {value!r}")
        values[key] = (path.parent / value.strip()) if kind == PATH else value.strip()
    return Batch(**values)


def _thresholds(path: Path, table: dict[str, Any]) -> Thresholds:
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
            raise ConfigError(f"{path}：[thresholds] {key} 应为不小于 0 的数，现为 {value!r} / "
                              f"{key} must be a number ≥ 0, got {value!r}")
        values[key] = float(value)
    return replace(Thresholds(), **values)
