"""The language of help and usage errors: Chinese first, English on request.

Help and usage errors are written before any option is parsed (``-h`` is eager, a missing
argument stops the parser), so the language is looked for in the raw command line first:
``--lang en`` (or ``--lang=en``) anywhere, else ``VETSTAT_LANG``.  Then:

- every help text is written bilingual, one paragraph "中文 / English" (the README's form);
  in English only the part after the first " / " that follows Chinese text is shown;
- the words typer's help writes itself (Arguments, Options, default, required, Usage) go
  through :func:`translate`, which typer.core looks up as its gettext ``_``;
- a usage error (missing argument, unknown option, bad value) is caught before click prints it
  and written Chinese first, then the English line click would have written.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

import typer
import typer.core
from typer import _click

ZH, EN = "zh", "en"
LANG: ContextVar[str] = ContextVar("vetstat_lang", default=ZH)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_SLASH = re.compile(r" ?/ ")  # between the Chinese and the English: "中文 / English", "（注）/ English"


def detect(argv: Sequence[str], environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """``en`` when the command line says ``--lang en`` (anywhere before ``--``) or, failing
    that, ``VETSTAT_LANG`` does; ``zh`` otherwise."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return EN if argv[index + 1].strip().lower() == EN else ZH
        if arg.startswith("--lang="):
            return EN if arg.split("=", 1)[1].strip().lower() == EN else ZH
    value = (environ if environ is not None else os.environ).get("VETSTAT_LANG", "")
    return EN if value.strip().lower() == EN else ZH


def english(text: str) -> str:
    """The English part of a bilingual paragraph "中文 / English" (the text itself when it is
    not one)."""
    for found in _SLASH.finditer(text):
        if _CJK.search(text[:found.start()]):
            return text[found.end():]
    return text


def localize(text: str | None) -> str | None:
    """Help text in the language in force: as written (bilingual) or its English paragraphs."""
    if text is None or LANG.get() == ZH:
        return text
    return "\n\n".join(english(paragraph) for paragraph in text.split("\n\n"))


# --- the words typer writes itself -----------------------------------------------------------

WORDS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认 {default}",
    "required": "必填",
    "env var: {var}": "环境变量 {var}",
    "(dynamic)": "（动态）",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Aborted!": "已中止。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Usage: ": "用法",
}


def translate(message: str) -> str:
    """typer's own words in the language in force: Chinese then English, or English."""
    zh = WORDS.get(message)
    if zh is None or LANG.get() == EN:
        return message
    return f"{zh} / {message}"


# typer.core writes its headings and [default: …] through gettext's ``_``, looked up when used
typer.core._ = translate  # type: ignore[attr-defined]


# --- usage errors ------------------------------------------------------------------------------

# click's messages (written as f-strings) and their Chinese; the groups are carried over
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), zh) for pattern, zh in (
    (r"Missing argument (?P<a>.+)\.$", "缺少参数 {a}。"),
    (r"Missing option (?P<a>.+)\.$", "缺少选项 {a}。"),
    (r"Missing parameter: (?P<a>.+)$", "缺少参数 {a}。"),
    (r"No such option: (?P<a>\S+?)(?: \(Possible options: (?P<p>.+)\)|\. Did you mean "
     r"(?P<b>.+)\?)?$", "没有选项 {a}{p}{b}。"),
    (r"No such command (?P<a>.+)\.$", "没有命令 {a}。"),
    (r"Missing command\.$", "缺少命令。"),
    (r"Option (?P<a>.+) requires an argument\.$", "选项 {a} 需要一个值。"),
    (r"Option (?P<a>.+) requires (?P<b>\d+) arguments\.$", "选项 {a} 需要 {b} 个值。"),
    (r"Option (?P<a>.+) does not take a value\.$", "选项 {a} 不接受值。"),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((?P<a>.*)\)$", "多余的参数：{a}。"),
    (r"Invalid value for (?P<a>.+?): (?:Value error, )?(?P<b>.+?) is not one of (?P<c>.+)\.$",
     "{a} 的值 {b} 无效，应为 {c} 之一。"),
    (r"Invalid value for (?P<a>.+?): (?P<k>Path|File|Directory) (?P<b>.+) does not exist\.$",
     "{a}：{k}{b} 不存在。"),
    (r"Invalid value for (?P<a>.+?): (?P<k>File|Directory|Path) (?P<b>.+) is a directory\.$",
     "{a}：{b} 是文件夹，需要文件。"),
    (r"Invalid value for (?P<a>.+?): (?P<k>File|Directory|Path) (?P<b>.+) is a file\.$",
     "{a}：{b} 是文件，需要文件夹。"),
    (r"Invalid value for (?P<a>.+?): (?P<b>.+?) is not a valid integer\.$",
     "{a} 的值 {b} 不是整数。"),
    (r"Invalid value for (?P<a>.+?): (?P<b>.+?) is not in the range (?P<c>.+)\.$",
     "{a} 的值 {b} 超出范围 {c}。"),
    (r"Invalid value for (?P<a>.+?): Input should be greater than or equal to (?P<b>.+)$",
     "{a} 的值应不小于 {b}。"),
    (r"Invalid value for (?P<a>.+?): Input should be less than or equal to (?P<b>.+)$",
     "{a} 的值应不大于 {b}。"),
    (r"Invalid value for (?P<a>.+?): Input should be a valid integer.*$", "{a} 的值应为整数。"),
    (r"Invalid value for (?P<a>.+?): (?P<b>.+)$", "{a} 的值无效：{b}"),
))
_KINDS = {"Path": "路径 ", "File": "文件 ", "Directory": "文件夹 "}


