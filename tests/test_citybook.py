"""The consolidated workbook: laid out for printing, with charts, and readable back exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import write_xls
from helpers import city_school, three_schools, write_city
from vetstat.core.config import Config
from vetstat.core.issues import Lang
from vetstat.core.jsondoc import to_json
from vetstat.outputs.citybook import write_city_workbook
from vetstat.usecases.aggregate import CityResult, aggregate_folder
from vetstat.usecases.citydata import DATA_SHEET, CityWorkbookError, load_year, read_city_workbook

TABLE_SHEETS = ["表1 质量数据表", "分校明细", "专业设置", "专业大类", "分校专业明细", "表2 满意度调查表",
                "技能大赛", "获奖统计", "校验问题"]


FORMULA_NAME = '=HYPERLINK("http://example.com","点我")'


def _name_as_text(path: Path, name: str) -> None:
    """A school name that is text starting with "=", as a spreadsheet stores a typed '=…."""
    book = openpyxl.load_workbook(path)
    sheet = book["学校信息"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "NAME")
    cell.value = name
    cell.data_type = "s"
    book.save(path)


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> CityResult:
    """A city with every kind of trouble: errors, a duplicate, a wrong year, an unreadable file,
    and a school name that a spreadsheet would run as a formula."""
    schools = three_schools()
    schools["b_small.xlsx"]["teachers"]["dual_qualified"] = 40
    schools["d_again.xlsx"] = city_school("3622000002", "乙职业学校", 3)
    schools["e_formula.xlsx"] = city_school("3622000005", "NAME", 1, school={"year": 2021})
    folder = write_city(tmp_path_factory.mktemp("messy"), schools)
    _name_as_text(folder / "e_formula.xlsx", FORMULA_NAME)
    (folder / "f_broken.xlsx").write_bytes(b"garbage")
    return aggregate_folder(folder, jobs=1)


