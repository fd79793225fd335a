"""Characters no XML part can carry, in a school's name, a major's name and a file's name, reach
no workbook or document vetstat writes: the city workbook (with last year and its CSV files),
the diff workbook, the report, the annotated copy and the roster are written, open, and every
XML part in them parses.

The school's cells hold ESC sequences, NUL and other C0 controls, DEL, a C1 control (U+009B),
the noncharacters U+FFFE and U+FFFF; the file's name holds a byte that is no UTF-8, which
Python reads as a lone surrogate (U+DCFF).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from builders import valid_school, write_workbook
from helpers import cli, replace_in_parts, unchanged
from vetstat.core.text import printable, xml_safe

# as the cells hold them in the file: .xlsx escapes for what XML cannot carry, the
# noncharacters as their UTF-8 bytes (the reader takes both)
HOSTILE_XML = ("_x001B_[2J_x0000__x0001__x000B__x001F__x007F__x009B_" "\ufffe\uffff").encode()
# every character no XML part may hold, and the controls no document shows
NOT_XML = "".join(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                   *range(0x7F, 0xA0), 0xD800, 0xDCFF, 0xDFFF, 0xFFFE, 0xFFFF])


def planted(path: Path, year: int) -> Path:
    data = valid_school(school={"name": "白城NAME职业高中", "year": year})
    data["enrollment"][0]["name"] = "MAJOR畜禽生产技术"
    write_workbook(data, path)
    replace_in_parts(path, {b"NAME": HOSTILE_XML, b"MAJOR": HOSTILE_XML})
    # a file name with a byte that is no UTF-8 (as a USB stick from another system may carry)
    strange = Path(os.fsdecode(os.fsencode(path.parent) + b"/\xff\x1b[2J" + path.name.encode()))
    path.rename(strange)
    return strange


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("xmlsafe")
    for year in (2021, 2022):
        (root / str(year)).mkdir()
        planted(root / str(year) / "学校.xlsx", year)
    return root / "2021", root / "2022"


@pytest.fixture(autouse=True)
def inputs_unchanged(years: tuple[Path, Path]) -> Iterator[None]:
    with unchanged(years[0].parent):
        yield


def test_the_reader_gives_the_characters_back(years: tuple[Path, Path]) -> None:
    """The checks below could fail: the school's name is read with what XML cannot carry."""
    from vetstat.usecases.validate import validate_workbook

    school = next(years[1].iterdir())
    assert "\udcff" in str(school)
    report = validate_workbook(school)
    name = report.school()["name"]
    for character in ("\x1b", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x9b", "\ufffe", "\uffff"):
        assert character in name, repr(character)


def parts_parse(path: Path) -> str:
    """Every XML part of the package parses (as Excel and Word require); their text."""
    texts = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(info))  # raises on a character XML refuses
                texts.append(archive.read(info).decode("utf-8"))
    return "".join(texts)


def test_every_workbook_and_document_is_written_and_opens(years: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    old, new = years
    school = next(new.iterdir())
    written = {
        "city.xlsx": ["aggregate", new, "--previous", old, "-o", tmp_path / "city.xlsx",
                      "--csv-dir", tmp_path / "csv"],
        "diff.xlsx": ["diff", old, new, "-o", tmp_path / "diff.xlsx"],
        "report.docx": ["report", new, "--previous", old, "-o", tmp_path / "report.docx"],
        "annotated.xlsx": ["validate", school, "--annotate", tmp_path / "annotated.xlsx"],
        "roster.xlsx": ["roster", new, "-o", tmp_path / "roster.xlsx"],
    }
    for name, args in written.items():
        result = cli(args)
        assert result.exit_code in (0, 1), (name, result.stdout, result.stderr)
        text = parts_parse(tmp_path / name)
        assert "白城[2J" in text, name  # the name is there, without what XML cannot carry
        assert not any(c in text for c in NOT_XML), name
    import docx
    import openpyxl

    for name in ("city.xlsx", "diff.xlsx", "annotated.xlsx", "roster.xlsx"):
        openpyxl.load_workbook(tmp_path / name).close()
    document = docx.Document(str(tmp_path / "report.docx"))
    assert any("白城[2J职业高中" in p.text for p in document.paragraphs)
    for csv in (tmp_path / "csv").iterdir():
        text = csv.read_text(encoding="utf-8-sig")  # a UTF-8 file: no lone surrogate in it
        assert not any(c in text for c in NOT_XML if c not in "\r"), csv.name


def test_a_city_and_unit_typed_with_controls_print_without_them(years: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    result = cli(["report", years[1], "-o", tmp_path / "r.docx",
                  "--city", "\x1b[2J白\u202e城市\x01", "--unit", "\x1b]0;x\x07教育局"])
    assert result.exit_code in (0, 1), result.stderr
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "[2J白城市 2022 年" in text and "]0;x教育局" in text


def test_xml_safe_keeps_text_and_drops_what_xml_refuses() -> None:
    kept = "白城市\t第一\n职业\r高中 [x] ＆ <a> \u00a0é😀"
    assert xml_safe(kept) == kept
    assert xml_safe(NOT_XML) == ""
    assert xml_safe("a" + NOT_XML + "b") == "ab"
    # the terminal's: also no carriage return, and no character a UTF-8 file cannot hold
    assert printable("a\r" + NOT_XML + "b") == "ab"
    printable("\udcff白城").encode("utf-8")


def test_a_bureau_template_fills_in_the_names_without_them(years: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    import docx

    template = tmp_path / "模板.docx"
    base = docx.Document()
    base.add_paragraph("{% for s in school_list %}{{ s.name }}；{% endfor %}")
    base.add_paragraph("{{ body }}")
    base.save(str(template))
    result = cli(["report", years[1], "--template", template, "-o", tmp_path / "r.docx"])
    assert result.exit_code in (0, 1), result.stderr
    parts_parse(tmp_path / "r.docx")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert "白城[2J职业高中；" in paragraphs
