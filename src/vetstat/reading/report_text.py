"""A report's text, read from a ``.docx``, ``.pdf``, ``.txt`` or ``.md``, in blocks with their
locations: a paragraph (its number and the heading it sits under, and its page in a PDF) or a
table cell (table, row, column).

Hard-wrapped lines (what pdftotext gives, or a text copied from a PDF) are joined into
paragraphs, Chinese without a space.  Reading is bounded as reading a workbook is: a size cap,
the declared sizes of a ``.docx``'s parts checked before any is inflated, a page and time cap
for a PDF; :class:`ReportUnreadable` says in Chinese and English why a report cannot be read.
The package parts of a ``.docx`` are :mod:`vetstat.reading.report_docx`'s;
:mod:`vetstat.reading.report_read` reads a report of any kind.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from vetstat.core.issues import Lang

MAX_REPORT_BYTES = 100 * 1024 * 1024  # a report with its photos is tens of MB
MAX_TEXT_BYTES = 16 * 1024 * 1024  # a .txt or .md report, or what a PDF's text comes to
MAX_PDF_PAGES = 500
PDF_SECONDS = 60  # pdftotext (or pypdf) on the whole PDF
SUFFIXES = (".docx", ".pdf", ".txt", ".md")


class ReportUnreadable(Exception):
    """The report cannot be read: why, and what to do, in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en


@dataclass(frozen=True)
class Location:
    """Where a block sits: a paragraph (number from 1, with its page and heading), or a cell."""

    paragraph: int | None = None
    page: int | None = None
    section: str = ""  # the heading the paragraph sits under
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def text(self, lang: Lang) -> str:
        zh = lang is Lang.ZH
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第 {self.page} 页" if zh else f"page {self.page}")
        if self.table is not None:
            parts.append(f"表格 {self.table} 第 {self.row} 行第 {self.column} 列" if zh
                         else f"table {self.table}, row {self.row}, column {self.column}")
        elif self.paragraph is not None:
            parts.append(f"第 {self.paragraph} 段" if zh else f"paragraph {self.paragraph}")
        shown = ("" if zh else ", ").join(parts)
        if self.section:
            section = self.section if len(self.section) <= 24 else self.section[:23] + "…"
            shown += f"（{section}）" if zh else f" ({section})"
        return shown

    def as_dict(self) -> dict[str, int | str | None]:
        return {"paragraph": self.paragraph, "page": self.page, "section": self.section or None,
                "table": self.table, "row": self.row, "column": self.column}


@dataclass(frozen=True)
class Block:
    """A paragraph or a table cell: its text, where it is, and (in a .docx) which block of the
    document it is, in the order :func:`vetstat.reading.report_docx.docx_blocks` walks it."""

    text: str
    location: Location
    index: int = 0
    # the bookmarks that start in the text (name, offset): where vetstat wrote a figure
    bookmarks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RecordedFigure:
    """A figure the report's writer recorded (``customXml/vetstat-figures.xml``)."""

    key: str
    subject: str
    value: str
    text: str
    bookmark: str


@dataclass
class ReportText:
    path: Path
    kind: str  # docx, pdf, txt, md
    blocks: list[Block]
    figures: list[RecordedFigure] = field(default_factory=list)


def decoded(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030: what a Chinese Windows saves text in."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportUnreadable("报告不是 UTF-8 或 GBK 编码的文本，无法读取。请在记事本中另存为 UTF-8。",
                           "the report is not text in UTF-8 or GBK; save it as UTF-8.")


# --- PDF ------------------------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise _broken_pdf("文件开头没有 PDF 标记", "no PDF header")
    if shutil.which("pdftotext"):
        return _pdftotext(path)
    return _pypdf(path)


def _broken_pdf(zh: str, en: str) -> ReportUnreadable:
    return ReportUnreadable(f"PDF 文件已损坏或不是 PDF（{zh}），无法读取。请重新导出 PDF，或改用 .docx。",
                            f"the PDF is damaged or not a PDF ({en}); export it again, or "
                            "give the .docx.")


def _encrypted_pdf() -> ReportUnreadable:
    return ReportUnreadable("PDF 设置了打开密码（已加密），无法读取。请取消密码后重新导出。",
                            "the PDF is password-protected (encrypted) and cannot be read; "
                            "remove the password and export it again.")


def _too_slow() -> ReportUnreadable:
    return ReportUnreadable(
        f"PDF 在 {PDF_SECONDS} 秒内未能读完，可能是恶意或损坏的文件，已停止读取。请改用 .docx。",
        f"the PDF could not be read within {PDF_SECONDS} seconds; it may be hostile or "
        "damaged, and reading was stopped. Give the .docx instead.")


