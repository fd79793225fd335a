"""Generate a corpus of hostile and broken spreadsheet files for the workbook reader.

Every file is produced by this script; nothing binary is committed. Usage:

    python tests/corpus/make_corpus.py OUT_DIR            # the corpus (< 20 s, each file < 2 MB)
    python tests/corpus/make_corpus.py OUT_DIR --many     # also many_files/ (3,000 workbooks)
    python tests/corpus/make_corpus.py OUT_DIR --probe    # also measure openpyxl and calamine

`build_corpus(out_dir)` does the same from Python and returns, for every file, what a checker
should say about it. The workbooks are written from a small field table kept here on purpose:
the corpus must not be produced by the code it is meant to test.

Needs openpyxl and msoffcrypto-tool; `--probe` also needs python-calamine and xlrd. See README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Outcome = Literal["unreadable", "checked", "skipped"]

PASSWORD = "vetstat"  # password of encrypted.xlsx and password_zip.xlsx
SIZE_BUDGET = 1_950_000  # bytes on disk for each zip bomb: every corpus file stays under 2 MB
MANY_COPIES = 3000


@dataclass(frozen=True)
class CellExpectation:
    """What a checker should say about one planted cell of absurd_cells.xlsx.

    `codes` lists the codes acceptable for the value itself (any one of them will do); an empty
    tuple means the value is legitimate and must be read as is, without an error about it.
    """

    sheet: str
    cell: str
    field: str
    content: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class CorpusEntry:
    """One generated file and what a checker should say about it.

    outcome: "unreadable" (the checker reports F001 and carries on), "checked" (the workbook is
    read; `codes` lists the codes that must appear, possibly none) or "skipped" (not a workbook
    a folder scan should pick up, e.g. an Excel lock file).
    """

    path: Path
    description: str
    outcome: Outcome
    codes: tuple[str, ...] = ()
    cells: tuple[CellExpectation, ...] = ()


# --------------------------------------------------------------------------------------------
# The workbook layout of the data contract (§1), kept minimal and independent of the package.

SCHOOL_FIELDS = [
    ("name", "学校名称", ""),
    ("school_code", "学校标识码", ""),
    ("division_code", "所在地行政区划代码", ""),
    ("county", "所在县（市、区）", ""),
    ("affiliation", "隶属关系", ""),
    ("year", "统计年度", "年"),
    ("land_area", "校园占地面积", "平方米"),
    ("building_area", "校舍建筑面积", "平方米"),
    ("books", "纸质图书", "册"),
    ("contact", "填报人", ""),
    ("phone", "联系电话", ""),
]
TEACHER_FIELDS = [
    ("staff_total", "教职工总数", "人"),
    ("full_time", "专任教师数", "人"),
    ("foundation", "其中：公共基础课教师", "人"),
    ("specialty", "其中：专业课教师", "人"),
    ("dual_qualified", "其中：“双师型”教师", "人"),
    ("senior_title", "具有高级专业技术职务的专任教师", "人"),
    ("postgraduate", "具有硕士研究生及以上学历（学位）的专任教师", "人"),
    ("part_time", "行业企业兼职教师", "人"),
    ("dual_ratio_reported", "“双师型”教师占专业课教师比例", "%"),
]
EMPLOYMENT_FIELDS = [
    ("graduates", "毕业生数", "人"),
    ("employed", "直接就业人数", "人"),
    ("employed_in_field", "其中：对口就业人数", "人"),
    ("further_study", "升学人数", "人"),
    ("to_bachelor", "其中：升入本科人数", "人"),
    ("not_placed", "未就业人数", "人"),
    ("starting_salary", "初次就业月平均起薪", "元"),
    ("employment_rate_reported", "就业率", "%"),
    ("in_field_rate_reported", "对口就业率", "%"),
]
FUNDING_FIELDS = [
    ("fiscal_appropriation", "一般公共预算财政拨款", "万元"),
    ("special_funds", "中央和省级专项资金", "万元"),
    ("capital_construction", "基本建设投入", "万元"),
    ("equipment_purchase", "当年新增教学仪器设备值", "万元"),
    ("equipment_value", "教学仪器设备资产总值", "万元"),
    ("per_student_reported", "生均财政拨款", "元"),
]
SERVICE_FIELDS = [
    ("partner_enterprises", "合作企业数", "家"),
    ("order_classes", "订单班数", "个"),
    ("social_training", "社会培训人次", "人次"),
    ("x_certificates", "“1+X”证书试点项目数", "个"),
    ("x_candidates", "“1+X”证书参加考核人数", "人"),
    ("x_passed", "“1+X”证书通过人数", "人"),
    ("skill_candidates", "职业技能鉴定报考人数", "人"),
    ("skill_passed", "职业技能鉴定通过人数", "人"),
]
ENROLLMENT_COLUMNS = [
    ("code", "专业代码"),
    ("name", "专业名称"),
    ("new_students", "招生数"),
    ("grade_1", "一年级"),
    ("grade_2", "二年级"),
    ("grade_3", "三年级"),
    ("students", "在校生数"),
    ("graduates", "毕业生数"),
    ("model_major", "示范专业"),
]
SATISFACTION_COLUMNS = [
    ("respondent", "调查对象"),
    ("item", "调查项目"),
    ("samples", "有效样本数"),
    ("very_satisfied", "非常满意"),
    ("satisfied", "基本满意"),
    ("dissatisfied", "不满意"),
    ("rate", "满意度"),
]
AWARD_COLUMNS = [
    ("level", "赛事级别"),
    ("event", "赛项名称"),
    ("students", "获奖学生"),
    ("advisors", "指导教师"),
    ("prize", "奖项"),
]
FORM_HEADERS = ["指标", "单位", "填报值", "备注", "字段"]

# (sheet name, title, school dict key, field table or column table, "form" | "table")
SHEETS: list[tuple[str, str, str, list[Any], str]] = [
    ("学校信息", "学校基本信息", "school", SCHOOL_FIELDS, "form"),
    ("专业与学生", "专业设置与在校生", "enrollment", ENROLLMENT_COLUMNS, "table"),
    ("教师队伍", "教师队伍", "teachers", TEACHER_FIELDS, "form"),
    ("就业与升学", "毕业生就业与升学", "employment", EMPLOYMENT_FIELDS, "form"),
    ("经费投入", "经费投入（万元）", "funding", FUNDING_FIELDS, "form"),
    ("满意度调查", "满意度调查", "satisfaction", SATISFACTION_COLUMNS, "table"),
    ("技能大赛", "技能大赛获奖", "awards", AWARD_COLUMNS, "table"),
    ("服务贡献", "服务贡献", "services", SERVICE_FIELDS, "form"),
]
SHEET_NAMES = [sheet[0] for sheet in SHEETS]

# Real codes and names from the 2021 catalogue, so a plain school raises no E202/E203.
CATALOGUE_MAJORS = [
    ("610301", "畜禽生产技术"),
    ("660301", "机电技术应用"),
    ("700206", "汽车运用与维修"),
    ("710201", "计算机应用"),
    ("730701", "电子商务"),
]
STUDENT_ITEMS = ["理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全"]


def make_school(
    majors: Sequence[tuple[str, str]] = CATALOGUE_MAJORS[:3],
    *,
    name: str = "白城市第一职业中等专业学校",
    school_code: str = "3622000001",
) -> dict[str, Any]:
    """A school whose figures satisfy every rule of the contract, derived from its majors."""
    enrollment: list[dict[str, Any]] = [
        {
            "code": code,
            "name": major_name,
            "new_students": 50,
            "grade_1": 50,
            "grade_2": 48,
            "grade_3": 45,
            "students": 143,
            "graduates": 44,
            "model_major": "",
        }
        for code, major_name in majors
    ]
    students = sum(row["students"] for row in enrollment)
    graduates = sum(row["graduates"] for row in enrollment)
    full_time = max(30, math.ceil(students / 15))
    foundation = full_time * 2 // 5
    specialty = full_time - foundation
    employed = graduates * 7 // 10
    further_study = graduates // 4
    equipment_value = round(students * 0.6, 2)  # 万元: 6000 元 per student
    student_samples = max(30, math.ceil(students * 0.2))
    graduate_samples = max(30, math.ceil(graduates * 0.5))
    return {
        "school": {
            "name": name,
            "school_code": school_code,
            "division_code": "220802",
            "county": "洮北区",
            "affiliation": "市直属",
            "year": 2022,
            "land_area": students * 45.0,
            "building_area": students * 25.0,
            "books": students * 40,
            "contact": "王老师",
            "phone": "0436-3210000",
        },
        "enrollment": enrollment,
        "teachers": {
            "staff_total": full_time + 12,
            "full_time": full_time,
            "foundation": foundation,
            "specialty": specialty,
            "dual_qualified": math.ceil(specialty * 0.6),
            "senior_title": full_time // 3,
            "postgraduate": full_time // 5,
            "part_time": 6,
            "dual_ratio_reported": None,
        },
        "employment": {
            "graduates": graduates,
            "employed": employed,
            "employed_in_field": employed * 8 // 10,
            "further_study": further_study,
            "to_bachelor": further_study // 3,
            "not_placed": graduates - employed - further_study,
            "starting_salary": 3200,
            "employment_rate_reported": None,
            "in_field_rate_reported": None,
        },
        "funding": {
            "fiscal_appropriation": round(students * 1.6, 2),
            "special_funds": 120.0,
            "capital_construction": 300.0,
            "equipment_purchase": round(equipment_value / 10, 2),
            "equipment_value": equipment_value,
            "per_student_reported": None,
        },
        "satisfaction": [_survey_row("在校生", item, student_samples) for item in STUDENT_ITEMS]
        + [_survey_row("毕业生", "总体", graduate_samples)],
        "awards": [
            {
                "level": "省级",
                "event": "无人机操控与维护",
                "students": "王博、张家杨",
                "advisors": "杨彬",
                "prize": "二等奖",
            },
            {
                "level": "市级",
                "event": "电子商务技能",
                "students": "李雪",
                "advisors": "刘洋",
                "prize": "三等奖",
            },
        ],
        "services": {
            "partner_enterprises": 12,
            "order_classes": 3,
            "social_training": 800,
            "x_certificates": 4,
            "x_candidates": 120,
            "x_passed": 101,
            "skill_candidates": 200,
            "skill_passed": 180,
        },
    }


def _survey_row(respondent: str, item: str, samples: int) -> dict[str, Any]:
    very_satisfied, satisfied = samples // 2, samples * 2 // 5
    return {
        "respondent": respondent,
        "item": item,
        "samples": samples,
        "very_satisfied": very_satisfied,
        "satisfied": satisfied,
        "dissatisfied": samples - very_satisfied - satisfied,
        "rate": None,
    }


@dataclass(frozen=True)
class TextCell:
    """A string to be stored as text even when it looks like a formula (=, +, -, @)."""

    text: str


@dataclass(frozen=True)
class RawCell:
    """Cell XML that openpyxl refuses to write (inf, nan, control characters, > 32,767 chars).

    The cell is written as a placeholder and its element is then replaced in the sheet XML by
    `<c r="…"{attributes}>{inner}</c>`.
    """

    attributes: str
    inner: str


def inline_text(text: str) -> RawCell:
    return RawCell(' t="inlineStr"', f'<is><t xml:space="preserve">{_xml_escape(text)}</t></is>')


def raw_number(literal: str) -> RawCell:
    return RawCell("", f"<v>{literal}</v>")


def _xml_escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Control characters are written the way Excel does, _xHHHH_: XML 1.0 cannot carry most
    # of them, and a parser turns a raw CR into LF.
    return "".join(
        f"_x{ord(char):04X}_" if ord(char) < 0x20 and char not in "\t\n" else char
        for char in escaped
    )


def _sheet_rows(school: dict[str, Any]) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each sheet's rows from row 1, in the contract layout."""
    notes = school.get("notes", {})
    for sheet_name, title, key, columns, kind in SHEETS:
        rows: list[list[Any]] = [[title]]
        if kind == "form":
            rows.append(list(FORM_HEADERS))
            values = school[key]
            for field_key, label, unit in columns:
                note = notes.get(key, {}).get(field_key)
                rows.append([label, unit or None, values.get(field_key), note, field_key])
        else:
            rows.append([label for _, label in columns])
            rows.extend([record.get(column) for column, _ in columns] for record in school[key])
        yield sheet_name, rows


