"""就业与升学 (J)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "J401", E, "就业与升学", "毕业生数与各专业之和不符", "graduates differ from the majors' sum",
        zh="就业与升学表的毕业生数 {value} 不等于专业与学生表各专业毕业生之和 {expected}"
           "。请核对两张表。",
        en="the graduates on 就业与升学 ({value}) differ from the sum over the majors on "
           "专业与学生 ({expected}). Check both sheets.",
    ),
    Rule(
        "J402", E, "就业与升学", "就业、升学、未就业之和不等于毕业生", "placements do not add up to graduates",
        zh="直接就业 {employed} + 升学 {further} + 未就业 {not_placed} = {expected}，不等"
           "于毕业生数 {value}。每名毕业生应且只应计入其中一类。",
        en="employed {employed} + further study {further} + not placed {not_placed} = {expected},"
           " not the {value} graduates. Every graduate belongs to exactly one of them.",
    ),
    Rule(
        "J403", E, "就业与升学", "对口就业多于直接就业", "in-field exceeds employed",
        zh="对口就业人数 {value} 多于直接就业人数（应 {expected}）。对口就业是直接就业的"
           "一部分。",
        en="in-field employment ({value}) exceeds direct employment (expected {expected});"
           " it is part of it.",
    ),
    Rule(
        "J404", E, "就业与升学", "升入本科多于升学", "bachelor exceeds further study",
        zh="升入本科人数 {value} 多于升学人数（应 {expected}）。升入本科是升学的一部分。",
        en="students admitted to bachelor programmes ({value}) exceed further study (expected"
           " {expected}); they are part of it.",
    ),
    Rule(
        "J405", E, "就业与升学", "填报的就业率与计算值不符", "reported employment rate is wrong",
        zh="填报的就业率为 {value}%，但（直接就业 {employed} + 升学 {further}）÷ 毕业生 {graduates}"
           " = {expected}%，相差超过 0.5 个百分点。请核对。",
        en="the reported employment rate is {value}% but (employed {employed} + further study"
           " {further}) ÷ {graduates} graduates = {expected}%, more than 0.5 points apart."
           " Check it.",
    ),
    Rule(
        "J406", E, "就业与升学", "填报的对口就业率与计算值不符", "reported in-field rate is wrong",
        zh="填报的对口就业率为 {value}%，但对口就业 {in_field} ÷ 直接就业 {employed} = {expected}%"
           "，相差超过 0.5 个百分点。请核对。",
        en="the reported in-field rate is {value}% but {in_field} in-field ÷ {employed} employed"
           " = {expected}%, more than 0.5 points apart. Check it.",
    ),
    Rule(
        "J407", W, "就业与升学", "起薪不合常理或缺失", "starting salary implausible or missing",
        zh="初次就业月平均起薪 {value} 元{reason}（合理范围 {expected} 元）。请核对；属实"
           "请在备注中说明。",
        en="the average starting salary {value} 元 {reason_en} (plausible range {expected}"
           " 元). Check it; if true, explain in 备注.",
    ),
    Rule(
        "J408", E, "就业与升学", "就业去向之和不等于直接就业", "destinations do not add up to employed",
        zh="直接就业去向：企事业单位 {enterprise} + 机关 {government} + 个体经营 {self_run} + "
           "参军入伍 {military} + 其他 {other} = {sum}，不等于直接就业人数 {value}。每名直接"
           "就业的毕业生计入一种去向，请核对。",
        en="destinations: enterprises {enterprise} + government {government} + self-run"
           " {self_run} + enlisted {military} + other {other} = {sum}, not the {value} employed"
           " graduates. Each belongs to one destination; check them.",
    ),
    Rule(
        "J409", E, "就业与升学", "自主创业多于直接就业", "self-employed exceed employed",
        zh="自主创业人数 {value} 多于直接就业人数（应 {expected}）。自主创业是直接就业的一部"
           "分，请核对。",
        en="self-employed graduates ({value}) exceed the employed ones (expected {expected});"
           " they are part of them. Check both.",
    ),
    Rule(
        "J410", E, "就业与升学", "两种升学方式之和不等于升学", "routes of further study do not add up",
        zh="升学方式：对口单招、高职分类招考 {exam} + 统招及其他 {general} = {sum}，不等于升学"
           "人数 {value}。每名升学的毕业生计入一种方式，请核对。",
        en="further study by vocational entrance exams {exam} + general admission and other"
           " {general} = {sum}, not the {value} graduates in further study. Check them.",
    ),
)
