"""Reading a report of any kind: a ``.docx`` (:mod:`vetstat.reading.report_docx`), a ``.pdf``,
a ``.txt`` or ``.md`` (:mod:`vetstat.reading.report_text`), refused when it is too large."""

from __future__ import annotations

from pathlib import Path

from vetstat.reading.report_docx import read_docx
from vetstat.reading.report_text import (
    MAX_REPORT_BYTES,
    MAX_TEXT_BYTES,
    SUFFIXES,
    ReportText,
    ReportUnreadable,
    decoded,
    pdf_pages,
    text_blocks,
)


def read_report(path: Path) -> ReportText:
    """The report's blocks; :class:`ReportUnreadable` for what cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportUnreadable(
            f"不支持的报告格式“{suffix or '（无扩展名）'}”：报告须是 .docx、.pdf、.txt 或 .md 文件"
            "（.doc 请在 Word 或 WPS 中另存为 .docx）。",
            f"unsupported report format '{suffix or '(none)'}': the report must be a .docx, "
            ".pdf, .txt or .md file (save a .doc as .docx in Word or WPS).")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReportUnreadable("报告不是普通文件。", "the report is not a regular file.")
    except OSError as exc:
        raise ReportUnreadable(f"无法读取报告（{exc.strerror}）。",
                               f"cannot read the report ({exc.strerror}).") from exc
    limit = MAX_REPORT_BYTES if suffix in (".docx", ".pdf") else MAX_TEXT_BYTES
    if size > limit:
        raise ReportUnreadable(
            f"报告文件过大（{size // (1024 * 1024)} MB，上限 {limit // (1024 * 1024)} MB），已拒绝读取。",
            f"the report is too large ({size // (1024 * 1024)} MB, limit "
            f"{limit // (1024 * 1024)} MB) and was not read.")
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        pages = pdf_pages(path)
        return ReportText(path, "pdf", text_blocks(pages, paged=True))
    return ReportText(path, suffix.lstrip("."), text_blocks([decoded(path.read_bytes())]))
