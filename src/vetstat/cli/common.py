"""What every command shares: the typer app, the common options, exit codes, output helpers.

Heavy modules (openpyxl, pydantic models, rich) are imported inside the commands that use
them, so that ``vetstat --help`` starts fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

# pydantic looks up plugins through package metadata at import (≈35 ms); the command has none
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from vetstat import __version__
from vetstat.cli.lang import Group

if TYPE_CHECKING:
    from vetstat.core.config import Config
    from vetstat.core.issues import Lang
    from vetstat.outputs.render import Table
    from vetstat.reading.roster import Roster

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# what writing to stdout fails with when the output, not vetstat, is at fault
STDOUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

app = typer.Typer(
    name="vetstat",
    help=(
        "中职学校质量年度报告数据的校验与汇总 / Check and consolidate the annual quality-report "
        "data of secondary vocational schools.\n\n"
        "退出码：0 无错误，1 发现错误（加 --strict 时未说明的警告也算），2 用法错误或输入无法使用，"
        "3 内部错误 / Exit codes: 0 no error, 1 errors found (or unexplained warnings with "
        "--strict), 2 wrong usage or unreadable input, 3 internal error.\n\n"
        "英文帮助 / English help: --lang en, VETSTAT_LANG=en"
    ),
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Language(StrEnum):
    zh = "zh"
    en = "en"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="输出格式：table（表格）、json、csv、markdown / Output format: table (rich on a terminal), "
                 "json, csv, markdown."),
]
LangOption = Annotated[
    Language,
    typer.Option("--lang", envvar="VETSTAT_LANG", help="消息语言：zh（默认）或 en / Language of messages: zh (default) or en."),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="覆盖已有的输出文件（输入文件和非 vetstat 写出的工作簿，如学校的表，"
                 "永不覆盖）/ Replace output files that exist (never an input, never a "
                 "workbook vetstat did not write, such as a school's)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="设置文件：[thresholds]、[batch]（默认：当前文件夹的 vetstat.toml）"
                 " / Settings file: [thresholds], [batch] (default: ./vetstat.toml if present).",
                 dir_okay=False),
]
CsvDirOption = Annotated[
    Path | None,
    typer.Option("--csv-dir", metavar="DIR", show_default=False, file_okay=False,
                 help="另把每张表写成一个 CSV 文件（UTF-8 带 BOM，Excel 双击即可打开）到该文件夹 / Also "
                 "write each table as one CSV file (UTF-8 with a BOM, as Excel opens it) into "
                 "this folder."),
]
ShowTablesOption = Annotated[
    bool,
    typer.Option("--show-tables", help="写出文件（-o、--csv-dir）时也在终端列出全部表格（默认只列汇总）/ "
                 "Print every table even when the results go into files (-o, --csv-dir); by "
                 "default only a summary is printed then."),
]
CityOption = Annotated[
    str | None,
    typer.Option("--city", metavar="NAME", show_default=False,
                 help="地市名称，印在各表标题中 / The city named in every title, e.g. 白城市 "
                 "(default: [batch] city in vetstat.toml, else the prefecture of the schools' "
                 "行政区划代码)."),
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", metavar="NAME", show_default=False,
                 help="填报单位，印在标题下 / The reporting unit printed under the titles "
                 "(default: [batch] unit in vetstat.toml)."),
]


RosterOption = Annotated[
    Path | None,
    typer.Option("--roster", help="学校名单：应报送的学校（含学校标识码、学校名称两列的 .xlsx 或 .csv；"
                 "默认取 vetstat.toml 中 [batch] 的 roster）/ The schools that must submit (.xlsx or "
                 ".csv with 学校标识码 and 学校名称; default: roster in [batch] of vetstat.toml).",
                 dir_okay=False, show_default=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vetstat {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / Show the version.")
    ] = False,
) -> None:
    """中职学校质量年度报告数据的校验与汇总 / Check and consolidate school quality-report data."""


# --- helpers ---------------------------------------------------------------------------------


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """A user-facing error on stderr, no traceback."""
    from vetstat.core.text import printable

    typer.echo(f"vetstat: {printable(message)}", err=True)
    raise typer.Exit(code)


def lang_of(language: Language) -> Lang:
    from vetstat.core.issues import Lang

    return Lang(language.value)


def load_roster(path: Path | None, config: Config) -> Roster | None:
    """The roster given with --roster, else the one named in vetstat.toml, else None."""
    from vetstat.reading.roster import RosterError, read_roster

    path = path or config.batch.roster
    if path is None:
        return None
    if not path.is_file():
        fail(f"学校名单不存在 / no such roster file: {path}")
    try:
        return read_roster(path)
    except RosterError as exc:
        fail(str(exc))


def load_config(path: Path | None) -> Config:
    from vetstat.core.config import ConfigError
    from vetstat.core.config import load_config as load

    try:
        return load(path)
    except ConfigError as exc:
        fail(str(exc))


def batch_place(config: Config, city: str | None, unit: str | None) -> tuple[str | None, str | None]:
    """The city and 填报单位 to print: the command line's, else ``[batch]`` of the config."""
    return (city or config.batch.city or None, unit or config.batch.unit or None)


def emit(tables: Sequence[Table], document: Any, fmt: OutputFormat, lang: Lang) -> None:
    """Print the result in the chosen format: rich tables on a terminal, plain text elsewhere."""
    from vetstat.outputs.render import Format, render

    with stdout_guard():
        if fmt is OutputFormat.table and sys.stdout.isatty():
            _rich_tables(tables, lang)
        elif fmt is OutputFormat.json:
            from vetstat.core.jsondoc import write_json

            write_json(document, sys.stdout)
        else:
            sys.stdout.write(render(tables, document, Format(fmt.value), lang))


