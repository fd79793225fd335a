"""``vetstat template``: the blank school workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vetstat.cli.common import (
    ForceOption,
    check_output_path,
    fail,
    say,
)

if TYPE_CHECKING:
    pass


def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="模板写到哪里 / Where to write the workbook.")] = Path(
        "学校质量数据表.xlsx"
    ),
    year: Annotated[
        int | None, typer.Option("--year", min=2000, max=2100, help="预填统计年度 / Pre-fill the year (统计年度).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """写出空白学校工作簿（八张表、填表说明、数据验证）/ Write the blank school workbook (eight
    sheets, 填表说明, Excel data validation)."""
    from vetstat.outputs.template import write_template

    target = check_output_path(output, force=force)
    try:
        write_template(target, year)
    except OSError as exc:
        fail(f"无法写出 / cannot write {target}: {exc.strerror or exc}")
    say(f"已写出模板 / template written: {target}")
