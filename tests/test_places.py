"""The city a batch is about: ``[batch]`` in vetstat.toml, ``--city``/``--unit``, or the
prefecture of the schools' 行政区划代码 (GB/T 2260), never guessed among several."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import city_school, invoke, write_city
from vetstat.core.config import Batch, ConfigError, load_config
from vetstat.core.places import (
    DERIVED,
    GIVEN,
    SEVERAL,
    UNKNOWN,
    place_of,
    prefecture_of,
    prefectures,
)


def test_prefecture_names_of_gbt2260() -> None:
    assert prefecture_of("220802") == "白城市"  # 洮北区
    assert prefecture_of("220881") == "白城市"  # 洮南市
    assert prefecture_of("222401") == "延边朝鲜族自治州"
    assert prefecture_of("110105") == "北京市"  # a municipality names itself
    assert prefecture_of("429004") is None  # 仙桃市: under the province, no prefecture
    assert prefecture_of("990101") is None and prefecture_of("2208") is None
    assert prefecture_of(None) is None and prefecture_of("22080x") is None
    assert len(prefectures()) > 330


def test_one_prefecture_names_the_city() -> None:
    place = place_of(["220802", "220881", None, "220822"])
    assert (place.city, place.source, place.prefectures) == ("白城市", DERIVED, ("白城市",))


def test_several_prefectures_are_said_not_guessed() -> None:
    place = place_of(["220802", "220802", "220721"])
    assert place.city is None and place.source == SEVERAL
    assert place.name() == "松原市、白城市（学校分属 2 个地市）"
    assert place.to_dict()["prefectures"] == ["松原市", "白城市"]


def test_no_known_code_is_unknown_and_a_given_city_wins() -> None:
    assert place_of(["999999", None]).source == UNKNOWN
    assert place_of([]).name() == "（地市未知）"
    given = place_of(["220721", "220802"], " 白城市 ", "白城市教育局")
    assert (given.city, given.unit, given.source) == ("白城市", "白城市教育局", GIVEN)


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vetstat.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_table_is_read(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[batch]\ncity = "白城市"\nunit = "白城市教育局"\n')
    assert load_config(path).batch == Batch(city="白城市", unit="白城市教育局")
    assert load_config(write_toml(tmp_path, "[batch]\n")).batch == Batch()


@pytest.mark.parametrize(("text", "words"), [
    ('[bacth]\ncity = "白城市"\n', ["未知的配置表 [bacth]", "unknown table [bacth]"]),
    ('[batch]\ncty = "白城市"\n', ["[batch] 中未知的键 cty", "city"]),
    ("[batch]\ncity = 2208\n", ["[batch] city 应为非空文字", "got 2208"]),
    ('[batch]\nunit = "  "\n', ["[batch] unit 应为非空文字"]),
    ("batch = 1\n", ["[batch] 应为一个表"]),
    ("[thresholds]\nmedian_factor = -1\n", ["median_factor 应为不小于 0 的数"]),
])
def test_unknown_tables_keys_and_wrong_values_are_refused(tmp_path: Path, text: str,
                                                          words: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write_toml(tmp_path, text))
    for word in words:
        assert word in str(raised.value)


def test_a_near_miss_config_is_accepted(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, '[thresholds]\nmedian_factor = 0\n[batch]\n'
                                              'city = "白城市"\n'))
    assert config.thresholds.median_factor == 0 and config.batch.city == "白城市"


@pytest.fixture(scope="module")
def two_prefectures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_city(tmp_path_factory.mktemp("places") / "2022", {
        "a.xlsx": city_school("3622000001", "甲职业学校"),
        "b.xlsx": city_school("3622000002", "乙职业学校", school={"division_code": "220721"}),
    })


def test_cli_city_unit_and_the_batch_table(two_prefectures: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("aggregate", two_prefectures, "--format", "json")
    assert code == 0
    assert json.loads(out)["place"] == {"city": None, "unit": None, "city_source": SEVERAL,
                                        "prefectures": ["松原市", "白城市"]}
    toml = write_toml(tmp_path, '[batch]\ncity = "白城市"\nunit = "教育局"\n')
    code, out, _ = invoke("aggregate", two_prefectures, "--format", "json", "--config", toml)
    assert json.loads(out)["place"]["city"] == "白城市"
    assert json.loads(out)["place"]["unit"] == "教育局"
    code, out, _ = invoke("aggregate", two_prefectures, "--format", "json", "--config", toml,
                          "--city", "松原市", "--unit", "松原市教育局")
    assert json.loads(out)["place"]["city"] == "松原市"
    assert json.loads(out)["place"]["unit"] == "松原市教育局"
    code, out, _ = invoke("diff", two_prefectures, two_prefectures, "--format", "json",
                          "--city", "白城市")
    assert json.loads(out)["place"]["city"] == "白城市"


def test_cli_refuses_a_typo_in_the_config_with_exit_2(two_prefectures: Path,
                                                       tmp_path: Path) -> None:
    toml = write_toml(tmp_path, '[batch]\ncity = "白城市"\nuint = "教育局"\n')
    for command in (["aggregate", two_prefectures], ["diff", two_prefectures, two_prefectures]):
        code, out, err = invoke(*command, "--config", toml)
        assert code == 2 and out == ""
        assert "未知的键 uint" in err and "Traceback" not in err


def test_the_given_city_travels_in_the_city_workbook(two_prefectures: Path,
                                                     tmp_path: Path) -> None:
    from vetstat.usecases.citydata import read_city_workbook

    book = tmp_path / "city.xlsx"
    code, _, _ = invoke("aggregate", two_prefectures, "-o", book, "--city", "白城市",
                        "--unit", "白城市教育局")
    assert code == 0
    assert read_city_workbook(book).place().to_dict() == {
        "city": "白城市", "unit": "白城市教育局", "city_source": GIVEN,
        "prefectures": ["松原市", "白城市"]}


def test_a_workbook_of_two_prefectures_says_so_in_its_titles(two_prefectures: Path,
                                                            tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "city.xlsx"
    assert invoke("aggregate", two_prefectures, "-o", book, "--unit", "教育局")[0] == 0
    sheet = openpyxl.load_workbook(book)["表1 质量数据表"]
    assert sheet["A1"].value == "松原市、白城市（学校分属 2 个地市） 2022 年中等职业教育质量数据表"
    assert sheet["A2"].value.startswith("填报单位：教育局")
