"""服务贡献 (V rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue
from vetstat.rules.base import Context, check, exceeds


@check("V801")
def v801(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "V801", "services", "skill_passed", "skill_candidates")


@check("V802")
def v802(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "V802", "services", "x_passed", "x_candidates")
