"""A :class:`TableBlock` as a Word table: the width of the text, header rows repeated on each
page, rows kept whole, numbers right-aligned, 五号 (10.5 pt) type in the text and 9 pt in the
annex so that 表1 and 表2 fit A4 portrait."""

from __future__ import annotations

from typing import Any

from vetstat.outputs.report_model import TableBlock

TITLE_FONT = "黑体"
CELL_FONT = "仿宋"


def add_table(doc: Any, block: TableBlock, width_mm: float, size_pt: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from vetstat.outputs.report_style import fonts

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(6)
    run = title.add_run(block.title)
    run.font.size = Pt(12)
    fonts(run._r.get_or_add_rPr(), TITLE_FONT)

    columns = max((len(row) for row in block.rows), default=1)
    table = doc.add_table(rows=len(block.rows), cols=columns)
    _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = block.widths if len(block.widths) == columns else _weights(block, columns)
    total = sum(weights) or 1.0
    widths = [Mm(width_mm * weight / total) for weight in weights]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    for row_index, (row, values) in enumerate(zip(table.rows, block.rows, strict=True)):
        header = row_index < block.header_rows
        _row_properties(row, header)
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]
            text = values[index] if index < len(values) else ""
            paragraph = cell.paragraphs[0]
            format_ = paragraph.paragraph_format
            format_.first_line_indent = Pt(0)
            format_.line_spacing = 1.0
            numeric = index < len(block.numeric) and block.numeric[index]
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if header else
                                   WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
            cell_run = paragraph.add_run(text)
            cell_run.font.size = Pt(size_pt)
            cell_run.font.bold = header
            fonts(cell_run._r.get_or_add_rPr(), TITLE_FONT if header else CELL_FONT)
    for index in block.merge_down:
        _merge_down(table, block, index)
    doc.add_paragraph().paragraph_format.line_spacing = Pt(12)


def _merge_down(table: Any, block: TableBlock, column: int) -> None:
    """Merge the runs of equal text below the header in ``column`` (the text kept once)."""
    values = [row[column] if column < len(row) else "" for row in block.rows]
    first = block.header_rows
    for index in range(first + 1, len(values) + 1):
        if index < len(values) and values[index] == values[first]:
            continue
        if index - first > 1:
            for below in range(first + 1, index):
                cell = table.cell(below, column)
                for paragraph in cell.paragraphs:
                    for run in list(paragraph.runs):
                        run._r.getparent().remove(run._r)
            table.cell(first, column).merge(table.cell(index - 1, column))
        first = index


def _weights(block: TableBlock, columns: int) -> list[float]:
    """Widths from the longest text of each column (CJK characters count double), bounded."""
    weights = []
    for index in range(columns):
        longest = max((sum(2 if ord(char) > 0x2E80 else 1 for char in row[index])
                       for row in block.rows if index < len(row)), default=4)
        weights.append(min(max(longest, 4), 30))
    return [float(weight) for weight in weights]


def _row_properties(row: Any, header: bool) -> None:
    """A row never split across pages; header rows repeated on each page."""
    from docx.oxml import OxmlElement

    from vetstat.outputs.report_style import insert_in_order

    properties = row._tr.get_or_add_trPr()
    insert_in_order(properties, OxmlElement("w:cantSplit"),
                    ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))
    if header:
        insert_in_order(properties, OxmlElement("w:tblHeader"),
                        ("w:tblCellSpacing", "w:jc", "w:hidden"))


def _borders(table: Any) -> None:
    """Single lines around every cell, set on the table itself (a bureau's template may have
    no "Table Grid" style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from vetstat.outputs.report_style import insert_in_order

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    insert_in_order(properties, borders, ("w:tblShd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                          "w:tblCaption", "w:tblDescription"))
