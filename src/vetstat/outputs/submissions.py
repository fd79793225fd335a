"""报送情况: what became of every submission (and, with a roster, of every school on it)."""

from __future__ import annotations

from typing import Any

from vetstat.core.issues import Lang
from vetstat.outputs.render import Column, Table
from vetstat.usecases.aggregate import CityResult, Submission

SUBMISSION_COLUMNS = [
    Column("school_code", "学校标识码", "school code"),
    Column("name", "学校名称", "school"),
    Column("file", "文件", "file"),
    Column("status", "报送情况", "status"),
    Column("on_roster", "名单内", "on roster"),
    Column("counted", "计入合计", "counted"),
    Column("errors", "错误", "errors"),
    Column("warnings", "警告", "warnings"),
]


def submissions_table(result: CityResult, lang: Lang = Lang.ZH) -> Table:
    """One row per file and per roster school that sent none, in the words of data contract
    §4.1 (通过, 有错误, 重复未计入 …)."""
    rows = [_row(entry, lang) for entry in result.submissions()]
    return Table("报送情况", "Submissions", SUBMISSION_COLUMNS, rows, name="submissions")


def _row(entry: Submission, lang: Lang) -> dict[str, Any]:
    zh = lang is Lang.ZH
    yes, no = ("是", "否") if zh else ("yes", "no")
    status = entry.words(lang)
    if entry.reason is not None:
        status += f"（{entry.reason[0]}）" if zh else f" ({entry.reason[1]})"
    return {
        "school_code": entry.school_code or "",
        "name": entry.name or "",
        "file": entry.file or "",
        "status": status,
        "on_roster": "" if entry.on_roster is None else (yes if entry.on_roster else no),
        "counted": yes if entry.counted else no,
        "errors": entry.errors,
        "warnings": entry.warnings,
    }
