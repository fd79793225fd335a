"""The chapters of the national outline, as a city's report follows them, written from the
figures: 基本情况, 学生发展, 质量保障措施, 校企合作, 社会贡献, 政府履责, 特色创新, 主要问题和改进
措施, and the annex (表1, 表2).

Facts are written from the data; where the data cannot speak, a highlighted placeholder says
what to write.  Year-over-year clauses appear only with last year's figures.
"""

from __future__ import annotations

from vetstat.outputs.report_figures import (
    annex_quality,
    annex_satisfaction,
    awards_list,
    awards_table,
    categories_chart,
    categories_table,
    changes_chart,
    changes_table,
    enrolment_chart,
    satisfaction_chart,
    schools_table,
)
from vetstat.outputs.report_model import Blank, Block, Heading, PageBreak, Para, Run
from vetstat.outputs.report_prose import Prose, blank, joined
from vetstat.outputs.tables import caveat_of
from vetstat.usecases.report import ReportData

NUMERALS = "一二三四五六七八九十"
# 学生素质: the rates a school reports on its 学生素质 sheet (template version 2)
ATTAINMENT = (("culture_pass_rate", "文化课合格率"), ("skill_pass_rate", "专业技能合格率"),
              ("fitness_pass_rate", "体质测评合格率"), ("graduation_rate", "毕业率"),
              ("dual_certificate_rate", "双证书获取率"), ("retention_3y", "三年巩固率"))