def _rich_tables(tables: Sequence[Table], lang: Lang) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # Text, not str: a school's "[link=…]" or ":warning:" is shown as typed, never as markup
    console = Console()
    for table in tables:
        rich_table = RichTable(title=Text(table.title(lang)), show_lines=False, expand=False)
        for header in table.headers(lang):
            rich_table.add_column(Text(header), overflow="fold")
        for row in table.shown():
            rich_table.add_row(*(Text(cell) for cell in row))
        console.print(rich_table)


@contextmanager
def stdout_guard() -> Iterator[None]:
    """Write the result to stdout and flush it: a full disk or a closed pipe is an output
    problem (exit 2, one plain line), not a bug."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        stdout_failed(exc)


def stdout_failed(exc: OSError) -> NoReturn:
    """Stop writing to stdout (nothing more is flushed into it at exit) and say why, exit 2."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if exc.errno == errno.EPIPE:
        why = "读取输出的程序已关闭管道 / the program reading the output has closed the pipe"
    elif exc.errno in STDOUT_ERRORS:
        why = f"磁盘已满 / no space left: {exc.strerror}"
    else:
        why = exc.strerror or str(exc)
    fail(f"无法写出结果到标准输出，结果不完整 / cannot write the result to standard output, "
         f"it is incomplete: {why}")


def say(message: str) -> None:
    """Progress and summaries go to stderr so stdout stays clean for data."""
    from vetstat.core.text import printable

    typer.echo(printable(message), err=True)


def inputs_of(config: Config, *paths: Path) -> list[Path]:
    """What a command reads, for the output checks: the paths given and the configuration."""
    return [*paths, *([config.source] if config.source is not None else [])]


def check_output_path(path: Path, inputs: Sequence[Path] = (), *, force: bool = False,
                      suffixes: Sequence[str] = (".xlsx",)) -> Path:
    """:func:`vetstat.core.files.check_output`, a refusal ending the command with exit 2."""
    from vetstat.core.files import OutputError, check_output

    try:
        return check_output(path, inputs, force=force, suffixes=suffixes)
    except OutputError as exc:
        fail(str(exc))


def check_output_files(folder: Path, names: Sequence[str], inputs: Sequence[Path] = (), *,
                       force: bool = False, suffixes: Sequence[str] = ()) -> list[Path]:
    """:func:`vetstat.core.files.check_output_folder`, a refusal ending the command with exit 2."""
    from vetstat.core.files import OutputError, check_output_folder

    try:
        return check_output_folder(folder, names, inputs, force=force, suffixes=suffixes)
    except OutputError as exc:
        fail(str(exc))


def check_csv_dir(folder: Path, input_folders: Sequence[Path]) -> Path:
    """Refuse a CSV folder inside a folder that is read (its files would sit among the
    schools'), or one that cannot be made; before any work is done."""
    return check_output_dir(folder, input_folders, "CSV 文件夹", "CSV folder", "--csv-dir")


def check_output_dir(folder: Path, input_folders: Sequence[Path], what_zh: str, what_en: str,
                     option: str) -> Path:
    """Refuse a folder of outputs (``option``) inside a folder that is read, or one that cannot
    be made; before any work is done."""
    folder = folder.expanduser()
    resolved = folder.resolve()
    for source in input_folders:
        if source.is_dir() and resolved.is_relative_to(source.resolve()):
            fail(f"{what_zh}不能在输入文件夹 {source} 中（输入文件夹只放学校的工作簿）/ the "
                 f"{what_en} must not be inside the input folder {source}")
    if folder.exists() and not folder.is_dir():
        fail(f"{option} 不是文件夹：{folder} / {option} is not a folder: {folder}")
    if not folder.exists() and not folder.parent.is_dir():
        fail(f"文件夹不存在：{folder.parent} / the folder does not exist: {folder.parent}")
    return folder


def write_csv_dir(folder: Path, tables: Sequence[Table], lang: Lang,
                  inputs: Sequence[Path] = (), *, force: bool = False) -> str:
    """Each table as a CSV file Excel opens (:func:`vetstat.outputs.render.csv_files`) in
    ``folder``, made if missing; no file is written if any one is in the way.  Returns what
    the summary says was written."""
    from vetstat.core.files import write_text_atomically
    from vetstat.outputs.render import csv_files

    files = csv_files(tables, lang)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        fail(f"无法建立文件夹 / cannot make the folder {folder}: {exc.strerror or exc}")
    targets = check_output_files(folder, [name for name, _ in files], inputs, force=force,
                                 suffixes=(".csv",))
    try:
        for target, (_name, text) in zip(targets, files, strict=True):
            write_text_atomically(target, text)
    except OSError as exc:
        fail(f"无法写出 CSV 文件 / cannot write the CSV files in {folder}: {exc.strerror or exc}")
    say(f"已写出 {len(files)} 个 CSV 文件 / {len(files)} CSV files written: {folder}")
    return f"{folder}{os.sep}（{len(files)} 个 CSV 文件）" if lang.value == "zh" else \
        f"{folder}{os.sep} ({len(files)} CSV files)"


def quiet(fmt: OutputFormat, written: Sequence[str], show_tables: bool) -> bool:
    """Print a summary instead of the tables: the results went into files and the format is
    the default table (json, csv and markdown are for scripts: always in full)."""
    return bool(written) and fmt is OutputFormat.table and not show_tables
