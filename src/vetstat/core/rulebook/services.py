"""服务贡献 (V)."""

from vetstat.core.rule import Rule, Severity

E = Severity.ERROR

RULES = (
    Rule(
        "V801", E, "服务贡献", "鉴定通过人数多于报考人数", "skill tests passed exceed candidates",
        zh="职业技能鉴定通过人数 {value} 多于报考人数（应 {expected}）。请核对。",
        en="skill tests passed ({value}) exceed the candidates (expected {expected}). Check"
           " both.",
    ),
    Rule(
        "V802", E, "服务贡献", "1+X 通过人数多于参加考核人数", "1+X passed exceed candidates",
        zh="“1+X”证书通过人数 {value} 多于参加考核人数（应 {expected}）。请核对。",
        en="1+X certificates passed ({value}) exceed the candidates (expected {expected})."
           " Check both.",
    ),
)
