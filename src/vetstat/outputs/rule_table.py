"""The rule catalogue as a table and a document, generated from the declared rules."""

from __future__ import annotations

from typing import Any

from vetstat.core.issues import Lang, Rule
from vetstat.core.rulebook import RULES
from vetstat.outputs.render import Column, Table, severity_label


def all_rules() -> list[Rule]:
    """Every rule, in catalogue order (reading, the sheets, across schools, across years)."""
    return list(RULES.values())


def rules_document() -> list[dict[str, Any]]:
    return [
        {"code": r.code, "severity": r.severity.value, "sheet": r.sheet, "title_zh": r.title_zh,
         "title_en": r.title_en, "zh": r.zh, "en": r.en, "standard": r.standard}
        for r in all_rules()
    ]


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
