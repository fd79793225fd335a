"""技能大赛 (A)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "A701", E, "技能大赛", "获奖项目没有学生姓名", "award entry without a student",
        zh="获奖项目“{event}”没有填写获奖学生姓名。请填写学生姓名，多人用顿号“、”分隔。",
        en="the award entry '{event}' has no student name. Enter the names, separated by 、"
           ".",
    ),
    Rule(
        "A702", W, "技能大赛", "同一获奖项目出现两次", "the same award entry twice",
        zh="获奖项目“{event}”（{value}）与第 {first} 行重复。请删除重复的一行；确为两次获"
           "奖请核对。",
        en="the award entry '{event}' ({value}) repeats row {first}. Delete the duplicate,"
           " or check that it really is a second award.",
    ),
)
