"""From a school's workbook file to typed data, cell locations and reading issues (F rules).

The reader is tolerant where people are sloppy (inserted rows, merged titles, a deleted 字段
column, numbers typed as text, full-width characters) and strict where the bureau needs exact
figures (approximate numbers, formulas nobody calculated, values outside their list).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vetstat.contract import (
    INSTRUCTIONS_SHEET,
    SHEETS,
    FieldSpec,
    Kind,
    SchoolData,
    Sheet,
    SheetSpec,
)
from vetstat.grid import RawSheet, RawWorkbook, Unreadable, open_workbook
from vetstat.issues import Issue, Severity, declare

E, W = Severity.ERROR, Severity.WARNING

declare("F001", E, "*", ("无法读取工作簿", "workbook cannot be read"),
        "无法作为工作簿读取：{reason}",
        "cannot be read as a workbook: {reason}")
declare("F002", E, "*", ("缺少必需的工作表", "required sheet missing"),
        "缺少工作表“{sheet_title}”。请使用 vetstat template 生成的模板，不要删除或改名工作表。",
        "the sheet '{sheet_title}' is missing. Use the template from `vetstat template` and do "
        "not delete or rename its sheets.")
declare("F003", E, "*", ("缺少必需的字段或列", "required field or column missing"),
        "缺少“{label}”{what}。请按模板恢复该{what}。",
        "the {what_en} '{label}' is missing. Restore it as in the template.")
declare("F004", E, "*", ("必填值为空", "required value empty"),
        "“{label}”未填写。请填写{unit_hint}。",
        "'{label}' is empty. Fill it in{unit_hint_en}.")
declare("F005", E, "*", ("不是数字或是约数", "not a number, or approximate"),
        "“{label}”的值 {value} 不是确切的数字{reason}。请只填写阿拉伯数字{unit_hint}。",
        "'{label}' holds {value}, which is not an exact number{reason_en}. Enter digits "
        "only{unit_hint_en}.")
declare("F006", W, "*", ("数字以文本形式存储", "number stored as text"),
        "“{label}”的值 {value} 是文本格式的数字，已按 {parsed} 读取。请将单元格设为数值格式并只填写数字。",
        "'{label}' holds {value}, a number stored as text; it was read as {parsed}. Format the "
        "cell as a number and enter digits only.")
declare("F007", E, "*", ("人数为负或不是整数，金额为负", "count negative or not whole"),
        "“{label}”的值 {value} 不合要求：应为{expected_zh}。",
        "'{label}' holds {value}; it must be {expected_en}.")
declare("F008", E, "*", ("百分比超出 0–100", "percentage outside 0–100"),
        "“{label}”的值 {value} 超出 0–100。请填写百分数的数值部分（如 54.2 表示 54.2%）。",
        "'{label}' holds {value}, outside 0–100. Enter the percentage as a number "
        "(54.2 for 54.2%).")
declare("F009", E, "*", ("公式没有计算结果", "formula without a cached value"),
        "“{label}”是公式，但文件中没有计算结果（文件由从未计算公式的程序生成）。请在 Excel/WPS 中打开、"
        "重新计算并保存，或直接填写数值。",
        "'{label}' is a formula with no computed value stored in the file (it was written by a "
        "program that never calculated it). Open it in Excel/WPS, recalculate and save, or "
        "type the value.")
declare("F010", W, "*", ("未知的工作表（已忽略）", "unknown sheet (ignored)"),
        "工作表“{sheet_title}”不是模板中的工作表，已忽略。若其中有应报数据，请填到模板对应的工作表中。",
        "the sheet '{sheet_title}' is not part of the template and was ignored. Move any data "
        "it holds into the template's sheets.")
declare("F011", E, "*", ("字段或工作表重复", "field or key given twice"),
        "“{label}”出现了两次（另见 {other}）。请删除重复的一行。",
        "'{label}' appears twice (see also {other}). Delete the duplicate.")
declare("F012", E, "*", ("值不在允许的列表中", "value not in its allowed list"),
        "“{label}”的值 {value} 不在允许的选项中。请从下拉列表中选择：{expected}。",
        "'{label}' holds {value}, which is not an allowed choice. Pick one of: {expected}.")
declare("F013", E, "*", ("合计行与明细之和不符", "total row differs from the sum"),
        "合计行的“{label}”为 {value}，但上方各行之和为 {expected}。请改正合计或明细（合计行不计入数据）。",
        "the total row's '{label}' is {value} but the rows above it sum to {expected}. Correct "
        "the total or the rows (the total row is not counted).")
declare("F014", E, "*", ("单元格是 Excel 错误值", "cell holds an Excel error"),
        "“{label}”的单元格是错误值 {value}（公式出错）。请修正公式或直接填写数值。",
        "'{label}' holds the error value {value} (a broken formula). Fix the formula or type "
        "the value.")
declare("F015", W, "*", ("工作表过大，只读取了前面部分", "sheet too large, truncated"),
        "工作表行数或列数过多（超过 {limit}），只读取了前 {limit} 行/列。请删除多余的空行和数据。",
        "the sheet has too many rows or columns (over {limit}); only the first {limit} were "
        "read. Delete the surplus rows and data.")
declare("F016", W, "*", ("问题过多，其余未列出", "too many issues, rest not listed"),
        "本文件的问题超过 {limit} 条，其余 {omitted} 条未列出。请先改正上面的问题后重新校验。",
        "this file has more than {limit} issues; {omitted} more are not listed. Correct the "
        "ones above and check again.")

TOTAL_WORDS = ("合计", "总计", "小计")
HEADER_SCAN_ROWS = 10
MAX_ISSUES_PER_FILE = 1000

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def normalize(text: Any) -> str:
    """A label or sheet name compared loosely: width, spaces, quotes and case folded."""
    return unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).replace(" ", "").replace(
        "\u3000", "").replace("\t", "").replace("\n", "").lower()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


# --- reading numbers ---------------------------------------------------------------------------

_APPROXIMATE = re.compile(r"约|余|多|左右|超过|超|以上|以下|不足|不到|将近|近|大概|大约|上下|若干|\+$|~|≈|>|<|≥|≤|…")
_NUMBER = re.compile(
    r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(%|人次|人|名|元|万元|册|个|家|平方米|m2|份|年|次|项)?$"
)


@dataclass
class Parsed:
    """A cell's value after reading, with what the reader noticed about it."""

    value: Any = None
    code: str | None = None  # F004/F005/F006/F009/F014 when noticed
    reason: tuple[str, str] = ("", "")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(raw: Any, kind: Kind, *, percent_cell: bool = False) -> Parsed:
    """Read a number cell: real numbers as they are, clear text numbers with F006, others F005."""
    if isinstance(raw, (bool, datetime | date | time)):
        reason = ("（是逻辑值）", " (a TRUE/FALSE value)") if isinstance(raw, bool) else (
            "（是日期）", " (a date)")
        return Parsed(raw, "F005", reason)
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            return Parsed(raw, "F005", ("（不是有限数值）", " (not a finite number)"))
        if kind is Kind.PERCENT and percent_cell:
            value = round(value * 100, 10)
        return Parsed(_tidy(value))
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    if _APPROXIMATE.search(text):
        return Parsed(raw, "F005", ("（是约数，需要确切数字）", " (an approximate figure; the exact figure is needed)"))
    match = _NUMBER.match(text)
    if not match:
        return Parsed(raw, "F005", ("", ""))
    sign, whole, decimals, suffix = match.groups()
    if suffix == "%" and kind is not Kind.PERCENT:
        return Parsed(raw, "F005", ("（此处不填百分数）", " (a percentage is not expected here)"))
    value = float(f"{sign}{whole.replace(',', '')}{decimals or ''}")
    return Parsed(_tidy(value), "F006")


