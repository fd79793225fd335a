"""``check-report --annotate``: a copy of the Word report with a comment on every sentence
whose figure disagrees with the data, cannot be checked, or contradicts another; the report
itself is only read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vetstat.core.files import write_atomically
from vetstat.core.issues import Lang
from vetstat.figures.verdicts import CONSISTENT
from vetstat.outputs.check_tables import claim_row
from vetstat.reading.report_docx import DocxBlock, docx_blocks, open_docx
from vetstat.usecases.check_report import CheckResult

AUTHOR, INITIALS = "vetstat", "VS"


def _runs(item: DocxBlock, sentence: str) -> list[Any]:
    """The runs the sentence spans in its block (all of them when it cannot be found)."""
    start = item.block.text.find(sentence)
    if start < 0:
        return [piece.run for piece in item.pieces]
    end = start + len(sentence)
    return [piece.run for piece in item.pieces if piece.start < end and start < piece.end]


def annotate_report(source: Path, result: CheckResult, target: Path) -> int:
    """Write the commented copy; the number of comments."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    document = open_docx(source)
    blocks = docx_blocks(document)
    notes: dict[tuple[int, str], list[str]] = {}
    for verdict in result.verdicts:
        if verdict.verdict == CONSISTENT:
            continue
        claim = verdict.claim
        row = claim_row(verdict, Lang.ZH, result.written)
        text = f"{row['verdict']}：{row['stated']}"
        if row["indicator"]:
            text += f"（{row['indicator']}，{row['subject']}，{row['time']}）"
        if row["data"]:
            text += f"，数据为 {row['data']}"
        if row["note"]:
            text += f"。{row['note']}"
        notes.setdefault((claim.block.index, claim.sentence), []).append(text)
    for item in result.contradictions:
        first = item.claims[0]
        notes.setdefault((first.block.index, first.sentence), []).append(
            f"内部矛盾（{item.kind}）：{item.message}")
    written = 0
    for (index, sentence), texts in notes.items():
        if index >= len(blocks):
            continue
        runs = _runs(blocks[index], sentence)
        if not runs:
            continue
        anchors = [Run(run, Paragraph(run.getparent(), document.part))
                   for run in (runs[0], runs[-1])]
        document.add_comment(anchors, "\n".join(texts), author=AUTHOR, initials=INITIALS)
        written += 1
    write_atomically(target, lambda temporary: document.save(str(temporary)))
    return written
