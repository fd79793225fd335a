"""``vetstat schema``: the JSON Schema of every sheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vetstat.cli.common import (
    fail,
    say,
)

if TYPE_CHECKING:
    pass


def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the JSON Schemas.")] = Path(
        "schemas"
    ),
) -> None:
    """Export the JSON Schema of every sheet model."""
    from vetstat.outputs.schema import write_schemas

    if not output.is_dir():
        fail(f"文件夹不存在 / folder does not exist: {output}")
    try:
        written = write_schemas(output)
    except OSError as exc:
        fail(f"无法写出 / cannot write into {output}: {exc.strerror or exc}")
    for path in written:
        say(str(path))
