"""The ``diff`` command (registered on import).

Exit codes: 0 the comparison is complete (Y warnings allowed), 1 a side has files that could
not be read or a cross-school error (so the comparison is incomplete), 2 wrong usage: a side that
does not exist or holds no workbook, ``-o`` into a missing folder, onto an input or into one of
the compared folders (it would be read as a school next time).
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
    CsvDirOption,
    ForceOption,
    FormatOption,
    LangOption,
    Language,
    OutputFormat,
    ShowTablesOption,
    UnitOption,
    batch_place,
    check_csv_dir,
    check_output_path,
    emit,
    fail,
    lang_of,
    load_config,
    quiet,
    say,
    write_csv_dir,
)


def diff(
    old: Annotated[Path, typer.Argument(
        metavar="OLD", help="上一年度：学校工作簿文件夹、年份（2021 = 当前文件夹下的 2021 文件夹）或 vetstat "
             "aggregate 写出的汇总工作簿 / The earlier year: a folder of school workbooks, a year "
             "(2021 = the folder ./2021), or a consolidated workbook written by vetstat aggregate.",
             show_default=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="本年度，写法同上 / The later year, given the same way.",
                                        show_default=False)],
    fmt: FormatOption = OutputFormat.table,
    language: LangOption = Language.zh,
    config_path: ConfigOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="同时写出对比工作簿（.xlsx）/ Also write the comparison as an Excel workbook "
        "(.xlsx).")] = None,
    city: CityOption = None,
    unit: UnitOption = None,
    force: ForceOption = False,
    csv_dir: CsvDirOption = None,
    show_tables: ShowTablesOption = False,
) -> None:
    """比较两个年度：全市与各校指标、增减的学校和专业、Y 规则 / Compare two years: city and
    school indicators, schools and majors that came or went, the Y rules."""
    from vetstat.outputs.diff_tables import diff_tables
    from vetstat.usecases.diff import SideError, check_side, load_side

    lang = lang_of(language)
    config = load_config(config_path)
    for side in (old, new):
        try:
            check_side(side)
        except SideError as exc:
            fail(str(exc))
    if output is not None:
        output = _output_path(output, (old, new), config.source, force)
    if csv_dir is not None:
        csv_dir = check_csv_dir(csv_dir, [old, new])
    sides = []
    for side in (old, new):
        try:
            result = load_side(side, config)
        except SideError as exc:
            fail(str(exc))
        for item in result.skipped:
            say(f"{item.path}: {item.reason(lang.value)}")
        unreadable = sum(not s.readable for s in result.schools)
        say(f"{side}: {result.year} 年 {len(result.included)} 所学校"
            + (f"，{unreadable} 个文件无法读取" if unreadable else "")
            + f" / {len(result.included)} schools"
            + (f", {unreadable} unreadable" if unreadable else ""))
        if city or unit or config.batch.city or config.batch.unit:
            result.given_city, result.given_unit = batch_place(config, city, unit)
        sides.append(result)
    from vetstat.usecases.province_diff import compare_sides

    try:  # two cities school by school, two provinces city by city
        comparison = compare_sides(sides[0], sides[1], config, old_source=str(old),
                                   new_source=str(new))
    except SideError as exc:
        fail(str(exc))
    if output is not None:
        from vetstat.outputs.diffbook import write_diff_workbook

        try:
            write_diff_workbook(comparison, output, lang)
        except OSError as exc:  # no space left, no permission: nothing was written
            fail(f"无法写出对比工作簿 / cannot write the comparison workbook: {output}: "
                 f"{exc.strerror or exc}")
        say(f"已写出 / written: {output}")
    written = [str(output)] if output is not None else []
    # the tables only where they are shown or written: at 1,000 schools 分校指标对比 alone is
    # 100,000 rows
    tables = diff_tables(comparison, lang) if csv_dir is not None else None
    if csv_dir is not None and tables is not None:
        written.append(write_csv_dir(csv_dir, tables, lang,
                                     [side for side in (old, new) if side.is_file()]
                                     + ([config.source] if config.source else []), force=force))
    if quiet(fmt, written, show_tables):
        from vetstat.outputs.summary import diff_summary

        tables = [diff_summary(comparison, written, lang)]
    elif fmt is OutputFormat.json:
        tables = []
    elif tables is None:
        tables = diff_tables(comparison, lang)
    emit(tables, comparison.to_dict(lang) if fmt is OutputFormat.json else None, fmt, lang)
    if not comparison.complete:
        say("有文件无法读取，比较不完整 / some files could not be read, the comparison is incomplete")
    raise typer.Exit(EXIT_INVALID if comparison.failed else EXIT_OK)


def _output_path(output: Path, sides: tuple[Path, Path], config: Path | None,
                 force: bool) -> Path:
    """Refuse an output onto an input or inside a compared folder (it would be read next time)."""
    inputs = [side for side in sides if side.is_file()] + ([config] if config else [])
    target = check_output_path(output, inputs, force=force)
    resolved = target.resolve()
    for side in sides:
        if side.is_dir() and resolved.is_relative_to(side.resolve()):
            fail(f"输出文件不能写在比较的文件夹 {side} 中（下次会被当作学校文件读取）/ the output must "
                 f"not go into the compared folder {side}: it would be read as a school next time")
    return target
