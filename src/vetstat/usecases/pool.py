"""Reading a batch of files: each read, validated and summarised in a worker process.

A worker returns a small summary, the file's issues and the school's sums, never a workbook;
outcomes come back in input order whatever the number of workers, so the result is the same
issue for issue.  A file that kills its worker is reported on (F001), never read again in the
parent; the batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import zlib
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NamedTuple

from vetstat.core.config import Config
from vetstat.core.contract import SHEET_BY_KEY
from vetstat.core.issues import Issue
from vetstat.core.jsondoc import compact_json
from vetstat.figures.city import city_figures
from vetstat.figures.reconcile import summed_values
from vetstat.figures.summary import SchoolSummary, located_fields, summarize
from vetstat.reading.batch import CITY_WORKBOOK, NotSchool, is_city_workbook
from vetstat.reading.workbook import unreadable_issue
from vetstat.usecases.validate import validate_workbook
from vetstat.xlsx.saved import saved_time

Progress = Callable[[int, int], None]

# A pool of worker processes pays for itself from about this many files.  Measured on a
# 2-core Linux machine (fork), busy with other work: a realistic workbook (30 majors, 20
# awards) takes 15–20 ms to read, check and summarise, a small one 6 ms; starting two workers
# costs 30–50 ms.  Serial against 2 workers: 20 files 0.46 s / 0.49 s, 40 files 0.57 / 0.62,
# 100 files 1.87 / 1.69.  An idle machine breaks even sooner, a busy one later; from 40 files
# the pool costs little when it does not help and halves the time when the cores are free.
PARALLEL_MIN_FILES = 40
# files a worker is given at a time: enough to keep traffic low, few enough that no worker is
# left alone with a long last chunk while the other idles (and the progress bar moves)
MAX_CHUNK = 32


class Task(NamedTuple):
    """What a worker is sent for one file (pickled: a named tuple, no instance dictionary)."""

    path: Path
    name: str  # the file as outputs name it
    config: Config
    school_json: bool  # make the school's JSON here (for --format json)


class Summarised(NamedTuple):
    """What a worker sends back for one school's file."""

    summary: SchoolSummary
    issues: list[Issue]
    sums: tuple[Any, ...] | None  # the school's summed_values; None: the file is unreadable
    # the school's figures as JSON object members, zlib-compressed (made only for --format json)
    figures_json: bytes | None = None


class Passed(NamedTuple):
    """A workbook that reads but is no school's (vetstat's own, or another spreadsheet)."""

    file: str
    what: NotSchool


Outcome = Summarised | Passed


def summarise_file(task: Task) -> Outcome:
    """Read, validate and summarise one file (runs in a worker process: returns no workbook).

    A workbook that is no school's (:func:`vetstat.reading.batch.workbook_kind`) gives
    :class:`Passed`: it is told by its sheet names, so the file is opened only once.
    """
    path, name, config, school_json = task
    report = validate_workbook(path, config, file=name, keep_workbook=True)
    book = report.workbook
    if report.not_school is not None:
        return Passed(name, report.not_school)
    if not report.readable and is_city_workbook(path):  # a national one may be past the bounds
        return Passed(name, CITY_WORKBOOK)
    summary = summarize(report.data, name)
    summary.errors = report.errors
    summary.warnings = sum(1 for issue in report.issues if issue.is_warning)
    summary.unexplained = report.unexplained_warnings
    if report.readable:  # (an unreadable one may be a pipe: never opened again)
        summary.saved_at = saved_time(path)
        if summary.saved_at is None:
            with contextlib.suppress(OSError):
                summary.saved_at = path.stat().st_mtime
    if book is not None and report.readable:
        for sheet_key, key in located_fields():
            cell = (book.column_cell(sheet_key, key) if SHEET_BY_KEY[sheet_key].table
                    else book.cell(sheet_key, key))
            if cell:
                sheet = book.sheet_names.get(sheet_key, SHEET_BY_KEY[sheet_key].title)
                summary.cells[key] = (sys.intern(sheet), cell)
    if not summary.readable:
        return Summarised(summary, report.issues, None)
    # the school's own figures, made here in the worker rather than at the end in the parent
    # (for the reconciliation, and for the JSON when it is written): its sums, its JSON
    # compressed while it waits
    figures = city_figures([summary])
    packed = zlib.compress(figures_fragment(figures).encode(), 1) if school_json else None
    return Summarised(summary, report.issues, summed_values(figures), packed)