def chinese_error(message: str) -> str | None:
    """The Chinese of one of click's usage messages (None for a message not known here)."""
    for pattern, zh in _ERRORS:
        found = pattern.match(message)
        if found:
            parts = {key: value or "" for key, value in found.groupdict().items()}
            if "k" in parts:
                parts["k"] = _KINDS.get(parts["k"], "")
            if parts.get("b") and "Did you mean" in message:
                parts["b"] = f"（是否想用 {parts['b']}？）"
            if parts.get("p"):
                parts["p"] = f"（可用的选项：{parts['p']}）"
            return zh.format(**parts)
    return None


def show_usage_error(error: _click.exceptions.UsageError) -> None:
    """The usage line, where to find help, and the error: Chinese first."""
    zh = LANG.get() == ZH
    message = error.format_message()
    lines = []
    if error.ctx is not None:
        lines.append(error.ctx.get_usage())
        if error.ctx.command.get_help_option(error.ctx) is not None:
            command = f"{error.ctx.command_path} {error.ctx.help_option_names[0]}"
            lines.append(f"运行 '{command}' 查看帮助 / Try '{command}' for help.\n" if zh
                         else f"Try '{command}' for help.\n")
    if zh and _CJK.search(message):  # typer's own words, already both
        lines.append(f"错误 / Error: {message}")
    else:
        translated = chinese_error(message) if zh else None
        if translated:
            lines.append(f"错误：{translated}")
        lines.append(f"Error: {message}")
    _click.echo("\n".join(lines), err=True)


def placed(argv: Sequence[str], commands: Mapping[str, Any]) -> list[str]:
    """``argv`` with ``--lang X`` moved behind the command, wherever it was given (``vetstat
    --lang en validate …``), and dropped for a command without the option."""
    rest, language, end = [], None, len(argv)
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            end = index
            break
        if arg == "--lang" and index + 1 < len(argv):
            language, index = argv[index + 1], index + 2
            continue
        if arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        index += 1
    rest += argv[end:]
    if language is None:
        return list(argv)
    for position, arg in enumerate(rest):
        command = commands.get(arg)
        if command is not None and not arg.startswith("-"):
            takes = any("--lang" in getattr(param, "opts", ()) for param in command.params)
            return rest[:position + 1] + (["--lang", language] if takes else []) + \
                rest[position + 1:]
    return rest


def run(main: Callable[..., Any], args: Sequence[str] | None,
        commands: Mapping[str, Any] | None = None, **extra: Any) -> NoReturn:
    """Run a click command's ``main`` in the language of ``args``, showing usage errors in it."""
    argv = list(args) if args is not None else sys.argv[1:]
    token = LANG.set(detect(argv))
    try:
        try:
            result = main(placed(argv, commands or {}), standalone_mode=False, **extra)
        except _click.exceptions.UsageError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except _click.exceptions.ClickException as error:
            _click.echo(f"错误 / Error: {error.format_message()}" if LANG.get() == ZH
                        else f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            _click.echo(translate("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
    finally:
        LANG.reset(token)


class Command(typer.core.TyperCommand):
    """A command whose help is written in the language in force."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localize(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=translate("Usage: ").rstrip() + " ")


class Group(typer.core.TyperGroup):
    """The ``vetstat`` group: the language is found in the raw command line before parsing."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode,
                                windows_expand_args, **extra)
        run(super().main, args, self.commands, prog_name=prog_name, complete_var=complete_var,
            windows_expand_args=windows_expand_args, **extra)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localize(self, ctx)
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None:
                command.help = localize(command.help)
                command.short_help = localize(command.short_help)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=translate("Usage: ").rstrip() + " ")


def _localize(command: Any, ctx: Any) -> None:
    """The command's and its parameters' help in the language in force (the click objects
    are made anew for every run, so they may be changed)."""
    command.help = localize(command.help)
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            param.help = localize(param.help)
        if param.help == "Show this message and exit.":
            param.help = translate(param.help)
