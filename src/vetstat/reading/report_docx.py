"""A Word report (``.docx``): its package checked before any part is inflated, then its
paragraphs and table cells in document order, with the offsets of the runs and bookmarks in
each (what ``check-report --annotate`` anchors its comments to), and the record of figures a
report drafted by vetstat carries (``customXml/vetstat-figures.xml``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetstat.reading.report_text import (
    _HEADING,
    Block,
    Location,
    RecordedFigure,
    ReportText,
    ReportUnreadable,
)
from vetstat.xlsx.limits import MAX_PART_BYTES, MAX_RATIO, OLE_MAGIC, RATIO_FLOOR, ZIP_MAGIC

MAX_DOCX_INFLATED = 512 * 1024 * 1024  # every part of the package, as its headers declare
MAX_DOCX_PARTS = 5000  # a report with a hundred photos has a few hundred
XML_HEAD = 64 * 1024
FIGURES_PART = "/customXml/vetstat-figures.xml"
FIGURES_NS = "https://vetstat.example/figures/1"
MAX_SECTION_TITLE = 40  # characters: a numbered paragraph longer than this is no heading

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _refused(zh: str, en: str) -> ReportUnreadable:
    return ReportUnreadable(f"{zh}，已拒绝读取。", f"{en}; it was not read.")


def check_docx(path: Path) -> None:
    """Raise :class:`ReportUnreadable` unless ``path`` is a Word package safe to open: a zip
    (not an encrypted or legacy compound file) whose parts declare plausible sizes."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in head:
            raise ReportUnreadable(
                "Word 文档设置了打开密码（已加密），无法读取。请在 Word 中取消密码（文件 › 信息 › "
                "保护文档 › 用密码进行加密，清空密码）后再试。",
                "the Word document is password-protected (encrypted) and cannot be read; "
                "remove the password (File › Info › Protect Document › Encrypt with Password).")
        raise ReportUnreadable("这是旧版 Word 文档（.doc），不是 .docx。请在 Word 或 WPS 中另存为 .docx。",
                               "this is a legacy Word document (.doc), not .docx; save it as "
                               ".docx in Word or WPS.")
    if not head.startswith(ZIP_MAGIC):
        raise ReportUnreadable("文件不是 Word 文档（.docx），无法读取。", "the file is not a Word "
                               "document (.docx) and cannot be read.")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
            _check_sizes(entries)
            if "word/document.xml" not in names:
                raise ReportUnreadable("文件不是 Word 文档：缺少正文部件 word/document.xml。",
                                       "not a Word document: no word/document.xml part.")
            for info in entries:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as stream:
                        part_head = stream.read(XML_HEAD)
                    if b"<!DOCTYPE" in part_head.upper() or b"<!ENTITY" in part_head.upper():
                        raise _refused(f"文档的部件 {info.filename} 含 DTD/实体声明（Word 从不写这种内容），"
                                       "可能是恶意文件", f"the part {info.filename} carries a DTD or "
                                       "entity declarations, which Word never writes")
    except ReportUnreadable:
        raise
    except RuntimeError as exc:  # zipfile: "... is encrypted, password required"
        raise ReportUnreadable("Word 文档的部件已加密，无法读取。", "the document's parts are "
                               "encrypted and cannot be read.") from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReportUnreadable("Word 文档已损坏，无法打开。请在 Word 中打开并另存一次。",
                               "the Word document is damaged and cannot be opened; open it in "
                               "Word and save it again.") from exc


