"""The city's groups — 市直属 / 县（市、区）属 and each 县（市、区）— pooled as the city is.

The subtotals of ``samples/2022`` (市直属 2 schools, 县（市、区）属 5) are recomputed here from
the schools' own figures in the JSON, without the pooling function: counts add up to the city,
rates come from the summed parts (never an average of school rates), satisfaction from summed
counts, majors are distinct codes of the group's schools.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import REMOVE
from helpers import city_school, invoke, write_city
from vetstat.core.indicators import FromField, FromMajors, views
from vetstat.figures.groups import NOT_GIVEN, by_affiliation, by_county, partition, pool
from vetstat.figures.summary import SchoolSummary
from vetstat.reading.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def sample_json() -> dict[str, Any]:
    code, out, _ = invoke("aggregate", SAMPLES / "2022", "--format", "json")
    assert code == 0
    return json.loads(out)


def _counts() -> list[str]:
    """The keys that are a school's own count or amount (a field, a sum over majors)."""
    return [item.key for item in views().all if isinstance(item.source, FromField | FromMajors)]


def _members(document: Mapping[str, Any], field: str, value: str) -> list[dict[str, Any]]:
    return [s for s in document["schools"] if s["counted"] and s[field] == value]


def _summed(schools: Sequence[Mapping[str, Any]], key: str) -> float | None:
    values = [s[key] for s in schools if s.get(key) is not None]
    return sum(values) if values else None


def _expected(schools: Sequence[Mapping[str, Any]], files: Sequence[Path]) -> dict[str, Any]:
    """A group's figures, made by hand from its schools' figures and files."""
    found: dict[str, Any] = {key: _summed(schools, key) for key in _counts()}
    for key, formula in views().formulas:
        reporting = [s for s in schools
                     if all(s.get(p) is not None for p in (*formula.numerator, formula.denominator))]
        top = sum(s[p] for s in reporting for p in formula.numerator)
        bottom = sum(s[formula.denominator] for s in reporting)
        found[key] = formula.factor * top / bottom if reporting and bottom else None
    weight = sum(s["employed"] for s in schools if s.get("starting_salary") is not None)
    found["starting_salary"] = sum(s["starting_salary"] * s["employed"] for s in schools
                                   if s.get("starting_salary") is not None) / weight
    codes = set()
    for file in files:
        data = read_workbook(file).data
        assert data is not None
        codes.update(row.code for row in data.enrollment if row.code)
    found["majors"] = len(codes)
    found["schools"] = len(schools)
    return found


def _survey_rate(schools: Sequence[Mapping[str, Any]], respondent: str, item: str) -> float:
    entries = [s["satisfaction"][respondent][item] for s in schools
               if item in s["satisfaction"].get(respondent, {})]
    happy = sum(e["very_satisfied"] + e["satisfied"] for e in entries)
    return 100 * happy / sum(e["samples"] for e in entries)


def _files(schools: Sequence[Mapping[str, Any]]) -> list[Path]:
    return [SAMPLES / "2022" / s["file"] for s in schools]


@pytest.mark.parametrize(("kind", "field"), [("affiliation", "affiliation"), ("county", "county")])
def test_each_group_is_pooled_from_its_schools(sample_json: dict[str, Any], kind: str,
                                               field: str) -> None:
    groups = sample_json["groups"][kind]
    for name, figures in groups.items():
        schools = _members(sample_json, field, name)
        assert schools, name
        expected = _expected(schools, _files(schools))
        for key, value in expected.items():
            assert figures[key] == pytest.approx(value, rel=1e-12), (kind, name, key)
        for key in ("employment_rate", "dual_ratio"):  # not an average of the school rates
            coverage = figures["coverage"][key]
            assert coverage == {"reported": len(schools), "schools": len(schools)}
        students = figures["satisfaction"]["在校生"]
        for item, entry in students.items():
            assert entry["rate"] == pytest.approx(_survey_rate(schools, "在校生", item))