def write_workbook(
    target: Path | io.BytesIO,
    school: dict[str, Any],
    *,
    extra_rows: dict[str, Iterable[list[Any]]] | None = None,
) -> None:
    """Write a school in the contract layout with openpyxl's write-only (streaming) mode.

    `extra_rows` appends rows to a sheet after the school's own. Afterwards RawCell values are
    patched into the XML and strings moved to the shared table, on the archive in memory.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    patches: dict[tuple[int, str], RawCell] = {}
    for sheet_index, (sheet_name, rows) in enumerate(_sheet_rows(school), start=1):
        sheet = workbook.create_sheet(sheet_name)
        all_rows: Iterable[list[Any]] = rows
        if extra_rows and sheet_name in extra_rows:
            all_rows = itertools.chain(rows, extra_rows[sheet_name])
        for row_number, values in enumerate(all_rows, start=1):
            cells: list[Any] = []
            for column_number, value in enumerate(values, start=1):
                if isinstance(value, TextCell):
                    cell = WriteOnlyCell(sheet, value=value.text)
                    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
                    cells.append(cell)
                elif isinstance(value, RawCell):
                    coordinate = f"{get_column_letter(column_number)}{row_number}"
                    patches[(sheet_index, coordinate)] = value
                    cells.append(0)
                else:
                    cells.append(value)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = buffer.getvalue()
    by_part: dict[str, dict[str, RawCell]] = {}
    for (sheet_index, coordinate), raw in patches.items():
        by_part.setdefault(f"xl/worksheets/sheet{sheet_index}.xml", {})[coordinate] = raw
    parts = [f"xl/worksheets/sheet{number}.xml" for number in range(1, len(SHEETS) + 1)]
    sheets = {part: _read_member(archive, part) for part in parts}
    for part, planted in by_part.items():
        sheets[part] = _replace_cells(sheets[part], planted)
    data = rewrite_zip(archive, _to_shared_strings(archive, sheets))
    if isinstance(target, io.BytesIO):
        target.write(data)
    else:
        target.write_bytes(data)


INLINE_STRING = re.compile(
    r'<c\b(?P<before>[^>]*?) t="inlineStr"(?P<after>[^>]*?)'
    r"(?:/>|><is><t(?:\s[^>]*)?>(?P<text>.*?)</t></is></c>|><is><t\s*/></is></c>)",
    re.DOTALL,
)


def _to_shared_strings(archive: bytes, sheets: dict[str, bytes]) -> dict[str, bytes]:
    """Move inline strings into xl/sharedStrings.xml, as Excel and WPS store text.

    openpyxl writes every string inline; real workbooks keep them in the shared table, which
    readers parse when the workbook is opened, so hostile text there hits at a different time.
    """
    index: dict[str, int] = {}
    ordered: list[str] = []
    references = 0

    def share(match: re.Match[str]) -> str:
        nonlocal references
        text = match.group("text")
        if not text:
            return ""
        references += 1
        if text not in index:
            index[text] = len(ordered)
            ordered.append(text)
        return f'<c{match["before"]} t="s"{match["after"]}><v>{index[text]}</v></c>'

    parts = {
        part: INLINE_STRING.sub(share, xml.decode("utf-8")).encode("utf-8")
        for part, xml in sheets.items()
    }
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in ordered)
    parts["xl/sharedStrings.xml"] = (
        XML_DECLARATION + f'<sst xmlns="{NS_MAIN}" count="{references}" '
        f'uniqueCount="{len(ordered)}">{items}</sst>'
    ).encode("utf-8")
    content_types = _read_member(archive, "[Content_Types].xml").decode("utf-8")
    parts["[Content_Types].xml"] = content_types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ).encode("utf-8")
    relationships = _read_member(archive, "xl/_rels/workbook.xml.rels").decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = relationships.replace(
        "</Relationships>",
        '<Relationship Id="rIdSharedStrings" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    ).encode("utf-8")
    return parts


def _replace_cells(sheet_xml: bytes, cells: dict[str, RawCell]) -> bytes:
    text = sheet_xml.decode("utf-8")
    for coordinate, raw in cells.items():
        pattern = re.compile(rf'<c r="{coordinate}"(?:\s[^>]*)?(?:/>|>.*?</c>)', re.DOTALL)
        found = pattern.search(text)
        if found is None:
            raise RuntimeError(f"cell {coordinate} not found in the sheet XML")
        replacement = f'<c r="{coordinate}"{raw.attributes}>{raw.inner}</c>'
        text = text[: found.start()] + replacement + text[found.end() :]
    return text.encode("utf-8")


def _read_member(archive: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return source.read(name)


def rewrite_zip(
    archive: bytes, replacements: dict[str, bytes], *, stored: Iterable[str] = ()
) -> bytes:
    """Copy a zip, replacing or adding members and storing some uncompressed."""
    stored_names = set(stored)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(output, "w") as target:
        names = [info.filename for info in source.infolist()]
        names += [name for name in replacements if name not in names]
        for name in names:
            content = replacements[name] if name in replacements else source.read(name)
            method = zipfile.ZIP_STORED if name in stored_names else zipfile.ZIP_DEFLATED
            target.writestr(name, content, compress_type=method)
    return output.getvalue()


def workbook_bytes(school: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, school)
    return buffer.getvalue()


def form_cell(sheet_name: str, field_key: str) -> str:
    """A1 address of a form field's 填报值 cell (column C, fields from row 3)."""
    for name, _, _, fields, kind in SHEETS:
        if name == sheet_name and kind == "form":
            keys = [key for key, _, _ in fields]
            return f"C{keys.index(field_key) + 3}"
    raise KeyError(f"{sheet_name}.{field_key}")


