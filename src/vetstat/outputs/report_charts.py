"""Native Word charts: a chart part (DrawingML ``c:chartSpace``) with the values cached in it
and the workbook behind it embedded, so that Word and WPS show and edit the chart and
LibreOffice draws it; its Chinese text is text, drawn in the reader's fonts, not a picture.

python-docx has no chart API; python-pptx writes the same ``c:chartSpace`` for PowerPoint
(``ChartXmlWriter``, through ``CategoryChartData.xml_bytes``) and the embedded workbook
(``xlsx_blob``).  Here the title, data labels, legend and East Asian font are added to it and
it is placed inline in the document.
"""

from __future__ import annotations

from typing import Any

from vetstat.core.text import xml_safe
from vetstat.outputs.report_model import Chart

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = f"{R}/chart"
PACKAGE_REL = f"{R}/package"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_FONT = "黑体"
EMU_PER_MM = 36_000


def chart_xml(chart: Chart) -> tuple[bytes, bytes]:
    """The ``c:chartSpace`` of ``chart`` (without its workbook link) and the workbook."""
    from lxml import etree
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    data = CategoryChartData(number_format=chart.number_format)
    data.categories = [xml_safe(category) for category in chart.categories]
    for name, values in chart.series:
        data.add_series(xml_safe(name), values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    space = etree.fromstring(data.xml_bytes(kind))
    _dress(space, chart)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True), \
        data.xlsx_blob


def _c(name: str, **attributes: str) -> Any:
    from lxml import etree

    element = etree.Element(f"{{{C}}}{name}")
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _font_properties(size: int, bold: bool = False) -> Any:
    """``c:txPr`` naming the East Asian font at ``size`` hundredths of a point."""
    from lxml import etree

    text = _c("txPr")
    etree.SubElement(text, f"{{{A}}}bodyPr")
    etree.SubElement(text, f"{{{A}}}lstStyle")
    paragraph = etree.SubElement(text, f"{{{A}}}p")
    properties = etree.SubElement(etree.SubElement(paragraph, f"{{{A}}}pPr"), f"{{{A}}}defRPr",
                                  sz=str(size), b="1" if bold else "0")
    etree.SubElement(properties, f"{{{A}}}latin", typeface=CHART_FONT)
    etree.SubElement(properties, f"{{{A}}}ea", typeface=CHART_FONT)
    etree.SubElement(paragraph, f"{{{A}}}endParaRPr", lang="zh-CN")
    return text


def _title(text: str) -> Any:
    from lxml import etree

    title = _c("title")
    rich = etree.SubElement(etree.SubElement(title, f"{{{C}}}tx"), f"{{{C}}}rich")
    etree.SubElement(rich, f"{{{A}}}bodyPr")
    etree.SubElement(rich, f"{{{A}}}lstStyle")
    paragraph = etree.SubElement(rich, f"{{{A}}}p")
    properties = etree.SubElement(etree.SubElement(paragraph, f"{{{A}}}pPr"), f"{{{A}}}defRPr",
                                  sz="1200", b="1")
    etree.SubElement(properties, f"{{{A}}}latin", typeface=CHART_FONT)
    etree.SubElement(properties, f"{{{A}}}ea", typeface=CHART_FONT)
    run = etree.SubElement(paragraph, f"{{{A}}}r")
    run_properties = etree.SubElement(run, f"{{{A}}}rPr", lang="zh-CN", sz="1200", b="1")
    etree.SubElement(run_properties, f"{{{A}}}latin", typeface=CHART_FONT)
    etree.SubElement(run_properties, f"{{{A}}}ea", typeface=CHART_FONT)
    etree.SubElement(run, f"{{{A}}}t").text = xml_safe(text)
    title.append(_c("overlay", val="0"))
    return title


def _dress(space: Any, chart: Chart) -> None:
    """Title, data labels, a legend for several series, the East Asian font, 10 pt text."""
    body = space.find(f"{{{C}}}chart")
    body.insert(0, _title(chart.title))
    plot = body.find(f"{{{C}}}plotArea")
    bars = plot.find(f"{{{C}}}barChart")
    labels = _c("dLbls")
    labels.append(_c("numFmt", formatCode=chart.number_format, sourceLinked="0"))
    for flag, value in (("showLegendKey", "0"), ("showVal", "1"), ("showCatName", "0"),
                        ("showSerName", "0"), ("showPercent", "0"), ("showBubbleSize", "0")):
        labels.append(_c(flag, val=value))
    first_axis = bars.find(f"{{{C}}}axId")
    first_axis.addprevious(labels)
    first_axis.addprevious(_c("gapWidth", val="60"))
    # category names beside the axis, even when bars go below zero
    category_axis = plot.find(f"{{{C}}}catAx")
    category_axis.find(f"{{{C}}}tickLblPos").set("val", "low")
    if chart.axis is not None:
        scaling = plot.find(f"{{{C}}}valAx").find(f"{{{C}}}scaling")
        for child in list(scaling):
            scaling.remove(child)
        scaling.append(_c("orientation", val="minMax"))
        scaling.append(_c("max", val=f"{chart.axis[1]:g}"))
        scaling.append(_c("min", val=f"{chart.axis[0]:g}"))
    if len(chart.series) > 1:
        legend = _c("legend")
        legend.append(_c("legendPos", val="b"))
        legend.append(_c("overlay", val="0"))
        plot.addnext(legend)
        legend.addnext(_c("plotVisOnly", val="1"))
    old = space.find(f"{{{C}}}txPr")
    if old is not None:
        space.remove(old)
    body.addnext(_font_properties(1000))


def chart_height_mm(chart: Chart) -> float:
    bars = len(chart.categories) * (len(chart.series) if chart.horizontal else 1)
    if not chart.horizontal:
        return 90.0
    return float(min(max(60, 30 + 7 * bars), 200))


def add_chart(doc: Any, chart: Chart, number: int, width_mm: float) -> None:
    """The chart, inline in a paragraph of its own, as wide as the text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.shared import Pt
    from lxml import etree

    space_xml, workbook = chart_xml(chart)
    package = doc.part.package
    chart_part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_TYPE, b"", package)
    book_part = Part(PackURI(f"/word/embeddings/vetstat-chart{number}.xlsx"), XLSX_TYPE, workbook,
                     package)
    book_id = chart_part.relate_to(book_part, PACKAGE_REL)
    space = etree.fromstring(space_xml)
    external = _c("externalData")
    external.set(f"{{{R}}}id", book_id)
    external.append(_c("autoUpdate", val="0"))
    space.append(external)
    chart_part._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    chart_id = doc.part.relate_to(chart_part, CHART_REL)

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.keep_together = True
    width = int(width_mm * EMU_PER_MM)
    height = int(chart_height_mm(chart) * EMU_PER_MM)
    inline = etree.fromstring(
        f'<wp:inline xmlns:wp="{WP}" xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{R}" distT="0" '
        f'distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="图表 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{C}"><c:chart r:id="{chart_id}"/></a:graphicData>'
        f'</a:graphic></wp:inline>')
    from docx.oxml import OxmlElement

    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    paragraph.add_run()._r.append(drawing)
