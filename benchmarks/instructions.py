#!/usr/bin/env python
"""Instructions per workbook of ``vetstat aggregate``, counted with valgrind (deterministic).

    python benchmarks/instructions.py [--src TREE] [--cells 870 300] [--files 30]

The virtual machine's speed drifts by 10–20 % from minute to minute; the number of
instructions a run executes does not.  For each workbook size (``--cells``, as in ``run.py``)
this counts, under ``valgrind --tool=cachegrind``, the whole process of

    python -m vetstat aggregate FOLDER --jobs 1 --format json > /dev/null

over a folder of 1 workbook and over a folder of 1 + ``--files`` workbooks of the cached
benchmark set (``run.py``'s ``n1000/2022``), and reports the difference divided by ``--files``.
The one workbook in both runs pays the lazy imports and first-call caches, as the warm-up call
of the script in ``benchmarks/profile_notes.md`` did.  The count is the whole per-workbook
cost of the command in one process: reading, checking and summarising the workbook, and the
parent's share (rules across schools, reconciliation, the JSON of the school).

Only the command line is used, so the same script counts another checkout's code: ``--src``
puts that tree's ``src/`` first on ``PYTHONPATH`` (its dependencies must be those of the
interpreter, ``--python``).  A warm-up run without valgrind first writes the ``.pyc`` files, so
neither count includes compiling.  ``PYTHONHASHSEED`` is fixed: the counts repeat to within a
few thousand instructions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (the generator of the benchmark sets, next to this file)

SCHOOLS = 1000  # the set the files are taken from, as in benchmarks/profile_notes.md
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def environment(src: Path | None) -> dict[str, str]:
    """run.py's environment of measured processes, with ``src`` first on the import path."""
    env = dict(run.CHILD_ENV)
    env["PYTHONHASHSEED"] = "0"
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    return env


def source_tree(tree: Path | None) -> Path | None:
    """The folder that holds the ``vetstat`` package of a checkout (its ``src/``)."""
    if tree is None:
        return None
    tree = tree.resolve()
    for candidate in (tree / "src", tree):
        if (candidate / "vetstat" / "__init__.py").is_file():
            return candidate
    raise SystemExit(f"{tree}: no vetstat package in it or in its src/")


def imported_from(python: str, env: dict[str, str], cwd: Path) -> Path:
    """Where the measured interpreter imports vetstat from."""
    done = subprocess.run([python, "-c", "import vetstat; print(vetstat.__file__)"], env=env,
                          cwd=cwd, capture_output=True, text=True, check=True)
    return Path(done.stdout.strip()).resolve().parent


def commit_of(folder: Path) -> str | None:
    """The short commit of the checkout holding ``folder``, marked when its src/ is changed."""
    try:
        head = subprocess.run(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--", "."],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if head.returncode:
        return None
    return head.stdout.strip() + (" (changed)" if status.stdout.strip() else "")


def instructions(command: Sequence[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions executed by ``command`` (the process only: no worker is started)."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *command],
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    found = _REFS.search(done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def count(python: str, env: dict[str, str], files: Sequence[Path], scratch: Path,
          log: Callable[[str], None]) -> dict[str, Any]:
    """Instructions of aggregate over files[:1] and over all of ``files``, per workbook."""
    folders = {}
    for label, chosen in (("one", files[:1]), ("all", files)):
        folder = scratch / label
        folder.mkdir()
        for path in chosen:
            shutil.copyfile(path, folder / path.name)
        folders[label] = folder

    def command(folder: Path) -> list[str]:
        return [python, "-m", "vetstat", "aggregate", str(folder), "--jobs", "1", "--format",
                "json"]

    warm = subprocess.run(command(folders["all"]), env=env, cwd=scratch, stdin=subprocess.DEVNULL,
                          capture_output=True)
    if warm.returncode:
        raise SystemExit(f"aggregate exits {warm.returncode}:\n"
                         f"{warm.stderr.decode('utf-8', 'replace')[-2000:]}")
    json.loads(warm.stdout)  # the command wrote what it was asked to
    one = instructions(command(folders["one"]), env, scratch)
    log(f"  1 workbook: {one:,} instructions")
    many = instructions(command(folders["all"]), env, scratch)
    log(f"  {len(files)} workbooks: {many:,} instructions")
    extra = len(files) - 1
    return {"files": extra, "instructions_1": one, f"instructions_{len(files)}": many,
            "per_workbook": round((many - one) / extra)}


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path,
                        help="checkout whose vetstat is counted (its src/ goes first on "
                             "PYTHONPATH; default: the vetstat the interpreter imports)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that runs vetstat (default: this one)")
    parser.add_argument("--cells", type=int, nargs="+", choices=sorted(run.PROFILES),
                        default=[run.DEFAULT_CELLS],
                        help="workbook sizes, as run.py --cells (default 870)")
    parser.add_argument("--files", type=int, default=30,
                        help="workbooks counted, besides the one of both runs (default 30)")
    parser.add_argument("--work", type=Path, default=run.DEFAULT_WORK,
                        help="where run.py caches the generated sets (default benchmarks/work/)")
    parser.add_argument("--json", type=Path, help="write the counts to this file")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.files < SCHOOLS:
        parser.error(f"--files must be between 1 and {SCHOOLS - 1}")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    log = print
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    src = source_tree(args.src)
    env = environment(src)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="vetstat-instructions-") as scratch:
        package = imported_from(args.python, env, Path(scratch))
        if src is not None and package.parent != src:
            raise SystemExit(f"vetstat is imported from {package}, not from {src}")
        tree = commit_of(package)
        log(f"vetstat from {package} (commit {tree}); {args.python}")
        results["vetstat"] = {"package": str(package), "commit": tree}
        for cells in args.cells:
            made = run.generate(args.work.resolve(), run.PROFILES[cells], SCHOOLS, run.BASE_YEAR,
                                jobs=os.cpu_count() or 1)
            files = sorted(made.folder.iterdir())[:args.files + 1]
            log(f"≈ {cells} cells per workbook ({made.folder}):")
            place = Path(scratch) / f"c{cells}"
            place.mkdir()
            found = count(args.python, env, files, place, log)
            log(f"  per workbook: ({found[f'instructions_{len(files)}']:,} - "
                f"{found['instructions_1']:,}) / {args.files} = "
                f"{found['per_workbook'] / 1e6:.2f}M instructions")
            results[f"c{cells}"] = found
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