class Outline:
    """Numbers the headings as the report does: 一、 （一） 1."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._counts = [0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self._counts[level - 1] += 1
        for deeper in range(level, 3):
            self._counts[deeper] = 0
        number = self._counts[level - 1]
        prefix = (f"{NUMERALS[number - 1]}、" if level == 1 else
                  f"（{NUMERALS[number - 1]}）" if level == 2 else f"{number}.")
        self.blocks.append(Heading(level, prefix + text))

    def para(self, *parts: Run | list[Run]) -> None:
        runs: list[Run] = []
        for part in parts:
            runs.extend(part if isinstance(part, list) else [part])
        self.blocks.append(Para([run for run in runs if run != ""]))

    def add(self, *blocks: Block | None) -> None:
        self.blocks.extend(block for block in blocks if block is not None)


def title_of(data: ReportData) -> str:
    city = data.place.name()
    year = data.year if data.year is not None else "（年度）"
    return f"{city} {year} 年中等职业教育质量年度报告"


def chapters(data: ReportData) -> list[Block]:
    """The body of the report, from the first chapter to the annex."""
    doc = Outline()
    p = Prose(data)
    caveat = caveat_of(data.result)
    if caveat:
        doc.para(Blank(f"【注意：本报告的数据{caveat[0]}，请核对学校文件后再发布】"))
    basics(doc, p, data)
    students(doc, p, data)
    doc.heading(1, "质量保障措施")
    doc.para(blank("党建引领、立德树人、专业和课程建设、教材管理、教学方法改革、质量监控与教学诊断改进"
                   "等方面的工作和成效，每项以本市的做法和数据、实例支撑"))
    cooperation(doc, p)
    contribution(doc, p)
    government(doc, p, data)
    doc.heading(1, "特色创新")
    doc.para(blank("本市中等职业教育的特色做法和创新举措，选 1～3 个典型案例（学校、做法、成效、可推广之处），"
                   "可配图片"))
    problems(doc, p, data)
    doc.add(PageBreak())
    doc.blocks.append(Heading(1, "附件"))
    doc.add(annex_quality(data), PageBreak(), annex_satisfaction(data))
    return doc.blocks


# --- 一、基本情况 ---------------------------------------------------------------------------


def basics(doc: Outline, p: Prose, data: ReportData) -> None:
    year = data.year
    doc.heading(1, "基本情况")
    doc.heading(2, "学校情况")
    doc.para(f"{year} 年，全市共有中等职业学校 ", p.n("schools"), " 所，其中市直属学校 ",
             p.n("schools_city_run"), " 所、县（市、区）属学校 ", p.n("schools_county"), " 所",
             p.change("schools", "所"), "。各校基本情况见表 1-1。")
    doc.add(schools_table(data))

    doc.heading(2, "办学规模")
    doc.para(f"{year} 年，全市中等职业学校招生 ", p.nu("new_students"), p.change("new_students"),
             "；在校生 ", p.nu("students"), p.change("students"), "，其中一年级 ",
             p.nu("grade_1"), "、二年级 ", p.nu("grade_2"), "、三年级 ", p.nu("grade_3"),
             "；毕业生 ", p.nu("graduates"), p.change("graduates"), "。")
    if data.schools:
        doc.para("在校生规模较大的学校有", p.ranked("students", 3, "人"), "。")
    doc.add(enrolment_chart(data))

    doc.heading(2, "专业设置")
    doc.para("全市中等职业学校共开设专业 ", p.nu("majors"), "（按专业代码计）", p.change("majors"),
             "，分属 ", p.n("categories"), " 个专业大类；其中省级示范专业 ",
             p.nu("model_majors_provincial"), "、市级示范专业 ", p.nu("model_majors_city"), "。")
    if data.categories:
        largest = sorted(data.categories, key=lambda row: -row["students"])[:3]
        doc.para("在校生较多的专业大类是", joined(
            [[f"{row['category_name']}（", p.count("students", row["students"], row["category_name"]),
              " 人）"] for row in largest]),
            "。各专业大类的专业数和学生数见表 1-2。")
        doc.add(categories_table(data), categories_chart(data))
    doc.para(blank("主要专业与本地产业的对接情况，新设、停招或调整的专业及其理由"))

    teachers(doc, p, data)
    conditions(doc, p, data)

    doc.heading(2, "经费投入")
    doc.para(f"{year} 年，全市中等职业学校获得财政拨款 ", p.nu("fiscal_appropriation"),
             p.change("fiscal_appropriation"), "，生均财政拨款 ", p.nu("per_student_appropriation"),
             p.change("per_student_appropriation"), "；中央和省级专项资金 ", p.nu("special_funds"),
             "，基本建设投入 ", p.nu("capital_construction"), "，教学仪器设备购置 ",
             p.nu("equipment_purchase"), "。")
    if data.previous is not None:
        doc.heading(2, "主要指标变化")
        doc.para(f"与 {data.previous_year} 年相比，主要指标的变化见表 1-3。")
        doc.add(changes_table(data), changes_chart(data))


def teachers(doc: Outline, p: Prose, data: ReportData) -> None:
    limits = data.thresholds
    doc.heading(2, "教师队伍")
    doc.para("全市中等职业学校共有教职工 ", p.nu("staff_total"), p.change("staff_total"),
             "，其中专任教师 ", p.nu("full_time"), "（公共基础课教师 ", p.nu("foundation"),
             "、专业课教师 ", p.nu("specialty"), "），兼职教师 ", p.nu("part_time"),
             "；生师比 ", p.n("student_teacher_ratio"), ":1。")
    doc.para("专任教师中，具有高级专业技术职务的 ", p.nu("senior_title"), "，占 ",
             p.nu("senior_title_ratio"), p.change("senior_title_ratio"), "；具有硕士研究生及以上学历的 ",
             p.nu("postgraduate"), "，占 ", p.nu("postgraduate_ratio"),
             p.change("postgraduate_ratio"), "。“双师型”教师 ", p.nu("dual_qualified"),
             "，占专业课教师的 ", p.nu("dual_ratio"), p.change("dual_ratio"), "。")
    low_dual = p.below("dual_ratio", limits.dual_ratio_min)
    high_ratio = p.below("student_teacher_ratio", limits.student_teacher_ratio, above=True)
    if low_dual:
        doc.para(joined([[s.name, "（", p.n("dual_ratio", s), "%）"] for s in low_dual]),
                 f"的“双师型”教师比例低于 {limits.dual_ratio_min:g}% 的标准。")
    if high_ratio:
        doc.para(joined([[s.name, "（", p.n("student_teacher_ratio", s), ":1）"]
                         for s in high_ratio]),
                 f"的生师比高于 {limits.student_teacher_ratio:g}:1 的标准。")
    if not low_dual and not high_ratio and data.schools:
        doc.para(f"各校生师比均不高于 {limits.student_teacher_ratio:g}:1，“双师型”教师比例均不低于 "
                 f"{limits.dual_ratio_min:g}%。")
    doc.para(blank("教师培训、企业实践、教学能力比赛获奖、名师和技能导师工作室等情况"))


def conditions(doc: Outline, p: Prose, data: ReportData) -> None:
    limits = data.thresholds
    doc.heading(2, "办学条件")
    doc.para("全市中等职业学校校园占地面积 ", p.n("land_area", scale=10_000.0), " 万平方米，校舍建筑面积 ",
             p.n("building_area", scale=10_000.0), " 万平方米；生均占地面积 ",
             p.nu("land_area_per_student"), "，生均校舍建筑面积 ",
             p.nu("building_area_per_student"), "。纸质图书 ", p.nu("books"), "，生均 ",
             p.nu("books_per_student"), "；教学仪器设备总值 ", p.nu("equipment_value"),
             "，生均 ", p.nu("per_student_equipment"), "。")
    standards = (
        ("land_area_per_student", limits.land_area_per_student, "生均占地面积", "平方米"),
        ("building_area_per_student", limits.building_area_per_student, "生均校舍建筑面积", "平方米"),
        ("books_per_student", limits.books_per_student, "生均纸质图书", "册"),
        ("per_student_equipment", limits.equipment_per_student, "生均教学仪器设备值", "元"),
    )
    for key, limit, label, unit in standards:
        below = p.below(key, limit)
        if below:
            doc.para(joined([[s.name, "（", p.n(key, s), f" {unit}）"] for s in below]),
                     f"的{label}低于国家标准（{limit:g} {unit}）。")
    if data.schools and not any(p.below(key, limit) for key, limit, _, _ in standards):
        doc.para("各校生均占地面积、生均校舍建筑面积、生均纸质图书和生均教学仪器设备值均达到国家标准。")


# --- 二、学生发展 ---------------------------------------------------------------------------


def students(doc: Outline, p: Prose, data: ReportData) -> None:
    doc.heading(1, "学生发展")
    doc.heading(2, "学生素质")
    attainment = [(key, words) for key, words in ATTAINMENT if p.has(key)]
    if attainment:
        doc.para(f"{data.year} 年，全市中等职业学校学生",
                 joined([[words, " ", *p.nu(key), p.partial(key), *p.change(key)]
                         for key, words in attainment], "；" if data.previous else "，"), "。")
    doc.para(blank("思想政治教育和德育工作、学生获奖和典型事例"
                   + ("" if attainment else "，以及文化课合格率、体质测评合格率、毕业率、巩固率等情况")))
    doc.heading(2, "就业质量")
    doc.para(f"{data.year} 年，全市中等职业学校毕业生 ", p.nu("employment_graduates", "人"),
             "，其中直接就业 ", p.nu("employed"), "（对口就业 ", p.nu("employed_in_field"),
             "，对口就业率 ", p.nu("in_field_rate"), "），升学 ", p.nu("further_study"),
             "（其中升入本科 ", p.nu("to_bachelor"), "），未就业 ", p.nu("not_placed"),
             "。就业率（含升学）", p.nu("employment_rate"), p.change("employment_rate"),
             "，升学率 ", p.nu("further_study_rate"), p.change("further_study_rate"),
             "；初次就业月平均起薪 ", p.nu("starting_salary"), "。")
    doc.para(blank("就业渠道、订单培养、毕业生就业的典型事例"))

    doc.heading(2, "技能大赛")
    doc.para(*award_sentence(p, data))
    doc.add(awards_table(data), awards_list(data))

    doc.heading(2, "满意度")
    if p.has("satisfaction_students_overall"):
        items = [key for key in data.figures if key.startswith("satisfaction_students_")
                 and key != "satisfaction_students_overall" and data.figures[key] is not None
                 and not key.endswith(("_samples", "_satisfied", "_dissatisfied"))]
        doc.para("在校生满意度调查（六项合并）满意率为 ", p.nu("satisfaction_students_overall"),
                 p.change("satisfaction_students_overall"), "，其中",
                 joined([[_item_name(key), " ", *p.nu(key)] for key in items], "，"), "。")
        others = [(key, name) for key, name in (
            ("satisfaction_graduates_overall", "毕业生"), ("satisfaction_parents_overall", "家长"),
            ("satisfaction_teachers_overall", "教师"), ("satisfaction_employers_overall", "用人单位"))
            if key in data.figures and data.figures[key] is not None]
        if others:
            doc.para(joined([[f"{name}满意率 ", *p.nu(key)] for key, name in others], "，"), "。")
        doc.add(satisfaction_chart(data))
    else:
        doc.para(blank("本年度未填报满意度调查，请说明调查情况"))


def _item_name(key: str) -> str:
    from vetstat.core.indicators import indicator

    return indicator(key).zh.split("：", 1)[-1]


def award_sentence(p: Prose, data: ReportData) -> list[Run]:
    from vetstat.core.contract import AWARD_LEVELS, PRIZES
    from vetstat.core.indicators import award_key

    awards = data.nested.get("awards") or {}
    parts: list[list[Run]] = []
    for level in AWARD_LEVELS:
        prizes = awards.get(level) or {}
        if not prizes:
            continue
        by_prize = joined([[f"{prize} ", p.count(award_key(level, "entries"),
                                                 prizes[prize]["entries"], f"{p.data.subject}（{prize}）"),
                            " 项"] for prize in PRIZES if prize in prizes])
        parts.append([f"{level}技能大赛获奖 ", p.n(award_key(level, "entries")), " 项（",
                      *by_prize, "），获奖学生 ", p.n(award_key(level, "students")), " 人次"])
    if not parts:
        return [f"{data.year} 年，全市中等职业学校学生未填报技能大赛获奖。",
                blank("参加各级技能大赛的情况")]
    return [f"{data.year} 年，全市中等职业学校学生在", *joined(parts, "；在"), "。"]


# --- 四、五、六、八 ---------------------------------------------------------------------------


def cooperation(doc: Outline, p: Prose) -> None:
    doc.heading(1, "校企合作")
    doc.para("全市中等职业学校与 ", p.nu("partner_enterprises"), "企业开展合作",
             p.change("partner_enterprises"), "，开设订单班 ", p.nu("order_classes"),
             "。开展“1+X”证书制度试点项目 ", p.nu("x_certificates"), "，参加考核 ",
             p.nu("x_candidates"), "、通过 ", p.nu("x_passed"), "；职业技能鉴定报考 ",
             p.nu("skill_candidates"), "、通过 ", p.nu("skill_passed"), "。")
    doc.para(blank("校企合作的形式（订单培养、现代学徒制、产业学院、实习实训基地）、学生实习管理和典型案例"))


def contribution(doc: Outline, p: Prose) -> None:
    doc.heading(1, "社会贡献")
    doc.para("全市中等职业学校面向企业职工、农民、社区居民等开展社会培训 ",
             p.nu("social_training"), p.change("social_training"), "。")
    doc.para(blank("服务行业企业、服务地方发展、服务乡村振兴、服务社区和具有地域特色的服务，各举实例"))


def government(doc: Outline, p: Prose, data: ReportData) -> None:
    doc.heading(1, "政府履责")
    doc.para(f"{data.year} 年，全市中等职业学校生均财政拨款 ", p.nu("per_student_appropriation"),
             "，中央和省级专项资金投入 ", p.nu("special_funds"), "。")
    doc.para(blank("落实国家和省职业教育政策的情况：发展规划、经费保障（生均拨款标准是否落实）、"
                   "教师编制和招聘、联席会议制度、督导评估等"))


def problems(doc: Outline, p: Prose, data: ReportData) -> None:
    doc.heading(1, "主要问题和改进措施")
    doc.para(blank("本市中等职业教育面临的主要问题（如专业布局、产教融合、办学条件、招生）及下一步改进"
                   "措施，逐条写明"))
