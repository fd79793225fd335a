"""No output replaces a file without ``--force``, a school's workbook ever, or any input; the name
of an output says what it holds.

A bureau keeps the schools' workbooks beside its own outputs: every command that writes is
pointed at them, with and without ``--force``, and every input is hashed before and after.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import invoke, unchanged, writing_inputs
from vetstat.core.files import (
    OUTPUT_PROPERTY,
    OutputError,
    check_output,
    check_output_folder,
    is_vetstat_output,
)

EXIT_OK, EXIT_USAGE = 0, 2
SCHOOL = "洮南市职业教育中心.xlsx"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("guard")
    found = writing_inputs(root)
    found["config"] = root / "阈值.xlsx"  # a configuration under a workbook's name: still an input
    found["config"].write_text("[thresholds]\nstudent_teacher_ratio = 21\n", encoding="utf-8")
    return found


@pytest.fixture(autouse=True)
def inputs_unchanged(data: dict[str, Path]) -> Iterator[None]:
    with unchanged(data["root"]):
        yield


@pytest.fixture
def folder(tmp_path: Path, data: dict[str, Path]) -> Path:
    """An output folder that already holds a school's filled-in workbook."""
    shutil.copyfile(data["school"], tmp_path / SCHOOL)
    return tmp_path


def writers(data: dict[str, Path], target: Path) -> dict[str, list[str | Path]]:
    """Every command that writes a workbook, aimed at ``target``."""
    return {
        "template": ["template", "-o", target],
        "aggregate": ["aggregate", data["city"], "-o", target, "--format", "json"],
        "annotate": ["validate", data["school"], "--annotate", target, "--format", "json"],
        "diff": ["diff", data["old"], data["new"], "-o", target, "--format", "json"],
    }


def test_a_school_workbook_is_never_replaced_with_or_without_force(
        data: dict[str, Path], folder: Path) -> None:
    school = folder / SCHOOL
    before = school.read_bytes()
    for name, args in writers(data, school).items():
        code, _out, err = invoke(*args)
        assert code == EXIT_USAGE and "--force" in err, (name, err)
        code, _out, err = invoke(*args, "--force")
        assert code == EXIT_USAGE and "学校" in err and "--force" in err, (name, err)
        assert len(err.strip().splitlines()) == 1, err
        assert school.read_bytes() == before, name
    assert sorted(p.name for p in folder.iterdir()) == [SCHOOL]  # nothing left beside it


def test_vetstat_outputs_are_replaced_only_with_force(data: dict[str, Path], tmp_path: Path) -> None:
    for name in ("template", "aggregate", "annotate", "diff"):
        target = tmp_path / f"{name}.xlsx"
        args = writers(data, target)[name]
        assert invoke(*args)[0] in (EXIT_OK, 1), name
        assert is_vetstat_output(target), name
        first = target.read_bytes()
        code, _out, err = invoke(*args)
        assert code == EXIT_USAGE and "已存在" in err and "--force" in err, (name, err)
        assert target.read_bytes() == first
        assert invoke(*args, "--force")[0] in (EXIT_OK, 1), name
        assert is_vetstat_output(target), name


def resaved(path: Path) -> None:
    """What Excel, WPS or LibreOffice does on saving: a new modification time, custom
    properties kept."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2031-01-01T08:00:00Z",
                                        parts["docProps/core.xml"])
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def test_a_template_a_school_has_filled_in_is_a_school_workbook(tmp_path: Path) -> None:
    target = tmp_path / "学校质量数据表.xlsx"
    assert invoke("template", "-o", target)[0] == EXIT_OK
    assert invoke("template", "-o", target, "--force")[0] == EXIT_OK  # still blank: vetstat's
    resaved(target)
    assert not is_vetstat_output(target)
    before = target.read_bytes()
    code, _out, err = invoke("template", "-o", target, "--force")
    assert code == EXIT_USAGE and "学校" in err
    assert target.read_bytes() == before


@pytest.mark.parametrize("content", [b"PK\x03\x04 a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an .xls"],
                         ids=["xlsx", "xls"])
def test_a_workbook_is_known_by_its_content_not_its_name(tmp_path: Path, content: bytes) -> None:
    """A school's workbook saved under a .json name is not replaced by a schema either."""
    (tmp_path / "school.schema.json").write_bytes(content)
    code, _out, err = invoke("schema", "-o", tmp_path, "--force")
    assert code == EXIT_USAGE and "学校" in err
    assert [p.name for p in tmp_path.iterdir()] == ["school.schema.json"]


@pytest.mark.parametrize(("command", "name"), [
    ("template", "模板.xls"), ("annotate", "返回.xls"), ("diff", "对比.pdf"),
    ("aggregate", "全市.csv"), ("template", "模板"), ("annotate", "vetstat.toml")])
def test_an_output_name_must_match_its_format(data: dict[str, Path], tmp_path: Path,
                                              command: str, name: str) -> None:
    code, _out, err = invoke(*writers(data, tmp_path / name)[command])
    assert code == EXIT_USAGE and ".xlsx" in err, err
    assert list(tmp_path.iterdir()) == []


