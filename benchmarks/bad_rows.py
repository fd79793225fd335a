"""One school whose 专业与学生 sheet holds N bad rows: how long `vetstat validate` takes and how much
memory it needs when every row breaks rules (E202: a code outside the catalogue, E205: grades
that do not add up to 在校生数, E207: 招生数 far from 一年级).

    python benchmarks/bad_rows.py --rows 100000            # writes benchmarks/work/bad-100000.xlsx

Use the Python of the environment vetstat is installed in: the `vetstat` script next to it is
run, in a child process whose wall time and peak resident memory are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE.parent / "tests" / "corpus")]

import make_corpus  # noqa: E402


def bad_school(rows: int) -> Path:
    path = HERE / "work" / f"bad-{rows}.xlsx"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    school = make_corpus.make_school([(f"9{n:05d}", f"自设专业{n}") for n in range(rows)])
    for row in school["enrollment"]:
        row["students"] += 1  # E205
        row["new_students"] = 80  # E207: 50 in 一年级
    make_corpus.write_workbook(path, school)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    path = bad_school(args.rows)
    vetstat = Path(sys.executable).with_name("vetstat")
    started = time.perf_counter()
    done = subprocess.run([str(vetstat), "validate", str(path), "--format", "json"],
                          capture_output=True, check=False)
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    issues = json.loads(done.stdout)["issues"] if done.stdout else []
    print(json.dumps({"rows": args.rows, "exit": done.returncode, "wall_s": round(wall, 2),
                      "peak_rss_mb": round(peak_mb), "issues_listed": len(issues),
                      "json_bytes": len(done.stdout), "cpus": os.cpu_count()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
