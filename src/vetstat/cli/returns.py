"""``--returns DIR`` of aggregate and validate: one return file per school whose file has errors
or unexplained warnings, written into DIR all or none (:mod:`vetstat.usecases.returns`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vetstat.cli.common import check_output_dir, check_output_files, fail, say

if TYPE_CHECKING:
    from vetstat.core.issues import Lang
    from vetstat.usecases.returns import ReturnFile

ReturnsOption = Annotated[
    Path | None,
    typer.Option("--returns", metavar="DIR", show_default=False, file_okay=False,
                 help="为每所有错误或未说明警告的学校写出退回文件“学校名称-退回.xlsx”到该文件夹（不能在"
                 "数据文件夹内）/ Write a return file, 学校名称-退回.xlsx, for every school with "
                 "errors or unexplained warnings into this folder (not inside the data folder)."),
]


def check_returns_dir(folder: Path, input_folders: Sequence[Path]) -> Path:
    """Before any work: DIR outside every folder read (its files would be read as schools
    next time), made if missing."""
    return check_output_dir(folder, input_folders, "退回文件夹", "return folder", "--returns")


def check_return_names(folder: Path, returns: Sequence[ReturnFile], inputs: Sequence[Path], *,
                       force: bool) -> None:
    """Before anything is written: DIR made if missing; no return file may replace a file in
    it without --force (nor a school's workbook, ever). Refused whole, exit 2."""
    if not returns:
        return
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        fail(f"无法建立文件夹 / cannot make the folder {folder}: {exc.strerror or exc}")
    check_output_files(folder, [entry.return_name for entry in returns], inputs, force=force,
                       suffixes=(".xlsx",))


def write_returns(folder: Path, returns: Sequence[ReturnFile], lang: Lang) -> str:
    """Write them (all or none), say so; returns what the summary says was written."""
    from vetstat.outputs.returns import write_return_files

    if not returns:
        say(f"没有需要退回的学校，未写出退回文件 / no school needs a return file: {folder}")
        return (f"{folder}{os.sep}（没有需要退回的学校）" if lang.value == "zh" else
                f"{folder}{os.sep} (no return files needed)")
    try:
        made = write_return_files(folder, returns, lang)
    except OSError as exc:
        fail(f"无法写出退回文件，未写出任何文件 / cannot write the return files in {folder}, none "
             f"written: {exc.strerror or exc}")
    copies = sum(1 for how in made.values() if how == "values")
    note_zh = f"，其中 {copies} 个为数值副本（.xls/.ods）" if copies else ""
    note_en = f", {copies} of them copies of values (.xls/.ods)" if copies else ""
    say(f"已写出 {len(returns)} 个退回文件{note_zh} / {len(returns)} return files written"
        f"{note_en}: {folder}")
    return (f"{folder}{os.sep}（{len(returns)} 个退回文件）" if lang.value == "zh" else
            f"{folder}{os.sep} ({len(returns)} return files)")
