"""Last year beside this year in the city tables (``aggregate --previous``): 表1 gains 上年,
增减 and 增减率, and 表2's city rows the same for the satisfaction rate; a change Y001 flags is
marked in a 提示 column, as in the diff.

增减 is at the indicator's decimals; for a rate it is in percentage points (the unit column
says %, the header says so) and 增减率 is left empty, the percent of a percent meaning
nothing, as the diff does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vetstat.core.indicators import indicator
from vetstat.core.issues import Lang
from vetstat.outputs.render import ROW_DIGITS, Column, Table
from vetstat.outputs.tables import ROW_KIND, TOTAL
from vetstat.usecases.previous import Previous

PREVIOUS_KEYS = ("previous", "change", "change_pct", "change_flag")


def _columns(year: int | None, lang: Lang) -> list[Column]:
    before = f"{year} 年" if year is not None else "上年"
    return [
        Column("previous", f"上年（{before}）" if year is not None else "上年",
               f"previous ({year})" if year is not None else "previous", per_row=True),
        Column("change", "增减（率为百分点）", "change (rates: points)", per_row=True),
        Column("change_pct", "增减率（%）", "change (%)", 2),
        Column("change_flag", "提示", "flag"),
    ]


def _values(key: str, previous: Previous) -> dict[str, Any]:
    change = previous.changes.get(key)
    if change is None:
        return {"previous": None, "change": None, "change_pct": None, "change_flag": None}
    return {"previous": change.old, "change": change.change,
            "change_pct": None if change.rate else change.change_pct,
            "change_flag": "Y001" if change.flagged else None}


def with_previous(tables: Sequence[Table], previous: Previous, lang: Lang) -> None:
    """Add last year's columns to 表1 and to 表2's city rows (in place)."""
    for table in tables:
        if table.name == "quality":
            _extend(table, previous, lang, insert_after="value")
            for row in table.rows:
                row.update(_values(row["key"], previous))
        elif table.name == "satisfaction":
            _extend(table, previous, lang, insert_after="rate")
            for row in table.rows:
                if row.get(ROW_KIND) == TOTAL and row.get("_key"):
                    row.update(_values(row["_key"], previous))
                    row[ROW_DIGITS] = indicator(row["_key"]).digits


def _extend(table: Table, previous: Previous, lang: Lang, insert_after: str) -> None:
    position = next(i for i, c in enumerate(table.columns, start=1) if c.key == insert_after)
    table.columns[position:position] = _columns(previous.year, lang)
