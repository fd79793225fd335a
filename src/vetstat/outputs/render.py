"""One renderer for every command: tables as text, CSV, Markdown; documents as JSON.

A command builds :class:`Table` objects (and a JSON document); the chosen format is applied
here and nowhere else.  Text from school files is neutralised for CSV and Markdown so that no
spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from vetstat.core.issues import Issue, Lang, flatten
from vetstat.core.jsondoc import to_json as to_json
from vetstat.core.jsondoc import write_json as write_json
from vetstat.core.numbers import fixed, trimmed
from vetstat.core.text import printable, safe_text


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


@dataclass
class Column:
    key: str
    zh: str
    en: str
    digits: int | None = None  # decimals shown for numbers
    per_row: bool = False  # the decimals are the row's (ROW_DIGITS): one indicator per row

    def header(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en

    def digits_of(self, row: dict[str, Any]) -> int | None:
        """The decimals of this column's number in ``row``."""
        if self.per_row and row.get(ROW_DIGITS) is not None:
            return int(row[ROW_DIGITS])
        return self.digits


ROW_DIGITS = "_digits"  # in a row: the decimals of its indicator (for ``per_row`` columns)


@dataclass
class Table:
    """A titled table: columns and rows of plain values."""

    title_zh: str
    title_en: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    name: str = ""  # a file-name-safe key, e.g. "issues"

    def __post_init__(self) -> None:
        # the title as made, before a caveat is added to it: what a file of the table is named
        self.stem_zh, self.stem_en = self.title_zh, self.title_en

    def title(self, lang: Lang) -> str:
        return printable(self.title_zh if lang is Lang.ZH else self.title_en)

    def headers(self, lang: Lang) -> list[str]:
        return [printable(c.header(lang)) for c in self.columns]

    def cells(self) -> list[list[Any]]:
        return [[row.get(c.key) for c in self.columns] for row in self.rows]

    def shown(self) -> list[list[str]]:
        """Rows as display strings (numbers rounded per column), no control characters."""
        return [[printable(show_number(row.get(c.key), c.digits_of(row))) for c in self.columns]
                for row in self.rows]

    def csv_cells(self) -> list[list[Any]]:
        """Rows for CSV: numbers as shown (rounded per column), text made safe."""
        return [[_csv_cell(row.get(c.key), c.digits_of(row)) for c in self.columns]
                for row in self.rows]


