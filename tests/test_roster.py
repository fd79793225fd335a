"""A roster (学校名单): who must submit — X908 未报送, X909 名单外, X910/X911 name or 隶属 differing,
the roster keeping a code two schools use (X906); ``--roster``, ``[batch] roster`` and
``vetstat roster``."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from helpers import city_school, invoke, three_schools, write_city
from vetstat.core.issues import Lang
from vetstat.outputs.tables import city_tables
from vetstat.reading.roster import RosterEntry, RosterError, read_roster
from vetstat.usecases.aggregate import CityResult, aggregate_folder

THREE = [("3622000001", "甲职业学校", "市直属"), ("3622000002", "乙职业学校", "市直属"),
         ("3622000003", "丙职业学校", "县（市、区）属")]


def write_csv(path: Path, rows: list[tuple[str, ...]], encoding: str = "utf-8-sig") -> Path:
    lines = ["学校标识码,学校名称,隶属"] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def run(tmp_path: Path, rows: list[tuple[str, ...]], schools: dict | None = None) -> CityResult:
    folder = write_city(tmp_path / "2022", schools or three_schools())
    roster = read_roster(write_csv(tmp_path / "名单.csv", rows))
    return aggregate_folder(folder, jobs=1, roster=roster)


def codes(result: CityResult) -> list[tuple[str, str]]:
    return sorted((issue.code, issue.file) for issue in result.issues)


def test_the_roster_reads_from_csv_in_gbk_and_from_a_workbook(tmp_path: Path) -> None:
    gbk = read_roster(write_csv(tmp_path / "名单.csv", THREE, "gb18030"))
    assert [entry.name for entry in gbk.entries] == ["甲职业学校", "乙职业学校", "丙职业学校"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["白城市中职学校名单"])
    sheet.append(["序号", "学校标识码", "学校名称", "县（市、区）"])
    sheet.append([1, 3622000001, "甲职业\u200b学校", "洮北区"])  # a code typed as a number
    book.save(tmp_path / "名单.xlsx")
    entries = read_roster(tmp_path / "名单.xlsx").entries
    assert entries == (RosterEntry("3622000001", "甲职业学校", None, "洮北区"),)


@pytest.mark.parametrize(("rows", "words"), [
    (["学校,人数", "甲,1"], "学校标识码"),
    (["学校标识码,学校名称", "3622000001,甲", "3622000001,乙"], "重复"),
    (["学校标识码,学校名称", "3622000001,"], "缺少"),
    (["学校标识码,学校名称"], "没有学校"),
])
def test_a_roster_that_cannot_be_used_is_refused(tmp_path: Path, rows: list[str],
                                                 words: str) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    with pytest.raises(RosterError, match=words):
        read_roster(path)
    folder = write_city(tmp_path / "2022", three_schools())
    code, _, err = invoke("aggregate", folder, "--roster", path)
    assert code == 2 and words in err


def test_x908_a_school_on_the_roster_that_sent_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, [*THREE, ("3622000004", "丁职业学校", "市直属")])
    assert codes(result) == [("X908", "名单.csv")]
    issue = result.issues[0]
    assert issue.is_error and issue.value == "3622000004" and "丁职业学校" in issue.message(Lang.ZH)
    missing = [entry for entry in result.submissions() if entry.status == "missing"]
    assert [(m.school_code, m.on_roster, m.counted) for m in missing] == [
        ("3622000004", True, False)]
    assert all(entry.on_roster for entry in result.submissions())
    quality = city_tables(result)[0]
    assert "名单中 1 所学校未报送" in quality.title(Lang.ZH)


def test_x908_near_miss_every_school_sent_its_file(tmp_path: Path) -> None:
    result = run(tmp_path, THREE)
    assert result.issues == [] and result.missing == []
    assert "未报送" not in city_tables(result)[0].title(Lang.ZH)


def test_x909_a_school_not_on_the_roster_counts_and_is_flagged(tmp_path: Path) -> None:
    result = run(tmp_path, [*THREE[:2], ("3622000009", "丙职业学校", "县（市、区）属")])
    assert ("X909", "c_mid.xlsx") in codes(result)
    assert result.city()["schools"] == 3
    entry = next(e for e in result.submissions() if e.file == "c_mid.xlsx")
    assert (entry.on_roster, entry.counted) == (False, True)


def test_x910_a_name_that_differs_from_the_roster(tmp_path: Path) -> None:
    result = run(tmp_path, [THREE[0], ("3622000002", "白城市乙职业学校", "市直属"), THREE[2]])
    assert codes(result) == [("X910", "b_small.xlsx")]
    assert result.issues[0].expected == "白城市乙职业学校" and not result.issues[0].is_error


def test_x910_near_miss_the_same_name_in_other_widths(tmp_path: Path) -> None:
    result = run(tmp_path, [("3622000001", "甲职业学校 ", "市直属"),
                            ("3622000002", "乙职业\u200b学校", "市直属"), THREE[2]])
    assert result.issues == []


def test_x911_an_affiliation_that_differs_from_the_roster(tmp_path: Path) -> None:
    result = run(tmp_path, [THREE[0], ("3622000002", "乙职业学校", "县属"), THREE[2]])
    assert codes(result) == [("X911", "b_small.xlsx")]
    assert result.issues[0].expected == "县（市、区）属"


def test_x911_near_miss_a_short_spelling_of_the_same_affiliation(tmp_path: Path) -> None:
    result = run(tmp_path, [THREE[0], THREE[1], ("3622000003", "丙职业学校", "县属")])
    assert result.issues == []


def test_x906_with_a_roster_the_roster_name_keeps_the_code(tmp_path: Path) -> None:
    schools = {**three_schools(), "a_other.xlsx": city_school("3622000002", "丁职业学校")}
    result = run(tmp_path, THREE, schools)
    assert [(i.code, i.file) for i in result.issues if i.code == "X906"] == [
        ("X906", "a_other.xlsx")]
    assert "乙职业学校" in next(i for i in result.issues if i.code == "X906").message(Lang.ZH)
    states = {e.file: (e.status, e.on_roster, e.counted) for e in result.submissions()}
    assert states["a_other.xlsx"] == ("code_conflict", False, True)
    assert states["b_small.xlsx"] == ("passed", True, True)
    assert result.city()["schools"] == 4


def test_the_roster_in_vetstat_toml_relative_to_it_and_never_a_submission(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "2022", three_schools())
    write_csv(folder / "名单.csv", [*THREE, ("3622000004", "丁职业学校", "市直属")])
    config = tmp_path / "vetstat.toml"
    config.write_text('[batch]\nroster = "2022/名单.csv"\n', "utf-8")
    code, out, _ = invoke("aggregate", folder, "--config", config, "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert [i["code"] for i in document["issues"]] == ["X908"]
    assert [s["status"] for s in document["submissions"]] == ["passed"] * 3 + ["missing"]
    # --roster overrides the toml (and the toml's roster in the folder is then a stray file)
    (folder / "名单.csv").unlink()
    write_csv(tmp_path / "全部.csv", THREE)
    assert invoke("aggregate", folder, "--config", config, "--roster", tmp_path / "全部.csv")[0] == 0


def test_vetstat_roster_writes_a_blank_roster_and_one_from_a_folder(tmp_path: Path) -> None:
    code, _, _ = invoke("roster", "-o", tmp_path / "空白.xlsx")
    assert code == 0
    with pytest.raises(RosterError, match="没有学校"):  # headers the reader knows, no school yet
        read_roster(tmp_path / "空白.xlsx")
    folder = write_city(tmp_path / "2022", three_schools())
    code, _, err = invoke("roster", folder, "-o", tmp_path / "名单.xlsx")
    assert code == 0 and "3 所学校" in err
    entries = read_roster(tmp_path / "名单.xlsx").entries
    assert [(e.school_code, e.name, e.affiliation) for e in entries] == list(THREE)
    assert invoke("aggregate", folder, "--roster", tmp_path / "名单.xlsx")[0] == 0
    assert invoke("roster", folder, "-o", tmp_path / "名单.xlsx")[0] == 2  # no overwrite
