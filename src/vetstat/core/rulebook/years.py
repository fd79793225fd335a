"""Two years compared (Y): changes, schools and majors that come and go, cohorts."""

from vetstat.core.rule import Rule, Severity

INFO, W = Severity.INFO, Severity.WARNING

RULES = (
    Rule(
        "Y001", W, "*", "指标变化幅度过大", "large change of an indicator",
        zh="{scope}的{label}从 {old} 变为 {new}（{change}），变化超过 {limit}。请核对两年"
           "的填报（{hint}）；若变化属实，请向教育局说明原因。",
        en="{scope_en}: {label_en} went from {old} to {new} ({change_en}), more than {limit_en}."
           " Check both years' figures ({hint_en}); if the change is real, tell the bureau"
           " why.",
    ),
    Rule(
        "Y002", W, "学校信息", "学校只出现在一个年度", "school present in one year only",
        zh="学校 {school}（学校标识码 {value}）只出现在 {present_year} 年的数据中，{missing_year}"
           " 年没有。请确认该校是否停办、合并或新设，或是否漏交了文件、标识码填错。",
        en="the school {school} (code {value}) is in the {present_year} data only, not in"
           " {missing_year}. Check whether it closed, merged or opened, or whether a file"
           " is missing or carries a wrong code.",
    ),
    Rule(
        "Y003", INFO, "专业与学生", "专业新开或停办（列示）", "major opened or closed (listed)",
        zh="{school}（{school_code}）{action}专业 {code} {major}：{old_year} 年在校生 {old_students}"
           " 人，{new_year} 年 {new_students} 人。仅作列示，无需修改；若该专业实际并未变"
           "动，请核对两年的专业代码是否一致。",
        en="{school} ({school_code}) {action_en} the major {code} {major}: {old_students}"
           " students in {old_year}, {new_students} in {new_year}. Listed for information,"
           " nothing to fix; if the major did not really change, check that both years use"
           " the same major code.",
    ),
    Rule(
        "Y004", W, "专业与学生", "年级人数多于上一年的低一年级", "a grade larger than last year's grade below",
        zh="{school}（{school_code}）专业 {code} {major}：{new_year} 年{grade}有 {value} "
           "人，多于 {old_year} 年{previous_grade}的 {previous} 人{opened}。学生不会凭空"
           "出现：请核对两年的年级人数；若确有转入学生，请向教育局说明。",
        en="{school} ({school_code}), major {code} {major}: {grade_en} has {value} students"
           " in {new_year}, more than the {previous} of {previous_grade_en} in {old_year}{opened_en}."
           " Students cannot appear from nowhere: check the grades of both years; if students"
           " transferred in, tell the bureau.",
    ),
    Rule(
        "Y005", W, "专业与学生", "毕业生多于上一年三年级", "graduates exceed last year's third grade",
        zh="{school}（{school_code}）专业 {code} {major}：{new_year} 年毕业生 {value} 人"
           "，多于 {old_year} 年三年级的 {previous} 人{opened}。请核对毕业生数和上一年的"
           "三年级人数；若确有转入或往届学生，请向教育局说明。",
        en="{school} ({school_code}), major {code} {major}: {value} graduates in {new_year},"
           " more than the {previous} third-year students of {old_year}{opened_en}. Check"
           " the graduates and last year's third grade; if students transferred in or repeated,"
           " tell the bureau.",
    ),
    Rule(
        "Y006", W, "学校信息", "学校按名称配对（标识码不一致）", "school matched by name (codes differ)",
        zh="学校 {school} 在 {old_year} 年的学校标识码是 {expected}，{new_year} 年是 {value}"
           "，已按学校名称配对。学校标识码是教育部分配的 10 位代码，每年相同：请改正填错"
           "的一年。",
        en="the school {school} has code {expected} in {old_year} and {value} in {new_year};"
           " it was matched by name. The school code is the ministry's 10-digit code and does"
           " not change: correct the year that is wrong.",
    ),
    Rule(
        "Y007", W, "*", "两个年度不相邻", "the two years are not consecutive",
        zh="比较的两份数据年度为 {old_year} 和 {new_year}，不是相邻的两年（旧年度应早一年"
           "），未做逐届核对（Y004、Y005）。请确认参数顺序：vetstat diff 旧年度 新年度。",
        en="the two sides are the years {old_year} and {new_year}, not consecutive (the old"
           " year must be one year earlier), so the cohort checks (Y004, Y005) were skipped."
           " Check the order: vetstat diff OLD NEW.",
    ),
    Rule(
        "Y008", W, "专业与学生", "年级人数比上一年的低一年级少得过多", "a cohort shrank beyond the threshold",
        zh="{school}（{school_code}）专业 {code} {major}：{new_year} 年{grade}有 {value} 人，比"
           " {old_year} 年{previous_grade}的 {previous} 人少 {lost} 人（{lost_pct}%），流失超过"
           " {limit}%（vetstat.toml 的 cohort_shrink_pct）。请核对两年的年级人数；属实请向教育局"
           "说明流失原因（转学、退学、分流）。",
        en="{school} ({school_code}), major {code} {major}: {grade_en} has {value} students in"
           " {new_year}, {lost} ({lost_pct}%) fewer than the {previous} of {previous_grade_en}"
           " in {old_year}, a loss beyond {limit}% (cohort_shrink_pct in vetstat.toml). Check the"
           " grades of both years; if true, tell the bureau why (transfers, drop-outs).",
    ),
)
