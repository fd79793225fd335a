"""The report as a Word document (python-docx), in the conventions of a Chinese official
report: A4 with the margins of GB/T 9704, title in 黑体 二号, headings 一、 in 黑体, （一） in
楷体, 1. in bold 仿宋, body in 仿宋 三号 (16 pt) on a 28 pt line, indented two characters; a
cover with the title, 填报单位 and date; a table-of-contents field; page numbers "— 1 —" in
the footer of the body.

Fonts are named for East Asian text (``w:rFonts w:eastAsia``) and the theme fonts removed, so
that Word, WPS and LibreOffice use them rather than the theme's.  Every :class:`Figure` of the
text sits in a bookmark (``vf1``, ``vf2`` …) named in ``customXml/vetstat-figures.xml``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from vetstat.core.files import write_atomically
from vetstat.core.text import xml_safe
from vetstat.outputs.report_model import (
    Blank,
    Block,
    Chart,
    Figure,
    Heading,
    PageBreak,
    Para,
    TableBlock,
)
from vetstat.outputs.report_style import (
    BODY_FONT,
    HEADING_FONT,
    SECOND_FONT,
    TITLE_FONT,
    fonts,
    insert_in_order,
)

BODY_PT, LINE_PT, TABLE_PT, ANNEX_PT = 16, 28, 10.5, 9
# GB/T 9704 (党政机关公文格式): A4, margins in mm
PAGE_MM, MARGINS_MM = (210, 297), {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]

# the elements of w:settings that come after w:updateFields
SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
BOOKMARK_BASE = 90_000  # above the bookmark ids a template may hold
CUSTOM_XML_NAME = "/customXml/vetstat-figures.xml"
FIGURES_NAMESPACE = "https://vetstat.example/figures/1"


def chinese_date(day: datetime.date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


class ReportDocument:
    """Builds the Word document of a report from its blocks."""

    def __init__(self, template: IO[bytes] | None = None) -> None:
        from docx import Document

        self.doc = Document(template) if template is not None else Document()
        self.figures: list[tuple[Figure, str]] = []  # each figure and its bookmark
        self._bookmark = 0
        self._charts = 0
        self.title = ""
        if template is None:
            self._styles()
            self._page(self.doc.sections[0])

    # --- styles and page --------------------------------------------------------------------

    def _styles(self) -> None:
        from docx.enum.text import WD_LINE_SPACING
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for rpr in defaults.iter(qn("w:rPr")):
                fonts(rpr, BODY_FONT)
        looks = {
            "Normal": (BODY_FONT, BODY_PT, False),
            "Title": (TITLE_FONT, 26, False),  # 一号 on the cover
            "Heading 1": (HEADING_FONT, BODY_PT, False),
            "Heading 2": (SECOND_FONT, BODY_PT, False),
            "Heading 3": (BODY_FONT, BODY_PT, True),
        }
        for name, (font, size, bold) in looks.items():
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = bold
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            fonts(style.element.get_or_add_rPr(), font)
            paragraph = style.paragraph_format
            paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.line_spacing = Pt(LINE_PT if name != "Title" else 44)
            paragraph.space_before = Pt(0)
            paragraph.space_after = Pt(0)
            if name.startswith("Heading"):
                paragraph.first_line_indent = Pt(BODY_PT * 2)
                paragraph.keep_with_next = True
            # no border or theme colour the template's title and headings carry
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)
            rpr = style.element.get_or_add_rPr()
            for colour in rpr.findall(qn("w:color")):
                colour.attrib.pop(qn("w:themeColor"), None)
                colour.attrib.pop(qn("w:themeShade"), None)
        styles["Normal"].paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        styles["Normal"].paragraph_format.widow_control = True

    def _page(self, section: Any) -> None:
        from docx.shared import Mm

        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(20)

    # --- the parts of the document ----------------------------------------------------------

    def cover(self, title: str, unit: str | None, day: datetime.date) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.title = title
        for _ in range(5):
            self._plain("")
        heading = self.doc.add_paragraph(style="Title")
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.first_line_indent = Pt(0)
        # "白城市 2022 年" above "中等职业教育质量年度报告": one line would break mid-phrase
        first, split, rest = title.partition("年")
        heading.add_run(xml_safe(first + split))
        if rest:
            heading.runs[0].add_break()
            heading.add_run(xml_safe(rest))
        for _ in range(7):
            self._plain("")
        line = self._plain("填报单位：", center=True)
        if unit:
            line.add_run(xml_safe(unit))
        else:
            self._highlighted(line, "【请填写填报单位】")
        self._plain(chinese_date(day), center=True)

    def contents(self, headings: Sequence[Heading]) -> None:
        """目录: a TOC field whose shown result already lists the chapters (Word updates the
        page numbers when the document is opened: ``w:updateFields``)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.oxml.ns import qn

        self.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        title = self._plain("目　　录", center=True)
        fonts(title.runs[0]._r.get_or_add_rPr(), HEADING_FONT)
        entries = [h for h in headings if 1 <= h.level <= 2] or [Heading(1, "")]
        for index, heading in enumerate(entries):
            paragraph = self._plain("")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.first_line_indent = None
            paragraph.paragraph_format.left_indent = _pt(0 if heading.level == 1 else BODY_PT * 2)
            if index == 0:
                _field_char(paragraph, "begin")
                _instruction(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
                _field_char(paragraph, "separate")
            paragraph.add_run(xml_safe(heading.text))
            if index == len(entries) - 1:
                _field_char(paragraph, "end")
        settings = self.doc.settings.element
        update = settings.find(qn("w:updateFields"))
        if update is None:
            from docx.oxml import OxmlElement

            update = OxmlElement("w:updateFields")
            insert_in_order(settings, update, SETTINGS_AFTER_UPDATE_FIELDS)
        update.set(qn("w:val"), "true")

    def body(self, blocks: Sequence[Block]) -> None:
        """The chapters in a section of their own, numbered from 1 in the footer."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section)
        _page_numbers(section)
        self._blocks(blocks)

    def body_at(self, marker: str, blocks: Sequence[Block]) -> bool:
        """The chapters in place of the paragraph that reads ``marker`` (a template's
        ``{{ body }}``), in the template's styles; False if there is no such paragraph."""
        target = next((p for p in self.doc.paragraphs if p.text.strip() == marker), None)
        if target is None:
            return False
        body = self.doc.element.body
        before = len(body)
        self._blocks(blocks)
        added = list(body)[before - 1:-1]  # what was appended, before the final sectPr
        for element in added:
            target._p.addprevious(element)
        target._p.getparent().remove(target._p)
        return True

    def _blocks(self, blocks: Sequence[Block]) -> None:
        first = True
        for block in blocks:
            if isinstance(block, Heading):
                if block.level == 0:
                    continue
                self._heading(block)
            elif isinstance(block, Para):
                self._para(block)
            elif isinstance(block, TableBlock):
                self._table(block)
            elif isinstance(block, Chart):
                from vetstat.outputs.report_charts import add_chart

                self._charts += 1
                add_chart(self.doc, block, self._charts, TEXT_WIDTH_MM)
            elif isinstance(block, PageBreak) and not first:
                from docx.enum.text import WD_BREAK

                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            first = False

    def _heading(self, block: Heading) -> None:
        """A heading in the style ``Heading N`` (what the table of contents collects); a
        template without it gets a bold paragraph."""
        name = f"Heading {min(block.level, 3)}"
        try:
            self.doc.add_paragraph(xml_safe(block.text), style=name)
        except KeyError:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(xml_safe(block.text)).bold = True

    def _plain(self, text: str, *, center: bool = False) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self.doc.add_paragraph()
        if text:
            paragraph.add_run(xml_safe(text))
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
        return paragraph

    def _highlighted(self, paragraph: Any, text: str) -> None:
        from docx.enum.text import WD_COLOR_INDEX

        run = paragraph.add_run(xml_safe(text))
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _para(self, block: Para) -> None:
        paragraph = self._plain("", center=block.center)
        for run in block.runs:
            if isinstance(run, str):
                paragraph.add_run(xml_safe(run))
            elif isinstance(run, Blank):
                self._highlighted(paragraph, xml_safe(run.text))
            else:
                self._figure(paragraph, run)

    def _figure(self, paragraph: Any, figure: Figure) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._bookmark += 1
        name = f"vf{self._bookmark}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(BOOKMARK_BASE + self._bookmark))
        start.set(qn("w:name"), name)
        paragraph._p.append(start)
        paragraph.add_run(xml_safe(figure.text))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(BOOKMARK_BASE + self._bookmark))
        paragraph._p.append(end)
        self.figures.append((figure, name))

    def _table(self, block: TableBlock) -> None:
        from vetstat.outputs.report_tables import add_table

        add_table(self.doc, block, TEXT_WIDTH_MM, ANNEX_PT if block.small else TABLE_PT)

    # --- the record of figures ----------------------------------------------------------------

    def record_figures(self, unmarked: Sequence[Figure] = ()) -> None:
        """``customXml/vetstat-figures.xml``: every figure written, with its bookmark (none for
        the ``unmarked`` ones a template's placeholders wrote)."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        root = etree.Element(f"{{{FIGURES_NAMESPACE}}}figures", nsmap={None: FIGURES_NAMESPACE})
        for figure, bookmark in [*self.figures, *((figure, "") for figure in unmarked)]:
            item = etree.SubElement(root, f"{{{FIGURES_NAMESPACE}}}figure")
            item.set("key", figure.key)
            item.set("subject", xml_safe(figure.subject))
            item.set("value", "" if figure.value is None else repr(figure.value))
            item.set("text", xml_safe(figure.text))
            item.set("bookmark", bookmark)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        document_part = self.doc.part
        part = Part(PackURI(CUSTOM_XML_NAME), "application/xml", blob, document_part.package)
        document_part.relate_to(
            part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml")

    def save(self, path: Path) -> None:
        """Whole or not at all, marked as vetstat's output (:mod:`vetstat.core.files`): once the
        bureau has saved it in Word, it is its document and ``--force`` does not replace it."""
        from vetstat.core.files import REPORT, stamp_file

        self.doc.core_properties.title = xml_safe(self.title)

        def write(temporary: Path) -> None:
            self.doc.save(str(temporary))
            stamp_file(temporary, REPORT)

        write_atomically(path, write)


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _field_char(paragraph: Any, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _instruction(paragraph: Any, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run._r.append(instruction)


def _page_numbers(section: Any) -> None:
    """"— 1 —" centred in the footer, counting from 1 in this section."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.add_run("— ")
    _field_char(paragraph, "begin")
    _instruction(paragraph, "PAGE")
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(14)
        fonts(run._r.get_or_add_rPr(), "宋体")
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    insert_in_order(section._sectPr, numbering,
                    ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                     "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                     "w:printerSettings"))
