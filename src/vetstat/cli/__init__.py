"""The ``vetstat`` command: one module per command, each parsing its options, calling one
use case, rendering, and picking the exit code; :mod:`vetstat.cli.common` holds what they share.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer

from vetstat.cli import (
    aggregate,
    check_report,
    diff,
    report,
    roster,
    rules,
    schema,
    template,
    validate,
)
from vetstat.cli.common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    STDOUT_ERRORS,
    app,
    stdout_failed,
)
from vetstat.cli.lang import Command

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "app", "main"]

# the commands, in the order ``vetstat --help`` lists them, with the line it gives each
COMMANDS = (
    (aggregate.aggregate, "汇总一个年度的全市表格 / consolidate a year's city tables"),
    (diff.diff, "比较两个年度 / compare two years"),
    (report.report, "全市质量年度报告（Word）/ the city's quality report (Word)"),
    (check_report.check_report, "核对报告中的数字 / check the figures of a report"),
    (template.template, "空白学校工作簿 / the blank school workbook"),
    (roster.roster, "学校名单 / the roster of schools that must submit"),
    (schema.schema, "导出 JSON Schema / export the JSON Schemas"),
    (validate.validate, "校验学校工作簿 / check school workbooks"),
    (rules.rules, "规则目录 / the rule catalogue"),
)
for command, short_help in COMMANDS:
    app.command(cls=Command, short_help=short_help)(command)


class Interrupted(BaseException):
    """Ctrl-C or a signal to stop, raised past click (which would turn KeyboardInterrupt into
    exit 1, "errors"), so that worker processes are stopped and nothing is left half-written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# seconds the clean-up after a signal may take before the process ends regardless: an
# exception raised while a finaliser runs is printed and dropped by Python, not propagated
STOP_GRACE = 5.0


def _interrupt(signum: int, _frame: Any) -> None:
    import threading

    def stop_now() -> None:
        os.write(2, "vetstat: 已终止 / terminated\n".encode())
        os._exit(128 + signum)

    timer = threading.Timer(STOP_GRACE, stop_now)
    timer.daemon = True
    with contextlib.suppress(RuntimeError):  # no thread to be had (memory): the exception alone
        timer.start()
    raise Interrupted(signum)


# the signals that stop vetstat as they would stop any program, after its clean-up: the
# exit code is the shell's 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: no traceback ever reaches a user; Ctrl-C exits 130 (SIGTERM 143, …),
    nothing half-written, no worker process left behind."""
    import signal

    from vetstat.usecases.pool import WorkersFailed

    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    try:
        app(args=list(argv) if argv is not None else None, prog_name="vetstat",
            standalone_mode=True)
    except (Interrupted, KeyboardInterrupt) as stop:
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        if signum == signal.SIGINT:
            typer.echo("vetstat: 已中断 / interrupted", err=True)
        else:
            name = signal.Signals(signum).name
            typer.echo(f"vetstat: 已终止（{name}）/ terminated ({name})", err=True)
        sys.exit(128 + signum)
    except (WorkersFailed, MemoryError):
        typer.echo(f"vetstat: {WorkersFailed.zh}\n{WorkersFailed.en}", err=True)
        sys.exit(EXIT_USAGE)
    except SystemExit as stop:
        if stop.code == EXIT_INVALID and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            # click's answer to a closed pipe (its own help text): exit 1 would read "errors"
            _stdout_failed(OSError(errno.EPIPE, os.strerror(errno.EPIPE)))
        _flush_stdout()
        raise
    except OSError as exc:  # click's echo (--help, --version) into a full disk or closed pipe
        if exc.errno in STDOUT_ERRORS:
            _stdout_failed(exc)
        _internal_error()
    except Exception:
        _internal_error()


def _internal_error() -> NoReturn:
    """The last line of defence: say what happened, briefly."""
    exc = sys.exc_info()[1]
    if os.environ.get("VETSTAT_DEBUG"):
        raise
    from vetstat.core.text import printable

    typer.echo(
        f"vetstat: 内部错误 / internal error: {type(exc).__name__}: {printable(str(exc))}\n"
        "请把命令和输入文件报告给维护者（设置 VETSTAT_DEBUG=1 可看到详细信息）/ "
        "please report the command and input (VETSTAT_DEBUG=1 shows details).",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


def _flush_stdout() -> None:
    """What is still buffered for stdout, flushed now: a full disk or a closed pipe at exit is
    said plainly (exit 2) instead of by the interpreter."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _stdout_failed(exc)


def _stdout_failed(exc: OSError) -> NoReturn:
    try:
        stdout_failed(exc)
    except typer.Exit as stop:
        sys.exit(stop.exit_code)
