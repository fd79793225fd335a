"""Hostile and broken files (tests/corpus): each one read in a capped child process.

Every corpus file is validated in a child process of its own, limited in address space and
time, so that a regression which hangs, exhausts memory or aborts (python-calamine kills the
process with SIGABRT when an allocation fails, and no ``except`` catches that) fails a test
instead of taking pytest down. The children are forked from pytest, which has vetstat and its
readers imported already: no interpreter starts, and each child still reads one file alone.
The kernel counts each child's CPU time; the child measures the memory it adds to what it
shares with pytest. The files must come out of it byte for byte as they went in. A folder
holding the whole corpus, and one of 300 workbooks with a few corrupt ones among them, go
through ``vetstat aggregate`` the same way.

``VETSTAT_SLOW=1`` also runs the 3,000-workbook folder of ``make_corpus.py --many``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import importlib
import io
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

import make_corpus
import pytest
from make_corpus import CorpusEntry, build_corpus, build_many_files

from helpers import digests
from vetstat.cli import main as vetstat_main
from vetstat.core.issues import Lang
from vetstat.usecases.validate import validate_workbook

# Bounds of one child. Time is CPU time (user + system, the child's and its own children's,
# as the kernel counts them): a machine busy with other work stretches wall time, not that.
# Memory is the peak the child reaches above what it had at the fork (pytest's pages, shared).
# The worst legitimate file (huge_rows, 30,000 majors) takes ~1 CPU second and ~130 MB; a file
# that cannot be read is refused in hundredths of a second and a few MB, the bomb that lies
# about its size once a part's bound (64 MB) is inflated. A zip bomb that inflates takes tens
# of seconds and gigabytes, or aborts at the address-space cap (tests/corpus/README.md).
MEMORY_HEADROOM = 1536 * 1024 * 1024  # RLIMIT_AS of every child: its size at the fork + this
TIMEOUT = 30.0  # wall seconds before a child is killed: a hang, not a measure of speed
MAX_CPU = 20.0  # CPU seconds vetstat spends on a readable file
MAX_GROWN_MB = 480.0
MAX_CPU_UNREADABLE = 3.0  # a refusal costs no parsing
MAX_GROWN_MB_UNREADABLE = 115.0
MAX_CPU_BOMB = 2.0  # refused from the zip headers, or within the bound of one part
MAX_GROWN_MB_BOMB = 100.0
PARALLEL = max(1, min(4, os.cpu_count() or 1))
SLOW = os.environ.get("VETSTAT_SLOW") == "1"

# The corpus was written before vetstat had F014 ("cell holds an Excel error"), which refines
# F005 for error values; either answers an expectation of F005 for an error cell.
REFINED = {"F005": {"F014"}}

Work = Callable[[], object]  # run in the child; returns an exit code or raises SystemExit
# What the commands import when they run, imported once here rather than in every child (a
# module that has moved only costs its import in each child)
PRELOADED = ("vetstat.usecases.aggregate", "vetstat.outputs.annotate", "vetstat.outputs.citybook", "vetstat.usecases.diff",
             "vetstat.outputs.diffbook", "vetstat.outputs.render", "openpyxl", "python_calamine", "xlrd",
             "tabulate")


def validate(path: Path, name: str) -> Work:
    """The child's work for one file: ``validate_workbook``, its issues as JSON on stdout."""
    def work() -> int:
        report = validate_workbook(path, file=name)
        json.dump({"readable": report.readable,
                   "issues": [{"code": i.code, "sheet": i.sheet, "cell": i.cell}
                              for i in report.issues]}, sys.stdout)
        return 0
    return work


def vetstat(*args: str | Path) -> Work:
    """The child's work: the ``vetstat`` command, through its entry point."""
    return lambda: vetstat_main([str(a) for a in args])


@dataclass
class Child:
    """What one capped child process did."""

    returncode: int | None  # None: killed at the timeout; below 0: killed by that signal
    stdout: str
    stderr: str
    wall: float  # seconds from the fork to the end, whatever else the machine was doing
    cpu: float  # user + system seconds of the child and of its own children (a process pool)
    grown_mb: float | None  # peak memory above the child's at the fork; None if it died

    def failure(self) -> str | None:
        """Why the child itself failed (crash, abort, timeout, traceback), or None."""
        if self.returncode is None:
            return f"no answer within {self.wall:.0f} s (killed)"
        if self.returncode < 0:
            first = self.stderr.strip().splitlines()[:1]  # "memory allocation of … failed"
            return f"killed by signal {-self.returncode} (SIGABRT is 6): {first}"
        if "Traceback" in self.stderr or "Traceback" in self.stdout:
            return f"traceback: {self.stderr[-600:]}"
        return None

    def over(self, cpu: float, grown_mb: float) -> str | None:
        """The bounds it broke, said with its measures, or None."""
        if self.cpu <= cpu and self.grown_mb is not None and self.grown_mb <= grown_mb:
            return None
        grown = "?" if self.grown_mb is None else f"{self.grown_mb:.0f}"
        return (f"{self.cpu:.2f} CPU s (bound {cpu} s), {grown} MB more than at the fork "
                f"(bound {grown_mb:.0f} MB)")


