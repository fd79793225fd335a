"""The collection round: which files of DATA are submissions, which of them count, and what
became of each (data contract §4.1; X901, X904, X906, X907, F020)."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from builders import lock_file, saved_at, write_ods, write_workbook, write_xls
from helpers import city_school, invoke, three_schools, write_city
from vetstat.core.issues import Lang
from vetstat.usecases.aggregate import CityResult, aggregate_folder


def codes(result: CityResult) -> list[tuple[str, str]]:
    return sorted((issue.code, issue.file) for issue in result.issues)


def statuses(result: CityResult) -> dict[str | None, tuple[str, bool]]:
    return {entry.file: (entry.status, entry.counted) for entry in result.submissions()}


# --- which files are submissions ---------------------------------------------------------


def test_documents_pictures_lock_and_system_files_are_no_submissions(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    lock_file(folder / "a_big.xlsx")
    for name in ("通知.doc", "通知.docx", "说明.pdf", "说明.txt", "README.md", "公章.jpg",
                 "截图.png", "Thumbs.db", "desktop.ini", ".DS_Store"):
        (folder / name).write_bytes(b"PK\x03\x04 whatever")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._a_big.xlsx").write_bytes(b"resource fork")
    result = aggregate_folder(folder, jobs=1)
    assert result.issues == [] and len(result.included) == 3
    assert len(result.skipped) == 11 and result.not_school == []
    assert [entry.status for entry in result.submissions()] == ["passed"] * 3


def test_the_roster_and_the_configuration_are_no_submissions(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    (folder / "vetstat.toml").write_text("[thresholds]\nmedian_factor = 3\n", "utf-8")
    (folder / "名单.csv").write_text("学校标识码,学校名称\n", "utf-8")
    from vetstat.core.config import load_config

    config = load_config(folder / "vetstat.toml")
    result = aggregate_folder(folder, config, jobs=1, exclude=[folder / "名单.csv"])
    assert result.issues == [] and len(result.schools) == 3
    # near miss: the same files, not named as the run's, are submissions that cannot be read
    stray = aggregate_folder(folder, jobs=1)
    assert codes(stray) == [("F001", "vetstat.toml"), ("F001", "名单.csv"),
                            ("X904", "vetstat.toml"), ("X904", "名单.csv")]


def test_other_formats_are_submissions_that_cannot_be_read(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    (folder / "d.csv").write_text("学校标识码,学校名称\n3622000004,丁职业学校\n", "utf-8")
    with zipfile.ZipFile(folder / "e.zip", "w") as archive:
        archive.writestr("e.xlsx", b"inside")
    with zipfile.ZipFile(folder / "f.xlsb", "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.bin", b"\x00")
    (folder / "g.xlsx").write_text("这不是工作簿", "utf-8")
    result = aggregate_folder(folder, jobs=1)
    broken = ["d.csv", "e.zip", "f.xlsb", "g.xlsx"]
    assert codes(result) == sorted([("F001", f) for f in broken] + [("X904", f) for f in broken])
    reasons = {i.file: i.params["reason"] for i in result.issues if i.code == "F001"}
    assert "CSV" in reasons["d.csv"] and "压缩包" in reasons["e.zip"]
    assert ".xlsb" in reasons["f.xlsb"]
    x904 = next(i for i in result.issues if i.code == "X904")
    assert x904.params == {"included": 3, "total": 7} and "3/7" in x904.message(Lang.ZH)
    assert all(statuses(result)[f] == ("unreadable", False) for f in broken)
    assert result.city()["schools"] == 3


def test_workbook_bytes_under_any_name_are_read_with_a_warning(tmp_path: Path) -> None:
    schools = three_schools()
    folder = tmp_path / "city"
    write_workbook(schools["a_big.xlsx"], folder / "a_big.et")
    write_xls(schools["b_small.xlsx"], folder / "b_small.xlsb")
    write_ods(schools["c_mid.xlsx"], folder / "c_mid.ods")  # an .ods says what it is
    result = aggregate_folder(folder, jobs=1)
    assert codes(result) == [("F020", "a_big.et"), ("F020", "b_small.xlsb")]
    assert len(result.included) == 3
    assert result.city() == aggregate_folder(write_city(tmp_path / "plain", schools)).city()
    assert statuses(result)["a_big.et"] == ("warnings", True)


def test_a_folder_that_cannot_be_listed_is_an_unreadable_submission(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    locked = folder / "洮南市"
    write_city(locked, {"d.xlsx": city_school("3622000004", "丁职业学校")})
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root reads any folder: refuse it by hand
    result = aggregate_folder(folder, jobs=1)
    assert codes(result) == [("F001", "洮南市"), ("X904", "洮南市")]
    assert "文件夹" in next(i for i in result.issues if i.code == "F001").params["reason"]
    assert result.city()["schools"] == 3
    monkeypatch.undo()  # near miss: listed, its school counts
    assert aggregate_folder(folder, jobs=1).city()["schools"] == 4


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permissions_is_reported(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    locked = write_city(folder / "镇赉县", {"d.xlsx": city_school("3622000004", "丁职业学校")})
    locked.chmod(0o711)
    try:
        result = aggregate_folder(folder, jobs=1)
    finally:
        locked.chmod(0o755)
    assert ("X904", "镇赉县") in codes(result)


# --- workbooks that are no school's --------------------------------------------------------


def _sign_in_sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "会议签到表"
    sheet.append(["姓名", "单位", "签到时间"])
    sheet.append(["张三", "白城市教育局", "9:00"])
    book.save(path)
    return path


def test_x907_a_spreadsheet_that_is_no_schools_is_listed_not_counted(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    _sign_in_sheet(folder / "签到表.xlsx")
    result = aggregate_folder(folder, jobs=1)
    assert codes(result) == [("X907", "签到表.xlsx")]
    issue = result.issues[0]
    assert issue.severity.value == "warning" and "会议签到表" in issue.message(Lang.ZH)
    assert result.valid and len(result.schools) == 3 and result.city()["schools"] == 3
    assert result.city()["schools_city_run"] + result.city()["schools_county"] == 3
    assert statuses(result)["签到表.xlsx"] == ("not_school", False)


def test_x907_near_miss_a_school_workbook_missing_sheets_is_still_a_school(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    path = write_workbook(city_school("3622000004", "丁职业学校"), folder / "d.xlsx")
    book = openpyxl.load_workbook(path)
    for name in book.sheetnames[1:]:
        del book[name]
    book.save(path)
    result = aggregate_folder(folder, jobs=1)
    assert "X907" not in {code for code, _ in codes(result)}
    assert statuses(result)["d.xlsx"] == ("errors", True)


def test_vetstats_own_workbooks_are_never_schools(tmp_path: Path) -> None:
    old = write_city(tmp_path / "2021", three_schools())
    folder = write_city(tmp_path / "2022", three_schools())
    assert invoke("aggregate", folder, "-o", tmp_path / "全市.xlsx")[0] == 0
    assert invoke("diff", old, folder, "-o", tmp_path / "对比.xlsx")[0] in (0, 1)
    shutil.copy(tmp_path / "全市.xlsx", folder / "全市.xlsx")
    shutil.copy(tmp_path / "对比.xlsx", folder / "对比.xlsx")
    # a re-save as .xls or .ods keeps the sheet names, hidden ones included: as LibreOffice writes
    # them (a copy holding only the marker sheets and one school sheet)
    write_ods(city_school("3622000009", "汇总"), folder / "全市.ods", extra_sheets=["_data"])
    write_ods(city_school("3622000009", "对比"), folder / "对比.ods",
              extra_sheets=["全市对比", "分校对比"])
    result = aggregate_folder(folder, jobs=1)
    kinds = {passed.file: passed.what.kind for passed in result.not_school}
    assert kinds == {"全市.xlsx": "city", "对比.xlsx": "diff", "全市.ods": "city",
                     "对比.ods": "diff"}
    assert len(result.schools) == 3 and result.city()["schools"] == 3
    assert {code for code, _ in codes(result)} == {"X907"}


# --- which duplicate counts (X901) ---------------------------------------------------------


def _two_files(tmp_path: Path, first: dict, second: dict) -> Path:
    schools = three_schools()
    schools["b_small.xlsx"] = first
    schools["b_small-2021.xlsx"] = second
    return write_city(tmp_path, schools)


def test_x901_the_batch_years_file_counts_though_it_sorts_later(tmp_path: Path) -> None:
    this_year = city_school("3622000002", "乙职业学校", 2)
    last_year = city_school("3622000002", "乙职业学校", 1, school={"year": 2021})
    folder = tmp_path / "city"
    write_city(folder, {**three_schools(), "b_small.xlsx": this_year})
    write_workbook(last_year, folder / "a_乙职业学校-2021.xlsx")  # read first
    result = aggregate_folder(folder, jobs=1)
    assert codes(result) == [("X901", "a_乙职业学校-2021.xlsx")]  # no X902: it does not count
    issue = result.issues[0]
    assert issue.params["other"] == "b_small.xlsx" and "2022" in issue.message(Lang.ZH)
    assert statuses(result)["a_乙职业学校-2021.xlsx"] == ("duplicate", False)
    assert result.city()["students"] == 6000 + 1200 + 1200


def test_x901_then_the_file_without_errors(tmp_path: Path) -> None:
    good = city_school("3622000002", "乙职业学校", 2)
    bad = city_school("3622000002", "乙职业学校", 1)
    bad["teachers"]["dual_qualified"] = 40
    folder = write_city(tmp_path, {**three_schools(), "b_small.xlsx": bad, "z_again.xlsx": good})
    saved_at(folder / "b_small.xlsx", "2022-10-01T00:00:00Z")  # later, but with errors
    result = aggregate_folder(folder, jobs=1)
    x901 = [i for i in result.issues if i.code == "X901"]
    assert [(i.file, i.params["other"]) for i in x901] == [("b_small.xlsx", "z_again.xlsx")]
    assert "没有错误" in x901[0].message(Lang.ZH)
    assert result.city()["students"] == 6000 + 1200 + 1200


def test_x901_then_the_latest_saved_then_path_order(tmp_path: Path) -> None:
    folder = write_city(tmp_path, {**three_schools(),
                                   "z_again.xlsx": city_school("3622000002", "乙职业学校", 2)})
    saved_at(folder / "b_small.xlsx", "2022-09-01T00:00:00Z")
    saved_at(folder / "z_again.xlsx", "2022-09-02T00:00:00Z")
    result = aggregate_folder(folder, jobs=1)
    issue = next(i for i in result.issues if i.code == "X901")
    assert (issue.file, issue.params["other"]) == ("b_small.xlsx", "z_again.xlsx")
    assert "2022-09-02 00:00" in issue.message(Lang.ZH)
    saved_at(folder / "b_small.xlsx", "2022-09-02T00:00:00Z")  # a tie: the first path counts
    tied = aggregate_folder(folder, jobs=1)
    issue = next(i for i in tied.issues if i.code == "X901")
    assert (issue.file, issue.params["other"]) == ("z_again.xlsx", "b_small.xlsx")
    assert "路径顺序" in issue.message(Lang.ZH)


def test_x901_the_saved_time_is_the_one_the_workbook_records(tmp_path: Path) -> None:
    from vetstat.xlsx.saved import saved_time

    xlsx = saved_at(write_workbook(city_school("3622000002", "乙职业学校"), tmp_path / "b.xlsx"),
                    "2021-03-04T05:06:07Z")
    assert saved_time(xlsx) == 1614834367.0
    # xlwt writes no summary information: the caller falls back on the file's mtime
    assert saved_time(write_xls(city_school("3622000002", "乙职业学校"), tmp_path / "b.xls")) is None
    assert saved_time(tmp_path / "missing.xlsx") is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_x901_an_xls_saved_by_an_office_program_says_when(tmp_path: Path) -> None:
    import subprocess

    from vetstat.xlsx.saved import saved_time

    source = write_workbook(city_school("3622000002", "乙职业学校"), tmp_path / "b.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xls", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=120)
    stamp = saved_time(tmp_path / "out" / "b.xls")
    assert stamp is not None and stamp > 1_600_000_000  # its SummaryInformation, not the mtime


def test_x906_one_code_two_schools_both_count(tmp_path: Path) -> None:
    folder = write_city(tmp_path, {**three_schools(),
                                   "d_other.xlsx": city_school("3622000002", "丁职业学校", 2)})
    result = aggregate_folder(folder, jobs=1)
    x906 = sorted((i.file, i.params["other"]) for i in result.issues if i.code == "X906")
    assert x906 == [("b_small.xlsx", "d_other.xlsx"), ("d_other.xlsx", "b_small.xlsx")]
    assert "X901" not in {code for code, _ in codes(result)}
    assert result.city()["schools"] == 4 and not result.valid
    assert statuses(result)["d_other.xlsx"] == ("code_conflict", True)


def test_x906_near_miss_names_equal_after_normalisation_are_one_school(tmp_path: Path) -> None:
    # a zero-width space and full-width letters: the same name, so the same school twice
    folder = write_city(tmp_path, {**three_schools(),
                                   "d_again.xlsx": city_school("3622000002", "乙职业\u200b学校")})
    result = aggregate_folder(folder, jobs=1)
    assert {code for code, _ in codes(result)} == {"X901"}
    assert result.city()["schools"] == 3


# --- what the command says ------------------------------------------------------------------


def test_the_command_lists_every_submission(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", three_schools())
    _sign_in_sheet(folder / "签到表.xlsx")
    (folder / "z.csv").write_text("a,b\n1,2\n", "utf-8")
    code, out, err = invoke("aggregate", folder, "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert "3/4 个文件计入" in err and "签到表.xlsx" in err
    submissions = {entry["file"]: entry for entry in document["submissions"]}
    assert submissions["签到表.xlsx"]["status"] == "not_school"
    assert submissions["z.csv"]["status"] == "unreadable"
    assert [entry["status"] for entry in document["submissions"]].count("passed") == 3
    for school in document["schools"]:  # the two lists agree on what counts
        assert submissions[school["file"]]["counted"] == school["counted"]
    code, out, _ = invoke("aggregate", folder)
    assert "报送情况" in out and "非学校文件" in out and "无法读取" in out
