"""The ``report`` command (registered on import): the city's annual quality report as a Word
document, every number written from the figures.

Exit codes: 0 the report is written, 1 it is written but some files have errors or could not
be read (the report says so on its first page), 2 wrong usage: DATA or --previous that does
not exist or holds no workbook, an output that is not ``.docx`` or would overwrite an input.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated

import typer

from vetstat.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CityOption,
    ConfigOption,
    ForceOption,
    LangOption,
    Language,
    UnitOption,
    batch_place,
    check_output_path,
    fail,
    inputs_of,
    load_config,
    say,
)


def report(
    data: Annotated[Path | None, typer.Argument(
        metavar="DATA", help="本年度：学校工作簿文件夹、年份（2022 = 当前文件夹下的 2022 文件夹）或汇总工作簿 / The year: a folder of school workbooks, a year (2022 = the folder "
        "./2022), or a consolidated workbook written by vetstat aggregate.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="写出的 Word 文档（.docx），默认为当前文件夹下的“<地市><年度>年中等职业教育质量年度报告.docx” / "
        "The Word document to write (.docx). Default: "
        "<city><year>年中等职业教育质量年度报告.docx in the working folder.",
        show_default=False)] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="上一年度，写法同 DATA：加入同比的文字、表和图 / Last year, given as DATA is: adds the year-over-year sentences, "
        "table and chart.", show_default=False)] = None,
    city: CityOption = None,
    unit: UnitOption = None,
    date: Annotated[datetime.datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], help="封面日期（YYYY-MM-DD，默认今天）/ The date on the cover (YYYY-MM-DD; default "
        "today).",
        show_default=False)] = None,
    language: LangOption = Language.zh,
    config_path: ConfigOption = None,
    force: ForceOption = False,
    template: Annotated[Path | None, typer.Option(
        "--template", help="以教育局自己的 Word 文档（.docx）为底稿，填入其中的占位符 / A Word document (.docx) of the bureau's as the base: its placeholders "
        "({{ city }}, {{ students }}, {{ students_change }}, {% for s in school_list %}…) are "
        "filled in, and {{ body }} alone in a paragraph becomes the chapters vetstat writes.",
        show_default=False, dir_okay=False)] = None,
    list_placeholders: Annotated[bool, typer.Option(
        "--placeholders", help="列出模板可用的占位符后退出 / List the placeholders a template may use, and "
        "exit.")] = False,
) -> None:
    """由数据写出全市质量年度报告（Word：各章、表、图）/ Write the city's annual quality report
    (Word) from the data: chapters, tables, charts."""
    from vetstat.usecases.diff import SideError, check_side

    del language  # the report is Chinese; messages are bilingual
    if list_placeholders:
        _print_placeholders()
        raise typer.Exit(EXIT_OK)
    if data is None:
        fail("缺少参数 DATA（学校工作簿所在的文件夹、年度或汇总工作簿）/ missing argument DATA")
    if template is not None and (not template.is_file() or template.suffix.lower() != ".docx"):
        fail(f"模板须是已有的 Word 文档（.docx）：{template} / the template must be an existing "
             f".docx file: {template}")
    config = load_config(config_path)
    for side in (data, previous):
        if side is None:
            continue
        try:
            check_side(side)
        except SideError as exc:
            fail(str(exc))
    inputs = inputs_of(config, *(side for side in (data, previous, template) if side is not None))
    if output is not None:
        output = check_output_path(output, inputs, force=force, suffixes=(".docx",))
    from vetstat.usecases.report import report_data

    city, unit = batch_place(config, city, unit)
    try:
        facts = report_data(data, config, previous=previous, city=city, unit=unit,
                            date=date.date() if date is not None else None)
    except SideError as exc:
        fail(str(exc))
    if output is None:
        name = f"{facts.city or ''}{facts.year or ''}年中等职业教育质量年度报告.docx"
        output = check_output_path(Path(name), inputs, force=force, suffixes=(".docx",))
    from vetstat.outputs.report import TemplateError, write_report

    try:
        figures = write_report(facts, output, template)
    except TemplateError as exc:
        fail(str(exc))
    except OSError as exc:  # no space left, no permission: nothing was written
        fail(f"无法写出报告 / cannot write the report: {output}: {exc.strerror or exc}")
    say(f"已写出报告 / report written: {output}（{len(figures)} 个数字取自数据 / "
        f"{len(figures)} figures from the data）")
    failed = not facts.result.valid
    if failed:
        say("有学校文件有错误或无法读取，报告首页已注明；请核对后再发布 / some files have errors or "
            "could not be read: the report says so on its first page")
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


def _print_placeholders() -> None:
    from vetstat.outputs.report_context import placeholders

    for item in placeholders():
        example = f"  例：{item.example}" if item.example else ""
        typer.echo(f"{{{{ {item.name} }}}}\t{item.zh}{example}")
