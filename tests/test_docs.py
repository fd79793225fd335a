"""README, --help, the rule catalogue and the docs stay in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import docs_sync
from vetstat.cli import app
from vetstat.outputs.rule_table import all_rules

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(docs_sync.blocks()))
def test_readme_generated_blocks_are_current(name: str) -> None:
    assert docs_sync.current_block(README, name) == docs_sync.blocks()[name], (
        f"README block {name} is out of date: run `python tests/docs_sync.py`")


def test_readme_rule_table_lists_every_rule() -> None:
    listed = set(re.findall(r"^\| ([A-Z]\d{3}) ", README, re.M))
    assert listed == {rule.code for rule in all_rules()}


def test_every_rule_has_a_chinese_and_an_english_message() -> None:
    for rule in all_rules():
        assert rule.zh and rule.en and rule.title_zh and rule.title_en, rule.code
        assert re.search(r"[\u4e00-\u9fff]", rule.zh), rule.code
        assert not re.search(r"[\u4e00-\u9fff]{4,}", rule.title_en), rule.code


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## 快速开始", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^make test$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text("utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet '.[test]'" in test_recipe and "-m pytest" in test_recipe
    demo_recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "vetstat aggregate samples/2022" in demo_recipe


def test_every_command_has_help_and_is_in_the_readme() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    names = re.findall(r"^  (\w+)\s{2,}\S", top.output.split("Commands:", 1)[1], re.M)
    assert set(names) >= {"template", "validate", "aggregate", "diff", "rules", "schema"}
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.output.split("Usage:", 1)[1].splitlines()) > 3, name
        assert f"`vetstat {name}" in README, f"{name} is not described in README.md"


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "vetstat", "--version"], capture_output=True,
                         text=True, check=True)
    from vetstat import __version__

    assert out.stdout.strip() == f"vetstat {__version__}"


def test_readme_links_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if "://" not in target:
            assert (ROOT / target).exists(), target