def test_the_sample_city_splits_into_its_two_affiliations(sample_json: dict[str, Any]) -> None:
    groups = sample_json["groups"]["affiliation"]
    assert {name: g["schools"] for name, g in groups.items()} == {"市直属": 2, "县（市、区）属": 5}
    assert groups["市直属"]["schools_city_run"] == 2 and groups["市直属"]["schools_county"] == 0
    counties = sample_json["groups"]["county"]
    assert set(counties) == {"洮北区", "洮南市", "大安市", "镇赉县", "通榆县"}
    assert counties["洮北区"]["division_code"] == "220802"
    assert counties["洮北区"]["schools"] == 3  # two 市直属 schools lie in 洮北区


@pytest.mark.parametrize("kind", ["affiliation", "county"])
def test_counts_add_up_to_the_city_and_rates_do_not(sample_json: dict[str, Any],
                                                    kind: str) -> None:
    city, groups = sample_json["city"], sample_json["groups"][kind].values()
    for key in _counts():
        if city[key] is not None:
            assert sum(g[key] or 0 for g in groups) == pytest.approx(city[key]), key
    assert sum(g["schools"] for g in groups) == city["schools"]
    assert sum(g["awards"].get("省级", {}).get("一等奖", {}).get("entries", 0) for g in groups) \
        == city["awards"].get("省级", {}).get("一等奖", {}).get("entries", 0)
    # the city's rate lies between its groups' and is none of their averages
    rates = [g["employment_rate"] for g in groups]
    assert min(rates) <= city["employment_rate"] <= max(rates)
    assert city["employment_rate"] != pytest.approx(sum(rates) / len(rates))
    # majors are distinct: a major two groups run is one major of the city
    assert max(g["majors"] for g in groups) <= city["majors"] <= sum(g["majors"] for g in groups)


def _summary(name: str, county: str | None, code: str | None,
             affiliation: str | None = "县（市、区）属") -> SchoolSummary:
    return SchoolSummary(file=f"{name}.xlsx", name=name, county=county, division_code=code,
                         affiliation=affiliation, totals={"students": 100.0})


def test_counties_in_the_order_of_their_codes_blank_last() -> None:
    schools = [_summary("甲", "洮南市", "220881"), _summary("乙", None, "220802"),
               _summary("丙", " 洮北区 ", "220802"), _summary("丁", "某新区", None),
               _summary("戊", "镇赉县", "220821"), _summary("己", "洮北区", "22080X")]
    groups = by_county(schools)
    assert [(g.key, g.division_code, len(g.schools)) for g in groups] == [
        ("洮北区", "220802", 2), ("镇赉县", "220821", 1), ("洮南市", "220881", 1),
        ("某新区", None, 1), (NOT_GIVEN, "220802", 1)]


def test_affiliations_in_the_contracts_order_blank_last() -> None:
    schools = [_summary("甲", "洮北区", None, None), _summary("乙", "洮北区", None, "其他"),
               _summary("丙", "洮北区", None, "县（市、区）属"), _summary("丁", "洮北区", None, "市直属")]
    assert [g.key for g in by_affiliation(schools)] == ["市直属", "县（市、区）属", "其他", NOT_GIVEN]


def test_a_group_pools_only_its_reporting_schools(tmp_path: Path) -> None:
    """A school that left a rate's part blank is out of its group's rate, and the group's
    coverage says so, as the city's does."""
    county_run = {"affiliation": "县（市、区）属"}
    folder = write_city(tmp_path / "city", {
        "a.xlsx": city_school("3622000001", "甲职业学校", 3, school=county_run),
        "b.xlsx": city_school("3622000002", "乙职业学校", 1, school=county_run,
                              employment={"employed_in_field": REMOVE,
                                          "in_field_rate_reported": REMOVE}),
        "c.xlsx": city_school("3622000003", "丙职业学校", 2, school={"affiliation": "市直属"}),
    })
    book = tmp_path / "city.xlsx"
    _, out, _ = invoke("aggregate", folder, "--format", "json", "-o", book)
    document = json.loads(out)
    group = document["groups"]["affiliation"]["县（市、区）属"]
    assert group["coverage"]["in_field_rate"] == {"reported": 1, "schools": 2}
    (a,) = [s for s in document["schools"] if s["school_code"] == "3622000001"]
    assert group["in_field_rate"] == pytest.approx(a["in_field_rate"])
    assert group["employed"] == sum(s["employed"] for s in document["schools"]
                                         if s["affiliation"] == "县（市、区）属")

    # the sheet: the group's cell is a number whose format says over how many schools
    sheet = openpyxl.load_workbook(book)["分类汇总"]
    headers = [cell.value for cell in sheet[3]]
    assert headers[:5] == ["序号", "类别", "指标", "单位", "全市"]
    assert set(headers[5:]) == {"市直属", "县（市、区）属"}
    row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == "对口就业率")
    cells = dict(zip(headers, row, strict=True))
    county = cells["县（市、区）属"]
    assert county.value == pytest.approx(round(a["in_field_rate"], 2))
    assert county.number_format == '#,##0.00"（1/2 校）"'
    assert cells["全市"].number_format == '#,##0.00"（2/3 校）"'
    assert cells["市直属"].number_format == "#,##0.00"
    # the text outputs say the same
    _, out, _ = invoke("aggregate", folder, "--format", "csv")
    assert f"{round(a['in_field_rate'], 2):.2f}（1/2 校）" in out

