"""The ``check-report`` command (registered on import): every figure of a report checked
against the data.

Exit codes: 0 every figure that can be checked agrees, 1 a figure disagrees with the data or the
report contradicts itself, 2 wrong usage or a report or DATA that cannot be used (unreadable,
encrypted, too large).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vetstat.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CityOption,
    ConfigOption,
    ForceOption,
    FormatOption,
    LangOption,
    Language,
    OutputFormat,
    ShowTablesOption,
    check_output_path,
    emit,
    fail,
    inputs_of,
    lang_of,
    load_config,
    quiet,
    say,
)


def check_report(
    report: Annotated[Path, typer.Argument(
        metavar="REPORT", help="要核对的报告：.docx、.pdf、.txt 或 .md / The report to check: .docx, "
        ".pdf, .txt or .md.", show_default=False)],
    data: Annotated[Path, typer.Argument(
        metavar="DATA", help="本年度：学校工作簿文件夹、年份（2022 = ./2022）或汇总工作簿 / The year: "
        "a folder of school workbooks, a year (2022 = ./2022), or a consolidated workbook.",
        show_default=False)],
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="上一年度，写法同 DATA：核对“比上年增加……”等数字 / Last year, given as "
        "DATA is: checks the changes the report states.", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    language: LangOption = Language.zh,
    config_path: ConfigOption = None,
    city: CityOption = None,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", metavar="OUT.docx", help="另写出带批注的报告副本（仅 .docx）：每个不一致或无法核对的"
        "句子加一条 Word 批注，原文件不变 / Also write a copy of the .docx with a Word comment on "
        "each sentence that disagrees or cannot be checked; the original is untouched.",
        show_default=False)] = None,
    force: ForceOption = False,
    show_tables: ShowTablesOption = False,
    only_problems: Annotated[bool, typer.Option(
        "--problems", help="表格只列出不一致和无法核对的数字 / List only the figures that disagree or "
        "cannot be checked.")] = False,
) -> None:
    """核对报告中的每个数字与数据是否一致 / Check every figure of a report against the
    data."""
    from vetstat.reading.report_text import ReportUnreadable
    from vetstat.usecases.diff import SideError, check_side

    lang = lang_of(language)
    config = load_config(config_path)
    if not report.exists():
        fail(f"报告不存在：{report} / the report does not exist: {report}")
    for side in (data, previous):
        if side is not None:
            try:
                check_side(side)
            except SideError as exc:
                fail(str(exc))
    inputs = inputs_of(config, report, data, *([previous] if previous else []))
    if annotate is not None:
        if report.suffix.lower() != ".docx":
            fail("--annotate 只用于 .docx 报告 / --annotate needs a .docx report")
        annotate = check_output_path(annotate, inputs, force=force, suffixes=(".docx",))
    from vetstat.usecases.check_report import check_report as run
    from vetstat.usecases.check_report import counts

    try:
        result = run(report, data, config, previous=previous, city=city)
    except ReportUnreadable as exc:
        fail(f"无法读取报告 {report}：{exc.zh} / cannot read the report {report}: {exc.en}")
    except SideError as exc:
        fail(str(exc))
    from vetstat.outputs.check_tables import check_document, check_tables

    if not quiet(fmt, [str(annotate)] if annotate is not None else [], show_tables):
        emit(check_tables(result, lang, everything=not only_problems,
                          short=fmt is OutputFormat.table), check_document(result), fmt, lang)
    if annotate is not None:
        from vetstat.outputs.check_annotate import annotate_report

        try:
            written = annotate_report(report, result, annotate)
        except OSError as exc:
            fail(f"无法写出 / cannot write {annotate}: {exc.strerror or exc}")
        say(f"已写出带批注的副本 / annotated copy written: {annotate}（{written} 条批注 / comments）")
    found = counts(result.verdicts)
    say(f"一致 {found['一致']}，不一致 {found['不一致']}，无法核对 {found['无法核对']}，"
        f"内部矛盾 {len(result.contradictions)} / consistent {found['一致']}, inconsistent "
        f"{found['不一致']}, not checkable {found['无法核对']}, contradictions "
        f"{len(result.contradictions)}")
    raise typer.Exit(EXIT_INVALID if result.failed else EXIT_OK)
