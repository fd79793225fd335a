"""Writing output files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


class OutputError(Exception):
    """An output path that must not or cannot be written."""


def check_output(path: Path, inputs: Iterable[Path] = ()) -> Path:
    """Refuse an output that would overwrite an input or go into a missing folder."""
    target = path.expanduser()
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(
            f"输出文件夹不存在：{parent} / the output folder does not exist: {parent}"
        )
    if target.is_dir():
        raise OutputError(f"输出路径是一个文件夹：{target} / the output path is a folder: {target}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"没有在该文件夹写文件的权限：{parent} / no permission to write in the folder: {parent}"
        )
    resolved = target.resolve()
    for source in inputs:
        try:
            same = resolved == source.resolve() or (
                target.exists() and os.path.samefile(target, source)
            )
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"输出文件不能是输入文件：{target}（输入文件从不修改）/ "
                f"the output would overwrite the input {target}; inputs are never modified"
            )
    return target


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary)`` next to ``path``, then rename it over ``path``.

    On any failure, Ctrl-C included, the temporary file is removed and ``path`` is untouched.
    """
    handle, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); give it the mode any new file would get
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text_atomically(path: Path, text: str) -> None:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8", newline="")

    write_atomically(path, write)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_atomically(path, write)
