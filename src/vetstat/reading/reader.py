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
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from vetstat.core.contract import (
    FORM_HEADERS,
    INSTRUCTIONS_SHEET,
    NUMERIC_KINDS,
    SHEETS,
    FieldSpec,
    Kind,
    SchoolData,
    Sheet,
    SheetSpec,
)
from vetstat.core.issues import RULES, Issue, Severity
from vetstat.xlsx import (
    MAX_COLUMNS,
    RawSheet,
    RawWorkbook,
    Unreadable,
    column_letter,
    open_workbook,
)

TOTAL_WORDS = ("合计", "总计")
SUBTOTAL_WORDS = ("小计",)
FOOTNOTE_WORDS = ("填表人", "填报人", "制表人", "审核人", "负责人", "单位负责人", "联系人",
                  "联系电话", "填表日期", "填报日期", "注:", "说明:", "备注:")
HEADER_SCAN_ROWS = 10
MAX_ISSUES_PER_FILE = 1000

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def normalize(text: Any) -> str:
    """A label or sheet name compared loosely: width, spaces, quotes and case folded."""
    return _normalize(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=8192)  # labels, headers and list values repeat in every workbook of a batch
def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).replace(" ", "").replace(
        "\u3000", "").replace("\t", "").replace("\n", "").lower()


# Sheets that are no data and no mistake: the template's instructions, and the list of issues
# an annotated copy carries (vetstat.outputs.annotate.RESULT_SHEET) when a school sends it back fixed.
RESULT_SHEET = "校验结果"
_SILENT_SHEETS = frozenset({normalize(INSTRUCTIONS_SHEET), normalize(RESULT_SHEET)})


_LETTERS = tuple(column_letter(index) for index in range(256))


def a1(row: int, col: int) -> str:
    """(0, 0) -> "A1": the address of a cell given by its 0-based row and column."""
    letters = _LETTERS[col] if col < len(_LETTERS) else column_letter(col)
    return f"{letters}{row + 1}"


# --- reading numbers ---------------------------------------------------------------------------

_APPROXIMATE = re.compile(r"约|余|多|左右|超过|超|以上|以下|不足|不到|将近|近|大概|大约|上下|若干|\+$|~|≈|>|<|≥|≤|…")
_NUMBER = re.compile(
    r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(%|人次|人|名|元|万元|册|个|家|平方米|m2|份|年|次|项)?$"
)


# Units that may follow a number typed as text.  A money, area, percent or year unit must be the
# field's own ("6000000元" in a 万元 field is off by 10,000, not a typing habit); the counting
# words of people and things may stand for one another ("120名" where the unit is 人).
_COUNTING_WORDS = frozenset({"人", "名", "人次", "次", "个", "家", "册", "份", "项"})
_SAME_UNIT = {"m2": "平方米", "名": "人"}


def _unit_fits(suffix: str, unit: str | None) -> bool:
    if unit is None:  # the caller does not know the field's unit
        return True
    found, wanted = _SAME_UNIT.get(suffix, suffix), _SAME_UNIT.get(unit, unit)
    return found == wanted or (found in _COUNTING_WORDS and wanted in _COUNTING_WORDS)


@dataclass
class Parsed:
    """A cell's value after reading, with what the reader noticed about it."""

    value: Any = None
    code: str | None = None  # F004/F005/F006/F009/F014 when noticed
    reason: tuple[str, str] = ("", "")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _first_text(row: list[Any]) -> str | None:
    """The row's first non-blank text ("" when it holds only numbers), None when all is blank."""
    filled = False
    for value in row:
        if value.__class__ is str:
            if value and not value.isspace():
                return value
        elif value is not None:
            filled = True
    return "" if filled else None


# What people put in a cell to say "nothing here": read as empty, so that a required value is
# reported missing (F004) and an optional one is simply not given.
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "/", "\\", "、"})
# "无"/"否" in an optional text or list field (示范专业 "否") mean the same; in a number field
# they stay an error, since "无" may mean 0 or "unknown".
_NONE_WORDS = frozenset({"无", "否", "没有", "暂无"})


