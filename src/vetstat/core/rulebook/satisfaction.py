"""满意度调查 (Q)."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "Q601", E, "满意度调查", "满意度各项人数之和不等于样本数", "answers do not add up to the sample",
        zh="{respondent}·{item}：非常满意 {very} + 基本满意 {fair} + 不满意 {bad} = {expected}"
           "，不等于有效样本数 {value}。请核对。",
        en="{respondent}·{item}: very satisfied {very} + satisfied {fair} + dissatisfied {bad}"
           " = {expected}, not the {value} valid samples. Check them.",
    ),
    Rule(
        "Q602", E, "满意度调查", "样本数超过被调查总体", "sample exceeds its population",
        zh="{respondent}·{item}：有效样本数 {value} 大于{population_zh} {expected}。样本"
           "不能多于总体，请核对。",
        en="{respondent}·{item}: {value} valid samples exceed the {expected} {population_en}."
           " A sample cannot be larger than its population.",
    ),
    Rule(
        "Q603", E, "满意度调查", "填报的满意度与计算值不符", "reported satisfaction rate is wrong",
        zh="{respondent}·{item}：填报的满意度为 {value}%，但（非常满意 + 基本满意）÷ 样本"
           " = {expected}%，相差超过 0.5 个百分点。请核对。",
        en="{respondent}·{item}: the reported rate is {value}% but (very satisfied + satisfied)"
           " ÷ samples = {expected}%, more than 0.5 points apart. Check it.",
    ),
    Rule(
        "Q604", E, "满意度调查", "缺少必需的调查对象或项目", "required respondent or item missing",
        zh="缺少“{respondent}·{item}”的调查结果。在校生的六个项目和毕业生的“总体”都必须填"
           "写。",
        en="the survey result for {respondent}·{item} is missing. All six student items and"
           " the graduates' 总体 are required.",
    ),
    Rule(
        "Q605", W, "满意度调查", "样本过小", "sample too small",
        zh="{respondent}·{item}：有效样本数 {value} 过小（{limit}）。请扩大调查范围；若确实"
           "无法扩大，请在本行“备注”栏说明。",
        en="{respondent}·{item}: {value} valid samples are too few ({limit_en}). Survey more"
           " people, or explain why not in the row's 备注.",
    ),
    Rule(
        "Q606", E, "满意度调查", "同一调查对象和项目出现两次", "the same respondent and item twice",
        zh="“{respondent}·{item}”出现了两次（第一次在第 {first} 行）。请合并为一行。",
        en="{respondent}·{item} appears twice (first on row {first}). Merge them into one"
           " row.",
    ),
    Rule(
        "Q607", E, "满意度调查", "调查项目与调查对象不匹配", "item does not fit the respondent",
        zh="调查对象“{respondent}”不能填调查项目 {value}：在校生填六个分项，其他调查对象"
           "只填“总体”。",
        en="respondent {respondent} cannot have the item {value}: students have the six items,"
           " every other group only 总体.",
    ),
)
