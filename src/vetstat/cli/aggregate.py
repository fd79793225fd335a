"""The ``aggregate`` command (registered on import)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    RosterOption,
    ShowTablesOption,
    UnitOption,
    batch_place,
    check_csv_dir,
    check_output_path,
    emit,
    fail,
    inputs_of,
    lang_of,
    load_config,
    load_roster,
    quiet,
    say,
    write_csv_dir,
)
from vetstat.cli.returns import ReturnsOption, check_return_names, check_returns_dir, write_returns

if TYPE_CHECKING:
    from vetstat.core.config import Config
    from vetstat.core.issues import Lang
    from vetstat.reading.levels import Level
    from vetstat.reading.roster import Roster
    from vetstat.usecases.aggregate import CityResult
    from vetstat.usecases.pool import Progress
    from vetstat.usecases.previous import Previous

# below this many files the run is over before a progress bar is worth drawing
PROGRESS_MIN_FILES = 20


def aggregate(
    folder: Annotated[Path, typer.Argument(help="一个年度的学校工作簿所在文件夹，或年份（2022 指 ./2022）；"
                                           "各市汇总工作簿的文件夹汇总为全省 / Folder of the school "
                                           "workbooks of one year, or a year (2022 names ./2022); "
                                           "a folder of city workbooks is a province.",
                                           show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写出全市汇总工作簿（.xlsx）/ Write the consolidated workbook (.xlsx) here.",
                     show_default=False),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", min=2000, max=2100,
                     help="本批的统计年度，其他年度的文件标出（X902）；默认为多数文件填报的年度 / The year "
                     "of the batch; files of another year are flagged (X902). Default: the year "
                     "most files report.", show_default=False),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    language: LangOption = Language.zh,
    config_path: ConfigOption = None,
    city: CityOption = None,
    unit: UnitOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="并行读取的进程数（默认：CPU 数；1 = 不用子进程）"
                     " / Worker processes for large batches (default: the number of CPUs; 1 = no "
                     "worker processes).",
                     show_default=False),
    ] = None,
    force: ForceOption = False,
    csv_dir: CsvDirOption = None,
    show_tables: ShowTablesOption = False,
    previous: Annotated[Path | None, typer.Option(
        "--previous", metavar="OLD", show_default=False,
        help="上一年度，写法同 diff 的 OLD（文件夹、年份或汇总工作簿）：表1 和表2 加上年、增减、增减率，JSON 加 "
        "previous 和 changes / Last year, given as diff's OLD (a folder, a year or a city "
        "workbook): 表1 and 表2 gain 上年, 增减, 增减率; the JSON gains previous and changes.")] = None,
    roster_path: RosterOption = None,
    returns_dir: ReturnsOption = None,
) -> None:
    """校验一个文件夹的学校工作簿并汇总全市表格（表1、表2 …）/ Consolidate a folder of school
    workbooks into the city tables (表1, 表2, …)."""
    from vetstat.reading.batch import discover

    lang = lang_of(language)
    config = load_config(config_path)
    from vetstat.usecases.diff import SideError, check_data_folder, check_side

    try:
        check_data_folder(folder)  # a folder, or a bare year naming ./2022, as diff reads it
        if previous is not None:
            check_side(previous)
    except SideError as exc:
        fail(str(exc))
    roster = load_roster(roster_path, config)
    from vetstat.usecases.province import MixedFolder, level_of

    try:  # a folder of city workbooks is a province; one mixing them with schools, nothing
        level = level_of(folder, [output] if output is not None else [])
    except MixedFolder as exc:
        fail(str(exc))
    if level.level == "province" and returns_dir is not None:
        fail("--returns 用于学校工作簿的文件夹：城市汇总工作簿中没有学校的原文件，请在各市汇总时退回 / --returns "
             "is for a folder of school workbooks: a city workbook holds no school's file; "
             "return files when each city aggregates")
    before_inputs = [previous] if previous is not None and previous.is_file() else []
    if output is not None:
        inputs, _ = discover(folder)
        output = check_output_path(output, inputs_of(config, *inputs, *before_inputs,
                                                       *([roster.path] if roster else [])),
                                   force=force)
    if csv_dir is not None:
        csv_dir = check_csv_dir(csv_dir, [folder, *([previous] if previous else [])])
    if returns_dir is not None:
        returns_dir = check_returns_dir(returns_dir, [folder])
    result = _run(folder, config, year, jobs, school_json=fmt is OutputFormat.json, roster=roster,
                  level=level)
    result.given_city, result.given_unit = batch_place(config, city, unit)
    for passed in result.not_school:  # documents, lock files and the like go unmentioned
        say(f"{passed.file}: {passed.what.reason_zh if lang.value == 'zh' else passed.what.reason_en}"
            + ("，未计入" if lang.value == "zh" else ", not counted"))
    if not result.schools:
        fail(f"文件夹中没有学校的工作簿 / no school workbook in the folder: {folder}")
    say(_included(result, lang))
    compared = _previous(result, previous, config, folder, lang) if previous else None
    returns = None
    if returns_dir is not None:  # checked before anything is written
        from vetstat.usecases.returns import city_returns

        returns = city_returns(result, folder)
        check_return_names(returns_dir, returns, inputs_of(config, folder), force=force)
    from vetstat.outputs.provincebook import tables_of

    # JSON is the document alone: no tables to build for it, unless a workbook is written
    needs_tables = fmt is not OutputFormat.json or output is not None or csv_dir is not None
    tables = tables_of(result, lang) if needs_tables else []
    if compared is not None and tables:
        from vetstat.outputs.previous import with_previous

        with_previous(tables, compared, lang)
    if returns is not None and tables:
        from vetstat.outputs.returns import returns_table

        tables.append(returns_table(returns, lang))  # 退回清单
    written: list[str] = []
    if output is not None:
        from vetstat.outputs.citybook import write_city_workbook

        try:
            write_city_workbook(result, output, lang, tables)
        except OSError as exc:  # no space left, no permission: nothing was written
            fail(f"无法写出汇总工作簿 / cannot write the city workbook: {output}: "
                 f"{exc.strerror or exc}")
        say(f"已写出汇总工作簿 / city workbook written: {output}")
        written.append(str(output))
    if csv_dir is not None:
        written.append(write_csv_dir(csv_dir, tables, lang, inputs_of(config, folder),
                                     force=force))
    if returns_dir is not None and returns is not None:
        written.append(write_returns(returns_dir, returns, lang))
    if quiet(fmt, written, show_tables):
        from vetstat.outputs.summary import city_summary

        tables = [city_summary(result, written, lang)]
    document = result.json_document(lang)
    if compared is not None:
        document["previous"] = compared.to_dict()
        document["changes"] = compared.changes_document()
    if returns is not None:
        document["returns"] = [entry.to_dict(lang) for entry in returns]
    emit(tables, document, fmt, lang)
    failed = not result.valid or (compared is not None and compared.failed)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


def _previous(result: CityResult, old: Path, config: Config, folder: Path,
              lang: Lang) -> Previous:
    """The year before, read as diff reads a side; its Y issues join this year's."""
    from vetstat.core.issues import sort_key
    from vetstat.usecases.diff import SideError, load_side
    from vetstat.usecases.previous import compare_previous

    try:
        before = load_side(old, config)
    except SideError as exc:
        fail(str(exc))
    compared = compare_previous(result, before, config, old_source=str(old),
                                new_source=str(folder))
    result.issues = sorted([*result.issues, *compared.issues], key=sort_key)
    unreadable = sum(not school.readable for school in before.schools)
    say(f"上年 / previous: {old}: {before.year} 年 {len(before.included)} 所学校"
        + (f"，{unreadable} 个文件无法读取，比较不完整" if unreadable else "")
        if lang.value == "zh" else
        f"previous: {old}: {before.year}, {len(before.included)} schools"
        + (f", {unreadable} unreadable: the comparison is incomplete" if unreadable else ""))
    return compared


