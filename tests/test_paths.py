"""Folders as a bureau receives them: Chinese names with spaces, nested folders, read-only
inputs, hundreds of files with a few corrupt ones, Office lock files and .DS_Store.

Whatever the folder, every good workbook is read, every bad one is named, strays are skipped
and mentioned, and nothing in the input folder is opened for writing, changed or added.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
import random
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from make_corpus import locate_stored_member, patched_copy, rewrite_zip

from builders import lock_file, valid_school, write_workbook, write_xls
from helpers import invoke
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.validate import validate_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
TEMPLATE_CODE, TEMPLATE_NAME = "3622000000", "白城市测试职业学校0000"
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(2048 - 8)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def state(root: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``root``: its hash and modification time."""
    return {path.relative_to(root).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


def school(number: int, **changes: Any) -> dict[str, Any]:
    return valid_school(school={"school_code": f"36220800{number:02d}",
                                "name": f"白城市第{number}职业学校", **changes})


# --- names -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names") / "报送 材料"
    write_workbook(school(1), root / "2022 年" / "白城 市 第一职高 (终稿).xlsx")
    write_xls(school(2), root / "2022 年" / "洮南 职教中心（修改版）.xls")
    write_workbook(school(3), root / "2022 年" / "县 属" / "通榆 职业 中学 　全角空格.xlsx")
    return root


def test_validate_a_file_whose_path_has_chinese_and_spaces(awkward: Path) -> None:
    path = awkward / "2022 年" / "白城 市 第一职高 (终稿).xlsx"
    code, out, _err = invoke("validate", path, "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out)["file"] == "白城 市 第一职高 (终稿).xlsx"


def test_validate_a_folder_names_files_as_they_lie_below_it(awkward: Path) -> None:
    code, out, _err = invoke("validate", awkward, "--format", "json")
    assert code == EXIT_OK
    assert sorted(report["file"] for report in json.loads(out)) == [
        "2022 年/县 属/通榆 职业 中学 　全角空格.xlsx",
        "2022 年/洮南 职教中心（修改版）.xls",
        "2022 年/白城 市 第一职高 (终稿).xlsx",
    ]


def test_aggregate_a_nested_folder_with_chinese_names(awkward: Path, tmp_path: Path) -> None:
    before = state(awkward)
    target = tmp_path / "汇总 结果" / "全市 汇总.xlsx"
    target.parent.mkdir()
    code, out, _err = invoke("aggregate", awkward, "--format", "json", "-o", target)
    assert code == EXIT_OK
    document = json.loads(out)
    assert document["city"]["schools"] == 3
    assert {s["file"] for s in document["schools"]} == {
        "2022 年/县 属/通榆 职业 中学 　全角空格.xlsx", "2022 年/洮南 职教中心（修改版）.xls",
        "2022 年/白城 市 第一职高 (终稿).xlsx"}
    assert target.is_file() and state(awkward) == before


def test_hidden_folders_are_not_searched(tmp_path: Path) -> None:
    write_workbook(school(1), tmp_path / "a" / "b" / "c" / "深处.xlsx")
    write_workbook(school(2), tmp_path / ".git" / "隐藏.xlsx")
    code, out, _err = invoke("aggregate", tmp_path, "--format", "json")
    assert code == EXIT_OK
    assert [s["file"] for s in json.loads(out)["schools"]] == ["a/b/c/深处.xlsx"]


# --- read-only inputs ----------------------------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder of workbooks and strays, made read-only (restored for clean-up)."""
    root = tmp_path / "只读 输入"
    write_workbook(school(1), root / "一校.xlsx")
    write_xls(school(2), root / "子 文件夹" / "二校.xls")
    (root / "坏 文件.xlsx").write_bytes(b"PK\x03\x04 broken")
    lock_file(root / "一校.xlsx")
    (root / ".DS_Store").write_bytes(DS_STORE)
    paths = sorted(root.rglob("*"), reverse=True)
    for path in [*paths, root]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield root
    for path in [root, *sorted(root.rglob("*"))]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture
def opened_for_writing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened with a mode that writes, through Python's open calls."""
    found: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def watched_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | bytes | os.PathLike) and any(c in mode for c in "wax+"):
            found.append(os.fsdecode(file))
        return real_open(file, mode, *args, **kwargs)

    def watched_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            found.append(os.fsdecode(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(io, "open", watched_open)
    monkeypatch.setattr(os, "open", watched_os_open)
    return found


def test_read_only_inputs_are_read_and_never_opened_for_writing(
        read_only: Path, opened_for_writing: list[str]) -> None:
    before = state(read_only)
    reports = [validate_workbook(path) for path in sorted(read_only.rglob("*.xls*"))
               if not path.name.startswith("~$")]
    assert sorted(r.readable for r in reports) == [False, True, True]
    result = aggregate_folder(read_only, jobs=1)
    assert len(result.included) == 2
    code, out, err = invoke("aggregate", read_only, "--format", "json", "--jobs", "1")
    assert code == EXIT_INVALID and "坏 文件.xlsx" in out
    skipped = {Path(item["file"]).name for item in json.loads(out)["skipped"]}
    assert {"~$一校.xlsx", ".DS_Store"} <= skipped  # passed over without a word
    assert "~$一校.xlsx" not in err and ".DS_Store" not in err
    written = [path for path in opened_for_writing if Path(path).resolve().is_relative_to(read_only.resolve())]
    assert written == []
    assert state(read_only) == before  # hashes and times; no file added


def deny_writes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the system refuse, in this process, what it refuses a user other than root in a
    folder without write permission: creating, opening for writing or renaming a file into it
    (EACCES), and a write access asked of os.access. Root writes into any folder, and CI runs
    as root: without this, the refusal would never be tested there."""
    denied = os.path.realpath(folder)

    def where(path: Any) -> str:
        return "" if isinstance(path, int) else os.path.realpath(os.fsdecode(path))  # int: a fd

    def inside(path: Any) -> bool:
        return where(path).startswith(denied + os.sep)

    def refuse(path: Any) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))

    real_access, real_open, real_os_open = os.access, builtins.open, os.open
    real_replace, real_rename = os.replace, os.rename

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and (inside(path) or where(path) == denied):
            return False
        return real_access(path, mode, *args, **kwargs)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and inside(file):
            raise refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND) \
                and inside(path):
            raise refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def move(real: Any) -> Any:
        def moved(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
            if inside(target):
                raise refuse(target)
            real(source, target, *args, **kwargs)
        return moved

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "replace", move(real_replace))
    monkeypatch.setattr(os, "rename", move(real_rename))


@pytest.mark.parametrize("refused_by", [
    "simulated",
    pytest.param("system", marks=pytest.mark.skipif(
        IS_ROOT, reason="root writes into any folder; the simulated refusal runs instead")),
])
def test_an_output_into_a_read_only_folder_is_refused(
        read_only: Path, monkeypatch: pytest.MonkeyPatch, refused_by: str) -> None:
    if refused_by == "simulated":
        deny_writes(read_only, monkeypatch)
    before = state(read_only)
    code, _out, err = invoke("aggregate", read_only, "-o", read_only / "全市.xlsx")
    assert code == EXIT_USAGE and "permission" in err.lower()
    assert state(read_only) == before  # no output, no temporary file left
    assert not (read_only / "全市.xlsx").exists()
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o555


# --- hundreds of files ---------------------------------------------------------------------------


def copies(folder: Path, count: int) -> list[Path]:
    """``count`` valid workbooks with distinct codes and names, spread over nested folders.

    One workbook is written, the part holding its code and name stored uncompressed; the others
    are that file with the code and name patched in place (equal lengths, CRC fixed):
    milliseconds each.
    """
    template = write_workbook(school(0, school_code=TEMPLATE_CODE, name=TEMPLATE_NAME),
                              folder / "template.xlsx")
    with zipfile.ZipFile(template) as source:
        part = next(info.filename for info in source.infolist()
                    if TEMPLATE_CODE.encode() in source.read(info))
    archive = rewrite_zip(template.read_bytes(), {}, stored=[part])
    template.unlink()
    member = locate_stored_member(archive, part)
    written = []
    for number in range(1, count + 1):
        code, name = f"36220{number:05d}", f"{TEMPLATE_NAME[:-4]}{number:04d}"
        target = folder / f"第{number % 7} 片区" / f"学校 {number:04d}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(patched_copy(archive, member, {
            TEMPLATE_CODE.encode(): code.encode(), TEMPLATE_NAME.encode(): name.encode()}))
        written.append(target)
    return written


CORRUPT = {
    "坏/截断.xlsx": lambda good: good[: len(good) // 2],
    "坏/空文件.xlsx": lambda good: b"",
    "坏/随机.xls": lambda good: random.Random(7).randbytes(4096),
    "坏/网页.xls": lambda good: "<html><table><tr><td>学校</td></tr></table></html>".encode("gb18030"),
}


def test_300_files_with_a_few_corrupt_ones_lock_files_and_ds_store(tmp_path: Path) -> None:
    root = tmp_path / "2022 年 报送"
    good = copies(root, 300)
    for name, damage in CORRUPT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(damage(good[0].read_bytes()))
    lock = lock_file(good[5])
    (root / ".DS_Store").write_bytes(DS_STORE)
    (root / "第1 片区" / ".DS_Store").write_bytes(DS_STORE)
    before = state(root)

    code, out, err = invoke("aggregate", root, "--format", "json")
    assert code == EXIT_INVALID  # the city tables are partial
    document = json.loads(out)
    schools = {s["file"]: s for s in document["schools"]}
    names = {path.relative_to(root).as_posix() for path in good}
    assert {f for f, s in schools.items() if s["readable"] and s["counted"]} == names
    assert document["city"]["schools"] == 300
    assert {i["file"] for i in document["issues"] if i["code"] == "X904"} == set(CORRUPT)
    assert {i["file"] for i in document["issues"] if i["code"] == "F001"} == set(CORRUPT)
    for stray in (lock, root / ".DS_Store", root / "第1 片区" / ".DS_Store"):
        assert stray.relative_to(root).as_posix() not in schools
        assert str(stray) in {item["file"] for item in document["skipped"]}
        assert str(stray) not in err
    assert state(root) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_named_like_a_workbook_is_named_not_waited_for(tmp_path: Path) -> None:
    """Opening a named pipe blocks until someone writes into it: it must not be opened."""
    write_workbook(school(1), tmp_path / "一校.xlsx")
    os.mkfifo(tmp_path / "管道.xlsx")
    (tmp_path / "设备.xlsx").symlink_to("/dev/zero")
    # a child process with a timeout: a regression would hang, not fail, in this process
    done = subprocess.run([sys.executable, "-m", "vetstat", "aggregate", str(tmp_path),
                           "--format", "json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_INVALID, done.stderr
    document = json.loads(done.stdout)
    assert {i["file"] for i in document["issues"] if i["code"] == "X904"} == {"管道.xlsx",
                                                                              "设备.xlsx"}
    assert document["city"]["schools"] == 1