def show_number(value: Any, digits: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if digits is not None:
            return fixed(value, digits)
        if value == int(value):
            return str(int(value))
        return trimmed(value, 4)
    if isinstance(value, int) and digits:
        return fixed(value, digits)
    return str(value)


def to_csv(tables: Sequence[Table], lang: Lang, lineterminator: str = "\n") -> str:
    """CSV; several tables are separated by a blank line and a ``# title`` line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                buffer.write("\n")
            buffer.write(f"# {table.title(lang)}\n")
        writer.writerow(table.headers(lang))
        writer.writerows(table.csv_cells())
    return buffer.getvalue()


def table_csv(table: Table, lang: Lang) -> str:
    return to_csv([table], lang)


BOM = "\ufeff"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def csv_files(tables: Sequence[Table], lang: Lang) -> list[tuple[str, str]]:
    """One CSV file per table, as Excel opens it when double-clicked: (file name, text).

    A Chinese Excel reads a CSV without a byte-order mark as ANSI (GBK) and shows mojibake, so
    each text starts with one; lines end in CRLF.  Files are numbered in the order the tables
    are printed and named by the table's title ("01 表1 中等职业教育质量数据表.csv").
    """
    files = []
    for index, table in enumerate(tables, start=1):
        stem = table.stem_zh if lang is Lang.ZH else table.stem_en
        name = _UNSAFE_NAME.sub("_", f"{index:02d} {stem}").strip(" .")
        files.append((f"{name}.csv", BOM + to_csv([table], lang, lineterminator="\r\n")))
    return files


def _csv_cell(value: Any, digits: int | None) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return safe_text(str(value))  # "-inf" is no number to a spreadsheet
    if isinstance(value, int | float) and not isinstance(value, bool):
        return show_number(value, digits)
    return safe_text(printable(value) if isinstance(value, str) else value)


def to_markdown(tables: Sequence[Table], lang: Lang) -> str:
    from tabulate import tabulate

    parts = []
    for table in tables:
        rows = [[_markdown_cell(v) for v in row] for row in table.shown()]
        body = tabulate(rows, headers=table.headers(lang), tablefmt="github", disable_numparse=True)
        parts.append(f"## {table.title(lang)}\n\n{body}\n")
    return "\n".join(parts)


def _markdown_cell(value: str) -> str:
    text = str(safe_text(value))
    return text.replace("|", "\\|").replace("\n", " ")


def to_text(tables: Sequence[Table], lang: Lang) -> str:
    """Plain-text tables (when output is not a terminal)."""
    from tabulate import tabulate

    parts = []
    for table in tables:
        rows, headers = table.shown(), table.headers(lang)
        body = simple_text(rows, headers)
        if body is None:
            body = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
        parts.append(f"{table.title(lang)}\n{body}\n")
    return "\n".join(parts)


_NOT_SIMPLE = re.compile("[\r\n\x1b\x01]")  # lines, escapes, tabulate's separating line


def simple_text(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str | None:
    """What ``tabulate(rows, headers, tablefmt="simple", disable_numparse=True)`` prints for
    one-line text cells, made without its type detection for every cell (≈ 18 µs a cell: a
    diff of 1,000 schools prints a million); None when tabulate must do it: a cell or header of
    several lines, an escape sequence, a row of another length, or tabulate measuring wide
    characters (with ``wcwidth`` installed)."""
    import tabulate

    if getattr(tabulate, "WIDE_CHARS_MODE", True) or getattr(tabulate, "PRESERVE_WHITESPACE", True) \
            or not headers:
        return None
    if any(len(row) != len(headers) for row in rows):
        return None
    if any(_NOT_SIMPLE.search(text) for text in (*headers, *(cell for row in rows for cell in row))):
        return None
    columns = [[cell.strip() for cell in column] for column in zip(*rows, strict=True)] \
        if rows else [[] for _ in headers]
    widths = [max(len(header) + 2, max(map(len, column), default=0))
              for header, column in zip(headers, columns, strict=True)]
    lines = ["  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True))
             .rstrip(),
             "  ".join("-" * width for width in widths)]
    padded = [[cell.ljust(width) for cell in column]
              for column, width in zip(columns, widths, strict=True)]
    lines += ["  ".join(cells).rstrip() for cells in zip(*padded, strict=True)]
    return "\n".join(lines)


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_label(severity: str, lang: Lang) -> str:
    return SEVERITY_ZH.get(severity, severity) if lang is Lang.ZH else severity


ISSUE_COLUMNS = [
    Column("severity", "级别", "severity"),
    Column("code", "代码", "code"),
    Column("file", "文件", "file"),
    Column("sheet", "工作表", "sheet"),
    Column("cell", "单元格", "cell"),
    Column("text", "说明", "message"),
]


ISSUE_FIELDS = ("severity", "explained", "code", "file", "sheet", "cell", "text", "field")


def issue_rows(issues: Sequence[Issue], lang: Lang) -> list[dict[str, Any]]:
    """The rows of the table of issues, from the issues flattened."""
    rows = []
    for values in flatten(issues, ISSUE_FIELDS, lang):
        row = dict(zip(ISSUE_FIELDS, values, strict=True))
        row["severity"] = severity_label(row["severity"], lang) + (
            ("（已说明）" if lang is Lang.ZH else " (explained)") if row.pop("explained") else "")
        rows.append(row)
    return rows


def issue_table(issues: Sequence[Issue], lang: Lang) -> Table:
    return Table("校验问题", "Issues", ISSUE_COLUMNS, issue_rows(issues, lang), name="issues")


def render(tables: Sequence[Table], document: Any, fmt: Format, lang: Lang) -> str:
    """Text of the chosen format (the rich terminal table is the CLI's business)."""
    if fmt is Format.JSON:
        return to_json(document)
    if fmt is Format.CSV:
        return to_csv(tables, lang)
    if fmt is Format.MARKDOWN:
        return to_markdown(tables, lang)
    return to_text(tables, lang)