def test_no_output_replaces_the_configuration(data: dict[str, Path], tmp_path: Path) -> None:
    for name, args in writers(data, data["config"]).items():
        if name == "template":
            continue  # it reads no configuration
        code, _out, err = invoke(*args, "--config", data["config"], "--force")
        assert code == EXIT_USAGE and "输入" in err, (name, err)


def test_no_output_replaces_an_input_workbook_even_with_force(data: dict[str, Path]) -> None:
    for name, args in writers(data, data["school"]).items():
        if name == "template":
            continue
        code, _out, err = invoke(*args, "--force")
        assert code == EXIT_USAGE, (name, err)


def test_schema_into_a_folder_holding_one_of_its_files(tmp_path: Path) -> None:
    assert invoke("schema", "-o", tmp_path)[0] == EXIT_OK
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    (tmp_path / "school.schema.json").unlink()
    (tmp_path / "enrollment.schema.json").write_text("{}")
    code, _out, err = invoke("schema", "-o", tmp_path)
    assert code == EXIT_USAGE and "enrollment.schema.json" in err and "--force" in err
    assert not (tmp_path / "school.schema.json").exists()  # refused whole: nothing written
    assert invoke("schema", "-o", tmp_path, "--force")[0] == EXIT_OK
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == written


def test_the_guard_takes_folders_and_names(tmp_path: Path) -> None:
    """The library call the commands share, for outputs that come later (CSV folders …)."""
    (tmp_path / "a.csv").write_text("old")
    with pytest.raises(OutputError, match=r"a\.csv"):
        check_output_folder(tmp_path, ["a.csv", "b.csv"], suffixes=(".csv",))
    assert check_output_folder(tmp_path, ["a.csv", "b.csv"], force=True, suffixes=(".csv",)) == [
        tmp_path / "a.csv", tmp_path / "b.csv"]
    with pytest.raises(OutputError, match=r"\.csv"):
        check_output_folder(tmp_path, ["c.txt"], suffixes=(".csv",))
    with pytest.raises(OutputError):  # a file in a folder the command reads
        check_output(tmp_path / "a.csv", [tmp_path], force=True, suffixes=(".csv",))
    assert check_output(tmp_path / "new.csv", [tmp_path], suffixes=(".csv",)) == tmp_path / "new.csv"


def test_the_makefile_passes_force_where_it_regenerates_its_outputs() -> None:
    makefile = Path(__file__).parents[1] / "Makefile"
    commands = [line for line in makefile.read_text().splitlines()
                if re.search(r"vetstat (aggregate|diff|template|schema|validate|report)\b.*(-o|--annotate)", line)]
    assert commands and all("--force" in line for line in commands), commands


def test_a_patched_package_is_marked_as_vetstat_output(data: dict[str, Path], tmp_path: Path) -> None:
    """A return file is the school's package with parts patched: stamp_package marks it; the
    school's own custom properties and data stay; a school's later save unmarks it."""
    from openpyxl import load_workbook
    from openpyxl.packaging.custom import StringProperty

    from vetstat.core.files import stamp_package, write_bytes_atomically
    from vetstat.usecases.validate import validate_workbook

    school = tmp_path / "school.xlsx"
    book = load_workbook(data["school"])
    book.custom_doc_props.append(StringProperty(name="部门", value="教务处"))
    book.save(school)
    assert not is_vetstat_output(school)
    with zipfile.ZipFile(school) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    returned = tmp_path / "退回.xlsx"

    def package(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        return buffer.getvalue()

    write_bytes_atomically(returned, package(stamp_package(parts, "return")))
    assert is_vetstat_output(returned)
    again = load_workbook(returned)
    assert {p.name: p.value for p in again.custom_doc_props}["部门"] == "教务处"
    assert [i.code for i in validate_workbook(returned).issues] == [
        i.code for i in validate_workbook(data["school"]).issues]
    assert check_output(returned, force=True) == returned
    bare = {name: content for name, content in parts.items() if not name.startswith("docProps/")}
    write_bytes_atomically(returned, package(stamp_package(bare, "return")))  # no properties yet
    assert is_vetstat_output(returned) and load_workbook(returned).custom_doc_props
    resaved(returned)
    with pytest.raises(OutputError, match="--force"):
        check_output(returned, force=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_vetstat_output_saved_by_libreoffice_is_no_longer_vetstat_s(tmp_path: Path) -> None:
    """Even unedited: LibreOffice keeps the custom property and the modification time, and
    rewrites the parts."""
    made, converted = tmp_path / "模板.xlsx", tmp_path / "saved"
    assert invoke("template", "-o", made)[0] == EXIT_OK
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(converted), str(made)],
                          capture_output=True, timeout=180, check=False)
    saved = converted / made.name
    if not saved.exists():
        pytest.skip(f"LibreOffice did not convert: {done.stderr.decode(errors='replace')[:200]}")
    with zipfile.ZipFile(saved) as archive:
        assert OUTPUT_PROPERTY.encode() in archive.read("docProps/custom.xml")
    assert is_vetstat_output(made) and not is_vetstat_output(saved)
    code, _out, err = invoke("template", "-o", saved, "--force")
    assert code == EXIT_USAGE and "学校" in err
