"""What a rule is: its code, severity, the sheet it belongs to and its two messages.

The rules themselves are data in :mod:`vetstat.core.rulebook`; this module only says their shape,
so that the rulebook and the issues can both import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # catalogued listings (Y003) that are shown but never count as findings


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


@dataclass(frozen=True)
class Rule:
    """A catalogued rule: code, severity, the sheet it belongs to and its two messages.

    ``zh``/``en`` are ``str.format`` templates over the issue's ``value``, ``expected`` and
    params; they say what is wrong and how to fix it.  ``standard`` names the configurable
    threshold of a national standard (std) rule.
    """

    code: str
    severity: Severity
    sheet: str
    title_zh: str
    title_en: str
    zh: str
    en: str
    standard: str | None = None

    def title(self, lang: Lang) -> str:
        return self.title_zh if lang is Lang.ZH else self.title_en
