"""``vetstat roster``: the roster of the schools that must submit (学校名单)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vetstat.cli.common import ForceOption, check_output_path, fail, inputs_of, load_config, say

if TYPE_CHECKING:
    from vetstat.core.config import Config
    from vetstat.reading.roster import RosterEntry


def roster(
    folder: Annotated[
        Path | None,
        typer.Argument(help="用其中的学校填好名单的文件夹（不给则为空白名单）/ A folder of school "
                       "workbooks to fill the roster from (default: a blank roster).",
                       show_default=False),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="名单写到哪里 / Where to write the roster.")] = Path(
        "学校名单.xlsx"),
    force: ForceOption = False,
) -> None:
    """写出学校名单（供 --roster 使用），空白或由文件夹中的学校填好 / Write a roster for
    --roster: blank, or filled from a folder's schools."""
    from vetstat.outputs.rosterbook import write_roster
    from vetstat.reading.batch import discover
    from vetstat.reading.roster import RosterEntry

    entries: list[RosterEntry] = []
    inputs: list[Path] = []
    if folder is not None:
        if not folder.is_dir():
            fail(f"文件夹不存在 / no such folder: {folder}")
        from vetstat.usecases.aggregate import aggregate_folder

        inputs, _ = discover(folder)
        config = load_config(None)
        target = check_output_path(output, inputs_of(config, *inputs), force=force)
        cities = _cities(folder, config)
        if cities is not None:  # a province's folder: the roster of its cities
            from vetstat.outputs.rosterbook import CITY_HEADERS

            try:
                write_roster(target, cities, "城市名单", CITY_HEADERS)
            except OSError as exc:
                fail(f"无法写出 / cannot write {target}: {exc.strerror or exc}")
            say(f"已写出城市名单（{len(cities)} 个城市）/ roster of cities written ({len(cities)} "
                f"cities): {target}")
            return
        result = aggregate_folder(folder, config)
        seen: set[str] = set()
        for school in sorted(result.included, key=lambda s: s.school_code or ""):
            if school.school_code and school.school_code not in seen:
                seen.add(school.school_code)
                entries.append(RosterEntry(school.school_code, school.name or "",
                                           school.affiliation, school.county))
    else:
        target = check_output_path(output, force=force)
    try:
        write_roster(target, entries)
    except OSError as exc:
        fail(f"无法写出 / cannot write {target}: {exc.strerror or exc}")
    say(f"已写出学校名单（{len(entries)} 所学校）/ roster written ({len(entries)} schools): {target}")


def _cities(folder: Path, config: Config) -> list[RosterEntry] | None:
    """The cities of a province's folder (行政区划代码, 城市名称), None for a city's folder."""
    from vetstat.reading.roster import RosterEntry
    from vetstat.usecases.citydata import CityWorkbookError
    from vetstat.usecases.province import MixedFolder, aggregate_province, level_of

    try:
        level = level_of(folder)
        if level.level != "province":
            return None
        province = aggregate_province(folder, level, config)
    except (MixedFolder, CityWorkbookError) as exc:
        fail(str(exc))
    return [RosterEntry(city.division_code or "", city.label) for city in province.cities]
