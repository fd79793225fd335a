"""A full disk, a closed pipe or Ctrl-C while an output is written: one plain message, the right
exit code, nothing half-written, no "Exception ignored" noise from the zip or sheet writers.

Each case runs ``vetstat`` in a child process, as a user would: the noise this guards against
is printed by the interpreter when it collects half-written objects, which only a real process
shows. The full disk is a small tmpfs where the test may mount one (as root), and a writer made
to fail with ENOSPC everywhere; Ctrl-C is a real SIGINT the child sends itself mid-write.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import digests, unchanged, writing_inputs

EXIT_USAGE, INTERRUPTED = 2, 130
NOISE = ("Traceback", "Exception ignored", "内部错误", "Error")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return writing_inputs(tmp_path_factory.mktemp("faults"))


@pytest.fixture(autouse=True)
def inputs_unchanged(data: dict[str, Path]) -> Iterator[None]:
    with unchanged(data["root"]):
        yield


def writers(data: dict[str, Path], folder: Path) -> dict[str, list[str]]:
    """Every command that writes, into ``folder``."""
    return {name: [str(arg) for arg in args] for name, args in {
        "template": ["template", "-o", folder / "模板.xlsx"],
        "aggregate": ["aggregate", data["city"], "-o", folder / "全市.xlsx", "--format", "json"],
        "annotate": ["validate", data["school"], "--annotate", folder / "批注.xlsx", "--format", "json"],
        "diff": ["diff", data["old"], data["new"], "-o", folder / "对比.xlsx", "--format", "json"],
        "schema": ["schema", "-o", folder],
    }.items()}


def run(args: list[str], *, prelude: str = "", stdout: int | None = subprocess.DEVNULL,
        tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``vetstat ARGS`` in a child process, after ``prelude`` (Python run before the command)."""
    script = prelude + "\nimport sys\nfrom vetstat.cli import main\nmain(sys.argv[1:])\n"
    env = {**os.environ, "VETSTAT_LANG": "zh"}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)  # openpyxl's temporary files for write-only sheets
    return subprocess.run([sys.executable, "-c", script, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=120, check=False)


def assert_plain(done: subprocess.CompletedProcess[str], code: int, name: str) -> None:
    assert done.returncode == code, (name, done.returncode, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.startswith("vetstat:")]
    assert len(lines) == 1, (name, done.stderr)
    assert not any(word in done.stderr for word in NOISE), (name, done.stderr)
    assert len(done.stderr.splitlines()) <= 3, (name, done.stderr)


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs with about 6 KiB left: too little for any of the outputs."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        (mount / "filler").write_bytes(bytes(250 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_stops_every_writer_plainly(data: dict[str, Path], full_disk: Path,
                                                tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    report = ["report", str(data["city"]), "-o", str(full_disk / "报告.docx")]  # python-docx's zip
    for name, args in {**writers(data, full_disk), "report": report}.items():
        done = run(args, tmp=scratch)
        assert_plain(done, EXIT_USAGE, name)
        assert [p.name for p in full_disk.iterdir()] == ["filler"], name  # nothing half-written
        assert list(scratch.iterdir()) == [], name


FAILING_WRITER = """
import errno, os
from openpyxl.writer.excel import ExcelWriter
real = ExcelWriter.write_worksheet
def write_worksheet(self, sheet):
    real(self, sheet)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
ExcelWriter.write_worksheet = write_worksheet
real_text = __import__("pathlib").Path.write_text
calls = []
def write_text(self, *args, **kwargs):
    calls.append(self)
    if len(calls) == 4:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_text(self, *args, **kwargs)
__import__("pathlib").Path.write_text = write_text
"""


def test_a_writer_failing_with_a_full_disk_stops_plainly(data: dict[str, Path], tmp_path: Path) -> None:
    """The same, everywhere: the workbook writer fails after one sheet, the fourth schema file
    cannot be written."""
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    for name, args in writers(data, out).items():
        done = run(args, prelude=FAILING_WRITER, tmp=scratch)
        assert_plain(done, EXIT_USAGE, name)
        assert "磁盘" in done.stderr or "No space" in done.stderr, done.stderr
        assert list(out.iterdir()) == [] and list(scratch.iterdir()) == [], name


def test_schema_on_a_full_disk_leaves_the_old_set_whole(tmp_path: Path) -> None:
    assert run(["schema", "-o", str(tmp_path)]).returncode == 0
    before = digests(tmp_path)
    done = run(["schema", "-o", str(tmp_path), "--force"], prelude=FAILING_WRITER)
    assert_plain(done, EXIT_USAGE, "schema")
    assert digests(tmp_path) == before


# --- Ctrl-C while writing --------------------------------------------------------------------

INTERRUPT_SAVING = """
import os, signal
from openpyxl.writer.excel import ExcelWriter
real = ExcelWriter.write_worksheet
def write_worksheet(self, sheet):
    real(self, sheet)
    os.kill(os.getpid(), signal.SIGINT)
ExcelWriter.write_worksheet = write_worksheet
"""
INTERRUPT_BUILDING = """
import os, signal
import vetstat.outputs.citybook as citybook
real = citybook._write_data
def write_data(book, result):
    os.kill(os.getpid(), signal.SIGINT)
    real(book, result)
citybook._write_data = write_data
"""


@pytest.mark.parametrize("prelude", [INTERRUPT_SAVING, INTERRUPT_BUILDING], ids=["saving", "building"])
def test_ctrl_c_while_writing_is_one_line(data: dict[str, Path], tmp_path: Path, prelude: str) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    chosen = ("template", "aggregate", "annotate", "diff") if prelude == INTERRUPT_SAVING else (
        "aggregate",)  # the city workbook streams its rows while it is built
    for name in chosen:
        done = run(writers(data, out)[name], prelude=prelude, tmp=scratch)
        assert_plain(done, INTERRUPTED, name)
        assert list(out.iterdir()) == [] and list(scratch.iterdir()) == [], name


# --- stdout ----------------------------------------------------------------------------------

# each way a command prints: rendered text, streamed JSON, click's own help
PRINTERS = {
    "aggregate table": ["aggregate", "{city}"], "aggregate json": ["aggregate", "{city}", "-f", "json"],
    "validate markdown": ["validate", "{school}", "-f", "markdown"], "rules": ["rules"],
    "help": ["--help"],
}


def printers(data: dict[str, Path]) -> dict[str, list[str]]:
    paths = {key: str(value) for key, value in data.items()}
    return {name: [arg.format(**paths) for arg in args] for name, args in PRINTERS.items()}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_stdout_on_a_full_disk_is_exit_2_not_a_bug(data: dict[str, Path]) -> None:
    for name, args in printers(data).items():
        with open("/dev/full", "w") as full:
            done = run(args, stdout=full.fileno())
        assert_plain(done, EXIT_USAGE, name)
        assert "标准输出" in done.stderr, done.stderr


def test_stdout_into_a_closed_pipe_is_exit_2(data: dict[str, Path]) -> None:
    for name, args in printers(data).items():
        reading, writing = os.pipe()
        os.close(reading)  # the reader has gone before the first byte
        try:
            done = run(args, stdout=writing)
        finally:
            os.close(writing)
        assert_plain(done, EXIT_USAGE, name)
        assert "管道" in done.stderr, done.stderr


def test_the_failing_writer_really_fails(tmp_path: Path) -> None:
    """The simulation above is a real ENOSPC (the test could not pass with a writer that works)."""
    done = run(["template", "-o", str(tmp_path / "t.xlsx")], prelude=FAILING_WRITER)
    assert done.returncode == EXIT_USAGE and os.strerror(errno.ENOSPC) in done.stderr
