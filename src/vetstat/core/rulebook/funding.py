"""经费投入 (M)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "M501", E, "经费投入", "填报的生均财政拨款与计算值不符", "reported appropriation per student is wrong",
        zh="填报的生均财政拨款为 {value} 元，但财政拨款 {appropriation} 万元 × 10000 ÷ {students}"
           " 名学生 = {expected} 元，相差超过 1%。请核对。",
        en="the reported appropriation per student is {value} 元 but {appropriation} 万元"
           " × 10000 ÷ {students} students = {expected} 元, more than 1% apart. Check it.",
    ),
    Rule(
        "M502", W, "经费投入", "生均教学仪器设备值低于标准", "equipment per student below standard",
        zh="生均教学仪器设备值 {ratio} 元（{value} 万元 × 10000 ÷ {students} 名学生），低"
           "于标准 {expected} 元。请核对；属实请在备注中说明。",
        en="equipment per student is {ratio} 元 ({value} 万元 × 10000 ÷ {students} students),"
           " below the standard of {expected} 元. Check it; if true, explain in 备注.",
        standard="equipment_per_student",
    ),
    Rule(
        "M503", E, "经费投入", "当年新增设备值大于设备总值", "new equipment exceeds total",
        zh="当年新增教学仪器设备值 {value} 万元大于设备资产总值（应 {expected}）。新增设"
           "备已计入总值，请核对。",
        en="new equipment this year ({value} 万元) exceeds the total equipment value (expected"
           " {expected}); it is included in the total. Check both.",
    ),
)
