#!/usr/bin/env python
"""Benchmark vetstat at national scale (about 7,000 中职 schools report every year).

    python benchmarks/run.py --schools 1000 [--cells 870|300] [--work DIR] [--keep] [--repeat 3]

1. Generates N distinct, valid school workbooks: ONE realistic workbook (by default 30 majors,
   the full satisfaction table, 20 awards, 填表说明: about 870 cells; ``--cells 300``: a small
   school, see :data:`PROFILES`) is written with ``vetstat.outputs.template`` and validated, then N
   copies are derived by rewriting cell values inside the zip (school name and code, year,
   areas, books, staff, salary, funds, the grade split of some majors).  Every copy stays valid
   and every school code is distinct.  A second year (same schools, derived values) is
   generated for ``vetstat diff``.  Sets are cached under ``--work`` keyed by the profile, N and
   :data:`GENERATOR_VERSION`.
2. Measures, each in a fresh process (wall time: median of ``--repeat`` runs after one warm-up;
   peak RSS from ``os.wait4``, the memory of worker processes sampled from /proc; runs that
   other processes disturbed are repeated): ``vetstat --help``, ``vetstat validate one.xlsx``, a bare
   python-calamine read of every cell of the N files (1 and 2 processes), an openpyxl read_only
   read (reference), ``vetstat aggregate DIR --format json`` at N and N/10, ``vetstat diff``.
3. Prints a table with PASS/FAIL against the targets; ``--json PATH`` writes the raw results.

Needs only the project installed (``pip install '.[test]'``); see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 2  # 2: template version 2 (学生素质, teacher structure, 就业质量)
BASE_YEAR = 2022
HERE = Path(__file__).resolve().parent
DEFAULT_WORK = HERE / "work"

# Placeholders written into the base workbook and replaced in every copy; both are valid values
# (a name, a 10-digit code starting with 36) so that the base workbook itself validates.
NAME_MARK = "基准职业技术学校ZZZZ"
CODE_MARK = "3699999999"

# Targets (the brief): see docs/BENCHMARKS.md.
TARGET_HELP_S = 0.25
TARGET_VALIDATE_S = 0.40
TARGET_RATIO = 2.5  # aggregate of N files / bare calamine read of the same files, N = 1,000
TARGET_NATIONAL_S = 30.0  # aggregate of 7,000 files
NATIONAL_N = 7000
TARGET_RSS_MB = 300.0
FLAT_FACTOR = 1.5  # peak RSS at N may be at most this multiple of peak RSS at N/10
# A province's size: the city workbook of 1,000 schools written (aggregate -o, the reading
# included) and vetstat diff of two years of 1,000 schools each (as text, with -o diff.xlsx, and
# of the two years' city workbooks), every process of each together
TARGET_CITY_WORKBOOK_S = 15.0
TARGET_DIFF_S = 30.0
TARGET_DIFF_MB = 500.0
# The speed the targets were set at: a bare python-calamine read of 1,000 such workbooks in one
# process took 2.4 s on this machine class. The virtual machine's speed drifts by a third from
# one run to the next; scaled by the calamine read of the same run, the 7,000 figure says what
# it would be at that speed.
REFERENCE_CALAMINE_S = 2.4


@dataclass(frozen=True)
class Profile:
    """The size of the generated workbooks (``--cells``): what the base school holds."""

    cells: int  # ≈ non-empty cells of one workbook, every sheet counted (as calamine reads them)
    majors: int
    surveys: int  # satisfaction rows: the 7 required (在校生 × 6, 毕业生), then 教师, 家长, 用人单位
    awards: int
    instructions: bool  # the 填表说明 sheet: 232 cells of text, which vetstat skips
    shifted_majors: tuple[int, ...]  # majors whose 二年级/三年级 split moves in each copy

    @property
    def folder(self) -> str:
        """The cache folder under --work: the default keeps the name it always had."""
        tag = "" if self.cells == DEFAULT_CELLS else f"-c{self.cells}"
        return f"gen-v{GENERATOR_VERSION}{tag}"


DEFAULT_CELLS = 870
PROFILES = {profile.cells: profile for profile in (
    # a large school: 871 cells, ≈ 40 KB
    Profile(DEFAULT_CELLS, majors=30, surveys=10, awards=20, instructions=True,
            shifted_majors=(1, 7, 13, 19, 25)),
    # a small school that sends its workbook back without 填表说明 (which alone is 232 cells):
    # 303 cells, ≈ 33 KB
    Profile(300, majors=3, surveys=7, awards=2, instructions=False, shifted_majors=(1, 2)),
)}


# =============================================================================================
# The base school: one realistic, valid workbook's data (interchange shape of tests/builders.py)
# =============================================================================================


def _pct(part: float, whole: float) -> float:
    return round(part * 100 / whole, 2)


def _survey(respondent: str, item: str, samples: int, very_share: float,
            dissatisfied_share: float) -> dict[str, Any]:
    very = round(samples * very_share)
    dissatisfied = round(samples * dissatisfied_share)
    satisfied = samples - very - dissatisfied
    return {"respondent": respondent, "item": item, "samples": samples, "very_satisfied": very,
            "satisfied": satisfied, "dissatisfied": dissatisfied,
            "rate": _pct(very + satisfied, samples)}


def base_school(profile: Profile) -> dict[str, Any]:
    """A school that passes every rule without a warning (30 majors: ~4,900 students)."""
    from vetstat.core.majors import majors

    catalogue = sorted(majors().values(), key=lambda m: m.code)
    step = len(catalogue) // profile.majors
    enrollment = []
    for index in range(profile.majors):
        major = catalogue[index * step]
        grade_1 = 40 + (index * 7) % 45
        grade_2, grade_3 = grade_1 - 4, grade_1 - 9
        enrollment.append({
            "code": major.code, "name": major.name,
            "new_students": grade_1 + 2, "grade_1": grade_1, "grade_2": grade_2,
            "grade_3": grade_3, "students": grade_1 + grade_2 + grade_3,
            "graduates": grade_3 - 3,
            "model_major": "省级" if index % 5 == 0 else ("市级" if index % 7 == 0 else ""),
        })
    students = sum(m["students"] for m in enrollment)
    graduates = sum(m["graduates"] for m in enrollment)
    full_time = -(-students // 15)
    foundation = full_time * 2 // 5
    specialty = full_time - foundation
    dual = specialty * 3 // 5
    employed = graduates * 55 // 100
    further = graduates * 35 // 100
    in_field = employed * 8 // 10
    fiscal = round(students * 1.2, 1)  # 万元: 12,000 元 per student
    equipment_value = round(students * 0.35, 1)  # 3,500 元 per student
    satisfaction = [
        _survey("在校生", item, students // 5, 0.55 + 0.02 * n, 0.05)
        for n, item in enumerate(("理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全"))
    ]
    satisfaction += [
        _survey("毕业生", "总体", graduates * 3 // 10, 0.6, 0.04),
        _survey("教师", "总体", full_time // 2, 0.5, 0.06),
        _survey("家长", "总体", students // 4, 0.58, 0.03),
        _survey("用人单位", "总体", 80, 0.62, 0.05),
    ]
    grades = {grade: sum(m[grade] for m in enrollment) for grade in ("grade_1", "grade_2", "grade_3")}
    due = graduates + graduates // 20
    sat = students * 9 // 10
    # template version 2: the grades' ends stay below their starts whatever a copy shifts
    # between 二年级 and 三年级 (at most 3 in each of its majors)
    attainment = {
        "culture_candidates": sat, "culture_passed": sat * 19 // 20,
        "skill_test_candidates": sat, "skill_test_passed": sat * 93 // 100,
        "fitness_candidates": sat, "fitness_passed": sat * 23 // 25,
        "graduation_due": due, "dual_certificate": graduates * 9 // 10,
        "grade_1_end": grades["grade_1"] - 20, "grade_2_end": grades["grade_2"] - 30,
        "grade_3_end": grades["grade_3"] - 30, "cohort_entry": grades["grade_3"] + 10,
    }
    attainment.update({
        "culture_pass_rate_reported": _pct(attainment["culture_passed"], sat),
        "skill_pass_rate_reported": _pct(attainment["skill_test_passed"], sat),
        "fitness_pass_rate_reported": _pct(attainment["fitness_passed"], sat),
        "graduation_rate_reported": _pct(graduates, due),
        "dual_certificate_rate_reported": _pct(attainment["dual_certificate"], graduates),
        "retention_3y_reported": _pct(attainment["grade_3_end"], attainment["cohort_entry"]),
    })
    postgraduate, senior = full_time // 8, full_time // 3
    middle, junior = full_time * 2 // 5, full_time // 6
    bachelor = full_time * 3 // 4
    to_government, to_self_run, to_military = employed // 50, employed // 40, employed // 60
    to_other = employed // 30
    vocational_exam = further * 4 // 5
    levels, prizes = ("国家级", "省级", "市级"), ("一等奖", "二等奖", "三等奖", "优秀奖")
    events = ("无人机操控与维护", "汽车机电维修", "电子产品设计与制作", "网络搭建与应用", "中餐烹饪",
              "服装设计与工艺", "会计技能", "机器人技术应用", "数控综合应用技术", "导游服务",
              "园艺", "农机检修", "工业分析检验", "蔬菜嫁接", "建筑CAD", "艺术设计", "酒店服务",
              "护理技能", "电子商务运营", "焊接技术")
    awards = [
        {"level": levels[n % 3], "event": event, "students": f"学生{n}甲、学生{n}乙",
         "advisors": f"教师{n}", "prize": prizes[n % 4]}
        for n, event in enumerate(events[:profile.awards])
    ]
    return {
        "school": {
            "name": NAME_MARK, "school_code": CODE_MARK, "division_code": "220802",
            "county": "洮北区", "affiliation": "市直属", "year": BASE_YEAR,
            "land_area": float(students * 45), "building_area": float(students * 28),
            "books": students * 45, "contact": "王老师", "phone": "0436-3212345",
            "template_version": 2,
        },
        "enrollment": enrollment,
        "teachers": {
            "staff_total": full_time + 40, "full_time": full_time, "foundation": foundation,
            "specialty": specialty, "dual_qualified": dual, "senior_title": senior,
            "postgraduate": postgraduate, "part_time": 30, "bachelor": bachelor,
            "below_bachelor": full_time - postgraduate - bachelor, "middle_title": middle,
            "junior_title": junior, "untitled": full_time - senior - middle - junior,
            "dual_ratio_reported": _pct(dual, specialty),
        },
        "employment": {
            "graduates": graduates, "employed": employed, "employed_in_field": in_field,
            "further_study": further, "to_bachelor": further // 5,
            "not_placed": graduates - employed - further, "starting_salary": 3500,
            "self_employed": employed // 25, "to_government": to_government,
            "to_self_run": to_self_run, "to_military": to_military, "to_other": to_other,
            "to_enterprise": employed - to_government - to_self_run - to_military - to_other,
            "study_vocational_exam": vocational_exam, "study_general": further - vocational_exam,
            "employment_rate_reported": _pct(employed + further, graduates),
            "in_field_rate_reported": _pct(in_field, employed),
        },
        "funding": {
            "fiscal_appropriation": fiscal, "special_funds": 300.0, "capital_construction": 200.0,
            "equipment_purchase": round(equipment_value / 10, 1), "equipment_value": equipment_value,
            "per_student_reported": round(fiscal * 10000 / students, 2),
        },
        "satisfaction": satisfaction[:profile.surveys],
        "awards": awards,
        "services": {
            "partner_enterprises": 40, "order_classes": 6, "social_training": 2500,
            "x_certificates": 8, "x_candidates": 600, "x_passed": 540,
            "skill_candidates": 900, "skill_passed": 810,
        },
        "attainment": attainment,
        "notes": {},
    }


# =============================================================================================
# Deriving copies inside the zip
# =============================================================================================

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')

CITY_PREFIXES = (
    "白城市", "长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "延吉市", "哈尔滨市",
    "齐齐哈尔市", "牡丹江市", "佳木斯市", "大庆市", "沈阳市", "大连市", "鞍山市", "抚顺市", "丹东市",
    "锦州市", "营口市", "石家庄市", "保定市", "邯郸市", "太原市", "大同市", "呼和浩特市", "包头市",
    "济南市", "青岛市", "郑州市", "洛阳市",
)


def school_name(index: int) -> str:
    prefix = CITY_PREFIXES[index % len(CITY_PREFIXES)]
    return f"{prefix}第{index // len(CITY_PREFIXES) + 1}职业技术学校"


def school_code(index: int) -> str:
    return f"36{index + 1:08d}"  # 10 digits, 中职 prefix 36, distinct per school


@dataclass
class Slot:
    """A value cell to rewrite: sheet key, field key, and (for table sheets) the row index."""

    sheet: str
    key: str
    row: int | None = None


# Fields whose values vary between copies without touching any rule's equation (areas and books
# only grow, so the per-student standards stay met; staff only grows above the 专任 count).
FREE_FIELDS: tuple[tuple[str, str], ...] = (
    ("school", "year"),
    ("school", "land_area"), ("school", "building_area"), ("school", "books"),
    ("teachers", "staff_total"), ("teachers", "part_time"),
    ("employment", "starting_salary"),
    ("funding", "special_funds"), ("funding", "capital_construction"),
    ("services", "partner_enterprises"), ("services", "order_classes"),
    ("services", "social_training"),
)


def copy_values(base: dict[str, Any], shifted_majors: Sequence[int], index: int,
                year: int) -> dict[tuple[str, str, int | None], Any]:
    """The values of copy ``index`` for ``year``: deterministic, valid, different per school."""
    rng = random.Random(f"{GENERATOR_VERSION}-{year}-{index}")
    school, teachers = base["school"], base["teachers"]
    values: dict[tuple[str, str, int | None], Any] = {
        ("school", "year", None): year,
        ("school", "land_area", None): round(school["land_area"] * rng.uniform(1.0, 1.4), 1),
        ("school", "building_area", None): round(school["building_area"] * rng.uniform(1.0, 1.3), 1),
        ("school", "books", None): int(school["books"] * rng.uniform(1.0, 1.5)),
        ("teachers", "staff_total", None): teachers["full_time"] + rng.randint(20, 80),
        ("teachers", "part_time", None): rng.randint(10, 60),
        ("employment", "starting_salary", None): rng.randint(2800, 5200),
        ("funding", "special_funds", None): round(rng.uniform(50, 900), 2),
        ("funding", "capital_construction", None): round(rng.uniform(0, 600), 2),
        ("services", "partner_enterprises", None): rng.randint(10, 90),
        ("services", "order_classes", None): rng.randint(0, 15),
        ("services", "social_training", None): rng.randint(200, 9000),
    }
    for row in shifted_majors:  # the split between 二年级 and 三年级 (在校生数 stays the sum)
        major = base["enrollment"][row]
        shift = rng.randint(-3, 3)
        values[("enrollment", "grade_2", row)] = major["grade_2"] + shift
        values[("enrollment", "grade_3", row)] = major["grade_3"] - shift
    return values


def _xml_number(value: Any) -> bytes:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value).encode()


@dataclass
class Part:
    """A zip member split around its slots: chunks[0] + v0 + chunks[1] + v1 + ..."""

    name: str
    chunks: list[bytes]
    slots: list[Any]  # slot keys, or "name"/"code" for the shared strings

    def render(self, values: dict[Any, bytes]) -> bytes:
        out = [self.chunks[0]]
        for slot, chunk in zip(self.slots, self.chunks[1:], strict=True):
            out.append(values[slot])
            out.append(chunk)
        return b"".join(out)


@dataclass
class Blueprint:
    """The base workbook, ready to stamp out copies quickly."""

    members: list[tuple[zipfile.ZipInfo, bytes]]  # unchanged members: (info, deflated bytes)
    parts: dict[str, Part]  # members rewritten per copy
    order: list[str]  # member names in the base's order
    base: dict[str, Any]
    profile: Profile


def _sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    targets = {}
    for tag in _REL_TAG.findall(rels_xml):
        attrs = {k.decode().split(":")[-1]: v.decode() for k, v in _ATTR.findall(tag)}
        target = attrs["Target"].lstrip("/")
        targets[attrs["Id"]] = target if target.startswith("xl/") else "xl/" + target
    parts = {}
    for tag in _SHEET_TAG.findall(workbook_xml):
        attrs = {k.decode().split(":")[-1]: v.decode() for k, v in _ATTR.findall(tag)}
        parts[attrs["name"]] = targets[attrs["id"]]
    return parts


def _split(data: bytes, spans: list[tuple[int, int, Any]]) -> tuple[list[bytes], list[Any]]:
    spans.sort()
    chunks, slots, last = [], [], 0
    for start, end, slot in spans:
        chunks.append(data[last:start])
        slots.append(slot)
        last = end
    chunks.append(data[last:])
    return chunks, slots


def blueprint(base_path: Path, profile: Profile) -> Blueprint:
    """Locate every slot in the base workbook's XML (and check it holds the expected value)."""
    from vetstat.core.contract import SHEET_BY_KEY
    from vetstat.xlsx import column_letter

    base = base_school(profile)
    with zipfile.ZipFile(base_path) as archive:
        infos = archive.infolist()
        contents = {info.filename: archive.read(info.filename) for info in infos}
    sheet_parts = _sheet_parts(contents["xl/workbook.xml"], contents["xl/_rels/workbook.xml.rels"])
    wanted: dict[str, list[tuple[str, Any, Any]]] = {}  # part -> (cell ref, slot, base value)
    slots = [Slot(sheet, key) for sheet, key in FREE_FIELDS]
    slots += [Slot("enrollment", key, row) for row in profile.shifted_majors
              for key in ("grade_2", "grade_3")]
    for slot in slots:
        spec = SHEET_BY_KEY[slot.sheet]
        keys = [f.key for f in spec.fields]
        if spec.table:
            assert slot.row is not None
            ref = f"{column_letter(keys.index(slot.key))}{3 + slot.row}"
            expected = base[slot.sheet][slot.row][slot.key]
        else:
            ref = f"C{3 + keys.index(slot.key)}"
            expected = base[slot.sheet][slot.key]
        wanted.setdefault(sheet_parts[spec.title], []).append(
            (ref, (slot.sheet, slot.key, slot.row), expected))
    spans_by_part: dict[str, list[tuple[int, int, Any]]] = {}
    for part_name, cells in wanted.items():
        xml = contents[part_name]
        for ref, key, expected in cells:
            found = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*>\s*<v>([^<]*)</v>', xml)
            if not found or float(found.group(1)) != float(expected):
                raise RuntimeError(f"{part_name} {ref}: expected {expected!r}, found "
                                   f"{found.group(1) if found else None!r}")
            spans_by_part.setdefault(part_name, []).append((found.start(1), found.end(1), key))
    # the name and code are text: inline strings or shared strings, wherever the writer put them
    for mark, slot in ((NAME_MARK, "name"), (CODE_MARK, "code")):
        encoded = mark.encode()
        holders = [name for name, data in contents.items() if encoded in data]
        if len(holders) != 1 or contents[holders[0]].count(encoded) != 1:
            raise RuntimeError(f"placeholder {mark} is not unique in the base workbook")
        start = contents[holders[0]].index(encoded)
        spans_by_part.setdefault(holders[0], []).append((start, start + len(encoded), slot))
    parts = {name: Part(name, *_split(contents[name], spans)) for name, spans in spans_by_part.items()}
    members = []
    for info in infos:
        if info.filename not in parts:
            members.append((info, _deflate(contents[info.filename])))
    return Blueprint(members, parts, [i.filename for i in infos], base, profile)


