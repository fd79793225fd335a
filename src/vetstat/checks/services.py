"""服务贡献 (V rules)."""

from __future__ import annotations

from collections.abc import Iterator

from vetstat.checks import Context, check
from vetstat.issues import Issue, Severity

E = Severity.ERROR


def _passed_exceeds(ctx: Context, code: str, passed: str, candidates: str) -> Iterator[Issue]:
    s = ctx.data.services
    if s is None:
        return
    p, c = getattr(s, passed), getattr(s, candidates)
    if p is not None and c is not None and p > c:
        yield ctx.issue(code, "services", passed, value=p, expected=f"<= {c}")


@check("V801", E, "服务贡献", ("鉴定通过人数多于报考人数", "skill tests passed exceed candidates"),
       "职业技能鉴定通过人数 {value} 多于报考人数（应 {expected}）。请核对。",
       "skill tests passed ({value}) exceed the candidates (expected {expected}). Check both.")
def v801(ctx: Context) -> Iterator[Issue]:
    yield from _passed_exceeds(ctx, "V801", "skill_passed", "skill_candidates")


@check("V802", E, "服务贡献", ("1+X 通过人数多于参加考核人数", "1+X passed exceed candidates"),
       "“1+X”证书通过人数 {value} 多于参加考核人数（应 {expected}）。请核对。",
       "1+X certificates passed ({value}) exceed the candidates (expected {expected}). Check "
       "both.")
def v802(ctx: Context) -> Iterator[Issue]:
    yield from _passed_exceeds(ctx, "V802", "x_passed", "x_candidates")
