"""服务贡献 (V rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.core.issues import Issue, Severity
from vetstat.rules.base import Context, check, exceeds

E = Severity.ERROR


@check("V801", E, "服务贡献", ("鉴定通过人数多于报考人数", "skill tests passed exceed candidates"),
       "职业技能鉴定通过人数 {value} 多于报考人数（应 {expected}）。请核对。",
       "skill tests passed ({value}) exceed the candidates (expected {expected}). Check both.")
def v801(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "V801", "services", "skill_passed", "skill_candidates")


@check("V802", E, "服务贡献", ("1+X 通过人数多于参加考核人数", "1+X passed exceed candidates"),
       "“1+X”证书通过人数 {value} 多于参加考核人数（应 {expected}）。请核对。",
       "1+X certificates passed ({value}) exceed the candidates (expected {expected}). Check "
       "both.")
def v802(ctx: Context) -> Iterator[Issue]:
    yield from exceeds(ctx, "V802", "services", "x_passed", "x_candidates")
