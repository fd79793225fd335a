"""Across the schools of a batch (X): duplicates, years, unreadable files, outliers."""

from vetstat.core.rule import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES = (
    Rule(
        "X901", E, "学校信息", "同一学校报送了两个文件", "the same school sent two files",
        zh="学校标识码 {value} 和学校名称与文件“{other}”相同：同一所学校报送了两个文件。本文件未"
           "计入全市合计，计入的是“{other}”（{why}）。如计入的不是正确的一份，请删除另一份后重新汇总。",
        en="the school code {value} and name are also in '{other}': the same school sent two"
           " files. This file is left out of the city totals and '{other}' is counted"
           " ({why_en}). If that is not the right one, remove the other and aggregate again.",
    ),
    Rule(
        "X902", E, "学校信息", "统计年度与本批不一致", "report year differs from the batch",
        zh="统计年度为 {value}，但本批汇总的是 {expected} 年度（{basis}）。本文件仍计入合"
           "计。请改正统计年度，或换成 {expected} 年度的文件后重新汇总。",
        en="the report year is {value} but this batch is the year {expected} ({basis_en})."
           " The file is still counted. Correct the year, or replace the file with the {expected}"
           " one and aggregate again.",
    ),
    Rule(
        "X903", W, "学校信息", "同一学校名称对应两个标识码", "one school name under two codes",
        zh="学校名称 {value} 在本文件的学校标识码为 {code}，在文件“{other}”中为 {other_code}"
           "。两个文件按两所学校计入合计。请核对学校标识码：同一所学校只有一个标识码。",
        en="the school name {value} has the code {code} here and {other_code} in '{other}'."
           " The two files are counted as two schools. Check the codes: one school has one"
           " code.",
    ),
    Rule(
        "X904", E, "*", "文件无法读取，全市汇总不完整", "file unreadable, city tables partial",
        zh="本文件无法读取，未计入全市汇总，全市表格不完整（{included}/{total} 个文件已计"
           "入）。请修复或向学校重新索取该文件后重新汇总。",
        en="this file could not be read and is not in the city tables, which are therefore"
           " partial ({included} of {total} files included). Repair the file or ask the school"
           " for it again, then aggregate again.",
    ),
    Rule(
        "X905", W, "*", "指标远离全市中位数", "indicator far from the city median",
        zh="{indicator}为 {value}，全市中位数为 {median}，超出中位数的 1/{factor}–{factor}"
           " 倍（{expected}）。请核对计算该指标的数据；如数据无误，请在报告中说明原因。",
        en="{indicator_en} is {value} against a city median of {median}, outside 1/{factor}"
           " to {factor} times the median ({expected}). Check the figures behind it; if they"
           " are right, explain the reason in the report.",
    ),
    Rule(
        "X906", E, "学校信息", "两所学校使用同一学校标识码", "two schools use one school code",
        zh="学校标识码 {value} 也出现在文件“{other}”（学校名称“{other_name}”）中：两所学校使用同一学校"
           "标识码。{counted}请核对学校标识码，改正后重新报送。",
        en="the school code {value} is also in '{other}' (school name '{other_name}'): two"
           " schools use one school code. {counted_en}Check the code, correct it and send the"
           " file again.",
    ),
    Rule(
        "X907", W, "*", "不是学校报送的文件，未计入", "not a school's workbook, not counted",
        zh="{reason}，未计入全市汇总。如这是学校的报送文件，请让学校使用 vetstat template 生成的模板"
           "重新填写；否则请把它移出数据文件夹。",
        en="{reason_en}; it is not in the city totals. If a school sent it, ask the school to"
           " fill in the template from `vetstat template`; otherwise move it out of the data"
           " folder.",
    ),
    Rule(
        "X908", E, "*", "名单中的学校未报送", "a school on the roster sent nothing",
        zh="名单中的学校“{name}”（学校标识码 {value}）没有报送文件，全市表格不完整。请向该校索取文件"
           "后重新汇总。",
        en="the school '{name}' (school code {value}) on the roster sent no file, so the city"
           " tables are incomplete. Ask the school for its file and aggregate again.",
    ),
    Rule(
        "X909", W, "学校信息", "学校不在名单中", "school not on the roster",
        zh="学校标识码 {value}（“{name}”）不在学校名单中。本文件仍计入合计。请核对学校标识码，或把该校"
           "补入名单。",
        en="the school code {value} ('{name}') is not on the roster. The file is still counted."
           " Check the code, or add the school to the roster.",
    ),
    Rule(
        "X910", W, "学校信息", "学校名称与名单不一致", "school name differs from the roster",
        zh="学校名称为“{value}”，名单中学校标识码 {code} 的学校是“{expected}”。请核对学校名称或学校"
           "标识码。",
        en="the school name is '{value}' but the roster gives '{expected}' for the code {code}."
           " Check the name or the code.",
    ),
    Rule(
        "X911", W, "学校信息", "隶属关系与名单不一致", "affiliation differs from the roster",
        zh="隶属关系为“{value}”，名单中为“{expected}”。请核对隶属关系（市直属 / 县（市、区）属）。",
        en="the affiliation is '{value}' but the roster gives '{expected}'. Check it (市直属 /"
           " 县（市、区）属).",
    ),
    # a province compiled from its cities' workbooks (aggregate of a folder of city workbooks)
    Rule(
        "X920", E, "学校信息", "同一学校出现在两个城市的汇总中", "one school in two cities' workbooks",
        zh="学校标识码 {value}（“{name}”）既在“{city}”的汇总工作簿中，也在“{other_city}”的（{other}）"
           "中。本条未计入全省合计，计入的是“{other_city}”的一条。请核对该校属于哪个城市，由另一个城市去掉"
           "该校的文件后重新汇总其工作簿。",
        en="the school code {value} ('{name}') is in the city workbook of '{city}' and also in"
           " that of '{other_city}' ({other}). This entry is left out of the province totals;"
           " the one of '{other_city}' is counted. Check which city the school belongs to; the"
           " other city removes its file and writes its workbook again.",
    ),
    Rule(
        "X921", E, "*", "城市汇总工作簿的年度与本批不一致", "city workbook of another year",
        zh="“{city}”的汇总工作簿是 {value} 年度的，但本批汇总的是 {expected} 年度（{basis}）。该市仍计入"
           "全省合计。请换成该市 {expected} 年度的汇总工作簿（vetstat aggregate -o 写出）后重新汇总。",
        en="the city workbook of '{city}' is of the year {value} but this batch is the year"
           " {expected} ({basis_en}). The city is still counted. Replace it with the city's"
           " {expected} workbook (written by vetstat aggregate -o) and aggregate again.",
    ),
    Rule(
        "X922", E, "*", "名单中的城市未报送", "a city on the roster sent nothing",
        zh="名单中的城市“{name}”（行政区划代码 {value}）没有报送汇总工作簿，全省表格不完整。请向该市索取"
           "其汇总工作簿（vetstat aggregate -o 写出）后重新汇总。",
        en="the city '{name}' (division code {value}) on the roster sent no city workbook, so"
           " the province tables are incomplete. Ask the city for its workbook (written by"
           " vetstat aggregate -o) and aggregate again.",
    ),
    Rule(
        "X923", W, "*", "城市不在名单中", "city not on the roster",
        zh="“{name}”的汇总工作簿（行政区划代码 {value}）不在城市名单中。该市仍计入合计。请核对该市的学校"
           "所填的行政区划代码，或把该市补入名单。",
        en="the city workbook of '{name}' (division code {value}) is not on the roster. The"
           " city is still counted. Check the division codes its schools give, or add the"
           " city to the roster.",
    ),
)
