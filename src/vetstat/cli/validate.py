"""``vetstat validate``: check school workbooks against the contract and every rule."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vetstat.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    ConfigOption,
    CsvDirOption,
    ForceOption,
    FormatOption,
    LangOption,
    Language,
    OutputFormat,
    check_csv_dir,
    check_output_path,
    emit,
    fail,
    inputs_of,
    lang_of,
    load_config,
    say,
    write_csv_dir,
)
from vetstat.cli.returns import ReturnsOption, check_return_names, check_returns_dir, write_returns

if TYPE_CHECKING:
    from vetstat.core.issues import Lang


def validate(
    paths: Annotated[list[Path], typer.Argument(help="工作簿（.xlsx/.xls）或其所在文件夹 / Workbooks (.xlsx/.xls) or folders of them.")],
    fmt: FormatOption = OutputFormat.table,
    language: LangOption = Language.zh,
    strict: Annotated[bool, typer.Option("--strict", help="未说明的警告也算不通过 / Unexplained warnings fail too.")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="写出退回学校的文件：原工作簿，问题单元格着色并加批注，最前面加"
                     "“校验结果”表（只限一个输入文件）/ Write the return file: the school's "
                     "workbook with every issue marked on its cell and a 校验结果 sheet in front "
                     "(one input file only)."),
    ] = None,
    config_path: ConfigOption = None,
    force: ForceOption = False,
    csv_dir: CsvDirOption = None,
    returns_dir: ReturnsOption = None,
) -> None:
    """逐格校验学校工作簿 / Check school workbooks against the schemas and the rule
    catalogue."""
    from vetstat.outputs.render import Table, issue_table
    from vetstat.reading.batch import expand
    from vetstat.usecases.validate import validate_workbook

    lang = lang_of(language)
    config = load_config(config_path)
    from vetstat.usecases.diff import SideError, check_side

    for path in paths:
        if not path.exists():
            try:  # what is missing, and that a bare year names ./2022, as for aggregate and diff
                check_side(path)
            except SideError as exc:
                fail(str(exc))
    files, _passed_over = expand(paths, [config.source] if config.source else [])
    if not files:
        fail("没有找到 Excel 工作簿 / no workbook found in: " + ", ".join(map(str, paths)))
    if annotate is not None:
        if len(files) != 1:
            fail("--annotate 只能用于一个文件 / --annotate takes exactly one input file")
        annotate = check_output_path(annotate, inputs_of(config, *files), force=force)
    if csv_dir is not None:
        csv_dir = check_csv_dir(csv_dir, [path for path in paths if path.is_dir()])
    if returns_dir is not None:
        returns_dir = check_returns_dir(returns_dir, [path for path in paths if path.is_dir()])
    reports = [validate_workbook(path, config, file=_display_name(path, paths)) for path in files]
    returns = None
    if returns_dir is not None:  # every name checked before anything is written
        from vetstat.usecases.returns import report_returns

        returns = report_returns(reports)
        check_return_names(returns_dir, returns, inputs_of(config, *files), force=force)
    if annotate is not None:
        from vetstat.outputs.annotate import write_annotated

        report = reports[0]
        if report.readable:
            try:
                made = write_annotated(report.path, report.issues, annotate, lang, report.school())
            except OSError as exc:
                fail(f"无法写出退回文件 / cannot write {annotate}: {exc.strerror or exc}")
            say(f"已写出退回文件 / return file written: {annotate}" + (
                "（数值副本 / a copy of the values）" if made == "values" else ""))
        else:  # the report below says why; there is no workbook to annotate
            say(f"{report.file}: 无法读取，未生成退回文件 / unreadable, no return file written")
    if returns_dir is not None and returns is not None:
        write_returns(returns_dir, returns, lang)
    issues = [issue for report in reports for issue in report.issues]
    documents = [report.to_dict(lang) for report in reports]
    document: Any = documents[0] if len(paths) == 1 and len(files) == 1 and paths[0].is_file() else documents
    summary = Table("校验结果", "Result", _summary_columns(), [_summary_row(r, lang) for r in reports],
                    name="summary")
    tables = [summary, issue_table(issues, lang)] if issues else [summary]
    if csv_dir is not None:
        write_csv_dir(csv_dir, tables, lang, inputs_of(config, *files), force=force)
    emit(tables, document, fmt, lang)
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
    from vetstat.outputs.render import Column

    return [
        Column("file", "文件", "file"),
        Column("school", "学校", "school"),
        Column("result", "结论", "result"),
        Column("errors", "错误", "errors"),
        Column("warnings", "警告", "warnings"),
        Column("unexplained", "未说明的警告", "unexplained warnings"),
    ]


def _summary_row(report: Any, lang: Lang) -> dict[str, Any]:
    """The file's 结论 in the words of aggregate's 报送情况 (通过, 有错误, 无法读取 …)."""
    from vetstat.core.issues import Lang, Severity
    from vetstat.usecases.aggregate import STATUS_WORDS

    errors, unexplained = report.errors, report.unexplained_warnings
    warnings = sum(1 for i in report.issues if i.severity is Severity.WARNING)
    zh, en = STATUS_WORDS[report.status]
    return {"file": report.file, "school": report.school()["name"],
            "result": zh if lang is Lang.ZH else en,
            "errors": errors, "warnings": warnings, "unexplained": unexplained}
