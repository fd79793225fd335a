"""``vetstat schema``: the JSON Schema of every sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vetstat.cli.common import (
    ForceOption,
    check_output_files,
    fail,
    say,
)


def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON Schema 的输出文件夹 / Folder for the JSON Schemas.")] = Path(
        "schemas"
    ),
    force: ForceOption = False,
) -> None:
    """导出各工作表的 JSON Schema（全部写出或一个不写）/ Export the JSON Schema of every sheet
    model (all of them, or none if one cannot be written)."""
    from vetstat.outputs.schema import schema_texts, write_schemas

    texts = schema_texts()
    check_output_files(output, list(texts), force=force, suffixes=(".json",))
    try:
        written = write_schemas(output, texts)
    except OSError as exc:
        fail(f"无法写出，未写出任何文件 / cannot write into {output}, nothing written: "
             f"{exc.strerror or exc}")
    for path in written:
        say(str(path))
