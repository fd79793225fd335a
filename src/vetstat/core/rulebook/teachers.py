"""教师队伍 (T)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "T301", E, "教师队伍", "专任教师多于教职工", "full-time teachers exceed staff",
        zh="专任教师数 {value} 大于教职工总数（应 {expected}）。专任教师是教职工的一部分"
           "，请核对。",
        en="full-time teachers ({value}) exceed the staff total (expected {expected}). Full-time"
           " teachers are part of the staff; check both.",
    ),
    Rule(
        "T302", E, "教师队伍", "公共基础课与专业课教师之和不等于专任教师", "foundation + specialty ≠ full-time",
        zh="公共基础课教师 {foundation} + 专业课教师 {specialty} = {sum}，不等于专任教师"
           "数 {value}。请核对三项。",
        en="foundation teachers {foundation} + specialty teachers {specialty} = {sum}, not"
           " the {value} full-time teachers. Check the three figures.",
    ),
    Rule(
        "T303", E, "教师队伍", "双师型教师多于专业课教师", "dual-qualified exceed specialty teachers",
        zh="“双师型”教师 {value} 人多于专业课教师（应 {expected}）。“双师型”教师是专业课"
           "教师的一部分，请核对。",
        en="dual-qualified teachers ({value}) exceed the specialty teachers (expected {expected});"
           " they are a subset of them. Check both.",
    ),
    Rule(
        "T304", E, "教师队伍", "高级职称教师多于专任教师", "senior titles exceed full-time teachers",
        zh="具有高级职称的专任教师 {value} 人多于专任教师（应 {expected}）。请核对。",
        en="senior-title teachers ({value}) exceed the full-time teachers (expected {expected})."
           " Check both.",
    ),
    Rule(
        "T305", E, "教师队伍", "硕士及以上教师多于专任教师", "postgraduates exceed full-time teachers",
        zh="硕士研究生及以上学历的专任教师 {value} 人多于专任教师（应 {expected}）。请核"
           "对。",
        en="postgraduate teachers ({value}) exceed the full-time teachers (expected {expected})."
           " Check both.",
    ),
    Rule(
        "T306", E, "教师队伍", "填报的双师型比例与计算值不符", "reported dual-qualified share is wrong",
        zh="填报的“双师型”教师比例为 {value}%，但 {dual} ÷ {specialty} 名专业课教师 = {expected}%"
           "，相差超过 0.5 个百分点。请核对比例或人数（比例 = “双师型”教师 ÷ 专业课教师）"
           "。",
        en="the reported dual-qualified share is {value}% but {dual} ÷ {specialty} specialty"
           " teachers = {expected}%, more than 0.5 points apart. Check the share or the counts"
           " (share = dual-qualified ÷ specialty teachers).",
    ),
    Rule(
        "T307", W, "教师队伍", "生师比高于标准", "student-teacher ratio above standard",
        zh="生师比为 {value}（{students} 名学生 ÷ {full_time} 名专任教师），高于标准 {expected}:1"
           "。请核对；属实请在备注中说明。",
        en="the student-teacher ratio is {value} ({students} students ÷ {full_time} full-time"
           " teachers), above the standard of {expected}:1. Check it; if true, explain in"
           " 备注.",
        standard="student_teacher_ratio",
    ),
    Rule(
        "T308", W, "教师队伍", "双师型比例低于标准", "dual-qualified share below standard",
        zh="“双师型”教师占专业课教师的 {value}%，低于标准 {expected}%。请核对；属实请在备"
           "注中说明。",
        en="dual-qualified teachers are {value}% of the specialty teachers, below the standard"
           " of {expected}%. Check it; if true, explain in 备注.",
        standard="dual_ratio_min",
    ),
    Rule(
        "T309", W, "教师队伍", "专业课教师比例低于标准", "specialty share below standard",
        zh="专业课教师占专任教师的 {value}%，低于标准 {expected}%。请核对；属实请在备注中"
           "说明。",
        en="specialty teachers are {value}% of the full-time teachers, below the standard"
           " of {expected}%. Check it; if true, explain in 备注.",
        standard="specialty_ratio_min",
    ),
    Rule(
        "T310", E, "教师队伍", "本科以上学历教师多于专任教师", "bachelor or above exceeds full-time teachers",
        zh="研究生 {postgraduate} + 本科 {bachelor} = {value} 人，多于专任教师（应 {expected}）"
           "。本科以上学历教师是专任教师的一部分，请核对。",
        en="postgraduate {postgraduate} + bachelor {bachelor} = {value} teachers, more than the"
           " full-time teachers (expected {expected}). They are part of them; check the counts.",
    ),
    Rule(
        "T311", W, "教师队伍", "学历三项之和不等于专任教师", "degrees do not add up to full-time teachers",
        zh="研究生 {postgraduate} + 本科 {bachelor} + 专科及以下 {below} = {sum}，不等于专任"
           "教师数 {value}。每名专任教师按最高学历计入一项；研究生一行若按学位统计，请在备注"
           "中说明。",
        en="postgraduate {postgraduate} + bachelor {bachelor} + below {below} = {sum}, not the"
           " {value} full-time teachers. Count each teacher once, by the highest degree; if the"
           " postgraduate row counts degrees (学位), explain in 备注.",
    ),
    Rule(
        "T312", E, "教师队伍", "职称四项之和不等于专任教师", "titles do not add up to full-time teachers",
        zh="高级 {senior} + 中级 {middle} + 初级 {junior} + 未定级 {untitled} = {sum}，不等于"
           "专任教师数 {value}。每名专任教师计入一种职称，请核对。",
        en="senior {senior} + intermediate {middle} + junior {junior} + untitled {untitled} ="
           " {sum}, not the {value} full-time teachers. Each teacher has one title; check them.",
    ),
)
