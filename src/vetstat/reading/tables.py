"""Reading a table sheet: one record per row under its header, with 合计/小计 rows checked
against the records they add up and footnotes under the table left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vetstat.core.contract import NUMERIC_KINDS, FieldSpec, Kind, Sheet
from vetstat.reading.sheet import HEADER_SCAN_ROWS, _match, _SheetReader, _spread_merged
from vetstat.reading.values import _is_blank, _number_text, _tidy, normalize, parse_number

TOTAL_WORDS = ("合计", "总计")
SUBTOTAL_WORDS = ("小计",)
FOOTNOTE_WORDS = ("填表人", "填报人", "制表人", "审核人", "负责人", "单位负责人", "联系人",
                  "联系电话", "填表日期", "填报日期", "注:", "说明:", "备注:")


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
        # float is whole depends on the cell's format, so those take the general path. (This
        # repeats the first lines of cell_value on purpose: calling it for every cell instead
        # costs 0.43M instructions per benchmark workbook, 1.2 %.)
        plain = not sheet.error_cells and not sheet.uncached_formulas
        located = [(f, columns[f.key], f.kind in NUMERIC_KINDS
                    and not (f.kind is Kind.PERCENT and sheet.percent_cells))
                   for f in self.spec.fields if f.key in columns]
        named_by = [f.key for f in self.spec.fields  # what a message names a record by
                    if f.kind in (Kind.TEXT, Kind.CHOICE, Kind.DIGITS, Kind.NAMES)]
        totals: list[_Total] = []
        rows_of, sheet_key = self.book.rows, self.spec.key
        self.book.columns[sheet_key] = {f.key: c for f, c, _whole in located}
        self.book.headers[sheet_key] = header_row
        # what lies right of the table's last column (scratch figures) is not part of a record
        width = max([*columns.values(), note_col or 0]) + 1
        # the template's fixed rows (调查对象, 调查项目) left otherwise empty are no records
        prefilled = {columns[key] for key in self.spec.prefilled if key in columns}
        for r in range(header_row + 1, len(rows)):
            row = rows[r][:width]
            first_text = _first_text(row)
            if first_text is None:
                continue  # a blank row
            if prefilled and all(_is_blank(value) for c, value in enumerate(row)
                                 if c not in prefilled):
                continue  # a fixed row of the template the school did not fill
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