def _check_sizes(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_DOCX_PARTS:
        raise _refused("Word 文档的部件数量远超正常范围，可能是恶意或损坏的文件",
                       "the document has far more parts than any Word document")
    declared = 0
    for info in entries:
        declared += info.file_size
        xml = info.filename.endswith((".xml", ".rels"))
        if (xml and info.file_size > MAX_PART_BYTES) or (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise _refused(f"文档解压后过大（部件 {info.filename}），可能是“压缩炸弹”或已损坏",
                           f"the document inflates to an implausible size (part "
                           f"{info.filename}); it may be a zip bomb or damaged")
    if declared > MAX_DOCX_INFLATED:
        raise _refused("文档解压后过大，可能是“压缩炸弹”或已损坏",
                       "the document inflates to an implausible size; it may be a zip bomb")


def open_docx(path: Path) -> Any:
    """The python-docx document, after :func:`check_docx`."""
    check_docx(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError,
            EOFError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise ReportUnreadable("Word 文档已损坏，无法打开。请在 Word 中打开并另存一次。",
                               "the Word document is damaged and cannot be opened; open it in "
                               "Word and save it again.") from exc


# --- the text, in document order -----------------------------------------------------------


@dataclass
class Piece:
    """A run's text within its block: (start, end) offsets and the run's element."""

    start: int
    end: int
    run: Any


@dataclass
class DocxBlock:
    block: Block
    pieces: list[Piece]


def docx_blocks(document: Any) -> list[DocxBlock]:
    """Every paragraph of the body and every cell of its tables, in document order."""
    found: list[DocxBlock] = []
    section = ""
    paragraph_number = table_number = 0
    body = document.element.body
    headings = _heading_styles(document)
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text, pieces, bookmarks = _paragraph([child])
            if not text.strip():
                continue
            paragraph_number += 1
            if _is_heading(headings, child, text):
                section = text.split("。")[0].strip()
            found.append(DocxBlock(Block(text, Location(paragraph_number, section=section),
                                         len(found), bookmarks), pieces))
        elif child.tag == f"{_W}tbl":
            table_number += 1
            for row_number, column_number, paragraphs in _cells(child):
                text, pieces, bookmarks = _paragraph(paragraphs)
                if not text.strip():
                    continue
                location = Location(section=section, table=table_number, row=row_number,
                                    column=column_number)
                found.append(DocxBlock(Block(text, location, len(found), bookmarks), pieces))
    return found


def _cells(table: Any) -> Iterator[tuple[int, int, list[Any]]]:
    """(row, column, paragraphs) of each cell, from 1; a merged cell once, where it starts."""
    for row_number, row in enumerate(table.iterchildren(f"{_W}tr"), start=1):
        column = 0
        for cell in row.iterchildren(f"{_W}tc"):
            column += 1
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            merged = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merged is None or merged.get(f"{_W}val") == "restart":
                yield row_number, column, list(cell.iter(f"{_W}p"))
            if span is not None and str(span.get(f"{_W}val", "1")).isdigit():
                column += int(span.get(f"{_W}val")) - 1


def _paragraph(paragraphs: list[Any]) -> tuple[str, list[Piece], tuple[tuple[str, int], ...]]:
    """The text of paragraphs (joined by newlines), their runs' offsets and bookmarks."""
    parts: list[str] = []
    pieces: list[Piece] = []
    bookmarks: list[tuple[str, int]] = []
    size = 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            parts.append("\n")
            size += 1
        for element in paragraph.iter(f"{_W}r", f"{_W}bookmarkStart"):
            if element.tag == f"{_W}bookmarkStart":
                bookmarks.append((str(element.get(f"{_W}name", "")), size))
                continue
            if any(parent.tag in (f"{_W}del", f"{_W}moveFrom") for parent in element.iterancestors()):
                continue
            text = _run_text(element)
            if text:
                pieces.append(Piece(size, size + len(text), element))
                parts.append(text)
                size += len(text)
    return "".join(parts), pieces, tuple(bookmarks)


def _run_text(run: Any) -> str:
    out = []
    for child in run.iterchildren():
        if child.tag == f"{_W}t":
            out.append(child.text or "")
        elif child.tag == f"{_W}tab":
            out.append("\t")
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _heading_styles(document: Any) -> set[str]:
    """The ids of the styles that make a heading (Heading 1…, 标题 1…, Title)."""
    found = set()
    for style in document.styles:
        name = str(style.name or "")
        if name.lower().startswith(("heading", "title")) or name.startswith("标题"):
            found.add(str(style.style_id))
    return found


def _is_heading(headings: set[str], paragraph: Any, text: str) -> bool:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    if style is not None and str(style.get(f"{_W}val", "")) in headings:
        return True
    return len(text) <= MAX_SECTION_TITLE and bool(_HEADING.match(text.strip()))


# --- the record of figures ------------------------------------------------------------------


def recorded_figures(document: Any) -> list[RecordedFigure]:
    """The figures a report drafted by vetstat recorded; none when the part is gone."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) != FIGURES_PART:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(part.blob, parser)
        except etree.XMLSyntaxError:
            return []
        return [RecordedFigure(str(node.get("key", "")), str(node.get("subject", "")),
                               str(node.get("value", "")), str(node.get("text", "")),
                               str(node.get("bookmark", "")))
                for node in root.iter(f"{{{FIGURES_NS}}}figure")]
    return []


def read_docx(path: Path) -> ReportText:
    document = open_docx(path)
    blocks = [item.block for item in docx_blocks(document)]
    return ReportText(path, "docx", blocks, recorded_figures(document))