@pytest.fixture(scope="module")
def written(messy: CityResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "city.xlsx"
    write_city_workbook(messy, path)
    return path


def test_every_table_has_its_sheet_and_the_data_sheet_is_hidden(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    assert [name for name in book.sheetnames if name not in ("图表", DATA_SHEET)] == TABLE_SHEETS
    assert book[DATA_SHEET].sheet_state == "hidden"
    for name in TABLE_SHEETS:
        assert book[name].sheet_state == "visible"


def test_sheets_are_laid_out_for_printing(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    for name in TABLE_SHEETS:
        sheet = book[name]
        assert sheet.print_title_rows == "$1:$2", name
        assert sheet.freeze_panes in ("A3", "B3", "C3"), name
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet["A2"].font.bold  # styled header row
        assert "A1" in {str(r).split(":")[0] for r in sheet.merged_cells.ranges}
        assert (sheet.column_dimensions["A"].width or 0) > 6, name
    assert book["分校明细"].freeze_panes == "C3"


def test_number_formats_follow_the_indicator(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["表1 质量数据表"]
    formats = {sheet.cell(row, 5).value: sheet.cell(row, 4) for row in range(3, sheet.max_row + 1)}
    assert formats["students"].number_format == "0"
    assert formats["employment_rate"].number_format == "0.00"
    assert formats["fiscal_appropriation"].number_format == "0.00"
    assert isinstance(formats["employment_rate"].value, float)
    schools = openpyxl.load_workbook(written)["分校明细"]
    headers = [cell.value for cell in schools[2]]
    rate = headers.index("就业率（%）") + 1
    assert schools.cell(3, rate).number_format == "0.00"


def test_native_charts_are_present(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    import zipfile

    with zipfile.ZipFile(written) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        kinds = "".join(archive.read(name).decode() for name in charts)
    assert len(charts) == 4
    assert kinds.count("<barChart>") == 3 and kinds.count("<pieChart>") == 1
    assert "'分校明细'" in kinds and "'专业大类'" in kinds and "'表2 满意度调查表'" in kinds
    assert "图表" in book.sheetnames


def test_rows_are_marked(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["分校明细"]
    rows = {sheet.cell(row, 5).value: row for row in range(3, sheet.max_row + 1)}
    fill = {file: sheet.cell(row, 6).fill.fgColor.rgb for file, row in rows.items()}
    assert fill["b_small.xlsx"].endswith("FFC7CE")  # errors
    assert fill["d_again.xlsx"].endswith("FFEB9C")  # left out
    assert fill["f_broken.xlsx"].endswith("FFEB9C")
    assert fill[None].endswith("D9E1F2")  # 全市合计
    assert "不完整" in sheet["A1"].value


def test_text_from_school_files_is_never_a_formula(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["分校明细"]
    names = [sheet.cell(row, 2) for row in range(3, sheet.max_row + 1)]
    formula = next(cell for cell in names if str(cell.value).startswith("="))
    assert formula.value == FORMULA_NAME and formula.data_type == "s"


def test_read_back_equals_what_was_written(messy: CityResult, written: Path) -> None:
    back = read_city_workbook(written)
    assert back.city() == messy.city()
    assert back.year == messy.year
    assert back.schools == messy.schools
    for lang in Lang:
        assert to_json(back.to_dict(lang)) == to_json(messy.to_dict(lang))
    back.reconcile()


def test_load_year_takes_a_folder_or_a_workbook(tmp_path: Path) -> None:
    folder = write_city(tmp_path / "2022", three_schools())
    from_folder = load_year(folder, Config())
    path = tmp_path / "city.xlsx"
    write_city_workbook(from_folder, path, Lang.EN)
    from_book = load_year(path, Config())
    assert from_book.city() == from_folder.city()
    assert [s.majors for s in from_book.schools] == [s.majors for s in from_folder.schools]
    assert openpyxl.load_workbook(path).sheetnames[0] == "T1 Quality data"
    with pytest.raises(CityWorkbookError):
        load_year(tmp_path / "2023", Config())


def test_a_school_workbook_is_not_a_city_workbook(tmp_path: Path) -> None:
    folder = write_city(tmp_path, {"a.xlsx": city_school("3622000001", "甲职业学校")})
    with pytest.raises(CityWorkbookError, match="_data"):
        read_city_workbook(folder / "a.xlsx")
    legacy = write_xls(city_school("3622000001", "甲职业学校"), tmp_path / "a.xls")
    with pytest.raises(CityWorkbookError, match="_data"):
        read_city_workbook(legacy)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a zip")
    with pytest.raises(CityWorkbookError):
        read_city_workbook(garbage)


def _edit_data(source: Path, target: Path, change: Any) -> None:
    book = openpyxl.load_workbook(source)
    change(book[DATA_SHEET])
    book.save(target)


def test_an_edited_data_sheet_is_refused(written: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited.xlsx"

    def tamper(sheet: Any) -> None:
        sheet["A2"] = sheet["A2"].value.replace('"students":', '"students":1', 1)

    _edit_data(written, edited, tamper)
    with pytest.raises(CityWorkbookError, match=r"damaged|损坏"):
        read_city_workbook(edited)
    other = tmp_path / "other.xlsx"
    _edit_data(written, other, lambda sheet: sheet.cell(1, 1, "something else"))
    with pytest.raises(CityWorkbookError):
        read_city_workbook(other)
    newer = tmp_path / "newer.xlsx"
    _edit_data(written, newer, lambda sheet: sheet.cell(1, 2, 2))
    with pytest.raises(CityWorkbookError, match="format 2"):
        read_city_workbook(newer)


def test_a_failed_write_leaves_the_old_file(messy: CityResult, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import vetstat.core.files

    target = tmp_path / "city.xlsx"
    target.write_bytes(b"last year's")

    def broken(source: Any, destination: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(vetstat.core.files.os, "replace", broken)
    with pytest.raises(OSError):
        write_city_workbook(messy, target)
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_bytes() == b"last year's"