def _pdftotext(path: Path) -> list[str]:
    command = ["pdftotext", "-q", "-enc", "UTF-8", "-l", str(MAX_PDF_PAGES), str(path), "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _too_slow() from exc
    if done.returncode != 0:
        # pdftotext's exit codes: 1 cannot open (damaged), 3 permissions (encrypted)
        probe = subprocess.run(["pdfinfo", str(path)], capture_output=True, timeout=PDF_SECONDS,
                               check=False) if shutil.which("pdfinfo") else None
        said = (probe.stderr if probe is not None else b"") + done.stderr
        if done.returncode == 3 or b"password" in said.lower() or b"encrypt" in said.lower():
            raise _encrypted_pdf()
        raise _broken_pdf("pdftotext 无法打开", "pdftotext cannot open it")
    if len(done.stdout) > MAX_TEXT_BYTES:
        raise ReportUnreadable("PDF 的文字过多，远超一份质量报告，已拒绝读取。",
                               "the PDF holds far more text than any quality report; not read.")
    return done.stdout.decode("utf-8", errors="replace").split("\f")


def _pypdf(path: Path) -> list[str]:
    """Where poppler is not installed (Windows): pypdf, page by page within the time cap."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    started = time.monotonic()
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _encrypted_pdf()
        pages, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES:
                break
            if time.monotonic() - started > PDF_SECONDS:
                raise _too_slow()
            text = page.extract_text() or ""
            size += len(text)
            if size > MAX_TEXT_BYTES:
                raise ReportUnreadable("PDF 的文字过多，远超一份质量报告，已拒绝读取。",
                                       "the PDF holds far more text than any quality report.")
            pages.append(text)
    except ReportUnreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise _encrypted_pdf() from exc
        raise _broken_pdf(type(exc).__name__, str(exc)[:120]) from exc
    return pages


# --- hard-wrapped text ----------------------------------------------------------------------

# a line that starts a paragraph: a numbered heading (2.4 / 3.6.1 / 1. / 一、 / （二）), a
# caption (表 1 / 图 2), a numbered item of the report (挑战 1.)
_HEADING = re.compile(r"^(?:\d{1,2}(?:[.．]\d{1,2})*[.．、](?![\d\s]*[万亿元%％])\s*\D|"
                      r"\d{1,2}(?:[.．]\d{1,2})+(?![\d\s]*[万亿元%％])\s*\D|"
                      r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[表图]\s*\d|挑战\s*\d|附件)")
_SENTENCE_END = ("。", "！", "？", "：")
_PAGE_NUMBER = re.compile(r"^[-—\s]*\d{1,4}[-—\s]*$")
_ASCII_WORD = re.compile(r"[A-Za-z]$")
SHORT_LINE = 16  # characters: a line this short that ends no sentence stands alone (a title)


def text_blocks(pages: list[str], *, paged: bool = False) -> list[Block]:
    """Paragraphs of hard-wrapped text: a line joins the one before unless that one ended a
    sentence or this one starts a heading; a heading sets the section of what follows."""
    blocks: list[Block] = []
    full = _full_width([line.strip() for page in pages for line in page.splitlines()])
    section = ""
    current: list[str] = []
    current_page = 1

    def close() -> None:
        nonlocal current
        if current:
            text = "".join(current).strip()
            if text:
                blocks.append(Block(text, Location(len(blocks) + 1, current_page if paged
                                                   else None, section), len(blocks)))
        current = []

    for number, page in enumerate(pages, start=1):
        for raw in page.splitlines():
            line = raw.strip()
            if not line or _PAGE_NUMBER.match(line):
                continue
            heading = bool(_HEADING.match(line))
            # a sentence that ends at a full line's end may go on in the next line
            ended = bool(current) and current[-1].endswith(_SENTENCE_END) \
                and _width(current[-1]) < full
            short = bool(current) and len(current[-1]) < SHORT_LINE and len(current) == 1 \
                and not current[-1].endswith(("，", "、"))
            if heading or ended or short:
                close()
            if not current:
                current_page = number
                if heading:
                    section = _section_of(line)
            elif _ASCII_WORD.search(current[-1]) and line[:1].isascii() and line[:1].isalpha():
                line = " " + line
            current.append(line)
    close()
    return blocks


def _width(line: str) -> int:
    """A line's width in half-width characters: a Chinese character is two."""
    return sum(1 if char.isascii() else 2 for char in line)


def _full_width(lines: list[str]) -> int:
    """The width of a full line of the text (the wrapping's), or one no line reaches."""
    widths = sorted(_width(line) for line in lines if len(line) > SHORT_LINE)
    if len(widths) < 10:
        return 1 << 30
    return widths[len(widths) * 3 // 4] - 3


def _section_of(line: str) -> str:
    """A heading's words: up to its first full stop (a heading may run into its text)."""
    head = re.split(r"[。；]", line, maxsplit=1)[0]
    return head.strip()
