"""The rule catalogue as a table and a document, generated from the declared rules."""

from __future__ import annotations

from typing import Any

from vetstat.core.indicators import Indicator, views
from vetstat.core.issues import Lang, Rule
from vetstat.core.rulebook import RULES
from vetstat.outputs.render import Column, Table, severity_label


def all_rules() -> list[Rule]:
    """Every rule, in catalogue order (reading, the sheets, across schools, across years)."""
    return list(RULES.values())


def watched() -> list[Indicator]:
    """The indicators Y001 watches: the ``watched`` flag of the indicator catalogue."""
    return [item for item in views().all if item.watched]


def rules_document() -> list[dict[str, Any]]:
    document = []
    for r in all_rules():
        entry: dict[str, Any] = {
            "code": r.code, "severity": r.severity.value, "sheet": r.sheet,
            "title_zh": r.title_zh, "title_en": r.title_en, "zh": r.zh, "en": r.en,
            "standard": r.standard}
        if r.code == "Y001":
            entry["watched"] = [{"key": i.key, "zh": i.zh, "en": i.en,
                                 "by": "points" if i.rate else "percent"} for i in watched()]
        document.append(entry)
    return document


def watched_table(lang: Lang) -> Table:
    """Y001's watch list: what it watches and how a change is measured (the thresholds are
    ``diff_count_pct`` and ``diff_rate_points`` of vetstat.toml)."""
    zh = lang is Lang.ZH
    columns = [
        Column("category", "类别", "category"),
        Column("indicator", "指标", "indicator"),
        Column("key", "字段", "key"),
        Column("by", "变化按", "change measured in"),
    ]
    rows = [{"category": i.category(lang), "indicator": i.label(lang), "key": i.key,
             "by": ("百分点（diff_rate_points）" if zh else "points (diff_rate_points)") if i.rate
             else ("百分比（diff_count_pct）" if zh else "percent (diff_count_pct)")}
            for i in watched()]
    return Table("Y001 监测的指标", "Indicators Y001 watches", columns, rows, name="watched")


def rule_table(lang: Lang) -> Table:
    columns = [
        Column("code", "代码", "code"),
        Column("severity", "级别", "severity"),
        Column("sheet", "工作表", "sheet"),
        Column("zh", "说明（中文）", "zh"),
        Column("en", "说明（英文）", "en"),
    ]
    rows = [
        {"code": r.code, "severity": severity_label(r.severity.value, lang), "sheet": r.sheet,
         "zh": r.title_zh + ("（标准，可配置）" if r.standard else ""),
         "en": r.title_en + (" (std, configurable)" if r.standard else "")}
        for r in all_rules()
    ]
    return Table("规则目录", "Rule catalogue", columns, rows, name="rules")
