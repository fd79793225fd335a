"""Shared test set-up: the independent workbook builder and the repository's folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # tests/builders.py, importable as ``builders``


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI output that does not depend on the developer's terminal or language settings."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("VETSTAT_LANG", raising=False)
