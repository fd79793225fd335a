"""Write the sample workbooks from the data in ``baicheng.py``.

    python samples/make_samples.py     # rewrites samples/2021, 2022, broken and songyuan/2021, 2022

The workbooks are written by vetstat's own template writer, exactly as a school would return
the template filled in.  Rerunning gives the same data (the files differ only in their zip
timestamps).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baicheng  # noqa: E402
import songyuan  # noqa: E402

from vetstat.outputs.template import write_school  # noqa: E402


def write_year(year: int, folder: Path, city: Any = baicheng) -> list[Path]:
    written = []
    for school in city.schools(year):
        path = folder / f"{school['school']['name']}.xlsx"
        # a school without 模板版本 sent its data on the first template: written as it was
        write_school(school, path, version=school["school"].get("template_version") or 1)
        written.append(path)
    return written


def write_broken(folder: Path) -> list[Path]:
    written = []
    for stem, school in sorted(baicheng.broken().items()):
        path = folder / f"{stem}.xlsx"
        write_school(school, path)
        written.append(path)
    return written


def main(root: Path = HERE) -> None:
    for name in ("2021", "2022", "broken", "songyuan/2021", "songyuan/2022"):
        folder = root / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    paths = write_year(2022, root / "2022") + write_year(2021, root / "2021")
    paths += write_broken(root / "broken")
    # the second city of the province samples (吉林省 = 白城市 + 松原市), illustrative
    for year in songyuan.YEARS:
        paths += write_year(year, root / "songyuan" / str(year), songyuan)
    for path in paths:
        print(path.relative_to(root))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
