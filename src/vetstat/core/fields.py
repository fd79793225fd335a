"""How a field of the school workbook is declared: its kind, its bounds, and :func:`spec`, which
puts the Chinese label, unit, kind and English label on a pydantic field.

The sheets themselves are declared in :mod:`vetstat.core.contract` with these pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class Kind(StrEnum):
    """How a cell is read and which bound applies to it."""

    TEXT = "text"
    DIGITS = "digits"  # a code made of digits (学校标识码, 行政区划代码, 专业代码)
    CHOICE = "choice"  # one of an allowed list
    YEAR = "year"
    COUNT = "count"  # whole number >= 0
    AMOUNT = "amount"  # decimal >= 0 (areas, money)
    PERCENT = "percent"  # 0-100
    NAMES = "names"  # one or more person names separated by 、，,;


NUMERIC_KINDS = frozenset({Kind.YEAR, Kind.COUNT, Kind.AMOUNT, Kind.PERCENT})
NAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")


def split_names(text: str | None) -> list[str]:
    """The person names of a cell of kind NAMES (获奖学生, 指导教师)."""
    if not text:
        return []
    return [name for name in NAME_SEPARATORS.split(text.strip()) if name]

Count = Annotated[int, Field(ge=0)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


def spec(
    label: str,
    kind: Kind,
    unit: str = "",
    *,
    en: str,
    required: bool = False,
    choices: tuple[str, ...] = (),
    digits: int | None = None,
    missing_code: str | None = None,
    maximum: float | None = None,
    help: str = "",
    since: int = 1,
) -> Any:
    """Declare a field: its Chinese label (column A of the sheet), unit, kind, English label
    (``en``) and whether a school must fill it.

    Every field defaults to ``None`` so that a partly filled sheet still builds a model; the
    reader reports missing required values (F004) from the ``required`` flag.  ``maximum`` is
    a number field's plausible upper bound: beyond it the value is a slip (digits typed twice,
    yuan in a 万元 field), an error (F017) rather than a figure the city adds up.
    """
    extra: dict[str, Any] = {"x-kind": kind.value, "x-unit": unit, "x-en": en,
                             "x-required": required}
    if choices:
        extra["x-choices"] = list(choices)
    if digits is not None:
        extra["x-digits"] = digits
    if missing_code is not None:  # a rule of its own reports this value's absence
        extra["x-missing-code"] = missing_code
    if since > 1:  # the template version that added the field (a v1 workbook lacks it)
        extra["x-since"] = since
    return Field(default=None, title=label, description=help or None, json_schema_extra=extra,
                 le=maximum)


class Sheet(BaseModel):
    """Base of the sheet and row models: unknown keys are refused, values validated on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, frozen=False)


@dataclass(frozen=True)
class FieldSpec:
    """One field as the reader, writer and rules see it, derived from the model."""

    key: str
    label: str
    en: str
    kind: Kind
    unit: str
    required: bool
    choices: tuple[str, ...]
    digits: int | None
    missing_code: str | None
    help: str
    maximum: float | None = None  # the plausible upper bound (F017; percentages: 100, F008)
    since: int = 1  # the template version that added the field


_FIELD_CACHE: dict[type[Sheet], tuple[FieldSpec, ...]] = {}


def fields_of(model: type[Sheet]) -> tuple[FieldSpec, ...]:
    """The declared fields of a sheet model, in declaration order."""
    cached = _FIELD_CACHE.get(model)
    if cached is not None:
        return cached
    specs = []
    for key, info in model.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict), f"{model.__name__}.{key} is not declared with spec()"
        specs.append(
            FieldSpec(
                key=key,
                label=info.title or key,
                en=str(extra["x-en"]),
                kind=Kind(str(extra["x-kind"])),
                unit=str(extra.get("x-unit", "")),
                required=bool(extra.get("x-required", False)),
                choices=tuple(str(c) for c in extra.get("x-choices", []) or []),  # type: ignore[union-attr]
                digits=int(extra["x-digits"]) if "x-digits" in extra else None,  # type: ignore[arg-type]
                missing_code=str(extra["x-missing-code"]) if "x-missing-code" in extra else None,
                help=info.description or "",
                maximum=_upper_bound(info.metadata),
                since=int(extra.get("x-since", 1)),  # type: ignore[arg-type]
            )
        )
    result = tuple(specs)
    _FIELD_CACHE[model] = result
    return result


def _upper_bound(metadata: list[Any]) -> float | None:
    """The ``le`` a field declares with :func:`spec` (a percentage's 100 is its type's, F008)."""
    bounds = [item.le for item in metadata if isinstance(getattr(item, "le", None), int | float)]
    return min(bounds) if bounds else None