# --------------------------------------------------------------------------------------------
# Hand-built zip archives: the bombs need sizes and compressed data that zipfile will not write.


@dataclass(frozen=True)
class RawMember:
    name: str
    payload: bytes  # already compressed (method 8) or stored (method 0)
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    declared_size: int | None = None  # written instead of `size` into both headers


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflated_member(name: str, data: bytes) -> RawMember:
    return RawMember(name, deflate(data), zlib.crc32(data), len(data))


def write_raw_zip(path: Path, members: Sequence[RawMember]) -> None:
    dos_time, dos_date = 0, (2022 - 1980) << 9 | 9 << 5 | 1  # 2022-09-01 00:00
    central = bytearray()
    with path.open("wb") as stream:
        for member in members:
            name = member.name.encode("utf-8")
            flags = member.flags | (0x800 if not member.name.isascii() else 0)
            size = member.size if member.declared_size is None else member.declared_size
            fields = (
                20,
                flags,
                member.method,
                dos_time,
                dos_date,
                member.crc,
                len(member.payload),
                size,
                len(name),
            )
            offset = stream.tell()
            stream.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + name)
            stream.write(member.payload)
            central += (
                struct.pack(
                    "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset
                )
                + name
            )
        start = stream.tell()
        stream.write(central)
        stream.write(
            struct.pack(
                "<4sHHHHIIH",
                b"PK\x05\x06",
                0,
                0,
                len(members),
                len(members),
                len(central),
                start,
                0,
            )
        )


def _gf2_times(matrix: list[int], vector: int) -> int:
    total = 0
    for row in matrix:
        if not vector:
            break
        if vector & 1:
            total ^= row
        vector >>= 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, row) for row in matrix]


def crc32_repeated(unit: bytes, count: int, crc: int = 0) -> int:
    """``zlib.crc32(unit * count, crc)`` without reading the gigabytes: the CRC-32 register
    is linear over GF(2), so appending a piece is a fixed 32×32 operator (zlib's
    crc32_combine), and the piece can be doubled by squaring it."""
    shift = [0xEDB88320] + [1 << n for n in range(31)]  # append one zero bit
    for _ in range(3):
        shift = _gf2_square(shift)  # one zero byte
    length, by_unit = len(unit), None  # append len(unit) zero bytes
    while length:
        if length & 1:
            by_unit = shift if by_unit is None else [_gf2_times(by_unit, row) for row in shift]
        length >>= 1
        if length:
            shift = _gf2_square(shift)
    piece = zlib.crc32(unit)
    while count and by_unit is not None:
        if count & 1:
            crc = _gf2_times(by_unit, crc) ^ piece
        count >>= 1
        if count:
            piece = _gf2_times(by_unit, piece) ^ piece  # the piece twice over
            by_unit = _gf2_square(by_unit)
    return crc


def repeated_deflate(head: bytes, unit: bytes, tail: bytes, budget: int) -> tuple[bytes, int, int]:
    """Raw deflate of head + unit * n + tail with n as large as `budget` bytes allow.

    The unit is compressed once after a full flush, which resets the compressor, so its
    compressed form is self-contained and byte-aligned and can simply be repeated: gigabytes
    are never built or compressed. Returns (compressed, crc32, uncompressed size).
    """
    head_part = zlib.compressobj(9, zlib.DEFLATED, -15)
    head_bytes = head_part.compress(head) + head_part.flush(zlib.Z_FULL_FLUSH)
    unit_part = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit_bytes = unit_part.compress(unit) + unit_part.flush(zlib.Z_FULL_FLUSH)
    tail_bytes = deflate(tail)
    count = (budget - len(head_bytes) - len(tail_bytes)) // len(unit_bytes)
    crc = zlib.crc32(tail, crc32_repeated(unit, count, zlib.crc32(head)))
    compressed = head_bytes + unit_bytes * count + tail_bytes
    return compressed, crc, len(head) + len(unit) * count + len(tail)


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def skeleton_members(sheet_names: Sequence[str], targets: Sequence[str]) -> list[RawMember]:
    """The package parts of a minimal xlsx whose sheets point at the given worksheet parts."""
    overrides = "".join(
        f'<Override PartName="/xl/{target}" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for target in sorted(set(targets))
    )
    content_types = (
        XML_DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    package_rels = (
        XML_DECLARATION + f'<Relationships xmlns="{NS_PKG_REL}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(sheet_names, start=1)
    )
    workbook = (
        XML_DECLARATION + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )
    relationships = "".join(
        f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/worksheet" Target="{target}"/>'
        for number, target in enumerate(targets, start=1)
    )
    workbook_rels = (
        XML_DECLARATION + f'<Relationships xmlns="{NS_PKG_REL}">{relationships}</Relationships>'
    )
    return [
        deflated_member("[Content_Types].xml", content_types.encode()),
        deflated_member("_rels/.rels", package_rels.encode()),
        deflated_member("xl/workbook.xml", workbook.encode()),
        deflated_member("xl/_rels/workbook.xml.rels", workbook_rels.encode()),
    ]


def bomb_sheet_head(title: str, headers: Sequence[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + index)}2" t="inlineStr"><is><t>{label}</t></is></c>'
        for index, label in enumerate(headers)
    )
    return (
        XML_DECLARATION + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{title}</t></is></c></row>'
        f'<row r="2">{cells}</row>'
    ).encode("utf-8")