def _is_placeholder(raw: Any, fspec: FieldSpec) -> bool:
    if not isinstance(raw, str):
        return False
    word = _placeholder_word(raw)
    if word is _PLACEHOLDERS:
        return fspec.kind is not Kind.NAMES or not fspec.required  # "、" alone is A701's
    return word is _NONE_WORDS and not fspec.required and fspec.kind not in NUMERIC_KINDS


@lru_cache(maxsize=4096)  # most texts of a batch repeat: major names, respondents, levels
def _placeholder_word(raw: str) -> frozenset[str] | None:
    """_PLACEHOLDERS or _NONE_WORDS when the text is one of them, else None."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if text in _PLACEHOLDERS:
        return _PLACEHOLDERS
    return _NONE_WORDS if text in _NONE_WORDS else None


def parse_number(raw: Any, kind: Kind, *, percent_cell: bool = False,
                 unit: str | None = None) -> Parsed:
    """Read a number cell: real numbers as they are, clear text numbers with F006, others F005.

    ``unit`` is the field's unit: a unit typed after the number must agree with it.
    """
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
    if suffix and suffix != "%" and not _unit_fits(suffix, unit):
        return Parsed(raw, "F005", (f"（单位“{suffix}”与本项的单位“{unit}”不符）",
                                    f" (the unit {suffix} is not this field's unit {unit})"))
    value = float(f"{sign}{whole.replace(',', '')}{decimals or ''}")
    if not math.isfinite(value):  # 400 digits typed as text overflow to inf
        return Parsed(raw, "F005", ("（不是有限数值）", " (not a finite number)"))
    return Parsed(_tidy(value), "F006")


def _tidy(value: float) -> float | int:
    """Whole numbers as ``int``; a formula's float noise (17.999999999999996) counts as whole."""
    if not math.isfinite(value):
        return value
    nearest = round(value)
    if value == nearest or abs(value - nearest) <= 1e-9 * max(1.0, abs(value)):
        return int(nearest)
    return value


_PLAIN_TEXT_KINDS = frozenset({Kind.TEXT, Kind.DIGITS, Kind.NAMES})


def _text_value(raw: Any, kind: Kind) -> Any:
    """Text and code cells: numbers typed in code cells lose their ``.0``."""
    if raw.__class__ is not str:  # (most cells are text: they skip these tests)
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
_PUNCTUATION = re.compile(r"[()、,，.。:;·\-]")


def _choice_value(raw: Any, choices: tuple[str, ...]) -> str:
    """The allowed value a cell names, whatever its width or punctuation ("县(市,区)属")."""
    return _choice_text(str(raw).strip(), choices)


@lru_cache(maxsize=4096)
def _choice_text(text: str, choices: tuple[str, ...]) -> str:
    table = _CHOICE_CACHE.get(choices)
    if table is None:
        table = {_PUNCTUATION.sub("", normalize(choice)): choice for choice in choices}
        _CHOICE_CACHE[choices] = table
    return table.get(_PUNCTUATION.sub("", normalize(text)), text)


# --- the result --------------------------------------------------------------------------------