def _tidy(value: float) -> float | int:
    if value == int(value) and abs(value) < 2**53:
        return int(value)
    return value


def _text_value(raw: Any, kind: Kind) -> Any:
    """Text and code cells: numbers typed in code cells lose their ``.0``."""
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        return str(int(raw))
    if isinstance(raw, int | float):
        return str(raw)
    if isinstance(raw, datetime | date | time):
        return raw.isoformat()
    text = str(raw).strip()
    if kind is Kind.DIGITS:
        text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return text


_CHOICE_CACHE: dict[tuple[str, ...], dict[str, str]] = {}


def _choice_value(raw: Any, choices: tuple[str, ...]) -> str:
    table = _CHOICE_CACHE.get(choices)
    if table is None:
        table = {normalize(choice): choice for choice in choices}
        _CHOICE_CACHE[choices] = table
    text = str(raw).strip()
    return table.get(normalize(text), text)


# --- the result --------------------------------------------------------------------------------


@dataclass
class Workbook:
    """One school workbook as read: typed data, where each value came from, reading issues."""

    path: Path
    file: str
    data: SchoolData = field(default_factory=SchoolData)
    sheet_names: dict[str, str] = field(default_factory=dict)
    cells: dict[tuple[str, int, str], str] = field(default_factory=dict)
    # 备注 text: (sheet, field key) on form sheets, (sheet, record index) on table sheets
    notes: dict[tuple[str, str | int], str] = field(default_factory=dict)
    rows: dict[tuple[str, int], int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True

    def cell(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """A1 address of a value; ``row`` is the record index for table sheets, -1 for forms."""
        return self.cells.get((sheet, row, fieldname))

    def note(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """The 备注 that explains a warning on this value, if the school wrote one."""
        return self.notes.get((sheet, fieldname) if row == FORM_ROW else (sheet, row))


FORM_ROW = -1


def read_workbook(path: Path, file: str | None = None) -> Workbook:
    """Read a school workbook; never raises for bad content (it becomes F issues)."""
    book = Workbook(path=path, file=file or path.name)
    try:
        raw = open_workbook(path)
        _read_sheets(raw, book)
    except Unreadable as exc:
        book.readable = False
        book.issues.append(Issue("F001", book.file, params={"reason": exc.zh, "reason_en": exc.en},
                                 value=None, expected=None))
    return book


def _sheet_key(name: str) -> SheetSpec | None:
    wanted = normalize(name)
    for sheet in SHEETS:
        if normalize(sheet.title) == wanted:
            return sheet
    for sheet in SHEETS:  # "1.学校信息", "表2 专业与学生"
        title = normalize(sheet.title)
        if title in wanted and len(wanted) <= len(title) + 6:
            return sheet
    return None


def _read_sheets(raw: RawWorkbook, book: Workbook) -> None:
    found: dict[str, str] = {}
    for name in raw.sheet_names:
        spec = _sheet_key(name)
        if spec is None:
            if normalize(name) != normalize(INSTRUCTIONS_SHEET):
                book.issues.append(Issue("F010", book.file, sheet=name, params={"sheet_title": name}))
            continue
        if spec.key in found:
            book.issues.append(Issue("F011", book.file, sheet=name, field=spec.key,
                                     params={"label": spec.title, "other": found[spec.key]}))
            continue
        found[spec.key] = name
    values: dict[str, Any] = {}
    for spec in SHEETS:
        name = found.get(spec.key)
        if name is None:
            if spec.required:
                book.issues.append(Issue("F002", book.file, sheet=spec.title, field=spec.key,
                                         params={"sheet_title": spec.title}))
            continue
        book.sheet_names[spec.key] = name
        sheet = raw.sheet(name)
        if sheet.truncated:
            from vetstat.grid import MAX_ROWS

            book.issues.append(Issue("F015", book.file, sheet=name, params={"limit": MAX_ROWS}))
        reader = _TableReader(book, spec, sheet) if spec.table else _FormReader(book, spec, sheet)
        values[spec.key] = reader.read()
    book.data = SchoolData.model_construct(**values)
    if len(book.issues) > MAX_ISSUES_PER_FILE:
        omitted = len(book.issues) - MAX_ISSUES_PER_FILE
        del book.issues[MAX_ISSUES_PER_FILE:]
        book.issues.append(Issue("F016", book.file, params={"limit": MAX_ISSUES_PER_FILE,
                                                             "omitted": omitted}))


def _unit_hint(spec: FieldSpec) -> tuple[str, str]:
    if spec.unit:
        return (f"（单位：{spec.unit}）", f" (unit: {spec.unit})")
    return ("", "")


class _SheetReader:
    def __init__(self, book: Workbook, spec: SheetSpec, sheet: RawSheet) -> None:
        self.book = book
        self.spec = spec
        self.sheet = sheet
        self.fields = {f.key: f for f in spec.fields}
        self.labels = {normalize(f.label): f.key for f in spec.fields}
        for f in spec.fields:  # "其中：专业课教师" is also found as "专业课教师"
            short = normalize(re.sub(r"^其中[:：]", "", f.label))
            self.labels.setdefault(short, f.key)

    def issue(self, code: str, fspec: FieldSpec | None, pos: tuple[int, int] | None,
              value: Any = None, expected: str | None = None, **params: Any) -> None:
        label = fspec.label if fspec else self.spec.title
        self.book.issues.append(Issue(
            code, self.book.file, sheet=self.sheet.name, cell=a1(*pos) if pos else None,
            field=fspec.key if fspec else None, value=value, expected=expected,
            params={"label": label, **params},
        ))

    def cell_value(self, fspec: FieldSpec, raw: Any, pos: tuple[int, int]) -> Any:
        """Read one cell per its field's kind, recording F004/F005/F006/F009/F014."""
        if pos in self.sheet.error_cells:
            self.issue("F014", fspec, pos, value=self.sheet.error_cells[pos])
            return None
        if pos in self.sheet.uncached_formulas:
            self.issue("F009", fspec, pos)
            return None
        if _is_blank(raw):
            return None
        kind = fspec.kind
        if kind in (Kind.COUNT, Kind.AMOUNT, Kind.PERCENT, Kind.YEAR):
            parsed = parse_number(raw, kind, percent_cell=pos in self.sheet.percent_cells)
            if parsed.code == "F005":
                zh, en = _unit_hint(fspec)
                self.issue("F005", fspec, pos, value=raw, expected="number",
                           reason=parsed.reason[0], reason_en=parsed.reason[1],
                           unit_hint=zh, unit_hint_en=en)
                return None
            if parsed.code == "F006":
                self.issue("F006", fspec, pos, value=raw, expected="number",
                           parsed=_number_text(parsed.value))
            return parsed.value
        if kind is Kind.CHOICE:
            return _choice_value(raw, fspec.choices)
        return _text_value(raw, kind)

    def validate(self, values: dict[str, Any], positions: dict[str, tuple[int, int]]) -> Sheet:
        """Check bounds and lists with the pydantic model; a failing value becomes ``None``."""
        model = self.spec.model
        try:
            return model.model_validate(values)
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                fspec = self.fields.get(key)
                if fspec is None:
                    continue
                self.bound_issue(fspec, values.get(key), positions.get(key), error["type"])
                values[key] = None
        return model.model_validate(values)

    def bound_issue(self, fspec: FieldSpec, value: Any, pos: tuple[int, int] | None,
                    error_type: str) -> None:
        kind = fspec.kind
        if kind is Kind.PERCENT:
            self.issue("F008", fspec, pos, value=value, expected="0–100")
        elif kind is Kind.CHOICE:
            self.issue("F012", fspec, pos, value=value, expected="|".join(fspec.choices))
        elif kind is Kind.COUNT:
            self.issue("F007", fspec, pos, value=value, expected=">= 0, whole",
                       expected_zh="不小于 0 的整数", expected_en="a whole number ≥ 0")
        elif kind is Kind.AMOUNT:
            self.issue("F007", fspec, pos, value=value, expected=">= 0",
                       expected_zh="不小于 0 的数", expected_en="a number ≥ 0")
        else:
            self.issue("F005", fspec, pos, value=value, expected="number", reason="",
                       reason_en="", unit_hint="", unit_hint_en="")

    def required_missing(self, fspec: FieldSpec, pos: tuple[int, int] | None) -> None:
        zh, en = _unit_hint(fspec)
        self.issue(fspec.missing_code or "F004", fspec, pos, expected="non-empty",
                   unit_hint=zh, unit_hint_en=en)


def _number_text(value: Any) -> str:
    return str(value)


class _FormReader(_SheetReader):
    """Form sheets: 指标 | 单位 | 填报值 | 备注 | 字段, one row per field."""

    def read(self) -> Sheet:
        rows = self.sheet.rows
        header_row, columns = self._header()
        label_col = columns.get("指标", 0)
        value_col = columns.get("填报值", 2)
        note_col = columns.get("备注", 3 if header_row >= 0 else None)
        key_col = columns.get("字段", 4 if header_row >= 0 and "填报值" not in columns else None)
        values: dict[str, Any] = {}
        positions: dict[str, tuple[int, int]] = {}
        for r in range(header_row + 1, len(rows)):
            row = rows[r]
            key = None
            if key_col is not None and key_col < len(row):
                candidate = str(row[key_col]).strip()
                if candidate in self.fields:
                    key = candidate
            if key is None and label_col < len(row):
                key = self.labels.get(normalize(row[label_col]))
            if key is None:
                continue
            fspec = self.fields[key]
            pos = (r, value_col)
            if key in positions:
                self.issue("F011", fspec, pos, other=a1(*positions[key]))
                continue
            positions[key] = pos
            self.book.cells[(self.spec.key, FORM_ROW, key)] = a1(*pos)
            if note_col is not None and note_col < len(row) and not _is_blank(row[note_col]):
                self.book.notes[(self.spec.key, key)] = str(row[note_col]).strip()
            raw = row[value_col] if value_col < len(row) else None
            values[key] = self.cell_value(fspec, raw, pos)
        for fspec in self.spec.fields:
            if not fspec.required:
                continue
            if fspec.key not in positions:
                self.issue("F003", fspec, None, expected="row", what="一行", what_en="row")
            elif values.get(fspec.key) is None and not self._already_flagged(positions[fspec.key]):
                self.required_missing(fspec, positions[fspec.key])
        return self.validate(values, positions)

    def _already_flagged(self, pos: tuple[int, int]) -> bool:
        cell = a1(*pos)
        return any(i.cell == cell and i.sheet == self.sheet.name for i in self.book.issues)

    def _header(self) -> tuple[int, dict[str, int]]:
        wanted = {normalize(h): h for h in ("指标", "单位", "填报值", "备注", "字段")}
        for r, row in enumerate(self.sheet.rows[:HEADER_SCAN_ROWS]):
            columns = {}
            for c, value in enumerate(row):
                if isinstance(value, str) and normalize(value) in wanted:
                    columns.setdefault(wanted[normalize(value)], c)
            if len(columns) >= 2 and ("指标" in columns or "填报值" in columns):
                return r, columns
        return -1, {}


class _TableReader(_SheetReader):
    """Table sheets: one record per row under the header labels."""

    def read(self) -> list[Sheet]:
        rows = self.sheet.rows
        header_row, columns = self._header()
        if header_row < 0:
            self.issue("F003", None, None, expected="header row", what="表头行",
                       what_en="header row", label=self.spec.title)
            return []
        note_col = columns.pop("__note__", None)
        for fspec in self.spec.fields:
            if fspec.required and fspec.key not in columns:
                self.issue("F003", fspec, (header_row, 0), expected="column", what="列",
                           what_en="column")
        records: list[Sheet] = []
        numeric = [f for f in self.spec.fields if f.kind in (Kind.COUNT, Kind.AMOUNT)
                   and f.key in columns]
        running = {f.key: 0.0 for f in numeric}
        for r in range(header_row + 1, len(rows)):
            row = rows[r]
            if all(_is_blank(v) for v in row):
                continue
            first_text = next((v for v in row if isinstance(v, str) and v.strip()), "")
            if normalize(first_text).startswith(tuple(TOTAL_WORDS)):
                self._check_total(r, row, columns, numeric, running)
                continue
            index = len(records)
            values: dict[str, Any] = {}
            positions: dict[str, tuple[int, int]] = {}
            for fspec in self.spec.fields:
                c = columns.get(fspec.key)
                if c is None:
                    continue
                pos = (r, c)
                positions[fspec.key] = pos
                self.book.cells[(self.spec.key, index, fspec.key)] = a1(*pos)
                raw = row[c] if c < len(row) else None
                values[fspec.key] = self.cell_value(fspec, raw, pos)
                if values[fspec.key] is None and fspec.required and not self._flagged(pos):
                    self.required_missing(fspec, pos)
            self.book.rows[(self.spec.key, index)] = r + 1
            if note_col is not None and note_col < len(row) and not _is_blank(row[note_col]):
                self.book.notes[(self.spec.key, index)] = str(row[note_col]).strip()
            record = self.validate(values, positions)
            for f in numeric:
                v = getattr(record, f.key)
                if isinstance(v, int | float):
                    running[f.key] += v
            records.append(record)
        return records

    def _flagged(self, pos: tuple[int, int]) -> bool:
        cell = a1(*pos)
        issues = self.book.issues
        return any(i.cell == cell and i.sheet == self.sheet.name for i in issues[-8:])

    def _check_total(self, r: int, row: list[Any], columns: dict[str, int],
                     numeric: list[FieldSpec], running: dict[str, float]) -> None:
        for fspec in numeric:
            c = columns[fspec.key]
            raw = row[c] if c < len(row) else None
            pos = (r, c)
            if _is_blank(raw) or pos in self.sheet.uncached_formulas or pos in self.sheet.error_cells:
                continue
            parsed = parse_number(raw, fspec.kind)
            if parsed.code == "F005" or not isinstance(parsed.value, int | float):
                continue
            expected = running[fspec.key]
            if abs(parsed.value - expected) > 1e-6 * max(1.0, abs(expected)):
                self.issue("F013", fspec, pos, value=parsed.value, expected=_number_text(_tidy(expected)))
        for key in running:  # a later 合计 sums the rows after this one
            running[key] = 0.0

    def _header(self) -> tuple[int, dict[str, int]]:
        labels = self.labels
        best = (-1, {}, 0)
        for r, row in enumerate(self.sheet.rows[:HEADER_SCAN_ROWS]):
            columns: dict[str, int] = {}
            for c, value in enumerate(row):
                if not isinstance(value, str):
                    continue
                text = normalize(value)
                key = labels.get(text)
                if key is not None:
                    columns.setdefault(key, c)
                elif text == "备注":
                    columns.setdefault("__note__", c)
            score = len(columns)
            if score > best[2]:
                best = (r, columns, score)
        row, columns, score = best
        if score < max(2, len(self.spec.fields) // 2):
            return -1, {}
        return row, columns
