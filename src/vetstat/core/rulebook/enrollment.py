"""专业与学生 (E)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "E201", E, "专业与学生", "专业代码不是 6 位数字", "major code not 6 digits",
        zh="专业代码 {value} 不是 6 位数字。请填写《职业教育专业目录（2021年）》中的 6 位"
           "代码。",
        en="the major code {value} is not 6 digits. Enter the 6-digit code of the 2021 catalogue.",
    ),
    Rule(
        "E202", W, "专业与学生", "专业代码不在 2021 年目录中", "major code not in the 2021 catalogue",
        zh="专业代码 {value} 不在《职业教育专业目录（2021年）》中。请核对代码；若为省级备"
           "案专业请保留并向教育局说明。",
        en="the major code {value} is not in the 2021 national catalogue. Check it; a major"
           " filed with the province may stay, but tell the bureau.",
    ),
    Rule(
        "E203", W, "专业与学生", "专业名称与目录不一致", "major name differs from the catalogue",
        zh="专业代码 {code} 在目录中的名称是“{expected}”，表中填的是 {value}。请改用目录"
           "名称（如“畜牧兽医”已改为“畜禽生产技术”）。",
        en="the catalogue names major {code} '{expected}', the sheet says {value}. Use the"
           " catalogue name (2010 names such as 畜牧兽医 were renamed).",
    ),
    Rule(
        "E204", E, "专业与学生", "同一专业代码出现两次", "the same major code twice",
        zh="专业代码 {value} 出现了两次（第一次在第 {first} 行）。同一专业请合并为一行。",
        en="the major code {value} appears twice (first on row {first}). Merge them into one"
           " row.",
    ),
    Rule(
        "E205", E, "专业与学生", "各年级之和不等于在校生数", "grades do not sum to students",
        zh="专业 {code} 的一、二、三年级之和为 {expected}，但在校生数填的是 {value}。在校"
           "生数应等于三个年级之和。",
        en="major {code}: grades 1–3 sum to {expected} but 在校生数 is {value}. It must equal"
           " the sum of the three grades.",
    ),
    Rule(
        "E206", E, "专业与学生", "招生数大于在校生数", "new students exceed students",
        zh="专业 {code} 的招生数 {value} 大于在校生数 {expected}。新生也是在校生，请核对"
           "。",
        en="major {code}: 招生数 {value} exceeds 在校生数 {expected}. New students are students"
           " too; check both.",
    ),
    Rule(
        "E207", W, "专业与学生", "招生数与一年级人数相差超过 10%", "new students and grade 1 differ by over 10%",
        zh="专业 {code} 的招生数 {value} 与一年级人数 {expected} 相差超过 10%。请核对（新"
           "生流失或转入请在备注中说明）。",
        en="major {code}: 招生数 {value} and 一年级 {expected} differ by more than 10%. Check"
           " them (explain dropouts or transfers in 备注).",
    ),
    Rule(
        "E208", E, "专业与学生", "没有填写任何专业", "no majors listed",
        zh="“专业与学生”表中没有任何专业。请每个专业填写一行。",
        en="the 专业与学生 sheet lists no majors. Enter one row per major.",
    ),
)
