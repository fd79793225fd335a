"""学生素质 (P): examinations, graduation, certificates and retention (template version 2)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "P101", E, "学生素质", "合格人数多于参加人数", "passed exceed candidates",
        zh="{label} {value} 人，多于参加人数（应 {expected}）。合格的学生是参加考核学生的一部"
           "分，请核对。",
        en="{label_en}: {value}, more than the candidates (expected {expected}). Those who"
           " passed are part of those who sat; check both.",
    ),
    Rule(
        "P102", E, "学生素质", "双证书毕业生多于毕业生", "dual-certificate graduates exceed graduates",
        zh="获得双证书的毕业生 {value} 人，多于毕业生数（应 {expected}，专业与学生表各专业之和）"
           "。请核对。",
        en="graduates with two certificates ({value}) exceed the graduates (expected {expected},"
           " the sum over 专业与学生). Check both.",
    ),
    Rule(
        "P103", W, "学生素质", "毕业生多于应届毕业生", "graduates exceed those due to graduate",
        zh="毕业生数 {graduates}（专业与学生表）多于应届毕业生数 {value}，毕业率超过 100%。"
           "请核对；若含往届补毕业的学生，请在备注中说明。",
        en="the {graduates} graduates (专业与学生) exceed the {value} due to graduate, a"
           " graduation rate above 100%. Check it; if earlier students graduated late, explain"
           " in 备注.",
    ),
    Rule(
        "P104", W, "学生素质", "学年末在校生多于学年初", "more students at year end than at the start",
        zh="{label} {value} 人，多于{start_label} {expected} 人，巩固率超过 100%。学生不会凭空"
           "出现：请核对；若确有转入学生，请在备注中说明。",
        en="{label_en}: {value}, more than {start_en} ({expected}), a retention rate above"
           " 100%. Check it; if students transferred in, explain in 备注.",
    ),
    Rule(
        "P105", E, "学生素质", "填报的比率与计算值不符", "a stated rate differs from its counts",
        zh="填报的{label}为 {value}%，但 {top} ÷ {bottom} = {expected}%，相差超过 0.5 个百分"
           "点。请核对比率或人数（{label} = {formula}）。",
        en="the stated {label_en} is {value}% but {top} ÷ {bottom} = {expected}%, more than"
           " 0.5 points apart. Check the rate or the counts.",
    ),
)