def _run(folder: Path, config: Config, year: int | None, jobs: int | None, *,
         school_json: bool, roster: Roster | None, level: Level) -> CityResult:
    from vetstat.usecases.aggregate import aggregate_folder

    if level.level == "province":
        from vetstat.usecases.citydata import CityWorkbookError
        from vetstat.usecases.province import aggregate_province

        try:
            return aggregate_province(folder, level, config, year=year, roster=roster)
        except CityWorkbookError as exc:
            fail(str(exc))

    with _progress() as progress:
        return aggregate_folder(folder, config, year=year, progress=progress, jobs=jobs,
                                school_json=school_json, roster=roster)


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal and the batch is long; silent otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    # no refresh thread: the bar is redrawn from the callback, so worker processes are never
    # forked from a process with a running thread
    bar = Progress("读取 / reading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True, auto_refresh=False)
    task = None

    def advance(done: int, total: int) -> None:
        nonlocal task
        if total < PROGRESS_MIN_FILES:
            return
        if task is None:
            bar.start()
            task = bar.add_task("", total=total)
        bar.update(task, completed=done)
        bar.refresh()

    try:
        yield advance
    finally:
        if task is not None:
            bar.stop()


def _included(result: CityResult, lang: Lang) -> str:
    from vetstat.core.issues import Lang

    included, total = len(result.included), len(result.schools)
    errors = sum(1 for s in result.included if s.errors)
    cities = getattr(result, "cities", None)
    if cities is not None:  # a province: its cities' workbooks, their schools
        return (f"{len(cities)} 个城市的汇总工作簿，{included}/{total} 所学校计入（{result.year} 年度）"
                if lang is Lang.ZH else f"{len(cities)} city workbooks, {included} of {total} "
                f"schools counted (year {result.year})")
    if lang is Lang.ZH:
        text = f"{included}/{total} 个文件计入（{result.year or '年度不详'} 年度）"
        return text + (f"，其中 {errors} 个有错误" if errors else "")
    text = f"{included} of {total} files counted (year {result.year or 'unknown'})"
    return text + (f", {errors} with errors" if errors else "")
