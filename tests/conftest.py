"""Shared test set-up: a terminal and a language that do not depend on the developer's."""

from __future__ import annotations

import os

# the test workbooks are written as vetstat writes its own: openpyxl without lxml (which the
# report's python-docx installs), see vetstat/__init__.py
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI output that does not depend on the developer's terminal or language settings."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("VETSTAT_LANG", raising=False)
