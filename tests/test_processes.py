"""``vetstat aggregate`` as a process among others: stopped by a signal, or short of memory.

Each case runs the real command (``python -m vetstat``) in a child process of its own session
on a folder of a few hundred small workbooks, so that the worker pool is running, then stops it
or starves it and looks in /proc for what is left of its process group. Linux only (/proc,
PR_SET_PDEATHSIG, RLIMIT_AS as ``ulimit -v`` sets it).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import make_corpus
import pytest

from helpers import digests

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or os.cpu_count() == 1,
                                reason="needs Linux /proc and a pool of workers")

FILES = 300


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(make_corpus, "MANY_COPIES", FILES)
        make_corpus.build_many_files(root / "many", root)
    return root / "many"


def group(leader: int) -> list[int]:
    """The live processes of ``leader``'s process group (zombies are gone already)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == leader and fields[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


def start(folder: Path, out: Path, err: Path, *, memory_kb: int | None = None,
          jobs: int = 2) -> subprocess.Popen[bytes]:
    def limit() -> None:
        if memory_kb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_kb * 1024, memory_kb * 1024))

    with err.open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "vetstat", "aggregate", str(folder), "-o", str(out),
             "--jobs", str(jobs)],
            stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            preexec_fn=limit, env={**os.environ, "COLUMNS": "80"})


def wait_for_workers(process: subprocess.Popen[bytes], count: int = 3) -> None:
    deadline = time.monotonic() + 60
    while len(group(process.pid)) < count:
        assert process.poll() is None, "vetstat ended before its workers started"
        assert time.monotonic() < deadline, "no worker processes after 60 s"
        time.sleep(0.02)


def finish(process: subprocess.Popen[bytes], within: float) -> int | None:
    """Its exit code, or None if it was still running ``within`` seconds; whatever is left of
    its group is killed."""
    try:
        return process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        return None
    finally:
        for pid in group(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()


def gone_within(leader: int, seconds: float) -> list[int]:
    """What is left of the group after ``seconds`` (empty as soon as it is empty)."""
    deadline = time.monotonic() + seconds
    while (left := group(leader)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.mark.parametrize(("signum", "grace"), [
    (signal.SIGTERM, 2.0), (signal.SIGHUP, 2.0), (signal.SIGINT, 2.0), (signal.SIGQUIT, 2.0),
    (signal.SIGKILL, 5.0)], ids=lambda value: getattr(value, "name", str(value)))
def test_no_worker_outlives_a_signal_to_vetstat(folder: Path, tmp_path: Path,
                                               signum: signal.Signals, grace: float) -> None:
    """Before: after SIGTERM or SIGHUP the main process exited 143 and both workers were
    reparented to PID 1, asleep for good."""
    before = digests(folder)
    err = tmp_path / "stderr.txt"
    process = start(folder, tmp_path / "全市.xlsx", err)
    try:
        wait_for_workers(process)
        os.kill(process.pid, signum)
        code = process.wait(timeout=grace + 5)
        left = gone_within(process.pid, grace)
        assert not left, f"worker processes {left} outlived {signum.name} by {grace} s"
    finally:
        for pid in group(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()
    stderr = err.read_text("utf-8", "replace")
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 128 + signum, stderr
        assert "Traceback" not in stderr and ("已终止" in stderr or "已中断" in stderr), stderr
    assert not (tmp_path / "全市.xlsx").exists()  # nothing half-written
    assert sorted(os.listdir(tmp_path)) == ["stderr.txt"]
    assert digests(folder) == before


def test_the_pool_failing_for_memory_ends_vetstat_plainly(folder: Path, tmp_path: Path) -> None:
    """Before: with ``ulimit -v 60000`` the pool's thread in the main process failed (no memory
    for a thread) and the main process waited for its results for ever. Now it ends within 10 s:
    exit 2 and 内存不足, or, where the memory suffices, the batch read."""
    before = digests(folder)
    err = tmp_path / "stderr.txt"
    code = finish(start(folder, tmp_path / "全市.xlsx", err, memory_kb=60_000), within=10)
    stderr = err.read_text("utf-8", "replace")
    assert code is not None, f"still running after 10 s: {stderr[-600:]}"
    assert "Traceback" not in stderr, stderr
    if code == 2:
        assert "内存不足" in stderr and "--jobs 1" in stderr
        assert not (tmp_path / "全市.xlsx").exists()
    else:
        assert code in (0, 1), stderr
    assert digests(folder) == before


def test_a_pool_that_cannot_feed_its_workers_is_reported_not_awaited(
        folder: Path, tmp_path: Path) -> None:
    """The same failure made certain: the pool's feeding thread cannot start (as when memory is
    short), whatever memory this machine has."""
    code = (
        "import multiprocessing.queues as q, sys\n"
        "def no_thread(self):\n"
        "    raise RuntimeError(\"can't start new thread\")\n"
        "q.Queue._start_thread = no_thread\n"
        "from vetstat.cli import main\n"
        f"sys.argv = ['vetstat', 'aggregate', {str(folder)!r}, '--jobs', '2']\n"
        "main()\n")
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stream:
        process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                   stderr=stream, start_new_session=True)
    returncode = finish(process, within=10)
    stderr = err.read_text("utf-8", "replace")
    assert returncode == 2, f"{returncode}: {stderr[-600:]}"
    assert "内存不足" in stderr and "Traceback" not in stderr
