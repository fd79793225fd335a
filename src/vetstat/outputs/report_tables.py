"""A :class:`TableBlock` as a Word table: the width of the text, header rows repeated on each
page, rows kept whole, numbers right-aligned, 五号 (10.5 pt) type in the text and 9 pt in the
annex so that 表1 and 表2 fit A4 portrait; a column's equal neighbours merged down (类别).

The table is written as one piece of WordprocessingML: python-docx's cell-by-cell API costs
about a millisecond a cell, and a city of 300 schools has tens of thousands of them.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from vetstat.core.text import xml_safe
from vetstat.outputs.report_model import TableBlock

TITLE_FONT = "黑体"
CELL_FONT = "仿宋"
LATIN_FONT = "Times New Roman"
KEEP_TOGETHER_ROWS = 25  # a table this short stays on one page with its title
TWIPS_PER_MM = 1440 / 25.4
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_table(doc: Any, block: TableBlock, width_mm: float, size_pt: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from lxml import etree

    from vetstat.outputs.report_style import fonts

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(6)
    run = title.add_run(xml_safe(block.title))
    run.font.size = Pt(12)
    fonts(run._r.get_or_add_rPr(), TITLE_FONT)

    title._p.addnext(etree.fromstring(table_xml(block, width_mm, size_pt)))
    spacer = doc.add_paragraph()
    spacer.paragraph_format.line_spacing = Pt(12)


def table_xml(block: TableBlock, width_mm: float, size_pt: float) -> str:
    """The ``w:tbl`` of ``block``."""
    columns = max((len(row) for row in block.rows), default=1)
    weights = block.widths if len(block.widths) == columns else _weights(block, columns)
    total = sum(weights) or 1.0
    widths = [round(width_mm * TWIPS_PER_MM * weight / total) for weight in weights]
    merged = _merged(block)
    together = len(block.rows) <= KEEP_TOGETHER_ROWS
    size = round(size_pt * 2)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    parts = [
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblBorders>',
        *(border.format(side) for side in ("top", "left", "bottom", "right", "insideH",
                                           "insideV")),
        '</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    fonts = {
        header: (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
                 f'w:eastAsia="{TITLE_FONT if header else CELL_FONT}" w:cs="{LATIN_FONT}"/>'
                 f'{"<w:b/>" if header else ""}<w:sz w:val="{size}"/>'
                 f'<w:szCs w:val="{size}"/></w:rPr>')
        for header in (False, True)
    }
    for row_index, values in enumerate(block.rows):
        header = row_index < block.header_rows
        keep = "<w:keepNext/>" if together and row_index < len(block.rows) - 1 else ""
        parts.append("<w:tr><w:trPr><w:cantSplit/>"
                     + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for index in range(columns):
            text = values[index] if index < len(values) else ""
            numeric = index < len(block.numeric) and block.numeric[index]
            align = "center" if header else "right" if numeric else "left"
            merge = merged.get((row_index, index))
            if merge == "continue":
                text = ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[index]}" w:type="dxa"/>'
                + (f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else
                   "<w:vMerge/>" if merge == "continue" else "")
                + '<w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="0" w:line="240" '
                f'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
                + (f'<w:r>{fonts[header]}<w:t xml:space="preserve">{escape(xml_safe(text))}</w:t></w:r>'
                   if text else "")
                + "</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _merged(block: TableBlock) -> dict[tuple[int, int], str]:
    """(row, column) → ``restart`` / ``continue`` for the runs of equal text merged down."""
    found: dict[tuple[int, int], str] = {}
    for column in block.merge_down:
        values = [row[column] if column < len(row) else "" for row in block.rows]
        first = block.header_rows
        for index in range(first + 1, len(values) + 1):
            if index < len(values) and values[index] == values[first]:
                continue
            if index - first > 1:
                found[(first, column)] = "restart"
                for below in range(first + 1, index):
                    found[(below, column)] = "continue"
            first = index
    return found


def _weights(block: TableBlock, columns: int) -> list[float]:
    """Widths from the longest text of each column (CJK characters count double): a body cell
    on one line, a header on up to two."""
    def width(text: str) -> int:
        return sum(2 if ord(char) > 0x2E80 else 1 for char in text)

    weights = []
    for index in range(columns):
        body = max((width(row[index]) for row in block.rows[block.header_rows:]
                    if index < len(row)), default=0)
        header = max((width(row[index]) for row in block.rows[:block.header_rows]
                      if index < len(row)), default=0)
        weights.append(float(min(max(body + 1, header / 2 + 1, 4), 30)))
    return weights