class WorkersFailed(RuntimeError):
    """The pool of worker processes itself failed (memory exhausted in this process's side of
    it): no file is to blame, and the batch cannot be finished."""

    zh = ("内存不足，读取进程无法继续，汇总未完成。请关闭其他程序后重试，或用 --jobs 1 逐个读取"
          "（占用内存更少）。")
    en = ("out of memory: the reading processes cannot go on and the batch was not finished. "
          "Close other programs and try again, or use --jobs 1 (less memory).")


# how often the wait for a worker's result looks whether the pool can still deliver it
POLL_SECONDS = 0.5


def outcomes(tasks: list[Task], jobs: int, progress: Progress | None
             ) -> Generator[Outcome, None, None]:
    """Outcomes in input order, from a process pool when the batch is large enough.

    A file that stops its worker process (a reader crashing where it must not) does not stop
    the batch: the files that were in flight are read again one at a time in one worker, the
    one that stops it again is reported unreadable (F001), and the pool goes on after it. It is
    never read in this process, which it would stop too. Only when no worker process can be
    started at all (a sandbox) are the files read here. When the pool itself fails (its
    threads in this process out of memory) :class:`WorkersFailed` is raised rather than
    waiting for results that will never come. However this generator ends — finished, an
    exception, a signal, closed early — no worker process outlives it.
    """
    total = len(tasks)
    done = 0

    def advanced() -> None:
        if progress:
            progress(done, total)

    with _quiet_pool_threads():
        if jobs > 1 and total >= PARALLEL_MIN_FILES:
            workers = min(jobs, total)
            # a few chunks per worker: less traffic between processes, progress still moves
            chunk = max(1, min(total // (workers * 8), MAX_CHUNK))
            retrying_until = 0  # while done < this, one file at a time in one worker
            while done < total:
                one_by_one = done < retrying_until
                batch = tasks[done:retrying_until] if one_by_one else tasks[done:]
                size = 1 if one_by_one else chunk
                pool = None
                held = _hold_signals()  # released where a signal's exception stops the pool
                try:
                    pool = ProcessPoolExecutor(max_workers=1 if one_by_one else workers,
                                               initializer=_worker_started, initargs=(os.getpid(),))
                    chunks = [pool.submit(_summarise_chunk, batch[start:start + size])
                              for start in range(0, len(batch), size)]
                except (OSError, NotImplementedError, RuntimeError):
                    # no worker processes here (a sandbox), or no thread to feed them (memory):
                    # finish in this process below
                    if pool is not None:
                        _kill_workers(pool)
                    _release_signals(held)
                    break
                with _stopped_at_the_end(pool, held):
                    try:
                        for future in chunks:
                            for outcome in _result(pool, future):
                                done += 1
                                yield outcome
                                advanced()
                    except BrokenProcessPool:
                        if one_by_one:  # in order, in one worker: the next file is the one
                            done += 1
                            yield _unread(tasks[done - 1], _STOPPED)
                            advanced()
                        else:  # again, one by one: the calls in flight and a margin
                            retrying_until = min(total, done + (2 * workers + 1) * chunk)
    for task in tasks[done:]:
        done += 1
        yield _summarise_guarded(task)
        advanced()


def _result(pool: ProcessPoolExecutor, future: Future[list[Outcome]]) -> list[Outcome]:
    """A chunk's outcomes, waiting no longer than the pool can still deliver them: a pool whose
    thread in this process has died (a MemoryError there) never completes its futures."""
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except FutureTimeout:
            thread = getattr(pool, "_executor_manager_thread", None)
            if thread is not None and not thread.is_alive() and not future.done():
                raise WorkersFailed(WorkersFailed.en) from None
        except MemoryError as exc:  # a result this process had no memory to take in
            raise WorkersFailed(WorkersFailed.en) from exc


# Signals the command turns into an exception (vetstat.cli) are held while a pool starts its
# workers: raised there, in a hook Python runs after a fork, the exception would be printed
# and dropped, and the workers left to run.
_HELD = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                  if hasattr(signal, name))


def _hold_signals() -> set[int | signal.Signals] | None:
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)


