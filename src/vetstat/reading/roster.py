"""A roster (学校名单): the schools that must submit, from an .xlsx/.xls/.ods or a .csv.

Its first sheet (or the CSV) has a header row naming at least 学校标识码 and 学校名称, and
optionally 隶属 (市直属 / 县（市、区）属) and 县（市、区）; the rows below it are the schools.
A province's roster names its cities instead: 行政区划代码 and 城市名称 (read as the same two
columns; the rules of :mod:`vetstat.rules.province` check it).
``vetstat roster`` writes one (:mod:`vetstat.outputs.rosterbook`).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetstat.reading.values import normalize
from vetstat.xlsx import Unreadable, open_workbook

MAX_ROSTER_BYTES = 16 * 1024 * 1024  # a CSV of every school in China is a few MB
# header -> key; the words a clerk may use for each column
COLUMNS = {
    # a province's roster of cities: 行政区划代码 and 城市名称 (``vetstat roster`` of its folder)
    "school_code": ("学校标识码", "标识码", "学校代码", "行政区划代码", "区划代码"),
    "name": ("学校名称", "学校", "名称", "城市名称", "城市", "地市"),
    "affiliation": ("隶属关系", "隶属"),
    "county": ("县（市、区）", "县(市、区)", "县市区", "所在县（市、区）", "县"),
}
# 隶属 as a roster may spell it (after NFKC) -> as the template's list does
AFFILIATIONS = {"市直属": "市直属", "市属": "市直属", "县属": "县（市、区）属",
                "县(市、区)属": "县（市、区）属", "县市区属": "县（市、区）属", "其他": "其他"}
HEADERS = {"school_code": "学校标识码", "name": "学校名称", "affiliation": "隶属",
           "county": "县（市、区）"}


class RosterError(Exception):
    """The roster cannot be used: unreadable, without the two columns, or giving a code twice."""


@dataclass(frozen=True)
class RosterEntry:
    school_code: str
    name: str
    affiliation: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class Roster:
    path: Path
    entries: tuple[RosterEntry, ...]

    @property
    def file(self) -> str:
        return self.path.name

    def by_code(self) -> dict[str, RosterEntry]:
        return {entry.school_code: entry for entry in self.entries}


def read_roster(path: Path) -> Roster:
    """The roster in ``path``; raises :class:`RosterError` with a message in both languages."""
    if path.suffix.lower() in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        try:
            book = open_workbook(path)
            if not book.sheet_names:
                raise Unreadable("工作簿没有工作表。", "the workbook has no sheet.")
            rows = book.sheet(book.sheet_names[0]).rows
        except Unreadable as exc:
            raise RosterError(f"学校名单无法读取：{path}：{exc.zh} / cannot read the roster "
                              f"{path}: {exc.en}") from exc
    return Roster(path, _entries(path, rows))


def _csv_rows(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()[:MAX_ROSTER_BYTES]
    except OSError as exc:
        raise RosterError(f"学校名单无法读取：{path}（{exc.strerror}）/ cannot read the roster "
                          f"{path} ({exc.strerror})") from exc
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Windows saves CSV in GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"学校名单不是 UTF-8 或 GBK 编码的文字：{path} / the roster {path} is not "
                          "text in UTF-8 or GBK")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _entries(path: Path, rows: list[list[Any]]) -> tuple[RosterEntry, ...]:
    wanted = {key: {normalize(word) for word in words} for key, words in COLUMNS.items()}
    for index, row in enumerate(rows[:20]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            label = normalize(cell) if cell not in (None, "") else ""
            for key, words in wanted.items():
                if label in words and key not in columns:
                    columns[key] = column
        if "school_code" in columns and "name" in columns:
            return _records(path, rows[index + 1:], columns, index + 2)
    raise RosterError(
        f"学校名单中找不到“学校标识码”和“学校名称”两列：{path}。请在第一行写上列名（学校标识码、学校名称，可加"
        " 隶属、县（市、区）），或用 vetstat roster 生成名单。 / the roster "
        f"{path} has no header row naming 学校标识码 and 学校名称; write one, or make the roster "
        "with `vetstat roster`.")


def _records(path: Path, rows: list[list[Any]], columns: dict[str, int],
             first_row: int) -> tuple[RosterEntry, ...]:
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=first_row):
        values = {key: _text(row[column]) if column < len(row) else ""
                  for key, column in columns.items()}
        code, name = values["school_code"], values["name"]
        if not code and not name:
            continue  # a blank row
        if not code or not name:
            raise RosterError(f"学校名单第 {number} 行缺少学校标识码或学校名称：{path} / row {number} "
                              f"of the roster {path} lacks the school code or name")
        if code in seen:
            raise RosterError(f"学校名单第 {number} 行的学校标识码 {code} 与第 {seen[code]} 行重复：{path}"
                              f" / the school code {code} is on rows {seen[code]} and {number} of"
                              f" the roster {path}")
        seen[code] = number
        affiliation = values.get("affiliation") or None
        entries.append(RosterEntry(code, name, AFFILIATIONS.get(affiliation or "", affiliation),
                                   values.get("county") or None))
    if not entries:
        raise RosterError(f"学校名单中没有学校：{path} / the roster {path} lists no school")
    return tuple(entries)


def _text(value: Any) -> str:
    """A cell as text: NFKC, no format characters (a zero-width space pasted with a name), one
    space between words."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())
