"""The seed report as a Word document, made from its pdftotext text (tests/fixtures/seed-report.txt).

The text is what a clerk gets from the published PDF: a hard line break after every printed
line, a blank line between lines, page-start lines indented, the page number 13 left between
two lines of a sentence, the cells of the three tables wrapped line by line. A bureau's own
draft is a Word file, so ``write_seed_docx`` rebuilds one: the lines of a paragraph joined with
no space (Chinese has none; pdftotext put the spaces around numbers), the section titles as
headings, picture and table captions as captions, the page number dropped, and the three
tables as Word tables whose cells were read off the text by hand (``TABLES``: pdftotext breaks
each cell into pieces that no rule joins back reliably). Table 2's cells stand after section
3.7.1 in the text, where the PDF page put them; the document puts them under their caption.

The sentences stay the text's sentences: every sentence of ``seed-claims.tsv`` is found in the
document's text (tests/test_seed_claims.py). Usage: ``python tests/seed_docx.py OUT.docx``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import docx
from docx.shared import Mm

REPORT = Path(__file__).parent / "fixtures" / "seed-report.txt"

# a printed line narrower than this (in half-width columns) ends its paragraph; full lines of
# the PDF are 46 to 54 columns wide
FULL_LINE = 46
PAGE_NUMBER = re.compile(r"\d{1,3}")
CAPTION = re.compile(r"[图表] ?\d+[.：:]")
# a title line standing alone: 1.基本情况, 2.1 党建引领, 3.5 数字化教学资源建设, 前言
HEADING = re.compile(r"(\d+)\.(\d+)? ?\S{2,12}")
TITLE = "白城市中等职业教育质量报告"

# The three tables, cell by cell as printed (the text's 电子电路装调与应 and 侯 路佳 as printed).
TABLES: dict[str, list[list[str]]] = {
    "表 1：": [
        ["学校", "竞赛项目", "学生", "指导教师", "奖项"],
        ["白城市第一职业高中", "无人机操控与维护", "王博、张家杨", "杨彬", "二等奖"],
        ["白城市第一职业高中", "无人机操控与维护", "刘茁、胡毅源", "杨彬", "三等奖"],
        ["镇赉县职业技术教育中心", "无人机操控与维护", "杨帆、尉轩", "王国庆、李景才", "三等奖"],
        ["通榆县职业技术学校", "车身修理", "马浩", "于伟见", "三等奖"],
        ["洮北区农业职业技术学校", "电子电路装调与应", "张宇鹏", "孙琪", "三等奖"],
        ["洮南市职业教育中心", "果菜嫁接", "鑫祥、张新悦", "李春华、王世强", "三等奖"],
        ["洮南市职业教育中心", "种子质量检测", "王晓棣、张文琦", "侯路佳、李春华", "三等奖"],
    ],
    "表 2：": [
        ["序号", "参赛人员", "学校", "参赛组别", "专业名称", "作品名称", "奖项"],
        ["1", "徐华,刘莉莉,王曦娇,廉荟燕", "白城市第一职业高中", "公共基础课组", "语文",
         "吟咏诗词境，厚植家国情", "二等奖"],
        ["2", "徐军,李春红,赵巍,王凤琴", "镇赉县职业技术教育中心", "公共基础课组", "语文",
         "中国平凡人物作品选读", "二等奖"],
        ["3", "刘玉波,祖晶,肖兵,王聪", "大安市职业教育中心", "公共基础课组", "数学",
         "直线和圆的方程", "三等奖"],
        ["4", "任元元,张爽,綦冰,李烨", "镇赉县职业技术教育中心", "专业一组", "幼儿保育",
         "窗花剪纸的创意设计与应用", "三等奖"],
        ["5", "黄凤华,唐林佳,周丹", "通榆县职业技术学校", "专业一组", "计算机应用",
         "文字及电子表格处理软件应用", "三等奖"],
        ["6", "黄俊思,刘梦,辛晓明", "白城市第一职业高中", "专业二组", "计算机应用",
         "端午白栀香绕津", "三等奖"],
    ],
    "表 3：": [
        ["序号", "专业名称", "课程名称", "学校名称（规范全称）", "主讲人", "奖项"],
        ["1", "幼儿保育专业", "歌唱的共鸣--《我和我的祖国》", "镇赉县职业技术教育中中心", "宫雪",
         "二等奖"],
        ["2", "高星级饭店运营与管理", "餐巾折花", "白城市第一职业高中", "孙萍", "二等奖"],
        ["3", "作物生产技术", "《农作物生产技术》", "白城市洮北区农业职业技术学校", "张赫", "三等奖"],
        ["4", "机械制造技术", "机械基础", "通榆县职业技术学校", "刘静", "三等奖"],
        ["5", "幼儿保育专业", "幼儿园教育活动设计与指导", "镇赉县职业技术教育中中心", "付迎春",
         "三等奖"],
    ],
}
# where each table's printed cells begin and end in the text (first and last line, stripped)
TABLE_LINES: dict[str, tuple[str, str]] = {
    "表 1：": ("学校 竞赛项目 学生 指导教师 奖项", "三等奖"),
    "表 2：": ("序号 参赛人员 学校 参赛组别 专业名称 作品名称 奖项", "端午白栀香绕津 三等奖"),
    "表 3：": ("序号 专业名称 课程名称", "镇赉县职业技术教育中中心 付迎春 三等奖"),
}


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def squeeze(text: str) -> str:
    """Join pieces of printed text: no whitespace, except one space between two ASCII words."""
    text = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z])|(?<=[A-Za-z])\s+(?=[A-Za-z0-9])", "\x00", text)
    return re.sub(r"\s+", "", text).replace("\x00", " ")


def printed_lines(text: str) -> list[str]:
    """The text's lines without blank lines, page numbers and the tables' printed cells."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    kept: list[str] = []
    skipping: str | None = None
    for line in lines:
        if skipping is not None:
            if line == skipping:
                skipping = None
            continue
        starts = [end for first, end in TABLE_LINES.values() if line == first]
        if starts:
            skipping = starts[0]
            continue
        if PAGE_NUMBER.fullmatch(line):
            continue
        kept.append(line)
    return kept


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) in reading order: title, subtitle, heading1, heading2, caption, table, body."""
    found: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            found.append(("body", squeeze("".join(paragraph))))
            paragraph.clear()

    for line in printed_lines(text):
        heading = HEADING.fullmatch(line)
        if line == TITLE or line == "前言":
            close()
            found.append(("title" if line == TITLE else "heading1", line))
        elif line.startswith("（2021.9"):
            close()
            found.append(("subtitle", line))
        elif heading and width(line) < 30:
            close()
            level = "heading2" if heading.group(2) else "heading1"
            found.append((level, re.sub(r"\s+", " ", line)))
        elif CAPTION.match(line):
            close()
            found.append(("caption", squeeze(line)))
            table = next((key for key in TABLES if line.startswith(key)), None)
            if table:
                found.append(("table", table))
        else:
            if line == "附件：":
                close()
            paragraph.append(line)
            if width(line) < FULL_LINE:
                close()
    close()
    return found


def write_seed_docx(out: Path, source: Path = REPORT) -> Path:
    """Write the seed report as ``out`` (a .docx) and return it."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the bureau prints
    for kind, text in blocks(source.read_text(encoding="utf-8")):
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind in ("heading1", "heading2"):
            document.add_heading(text, level=1 if kind == "heading1" else 2)
        elif kind == "subtitle":
            document.add_paragraph(text, style="Subtitle")
        elif kind == "caption":
            document.add_paragraph(text, style="Caption")
        elif kind == "table":
            rows = TABLES[text]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for cells, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(cells.cells, values, strict=True):
                    cell.text = value
        else:
            document.add_paragraph(text)
    document.save(str(out))
    return out


def docx_text(path: Path) -> list[str]:
    """The paragraphs of a .docx in order, each table's cells row by row after its caption."""
    document = docx.Document(str(path))
    body = document.element.body
    found: list[str] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            found.append(docx.text.paragraph.Paragraph(child, document).text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            found += [cell.text for row in table.rows for cell in row.cells]
    return found


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/seed_docx.py OUT.docx")
    print(write_seed_docx(Path(sys.argv[1])))
