"""Reading a report for check-report: hard-wrapped text joined, .docx paragraphs and cells with
their locations, numbers in every form a report writes them, and hostile files refused quickly."""

from __future__ import annotations

import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest

from vetstat.core.issues import Lang
from vetstat.core.numerals import chinese_value, find_numbers
from vetstat.reading.report_read import read_report
from vetstat.reading.report_text import ReportUnreadable
from vetstat.reading.subjects import short_names

# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "step", "percent"), [
    ("在校生 5078 人", 5078, 1, False),
    ("共 1,234 人", 1234, 1, False),
    ("占地面积 79.6 万平方米", 796_000, 1000, False),
    ("总投资 1.08 亿元", 108_000_000, 1_000_000, False),
    ("占 54.02%", 54.02, 0.01, True),
    ("超过 96％的学生", 96, 1, True),
    ("共三千二百人", 3200, 100, False),
    ("十二个专业", 12, 1, False),
    ("1500 多人", 1500, 100, False),
])
def test_numbers_in_every_form(text: str, value: float, step: float, percent: bool) -> None:
    [number] = find_numbers(text)
    assert number.value == pytest.approx(value)
    assert number.step == pytest.approx(step)
    assert number.percent is percent


def test_ratio_and_what_is_no_number() -> None:
    [ratio] = find_numbers("生师比 9.18:1")
    assert (ratio.value, ratio.second) == (9.18, 1.0)
    # words that hold numerals, codes and section numbers are not numbers
    for text in ("5G 信号", "由 100M 升级", "“1+X”证书", "3.3.2推进", "一名副校长", "七一期间", "老百姓"):
        assert find_numbers(text) == [], text


def test_chinese_numerals() -> None:
    assert chinese_value("一百零五") == 105
    assert chinese_value("一万二千") == 12000
    assert chinese_value("二〇二二") == 2022
    assert chinese_value("十") == 10
    assert chinese_value("万万") is None


# --- short names ---------------------------------------------------------------------------


def test_short_names_are_derived_and_unique() -> None:
    names = ["洮南市职业教育中心", "大安市职业教育中心", "镇赉县职业技术教育中心", "吉林省畜牧业学校",
             "通榆县职业技术学校", "洮北区农业职业技术学校"]
    aliases = short_names(names)
    assert aliases["洮南职教中心"] == "洮南市职业教育中心"
    assert aliases["镇赉县职教中心"] == "镇赉县职业技术教育中心"
    assert aliases["畜牧业学校"] == "吉林省畜牧业学校"
    # what several schools share names none of them
    assert "职教中心" not in aliases and "职业教育中心" not in aliases
    assert "职业技术学校" not in aliases


# --- text -----------------------------------------------------------------------------------


def test_hard_wrapped_lines_are_joined(tmp_path: Path) -> None:
    wrapped = ("1.基本情况\n\n2022 年，全市独立设置的中等职业学校 7 所。其中，市\n\n"
               "直属中等职业学校共 2 所，县（市、区）职教中心共 5 所。\n\n13\n\n"
               "2.4 就业质量\n\n毕业生 1718 人。\n")
    path = tmp_path / "报告.txt"
    path.write_text(wrapped, encoding="utf-8")
    report = read_report(path)
    texts = [block.text for block in report.blocks]
    assert "其中，市直属中等职业学校共 2 所" in texts[1]  # joined without a space
    assert "13" not in texts  # a page number
    assert report.blocks[-1].location.section == "2.4 就业质量"
    assert report.blocks[-1].location.text(Lang.ZH).endswith("（2.4 就业质量）")


def test_text_in_gbk_is_read(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes("全市在校生 5078 人。".encode("gb18030"))
    assert read_report(path).blocks[0].text == "全市在校生 5078 人。"


# --- docx -----------------------------------------------------------------------------------


def test_docx_paragraphs_and_cells_with_locations(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("一、基本情况", level=1)
    paragraph = document.add_paragraph("全市在校生 ")
    paragraph.add_run("5078")
    paragraph.add_run(" 人。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "学校", "在校生数"
    table.cell(1, 0).text, table.cell(1, 1).text = "洮南市职业教育中心", "1236"
    path = tmp_path / "报告.docx"
    document.save(str(path))
    report = read_report(path)
    assert report.blocks[1].text == "全市在校生 5078 人。"
    assert report.blocks[1].location.paragraph == 2
    assert report.blocks[1].location.section == "一、基本情况"
    cell = report.blocks[-1]
    assert (cell.text, cell.location.table, cell.location.row, cell.location.column) == (
        "1236", 1, 2, 2)
    assert cell.location.text(Lang.ZH).startswith("表格 1 第 2 行第 2 列")


def _unreadable(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(ReportUnreadable) as caught:
        read_report(path)
    assert time.monotonic() - started < 10
    return caught.value.zh


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (80 * 1024 * 1024) + b"/>")
    assert "压缩炸弹" in _unreadable(path)


def test_not_a_zip_and_encrypted_docx(tmp_path: Path) -> None:
    not_zip = tmp_path / "假的.docx"
    not_zip.write_bytes(b"just some text, not a Word document")
    assert "不是 Word 文档" in _unreadable(not_zip)
    encrypted = tmp_path / "加密.docx"  # what Word writes for a password: a compound file
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
                          + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    assert "密码" in _unreadable(encrypted)
    legacy = tmp_path / "旧版.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    assert ".doc" in _unreadable(legacy)


def test_broken_and_huge_pdf(tmp_path: Path) -> None:
    broken = tmp_path / "坏的.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"garbage " * 1000)
    assert "PDF" in _unreadable(broken)
    not_pdf = tmp_path / "不是.pdf"
    not_pdf.write_bytes(b"hello")
    assert "PDF" in _unreadable(not_pdf)
    huge = tmp_path / "巨大.pdf"
    with huge.open("wb") as handle:  # sparse: no disk is spent on it
        handle.write(b"%PDF-1.7\n")
        handle.truncate(200 * 1024 * 1024)
    assert "过大" in _unreadable(huge)


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode != 0,
                    reason="LibreOffice prints the PDF")
def test_pdf_text_with_pages(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("全市在校生 5078 人。")
    source = tmp_path / "报告.docx"
    document.save(str(source))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], capture_output=True, timeout=120, check=True)
    report = read_report(tmp_path / "报告.pdf")
    assert report.kind == "pdf"
    assert report.blocks[0].text == "全市在校生 5078 人。"
    assert report.blocks[0].location.page == 1
