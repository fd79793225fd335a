"""The return files of a batch (``--returns DIR``), written all or none, and their list, 退回清单,
a sheet of the city workbook and a table of the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vetstat.core.files import write_files_atomically
from vetstat.core.issues import Lang
from vetstat.outputs.render import Column, Table
from vetstat.usecases.returns import ReturnFile

RETURN_COLUMNS = [
    Column("name", "学校名称", "school"),
    Column("school_code", "学校标识码", "school code"),
    Column("status", "报送情况", "status"),
    Column("errors", "错误", "errors"),
    Column("warnings", "警告", "warnings"),
    Column("return_file", "退回文件", "return file"),
]


def returns_table(returns: Sequence[ReturnFile], lang: Lang = Lang.ZH) -> Table:
    """退回清单: one row per return file, in the order of the files."""
    rows = [{"name": entry.name or entry.file, "school_code": entry.school_code or "",
             "status": entry.words(lang), "errors": entry.errors, "warnings": entry.warnings,
             "return_file": entry.return_name} for entry in returns]
    return Table("退回清单", "Return files", RETURN_COLUMNS, rows, name="returns")


def write_return_files(folder: Path, returns: Sequence[ReturnFile],
                       lang: Lang = Lang.ZH) -> dict[str, str]:
    """Write every return file into ``folder`` (checked by the caller), all of them or none;
    returns each file's name and how it was made (``patched`` or ``values``)."""
    from vetstat.outputs.annotate import write_annotated

    made: dict[str, str] = {}

    def writer(entry: ReturnFile) -> Callable[[Path], None]:
        def write(target: Path) -> None:
            made[entry.return_name] = write_annotated(entry.source, entry.issues, target, lang,
                                                      entry.school())
        return write

    files: dict[str, Any] = {entry.return_name: writer(entry) for entry in returns}
    write_files_atomically(folder, files)
    return made
