"""A folder of city workbooks is a province (data contract §4.3): its figures pooled from the
schools the city workbooks carry, 分市明细, the level in the JSON, X920 and X921, and the
refusal of a folder that mixes city and school workbooks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import invoke
from vetstat.core.places import province_of
from vetstat.usecases.citydata import read_city_workbook
from vetstat.usecases.provincedata import ProvinceResult

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CITIES = {"白城市": SAMPLES / "2022", "松原市": SAMPLES / "songyuan" / "2022"}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """吉林省 2022: the city workbooks of 白城市 and 松原市 in one folder."""
    folder = tmp_path_factory.mktemp("province") / "2022"
    folder.mkdir()
    for city, schools in CITIES.items():
        assert invoke("aggregate", schools, "-o", folder / f"{city}-2022.xlsx")[0] == 0
    return folder


@pytest.fixture(scope="module")
def all_schools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same fourteen schools' workbooks in one folder."""
    folder = tmp_path_factory.mktemp("fourteen")
    for schools in CITIES.values():
        for path in schools.glob("*.xlsx"):
            shutil.copy(path, folder / path.name)
    return folder


def json_of(*args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = invoke("aggregate", *args, "--format", "json")
    return code, json.loads(out)


def test_the_province_equals_its_schools_in_one_folder(province: Path, all_schools: Path,
                                                       tmp_path: Path) -> None:
    """Every figure of the province is pooled from the schools, never from the cities' rates:
    the same, key by key and cell by cell of 表1, as the fourteen schools aggregated at once."""
    code, pooled = json_of(province)
    assert code == 0
    _, direct = json_of(all_schools)
    assert pooled["level"] == "province" and direct["level"] == "city"
    assert sorted(pooled["city"]) == sorted(direct["city"])
    for key, value in direct["city"].items():
        assert pooled["city"][key] == value, key
    assert pooled["city"]["schools"] == 14 and pooled["city"]["students"] == (
        sum(city["figures"]["students"] for city in pooled["cities"]))
    # a rate is not the mean of the cities' rates
    rates = [city["figures"]["employment_rate"] for city in pooled["cities"]]
    assert pooled["city"]["employment_rate"] != pytest.approx(sum(rates) / 2, abs=1e-9)

    from openpyxl import load_workbook

    books = {"province": tmp_path / "省.xlsx", "direct": tmp_path / "校.xlsx"}
    assert invoke("aggregate", province, "-o", books["province"])[0] == 0
    assert invoke("aggregate", all_schools, "-o", books["direct"])[0] == 0
    tables = {}
    for name, path in books.items():
        book = load_workbook(path, read_only=True)  # keeps its file open until closed
        tables[name] = [row[1:5] for row in book["表1 质量数据表"].iter_rows(min_row=4,
                                                                           values_only=True)]
        book.close()
    assert len(tables["province"]) > 60
    assert tables["province"] == tables["direct"]


def test_the_province_says_its_level_and_cities(province: Path) -> None:
    _, document = json_of(province)
    assert document["place"]["city"] == "吉林省"  # from the schools' codes: 22xxxx
    assert document["place"]["city_source"] == "division_code"
    cities = {city["name"]: city for city in document["cities"]}
    assert set(cities) == {"白城市", "松原市"}
    assert cities["白城市"]["division_code"] == "220800"
    assert cities["松原市"]["division_code"] == "220700"
    assert cities["白城市"]["file"] == "白城市-2022.xlsx"
    assert (cities["白城市"]["schools"], cities["白城市"]["included"]) == (7, 7)
    assert cities["白城市"]["figures"]["students"] == 5078  # the published figure
    files = {school["file"] for school in document["schools"]}
    assert "白城市-2022.xlsx › 白城市第一职业高中.xlsx" in files
    assert province_of("220802") == "吉林省" and province_of("2208") is None


def test_the_name_given_titles_the_tables(province: Path, tmp_path: Path) -> None:
    out = tmp_path / "吉林省.xlsx"
    code, text, err = invoke("aggregate", province, "--city", "吉林省", "--unit", "吉林省教育厅",
                             "-o", out, "--show-tables")
    assert code == 0, err
    assert "2 个城市的汇总工作簿，14/14 所学校计入（2022 年度）" in err
    assert "全省" in text and "分市明细" in text
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    names = book.sheetnames
    assert names[:4] == ["表1 质量数据表", "表2 满意度调查表", "图表", "分市明细"]
    sheet = book["分市明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "吉林省 2022 年分市明细"
    # the cities in the order of GB/T 2260: 松原市 220700, 白城市 220800
    assert rows[2][:7] == ("序号", "类别", "指标", "单位", "全省", "松原市", "白城市")
    students = next(row for row in rows[3:] if row[2] == "在校生数")
    assert students[4:7] == (10463, 5385, 5078)
    title = book["表1 质量数据表"]["A1"].value
    book.close()
    assert "吉林省" in title
    code, text, _ = invoke("aggregate", province, "-o", tmp_path / "again.xlsx")  # the summary
    assert code == 0 and "省份    吉林省" in text and "2 个城市的汇总工作簿，学校文件 14 个，计入 14 个" in text


def test_a_province_workbook_reads_back(province: Path, tmp_path: Path) -> None:
    out = tmp_path / "省.xlsx"
    assert invoke("aggregate", province, "-o", out)[0] == 0
    back = read_city_workbook(out)
    assert isinstance(back, ProvinceResult)
    assert [city.label for city in back.cities] == ["松原市", "白城市"]
    assert [len(city.schools) for city in back.cities] == [7, 7]
    _, document = json_of(province)
    assert back.city() == {**document["city"], "coverage": back.city()["coverage"]}
    assert back.place().city == "吉林省"


def test_a_folder_mixing_city_and_school_workbooks_is_refused(province: Path,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(SAMPLES / "2022", folder)
    shutil.copy(province / "松原市-2022.xlsx", folder / "松原市-2022.xlsx")
    code, out, err = invoke("aggregate", folder)
    assert code == 2 and out == ""
    assert "既有城市汇总工作簿（松原市-2022.xlsx）" in err
    assert "又有学校工作簿（吉林省畜牧业学校.xlsx、大安市职业教育中心.xlsx、洮北区农业职业技术学校.xlsx 等 7 个）" in err
    assert "holds city workbooks (松原市-2022.xlsx) and school workbooks" in err
    # near miss: schools beside a spreadsheet that is no city workbook are a city, as before
    (folder / "松原市-2022.xlsx").unlink()
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "会议签到表"
    book.save(folder / "签到表.xlsx")
    code, out, err = invoke("aggregate", folder)
    assert code == 0 and "签到表.xlsx" in err and "7/7 个文件计入" in err


def test_a_school_in_two_cities_is_counted_once(province: Path, tmp_path: Path) -> None:
    """X920: a 白城 school's file also aggregated into 松原市's workbook: it counts in 白城市,
    where its 行政区划代码 lies, though 松原市 comes first."""
    songyuan = tmp_path / "松原"
    shutil.copytree(CITIES["松原市"], songyuan)
    shutil.copy(CITIES["白城市"] / "大安市职业教育中心.xlsx", songyuan)
    folder = tmp_path / "province"
    folder.mkdir()
    shutil.copy(province / "白城市-2022.xlsx", folder)
    assert invoke("aggregate", songyuan, "-o", folder / "松原市-2022.xlsx")[0] == 0
    code, document = json_of(folder)
    assert code == 1
    x920 = [issue for issue in document["issues"] if issue["code"] == "X920"]
    assert len(x920) == 1
    assert x920[0]["file"] == "松原市-2022.xlsx › 大安市职业教育中心.xlsx"
    assert "白城市" in x920[0]["message"] and "3622003489" in x920[0]["message"]
    assert document["city"]["schools"] == 14  # counted once
    _, clean = json_of(province)
    assert document["city"]["students"] == clean["city"]["students"]
    assert not [issue for issue in clean["issues"] if issue["code"] == "X920"]  # near miss


def test_a_city_workbook_of_another_year_is_flagged(province: Path, tmp_path: Path) -> None:
    """X921, as X902 for a school: still counted; the batch's year is most cities'."""
    folder = tmp_path / "years"
    shutil.copytree(province, folder)
    assert invoke("aggregate", SAMPLES / "2021", "-o", folder / "白城市-2021.xlsx")[0] == 0
    (folder / "白城市-2022.xlsx").unlink()
    shutil.copy(province / "白城市-2022.xlsx", tmp_path / "白城市-2022.xlsx")
    code, document = json_of(folder, "--year", "2022")
    assert code == 1
    x921 = [issue for issue in document["issues"] if issue["code"] == "X921"]
    assert [issue["file"] for issue in x921] == ["白城市-2021.xlsx"]
    assert "2021 年度" in x921[0]["message"] and "白城市" in x921[0]["message"]
    assert document["city"]["schools"] == 14
    _, clean = json_of(province, "--year", "2022")  # near miss: every city of 2022
    assert not [issue for issue in clean["issues"] if issue["code"] == "X921"]


def test_a_damaged_city_workbook_is_unusable(province: Path, tmp_path: Path) -> None:
    folder = tmp_path / "damaged"
    shutil.copytree(province, folder)
    from openpyxl import load_workbook

    book = load_workbook(folder / "松原市-2022.xlsx")
    book["_data"]["A2"] = book["_data"]["A2"].value[:-1] + "x"
    book.save(folder / "松原市-2022.xlsx")
    code, _, err = invoke("aggregate", folder)
    assert code == 2 and "松原市-2022.xlsx" in err and "数据页已损坏或被修改" in err