def _release_signals(held: set[int | signal.Signals] | None) -> None:
    """Back to the mask before :func:`_hold_signals`: a signal that came meanwhile is acted
    on here (its exception raised from this call)."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def _stopped_at_the_end(pool: ProcessPoolExecutor,
                        held: set[int | signal.Signals] | None) -> Iterator[None]:
    """Shut the pool down when the batch is read; on anything else (an exception, a signal
    turned into one, the generator closed early) kill its workers first, without waiting for
    the files they hold. The signals held while it started are released in here."""
    try:
        _release_signals(held)
        yield
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _quiet_pool_threads() -> Iterator[None]:
    """While pools run, the failure of one of their threads in this process (no memory for a
    thread or a result) is not printed with a traceback: :func:`_result` sees it and ends the
    batch with :class:`WorkersFailed`."""
    previous = threading.excepthook

    def quiet(failure: threading.ExceptHookArgs) -> None:
        if not issubclass(failure.exc_type, MemoryError | RuntimeError):
            previous(failure)

    threading.excepthook = quiet
    try:
        yield
    finally:
        threading.excepthook = previous


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=1)
    # waited for: the pool's thread ends as soon as it sees its workers gone (shutting down
    # without waiting leaves it to interpreter exit, which then writes to a closed pipe)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_started(parent: int) -> None:
    """In each worker as it starts: die with the parent, however the parent ends.

    On Linux the kernel kills the worker when the parent is gone (PR_SET_PDEATHSIG: even after
    SIGKILL, which no handler sees); elsewhere the parent's handlers stop the pool. The signals
    the parent handles (the worker inherits its handlers when forked) are the defaults again,
    so that the parent can stop a worker; Ctrl-C, which the terminal sends to every process of
    the group, is the parent's to act on.
    """
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # held by the parent while it forked this worker
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent was gone before the line above took effect
        os._exit(1)


def _summarise_chunk(tasks: list[Task]) -> list[Outcome]:
    return [_summarise_guarded(task) for task in tasks]


def _summarise_guarded(task: Task) -> Outcome:
    """:func:`summarise_file`, with an error it did not expect reported on the file (F001)
    rather than ending the batch."""
    try:
        return summarise_file(task)
    except Exception as exc:  # a bug or an exhausted machine: said, and the batch goes on
        return _unread(task, (f"vetstat 读取时出错（{type(exc).__name__}：{exc}）。请把这个文件和这条"
                              "信息发给维护人员。",
                              f"vetstat failed while reading it ({type(exc).__name__}: {exc}). "
                              "Please send the file and this message to the maintainers."))


_STOPPED = ("读取这个文件时读取进程意外终止，文件可能是恶意或损坏的。请用 Excel 或 WPS 打开后另存为 "
            ".xlsx 再报送。",
            "the reading process stopped while reading this file, which may be hostile or "
            "damaged. Open it in Excel or WPS, save it as .xlsx and send it again.")


def _unread(task: Task, reason: tuple[str, str]) -> Outcome:
    """The outcome of a file that could not be read at all: an empty summary and F001."""
    return Summarised(summarize(None, task.name), [unreadable_issue(task.name, *reason)], None)


def figures_fragment(figures: dict[str, Any]) -> str:
    """The figures as the members of a JSON object, without its braces."""
    return compact_json(figures)[1:-1]