def _deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


_EPOCH = (2022, 9, 1, 8, 0, 0)


def _dos_time() -> tuple[int, int]:
    year, month, day, hour, minute, second = _EPOCH
    return ((hour << 11) | (minute << 5) | (second // 2),
            ((year - 1980) << 9) | (month << 5) | day)


def write_zip(path: Path, entries: Sequence[tuple[str, bytes, int, int]]) -> None:
    """A plain deflated zip from (name, deflated bytes, crc32, size) entries.

    Written by hand so that the members that are the same in every copy are compressed once
    (zipfile can only write what it compresses itself).
    """
    import struct

    dos_time, dos_date = _dos_time()
    out = io.BytesIO()
    central = []
    for name, payload, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, dos_time, dos_date,
                              crc, len(payload), size, len(encoded), 0))
        out.write(encoded)
        out.write(payload)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, dos_time,
                                   dos_date, crc, len(payload), size, len(encoded), 0, 0, 0, 0,
                                   0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          end - start, start, 0))
    path.write_bytes(out.getvalue())


def stamp(plan: Blueprint, index: int, year: int, path: Path) -> None:
    """Write copy ``index`` of ``year`` to ``path``."""
    values: dict[Any, bytes] = {key: _xml_number(value)
                                for key, value in copy_values(plan.base, plan.profile.shifted_majors,
                                                              index, year).items()}
    values["name"] = school_name(index).encode()
    values["code"] = school_code(index).encode()
    fixed = {info.filename: (payload, info.CRC, info.file_size) for info, payload in plan.members}
    entries = []
    for name in plan.order:
        if name in plan.parts:
            data = plan.parts[name].render(values)
            entries.append((name, _deflate(data, 1), zlib.crc32(data), len(data)))
        else:
            payload, crc, size = fixed[name]
            entries.append((name, payload, crc, size))
    write_zip(path, entries)


