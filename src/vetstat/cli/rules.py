"""``vetstat rules``: the rule catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vetstat.cli.common import (
    FormatOption,
    LangOption,
    Language,
    OutputFormat,
    emit,
    lang_of,
)

if TYPE_CHECKING:
    pass


def rules(fmt: FormatOption = OutputFormat.table, language: LangOption = Language.zh) -> None:
    """列出规则目录与 Y001 监测的指标 / List the rule catalogue: code, severity, sheet and the
    message in Chinese and English, and the indicators Y001 watches."""
    from vetstat.outputs.rule_table import rule_table, rules_document, watched_table

    lang = lang_of(language)
    emit([rule_table(lang), watched_table(lang)], rules_document(), fmt, lang)
