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
    _, out, _ = invoke("aggregate", folder, "--format", "json")
    document = json.loads(out)
    group = document["groups"]["affiliation"]["县（市、区）属"]
    assert group["coverage"]["in_field_rate"] == {"reported": 1, "schools": 2}
    (a,) = [s for s in document["schools"] if s["school_code"] == "3622000001"]
    assert group["in_field_rate"] == pytest.approx(a["in_field_rate"])
    assert group["employed"] == sum(s["employed"] for s in document["schools"]
                                         if s["affiliation"] == "县（市、区）属")


def test_the_city_is_the_pool_of_all_its_schools() -> None:
    schools = [_summary("甲", "洮北区", "220802"), _summary("乙", "大安市", "220882")]
    parts = partition(schools, lambda s: s.county or "")
    assert pool(schools)["students"] == sum(pool(p)["students"] for p in parts.values()) == 200