def test_the_city_is_the_pool_of_all_its_schools() -> None:
    schools = [_summary("甲", "洮北区", "220802"), _summary("乙", "大安市", "220882")]
    parts = partition(schools, lambda s: s.county or "")
    assert pool(schools)["students"] == sum(pool(p)["students"] for p in parts.values()) == 200


def test_a_figure_no_school_of_a_group_reports_says_so(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city", {
        "a.xlsx": city_school("3622000001", "甲职业学校", 3,
                              school={"affiliation": "县（市、区）属"},
                              services={"order_classes": REMOVE}),
        "c.xlsx": city_school("3622000003", "丙职业学校", 2),
    })
    _, out, _ = invoke("aggregate", folder, "-o", tmp_path / "city.xlsx", "--show-tables")
    sheet = openpyxl.load_workbook(tmp_path / "city.xlsx")["分类汇总"]
    headers = [cell.value for cell in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == "订单班数")
    cells = {h: c.value for h, c in zip(headers, row, strict=True)}
    assert cells["县（市、区）属"] == "未填报"
    assert cells["市直属"] > 0 and cells["全市"] == cells["市直属"]
    assert "质量数据分类汇总" in out and "质量数据分县汇总" in out


def test_pages_across_hold_whole_groups_within_the_page() -> None:
    from vetstat.outputs.groupsheets import FIXED_WIDTHS, pages_across
    from vetstat.outputs.printing import LANDSCAPE_WIDTH

    widths = [15, *([13] * 9), 20, 13]
    pages = pages_across(widths, 24, LANDSCAPE_WIDTH)
    assert [i for page in pages for i in page] == list(range(1, len(widths)))
    assert len(pages) > 1
    for page in pages:
        assert sum(FIXED_WIDTHS) + 24 + widths[0] + sum(widths[i] for i in page) <= LANDSCAPE_WIDTH


def test_a_school_without_affiliation_or_county_is_a_group_of_its_own(tmp_path: Path) -> None:
    """Left blank (an error in its file), the school still counts: in 未填, never dropped, so
    that the groups still add up to the city."""
    folder = write_city(tmp_path / "city", {
        "a.xlsx": city_school("3622000001", "甲职业学校", 3,
                              school={"affiliation": REMOVE, "county": REMOVE}),
        "c.xlsx": city_school("3622000003", "丙职业学校", 2),
    })
    code, out, _ = invoke("aggregate", folder, "--format", "json", "-o", tmp_path / "city.xlsx")
    assert code == 1  # the blank required fields are errors
    document = json.loads(out)
    for kind in ("affiliation", "county"):
        groups = document["groups"][kind]
        assert groups[NOT_GIVEN]["schools"] == 1
        assert sum(g["students"] for g in groups.values()) == document["city"]["students"]
    book = openpyxl.load_workbook(tmp_path / "city.xlsx")
    assert "未填隶属关系" in [cell.value for cell in book["分类汇总"][3]]
    assert "未填县（市、区）" in [cell.value for cell in book["分县汇总"][3]]
