"""Reading a form sheet: one row per field, its value in the 填报值 column."""

from __future__ import annotations

from typing import Any

from vetstat.core.contract import FORM_HEADERS, FieldSpec, Sheet
from vetstat.reading.result import FORM_ROW
from vetstat.reading.sheet import HEADER_SCAN_ROWS, _match, _SheetReader, _spread_merged
from vetstat.reading.values import _is_blank, a1, normalize


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
