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


@pytest.fixture(scope="session", autouse=True)
def _shared_inputs_unchanged() -> object:
    """The inputs every test may read (samples/, tests/fixtures/, tests/corpus/) are
    byte-identical after the whole run: no command under test ever modifies an input.  Each
    test's own inputs, written to its tmp_path, are checked by the test (helpers.unchanged)."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).resolve().parent
    folders = (here.parent / "samples", here / "fixtures", here / "corpus")

    def digests() -> dict[Path, str]:
        return {path: hashlib.sha256(path.read_bytes()).hexdigest()
                for folder in folders if folder.is_dir()
                for path in sorted(folder.rglob("*")) if path.is_file()
                and "__pycache__" not in path.parts}

    before = digests()
    yield
    after = digests()
    changed = sorted(str(path) for path in before.keys() | after.keys()
                     if before.get(path) != after.get(path))
    assert not changed, f"inputs changed by the tests: {changed[:10]}"
