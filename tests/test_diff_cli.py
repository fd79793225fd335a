"""``vetstat diff OLD NEW``: exit codes, JSON equal to the library's, the workbook, inputs untouched."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from helpers import digests, invoke, new_schools, old_schools, write_year, year_school
from vetstat.core.config import Config
from vetstat.core.issues import Lang
from vetstat.core.jsondoc import to_json
from vetstat.outputs.citybook import write_city_workbook
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.usecases.diff import diff_years, load_side


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder holding ``2021`` and ``2022``."""
    root = tmp_path_factory.mktemp("cli")
    write_year(root / "2021", old_schools())
    write_year(root / "2022", new_schools())
    return root


def run(*args: str) -> tuple[int, str, str]:
    return invoke("diff", *args)


@pytest.mark.parametrize("lang", list(Lang))
def test_json_equals_the_library(years: Path, lang: Lang) -> None:
    old, new = years / "2021", years / "2022"
    code, out, _ = run(str(old), str(new), "--format", "json", "--lang", lang.value)
    assert code == 0  # Y rules are warnings
    library = diff_years(load_side(old), load_side(new), Config(), old_source=str(old),
                         new_source=str(new))
    assert json.loads(out) == json.loads(to_json(library.to_dict(lang)))
    document = json.loads(out)
    assert {issue["code"] for issue in document["issues"]} == {
        "Y001", "Y002", "Y004", "Y005", "Y006"}
    assert {issue["severity"] for issue in document["issues"]} == {"warning"}
    assert {issue["code"] for issue in document["listed"]} == {"Y003"}


def test_a_bare_year_names_a_folder_in_the_working_folder(years: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(years)
    code, out, _ = run("2021", "2022", "-f", "json")
    assert code == 0
    document = json.loads(out)
    assert (document["old"], document["new"]) == ({"year": 2021, "source": "2021"},
                                                  {"year": 2022, "source": "2022"})
    assert any(i["file"] == str(Path("2022") / "d.xlsx") for i in document["issues"])
    code, _, err = run("2020", "2022")
    assert code == 2
    assert "2020" in err


def test_missing_side_is_a_usage_error(years: Path) -> None:
    code, out, err = run(str(years / "2021"), str(years / "nowhere"))
    assert code == 2
    assert out == ""
    assert "nowhere" in err
    assert "Traceback" not in err


def test_a_folder_without_workbooks_is_a_usage_error(years: Path, tmp_path: Path) -> None:
    code, _, err = run(str(years / "2021"), str(tmp_path))
    assert code == 2
    assert str(tmp_path) in err


def test_consolidated_workbooks_compare_like_their_folders(years: Path, tmp_path: Path) -> None:
    books = {}
    for year in ("2021", "2022"):
        books[year] = tmp_path / f"{year}汇总.xlsx"
        write_city_workbook(aggregate_folder(years / year), books[year])
    code, out, _ = run(str(books["2021"]), str(books["2022"]), "-f", "json")
    assert code == 0
    from_books = json.loads(out)
    code, out, _ = run(str(years / "2021"), str(years / "2022"), "-f", "json")
    from_folders = json.loads(out)
    assert from_books["city"] == from_folders["city"]
    assert ([(s["school_code"], s["status"], s["indicators"]) for s in from_books["schools"]]
            == [(s["school_code"], s["status"], s["indicators"]) for s in from_folders["schools"]])
    assert sorted((i["code"], Path(i["file"]).name, i["field"]) for i in from_books["issues"]) == \
        sorted((i["code"], Path(i["file"]).name, i["field"]) for i in from_folders["issues"])
    # a workbook against a folder works too, and -o may not overwrite the workbook
    code, _, _ = run(str(books["2021"]), str(years / "2022"), "-f", "json")
    assert code == 0
    before = digests(tmp_path)
    code, _, _ = run(str(books["2021"]), str(years / "2022"), "-o", str(books["2021"]))
    assert code == 2
    assert digests(tmp_path) == before


def test_a_school_workbook_is_not_a_side(years: Path) -> None:
    code, out, err = run(str(years / "2021"), str(years / "2022" / "d.xlsx"))
    assert code == 2
    assert out == ""
    assert "d.xlsx" in err and "Traceback" not in err


def test_unreadable_file_exits_1(years: Path, tmp_path: Path) -> None:
    old = write_year(tmp_path / "old", {"a": year_school("甲", 2021)})
    new = write_year(tmp_path / "new", {"a": year_school("甲", 2022)})
    (new / "broken.xlsx").write_bytes(b"not a workbook")
    code, out, _ = run(str(old), str(new), "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert document["complete"] is False
    assert document["unreadable"] == [str(new / "broken.xlsx")]
    assert "F001" in {i["code"] for i in document["issues"]}


def test_a_clean_pair_exits_0_without_issues(tmp_path: Path) -> None:
    old = write_year(tmp_path / "old", {"a": year_school("甲", 2021)})
    new = write_year(tmp_path / "new", {"a": year_school("甲", 2022)})
    code, out, _ = run(str(old), str(new), "-f", "json")
    assert code == 0
    assert json.loads(out)["issues"] == []


def test_config_thresholds_apply(years: Path, tmp_path: Path) -> None:
    config = tmp_path / "vetstat.toml"
    config.write_text("[thresholds]\ndiff_count_pct = 60\n", encoding="utf-8")
    code, out, _ = run(str(years / "2021"), str(years / "2022"), "-f", "json", "--config",
                       str(config))
    assert code == 0
    assert "Y001" not in {i["code"] for i in json.loads(out)["issues"]}


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_text_formats(years: Path, fmt: str) -> None:
    code, out, _ = run(str(years / "2021"), str(years / "2022"), "-f", fmt, "--lang", "en")
    assert code == 0
    assert "fiscal appropriation" in out
    assert "Y001" in out
    assert "710202" in out


def test_workbook_output(years: Path, tmp_path: Path) -> None:
    before = digests(years)
    target = tmp_path / "diff.xlsx"
    code, _, err = run(str(years / "2021"), str(years / "2022"), "-o", str(target))
    assert code == 0
    assert str(target) in err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["全市对比", "分校对比", "分校指标对比", "专业变化", "校验问题", "对比图"]
    assert len(book["对比图"]._charts) == 1
    assert digests(years) == before
    assert list(tmp_path.iterdir()) == [target]


def test_output_into_a_missing_folder_or_onto_an_input_is_refused(years: Path,
                                                                  tmp_path: Path) -> None:
    before = digests(years)
    for target in (tmp_path / "missing" / "diff.xlsx", years / "2022" / "d.xlsx",
                   years / "2021" / "diff.xlsx"):
        code, out, err = run(str(years / "2021"), str(years / "2022"), "-o", str(target))
        assert code == 2, target
        assert out == ""
        assert "Traceback" not in err
    assert digests(years) == before
    assert not (years / "2021" / "diff.xlsx").exists()


def test_help_lists_the_command() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "OLD" in out and "--output" in out
