"""The consolidated workbook: laid out for printing, with charts, and readable back exactly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import saved_at, write_xls
from helpers import city_school, three_schools, write_city
from vetstat.core.config import Config
from vetstat.core.issues import Lang
from vetstat.core.jsondoc import to_json
from vetstat.outputs.citybook import write_city_workbook
from vetstat.usecases.aggregate import CityResult, aggregate_folder
from vetstat.usecases.citydata import DATA_SHEET, CityWorkbookError, load_year, read_city_workbook

ANNEX = ["表1 质量数据表", "表2 满意度调查表", "图表"]
GROUP_SHEETS = ["分类汇总", "分县汇总"]  # laid out by their own rules (test_groups.py)
DETAIL_SHEETS = ["专业设置", "专业大类", "分校专业明细", "满意度分校明细", "技能大赛", "获奖统计", "报送情况", "校验问题"]
SCHOOLS = "分校明细（学校）"

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
    schools["d_again.xlsx"]["teachers"]["dual_qualified"] = 120  # the same error as b_small
    schools["e_formula.xlsx"] = city_school("3622000005", "NAME", 1, school={"year": 2021})
    folder = write_city(tmp_path_factory.mktemp("messy"), schools)
    saved_at(folder / "d_again.xlsx", "2022-09-01T08:00:00Z")  # b_small, saved later, counts
    _name_as_text(folder / "e_formula.xlsx", FORMULA_NAME)
    (folder / "f_broken.xlsx").write_bytes(b"garbage")
    return aggregate_folder(folder, jobs=1)


@pytest.fixture(scope="module")
def written(messy: CityResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "city.xlsx"
    write_city_workbook(messy, path)
    return path


def school_sheets(book: Any) -> list[Any]:
    return [book[name] for name in book.sheetnames if name.startswith("分校明细（")]


def test_every_table_has_its_sheet_and_the_data_sheet_is_hidden(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    names = [name for name in book.sheetnames if name != DATA_SHEET]
    splits = [sheet.title for sheet in school_sheets(book)]
    assert names == [*ANNEX, *GROUP_SHEETS, *splits, *DETAIL_SHEETS]
    assert splits[0] == SCHOOLS and len(splits) > 3
    assert book[DATA_SHEET].sheet_state == "hidden"
    for name in names:
        assert book[name].sheet_state == "visible"


def test_school_details_are_split_with_every_column_once(messy: CityResult,
                                                         written: Path) -> None:
    """分校明细 is cut into sheets by part of the report; together they hold every column of the
    table once (the school's name on each), no sheet wider than a landscape page."""
    from vetstat.outputs.printing import LANDSCAPE_WIDTH
    from vetstat.outputs.tables import schools_table

    wanted = [c.header(Lang.ZH) for c in schools_table(messy, Lang.ZH).columns]
    seen: list[str] = []
    for sheet in school_sheets(openpyxl.load_workbook(written)):
        # (a header broken before its bracket to print: "在校生数\n（人）")
        headers = [str(cell.value).replace("\n", "") for cell in sheet[3]]
        assert headers[0] == "学校名称"
        seen += headers[1:]
        widths = [sheet.column_dimensions[chr(65 + i)].width for i in range(len(headers))]
        assert sum(widths) <= LANDSCAPE_WIDTH, sheet.title
    assert sorted(seen) == sorted(h for h in wanted if h != "学校名称")


def test_sheets_are_laid_out_for_printing(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    for sheet in book.worksheets:
        if sheet.title == DATA_SHEET:
            continue
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        assert sheet["A1"].value.startswith("白城市 2022 年"), sheet.title
        assert sheet["A2"].value.startswith("填报单位："), sheet.title
        assert "A1" in {str(r).split(":")[0] for r in sheet.merged_cells.ranges}
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
        if sheet.title == "图表":
            assert sheet.print_title_rows == "$1:$2"
            continue
        assert sheet.print_title_rows == "$1:$3", sheet.title
        assert sheet["A3"].font.bold  # styled header row
        if sheet.title in GROUP_SHEETS:
            continue
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.orientation == (
            "portrait" if sheet.title in ("表1 质量数据表", "表2 满意度调查表", "专业大类", "获奖统计")
            else "landscape"), sheet.title
    assert book[SCHOOLS].freeze_panes == "B4"


def test_quality_is_an_annex(written: Path) -> None:
    """序号, 类别 merged, 指标, 单位, 全市; the keys only in a hidden column outside the print area."""
    from vetstat.core.indicators import views

    sheet = openpyxl.load_workbook(written)["表1 质量数据表"]
    assert [cell.value for cell in sheet[3]][:5] == ["序号", "类别", "指标", "单位", "全市"]
    assert sheet.column_dimensions["F"].hidden
    assert sheet.print_area == ["'表1 质量数据表'!$A$1:$E$" + str(sheet.max_row)] or \
        str(sheet.print_area).endswith(f"$A$1:$E${sheet.max_row}")
    keys = [sheet.cell(row, 6).value for row in range(4, sheet.max_row + 1)]
    assert keys == [item.key for item in views().table1]
    assert [sheet.cell(row, 1).value for row in range(4, 7)] == [1, 2, 3]
    assert "B4:B6" in {str(r) for r in sheet.merged_cells.ranges}  # 基本情况: three rows
    units = [sheet.cell(row, 4).value for row in range(4, sheet.max_row + 1)]
    assert all(units), "every row has its unit"
    labels = [sheet.cell(row, 3).value for row in range(4, sheet.max_row + 1)]
    assert len(labels) == len(set(labels)), "each indicator once"


def test_no_internal_key_on_a_printed_sheet(written: Path) -> None:
    from vetstat.core.indicators import views

    keys = set(views().by_key)
    book = openpyxl.load_workbook(written)
    for sheet in book.worksheets:
        if sheet.title == DATA_SHEET:
            continue
        from openpyxl.utils import column_index_from_string

        hidden = {column_index_from_string(letter) for letter, d in
                  sheet.column_dimensions.items() if d.hidden}
        shown = {cell.value for row in sheet.iter_rows() for cell in row
                 if cell.column not in hidden}
        assert not shown & keys, sheet.title


def test_number_formats_follow_the_indicator(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["表1 质量数据表"]
    formats = {sheet.cell(row, 6).value: sheet.cell(row, 5) for row in range(4, sheet.max_row + 1)}
    assert formats["students"].number_format == "#,##0"
    assert formats["employment_rate"].number_format == "#,##0.00"
    assert formats["fiscal_appropriation"].number_format == "#,##0.00"
    assert isinstance(formats["employment_rate"].value, float)
    book = openpyxl.load_workbook(written)
    schools = next(s for s in school_sheets(book) if "就业率（%）" in [c.value for c in s[3]])
    rate = [cell.value for cell in schools[3]].index("就业率（%）") + 1
    assert schools.cell(4, rate).number_format == "#,##0.00"


def test_native_charts_are_present(written: Path) -> None:
    import zipfile

    with zipfile.ZipFile(written) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        kinds = "".join(archive.read(name).decode() for name in charts)
    assert len(charts) == 4
    assert kinds.count("<barChart>") == 4 and "<pieChart>" not in kinds
    assert kinds.count('<showVal val="1"') == 4  # every chart's values labelled
    assert "'分校明细（" in kinds and "'专业大类'" in kinds and "'表2 满意度调查表'" in kinds
    assert kinds.count("白城市 2022 年") == 4


def test_rows_are_marked(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)[SCHOOLS]
    rows = {sheet.cell(row, 5).value: row for row in range(4, sheet.max_row + 1)}
    fill = {file: sheet.cell(row, 6).fill.fgColor.rgb for file, row in rows.items()}
    assert fill["b_small.xlsx"].endswith("FFC7CE")  # errors
    assert fill["d_again.xlsx"].endswith("FFEB9C")  # left out
    assert fill["f_broken.xlsx"].endswith("FFEB9C")
    assert fill[None].endswith("D9E1F2")  # 全市合计
    assert "不完整" in sheet["A1"].value


def test_text_from_school_files_is_never_a_formula(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)[SCHOOLS]
    names = [sheet.cell(row, 1) for row in range(4, sheet.max_row + 1)]
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


def test_quality_takes_more_value_columns(messy: CityResult, tmp_path: Path) -> None:
    """Columns added to 表1 (上年, 增减 …) print beside 全市 at each row's decimals; four value
    columns no longer fit portrait, so the page turns."""
    from vetstat.outputs.render import Column
    from vetstat.outputs.tables import city_tables

    tables = city_tables(messy, Lang.ZH)
    quality = tables[0]
    key_column = quality.columns.pop()
    quality.columns += [Column(name, header, name, per_row=True) for name, header in
                        (("previous", "上年"), ("change", "增减"), ("change_pct", "增减率"))]
    quality.columns.append(key_column)
    for row in quality.rows:
        row.update(previous=1234.5678, change=-1.0, change_pct=None)
    path = tmp_path / "city.xlsx"
    write_city_workbook(messy, path, Lang.ZH, tables)
    sheet = openpyxl.load_workbook(path)["表1 质量数据表"]
    assert [cell.value for cell in sheet[3]][:8] == ["序号", "类别", "指标", "单位", "全市", "上年",
                                                     "增减", "增减率"]
    assert sheet.column_dimensions["I"].hidden and sheet.page_setup.orientation == "landscape"
    rows = {sheet.cell(row, 9).value: row for row in range(4, sheet.max_row + 1)}
    students, rate = rows["students"], rows["employment_rate"]
    assert (sheet.cell(students, 6).value, sheet.cell(students, 6).number_format) == (1235, "#,##0")
    assert (sheet.cell(rate, 6).value, sheet.cell(rate, 6).number_format) == (1234.57, "#,##0.00")


def _saved_as_xls(source: Path, folder: Path) -> Path:
    """``source`` re-saved as .xls by LibreOffice (headless), as a clerk's "save as" would."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.xls"


def test_a_city_workbook_resaved_as_xls_reads_back(messy: CityResult, written: Path,
                                                  tmp_path: Path) -> None:
    """Before: refused as having no _data sheet (it had one: only .xlsx was looked into)."""
    before = written.read_bytes()
    legacy = _saved_as_xls(written, tmp_path)
    assert legacy.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    back = read_city_workbook(legacy)
    assert back.city() == messy.city() and back.schools == messy.schools
    assert load_year(legacy, Config()).city() == messy.city()
    assert written.read_bytes() == before


def test_an_xls_city_workbook_with_an_edited_data_sheet_is_refused(written: Path,
                                                                  tmp_path: Path) -> None:
    edited = tmp_path / "edited.xlsx"
    _edit_data(written, edited, lambda sheet: sheet.cell(2, 1, sheet["A2"].value[:-1]))
    with pytest.raises(CityWorkbookError, match=r"damaged|损坏"):
        read_city_workbook(_saved_as_xls(edited, tmp_path / "xls"))
