"""``vetstat report``: the city's annual quality report as a Word document, written from the
figures (:mod:`vetstat.outputs.report_chapters`) and laid out by
:mod:`vetstat.outputs.report_docx`."""

from __future__ import annotations

from pathlib import Path

from vetstat.outputs.report_chapters import chapters, title_of
from vetstat.outputs.report_model import Block, Figure, Heading
from vetstat.usecases.report import ReportData


def write_report(data: ReportData, path: Path) -> list[Figure]:
    """Write the report of ``data`` to ``path`` (whole or not at all); the figures written."""
    from vetstat.outputs.report_docx import ReportDocument

    blocks: list[Block] = chapters(data)
    document = ReportDocument()
    document.cover(title_of(data), data.unit, data.date)
    document.contents([block for block in blocks if isinstance(block, Heading)])
    document.body(blocks)
    document.record_figures()
    document.save(path)
    return [figure for figure, _ in document.figures]
