"""学校信息 (S)."""

from vetstat.core.rule import Rule, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES = (
    Rule(
        "S101", E, "学校信息", "学校标识码不是 10 位数字", "school code not 10 digits",
        zh="学校标识码 {value} 不是 10 位数字。请填写教育部核发的 10 位学校标识码（中职以"
           " 36 开头）。",
        en="the school code {value} is not 10 digits. Enter the 10-digit code issued by the"
           " Ministry of Education (中职 codes start with 36).",
    ),
    Rule(
        "S102", W, "学校信息", "学校标识码不以 36 开头", "school code not starting with 36",
        zh="学校标识码 {value} 不以 36 开头，中职学校的标识码一般以 36 开头。请核对；确属"
           "特殊情况请在备注中说明。",
        en="the school code {value} does not start with 36, as 中职 school codes do. Check"
           " it; explain an exception in 备注.",
    ),
    Rule(
        "S103", E, "学校信息", "行政区划代码不是 6 位数字", "division code not 6 digits",
        zh="行政区划代码 {value} 不是 6 位数字。请填写所在县（市、区）的 6 位代码，如洮北"
           "区 220802。",
        en="the division code {value} is not 6 digits. Enter the 6-digit code of the county"
           " (e.g. 220802).",
    ),
    Rule(
        "S104", E, "学校信息", "统计年度缺失或不在 2000–2100", "year missing or out of range",
        zh="统计年度 {value} 缺失或不在 2000–2100 之间。请填写学年结束的年份（2021.9–2022.8"
           " 填 2022）。",
        en="the report year {value} is missing or outside 2000–2100. Enter the year in which"
           " the school year ends (2021.9–2022.8 → 2022).",
    ),
    Rule(
        "S105", W, "学校信息", "生均校舍建筑面积低于标准", "building area per student below standard",
        zh="生均校舍建筑面积 {ratio} 平方米（{value} ÷ {students} 名学生），低于标准 {expected}"
           " 平方米。请核对面积与在校生数；属实请在备注中说明。",
        en="building area per student is {ratio} m² ({value} ÷ {students} students), below"
           " the standard of {expected} m². Check the area and the students; if true, explain"
           " in 备注.",
        standard="building_area_per_student",
    ),
    Rule(
        "S106", W, "学校信息", "生均占地面积低于标准", "land area per student below standard",
        zh="生均占地面积 {ratio} 平方米（{value} ÷ {students} 名学生），低于标准 {expected}"
           " 平方米。请核对；属实请在备注中说明。",
        en="land area per student is {ratio} m² ({value} ÷ {students} students), below the"
           " standard of {expected} m². Check it; if true, explain in 备注.",
        standard="land_area_per_student",
    ),
    Rule(
        "S107", W, "学校信息", "生均纸质图书低于标准", "books per student below standard",
        zh="生均纸质图书 {ratio} 册（{value} ÷ {students} 名学生），低于标准 {expected} "
           "册。请核对；属实请在备注中说明。",
        en="books per student are {ratio} ({value} ÷ {students} students), below the standard"
           " of {expected}. Check it; if true, explain in 备注.",
        standard="books_per_student",
    ),
    Rule(
        "S108", INFO, "学校信息", "第 1 版模板（列示）", "first-version template (listed)",
        zh="本文件用的是第 {value} 版填报模板，没有第 {expected} 版新增的指标：{missing}。"
           "全市汇总时这些指标只合并已填报的学校，并注明填报学校数。仅作列示，无需修改；"
           "下一年度请用新模板（vetstat template）填报。",
        en="this file uses version {value} of the template and lacks the indicators version"
           " {expected} added: {missing_en}. The city's figures pool the schools that report"
           " them and say how many do. Listed for information, nothing to fix; use the new"
           " template (vetstat template) next year.",
    ),
    Rule(
        "S109", W, "学校信息", "模板版本低于要求", "template older than required",
        zh="本文件用的是第 {value} 版填报模板，教育局要求第 {expected} 版及以上（vetstat.toml 的"
           " template_min_version），缺少的指标：{missing}。请用新模板（vetstat template）重新"
           "填报，或在备注中说明。",
        en="this file uses version {value} of the template; the bureau requires version"
           " {expected} or later (template_min_version in vetstat.toml) and it lacks:"
           " {missing_en}. Fill in the new template (vetstat template), or explain in 备注.",
    ),
)
