"""Return files keep the school's work: an .xlsx is its own package patched — fills and comments
on the faulty cells, a 校验结果 sheet in front — every other part byte for byte; an .xls is a
copy of its values, saying so. They read back with the same figures and the same issues, and
open in LibreOffice with their comments (those tests need ``soffice``; skipped without it,
except in CI, where ``.ci/run`` installs LibreOffice).
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment

from builders import Ugly, deep_update, valid_school, write_ods, write_workbook, write_xls
from helpers import city_school, digests, invoke, write_city
from vetstat.outputs import annotate
from vetstat.outputs.annotate import write_annotated
from vetstat.usecases.validate import validate_workbook

# "双师型" more than the specialty teachers (T303, T306): two errors on 教师队伍
BROKEN = {"teachers": {"dual_qualified": 400}}
# the parts a return file may change; every other one is the school's, byte for byte
CHANGED = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
           "xl/styles.xml", "docProps/core.xml", "docProps/custom.xml")
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                                   reason="needs LibreOffice (soffice)")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def issues_of(path: Path) -> list[list[Any]]:
    return sorted(validate_workbook(path, file="x").flatten())


def figures_of(path: Path) -> dict[str, Any]:
    data = validate_workbook(path).data
    assert data is not None
    return data.model_dump()


def check_kept(school: Path, returned: Path, marked_sheets: set[str]) -> None:
    """Every part of ``school`` is in ``returned``, unchanged unless a return file changes it:
    the package's lists, the styles, the marked sheets with their comments and drawings, and
    the sheet that was shown (its tab no longer selected). The figures and issues read the same."""
    before, after = parts(school), parts(returned)
    allowed = set(CHANGED)
    for title in marked_sheets:
        sheet = sheet_of(school, title)
        rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        allowed |= {sheet, rels}
        for target in re.findall(r'Target="([^"]+)"', before.get(rels, b"").decode()):
            allowed.add(target.lstrip("/") if target.startswith("/") else
                        posixpath.normpath(posixpath.join("xl/worksheets", target)))
    allowed |= {name for name, data in before.items()
                if name.startswith("xl/worksheets/sheet")
                and re.search(rb'tabSelected="(1|true)"', data)}
    assert not set(before) - set(after) - {"xl/calcChain.xml"}, "a part of the school's file was lost"
    changed = {name for name in before if after[name] != before[name]}
    assert changed <= allowed, changed - allowed
    assert figures_of(returned) == figures_of(school)
    assert issues_of(returned) == issues_of(school)


def sheet_of(path: Path, title: str) -> str:
    """The part of sheet ``title`` (the order of workbook.xml's relationships)."""
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(title)
    book.close()
    with zipfile.ZipFile(path) as archive:
        names = sorted((n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")),
                       key=lambda n: int(n.removeprefix("xl/worksheets/sheet").removesuffix(".xml")))
    return names[index]


def picture(colour: tuple[int, int, int]) -> Any:
    """A small PNG as openpyxl places it on a sheet (read from memory: no file left open)."""
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    data = io.BytesIO()
    Picture.new("RGB", (40, 30), colour).save(data, format="PNG")
    data.seek(0)
    return Image(data)


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A school with errors, a picture on 学校信息 and its own comments on 教师队伍 — one on a
    cell vetstat marks (C7), one elsewhere."""
    folder = tmp_path_factory.mktemp("pictured")
    path = write_workbook(deep_update(valid_school(), BROKEN), folder / "有图片.xlsx")
    book = openpyxl.load_workbook(path)
    book["学校信息"].add_image(picture((200, 30, 30)), "E2")
    book["教师队伍"]["C7"].comment = Comment("含外聘的“双师型”教师", "张老师")
    book["教师队伍"]["A1"].comment = Comment("学校自己的批注", "张老师")
    book.save(path)
    return path


def test_a_return_file_keeps_pictures_comments_and_every_other_part(pictured: Path,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "退回.xlsx"
    assert write_annotated(pictured, validate_workbook(pictured).issues, out,
                           school={"name": "甲校", "school_code": "3622000001",
                                   "year": 2022}) == "patched"
    check_kept(pictured, out, {"教师队伍"})
    after = parts(out)
    assert any(name.startswith("xl/media/") for name in after)  # the picture, byte for byte
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "校验结果" and book.active.title == "校验结果"
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_view.tabSelected] == ["校验结果"]
    teachers = book["教师队伍"]
    assert teachers["A1"].comment.text == "学校自己的批注"  # the school's, untouched
    merged = teachers["C7"].comment.text  # the school's first, vetstat's after
    assert merged.startswith("含外聘") and "[T303]" in merged
    assert teachers["C11"].comment is not None and "[T306]" in teachers["C11"].comment.text
    assert teachers["C7"].fill.fgColor.rgb == "FFFFC7CE"
    results = book["校验结果"]
    assert "甲校" in results["A1"].value and "3622000001" in results["A1"].value
    assert results.page_setup.fitToWidth == 1 and results.page_setup.paperSize == 9
    links = {row[4].hyperlink.location for row in results.iter_rows(min_row=3)
             if row[4].hyperlink is not None}
    assert links == {"'教师队伍'!C7", "'教师队伍'!C11"}


def test_formulas_keep_their_cached_values(tmp_path: Path) -> None:
    """在校生数 as =SUM(…) with the values Excel stores: the return file holds them still
    (an openpyxl round trip stored the formulas alone, and the return file failed F009)."""
    school = write_workbook(deep_update(valid_school(), BROKEN), tmp_path / "公式.xlsx",
                            style=Ugly(formulas=True))
    out = tmp_path / "退回.xlsx"
    code, _, _ = invoke("validate", school, "--annotate", out)
    assert code == 1
    check_kept(school, out, {"教师队伍"})
    assert "F009" not in {row[0] for row in issues_of(out)}


def test_the_calculation_chain_is_dropped_for_excel_to_rebuild(tmp_path: Path) -> None:
    """Excel's calcChain.xml names sheets by number; with a sheet put in front it would name
    the wrong ones, and Excel would "repair" the file. Without it, Excel makes it again."""
    school = write_workbook(deep_update(valid_school(), BROKEN), tmp_path / "有计算链.xlsx")
    members = parts(school)
    members["xl/calcChain.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns='
                                   b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                   b'<c r="G3" i="2"/></calcChain>')
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(school, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    out = tmp_path / "退回.xlsx"
    assert write_annotated(school, validate_workbook(school).issues, out) == "patched"
    after = parts(out)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"] + after["xl/_rels/workbook.xml.rels"]
    assert issues_of(out) == issues_of(school)


def test_a_return_file_checked_again_has_one_list(pictured: Path, tmp_path: Path) -> None:
    """A school sends the return file back unchanged: its new return file replaces the list."""
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    assert invoke("validate", pictured, "--annotate", first)[0] == 1
    assert invoke("validate", first, "--annotate", second)[0] == 1
    book = openpyxl.load_workbook(second)
    assert book.sheetnames.count("校验结果") == 1 and book.sheetnames[0] == "校验结果"
    assert issues_of(second) == issues_of(pictured)
    assert sum(1 for row in book["校验结果"].iter_rows(min_row=3) if row[1].value) == 2


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xls_or_ods_gives_a_copy_of_values_that_says_so(tmp_path: Path, suffix: str) -> None:
    write = write_xls if suffix == ".xls" else write_ods
    school = write(deep_update(valid_school(), BROKEN), tmp_path / f"旧格式{suffix}")
    out = tmp_path / "退回.xlsx"
    assert write_annotated(school, validate_workbook(school).issues, out) == "values"
    book = openpyxl.load_workbook(out)
    assert "数值副本" in book["校验结果"]["A1"].value
    assert book["教师队伍"]["C7"].comment is not None
    assert figures_of(out) == figures_of(school)


# --- a batch's return files (--returns DIR) ----------------------------------------------------


DUAL = {"teachers": {"dual_qualified": 400}}  # T303, T306


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Five schools: one clean, four with errors — two of one name, one whose name holds
    characters no file name may, one sent as .xls."""
    folder = write_city(tmp_path / "2022", {
        "甲.xlsx": city_school("3622000001", "甲职业学校", 2),
        "乙.xlsx": city_school("3622000002", "乙职业学校", 1, **DUAL),
        "县/丙.xlsx": city_school("3622000003", "丙/职业:学校", 1, **DUAL),
        "丁一.xlsx": city_school("3622000004", "同名学校", 1, **DUAL),
        "丁二.xlsx": city_school("3622000005", "同名学校", 1, **DUAL),
    })
    write_xls(city_school("3622000006", "戊职业学校", 1, **DUAL), folder / "戊.xls")
    return folder


RETURNED = {"乙职业学校-退回.xlsx": "乙.xlsx", "丙_职业_学校-退回.xlsx": "县/丙.xlsx",
            "同名学校-3622000004-退回.xlsx": "丁一.xlsx",
            "同名学校-3622000005-退回.xlsx": "丁二.xlsx", "戊职业学校-退回.xlsx": "戊.xls"}


def test_aggregate_writes_a_return_file_for_every_school_with_errors(batch: Path,
                                                                     tmp_path: Path) -> None:
    before = digests(batch)
    out, city = tmp_path / "退回", tmp_path / "全市.xlsx"
    code, stdout, err = invoke("aggregate", batch, "--returns", out, "-o", city, "-f", "json")
    assert code == 1
    assert digests(batch) == before
    assert {path.name for path in out.iterdir()} == set(RETURNED)
    document = json.loads(stdout)
    listed = {entry["return_file"]: entry for entry in document["returns"]}
    assert {name: entry["file"] for name, entry in listed.items()} == RETURNED
    assert all(entry["status"] == "errors" and entry["errors"] == 2 for entry in listed.values())
    assert "5 个退回文件" in err and "1 个为数值副本" in err
    for name, source in RETURNED.items():  # each the school's, with its own issues
        school = batch / source
        assert issues_of(out / name) == issues_of(school), name
        if school.suffix == ".xlsx":
            marked = {issue["sheet"] for issue in document["issues"]
                      if issue["file"] == source and issue["cell"]}
            check_kept(school, out / name, marked)
    sheet = openpyxl.load_workbook(city)["退回清单"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert {(row[1], row[5]) for row in rows} == {
        (entry["school_code"], name) for name, entry in listed.items()}
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
    summary = invoke("aggregate", batch, "--returns", tmp_path / "再次")[1]
    assert "5 个退回文件" in summary


def test_return_files_are_refused_inside_data_or_over_files_without_force(
        batch: Path, tmp_path: Path) -> None:
    code, _, err = invoke("aggregate", batch, "--returns", batch / "退回")
    assert code == 2 and "输入文件夹" in err
    assert not (batch / "退回").exists()
    out = tmp_path / "退回"
    out.mkdir()
    (out / "乙职业学校-退回.xlsx").write_bytes(b"an older list")
    code, _, err = invoke("aggregate", batch, "--returns", out)
    assert code == 2 and "--force" in err
    assert [path.name for path in out.iterdir()] == ["乙职业学校-退回.xlsx"]  # nothing written
    code, _, err = invoke("aggregate", batch, "--returns", out, "--force")
    assert code == 1
    assert {path.name for path in out.iterdir()} == set(RETURNED)
    code, _, _ = invoke("aggregate", batch, "--returns", out, "--force")  # vetstat's own: replaced
    assert code == 1


def test_return_files_are_written_all_or_none(batch: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up at the third file: none is left in DIR, and it says so (exit 2)."""
    written = []
    real = annotate.write_annotated

    def failing(source: Path, issues: Any, out: Path, *args: Any) -> str:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(out)
        return real(source, issues, out, *args)

    monkeypatch.setattr(annotate, "write_annotated", failing)
    out = tmp_path / "退回"
    code, _, err = invoke("aggregate", batch, "--returns", out)
    assert code == 2 and "未写出任何文件" in err
    assert list(out.iterdir()) == []


def test_validate_a_folder_writes_the_return_files(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "退回"
    code, _, err = invoke("validate", batch, "--returns", out)
    assert code == 1
    assert {path.name for path in out.iterdir()} == set(RETURNED)
    assert "5 个退回文件" in err
    code, _, err = invoke("validate", batch, "--returns", batch / "县")
    assert code == 2


# --- LibreOffice -------------------------------------------------------------------------------


def soffice_convert(source: Path, folder: Path, target: str = "xlsx") -> Path:
    folder.mkdir(exist_ok=True)
    subprocess.run([SOFFICE or "soffice", "--headless",
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--convert-to", target, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    converted = folder / f"{source.stem}.{target}"
    assert converted.is_file(), f"LibreOffice did not convert {source.name}"
    return converted


@needs_soffice
def test_a_libreoffice_workbook_with_formulas_and_a_picture(tmp_path: Path) -> None:
    """A school's workbook saved by LibreOffice, 在校生数 as =SUM(D3:F3) with cached values and
    a picture: its return file validates to the same issues and reads the same figures; and
    LibreOffice opens the return file with every comment on its cell."""
    written = write_workbook(deep_update(valid_school(), BROKEN), tmp_path / "学校.xlsx",
                             style=Ugly(formulas_uncached=True))
    book = openpyxl.load_workbook(written)  # uncached formulas lose nothing in openpyxl
    book["学校信息"].add_image(picture((30, 30, 200)), "E2")
    book["教师队伍"]["A1"].comment = Comment("学校自己的批注", "张老师")
    book.save(written)
    school = soffice_convert(written, tmp_path / "libreoffice")  # calculated and saved by it
    with zipfile.ZipFile(school) as archive:
        sheet = archive.read(sheet_of(school, "专业与学生")).decode()
        assert "<f>SUM(D3:F3)</f><v>" in sheet.replace("<f aca=\"false\">", "<f>")
        assert any(name.startswith("xl/media/") for name in archive.namelist())
    out = tmp_path / "退回.xlsx"
    assert invoke("validate", school, "--annotate", out)[0] == 1
    check_kept(school, out, {"教师队伍"})
    opened = openpyxl.load_workbook(soffice_convert(out, tmp_path / "opened"))
    comments = {(sheet.title, cell.coordinate): cell.comment.text for sheet in opened.worksheets
                for row in sheet.iter_rows() for cell in row if cell.comment}
    assert comments[("教师队伍", "A1")] == "学校自己的批注"
    assert "[T303]" in comments[("教师队伍", "C7")] and "[T306]" in comments[("教师队伍", "C11")]
    assert opened.sheetnames[0] == "校验结果"


@pytest.mark.skipif((SOFFICE is None or shutil.which("pdfinfo") is None) and not os.environ.get("CI"),
                    reason="needs LibreOffice and poppler-utils")
def test_the_list_prints_one_a4_page_wide_with_its_heading(pictured: Path, tmp_path: Path) -> None:
    """The 校验结果 sheet comes first and prints on A4 landscape, one page wide: its heading,
    header and every issue on the first page, its message column not cut."""
    out = tmp_path / "退回.xlsx"
    assert invoke("validate", pictured, "--annotate", out)[0] == 1
    pdf = soffice_convert(out, tmp_path / "printed", "pdf")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    width, height = map(float, re.findall(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+)", info)[0])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "校验结果：" in first and "错误 2 条" in first
    assert "T303" in first and "T306" in first and "请核对。" in first  # the message's end

