"""Figures several checks need, computed from the typed data of one school."""

from __future__ import annotations

from vetstat.core.contract import SchoolData


def total_students(data: SchoolData) -> int | None:
    """在校生数: the sum over the majors, or None when no major gives it."""
    values = [row.students for row in data.enrollment if row.students is not None]
    return sum(values) if values else None


def total_graduates(data: SchoolData) -> int | None:
    """毕业生数 over the majors of 专业与学生."""
    values = [row.graduates for row in data.enrollment if row.graduates is not None]
    return sum(values) if values else None


def graduates(data: SchoolData) -> int | None:
    """毕业生数 of 就业与升学, falling back on the majors' sum."""
    if data.employment is not None and data.employment.graduates is not None:
        return data.employment.graduates
    return total_graduates(data)


def percent(part: float, whole: float) -> float:
    return 100.0 * part / whole
