"""Reading a workbook (F): what the reader finds in any sheet while turning cells into values."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "F001", E, "*", "无法读取工作簿", "workbook cannot be read",
        zh="无法作为工作簿读取：{reason}",
        en="cannot be read as a workbook: {reason_en}",
    ),
    Rule(
        "F002", E, "*", "缺少必需的工作表", "required sheet missing",
        zh="缺少工作表“{sheet_title}”。请使用 vetstat template 生成的模板，不要删除或改名"
           "工作表。",
        en="the sheet '{sheet_title}' is missing. Use the template from `vetstat template`"
           " and do not delete or rename its sheets.",
    ),
    Rule(
        "F003", E, "*", "缺少必需的字段或列", "required field or column missing",
        zh="缺少“{label}”{what}。请按模板恢复该{what}。",
        en="the {what_en} '{label}' is missing. Restore it as in the template.",
    ),
    Rule(
        "F004", E, "*", "必填值为空", "required value empty",
        zh="“{label}”未填写。请填写{unit_hint}。",
        en="'{label}' is empty. Fill it in{unit_hint_en}.",
    ),
    Rule(
        "F005", E, "*", "不是数字或是约数", "not a number, or approximate",
        zh="“{label}”的值 {value} 不是确切的数字{reason}。请只填写阿拉伯数字{unit_hint}。",
        en="'{label}' holds {value}, which is not an exact number{reason_en}. Enter digits"
           " only{unit_hint_en}.",
    ),
    Rule(
        "F006", W, "*", "数字以文本形式存储", "number stored as text",
        zh="“{label}”的值 {value} 是文本格式的数字，已按 {parsed} 读取。请将单元格设为数"
           "值格式并只填写数字。",
        en="'{label}' holds {value}, a number stored as text; it was read as {parsed}. Format"
           " the cell as a number and enter digits only.",
    ),
    Rule(
        "F007", E, "*", "人数为负或不是整数，金额为负", "count negative or not whole",
        zh="“{label}”的值 {value} 不合要求：应为{expected_zh}。",
        en="'{label}' holds {value}; it must be {expected_en}.",
    ),
    Rule(
        "F008", E, "*", "百分比超出 0–100", "percentage outside 0–100",
        zh="“{label}”的值 {value} 超出 0–100。请填写百分数的数值部分（如 54.2 表示 54.2%"
           "）。",
        en="'{label}' holds {value}, outside 0–100. Enter the percentage as a number (54.2"
           " for 54.2%).",
    ),
    Rule(
        "F009", E, "*", "公式没有计算结果", "formula without a cached value",
        zh="“{label}”是公式，但文件中没有计算结果（文件由从未计算公式的程序生成）。请在 Excel/WPS"
           " 中打开、重新计算并保存，或直接填写数值。",
        en="'{label}' is a formula with no computed value stored in the file (it was written"
           " by a program that never calculated it). Open it in Excel/WPS, recalculate and"
           " save, or type the value.",
    ),
    Rule(
        "F010", W, "*", "未知的工作表（已忽略）", "unknown sheet (ignored)",
        zh="工作表“{sheet_title}”不是模板中的工作表，已忽略。若其中有应报数据，请填到模板"
           "对应的工作表中。",
        en="the sheet '{sheet_title}' is not part of the template and was ignored. Move any"
           " data it holds into the template's sheets.",
    ),
    Rule(
        "F011", E, "*", "字段或工作表重复", "field or key given twice",
        zh="“{label}”出现了两次（另见 {other}）。请删除重复的一行。",
        en="'{label}' appears twice (see also {other}). Delete the duplicate.",
    ),
    Rule(
        "F012", E, "*", "值不在允许的列表中", "value not in its allowed list",
        zh="“{label}”的值 {value} 不在允许的选项中。请从下拉列表中选择：{expected}。",
        en="'{label}' holds {value}, which is not an allowed choice. Pick one of: {expected}.",
    ),
    Rule(
        "F013", E, "*", "合计行与明细之和不符", "total row differs from the sum",
        zh="合计行的“{label}”为 {value}，但上方各行之和为 {expected}。请改正合计或明细（"
           "合计行不计入数据）。",
        en="the total row's '{label}' is {value} but the rows above it sum to {expected}."
           " Correct the total or the rows (the total row is not counted).",
    ),
    Rule(
        "F014", E, "*", "单元格是 Excel 错误值", "cell holds an Excel error",
        zh="“{label}”的单元格是错误值 {value}（公式出错）。请修正公式或直接填写数值。",
        en="'{label}' holds the error value {value} (a broken formula). Fix the formula or"
           " type the value.",
    ),
    Rule(
        "F015", W, "*", "工作表过大，只读取了前面部分", "sheet too large, truncated",
        zh="工作表行数过多（超过 {limit} 行），只读取了前 {limit} 行。请删除多余的空行和"
           "数据。",
        en="the sheet has too many rows (over {limit}); only the first {limit} were read."
           " Delete the surplus rows and data.",
    ),
    Rule(
        "F016", W, "*", "问题过多，其余未列出", "too many issues, rest not listed",
        zh="本文件的问题超过 {limit} 条，其余 {omitted} 条未列出。请先改正上面的问题后重"
           "新校验。",
        en="this file has more than {limit} issues; {omitted} more are not listed. Correct"
           " the ones above and check again.",
    ),
    Rule(
        "F017", E, "*", "数值超过合理上限", "value beyond its plausible maximum",
        zh="“{label}”的值 {value} 超过了合理上限 {maximum}{unit}，多半是多打了几位数或用错了单位。"
           "请核对后填写正确的数值。",
        en="'{label}' holds {value}, beyond the plausible maximum of {maximum}{unit}: most"
           " likely extra digits or the wrong unit. Check it and enter the right figure.",
    ),
    Rule(
        "F020", W, "*", "扩展名与文件内容不符", "file name does not match its content",
        zh="文件名的扩展名为“{suffix}”，但内容是 {kind} 工作簿，已按 {kind} 读取。请把文件改名为以"
           "“{expected}”结尾，以免别人打不开。",
        en="the file name ends in '{suffix}' but the file is an {kind} workbook; it was read as"
           " one. Rename it to end in '{expected}' so that others can open it.",
    ),
    Rule(
        "F018", W, "*", "同类问题过多，其余未列出", "too many issues of a rule, rest not listed",
        zh="{what}超过 {limit} 条，其余 {omitted} 条未列出。请先改正上面的问题（多半是同一个错误"
           "重复出现）后重新校验。",
        en="more than {limit} {what_en}; {omitted} more are not listed. Correct the ones above"
           " (most likely one mistake repeated) and check again.",
    ),
)