def _memory_kb(field: str) -> int:
    """This process's VmSize, VmRSS or VmHWM (peak), in KB. Without /proc (not Linux): its
    peak, as getrusage gives it."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak  # bytes there, KB here


def _child(work: Work, out: int, err: int, measures: int) -> NoReturn:
    """In the forked child: run ``work`` with stdout and stderr in files, capped in address
    space, and leave through ``os._exit`` (pytest's own clean-up belongs to the parent)."""
    code = 70
    try:
        os.setpgid(0, 0)  # its own group: a timeout kills a process pool with it
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        faulthandler.enable(sys.stderr)  # a crash is said here, not on pytest's terminal
        os.environ["VETSTAT_LANG"] = "en"
        cap = _memory_kb("VmSize") * 1024 + MEMORY_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        try:
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")  # the peak (VmHWM) starts again from what the child has now
            start = _memory_kb("VmRSS")
        except OSError:  # no reset: only what goes past the peak it has is counted
            start = _memory_kb("VmHWM")
        try:
            result = work()
        except SystemExit as stop:
            result = stop.code
        if result is None or isinstance(result, int):
            code = result or 0
        else:
            print(result, file=sys.stderr)
            code = 1
        grown = max(0, _memory_kb("VmHWM") - start) / 1024
        os.write(measures, json.dumps({"grown_mb": grown}).encode())
    except BaseException:  # said as an uncaught exception would be, and the child ends
        code = 70
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def run_children(commands: dict[str, Work], *, timeout: float = TIMEOUT,
                 parallel: int = PARALLEL,
                 timeouts: dict[str, float] | None = None) -> dict[str, Child]:
    """Run each command's work in a child forked from here, a few at a time, in the order
    given (put the long ones first), each capped in memory and in time (``timeouts`` per
    command, else ``timeout``)."""
    for module in PRELOADED:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    results: dict[str, Child] = {}
    waiting = list(commands.items())
    running: dict[int, tuple[str, list[IO[bytes]], float]] = {}
    gc.collect()
    gc.freeze()  # the children's collections leave pytest's objects alone
    try:
        with contextlib.ExitStack() as files:
            while waiting or running:
                while waiting and len(running) < parallel:
                    key, work = waiting.pop(0)
                    # files, not pipes: a child printing 30,000 issues would block on a pipe
                    streams = [files.enter_context(tempfile.TemporaryFile()) for _ in range(3)]
                    sys.stdout.flush()
                    sys.stderr.flush()
                    pid = os.fork()
                    if pid == 0:
                        _child(work, *(stream.fileno() for stream in streams))
                    with contextlib.suppress(OSError):
                        os.setpgid(pid, pid)  # as the child does, whichever comes first
                    running[pid] = (key, streams, time.monotonic())
                finished = False
                for pid, (key, streams, started) in list(running.items()):
                    elapsed = time.monotonic() - started
                    done, status, usage = os.wait4(pid, os.WNOHANG)
                    code: int | None
                    if done:
                        code = os.waitstatus_to_exitcode(status)
                    elif elapsed < (timeouts or {}).get(key, timeout):
                        continue
                    else:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(pid, signal.SIGKILL)
                        _, status, usage = os.wait4(pid, 0)
                        code = None
                    out, err, measures = (_read(stream) for stream in streams)
                    grown = json.loads(measures)["grown_mb"] if measures else None
                    results[key] = Child(code, out, err, elapsed,
                                         usage.ru_utime + usage.ru_stime, grown)
                    del running[pid]
                    finished = True
                if not finished:
                    time.sleep(0.01)
    finally:
        gc.unfreeze()
    return results


def _read(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


# --- one batch of children for the whole module ---------------------------------------------------

DIFF_SIDES = ("far_cell.xlsx", "far_cell_prefixed.xlsx", "shared_strings_count.xlsx",
              "utf16_sheet.xlsx", "far_empty_cell.xlsx", "far_cell.xls")
AGGREGATE_TIMEOUT = 120.0


@dataclass
class Batch:
    """Every file the module reads, every child it ran, and the inputs' hashes around them."""

    corpus: Path
    entries: dict[str, CorpusEntry]
    variants: Path
    expected: dict[str, bool]  # variant -> readable
    many: Path
    many_entries: dict[str, CorpusEntry]
    outputs: Path
    children: dict[str, Child]
    before: dict[Path, dict[Path, str]]
    after: dict[Path, dict[Path, str]]

    def reports(self) -> Iterator[tuple[str, CorpusEntry, Child, dict[str, Any] | None]]:
        for name, entry in sorted(self.entries.items()):
            if entry.outcome == "skipped":
                continue
            child = self.children[name]
            report = json.loads(child.stdout) if child.failure() is None else None
            yield name, entry, child, report


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    corpus = tmp_path_factory.mktemp("corpus")
    entries = build_corpus(corpus)
    variants = tmp_path_factory.mktemp("variants")
    expected = _write_variants(variants)
    many_root = tmp_path_factory.mktemp("many")
    many_entries = many_files(many_root, 300)
    outputs = tmp_path_factory.mktemp("outputs")
    year = tmp_path_factory.mktemp("year")
    (year / "valid.xlsx").write_bytes(make_corpus.workbook_bytes(make_corpus.make_school()))
    absurd = tmp_path_factory.mktemp("absurd") / "2022"
    absurd.mkdir()
    for name in ("absurd_cells.xlsx", "nonfinite_cells.xlsx", "valid.xlsx"):
        shutil.copy(entries[name].path, absurd / name)
    folders = (corpus, variants, many_root, year, absurd)
    before = {folder: digests(folder) for folder in folders}

    commands: dict[str, Work] = {
        "aggregate corpus": vetstat("aggregate", corpus, "--format", "json", "--lang", "en"),
        "aggregate many": vetstat("aggregate", many_root / "many_files", "--format", "json",
                                  "--lang", "en"),
    }
    for name, entry in sorted(entries.items()):
        if entry.outcome != "skipped":
            commands[name] = validate(entry.path, name)
    for name, readable in expected.items():
        commands["variant " + name] = validate(variants / name, name)
        if readable:  # the annotated copy of what can be read, in bounded time too
            commands["annotate " + name] = vetstat("validate", variants / name, "--annotate",
                                                   outputs / f"{name}.xlsx", "--format", "json")
        if name in DIFF_SIDES:  # diff reads a file given as a year with calamine: bounded too
            commands["diff " + name] = vetstat("diff", variants / name, year, "--format", "json")
    commands.update({
        "absurd annotate": vetstat("validate", absurd / "absurd_cells.xlsx", "--annotate",
                                   outputs / "absurd 批注.xlsx", "--format", "json"),
        "absurd annotate nonfinite": vetstat("validate", absurd / "nonfinite_cells.xlsx",
                                             "--annotate", outputs / "nonfinite 批注.xlsx",
                                             "--format", "json"),
        "absurd aggregate": vetstat("aggregate", absurd, "-o", outputs / "全市.xlsx", "--format",
                                    "csv"),
        "absurd diff": vetstat("diff", absurd, absurd, "-o", outputs / "对比.xlsx", "--format",
                               "markdown"),
    })
    # the longest first (each a second or two of CPU), so that the batch ends with every core
    # busy rather than with one long child alone
    longest = ("aggregate corpus", "annotate far_cell.xls", "aggregate many", "huge_rows.xlsx",
               "variant far_cell.xls")
    commands = {key: commands[key] for key in sorted(commands, key=lambda key: (
        longest.index(key) if key in longest else len(longest)))}
    children = run_children(commands, timeouts={"aggregate corpus": AGGREGATE_TIMEOUT,
                                                "aggregate many": AGGREGATE_TIMEOUT})
    after = {folder: digests(folder) for folder in folders}
    return Batch(corpus, entries, variants, expected, many_root, many_entries, outputs,
                 children, before, after)


def test_no_input_file_is_changed(batch: Batch) -> None:
    assert batch.before == batch.after
    assert sum(len(files) for files in batch.before.values()) > 24 + 13 + 300


def test_no_child_crashes_hangs_or_prints_a_traceback(batch: Batch) -> None:
    problems = [f"{name}: {why}" for name, child in sorted(batch.children.items())
                if (why := child.failure())]
    assert not problems, "\n".join(problems)


# --- the corpus, validated file by file ----------------------------------------------------------


def _failures(batch: Batch, check: Callable[[CorpusEntry, Child, dict[str, Any]], str | None]
              ) -> list[str]:
    found = []
    for name, entry, child, report in batch.reports():
        why = child.failure() or (None if child.returncode == 0 else f"exit {child.returncode}")
        if why is None and report is not None:
            why = check(entry, child, report)
        if why:
            found.append(f"{name}: {why}")
    return found


def test_the_corpus_is_complete(batch: Batch) -> None:
    outcomes = {entry.outcome for entry in batch.entries.values()}
    assert len(batch.entries) >= 25 and outcomes == {"unreadable", "checked"}
    assert {"zip_bomb.xlsx", "zip_bomb_cells.xlsx", "zip_bomb_ratio.xlsx", "billion_laughs.xlsx",
            "absurd_cells.xlsx", "huge_rows.xlsx"} <= set(batch.entries)


def test_each_file_gets_the_outcome_and_codes_the_corpus_declares(batch: Batch) -> None:
    def check(entry: CorpusEntry, _child: Child, report: dict[str, Any]) -> str | None:
        codes = {issue["code"] for issue in report["issues"]}
        if entry.outcome == "unreadable":
            if report["readable"] or codes != {"F001"} or len(report["issues"]) != 1:
                return f"expected exactly one F001, got {sorted(codes)}"
            return None
        if not report["readable"] or "F001" in codes:
            return f"expected a readable workbook, got {sorted(codes)}"
        missing = [code for code in entry.codes if code not in codes]
        return f"codes {missing} missing from {sorted(codes)}" if missing else None

    problems = _failures(batch, check)
    assert not problems, "\n".join(problems)


def test_every_planted_cell_gets_a_field_level_issue(batch: Batch) -> None:
    """absurd_cells and nonfinite_cells: errors, booleans, dates, 1e309, nan, emoji, 40,000
    characters, control characters, formula-like text — each reported on its cell, or, when
    legitimate, not at all."""

    def check(entry: CorpusEntry, _child: Child, report: dict[str, Any]) -> str | None:
        at: dict[tuple[str, str], set[str]] = {}
        for issue in report["issues"]:
            at.setdefault((issue["sheet"], issue["cell"]), set()).add(issue["code"])
        wrong = []
        for cell in entry.cells:
            found = at.get((cell.sheet, cell.cell), set())
            accepted = set(cell.codes).union(*(REFINED.get(code, set()) for code in cell.codes))
            if (cell.codes and not found & accepted) or (not cell.codes and found):
                wrong.append(f"{cell.sheet}!{cell.cell} ({cell.content}): expected "
                             f"{cell.codes or 'nothing'}, got {sorted(found) or 'nothing'}")
        return "; ".join(wrong) or None

    planted = [entry for entry in batch.entries.values() if entry.cells]
    assert len(planted) == 2 and sum(len(entry.cells) for entry in planted) > 40
    problems = _failures(batch, check)
    assert not problems, "\n".join(problems)


def test_time_and_memory_stay_bounded(batch: Batch) -> None:
    def check(entry: CorpusEntry, child: Child, _report: dict[str, Any]) -> str | None:
        if entry.outcome == "unreadable":
            return child.over(MAX_CPU_UNREADABLE, MAX_GROWN_MB_UNREADABLE)
        return child.over(MAX_CPU, MAX_GROWN_MB)

    problems = _failures(batch, check)
    assert not problems, "\n".join(problems)


def test_the_bombs_are_refused_before_anything_inflates(batch: Batch) -> None:
    """The three zip bombs would inflate to gigabytes in tens of seconds: refused in a fraction
    of that, at about the size of the child at the fork."""
    for name in ("zip_bomb.xlsx", "zip_bomb_ratio.xlsx", "zip_bomb_cells.xlsx"):
        child = batch.children[name]
        report = json.loads(child.stdout)
        assert [i["code"] for i in report["issues"]] == ["F001"], name
        assert child.over(MAX_CPU_BOMB, MAX_GROWN_MB_BOMB) is None, (name, child.over(
            MAX_CPU_BOMB, MAX_GROWN_MB_BOMB))


# --- files beyond the corpus: a few bytes that ask calamine or openpyxl for gigabytes -------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


@dataclass(frozen=True)
class Variant:
    """A change to the 专业与学生 sheet XML of a valid workbook, and what it must give."""

    edit: Callable[[bytes], bytes]
    readable: bool


def _before_end(xml: str) -> Callable[[bytes], bytes]:
    return lambda sheet: sheet.replace(b"</sheetData>", xml.encode() + b"</sheetData>")


def _first_row_last(sheet: bytes) -> bytes:
    start = sheet.index(b'<row r="1"')
    first = sheet[start:sheet.index(b"</row>", start) + len(b"</row>")]
    return sheet.replace(first, b"").replace(b"</sheetData>", first + b"</sheetData>")


def _after_data(xml: str) -> Callable[[bytes], bytes]:
    return lambda sheet: sheet.replace(b"</sheetData>", b"</sheetData>" + xml.encode())


VARIANTS: dict[str, Variant] = {
    # two cells, A1 and XFD1048576: calamine allocates 17 billion cells and aborts
    "far_cell.xlsx": Variant(_before_end(FAR), readable=False),
    "far_cell_single_quotes.xlsx": Variant(
        _before_end("<row r = '1048576'><c r = 'XFD1048576'><v>1</v></c></row>"), False),
    "far_cell_prefixed.xlsx": Variant(_before_end(
        f'<x:row xmlns:x="{MAIN_NS}" r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'),
        False),
    "far_cell_lower_case.xlsx": Variant(_before_end(FAR.replace("XFD", "xfd")), False),
    "far_cell_without_reference.xlsx": Variant(_before_end(
        '<row r="1048576"><c r="XFC1048576"><v>1</v></c><c><v>2</v></c></row>'), False),
    "far_cell_behind_a_quote.xlsx": Variant(_before_end(
        '<row r="1048576"><c x="/>" r="XFD1048576"><v>1</v></c></row>'), False),
    "reference_out_of_grid.xlsx": Variant(_before_end(
        '<row r="9"><c r="B4294967297"><v>1</v></c></row>'), False),
    "rows_out_of_order.xlsx": Variant(_before_end('<row r="2"><c r="A2"><v>1</v></c></row>'),
                                      False),
    # markup calamine's parser skips or reads as text, hiding a far cell from a byte search
    "two_references_in_a_cell.xlsx": Variant(
        lambda sheet: sheet.replace(b'<c r="C3"', b'<c r="C3" r="XFD1048576"', 1), False),
    "comment_hides_the_end.xlsx": Variant(_before_end(f"<!--</sheetData>-->{FAR}"), False),
    "comment_before_the_sheet_data.xlsx": Variant(
        lambda sheet: _before_end(FAR)(sheet.replace(
            b"<sheetData>", b"<!--<sheetData></sheetData>--><sheetData>", 1)), False),
    "instruction_hides_the_end.xlsx": Variant(_before_end(f"<?x </sheetData>?>{FAR}"), False),
    "cdata_hides_the_end.xlsx": Variant(_before_end(
        f'<row r="90"><c r="A90"><v><![CDATA[</sheetData>]]></v></c></row>{FAR}'), False),
    "sheet_data_in_an_attribute.xlsx": Variant(
        lambda sheet: _before_end(FAR)(sheet.replace(
            b"<sheetData>", b'<foo a="<sheetData></sheetData>"/><sheetData>', 1)), False),
    "sheet_data_seemingly_empty.xlsx": Variant(
        lambda sheet: _before_end(FAR)(sheet.replace(b"<sheetData>", b'<sheetData a="/>">', 1)),
        False),
    # calamine's parser takes an attribute written straight after a quote
    "reference_straight_after_a_quote.xlsx": Variant(_before_end(
        '<row r="30"><c s="0"r="XFD1048576"><v>1</v></c></row>'), False),
    "row_reference_straight_after_a_quote.xlsx": Variant(_before_end(
        '<row s="0"r="1048576"><c s="0"><v>1</v></c></row>'), False),
    # a byte-order mark before the XML declaration, and a "?" in the sheet: legitimate
    "declaration_after_a_bom.xlsx": Variant(lambda sheet: b"\xef\xbb\xbf" + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + sheet.replace(b"<sheetPr>", b'<sheetPr codeName="Q?">', 1)), True),
    # a row going back that adds a cell: calamine places it, nothing is lost, the sheet reads
    "row_back_with_a_new_cell.xlsx": Variant(
        _before_end('<row r="2"><c r="J2"><v>1</v></c></row>'), True),
    # the first row moved to the end: a last cell above the first, which a range made from
    # the first and the last cell would size at four billion rows; calamine sizes it from all
    # of them, shows every value, and the sheet reads (a child process, in case it did not)
    "first_row_last.xlsx": Variant(_first_row_last, True),
    "utf16_sheet.xlsx": Variant(
        lambda sheet: sheet.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .encode("utf-16"), False),
    # legitimate: an empty formatted cell far away holds no value, and calamine skips it
    "far_empty_cell.xlsx": Variant(_before_end('<row r="1048576"><c r="XFD1048576" s="0"/></row>'),
                                   True),
    # legitimate for the reader; openpyxl (the annotated copy) would expand each range
    "merge_over_the_sheet.xlsx": Variant(
        _after_data('<mergeCells count="1"><mergeCell ref="A12:XFD1048576"/></mergeCells>'), True),
    "link_over_the_sheet.xlsx": Variant(
        _after_data('<hyperlinks><hyperlink ref="A12:XFD1048576" location="A1" display="x"/>'
                    "</hyperlinks>"), True),
}


def _sheet_part(archive: bytes, sheet_name: str) -> str:
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        workbook = source.read("xl/workbook.xml").decode()
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rel = re.search(rf'<sheet [^>]*name="{sheet_name}"[^>]*r:id="([^"]+)"', workbook)
    assert rel is not None
    target = re.search(rf'Id="{rel.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel.group(1)}"', rels)
    assert target is not None
    found = target.group(1) or target.group(2)
    return found.lstrip("/") if found.startswith("/") else f"xl/{found}"


def _write_variants(folder: Path) -> dict[str, bool]:
    base = make_corpus.workbook_bytes(make_corpus.make_school())
    part = _sheet_part(base, "专业与学生")
    sheet = make_corpus._read_member(base, part)
    expected = {}
    for name, variant in VARIANTS.items():
        (folder / name).write_bytes(make_corpus.rewrite_zip(base, {part: variant.edit(sheet)}))
        expected[name] = variant.readable
    # calamine reserves room for the declared count of shared strings before reading one
    strings = make_corpus._read_member(base, "xl/sharedStrings.xml")
    (folder / "shared_strings_count.xlsx").write_bytes(make_corpus.rewrite_zip(base, {
        "xl/sharedStrings.xml": strings.replace(b"uniqueCount=", b'uniqueCount="4000000000" x=')}))
    expected["shared_strings_count.xlsx"] = False
    # xlrd pads every row to the widest: A1 and IV65536 make 16 million cells to walk
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook(encoding="utf-8")
    far = book.add_sheet("专业与学生")
    far.write(0, 0, 1)
    far.write(65535, 255, 1)
    book.save(str(folder / "far_cell.xls"))
    expected["far_cell.xls"] = True
    return expected


def test_hostile_sheets_are_refused_and_honest_ones_read(batch: Batch) -> None:
    problems = []
    for name, readable in sorted(batch.expected.items()):
        child = batch.children["variant " + name]
        if (why := child.failure()) or child.returncode != 0:
            problems.append(f"{name}: {why or child.stderr[-300:]}")
            continue
        report = json.loads(child.stdout)
        codes = sorted({issue["code"] for issue in report["issues"]})
        if report["readable"] != readable or ("F001" in codes) == readable:
            problems.append(f"{name}: expected {'readable' if readable else 'F001'}, got {codes}")
        bounds = (MAX_CPU, MAX_GROWN_MB) if readable else (MAX_CPU_UNREADABLE,
                                                           MAX_GROWN_MB_UNREADABLE)
        if over := child.over(*bounds):
            problems.append(f"{name}: {over}")
    assert not problems, "\n".join(problems)


def test_the_annotated_copy_of_a_hostile_layout_is_bounded(batch: Batch) -> None:
    copies = {name: batch.children["annotate " + name]
              for name, readable in batch.expected.items() if readable}
    assert {"merge_over_the_sheet.xlsx", "link_over_the_sheet.xlsx"} <= set(copies)
    problems = [f"{name}: {child.failure() or child.returncode}: {child.stderr[-300:]}"
                for name, child in sorted(copies.items())
                if child.failure() or child.returncode not in (0, 1) or child.cpu > MAX_CPU]
    assert not problems, "\n".join(problems)
    for name in copies:
        assert (batch.outputs / f"{name}.xlsx").is_file(), name


@pytest.mark.parametrize(("name", "patched"), [("valid.xlsx", True),
                                               ("external_entity_core.xlsx", False)])
def test_the_return_file_never_parses_a_part_the_reader_did_not_check(
        batch: Batch, tmp_path: Path, name: str, patched: bool) -> None:
    """The reader inflates only the parts it reads, so a DTD in docProps does not stop a
    validation; the return file, which patches the package, is made as a copy of the values
    instead when any part of the package is refused."""
    import openpyxl

    from vetstat.outputs.annotate import write_annotated

    out = tmp_path / "copy.xlsx"
    made = write_annotated(batch.entries[name].path, [], out)
    assert made == ("patched" if patched else "values")
    copy = openpyxl.load_workbook(out, read_only=True)
    names, creator = copy.sheetnames, copy.properties.creator
    copy.close()
    assert "学校信息" in names
    assert (creator or "") != "root:x:0:0"  # nothing of /etc/passwd in it


def test_a_hostile_file_given_to_diff_is_refused_with_exit_2(batch: Batch) -> None:
    """Not a city workbook, or one calamine must not open: a usage error, said in one line."""
    problems = [f"{name}: {child.failure() or child.returncode}: {child.stderr[-300:]}"
                for name in DIFF_SIDES if (child := batch.children["diff " + name])
                and (child.failure() or child.returncode != 2
                     or not child.stderr.startswith("vetstat: ") or child.cpu > MAX_CPU)]
    assert not problems, "\n".join(problems)


# --- the bound without reading every reference, and the check after calamine ---------------------


def _majors_variant(tmp_path: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    base = make_corpus.workbook_bytes(make_corpus.make_school())
    part = _sheet_part(base, "专业与学生")
    path = tmp_path / name
    path.write_bytes(make_corpus.rewrite_zip(
        base, {part: edit(make_corpus._read_member(base, part))}))
    return path


def _swap_rows(first: int, second: int) -> Callable[[bytes], bytes]:
    """The sheet with two <row> elements traded in the file (their cells keep their rows)."""
    import re

    def edit(sheet: bytes) -> bytes:
        rows = {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)".*?</row>', sheet)}
        a, b = rows[first], rows[second]
        return sheet.replace(a, b"\0").replace(b, a).replace(b"\0", b)
    return edit


def _every_sheet_variant(tmp_path: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    """A valid school with ``edit`` applied to the XML of each of its eight sheets."""
    import io
    import zipfile

    base = make_corpus.workbook_bytes(make_corpus.make_school())
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 8
    path = tmp_path / name
    path.write_bytes(make_corpus.rewrite_zip(
        base, {part: edit(make_corpus._read_member(base, part)) for part in sheets}))
    return path


def _empty_text_formula(sheet: bytes) -> bytes:
    """A formula whose cached value is empty text: a <v> that calamine shows as ""."""
    return sheet.replace(b"</sheetData>", b'<row r="90"><c r="Z90" t="str"><f>IF(1,"",1)</f>'
                                         b"<v></v></c></row></sheetData>")


# The exact measure, reference by reference, refuses rows that go back in the file; the bound
# by a sheet's form alone (every tag plain, every reference one letter and a row under 100,000)
# does not look at their order. So a sheet with its rows out of order that reads shows, from
# outside, that it was bounded by its form and never measured exactly (the slow path), and one
# refused for its order shows that it was measured.


def test_a_usual_sheet_is_bounded_by_its_form_alone(tmp_path: Path) -> None:
    """Every sheet with its first row moved to its end (a last cell above the first) reads, and
    reads as the plain workbook does: none of the eight was measured reference by reference."""
    from vetstat.reading.workbook import read_workbook

    plain = read_workbook(_every_sheet_variant(tmp_path, "plain.xlsx", lambda sheet: sheet))
    moved = read_workbook(_every_sheet_variant(tmp_path, "moved.xlsx", _first_row_last))
    assert plain.readable and len(plain.data.enrollment) > 0
    assert moved.readable, moved.issues
    assert moved.data == plain.data
    assert [issue.code for issue in moved.issues] == [issue.code for issue in plain.issues]


def test_rows_traded_in_the_file_read_where_they_belong(tmp_path: Path) -> None:
    """calamine places every cell by its own reference: when it shows every value the XML
    holds, rows out of document order lose nothing and are read in their places."""
    from vetstat.reading.workbook import read_workbook

    plain = read_workbook(_majors_variant(tmp_path, "plain.xlsx", lambda sheet: sheet))
    traded = read_workbook(_majors_variant(tmp_path, "traded.xlsx", _swap_rows(3, 5)))
    assert traded.readable, traded.issues
    assert traded.data.enrollment == plain.data.enrollment
    assert [issue.code for issue in traded.issues] == [issue.code for issue in plain.issues]


def test_a_row_going_back_over_a_cell_is_measured_and_refused(tmp_path: Path) -> None:
    """A row going back that writes A2 a second time: calamine keeps one of the two values,
    fewer values are shown than the XML holds, and the exact measure refuses the order."""
    from vetstat.reading.workbook import read_workbook

    book = read_workbook(_majors_variant(tmp_path, "back.xlsx", _before_end(
        '<row r="2"><c r="A2"><v>1</v></c></row>')))
    assert not book.readable
    assert [issue.code for issue in book.issues] == ["F001"]
    assert "顺序" in book.issues[0].message(Lang.ZH)


def test_a_value_calamine_shows_empty_is_measured_and_read(tmp_path: Path) -> None:
    """A formula whose cached value is empty text holds a <v> that calamine shows as "":
    the counts differ, the sheet is measured reference by reference, and it reads. Measured:
    with two rows traded as well, the sheet is refused for its order, where the rows traded
    alone read."""
    from vetstat.reading.workbook import read_workbook

    book = read_workbook(_majors_variant(tmp_path, "empty_text.xlsx", _empty_text_formula))
    assert book.readable, book.issues
    trade = _swap_rows(3, 5)
    traded = read_workbook(_majors_variant(tmp_path, "empty_text_traded.xlsx",
                                           lambda sheet: trade(_empty_text_formula(sheet))))
    assert not traded.readable
    assert [issue.code for issue in traded.issues] == ["F001"]
    assert "顺序" in traded.issues[0].message(Lang.ZH)


def test_a_panic_in_calamine_is_an_unreadable_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """pyo3 raises a Rust panic as PanicException, a BaseException that ``except Exception``
    lets through: it must become F001 on the file, not a traceback."""
    import types

    import python_calamine

    from vetstat.reading.workbook import read_workbook

    PanicException = type("PanicException", (BaseException,), {})  # as pyo3 names it

    class Book:
        def __init__(self, real: Any) -> None:
            self.real = real
            self.sheet_names = real.sheet_names
            self.sheets_metadata = real.sheets_metadata

        def get_sheet_by_name(self, name: str) -> Any:
            if name == "专业与学生":
                raise PanicException("index out of bounds")
            return self.real.get_sheet_by_name(name)

    fake = types.SimpleNamespace(CalamineWorkbook=types.SimpleNamespace(
        from_filelike=lambda stream: Book(python_calamine.CalamineWorkbook.from_filelike(stream))))
    monkeypatch.setitem(sys.modules, "python_calamine", fake)
    book = read_workbook(_majors_variant(tmp_path, "valid.xlsx", lambda sheet: sheet))
    assert not book.readable
    assert [issue.code for issue in book.issues] == ["F001"]
    assert "index out of bounds" in book.issues[0].message(Lang.EN)
    # anything else that is not an error of calamine's still goes up
    monkeypatch.setattr(Book, "get_sheet_by_name",
                        lambda self, name: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        read_workbook(_majors_variant(tmp_path, "again.xlsx", lambda sheet: sheet))


# --- outputs written from absurd values ----------------------------------------------------------


def test_outputs_from_absurd_cells_are_written_and_hold_no_formula(batch: Batch) -> None:
    """Control characters, 40,000-character text, nan and inf, =HYPERLINK and DDE text: the
    annotated copy, the city workbook and the comparison are still written, open, and hold
    no formula vetstat wrote (openpyxl refuses control characters, Excel text over 32,767
    characters). The return file keeps the school's own formulas, and only those."""
    import openpyxl

    for name in ("absurd annotate", "absurd annotate nonfinite", "absurd aggregate",
                 "absurd diff"):
        child = batch.children[name]
        assert child.failure() is None and child.returncode in (0, 1), (name, child.stderr[-500:])

    def formulas(path: Path) -> set[tuple[str, str, Any]]:
        book = openpyxl.load_workbook(path)
        return {(sheet.title, cell.coordinate, cell.value) for sheet in book.worksheets
                for row in sheet.iter_rows() for cell in row if cell.data_type == "f"}

    school_formulas = formulas(batch.entries["absurd_cells.xlsx"].path)
    assert school_formulas  # =SUM(1,2) without a cached value
    assert formulas(batch.outputs / "absurd 批注.xlsx") == school_formulas
    for written in ("全市.xlsx", "对比.xlsx"):
        assert formulas(batch.outputs / written) == set(), written
    # literal nan in the school's number cells (no spreadsheet writes one; openpyxl cannot load
    # the school's file): the return file keeps the school's sheets as they were, so it reads
    # back with the same issues, as the school's own file does
    returned = batch.outputs / "nonfinite 批注.xlsx"
    source = batch.entries["nonfinite_cells.xlsx"].path
    assert sorted(validate_workbook(returned, file="x").flatten()) == sorted(
        validate_workbook(source, file="x").flatten())


# --- whole folders through aggregate -------------------------------------------------------------


def aggregate_result(child: Child) -> dict[str, Any]:
    assert child.failure() is None, child.failure()
    assert child.returncode == 1, (child.returncode, child.stderr[-2000:])
    document: dict[str, Any] = json.loads(child.stdout)
    return document


def test_aggregate_names_every_bad_file_and_sums_the_good_ones(batch: Batch) -> None:
    document = aggregate_result(batch.children["aggregate corpus"])
    schools = {school["file"]: school for school in document["schools"]}
    named = {issue["file"] for issue in document["issues"] if issue["code"] == "X904"}
    for name, entry in batch.entries.items():
        if entry.path.is_dir():
            assert name not in schools  # a folder named like a workbook is no file to read
        elif entry.outcome == "unreadable":
            assert name in named and not schools[name]["readable"], name
        else:
            assert schools[name]["readable"], name
    assert named == {n for n, e in batch.entries.items() if e.outcome == "unreadable"
                     and not e.path.is_dir()}


def many_files(folder: Path, copies: int) -> dict[str, CorpusEntry]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(make_corpus, "MANY_COPIES", copies)
        return build_many_files(folder / "many_files", folder)


def check_many(entries: dict[str, CorpusEntry], child: Child, count: int) -> None:
    document = aggregate_result(child)
    good = {Path(n).name for n, e in entries.items() if e.outcome == "checked" and e.path.is_file()}
    bad = {Path(n).name for n, e in entries.items() if e.outcome == "unreadable"}
    assert len(good) == count and len(bad) == 5
    schools = {school["file"]: school for school in document["schools"]}
    assert {name for name, s in schools.items() if s["readable"] and s["counted"]} == good
    assert {i["file"] for i in document["issues"] if i["code"] == "X904"} == bad
    assert document["city"]["schools"] == len(good)
    passed_over = {Path(item["file"]).name for item in document["skipped"]}
    for skipped in ("~$school.xlsx", ".DS_Store"):  # passed over without a word
        assert skipped not in schools and skipped in passed_over and skipped not in child.stderr


def test_a_folder_of_300_workbooks_with_corrupt_ones(batch: Batch) -> None:
    check_many(batch.many_entries, batch.children["aggregate many"], 300)


@pytest.mark.skipif(not SLOW, reason="3,000 workbooks take minutes; set VETSTAT_SLOW=1")
def test_slow_a_folder_of_3000_workbooks(tmp_path: Path) -> None:
    entries = many_files(tmp_path, make_corpus.MANY_COPIES)
    before = digests(tmp_path)
    command = vetstat("aggregate", tmp_path / "many_files", "--format", "json", "--lang", "en")
    child = run_children({"aggregate": command}, timeout=1800.0)["aggregate"]
    check_many(entries, child, make_corpus.MANY_COPIES)
    assert digests(tmp_path) == before