# =============================================================================================
# The cache of generated sets
# =============================================================================================


@dataclass
class Generated:
    folder: Path
    files: int
    seconds: float
    cached: bool


def base_workbook(work: Path, profile: Profile) -> Path:
    """Write (once) and validate the base workbook; refuse to go on if it is not clean."""
    folder = work / profile.folder
    path = folder / "base.xlsx"
    if not path.exists():
        from vetstat.outputs.template import build_workbook
        from vetstat.usecases.validate import validate_workbook

        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / "base.tmp.xlsx"
        build_workbook(base_school(profile), instructions=profile.instructions).save(scratch)
        report = validate_workbook(scratch)
        if report.issues:
            codes = ", ".join(f"{i.code} {i.sheet} {i.cell}" for i in report.issues[:10])
            raise SystemExit(f"the base workbook is not clean ({len(report.issues)} issues: {codes})")
        scratch.replace(path)
    return path


def _stamp_range(base_path: str, cells: int, year: int, start: int, stop: int,
                 folder: str) -> None:
    plan = blueprint(Path(base_path), PROFILES[cells])
    for index in range(start, stop):
        stamp(plan, index, year, Path(folder) / f"{school_code(index)}.xlsx")


def generate(work: Path, profile: Profile, count: int, year: int, *, jobs: int) -> Generated:
    """The folder of ``count`` school workbooks for ``year``, from the cache when present."""
    folder = work / profile.folder / f"n{count}" / str(year)
    manifest = folder.parent / f"{year}.json"
    if manifest.exists() and folder.is_dir():
        recorded = json.loads(manifest.read_text("utf-8"))
        if recorded.get("files") == count and len(os.listdir(folder)) == count:
            return Generated(folder, count, recorded.get("seconds", 0.0), cached=True)
    base_path = base_workbook(work, profile)
    started = time.perf_counter()
    scratch = folder.with_name(f"{year}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    step = -(-count // max(jobs, 1))
    ranges = [(i, min(i + step, count)) for i in range(0, count, step)]
    if jobs > 1 and len(ranges) > 1:
        with ProcessPoolExecutor(jobs) as pool:
            for future in [pool.submit(_stamp_range, str(base_path), profile.cells, year, a, b,
                                       str(scratch))
                           for a, b in ranges]:
                future.result()
    else:
        _stamp_range(str(base_path), profile.cells, year, 0, count, str(scratch))
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    seconds = time.perf_counter() - started
    manifest.write_text(json.dumps({"generator": GENERATOR_VERSION, "files": count, "year": year,
                                    "seconds": round(seconds, 3)}), "utf-8")
    return Generated(folder, count, seconds, cached=False)


# =============================================================================================
# Measuring: every figure from a fresh process
# =============================================================================================

CALAMINE_READ = r"""
import os, sys
from python_calamine import CalamineWorkbook

def read(path):
    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            for value in row:
                cells += value != ""
    return cells

def main():
    folder, jobs = sys.argv[1], int(sys.argv[2])
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".xlsx"))
    if jobs > 1:
        from multiprocessing import Pool
        with Pool(jobs) as pool:
            cells = sum(pool.imap_unordered(read, files, chunksize=16))
    else:
        cells = sum(map(read, files))
    print(len(files), cells)

if __name__ == "__main__":
    main()
"""

OPENPYXL_READ = r"""
import os, sys
from openpyxl import load_workbook

folder = sys.argv[1]
files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".xlsx"))
cells = 0
for path in files:
    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                cells += value is not None and value != ""
    book.close()
print(len(files), cells)
"""

# The library driver, used only when the aggregate command does not exist (yet).
AGGREGATE_LIBRARY = r"""
import sys
from pathlib import Path
from vetstat.usecases.aggregate import aggregate_folder
from vetstat.outputs.render import to_json
sys.stdout.write(to_json(aggregate_folder(Path(sys.argv[1])).to_dict()))
"""


@dataclass
class Run:
    wall: float
    rss_mb: float  # the largest single process (exact, from wait4)
    code: int
    tree_mb: float | None = None  # the whole process tree (PSS summed, sampled), when sampled
    busy_before: float | None = None  # share of the machine's CPU others used just before
    cpu: float | None = None  # user + system CPU seconds of the process and its workers
    others_during: float | None = None  # share of the machine's CPU others used during the run


@dataclass
class Measurement:
    name: str
    command: list[str]
    files: int | None
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    stdout: str = ""
    stderr: str = ""

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.rss_mb for r in self.runs)

    @property
    def cpu(self) -> float | None:
        """Median CPU seconds: barely moved by other work on the machine, unlike wall time."""
        spent = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(spent) if spent else None

    @property
    def tree(self) -> float | None:
        sampled = [r.tree_mb for r in self.runs if r.tree_mb is not None]
        return max(sampled) if sampled else None

    @property
    def memory(self) -> float:
        """The figure judged against the memory target: the whole tree when it was sampled."""
        tree = self.tree
        return max(tree, self.rss) if tree is not None else self.rss

    @property
    def disturbed(self) -> float | None:
        """The largest share of the CPUs other processes used during one of the timed runs."""
        seen = [r.others_during for r in self.runs if r.others_during is not None]
        return max(seen) if seen else None

    @property
    def codes(self) -> list[int]:
        return sorted({r.code for r in self.runs})


