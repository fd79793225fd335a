"""Help and usage errors: Chinese first, English with ``--lang en`` anywhere or VETSTAT_LANG=en,
found before the parser runs."""

from __future__ import annotations

import re

import pytest
import typer.main

from helpers import cli
from vetstat.cli import app
from vetstat.cli.lang import detect, english, placed

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = ["aggregate", "diff", "report", "template", "roster", "schema", "validate", "rules"]


def test_every_help_text_is_bilingual_chinese_first() -> None:
    """A help text without its Chinese (or not in the form "中文 / English") fails here: write
    it as "中文 / English", as the README does."""
    group = typer.main.get_command(app)
    texts = {"vetstat": group.help}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        texts[name] = command.help
        texts[f"{name} (short)"] = command.short_help
        for param in command.params:
            if getattr(param, "help", None):
                texts[f"{name} {param.name}"] = param.help
    for where, text in texts.items():
        assert text and english(text) != text, f"{where}: {text!r} is not '中文 / English'"
        assert CJK.search(text.split("/")[0]), where


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese_first_by_default(command: str) -> None:
    result = cli([*([command] if command else []), "--help"], env={"VETSTAT_LANG": None})
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("用法 / Usage: vetstat")
    assert "选项 / Options:" in out and "显示本帮助并退出。 / Show this message and exit." in out
    assert out.index(next(c for c in out if CJK.match(c))) < out.index("Usage")


@pytest.mark.parametrize("command", ["", *COMMANDS])
@pytest.mark.parametrize("how", ["flag-after", "flag-before", "env"])
def test_help_in_english(command: str, how: str) -> None:
    args = [*([command] if command else []), "--help"]
    env: dict[str, str | None] = {"VETSTAT_LANG": None}
    if how == "flag-after":
        args += ["--lang", "en"]
    elif how == "flag-before":
        args = ["--lang=en", *args]
    else:
        env["VETSTAT_LANG"] = "en"
    result = cli(args, env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Usage: vetstat")
    assert "Options:" in out and "选项" not in out and "用法" not in out
    assert "显示本帮助" not in out and " / Show" not in out
    group = typer.main.get_command(app)
    described = group if not command else group.commands[command]  # type: ignore[attr-defined]
    assert described.help is not None
    first_words = " ".join(english(described.help).split()[:4])
    assert first_words in " ".join(out.split())


def test_a_usage_error_is_chinese_first() -> None:
    result = cli(["validate"], env={"VETSTAT_LANG": None})
    assert result.exit_code == 2
    err = result.stderr
    assert "用法 / Usage: vetstat validate" in err
    assert "错误：缺少参数 'paths'。" in err and "Error: Missing argument 'paths'." in err
    assert err.index("错误：") < err.index("Error:")


@pytest.mark.parametrize(("args", "zh"), [
    (["aggregate", ".", "--format", "xml"], "的值 'xml' 无效，应为"),
    (["validate", "--strct", "x.xlsx"], "没有选项 --strct"),
    (["aggregate", "a", "b"], "多余的参数：b。"),
    (["aggregate", ".", "--jobs", "0"], "的值应不小于 1。"),
    (["aggregate", ".", "--config"], "选项 '--config' 需要一个值。"),
    (["nosuch"], "没有命令 'nosuch'"),
])
def test_usage_errors_in_both_languages(args: list[str], zh: str) -> None:
    result = cli(args, env={"VETSTAT_LANG": None})
    assert result.exit_code == 2
    assert zh in result.stderr
    english_result = cli([*args, "--lang", "en"], env={"VETSTAT_LANG": None})
    assert english_result.exit_code == 2
    assert "Error:" in english_result.stderr
    assert "错误" not in english_result.stderr and "用法" not in english_result.stderr


def test_lang_anywhere_reaches_the_command() -> None:
    """``vetstat --lang en rules`` is ``vetstat rules --lang en``; a command without the option
    (template) has it dropped rather than refused."""
    result = cli(["--lang", "en", "rules"], env={"VETSTAT_LANG": None})
    assert result.exit_code == 0
    assert "Rule catalogue" in result.stdout and "规则目录" not in result.stdout
    result = cli(["template", "--lang", "en", "--year", "1990"], env={"VETSTAT_LANG": None})
    assert result.exit_code == 2
    assert "Error: Invalid value for '--year'" in result.stderr and "错误" not in result.stderr


def test_detect_and_place() -> None:
    assert detect(["validate", "x", "--lang", "en"], {}) == "en"
    assert detect(["--lang=en", "validate"], {}) == "en"
    assert detect(["validate", "--", "--lang", "en"], {}) == "zh"  # a file named --lang
    assert detect(["validate"], {"VETSTAT_LANG": "en"}) == "en"
    assert detect(["validate", "--lang", "zh"], {"VETSTAT_LANG": "en"}) == "zh"
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert placed(["--lang", "en", "validate", "a.xlsx"], commands) == [
        "validate", "--lang", "en", "a.xlsx"]
    assert placed(["template", "--lang=en", "-o", "t.xlsx"], commands) == ["template", "-o", "t.xlsx"]
    assert placed(["validate", "a.xlsx"], commands) == ["validate", "a.xlsx"]


def test_english_takes_the_part_after_the_chinese() -> None:
    assert english("中文 / English") == "English"
    assert english("写出工作簿（.xlsx）/ Write the workbook (.xlsx/.xls) here") == \
        "Write the workbook (.xlsx/.xls) here"
    assert english("plain / English only") == "plain / English only"