BOMB_TAIL = b"</sheetData></worksheet>"


def write_whitespace_bombs(path: Path, lying_path: Path, declared_size: int) -> int:
    """All eight contract sheets point at one worksheet part holding ~2 GB of spaces.

    Spaces reach deflate's best ratio (about 1030:1), and several relationships may target the
    same part, so reading every sheet inflates the part eight times. The second file is the
    same archive with `declared_size` written as the part's uncompressed size.
    """
    head = bomb_sheet_head("专业设置与在校生", [label for _, label in ENROLLMENT_COLUMNS])
    skeleton = skeleton_members(SHEET_NAMES, ["worksheets/sheet1.xml"] * len(SHEET_NAMES))
    budget = SIZE_BUDGET - sum(len(member.payload) + 200 for member in skeleton)
    payload, crc, size = repeated_deflate(head, b" " * (16 << 20), BOMB_TAIL, budget)
    bomb = RawMember("xl/worksheets/sheet1.xml", payload, crc, size)
    write_raw_zip(path, [*skeleton, bomb])
    write_raw_zip(lying_path, [*skeleton, dataclasses.replace(bomb, declared_size=declared_size)])
    return size


def write_cell_bomb(path: Path) -> int:
    """One sheet of full-width rows (16,384 numeric cells each): tens of millions of cells.

    The grid stays inside Excel's limits (1,048,576 rows, 16,384 columns), so a dimension check
    does not catch it; only a size check or a cell cap does. A repeat period longer than four
    bytes costs deflate extra bits per match (about 515:1), hence ~1 GB rather than 2.
    """
    head = bomb_sheet_head("专业设置与在校生", [label for _, label in ENROLLMENT_COLUMNS])
    row = b"<row>" + b"<c><v>1</v></c>" * 16384 + b"</row>"
    skeleton = skeleton_members(["专业与学生"], ["worksheets/sheet1.xml"])
    budget = SIZE_BUDGET - sum(len(member.payload) + 200 for member in skeleton)
    payload, crc, size = repeated_deflate(head, row * 64, BOMB_TAIL, budget)
    write_raw_zip(path, [*skeleton, RawMember("xl/worksheets/sheet1.xml", payload, crc, size)])
    return size


# --------------------------------------------------------------------------------------------
# Traditional PKWARE ("ZipCrypto") encryption, which zipfile can read but not write.

_CRC_TABLE = [0] * 256
for _byte in range(256):
    _value = _byte
    for _ in range(8):
        _value = (_value >> 1) ^ 0xEDB88320 if _value & 1 else _value >> 1
    _CRC_TABLE[_byte] = _value


def zipcrypto_encrypt(data: bytes, password: bytes, check_byte: int, seed: int) -> bytes:
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(byte: int) -> None:
        keys[0] = (keys[0] >> 8) ^ _CRC_TABLE[(keys[0] ^ byte) & 0xFF]
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = (keys[2] >> 8) ^ _CRC_TABLE[(keys[2] ^ (keys[1] >> 24)) & 0xFF]

    for byte in password:
        update(byte)
    header = random.Random(seed).randbytes(11) + bytes([check_byte])
    output = bytearray()
    for byte in header + data:
        temp = (keys[2] | 2) & 0xFFFF
        output.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
        update(byte)
    return bytes(output)


def write_password_zip(path: Path, plain_workbook: bytes) -> None:
    members = []
    with zipfile.ZipFile(io.BytesIO(plain_workbook)) as source:
        for number, info in enumerate(source.infolist()):
            data = source.read(info)
            crc = zlib.crc32(data)
            encrypted = zipcrypto_encrypt(deflate(data), PASSWORD.encode(), crc >> 24, number)
            members.append(RawMember(info.filename, encrypted, crc, len(data), flags=0x1))
    write_raw_zip(path, members)


# --------------------------------------------------------------------------------------------
# Entity expansion and external entities.

