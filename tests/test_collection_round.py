"""A whole collection round: 300 schools, a roster of 310, five unreadable submissions, three
schools that sent two files, one code used by two schools and two workbooks that are no
school's — every status right, the exit code, and totals equal to those of the schools that
should count."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl

from builders import saved_at, write_workbook
from helpers import city_school, invoke

PLACEHOLDER_CODE, PLACEHOLDER_NAME = "3622099999", "占位职业技术学校"
STUDENTS, BOOKS = 600, 24000  # of the valid school at size 1


def code_of(number: int) -> str:
    return f"36220{number:05d}"


def name_of(number: int) -> str:
    return f"第{number:03d}职业学校"


def size_of(number: int) -> int:
    return 1 + number % 4


class Bases:
    """One workbook per size (and variant), written once; each school's file is a copy with
    its code and name put in (writing 300 workbooks with openpyxl would take half a minute)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[int, str], bytes] = {}

    def bytes(self, size: int, variant: str = "") -> bytes:
        key = (size, variant)
        if key not in self.made:
            changes: dict = {}
            if variant == "2021":
                changes = {"school": {"year": 2021}}
            elif variant == "errors":
                changes = {"teachers": {"dual_qualified": 40 * size}}
            data = city_school(PLACEHOLDER_CODE, PLACEHOLDER_NAME, size, **changes)
            path = write_workbook(data, self.folder / f"base-{size}-{variant}.xlsx")
            self.made[key] = path.read_bytes()
        return self.made[key]

    def school(self, path: Path, number: int, variant: str = "", name: str | None = None) -> Path:
        source = io.BytesIO(self.bytes(size_of(number), variant))
        target = io.BytesIO()
        replace = {PLACEHOLDER_CODE.encode(): code_of(number).encode(),
                   PLACEHOLDER_NAME.encode(): (name or name_of(number)).encode()}
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                              zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                data = old.read(info)
                for before, after in replace.items():
                    data = data.replace(before, after)
                new.writestr(info, data)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(target.getvalue())
        return path


def not_a_school(path: Path, sheets: list[str]) -> None:
    book = openpyxl.Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    book.active.append(["姓名", "单位"])
    book.save(path)


def test_a_round_of_300_schools(tmp_path: Path) -> None:
    data, bases = tmp_path / "2022", Bases(tmp_path / "bases")
    counted_sizes = []
    for number in range(1, 296):  # 295 good files, in county folders
        bases.school(data / f"片区{number % 6}" / f"{name_of(number)}.xlsx", number)
        counted_sizes.append(size_of(number))
    unreadable = []
    for number in range(296, 301):  # five files that cannot be read, named after their school
        path = data / "片区0" / f"{name_of(number)}.{['csv', 'zip', 'xlsx', 'xls', 'xlsb'][number % 5]}"
        path.write_bytes(b"\xd0\xcf\x11\xe0 broken" if number % 2 else b"garbage,1\n")
        unreadable.append(path.relative_to(data).as_posix())
    # three schools sent two files each: last year's, one with errors, an older save
    bases.school(data / "重复" / "a-2021.xlsx", 1, "2021")
    bases.school(data / "重复" / "b-有错.xlsx", 2, "errors")
    older = bases.school(data / "重复" / "c-旧.xlsx", 3)
    saved_at(older, "2022-01-01T00:00:00Z")
    duplicates = {"重复/a-2021.xlsx", "重复/b-有错.xlsx", "重复/c-旧.xlsx"}
    # a school not on the roster that uses school 10's code
    bases.school(data / "片区4" / "其他学校.xlsx", 10, name="白城市其他职业学校")
    counted_sizes.append(size_of(10))
    not_a_school(data / "会议签到表.xlsx", ["会议签到表"])
    not_a_school(data / "旧对比.xlsx", ["全市对比", "分校对比", "专业变化"])
    (data / "通知.docx").write_bytes(b"PK\x03\x04")
    roster = tmp_path / "名单.csv"
    roster.write_text("学校标识码,学校名称\n" + "".join(
        f"{code_of(n)},{name_of(n)}\n" for n in range(1, 311)), "utf-8")

    returns = tmp_path / "退回"
    code, out, err = invoke("aggregate", data, "--roster", roster, "--returns", returns,
                            "-f", "json")

    assert code == 1
    document = json.loads(out)
    submissions = document["submissions"]
    assert Counter(entry["status"] for entry in submissions) == {
        "passed": 295, "code_conflict": 1, "duplicate": 3, "unreadable": 5, "not_school": 2,
        "missing": 10}
    by_file = {entry["file"]: entry for entry in submissions if entry["file"]}
    assert {f for f, e in by_file.items() if e["status"] == "duplicate"} == duplicates
    assert {f for f, e in by_file.items() if e["status"] == "unreadable"} == set(unreadable)
    assert all(by_file[f]["on_roster"] for f in unreadable)  # named after roster schools
    assert by_file["片区4/其他学校.xlsx"] == {**by_file["片区4/其他学校.xlsx"],
                                              "status": "code_conflict", "counted": True,
                                              "on_roster": False}
    missing = sorted(e["school_code"] for e in submissions if e["status"] == "missing")
    assert missing == [code_of(n) for n in range(301, 311)]
    assert sum(entry["counted"] for entry in submissions) == 296
    for school in document["schools"]:
        assert by_file[school["file"]]["counted"] == school["counted"]
    issues = Counter(issue["code"] for issue in document["issues"])
    # (T303, T306: the errors of the copy with errors, which does not count)
    assert issues == {"X901": 3, "X904": 5, "F001": 5, "X906": 1, "X907": 2, "X908": 10,
                      "T303": 1, "T306": 1}
    why = {i["file"]: i["message"] for i in document["issues"] if i["code"] == "X901"}
    assert "2022" in why["重复/a-2021.xlsx"] and "没有错误" in why["重复/b-有错.xlsx"]
    assert "保存" in why["重复/c-旧.xlsx"]
    city = document["city"]
    assert city["schools"] == 296
    assert city["students"] == STUDENTS * sum(counted_sizes)
    assert city["books"] == BOOKS * sum(counted_sizes)
    assert document["files"] == {"included": 296, "total": 304}
    assert "296/304 个文件计入" in err
    # every figure is that of the schools that should count, aggregated alone
    counted = tmp_path / "计入"
    for entry in submissions:
        if entry["counted"]:
            (counted / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data / entry["file"], counted / entry["file"])
    alone = json.loads(invoke("aggregate", counted, "-f", "json")[1])
    assert alone["city"] == city
    # one return file: the school using another's code (the file with errors left out as a
    # duplicate, the unreadable ones and the missing schools get none)
    assert [entry["return_file"] for entry in document["returns"]] == ["白城市其他职业学校-退回.xlsx"]
    assert [path.name for path in returns.iterdir()] == ["白城市其他职业学校-退回.xlsx"]
