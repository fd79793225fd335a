"""The report's fonts: named for East Asian text, the theme's fonts removed, so that Word, WPS
and LibreOffice use them (a theme font attribute wins over a named one)."""

from __future__ import annotations

from typing import Any

TITLE_FONT, HEADING_FONT, SECOND_FONT, BODY_FONT = "黑体", "黑体", "楷体", "仿宋"
LATIN_FONT = "Times New Roman"


def fonts(element: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style properties element (``w:rPr``), theme fonts removed."""
    from docx.oxml.ns import qn

    fonts_element = element.find(qn("w:rFonts"))
    if fonts_element is None:
        from docx.oxml import OxmlElement

        fonts_element = OxmlElement("w:rFonts")
        element.insert(0, fonts_element)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts_element.attrib.pop(qn(theme), None)
    for attribute, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia),
                            ("w:cs", latin)):
        fonts_element.set(qn(attribute), name)


def insert_in_order(parent: Any, child: Any, followers: tuple[str, ...]) -> None:
    """Put ``child`` into ``parent`` before the first of its ``followers`` (the elements the
    schema orders after it: Word refuses a document whose elements are out of order)."""
    from docx.oxml.ns import qn

    for name in followers:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)
