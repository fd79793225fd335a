"""The ``vetstat`` command: one module per command, each parsing its options, calling one
use case, rendering, and picking the exit code; :mod:`vetstat.cli.common` holds what they share.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from vetstat.cli import aggregate, diff, rules, schema, template, validate
from vetstat.cli.common import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE, app

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "app", "main"]

# the commands, in the order ``vetstat --help`` lists them
for command in (aggregate.aggregate, diff.diff, template.template, schema.schema,
                validate.validate, rules.rules):
    app.command()(command)


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would turn KeyboardInterrupt into exit 1, "errors")."""


def _interrupt(_signum: int, _frame: Any) -> None:
    raise Interrupted


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: no traceback ever reaches a user; Ctrl-C exits 130, nothing half-written."""
    import signal

    signal.signal(signal.SIGINT, _interrupt)
    try:
        app(args=list(argv) if argv is not None else None, prog_name="vetstat",
            standalone_mode=True)
    except (Interrupted, KeyboardInterrupt):
        typer.echo("vetstat: 已中断 / interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: say what happened, briefly
        if os.environ.get("VETSTAT_DEBUG"):
            raise
        typer.echo(
            f"vetstat: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请把命令和输入文件报告给维护者（设置 VETSTAT_DEBUG=1 可看到详细信息）/ "
            "please report the command and input (VETSTAT_DEBUG=1 shows details).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
