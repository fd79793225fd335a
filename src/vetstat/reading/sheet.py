"""What the readers of form and table sheets share: an issue at a cell, a cell read by its
field's kind, values checked by the pydantic model, labels matched, merged ranges filled."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from vetstat.core.contract import NUMERIC_KINDS, FieldSpec, Kind, Sheet, SheetSpec
from vetstat.core.issues import RULES, Issue, Severity, show
from vetstat.reading.result import Workbook
from vetstat.reading.values import (
    _PLAIN_TEXT_KINDS,
    _choice_value,
    _is_blank,
    _is_placeholder,
    _number_text,
    _text_value,
    a1,
    normalize,
    parse_number,
)
from vetstat.xlsx import MAX_COLUMNS, RawSheet

HEADER_SCAN_ROWS = 10


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
        if error_type == "less_than_equal" and fspec.maximum is not None:
            unit = fspec.unit
            self.issue("F017", fspec, pos, value=value, expected=f"<= {show(fspec.maximum)}",
                       maximum=show(fspec.maximum), unit=f" {unit}" if unit else "")
        elif kind is Kind.PERCENT:
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