LAUGHS_DTD = "".join(
    [
        '<!ENTITY lol "lol">',
        '<!ENTITY lol1 "' + "&lol;" * 10 + '">',
        *(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">' for level in range(2, 10)),
    ]
)
EXTERNAL_DTD = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'


def _with_doctype(xml: bytes, root: str, declarations: str) -> bytes:
    text = xml.decode("utf-8")
    declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    doctype = f"\n<!DOCTYPE {root} [{declarations}]>\n"
    return (text[:declaration_end] + doctype + text[declaration_end:]).encode("utf-8")


def write_core_entity_workbook(path: Path) -> None:
    """A valid school whose docProps/core.xml names file:///etc/passwd as its dc:creator.

    openpyxl parses the package parts other than sheets and shared strings with lxml when it
    is installed, so this reaches a different XML parser than the other entity files.
    """
    archive = workbook_bytes(make_school())
    part = "docProps/core.xml"
    core, count = re.subn(
        r"<dc:creator>.*?</dc:creator>",
        "<dc:creator>&xxe;</dc:creator>",
        _read_member(archive, part).decode("utf-8"),
    )
    if count != 1:
        raise RuntimeError("dc:creator not found in docProps/core.xml")
    content = _with_doctype(core.encode("utf-8"), "cp:coreProperties", EXTERNAL_DTD)
    path.write_bytes(rewrite_zip(archive, {part: content}))


def write_decoy_relationship_workbook(path: Path) -> None:
    """A school whose 学校信息 relationship points at xl/styles.xml for an XML parser, and at the
    real sheet for a regex (a second, commented-out relationship of the same Id after it);
    styles.xml also holds sheet data with two cells 17 billion cells apart. calamine, which
    parses the relationships properly, would load styles.xml as the sheet."""
    archive = workbook_bytes(make_school())
    rels = _read_member(archive, "xl/_rels/workbook.xml.rels").decode("utf-8")
    real = 'Target="/xl/worksheets/sheet1.xml" Id="rId1" />'
    if real not in rels:
        raise RuntimeError("the first sheet's relationship is not where it was expected")
    rels = rels.replace(real, 'Target="/xl/styles.xml" Id="rId1" /><!-- <Relationship '
                        + real + " -->")
    styles = _read_member(archive, "xl/styles.xml").decode("utf-8").replace(
        "</styleSheet>", '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
        '<c r="XFD1048576"><v>1</v></c></row></sheetData></styleSheet>')
    path.write_bytes(rewrite_zip(archive, {"xl/_rels/workbook.xml.rels": rels.encode("utf-8"),
                                           "xl/styles.xml": styles.encode("utf-8")}))


def write_entity_workbook(path: Path, declarations: str, reference: str, *, in_sheet: bool) -> None:
    """A valid school whose 学校名称 is the entity reference, declared in the DTD of either
    sharedStrings.xml or the 学校信息 sheet itself (as an inline string)."""
    school = make_school()
    marker = "ENTITY-MARKER-学校名称"
    school["school"]["name"] = marker
    archive = workbook_bytes(school)
    if in_sheet:
        part = "xl/worksheets/sheet1.xml"
        name_cell = RawCell(' t="inlineStr"', f"<is><t>{reference}</t></is>")
        cells = {form_cell("学校信息", "name"): name_cell}
        content = _with_doctype(
            _replace_cells(_read_member(archive, part), cells), "worksheet", declarations
        )
    else:
        part = "xl/sharedStrings.xml"
        shared = _read_member(archive, part)
        if shared.count(marker.encode()) != 1:
            raise RuntimeError("school name not found once in sharedStrings.xml")
        content = _with_doctype(
            shared.replace(marker.encode(), reference.encode()), "sst", declarations
        )
    path.write_bytes(rewrite_zip(archive, {part: content}))


# --------------------------------------------------------------------------------------------
# absurd_cells.xlsx: every value an Excel cell can hold that a form should not.

LONG_TEXT = "洮北区" + "长" * 39_997  # 40,000 characters, above Excel's 32,767 limit
HYPERLINK = '=HYPERLINK("http://x","click")'

# (sheet, field, value, what the cell holds, acceptable codes) for the form sheets.
Plant = tuple[str, str, Any, str, tuple[str, ...]]

ABSURD_FORM_CELLS: list[Plant] = [
    ("学校信息", "name", "白城市🎓职业技术学校", "emoji in a name", ()),
    ("学校信息", "school_code", TextCell("-3622000001"), 'text "-3622000001"', ("S101",)),
    ("学校信息", "division_code", TextCell("+220802"), 'text "+220802"', ("S103",)),
    ("学校信息", "county", inline_text(LONG_TEXT), "40,000-character text", ()),
    ("学校信息", "affiliation", TextCell("@SUM(1)"), 'text "@SUM(1)"', ("F012",)),
    ("学校信息", "year", dt.date(2022, 8, 31), "date 2022-08-31", ("F005", "S104")),
    ("学校信息", "books", True, "boolean TRUE", ("F005",)),
    (
        "学校信息",
        "contact",
        TextCell(HYPERLINK),
        f"text {HYPERLINK} (must stay inert in every output)",
        (),
    ),
    ("学校信息", "phone", TextCell("+86 0436-3210000"), 'text "+86 0436-3210000"', ()),
    ("教师队伍", "staff_total", "#DIV/0!", "error #DIV/0!", ("F005",)),
    ("教师队伍", "full_time", "#N/A", "error #N/A", ("F005",)),
    ("教师队伍", "foundation", False, "boolean FALSE", ("F005",)),
    ("教师队伍", "specialty", inline_text("\t18\r\n"), "text TAB 18 CR LF", ("F006",)),
    (
        "教师队伍",
        "dual_qualified",
        inline_text("1\x087"),
        "text 1 BACKSPACE 7 (_x0008_)",
        ("F005", "F006"),
    ),
    ("教师队伍", "senior_title", TextCell("=1+1"), 'text "=1+1"', ("F005",)),
    ("教师队伍", "postgraduate", "🎓", "emoji", ("F005",)),
    ("教师队伍", "part_time", TextCell("-1"), 'text "-1"', ("F007",)),
    (
        "教师队伍",
        "dual_ratio_reported",
        raw_number("-1e309"),
        "<v>-1e309</v> (-inf)",
        ("F005", "F008"),
    ),
    (
        "就业与升学",
        "graduates",
        dt.datetime(2022, 7, 1, 9, 30),
        "datetime 2022-07-01 09:30",
        ("F005",),
    ),
    (
        "就业与升学",
        "employed",
        raw_number("1e309"),
        "<v>1e309</v> (overflows to inf)",
        ("F005", "F007"),
    ),
    ("就业与升学", "not_placed", -0.0, "-0.0", ()),
    (
        "就业与升学",
        "starting_salary",
        dt.datetime(2022, 8, 31, 12, 0),
        "datetime 2022-08-31 12:00 (as a serial, 44804.5, it would pass 1000-20000)",
        ("F005",),
    ),
    ("就业与升学", "in_field_rate_reported", "#VALUE!", "error #VALUE!", ("F005",)),
    ("经费投入", "fiscal_appropriation", "#NUM!", "error #NUM!", ("F005",)),
    ("经费投入", "capital_construction", 1e20, "1e20", ("F017",)),
    ("经费投入", "equipment_value", "#REF!", "error #REF!", ("F005",)),
    ("经费投入", "per_student_reported", "#NAME?", "error #NAME?", ("F005",)),
    ("服务贡献", "partner_enterprises", "12🎓", 'text "12🎓"', ("F005",)),
    ("服务贡献", "order_classes", -0.0, "-0.0", ()),
    ("服务贡献", "social_training", 1e20, "1e20", ("F017",)),
    ("服务贡献", "x_certificates", "#NULL!", "error #NULL!", ("F005",)),
    ("服务贡献", "x_candidates", TextCell("#N/A"), 'text "#N/A" (not an error cell)', ("F005",)),
    ("服务贡献", "x_passed", "=SUM(1,2)", "formula =SUM(1,2) with no cached value", ("F009",)),
    (
        "服务贡献",
        "skill_candidates",
        inline_text("\x01\x02\x1b"),
        "text of control characters _x0001__x0002__x001B_",
        ("F005",),
    ),
    (
        "服务贡献",
        "skill_passed",
        inline_text("1" * 40_000),
        'text of 40,000 "1" digits (int() refuses more than 4,300)',
        ("F005", "F006"),
    ),
]

# Literal non-finite numbers: openpyxl cannot load a workbook holding one (int("nan") fails),
# so they live in their own file and absurd_cells.xlsx stays readable by it.
NONFINITE_FORM_CELLS: list[Plant] = [
    ("教师队伍", "dual_ratio_reported", raw_number("nan"), "<v>nan</v>", ("F005", "F008")),
    ("就业与升学", "employed_in_field", raw_number("-inf"), "<v>-inf</v>", ("F005", "F007")),
    ("就业与升学", "to_bachelor", raw_number("INF"), "<v>INF</v>", ("F005", "F007")),
    ("经费投入", "special_funds", raw_number("NaN"), "<v>NaN</v>", ("F005",)),
    ("经费投入", "equipment_purchase", raw_number("inf"), "<v>inf</v>", ("F005",)),
]


def _plant_forms(school: dict[str, Any], plants: list[Plant]) -> list[CellExpectation]:
    expectations = []
    for sheet, field, value, content, codes in plants:
        section = next(entry[2] for entry in SHEETS if entry[0] == sheet)
        school[section][field] = value
        expectations.append(
            CellExpectation(sheet, form_cell(sheet, field), f"{section}.{field}", content, codes)
        )
    return expectations


def absurd_school() -> tuple[dict[str, Any], list[CellExpectation]]:
    """A school whose cells hold every value Excel can store that a form should not."""
    school = make_school()
    expectations = _plant_forms(school, ABSURD_FORM_CELLS)
    # Table sheets: data from row 3, columns in contract order.
    majors, survey, awards = school["enrollment"], school["satisfaction"], school["awards"]
    majors[0]["name"] = TextCell(HYPERLINK)
    majors[0]["grade_2"] = "#DIV/0!"
    majors[1]["new_students"] = True
    majors[1]["grade_1"] = dt.date(2022, 9, 1)
    majors[2]["model_major"] = "#N/A"
    survey[0]["rate"] = raw_number("1e309")
    awards[0]["students"] = TextCell("=cmd|' /C calc'!A0")
    awards[1]["advisors"] = inline_text(LONG_TEXT)
    awards[1]["prize"] = True
    expectations += [
        CellExpectation("专业与学生", "B3", "enrollment[0].name", f"text {HYPERLINK}", ("E203",)),
        CellExpectation("专业与学生", "E3", "enrollment[0].grade_2", "error #DIV/0!", ("F005",)),
        CellExpectation(
            "专业与学生", "C4", "enrollment[1].new_students", "boolean TRUE", ("F005",)
        ),
        CellExpectation("专业与学生", "D4", "enrollment[1].grade_1", "date 2022-09-01", ("F005",)),
        CellExpectation(
            "专业与学生", "I5", "enrollment[2].model_major", "error #N/A", ("F005", "F012")
        ),
        CellExpectation(
            "满意度调查", "G3", "satisfaction[0].rate", "<v>1e309</v> (inf)", ("F005", "F008")
        ),
        CellExpectation(
            "技能大赛",
            "C3",
            "awards[0].students",
            "text =cmd|' /C calc'!A0 (DDE injection; must stay inert)",
            (),
        ),
        CellExpectation("技能大赛", "D4", "awards[1].advisors", "40,000-character text", ()),
        CellExpectation("技能大赛", "E4", "awards[1].prize", "boolean TRUE", ("F005", "F012")),
    ]
    return school, expectations


def nonfinite_school() -> tuple[dict[str, Any], list[CellExpectation]]:
    school = make_school()
    expectations = _plant_forms(school, NONFINITE_FORM_CELLS)
    school["satisfaction"][1]["very_satisfied"] = raw_number("nan")
    expectations.append(
        CellExpectation(
            "满意度调查", "D4", "satisfaction[1].very_satisfied", "<v>nan</v>", ("F005",)
        )
    )
    return school, expectations


# --------------------------------------------------------------------------------------------
# The corpus.


def _required_codes(cells: Iterable[CellExpectation]) -> tuple[str, ...]:
    """Codes that must appear: those that are the only acceptable answer for some cell."""
    return tuple(sorted({cell.codes[0] for cell in cells if len(cell.codes) == 1}))


def build_corpus(out_dir: Path, *, many: bool = False) -> dict[str, CorpusEntry]:
    """Write the corpus under out_dir; return its entries keyed by POSIX path relative to it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: dict[str, CorpusEntry] = {}

    def add(name: str, description: str, codes: tuple[str, ...] = ("F001",)) -> Path:
        """Register a file; by default an unreadable one (F001)."""
        outcome: Outcome = "unreadable" if codes == ("F001",) else "checked"
        entries[name] = CorpusEntry(out_dir / name, description, outcome, codes)
        return out_dir / name

    def add_planted(name: str, description: str, cells: list[CellExpectation]) -> Path:
        path = out_dir / name
        entries[name] = CorpusEntry(
            path, description, "checked", _required_codes(cells), tuple(cells)
        )
        return path

    valid = workbook_bytes(make_school())
    add("valid.xlsx", "A small valid school: the control.", ()).write_bytes(valid)

    # Zip bombs.
    write_whitespace_bombs(
        add(
            "zip_bomb.xlsx",
            "One worksheet part of ~2 GB of spaces, the target of all eight contract sheets "
            "(~16 GB inflated if every sheet is read). The zip headers state the true size.",
        ),
        add(
            "zip_bomb_ratio.xlsx",
            "zip_bomb.xlsx with the part's uncompressed size in both zip headers lowered to "
            "1 MiB (CRC left true): a check of declared sizes alone passes it.",
        ),
        declared_size=1 << 20,
    )
    write_cell_bomb(
        add(
            "zip_bomb_cells.xlsx",
            "专业与学生 holds ~1 GB of full-width rows of numeric cells: about 65 million "
            "cells, inside Excel's grid.",
        )
    )

    # Entities.
    laughs, external = "lol1..lol9 (10^9 times 'lol')", 'xxe SYSTEM "file:///etc/passwd"'
    for name, in_sheet, dtd, entity, reference in [
        ("billion_laughs.xlsx", False, LAUGHS_DTD, laughs, "&lol9;"),
        ("billion_laughs_sheet.xlsx", True, LAUGHS_DTD, laughs, "&lol9;"),
        ("external_entity.xlsx", False, EXTERNAL_DTD, external, "&xxe;"),
        ("external_entity_sheet.xlsx", True, EXTERNAL_DTD, external, "&xxe;"),
    ]:
        part = "the 学校信息 sheet XML" if in_sheet else "sharedStrings.xml"
        description = f"{part} declares {entity}; 学校名称 (C3) is {reference}"
        write_entity_workbook(add(name, description), dtd, reference, in_sheet=in_sheet)
    write_decoy_relationship_workbook(
        add(
            "decoy_relationship.xlsx",
            "学校信息's relationship reads as xl/styles.xml to an XML parser and as the real sheet "
            "to a regex (a commented-out duplicate after it); styles.xml holds cells at A1 and "
            "XFD1048576. Every part handed to calamine is measured as a sheet, so it is refused "
            "instead of aborting the process.",
        )
    )
    write_core_entity_workbook(
        add(
            "external_entity_core.xlsx",
            'docProps/core.xml declares xxe SYSTEM "file:///etc/passwd" and uses it as '
            "dc:creator; no cell is affected. The reader never inflates docProps: the school "
            "reads as valid. openpyxl would parse it, so the annotated copy is rebuilt from "
            "the values instead (tests/test_hostile.py).",
            codes=(),
        )
    )

    # Not workbooks, or not readable ones.
    add("random_bytes.xlsx", "64 KiB of seeded random bytes.").write_bytes(
        random.Random(20220901).randbytes(64 * 1024)
    )
    add("empty.xlsx", "0 bytes.").write_bytes(b"")
    add("truncated.xlsx", "valid.xlsx cut in half: no central directory.").write_bytes(
        valid[: len(valid) // 2]
    )
    add(
        "bad_crc.xlsx",
        "A valid workbook whose 学校标识码 was changed from 3622000000 to 3622900000 inside "
        "the stored sharedStrings.xml, CRC-32 unchanged.",
    ).write_bytes(_bad_crc_workbook())
    add("not_a_zip.xlsx", "A UTF-8 CSV (with BOM) renamed to .xlsx.").write_bytes(
        _csv_text().encode("utf-8-sig")
    )
    add("html_as.xls", "An HTML table in GB2312 saved as .xls, as web systems export.").write_bytes(
        _html_table().encode("gb18030")
    )
    add("text_as.xls", "Tab-separated GBK text saved as .xls.").write_bytes(
        _csv_text().replace(",", "\t").encode("gb18030")
    )
    add("xlsx_as.xls", "valid.xlsx renamed to .xls: to be read by content.", ()).write_bytes(valid)
    _encrypt(
        valid,
        add(
            "encrypted.xlsx",
            f"valid.xlsx encrypted with msoffcrypto-tool, password {PASSWORD!r}: an OLE "
            "compound file, not a zip.",
        ),
    )
    write_password_zip(
        add(
            "password_zip.xlsx",
            f"valid.xlsx with every zip member ZipCrypto-encrypted, password {PASSWORD!r}.",
        ),
        valid,
    )
    directory = add("directory.xlsx", "A directory named like a workbook.")
    if directory.is_file():
        directory.unlink()
    directory.mkdir(exist_ok=True)

    # Big but legitimate.
    huge_majors = [(f"9{number:05d}", f"自设专业{number}") for number in range(30_000)]
    write_workbook(
        add(
            "huge_rows.xlsx",
            "A consistent school with 30,000 majors, codes 900000-929999: not in the "
            "catalogue, so 30,000 E202 warnings.",
            ("E202",),
        ),
        make_school(huge_majors),
    )
    write_workbook(
        add(
            "wide.xlsx",
            "A valid school plus, under the majors, a row that is blank in the table's columns "
            "A:I and holds the number 1 in every column J:XFD (16,384 columns).",
            (),
        ),
        make_school(),
        extra_rows={"专业与学生": [[None] * 9 + [1] * (16384 - 9)]},
    )

    # Values no form should hold.
    school, cells = absurd_school()
    write_workbook(
        add_planted(
            "absurd_cells.xlsx",
            "Value cells holding Excel errors, booleans, dates, 1e309, -0.0, 1e20, emoji, "
            "40,000-character and control-character text, text starting with = + - @, and a "
            "formula with no cached value.",
            cells,
        ),
        school,
    )
    school, cells = nonfinite_school()
    write_workbook(
        add_planted(
            "nonfinite_cells.xlsx",
            "Numeric cells holding the literals nan, NaN, inf, -inf and INF (Excel never "
            "writes them; some exporters do).",
            cells,
        ),
        school,
    )

    nested = Path("报送 材料") / "2022 年"
    (out_dir / nested).mkdir(parents=True, exist_ok=True)
    add(
        (nested / "白城 市 第一职高 (终稿).xlsx").as_posix(),
        "valid.xlsx under a name with Chinese characters, spaces and brackets, two folders down.",
        (),
    ).write_bytes(valid)

    if many:
        entries.update(build_many_files(out_dir / "many_files", out_dir))
    return entries


def _csv_text() -> str:
    school = make_school()
    header = ",".join(label for _, label in ENROLLMENT_COLUMNS)
    lines = [header] + [
        ",".join(str(row[key]) for key, _ in ENROLLMENT_COLUMNS) for row in school["enrollment"]
    ]
    return "\r\n".join(lines) + "\r\n"


def _html_table() -> str:
    school = make_school()
    header = "".join(f"<th>{label}</th>" for _, label in ENROLLMENT_COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{row[key]}</td>" for key, _ in ENROLLMENT_COLUMNS) + "</tr>"
        for row in school["enrollment"]
    )
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>专业与学生</title></head>\r\n<body><table border=1>"
        f"<tr><td colspan=9>专业设置与在校生</td></tr><tr>{header}</tr>{rows}"
        "</table></body></html>\r\n"
    )


def _encrypt(plain: bytes, target: Path) -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "encrypted.xlsx needs msoffcrypto-tool: pip install msoffcrypto-tool"
        ) from error
    with target.open("wb") as stream:
        OOXMLFile(io.BytesIO(plain)).encrypt(PASSWORD, stream)


# --------------------------------------------------------------------------------------------
# many_files/: copies of one workbook whose 学校标识码 and 学校名称 are patched in place.

TEMPLATE_CODE = "3622000000"
TEMPLATE_NAME = "白城市测试职业学校0000"


@dataclass(frozen=True)
class StoredMember:
    """Where a stored (uncompressed) member's bytes and CRC fields sit in an archive."""

    data_start: int
    data_end: int
    local_crc: int
    central_crc: int


def locate_stored_member(archive: bytes, name: str) -> StoredMember:
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        info = source.getinfo(name)
    if info.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{name} is compressed")
    header = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", archive, header + 26)
    data_start = header + 30 + name_length + extra_length
    end_record = archive.rindex(b"PK\x05\x06")
    (central_offset,) = struct.unpack_from("<I", archive, end_record + 16)
    position = central_offset
    while archive[position : position + 4] == b"PK\x01\x02":
        lengths = struct.unpack_from("<HHH", archive, position + 28)
        entry_name = archive[position + 46 : position + 46 + lengths[0]].decode("utf-8")
        if entry_name == name:
            return StoredMember(
                data_start, data_start + info.compress_size, header + 14, position + 16
            )
        position += 46 + sum(lengths)
    raise ValueError(f"{name} not in the central directory")


def _template() -> tuple[bytes, StoredMember]:
    school = make_school(name=TEMPLATE_NAME, school_code=TEMPLATE_CODE)
    archive = rewrite_zip(workbook_bytes(school), {}, stored=["xl/sharedStrings.xml"])
    return archive, locate_stored_member(archive, "xl/sharedStrings.xml")


def patched_copy(archive: bytes, member: StoredMember, edits: dict[bytes, bytes]) -> bytes:
    """Replace equal-length byte strings inside a stored member and fix both CRC fields."""
    data = bytearray(archive)
    content = bytes(data[member.data_start : member.data_end])
    for old, new in edits.items():
        if len(old) != len(new) or content.count(old) != 1:
            raise ValueError(f"cannot patch {old!r} in place")
        content = content.replace(old, new)
    data[member.data_start : member.data_end] = content
    crc = struct.pack("<I", zlib.crc32(content))
    data[member.local_crc : member.local_crc + 4] = crc
    data[member.central_crc : member.central_crc + 4] = crc
    return bytes(data)


def _bad_crc_workbook() -> bytes:
    archive, member = _template()
    data = bytearray(archive)
    start = data.index(TEMPLATE_CODE.encode(), member.data_start)
    data[start + 4] = ord("9")  # 3622900000: content changes, CRC fields do not
    return bytes(data)


def build_many_files(folder: Path, out_dir: Path) -> dict[str, CorpusEntry]:
    """3,000 small valid workbooks with distinct codes, 5 corrupt ones and two stray files."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    archive, member = _template()
    entries: dict[str, CorpusEntry] = {}

    def add(name: str, description: str, outcome: Outcome, codes: tuple[str, ...]) -> Path:
        path = folder / name
        entries[path.relative_to(out_dir).as_posix()] = CorpusEntry(
            path, description, outcome, codes
        )
        return path

    for number in range(1, MANY_COPIES + 1):
        code, name = f"36220{number:05d}", f"{TEMPLATE_NAME[:-4]}{number:04d}"
        copy = patched_copy(
            archive,
            member,
            {TEMPLATE_CODE.encode(): code.encode(), TEMPLATE_NAME.encode(): name.encode()},
        )
        add(
            f"school_{number:04d}.xlsx", f"Valid copy, 学校标识码 {code}.", "checked", ()
        ).write_bytes(copy)
    corrupt = {
        "corrupt_empty.xlsx": b"",
        "corrupt_truncated.xlsx": archive[: len(archive) // 2],
        "corrupt_random.xlsx": random.Random(7).randbytes(8192),
        "corrupt_bad_crc.xlsx": _bad_crc_workbook(),
        "corrupt_html.xlsx": _html_table().encode("gb18030"),
    }
    for name, content in corrupt.items():
        add(name, "Corrupt workbook among the valid ones.", "unreadable", ("F001",)).write_bytes(
            content
        )
    add(
        "~$school.xlsx", "Excel lock (owner) file of an open school.xlsx: skip it.", "skipped", ()
    ).write_bytes(_lock_file("王老师"))
    add(".DS_Store", "macOS folder metadata: not a workbook.", "skipped", ()).write_bytes(
        b"\x00\x00\x00\x01Bud1" + bytes(2048 - 8)
    )
    entries["many_files"] = CorpusEntry(
        folder,
        f"{MANY_COPIES} valid workbooks (codes 3622000001…3622003000), 5 corrupt ones "
        "(each F001), a lock file and .DS_Store (both skipped): the city tables are partial.",
        "checked",
        ("F001", "X904"),
    )
    return entries


def _lock_file(user: str) -> bytes:
    # Excel's owner file: the user name as a length-prefixed byte string padded to 54 bytes,
    # then again as UTF-16; 165 bytes in all.
    encoded = user.encode("gb18030")
    wide = user.encode("utf-16-le")
    first = bytes([len(user)]) + encoded.ljust(53, b" ")
    second = struct.pack("<H", len(user)) + wide
    return (first + second).ljust(165, b" ")


# --------------------------------------------------------------------------------------------
# Measurement: how openpyxl and python-calamine behave on each file, in capped subprocesses.

READERS = ("calamine", "openpyxl-readonly", "openpyxl", "xlrd")
PROBE_TIMEOUT = 120.0  # seconds per reader and file
PROBE_MEMORY = 4 << 30  # address-space cap (like ulimit -v), bytes


@dataclass
class ProbeResult:
    reader: str
    path: str
    status: str  # "ok", the exception's class name, "timeout after N s" or "exit status N"
    detail: str
    seconds: float
    max_rss_mb: float
    summary: dict[str, Any] = dataclasses.field(default_factory=dict)


def _probe_child(reader: str, path: str, cells_json: str) -> int:
    """Runs in the capped subprocess: read every sheet, print a JSON summary on stdout."""
    wanted = [tuple(pair) for pair in json.loads(cells_json)]
    try:
        summary = _read_everything(reader, path, wanted)
    except Exception as error:  # whatever the reader raises is the measurement
        message = " ".join(str(error).split())
        print(
            json.dumps(
                {"error": type(error).__name__, "message": message[:300]}, ensure_ascii=False
            )
        )
        return 1
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _read_everything(reader: str, path: str, wanted: list[tuple[str, ...]]) -> dict[str, Any]:
    wanted_sheets = {sheet for sheet, _ in wanted}
    values: dict[str, list[list[Any]]] = {}
    summary: dict[str, Any] = {"sheets": 0, "cells": 0, "longest_text": 0, "passwd": False}

    def visit(sheet: str, rows: Iterable[Sequence[Any]], top: int = 0, left: int = 0) -> None:
        summary["sheets"] += 1
        kept: list[list[Any]] = [[] for _ in range(top)]
        for row in rows:
            for value in row:
                if value is None or value == "":
                    continue
                summary["cells"] += 1
                if isinstance(value, str):
                    summary["longest_text"] = max(summary["longest_text"], len(value))
                    summary["passwd"] = summary["passwd"] or "root:x:" in value
            if sheet in wanted_sheets:
                kept.append([None] * left + list(row))
        values[sheet] = kept

    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(path)
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            top, left = sheet.start or (0, 0)
            visit(name, sheet.iter_rows(), top, left)
    elif reader == "xlrd":
        import xlrd

        xls = xlrd.open_workbook(path)
        for xls_sheet in xls.sheets():
            visit(xls_sheet.name, map(xls_sheet.row_values, range(xls_sheet.nrows)))
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=reader == "openpyxl-readonly")
        summary["passwd"] = "root:x:" in str(book.properties.creator)
        for worksheet in book.worksheets:
            visit(worksheet.title, worksheet.iter_rows(values_only=True))
    found = {}
    for sheet_name, coordinate in wanted:
        row, column = _cell_index(coordinate)
        rows = values.get(sheet_name, [])
        value = rows[row][column] if row < len(rows) and column < len(rows[row]) else None
        found[f"{sheet_name}!{coordinate}"] = _describe(value)
    summary["values"] = found
    return summary


def _cell_index(coordinate: str) -> tuple[int, int]:
    letters = coordinate.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(coordinate[len(letters) :]) - 1, column - 1


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} len={len(value)} {text[:24]}…" if len(text) > 40 else text


def probe(path: Path, reader: str, cells: Sequence[CellExpectation] = ()) -> ProbeResult:
    wanted = json.dumps([[cell.sheet, cell.cell] for cell in cells] + [["学校信息", "C3"]])
    scratch = Path(os.environ.get("TMPDIR", "/tmp"))
    stdout_path = scratch / f"corpus-probe-{os.getpid()}.out"
    stderr_path = scratch / f"corpus-probe-{os.getpid()}.err"

    def limit() -> None:
        import resource  # POSIX only, like the rest of the measurement

        resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY, PROBE_MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (int(PROBE_TIMEOUT) + 5,) * 2)

    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--probe-one",
        reader,
        str(path),
        wanted,
    ]
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, preexec_fn=limit)
        timer = threading.Timer(PROBE_TIMEOUT, process.kill)
        timer.start()
        _, wait_status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        seconds = time.monotonic() - started
    output = stdout_path.read_text("utf-8", "replace").strip()
    errors = stderr_path.read_text("utf-8", "replace").strip()
    stdout_path.unlink()
    stderr_path.unlink()
    result = ProbeResult(reader, str(path), "ok", "", seconds, usage.ru_maxrss / 1024)
    report: dict[str, Any] = json.loads(output) if output.startswith("{") else {}
    if "error" in report:
        result.status, result.detail = report["error"], report["message"]
    elif process.returncode == 0:
        result.summary = report
    elif seconds >= PROBE_TIMEOUT:
        result.status = f"timeout after {PROBE_TIMEOUT:.0f} s"
    else:
        result.status = f"exit status {process.returncode}"
        result.detail = _first_line(errors)
    return result


def _first_line(text: str) -> str:
    # A Rust abort prints its reason first ("memory allocation of N bytes failed"), then a
    # backtrace.
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def probe_corpus(entries: dict[str, CorpusEntry]) -> list[ProbeResult]:
    results = []
    for name, entry in entries.items():
        if name.startswith("many_files"):
            continue
        for reader in READERS:
            result = probe(entry.path, reader, entry.cells)
            result.path = name
            results.append(result)
            print(
                f"{name:40} {reader:18} {result.status:20} {result.seconds:7.1f}s "
                f"{result.max_rss_mb:8.0f} MB {result.detail[:80]}",
                file=sys.stderr,
            )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--probe-one"]:  # the measurement subprocess
        return _probe_child(*arguments[1:4])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="folder to write the corpus into")
    parser.add_argument(
        "--many", action="store_true", help="also write many_files/ (3,000 workbooks, about 55 MB)"
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="read each file with calamine, openpyxl and xlrd in capped subprocesses; "
        "print JSON results on stdout",
    )
    options = parser.parse_args(arguments)
    started = time.monotonic()
    entries = build_corpus(options.out_dir, many=options.many)
    print(
        f"{len(entries)} entries written to {options.out_dir} in "
        f"{time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    if options.probe:
        results = probe_corpus(entries)
        json.dump(
            [dataclasses.asdict(result) for result in results],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
