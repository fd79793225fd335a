"""The ``vetstat`` command: parse options, call the library, render, pick the exit code.

Heavy modules (openpyxl, pydantic models, rich) are imported inside the commands that use
them, so that ``vetstat --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from vetstat import __version__

if TYPE_CHECKING:
    from vetstat.config import Config
    from vetstat.issues import Lang
    from vetstat.render import Table

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="vetstat",
    help=(
        "中职学校质量年度报告数据的校验与汇总 / Check and consolidate the annual quality-report "
        "data of secondary vocational schools.\n\n"
        "Exit codes: 0 no error, 1 errors found (or unexplained warnings with --strict), "
        "2 wrong usage or unreadable input, 3 internal error."
    ),
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
    typer.Option("--format", "-f", help="Output format: table (rich on a terminal), json, csv, markdown."),
]
LangOption = Annotated[
    Language,
    typer.Option("--lang", envvar="VETSTAT_LANG", help="Language of messages: zh (default) or en."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Thresholds file (default: ./vetstat.toml if present).",
                 dir_okay=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vetstat {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """中职学校质量年度报告数据的校验与汇总。"""


# --- helpers ---------------------------------------------------------------------------------


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """A user-facing error on stderr, no traceback."""
    typer.echo(f"vetstat: {message}", err=True)
    raise typer.Exit(code)


def lang_of(language: Language) -> Lang:
    from vetstat.issues import Lang

    return Lang(language.value)


def load_config(path: Path | None) -> Config:
    from vetstat.config import ConfigError
    from vetstat.config import load_config as load

    try:
        return load(path)
    except ConfigError as exc:
        fail(str(exc))


def emit(tables: Sequence[Table], document: Any, fmt: OutputFormat, lang: Lang) -> None:
    """Print the result in the chosen format: rich tables on a terminal, plain text elsewhere."""
    from vetstat.render import Format, render

    if fmt is OutputFormat.table and sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table as RichTable

        console = Console()
        for table in tables:
            rich_table = RichTable(title=table.title(lang), show_lines=False, expand=False)
            for header in table.headers(lang):
                rich_table.add_column(header, overflow="fold")
            for row in table.shown():
                rich_table.add_row(*row)
            console.print(rich_table)
        return
    text = render(tables, document, Format(fmt.value), lang)
    sys.stdout.write(text)


def say(message: str) -> None:
    """Progress and summaries go to stderr so stdout stays clean for data."""
    typer.echo(message, err=True)


def check_output_path(path: Path, inputs: Sequence[Path] = ()) -> Path:
    from vetstat.atomic import OutputError, check_output

    try:
        return check_output(path, inputs)
    except OutputError as exc:
        fail(str(exc))


# --- template and schema -----------------------------------------------------------------------


@app.command()
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the workbook.")] = Path(
        "学校质量数据表.xlsx"
    ),
    year: Annotated[
        int | None, typer.Option("--year", min=2000, max=2100, help="Pre-fill 统计年度.")
    ] = None,
) -> None:
    """Write the blank school workbook (eight sheets, 填表说明, Excel data validation)."""
    from vetstat.template import write_template

    target = check_output_path(output)
    write_template(target, year)
    say(f"已写出模板 / template written: {target}")


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the JSON Schemas.")] = Path(
        "schemas"
    ),
) -> None:
    """Export the JSON Schema of every sheet model."""
    from vetstat.schema import write_schemas

    if not output.is_dir():
        fail(f"文件夹不存在 / folder does not exist: {output}")
    for path in write_schemas(output):
        say(str(path))


# --- validate ----------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Workbooks (.xlsx/.xls) or folders of them.")],
    fmt: FormatOption = OutputFormat.table,
    language: LangOption = Language.zh,
    strict: Annotated[bool, typer.Option("--strict", help="Unexplained warnings fail too.")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="Write a copy of the workbook with every issue marked "
                     "on its cell and a 校验结果 sheet (one input file only)."),
    ] = None,
    config_path: ConfigOption = None,
) -> None:
    """Check school workbooks against the schemas and the rule catalogue."""
    from vetstat.batch import expand
    from vetstat.render import Table, issue_table
    from vetstat.validate import validate_workbook

    lang = lang_of(language)
    config = load_config(config_path)
    for path in paths:
        if not path.exists():
            fail(f"文件不存在 / no such file or folder: {path}")
    files, skipped = expand(paths)
    if not files:
        fail("没有找到 Excel 工作簿 / no workbook found in: " + ", ".join(map(str, paths)))
    if annotate is not None:
        if len(files) != 1:
            fail("--annotate 只能用于一个文件 / --annotate takes exactly one input file")
        annotate = check_output_path(annotate, files)
    for item in skipped:
        say(f"{item.path}: {item.reason(lang.value)}")
    reports = [validate_workbook(path, config, file=_display_name(path, paths)) for path in files]
    if annotate is not None:
        from vetstat.annotate import write_annotated

        report = reports[0]
        if not report.readable:
            fail(f"{report.file} 无法读取，不能生成批注副本 / unreadable, no annotated copy written",
                 EXIT_INVALID)
        write_annotated(report.path, report.issues, annotate, lang)
        say(f"已写出批注副本 / annotated copy written: {annotate}")
    issues = [issue for report in reports for issue in report.issues]
    documents = [report.to_dict(lang) for report in reports]
    document: Any = documents[0] if len(paths) == 1 and len(files) == 1 and paths[0].is_file() else documents
    summary = Table("校验结果", "Result", _summary_columns(), [_summary_row(r, lang) for r in reports],
                    name="summary")
    emit([summary, issue_table(issues, lang)] if issues else [summary], document, fmt, lang)
    failed = any(not report.passes(strict) for report in reports)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


def _display_name(path: Path, given: Sequence[Path]) -> str:
    """The file name as the user knows it: relative to the folder they named."""
    for root in given:
        if root.is_dir():
            try:
                return str(path.relative_to(root))
            except ValueError:
                continue
    return path.name if path in given else str(path)


def _summary_columns() -> list[Any]:
    from vetstat.render import Column

    return [
        Column("file", "文件", "file"),
        Column("school", "学校", "school"),
        Column("result", "结论", "result"),
        Column("errors", "错误", "errors"),
        Column("warnings", "警告", "warnings"),
    ]


def _summary_row(report: Any, lang: Lang) -> dict[str, Any]:
    from vetstat.issues import Lang

    errors, unexplained = report.errors, report.unexplained_warnings
    warnings = sum(1 for i in report.issues if not i.is_error)
    if lang is Lang.ZH:
        result = "无法读取" if not report.readable else ("通过" if errors == 0 else "有错误")
    else:
        result = "unreadable" if not report.readable else ("valid" if errors == 0 else "errors")
    return {"file": report.file, "school": report.school()["name"], "result": result,
            "errors": errors, "warnings": f"{warnings} ({unexplained} 未说明)" if lang is Lang.ZH
            else f"{warnings} ({unexplained} unexplained)"}


# --- rules ---------------------------------------------------------------------------------------


@app.command()
def rules(fmt: FormatOption = OutputFormat.table, language: LangOption = Language.zh) -> None:
    """List the rule catalogue: code, severity, sheet and the message in Chinese and English."""
    from vetstat.catalogue_rules import rule_table, rules_document

    lang = lang_of(language)
    emit([rule_table(lang)], rules_document(), fmt, lang)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: no traceback ever reaches a user."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="vetstat",
            standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("vetstat: 已中断 / interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: say what happened, briefly
        if os.environ.get("VETSTAT_DEBUG"):
            raise
        typer.echo(
            f"vetstat: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请把命令和输入文件报告给维护者（设置 VETSTAT_DEBUG=1 可看到详细信息）/ "
            "please report the command and input (VETSTAT_DEBUG=1 shows details).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