@dataclass
class Workbook:
    """One school workbook as read: typed data, where each value came from, reading issues."""

    path: Path
    file: str
    data: SchoolData = field(default_factory=SchoolData)
    sheet_names: dict[str, str] = field(default_factory=dict)  # contract key -> name in file
    sheet_titles: list[str] = field(default_factory=list)  # every sheet of the file, in order
    # (sheet, FORM_ROW, field) -> (row, column), 0-based, on form sheets; see :meth:`cell`
    cells: dict[tuple[str, int, str], tuple[int, int]] = field(default_factory=dict)
    # table sheets: field -> column (0-based); a record's row is in ``rows``
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    # 备注 text: (sheet, field key) on form sheets, (sheet, record index) on table sheets
    notes: dict[tuple[str, str | int], str] = field(default_factory=dict)
    rows: dict[tuple[str, int], int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True

    def cell(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """A1 address of a value; ``row`` is the record index for table sheets, -1 for forms."""
        if row == FORM_ROW:
            pos = self.cells.get((sheet, row, fieldname))
            return None if pos is None else a1(*pos)
        line, column = self.rows.get((sheet, row)), self.columns.get(sheet, {}).get(fieldname)
        return None if line is None or column is None else a1(line - 1, column)

    def note(self, sheet: str, fieldname: str, row: int = -1) -> str | None:
        """The 备注 that explains a warning on this value, if the school wrote one."""
        return self.notes.get((sheet, fieldname) if row == FORM_ROW else (sheet, row))


FORM_ROW = -1


def read_workbook(path: Path, file: str | None = None) -> Workbook:
    """Read a school workbook; never raises for bad content (it becomes F issues)."""
    book = Workbook(path=path, file=file or path.name)
    try:
        raw = open_workbook(path, wanted=_is_contract_sheet)
        _read_sheets(raw, book)
    except Unreadable as exc:
        # a part may turn out damaged only when its sheet is read: then nothing read so far counts
        book = Workbook(path=path, file=book.file, readable=False)
        book.issues.append(unreadable_issue(book.file, exc.zh, exc.en))
    return book


def unreadable_issue(file: str, reason: str, reason_en: str) -> Issue:
    """F001: the file cannot be read as a workbook, and why."""
    return Issue("F001", file, params={"reason": reason, "reason_en": reason_en},
                 value=None, expected=None)


def _is_contract_sheet(name: str) -> bool:
    return _sheet_key(name)[0] is not None


@lru_cache(maxsize=1024)  # the same few sheet names in every workbook of a batch
def _sheet_key(name: str) -> tuple[SheetSpec | None, bool]:
    """The contract sheet a sheet name stands for, and whether the name is exactly its title."""
    wanted = normalize(name)
    for sheet in SHEETS:
        if normalize(sheet.title) == wanted:
            return sheet, True
    for sheet in SHEETS:  # "1.学校信息", "表2 专业与学生"
        title = normalize(sheet.title)
        if title in wanted and len(wanted) <= len(title) + 6:
            return sheet, False
    return None, False


def _read_sheets(raw: RawWorkbook, book: Workbook) -> None:
    book.sheet_titles = list(raw.sheet_names)
    found: dict[str, str] = {}
    look_alikes: list[tuple[str, SheetSpec]] = []
    for name in raw.sheet_names:
        spec, exact = _sheet_key(name)
        if spec is None:
            # a hidden sheet is no place for a school's data: a template's lists of choices
            if normalize(name) not in _SILENT_SHEETS and name not in raw.hidden:
                book.issues.append(Issue("F010", book.file, sheet=name, params={"sheet_title": name}))
        elif not exact:
            look_alikes.append((name, spec))
        elif spec.key in found:
            book.issues.append(Issue("F011", book.file, sheet=name, field=spec.key,
                                     params={"label": spec.title, "other": found[spec.key]}))
        else:
            found[spec.key] = name
    # "1.学校信息" stands for 学校信息 unless the workbook also has 学校信息 itself: then it is a
    # copy ("学校信息 (2)", as Excel names a copied sheet) and ignored like any other sheet.
    exact_keys = set(found)
    for look_alike, spec in look_alikes:
        if spec.key in exact_keys:
            book.issues.append(Issue("F010", book.file, sheet=look_alike,
                                     params={"sheet_title": look_alike}))
        elif spec.key in found:
            book.issues.append(Issue("F011", book.file, sheet=look_alike, field=spec.key,
                                     params={"label": spec.title, "other": found[spec.key]}))
        else:
            found[spec.key] = look_alike
    values: dict[str, Any] = {}
    for spec in SHEETS:
        sheet_name = found.get(spec.key)
        if sheet_name is None:
            if spec.required:
                book.issues.append(Issue("F002", book.file, sheet=spec.title, field=spec.key,
                                         params={"sheet_title": spec.title}))
            continue
        book.sheet_names[spec.key] = sheet_name
        sheet = raw.sheet(sheet_name)
        if sheet.truncated:
            from vetstat.xlsx.limits import MAX_ROWS

            book.issues.append(Issue("F015", book.file, sheet=sheet_name,
                                     params={"limit": MAX_ROWS}))
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
        self.fields = spec.field_map
        self.flagged: set[tuple[int, int]] = set()  # cells with an issue already
        self.labels = _labels(spec)

    def match_label(self, value: Any) -> str | None:
        """The field a label or header names: "在校生数", "在校生数（人）", "满意度(%)"."""
        return _match(self.labels, value)

    def issue(self, code: str, fspec: FieldSpec | None, pos: tuple[int, int] | None, /,
              value: Any = None, expected: str | None = None, **params: Any) -> None:
        label = fspec.label if fspec else self.spec.title
        # a warning on a row whose 备注 is filled is explained, whether a rule or the reader saw it
        note = self.row_note(fspec) if pos and RULES[code].severity is Severity.WARNING else None
        if pos:
            self.flagged.add(pos)
        self.book.issues.append(Issue(
            code, self.book.file, sheet=self.sheet.name, cell=a1(*pos) if pos else None,
            field=fspec.key if fspec else None, value=value, expected=expected,
            params={"label": label, **params}, explained=bool(note), note=note,
        ))

    def row_note(self, fspec: FieldSpec | None) -> str | None:
        """The 备注 of the row being read, if any."""
        return None

    def cell_value(self, fspec: FieldSpec, raw: Any, pos: tuple[int, int]) -> Any:
        """Read one cell per its field's kind, recording F004/F005/F006/F009/F014."""
        sheet = self.sheet
        if sheet.error_cells and pos in sheet.error_cells:
            self.issue("F014", fspec, pos, value=sheet.error_cells[pos])
            return None
        if sheet.uncached_formulas and pos in sheet.uncached_formulas:
            self.issue("F009", fspec, pos)
            return None
        kind = fspec.kind
        # the usual cells first: what the general path below makes of them, with less work
        if raw.__class__ is float:
            if kind in NUMERIC_KINDS and raw.is_integer() and not (
                    kind is Kind.PERCENT and pos in sheet.percent_cells):
                return int(raw)  # a whole number, as parse_number would read it
        elif raw.__class__ is str:
            if not raw or raw.isspace():
                return None
            if kind in _PLAIN_TEXT_KINDS:
                return None if _is_placeholder(raw, fspec) else _text_value(raw, kind)
        elif raw is None:
            return None
        if _is_blank(raw) or _is_placeholder(raw, fspec):
            return None
        if kind in NUMERIC_KINDS:
            parsed = parse_number(raw, kind, percent_cell=pos in self.sheet.percent_cells,
                                  unit=fspec.unit or None)
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
            self._drop_invalid(exc, [(values, positions)], indexed=False)
        return model.model_validate(values)

    def validate_table(self, rows: list[tuple[dict[str, Any], int]],
                       columns: dict[str, int]) -> list[Sheet]:
        """:meth:`validate` for every record of a table (values, row) in one call into pydantic."""
        if not rows:
            return []
        adapter = _list_adapter(self.spec.model)
        try:
            return adapter.validate_python([values for values, _row in rows])
        except ValidationError as exc:
            located = [(values, {key: (r, c) for key, c in columns.items()})
                       for values, r in rows]
            self._drop_invalid(exc, located, indexed=True)
        return adapter.validate_python([values for values, _row in rows])

    def _drop_invalid(self, exc: ValidationError,
                      rows: list[tuple[dict[str, Any], dict[str, tuple[int, int]]]], *,
                      indexed: bool) -> None:
        """Report each value pydantic refused at its cell and make it None, so that the records
        validate. ``indexed``: the errors' locations start with the record's index."""
        for error in exc.errors():
            location = error["loc"] if indexed else (0, *error["loc"])
            if len(location) < 2:
                continue
            index, fspec = location[0], self.fields.get(str(location[1]))
            if not isinstance(index, int) or fspec is None:
                continue
            values, positions = rows[index]  # (an error: no 备注 to look up)
            self.bound_issue(fspec, values.get(fspec.key), positions.get(fspec.key),
                             error["type"])
            values[fspec.key] = None

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

    def required_missing(self, fspec: FieldSpec, pos: tuple[int, int] | None,
                         **context: Any) -> None:
        zh, en = _unit_hint(fspec)
        self.issue(fspec.missing_code or "F004", fspec, pos, expected="non-empty",
                   **context, unit_hint=zh, unit_hint_en=en)


@cache  # one per contract sheet
def _labels(spec: SheetSpec) -> dict[str, str]:
    """A sheet's field labels, compared loosely, to their keys."""
    labels = {normalize(f.label): f.key for f in spec.fields}
    for f in spec.fields:  # "其中：专业课教师" is also found as "专业课教师"
        labels.setdefault(normalize(re.sub(r"^其中[:：]", "", f.label)), f.key)
    return labels


@cache  # one per table model
def _list_adapter(model: type[Sheet]) -> TypeAdapter[list[Sheet]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


_TRAILING_UNIT = re.compile(r"\([^()]{0,8}\)$")


def _match(labels: dict[str, str], value: Any) -> str | None:
    """Look a label up loosely; a unit in brackets after it ("招生数（人）") does not matter."""
    text = normalize(value)
    found = labels.get(text)
    if found is None and text.endswith(")"):
        found = labels.get(_TRAILING_UNIT.sub("", text))
    return found


def _number_text(value: Any) -> str:
    return str(value)


MAX_MERGED_CELLS = 1_000_000  # cells filled from merged ranges per sheet, against hostile files


def _spread_merged(sheet: RawSheet, first_row: int, only_column: int | None = None) -> None:
    """Give each cell of a merged range below the header the value Excel shows there.

    People merge 调查对象 "在校生" over its six items, or one 备注 over several rows; the file
    stores the value in the range's first cell only.
    """
    budget = MAX_MERGED_CELLS
    for r0, c0, r1, c1 in sheet.merged:
        if r0 < first_row or r0 >= len(sheet.rows) or c0 >= len(sheet.rows[r0]):
            continue
        if only_column is not None and not c0 == c1 == only_column:
            continue
        top = sheet.rows[r0][c0]
        if _is_blank(top):
            continue
        source = (r0, c0)
        for r in range(r0, min(r1, len(sheet.rows) - 1) + 1):
            row = sheet.rows[r]
            for c in range(c0, min(c1, MAX_COLUMNS - 1) + 1):
                if (r, c) == source:
                    continue
                budget -= 1
                if budget < 0:
                    return
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                row[c] = top
                if source in sheet.percent_cells:
                    sheet.percent_cells.add((r, c))


@dataclass(frozen=True)
class _Total:
    """A 合计/总计 (or 小计) row of a table sheet, never counted as a record."""

    row: int
    cells: list[Any]
    subtotal: bool
    records_before: int


def _total_kind(first_text: str) -> str | None:
    """"total" for 合计/总计 rows ("合 计", "全校合计：" too), "subtotal" for 小计, else None."""
    text = normalize(first_text).rstrip(":")
    if text.startswith(TOTAL_WORDS) or text.endswith(TOTAL_WORDS):
        return "total"
    if text.startswith(SUBTOTAL_WORDS) or text.endswith(SUBTOTAL_WORDS):
        return "subtotal"
    return None


def _total_scope(totals: list[_Total], position: int, records: int) -> range:
    """The records a total adds up.

    A 合计 sums every record above it, a 小计 those since the previous total row.  A total with
    nothing above it heads the table, as many official forms place it: it sums the records below
    it, up to the next total row (of its kind, for a 合计).
    """
    total = totals[position]
    start = 0
    if total.subtotal and position:
        start = totals[position - 1].records_before
    if total.records_before > start:
        return range(start, total.records_before)
    ends = [t.records_before for t in totals[position + 1:]
            if t.records_before > total.records_before and (total.subtotal or not t.subtotal)]
    return range(total.records_before, ends[0] if ends else records)


class _FormReader(_SheetReader):
    """Form sheets: 指标 | 单位 | 填报值 | 备注 | 字段, one row per field."""

    def row_note(self, fspec: FieldSpec | None) -> str | None:
        return self.book.notes.get((self.spec.key, fspec.key)) if fspec else None

    def read(self) -> Sheet:
        rows = self.sheet.rows
        header_row, columns = self._header()
        label_col = columns.get("指标", 0)
        value_col = columns.get("填报值", 2)
        note_col = columns.get("备注", 3 if header_row >= 0 else None)
        key_col = columns.get("字段", 4 if header_row >= 0 and "填报值" not in columns else None)
        if note_col is not None:
            _spread_merged(self.sheet, header_row + 1, only_column=note_col)
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
                key = self.match_label(row[label_col])
            if key is None:
                continue
            fspec = self.fields[key]
            pos = (r, value_col)
            if key in positions:
                self.issue("F011", fspec, pos, other=a1(*positions[key]))
                continue
            positions[key] = pos
            self.book.cells[(self.spec.key, FORM_ROW, key)] = pos
            if note_col is not None and note_col < len(row) and not _is_blank(row[note_col]):
                self.book.notes[(self.spec.key, key)] = str(row[note_col]).strip()
            raw = row[value_col] if value_col < len(row) else None
            values[key] = self.cell_value(fspec, raw, pos)
        for fspec in self.spec.fields:
            if not fspec.required:
                continue
            if fspec.key not in positions:
                self.issue("F003", fspec, None, expected="row", what="一行", what_en="row")
            elif values.get(fspec.key) is None and positions[fspec.key] not in self.flagged:
                self.required_missing(fspec, positions[fspec.key])
        return self.validate(values, positions)

    def _header(self) -> tuple[int, dict[str, int]]:
        wanted = {normalize(h): h for h in FORM_HEADERS}
        for r, row in enumerate(self.sheet.rows[:HEADER_SCAN_ROWS]):
            columns: dict[str, int] = {}
            for c, value in enumerate(row):
                header = _match(wanted, value) if isinstance(value, str) else None
                if header is not None:
                    columns.setdefault(header, c)
            if len(columns) >= 2 and ("指标" in columns or "填报值" in columns):
                return r, columns
        return -1, {}


class _TableReader(_SheetReader):
    """Table sheets: one record per row under the header labels."""

    record_index: int | None = None  # the record being read, for its 备注

    def row_note(self, fspec: FieldSpec | None) -> str | None:
        if self.record_index is None:
            return None
        return self.book.notes.get((self.spec.key, self.record_index))

    def read(self) -> list[Sheet]:
        rows = self.sheet.rows
        header_row, columns = self._header()
        if header_row < 0:
            self.issue("F003", None, None, expected="header row", what="表头行",
                       what_en="header row", label=self.spec.title)
            return []
        note_col = columns.pop("__note__", None)
        _spread_merged(self.sheet, header_row + 1)
        for fspec in self.spec.fields:
            if fspec.required and fspec.key not in columns:
                self.issue("F003", fspec, (header_row, 0), expected="column", what="列",
                           what_en="column")
        # each record's values and row, validated together once the table is read
        pending: list[tuple[dict[str, Any], int]] = []
        numeric = [f for f in self.spec.fields if f.kind in (Kind.COUNT, Kind.AMOUNT)
                   and f.key in columns]
        sheet = self.sheet
        # no error cell or formula without a value on the sheet (the usual case): an empty cell
        # is None and a whole number is the int, with no call per cell; whether a percent field's
        # float is whole depends on the cell's format, so those take the general path
        plain = not sheet.error_cells and not sheet.uncached_formulas
        located = [(f, columns[f.key], f.kind in NUMERIC_KINDS
                    and not (f.kind is Kind.PERCENT and sheet.percent_cells))
                   for f in self.spec.fields if f.key in columns]
        named_by = [f.key for f in self.spec.fields  # what a message names a record by
                    if f.kind in (Kind.TEXT, Kind.CHOICE, Kind.DIGITS, Kind.NAMES)]
        totals: list[_Total] = []
        rows_of, sheet_key = self.book.rows, self.spec.key
        self.book.columns[sheet_key] = {f.key: c for f, c, _whole in located}
        # what lies right of the table's last column (scratch figures) is not part of a record
        width = max([*columns.values(), note_col or 0]) + 1
        for r in range(header_row + 1, len(rows)):
            row = rows[r][:width]
            first_text = _first_text(row)
            if first_text is None:
                continue  # a blank row
            if first_text and self._footnote(first_text, row, columns):
                continue
            # 合计, 总计 and 小计 all hold 计: most rows are records and skip the normalising
            total_kind = _total_kind(first_text) if "计" in first_text else None
            if total_kind is not None:
                totals.append(_Total(r, row, total_kind == "subtotal", len(pending)))
                continue
            index = len(pending)
            self.record_index = index
            if note_col is not None and note_col < len(row) and not _is_blank(row[note_col]):
                self.book.notes[(sheet_key, index)] = str(row[note_col]).strip()
            values: dict[str, Any] = {}
            missing: list[tuple[FieldSpec, int]] = []
            length = len(row)
            for fspec, c, whole in located:
                raw = row[c] if c < length else None
                if plain and (raw is None or (whole and raw.__class__ is float and raw.is_integer())):
                    value = None if raw is None else int(raw)  # as cell_value reads them
                else:
                    value = self.cell_value(fspec, raw, (r, c))
                values[fspec.key] = value
                if value is None and fspec.required:
                    missing.append((fspec, c))
            # after the whole row, so that a message can name the record (A701 names the event)
            if missing:
                context = {key: values.get(key) or "" for key in named_by}
                for fspec, c in missing:
                    if (r, c) not in self.flagged:
                        self.required_missing(fspec, (r, c), **context)
            rows_of[(sheet_key, index)] = r + 1
            pending.append((values, r))
            self.record_index = None
        records = self.validate_table(pending, self.book.columns[sheet_key])
        if totals:
            amounts = [{f.key: float(v) for f in numeric
                        if isinstance(v := getattr(record, f.key), int | float)}
                       for record in records]
            for position, total in enumerate(totals):
                self._check_total(total, _total_scope(totals, position, len(amounts)), amounts,
                                  columns, numeric)
        return records

    def _footnote(self, first_text: str, row: list[Any], columns: dict[str, int]) -> bool:
        """A "填表人：… 审核人：…" or "注：…" line under the table: no record, no numbers."""
        if not normalize(first_text).startswith(FOOTNOTE_WORDS):
            return False
        numeric = [columns[f.key] for f in self.spec.fields
                   if f.kind in NUMERIC_KINDS and f.key in columns]
        return all(c >= len(row) or not isinstance(row[c], int | float) for c in numeric)

    def _check_total(self, total: _Total, scope: range, amounts: list[dict[str, float]],
                     columns: dict[str, int], numeric: list[FieldSpec]) -> None:
        for fspec in numeric:
            c = columns[fspec.key]
            raw = total.cells[c] if c < len(total.cells) else None
            pos = (total.row, c)
            if _is_blank(raw) or pos in self.sheet.uncached_formulas or pos in self.sheet.error_cells:
                continue
            parsed = parse_number(raw, fspec.kind)
            if parsed.code == "F005" or not isinstance(parsed.value, int | float):
                continue
            expected = sum(amounts[i].get(fspec.key, 0.0) for i in scope)
            if abs(parsed.value - expected) > 1e-6 * max(1.0, abs(expected)):
                self.issue("F013", fspec, pos, value=parsed.value, expected=_number_text(_tidy(expected)))

    def _header(self) -> tuple[int, dict[str, int]]:
        labels = self.labels
        best: tuple[int, dict[str, int], int] = (-1, {}, 0)
        for r, row in enumerate(self.sheet.rows[:HEADER_SCAN_ROWS]):
            columns: dict[str, int] = {}
            for c, value in enumerate(row):
                if not isinstance(value, str):
                    continue
                text = normalize(value)
                key = _match(labels, value)
                if key is not None:
                    columns.setdefault(key, c)
                elif text == "备注":
                    columns.setdefault("__note__", c)
            score = len(columns)
            if score > best[2]:
                best = (r, columns, score)
            if score - ("__note__" in columns) >= len(self.spec.fields):
                break  # every field's column found: this is the header
        header_row, header_columns, score = best
        if score < max(2, len(self.spec.fields) // 2):
            return -1, {}
        return header_row, header_columns