def child_environment() -> dict[str, str]:
    """The environment of the measured processes: as a user's shell has it.

    PYTHONDONTWRITEBYTECODE is dropped so that the warm-up run leaves the bytecode cache an
    installed package has (pip compiles it at install time); without it an editable install
    recompiles vetstat's modules on every start.  Output language and terminal width are fixed.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "VETSTAT_DEBUG")}
    env.update({"COLUMNS": "120", "VETSTAT_LANG": "zh"})
    return env


CHILD_ENV = child_environment()


def _cpu_jiffies() -> tuple[int, int] | None:
    """(busy, total) CPU time of the whole machine so far, in clock ticks (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes sharing them)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler:
    """Samples the memory of a process and all its descendants (worker pools) every 250 ms.

    Reading ``smaps_rollup`` of a 200 MB process costs ≈ 3.6 ms of CPU: sampled every 50 ms,
    three processes took ≈ 5 % of a 2-core machine away from the run being measured. The
    peak of an aggregate is reached at its end and held while the output is written, and the
    largest single process is measured exactly by wait4 besides.
    """

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        import threading

        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            total = sum(_memory_kb(p) for p in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.stop.wait(self.interval)

    def finish(self) -> float:
        self.stop.set()
        self.thread.join()
        return round(self.peak_kb / 1024, 1)


def run_once(command: Sequence[str], *, capture: bool = False,
             tree: bool = False) -> tuple[Run, str, str]:
    """Run ``command`` in a fresh process: wall time, its peak RSS (from wait4) and, with
    ``tree``, the peak memory of it and its worker processes together (sampled from /proc)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        machine_before = _cpu_jiffies()
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdin=subprocess.DEVNULL, env=CHILD_ENV,
                                   stdout=out if capture else subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(process.pid) if tree and Path("/proc/self/task").exists() else None
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree_mb = sampler.finish() if sampler else None
        process.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in KiB on Linux and in bytes on macOS; for a process that ran workers it
        # is the largest of them, not their sum (hence the sampled tree figure)
        scale = 1 if sys.platform == "darwin" else 1024
        rss = usage.ru_maxrss * scale / (1024 * 1024)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime  # includes the workers it waited for
        # what the rest of the machine did meanwhile: all busy CPU time less this run's own
        others = None
        machine_after = _cpu_jiffies()
        if machine_before and machine_after and machine_after[1] > machine_before[1]:
            tick = os.sysconf("SC_CLK_TCK")
            busy = (machine_after[0] - machine_before[0]) / tick
            capacity = (machine_after[1] - machine_before[1]) / tick
            others = round(max(0.0, busy - cpu) / capacity, 3)
        return (Run(round(wall, 4), round(rss, 1), process.returncode, tree_mb, cpu=round(cpu, 3),
                    others_during=others),
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def cpu_busy(window: float = 0.5) -> float | None:
    """The share of all CPUs busy over ``window`` seconds (Linux), None elsewhere."""
    first = _cpu_jiffies()
    if first is None:
        return None
    time.sleep(window)
    second = _cpu_jiffies()
    assert second is not None
    busy, total = second[0] - first[0], second[1] - first[1]
    return round(busy / total, 3) if total else 0.0


QUIET = {"threshold": 0.25, "timeout": 180.0, "retries": 2}


def wait_quiet(log: Callable[[str], None]) -> float | None:
    """On a shared machine, wait (up to a limit) until other processes leave the CPUs alone."""
    if QUIET["threshold"] >= 1:
        return None
    deadline = time.monotonic() + QUIET["timeout"]
    busy = cpu_busy()
    warned = False
    while busy is not None and busy > QUIET["threshold"] and time.monotonic() < deadline:
        if not warned:
            log(f"  (machine {busy:.0%} busy with other work; waiting for it to calm down)")
            warned = True
        busy = cpu_busy(1.0)
    return busy


def measure(name: str, command: Sequence[str], *, files: int | None, repeat: int,
            warmup: bool = True, note: str = "", capture: bool = False, tree: bool = False,
            log: Callable[[str], None] = print) -> Measurement:
    result = Measurement(name, list(command), files, note=note)
    if warmup:  # page cache and .pyc files: every counted run starts equally warm
        run_once(command)
    for _ in range(repeat):
        for attempt in range(1 + QUIET["retries"]):
            busy = wait_quiet(log)
            run, stdout, stderr = run_once(command, capture=capture, tree=tree)
            run.busy_before = busy
            disturbed = run.others_during is not None and run.others_during > QUIET["threshold"]
            if not disturbed or attempt == QUIET["retries"]:
                break
            log(f"  {name}: {run.wall:.3f} s discarded: other processes used "
                f"{run.others_during:.0%} of the CPUs during the run; again")
        result.runs.append(run)
        result.stdout, result.stderr = stdout[-2000:], stderr[-2000:]
        memory = f"{run.rss_mb:.0f} MB" + (f" (tree {run.tree_mb:.0f} MB)" if run.tree_mb else "")
        others = f", others used {busy:.0%} of the CPUs before" if busy is not None else ""
        if run.others_during is not None:
            others += f", {run.others_during:.0%} during"
        log(f"  {name}: {run.wall:.3f} s, CPU {run.cpu:.2f} s, {memory}, exit {run.code}{others}")
    return result


def vetstat_command() -> list[str]:
    """The installed ``vetstat`` script of this interpreter's environment."""
    script = Path(sys.executable).with_name("vetstat")
    if script.exists():
        return [str(script)]
    found = shutil.which("vetstat")
    return [found] if found else [sys.executable, "-m", "vetstat"]


def succeeds(command: Sequence[str]) -> bool:
    try:
        return subprocess.run(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=CHILD_ENV, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def machine() -> dict[str, Any]:
    from importlib import metadata

    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "memory_gb": None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    for package in ("vetstat", "python-calamine", "openpyxl", "pydantic", "typer"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    try:
        info["commit"] = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True, timeout=10).stdout.strip()
        # files of src/ changed since that commit: the figures are of the tree as it was
        status = subprocess.run(["git", "-C", str(HERE), "status", "--porcelain", "--", "../src"],
                                capture_output=True, text=True, timeout=10).stdout
        info["src_changed_since_commit"] = len(status.splitlines())
    except (OSError, subprocess.TimeoutExpired):
        info["commit"] = None
    return info


# =============================================================================================
# Targets and the table
# =============================================================================================


@dataclass
class Verdict:
    target: str
    value: str
    result: str  # PASS, FAIL, n/a


def verdicts(found: dict[str, Measurement], n: int, cells: int = DEFAULT_CELLS) -> list[Verdict]:
    out = []

    def judge(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    def failed(m: Measurement) -> bool:
        return any(code not in (0,) for code in m.codes)

    if "help" in found:
        m = found["help"]
        out.append(Verdict(f"vetstat --help ≤ {TARGET_HELP_S} s", f"{m.median:.3f} s",
                           judge(m.median <= TARGET_HELP_S and not failed(m))))
    if "validate" in found:
        m = found["validate"]
        out.append(Verdict(f"cold vetstat validate one.xlsx ≤ {TARGET_VALIDATE_S} s",
                           f"{m.median:.3f} s", judge(m.median <= TARGET_VALIDATE_S and not failed(m))))
    agg, floor = found.get(f"aggregate_{n}"), found.get(f"calamine_{n}")
    if agg and floor:
        ratio = agg.median / floor.median
        label = f"aggregate / bare calamine ≤ {TARGET_RATIO}× (N = {n:,}, wall time)"
        extra = ""
        if agg.cpu and floor.cpu:
            extra = f" (CPU time: {agg.cpu / floor.cpu:.2f}×)"
        out.append(Verdict(label, f"{ratio:.2f}×{extra}",
                           judge(ratio <= TARGET_RATIO and not failed(agg))))
    if agg:
        if n >= NATIONAL_N:
            out.append(Verdict(f"aggregate of {NATIONAL_N:,} ≤ {TARGET_NATIONAL_S:.0f} s",
                               f"{agg.median:.1f} s", judge(agg.median <= TARGET_NATIONAL_S
                                                           and not failed(agg))))
        else:
            projected = agg.median * NATIONAL_N / n
            out.append(Verdict(f"aggregate of {NATIONAL_N:,} ≤ {TARGET_NATIONAL_S:.0f} s "
                               f"(projected linearly from N = {n:,})", f"≈ {projected:.1f} s",
                               judge(projected <= TARGET_NATIONAL_S) + " (projected)"))
        if floor and cells == DEFAULT_CELLS:  # the reference speed is of the default workbooks
            reference = agg.median / floor.median * REFERENCE_CALAMINE_S * NATIONAL_N / 1000
            out.append(Verdict(f"aggregate of {NATIONAL_N:,} ≤ {TARGET_NATIONAL_S:.0f} s at the "
                               f"reference speed (bare calamine {REFERENCE_CALAMINE_S} s per 1,000; "
                               f"this run {floor.median * 1000 / n:.2f} s)", f"≈ {reference:.1f} s",
                               judge(reference <= TARGET_NATIONAL_S) + " (scaled)"))
        out.append(Verdict(f"aggregate peak memory < {TARGET_RSS_MB:.0f} MB (N = {n:,}; "
                           "all its processes)", f"{agg.memory:.0f} MB",
                           judge(agg.memory < TARGET_RSS_MB)))
        small = found.get(f"aggregate_{n // 10}")
        if small and n // 10 != n:
            growth = agg.memory / small.memory
            per_school = (agg.memory - small.memory) * 1024 / max(n - n // 10, 1)
            out.append(Verdict(f"peak memory flat: M(N) ≤ {FLAT_FACTOR}× M(N/10)",
                               f"{small.memory:.0f} → {agg.memory:.0f} MB ({growth:.2f}×, "
                               f"{per_school:.1f} KB/school)", judge(growth <= FLAT_FACTOR)))
    if agg and failed(agg):
        out.append(Verdict("aggregate exits 0 on valid files", f"exit {agg.codes}", "FAIL"))
    size = "" if n == 1000 else f" (N = {n:,}; the target is for 1,000)"
    if "city_workbook" in found:
        m = found["city_workbook"]
        out.append(Verdict(f"city workbook of 1,000 schools (aggregate -o, reading included) ≤ "
                           f"{TARGET_CITY_WORKBOOK_S:.0f} s{size}",
                           f"{m.median:.1f} s, {m.memory:.0f} MB",
                           judge(m.median <= TARGET_CITY_WORKBOOK_S and not failed(m))))
    for key, what in ((f"diff_{n}", "diff of 1,000 + 1,000 schools"),
                      ("diff_text", "diff of 1,000 + 1,000 schools, as text"),
                      ("diff_xlsx", "diff of 1,000 + 1,000 schools, -o diff.xlsx"),
                      ("diff_books", "diff of two city workbooks of 1,000 schools")):
        if key in found:
            m = found[key]
            out.append(Verdict(f"{what} ≤ {TARGET_DIFF_S:.0f} s and ≤ {TARGET_DIFF_MB:.0f} MB "
                               f"(all its processes){size}", f"{m.median:.1f} s, {m.memory:.0f} MB",
                               judge(m.median <= TARGET_DIFF_S and m.memory <= TARGET_DIFF_MB
                                     and not failed(m))))
    return out


def table(measurements: Sequence[Measurement]) -> str:
    from tabulate import tabulate

    rows = []
    for m in measurements:
        per_file = f"{m.median / m.files * 1000:.2f}" if m.files else ""
        tree = f"{m.tree:.0f}" if m.tree is not None else ""
        cpu = f"{m.cpu:.3f}" if m.cpu is not None else ""
        others = f"{m.disturbed:.0%}" if m.disturbed is not None else ""
        rows.append([m.name, f"{m.files:,}" if m.files else "", len(m.runs), f"{m.median:.3f}",
                     f"{m.best:.3f}", cpu, f"{m.rss:.0f}", tree, per_file, others,
                     ",".join(map(str, m.codes)), m.note])
    return tabulate(rows, headers=["measurement", "files", "runs", "median s", "best s", "CPU s",
                                   "peak RSS MB", "tree MB", "ms/file", "others", "exit", "note"],
                    tablefmt="github", disable_numparse=True)


def verdict_table(items: Sequence[Verdict]) -> str:
    from tabulate import tabulate

    return tabulate([[v.target, v.value, v.result] for v in items],
                    headers=["target", "measured", "result"], tablefmt="github",
                    disable_numparse=True)


# =============================================================================================
# Main
# =============================================================================================


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=1000, help="N, the number of workbooks (default 1000)")
    parser.add_argument("--cells", type=int, choices=sorted(PROFILES), default=DEFAULT_CELLS,
                        help="≈ non-empty cells per workbook: 870 (default: 30 majors, 20 awards, "
                             "填表说明) or 300 (3 majors, 2 awards, no 填表说明)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="where generated workbooks are cached (default benchmarks/work/)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the sets generated by this run in --work for the next run "
                             "(sets that were already cached are always kept)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (median)")
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the (slow) openpyxl read")
    parser.add_argument("--openpyxl-repeat", type=int, default=1,
                        help="timed runs of the openpyxl reference read (default 1, it is slow)")
    parser.add_argument("--diff-repeat", type=int,
                        help="timed runs of vetstat diff (default: --repeat; it is the slowest)")
    parser.add_argument("--skip-diff", action="store_true", help="skip vetstat diff")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes used to generate workbooks (default: all CPUs)")
    parser.add_argument("--aggregate-jobs", type=int,
                        help="run vetstat aggregate with --jobs J (default: its own, the number "
                             "of CPUs)")
    parser.add_argument("--json", type=Path, help="write the raw results to this file")
    parser.add_argument("--quiet-threshold", type=float, default=QUIET["threshold"],
                        help="before each timed run wait until the CPUs are less busy than this "
                             "share (0-1; default 0.25; 1 = never wait) - for shared machines")
    parser.add_argument("--quiet-timeout", type=float, default=QUIET["timeout"],
                        help="longest wait for quiet before a run, in seconds (default 180)")
    parser.add_argument("--retries", type=int, default=QUIET["retries"],
                        help="times a timed run is repeated when other processes used more than "
                             "--quiet-threshold of the CPUs during it (default 2)")
    parser.add_argument("--city-workbook", action="store_true",
                        help="measure only the city workbook: vetstat aggregate DIR -o city.xlsx "
                             "(with --diff: both)")
    parser.add_argument("--diff", action="store_true",
                        help="measure only vetstat diff of the two years of N schools: as text, "
                             "with -o diff.xlsx, and of the two years' city workbooks")
    parser.add_argument("--generate-only", action="store_true", help="generate the sets and stop")
    arguments = parser.parse_args(argv)
    if arguments.schools < 1 or arguments.repeat < 1:
        parser.error("--schools and --repeat must be at least 1")
    if arguments.aggregate_jobs is not None and arguments.aggregate_jobs < 1:
        parser.error("--aggregate-jobs must be at least 1")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    QUIET["threshold"], QUIET["timeout"] = args.quiet_threshold, args.quiet_timeout
    QUIET["retries"] = args.retries if args.quiet_threshold < 1 else 0
    n = args.schools
    work: Path = args.work.resolve()
    log = print
    created: list[Path] = []

    def folder(count: int, year: int) -> Generated:
        made = generate(work, PROFILES[args.cells], count, year, jobs=args.jobs)
        how = "cached" if made.cached else f"generated in {made.seconds:.1f} s"
        log(f"{count:,} workbooks of {year}: {made.folder} ({how})")
        if not made.cached:
            created.extend([made.folder, made.folder.with_suffix(".json")])
        return made

    log(f"vetstat benchmark, N = {n:,} workbooks of ≈ {args.cells} cells; work folder {work}")
    try:
        sets = {("main", n): folder(n, BASE_YEAR)}
        small_n = n // 10 if n >= 1000 else None
        if small_n:
            sets[("main", small_n)] = folder(small_n, BASE_YEAR)
        sets[("next", n)] = folder(n, BASE_YEAR + 1)
        if args.generate_only:
            return 0
        results = run_all(args, sets, small_n, log)
    finally:
        if not args.keep:
            for path in created:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
    return results


def run_all(args: argparse.Namespace, sets: dict[tuple[str, int], Generated],
            small_n: int | None, log: Callable[[str], None]) -> int:
    n = args.schools
    main_set, next_set = sets[("main", n)], sets[("next", n)]
    found: dict[str, Measurement] = {}
    host = machine()
    log(f"machine: {host['nproc']} CPUs, {host['cpu']}, {host['memory_gb']} GB, Python "
        f"{host['python']}, load average {host.get('loadavg')}")
    log("measuring (each a fresh process; one warm-up run, then the median of the timed runs)")
    if args.city_workbook or args.diff:
        found.update(writer_measurements(args, main_set, next_set, log))
    else:
        measure_reading(args, sets, small_n, found, log)
    report(args, sets, found, host, log)
    return 0


def writer_measurements(args: argparse.Namespace, main_set: Generated, next_set: Generated,
                        log: Callable[[str], None]) -> dict[str, Measurement]:
    """The outputs at a province's size: the city workbook written, and the diff of the two
    years printed, written as a workbook and read from two city workbooks.  The files go to a
    temporary folder (outside the compared folders, as diff -o requires), removed at the end."""
    n, vetstat, found = args.schools, vetstat_command(), {}
    old, new = str(main_set.folder), str(next_set.folder)
    scratch = Path(tempfile.mkdtemp(prefix="vetstat-benchmark-"))
    try:
        if args.city_workbook:
            found["city_workbook"] = measure(
                "vetstat aggregate DIR -o city.xlsx", [*vetstat, "aggregate", old, "-o",
                                                        str(scratch / "city.xlsx"), "--force"],
                files=n, repeat=args.repeat, tree=True, log=log)
        if args.diff:
            repeat = args.diff_repeat or args.repeat
            found["diff_text"] = measure("vetstat diff DIR_A DIR_B (text)",
                                         [*vetstat, "diff", old, new], files=2 * n,
                                         repeat=repeat, tree=True, log=log)
            found["diff_xlsx"] = measure(
                "vetstat diff DIR_A DIR_B -o diff.xlsx",
                [*vetstat, "diff", old, new, "-o", str(scratch / "diff.xlsx"), "--force"],
                files=2 * n, repeat=repeat, tree=True, log=log)
            books = [scratch / "old.xlsx", scratch / "new.xlsx"]
            for folder, book in zip((old, new), books, strict=True):  # written once, untimed
                made, _, error = run_once([*vetstat, "aggregate", folder, "-o", str(book), "--force"])
                if made.code:
                    raise SystemExit(f"vetstat aggregate {folder} -o {book}: exit {made.code}\n{error}")
            found["diff_books"] = measure(
                "vetstat diff OLD.xlsx NEW.xlsx (city workbooks)",
                [*vetstat, "diff", *map(str, books)], files=2 * n, repeat=repeat, tree=True,
                log=log)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return found


def measure_reading(args: argparse.Namespace, sets: dict[tuple[str, int], Generated],
                    small_n: int | None, found: dict[str, Measurement],
                    log: Callable[[str], None]) -> None:
    """--help, validate, the calamine floor, openpyxl, aggregate at N and N/10, diff."""
    n = args.schools
    vetstat = vetstat_command()
    python = sys.executable
    main_set, next_set = sets[("main", n)], sets[("next", n)]
    one = next(iter(sorted(main_set.folder.iterdir())))

    def add(key: str, m: Measurement) -> None:
        found[key] = m

    add("help", measure("vetstat --help", [*vetstat, "--help"], files=None, repeat=max(args.repeat, 5),
                        log=log))
    add("validate", measure("vetstat validate one.xlsx", [*vetstat, "validate", str(one)], files=1,
                            repeat=max(args.repeat, 5), log=log))
    counts = [n] + ([small_n] if small_n else [])
    for count in counts:
        path = str(sets[("main", count)].folder)
        m = measure("bare python-calamine read, 1 process", [python, "-c", CALAMINE_READ, path, "1"],
                    files=count, repeat=args.repeat, capture=True, log=log)
        m.note = f"{m.stdout.split()[-1]} cells" if m.stdout.split() else ""
        add(f"calamine_{count}", m)
    path = str(main_set.folder)
    add(f"calamine2_{n}", measure("bare python-calamine read, 2 processes",
                                  [python, "-c", CALAMINE_READ, path, "2"], files=n,
                                  repeat=args.repeat, tree=True, log=log))
    if not args.skip_openpyxl:
        add(f"openpyxl_{n}", measure("openpyxl read_only read (reference)",
                                     [python, "-c", OPENPYXL_READ, path], files=n,
                                     repeat=args.openpyxl_repeat, warmup=False, log=log))
    has_aggregate = succeeds([*vetstat, "aggregate", "--help"])
    jobs = ["--jobs", str(args.aggregate_jobs)] if args.aggregate_jobs else []
    for count in counts:
        path = str(sets[("main", count)].folder)
        if has_aggregate:
            command, name, note = ([*vetstat, "aggregate", path, "--format", "json", *jobs],
                                   " ".join(["vetstat aggregate DIR --format json", *jobs]), "")
        else:
            command, name = [python, "-c", AGGREGATE_LIBRARY, path], "aggregate_folder (library driver)"
            note = "the aggregate command was not available: library driver"
        add(f"aggregate_{count}", measure(name, command, files=count, repeat=args.repeat,
                                          note=note, tree=True, log=log))
    if args.skip_diff:
        log("  vetstat diff: skipped (--skip-diff)")
    elif succeeds([*vetstat, "diff", "--help"]):
        add(f"diff_{n}", measure("vetstat diff DIR_A DIR_B (two years)",
                                 [*vetstat, "diff", str(main_set.folder), str(next_set.folder)],
                                 files=2 * n, repeat=args.diff_repeat or args.repeat, tree=True,
                                 log=log))
    else:
        log("  vetstat diff: not available (vetstat diff --help fails)")


def report(args: argparse.Namespace, sets: dict[tuple[str, int], Generated],
           found: dict[str, Measurement], host: dict[str, Any], log: Callable[[str], None]) -> None:
    """The two tables on the terminal and, with --json, every run in a file."""
    n = args.schools
    ordered = list(found.values())
    checks = verdicts(found, n, args.cells)
    log("")
    log(table(ordered))
    log("")
    log(verdict_table(checks))
    if not (args.skip_diff or args.city_workbook) and not any(k.startswith("diff_") for k in found):
        log("\nvetstat diff: not available in this build (`vetstat diff --help` does not succeed).")
    if args.json:
        host["loadavg_after"] = machine().get("loadavg")
        document = {
            "machine": host,
            "schools": n,
            "cells": args.cells,
            "aggregate_jobs": args.aggregate_jobs,
            "repeat": args.repeat,
            "generator": GENERATOR_VERSION,
            "generation_seconds": {f"{kind}/{count}": round(g.seconds, 2)
                                   for (kind, count), g in sets.items()},
            "measurements": {key: {**asdict(m), "median": m.median, "best": m.best,
                                   "cpu": m.cpu, "peak_rss_mb": m.rss,
                                   "peak_tree_mb": m.tree}
                             for key, m in found.items()},
            "diff": ("skipped" if args.skip_diff else "measured"
                     if any(k.startswith("diff_") for k in found) else "not available"),
            "verdicts": [asdict(v) for v in checks],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        log(f"\nraw results: {args.json}")


if __name__ == "__main__":
    sys.exit(main())
