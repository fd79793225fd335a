"""The school workbook as code: every sheet and field of data contract §1, declared once.

Each field is a pydantic field whose ``title`` is the Chinese label of column A (or the table
header) and whose ``json_schema_extra`` carries the unit, the kind of value and whether it is
required.  The template writer, the reader, the rules, the city tables, the JSON Schema export
and the docs all read these declarations through :func:`fields_of` and :data:`SHEETS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vetstat.core.fields import NUMERIC_KINDS as NUMERIC_KINDS
from vetstat.core.fields import Amount, Count, Percent
from vetstat.core.fields import FieldSpec as FieldSpec
from vetstat.core.fields import Kind as Kind
from vetstat.core.fields import Sheet as Sheet
from vetstat.core.fields import fields_of as fields_of
from vetstat.core.fields import spec as spec
from vetstat.core.fields import split_names as split_names

CONTRACT_VERSION = 2  # the template version a blank template writes in 学校信息's 模板版本
FIRST_VERSION = 1  # a workbook without the 模板版本 cell is of the first template


AFFILIATIONS = ("市直属", "县（市、区）属", "其他")
MODEL_MAJOR_LEVELS = ("省级", "市级")
RESPONDENTS = ("在校生", "毕业生", "教师", "家长", "用人单位")
STUDENT_ITEMS = ("理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全")
OVERALL_ITEM = "总体"
SURVEY_ITEMS = (*STUDENT_ITEMS, OVERALL_ITEM)
AWARD_LEVELS = ("国家级", "省级", "市级")
PRIZES = ("一等奖", "二等奖", "三等奖", "优秀奖")
# the ASCII names of the choices above, as they appear in flat indicator keys
# (``satisfaction_students_major``, ``awards_national_entries``)
RESPONDENT_KEYS = {"在校生": "students", "毕业生": "graduates", "教师": "teachers", "家长": "parents",
                   "用人单位": "employers"}
ITEM_KEYS = {"理论学习": "theory", "专业学习": "major", "实习实训": "practice",
             "校园文化与社团活动": "culture", "生活": "life", "校园安全": "safety", "总体": "overall"}
ITEM_EN = {"理论学习": "theoretical study", "专业学习": "specialty study",
           "实习实训": "practical training", "校园文化与社团活动": "campus culture and clubs",
           "生活": "daily life", "校园安全": "campus safety", "总体": "overall"}
LEVEL_KEYS = {"国家级": "national", "省级": "provincial", "市级": "city"}

Affiliation = Literal["市直属", "县（市、区）属", "其他"]
ModelMajorLevel = Literal["省级", "市级"]
Respondent = Literal["在校生", "毕业生", "教师", "家长", "用人单位"]
SurveyItem = Literal["理论学习", "专业学习", "实习实训", "校园文化与社团活动", "生活", "校园安全", "总体"]
AwardLevel = Literal["国家级", "省级", "市级"]
Prize = Literal["一等奖", "二等奖", "三等奖", "优秀奖"]


# --- §1.1 学校信息 ------------------------------------------------------------------------------


class SchoolInfo(Sheet):
    """学校信息: who the school is and what it has."""

    name: str | None = spec("学校名称", Kind.TEXT, en="school name", required=True, help="学校的规范全称。")
    school_code: str | None = spec(
        "学校标识码", Kind.DIGITS, en="school code", required=True, digits=10,
        help="教育部核发的 10 位学校标识码，中职学校以 36 开头。",
    )
    division_code: str | None = spec(
        "所在地行政区划代码", Kind.DIGITS, en="division code", required=True, digits=6,
        help="学校所在县（市、区）的 6 位行政区划代码，如洮北区 220802。",
    )
    county: str | None = spec("所在县（市、区）", Kind.TEXT, en="county", required=True)
    affiliation: Affiliation | None = spec(
        "隶属关系", Kind.CHOICE, en="affiliation", required=True, choices=AFFILIATIONS,
    )
    year: int | None = spec(
        "统计年度", Kind.YEAR, "年", en="report year", required=True, missing_code="S104",
        help="学年结束的公历年份：2021年9月—2022年8月填 2022。",
    )
    land_area: Amount | None = spec("校园占地面积", Kind.AMOUNT, "平方米", en="campus land area", maximum=5_000_000, required=True)
    building_area: Amount | None = spec("校舍建筑面积", Kind.AMOUNT, "平方米", en="building floor area", maximum=3_000_000, required=True)
    books: Count | None = spec("纸质图书", Kind.COUNT, "册", en="printed books", maximum=10_000_000, required=True)
    contact: str | None = spec("填报人", Kind.TEXT, en="contact person")
    phone: str | None = spec("联系电话", Kind.TEXT, en="telephone")
    template_version: int | None = spec(
        "模板版本", Kind.COUNT, "版", en="template version", maximum=9, since=2,
        help="模板自带，请勿修改。没有这一行的文件按第 1 版模板读取。",
    )


# --- §1.2 专业与学生 ----------------------------------------------------------------------------


class MajorRow(Sheet):
    """专业与学生: one row per major the school runs."""

    code: str | None = spec(
        "专业代码", Kind.DIGITS, en="major code", required=True, digits=6,
        help="《职业教育专业目录（2021年）》中的 6 位中职专业代码。",
    )
    name: str | None = spec("专业名称", Kind.TEXT, en="major", required=True)
    new_students: Count | None = spec(
        "招生数", Kind.COUNT, "人", en="new students", maximum=10_000, required=True, help="本学年新招收的学生数。"
    )
    grade_1: Count | None = spec("一年级", Kind.COUNT, "人", en="first-year students", maximum=10_000, required=True, help="9月1日一年级在校生。")
    grade_2: Count | None = spec("二年级", Kind.COUNT, "人", en="second-year students", maximum=10_000, required=True)
    grade_3: Count | None = spec("三年级", Kind.COUNT, "人", en="third-year students", maximum=10_000, required=True)
    students: Count | None = spec(
        "在校生数", Kind.COUNT, "人", en="students", maximum=30_000, required=True, help="一、二、三年级之和。"
    )
    graduates: Count | None = spec(
        "毕业生数", Kind.COUNT, "人", en="graduates", maximum=10_000, required=True, help="本学年毕业的学生数。"
    )
    model_major: ModelMajorLevel | None = spec(
        "示范专业", Kind.CHOICE, en="model major", choices=MODEL_MAJOR_LEVELS, help="不是示范专业的留空。"
    )


# --- §1.3 教师队伍 ------------------------------------------------------------------------------


class Teachers(Sheet):
    """教师队伍: staff and full-time teachers on 9/1."""

    staff_total: Count | None = spec("教职工总数", Kind.COUNT, "人", en="staff", maximum=10_000, required=True)
    full_time: Count | None = spec(
        "专任教师数", Kind.COUNT, "人", en="full-time teachers", maximum=10_000, required=True,
        help="专任教师 = 公共基础课教师 + 专业课教师。",
    )
    foundation: Count | None = spec("其中：公共基础课教师", Kind.COUNT, "人", en="foundation-course teachers", maximum=10_000, required=True)
    specialty: Count | None = spec("其中：专业课教师", Kind.COUNT, "人", en="specialty teachers", maximum=10_000, required=True)
    dual_qualified: Count | None = spec(
        "其中：“双师型”教师", Kind.COUNT, "人", en="dual-qualified teachers", maximum=10_000, required=True,
        help="“双师型”教师是专业课教师的一部分。",
    )
    senior_title: Count | None = spec(
        "具有高级专业技术职务的专任教师", Kind.COUNT, "人", en="teachers with senior titles", maximum=10_000, required=True
    )
    postgraduate: Count | None = spec(
        "具有硕士研究生及以上学历（学位）的专任教师", Kind.COUNT, "人", en="teachers with a master's degree or above", maximum=10_000, required=True
    )
    part_time: Count | None = spec("行业企业兼职教师", Kind.COUNT, "人", en="part-time teachers from industry", maximum=10_000, required=True)
    dual_ratio_reported: Percent | None = spec(
        "“双师型”教师占专业课教师比例", Kind.PERCENT, "%", en="dual-qualified share of specialty teachers",
        help="选填。双师型比例 = “双师型”教师 ÷ 专业课教师 × 100，填了就校验。",
    )
    bachelor: Count | None = spec(
        "具有本科学历的专任教师", Kind.COUNT, "人", en="teachers with a bachelor's degree", maximum=10_000, since=2,
        help="最高学历为本科的专任教师（不含上一行的研究生）。本科以上 = 研究生 + 本科。",
    )
    below_bachelor: Count | None = spec(
        "专科及以下学历的专任教师", Kind.COUNT, "人", en="teachers below a bachelor's degree", maximum=10_000, since=2,
        help="研究生 + 本科 + 专科及以下 = 专任教师。",
    )
    middle_title: Count | None = spec(
        "具有中级专业技术职务的专任教师", Kind.COUNT, "人", en="teachers with intermediate titles", maximum=10_000, since=2,
    )
    junior_title: Count | None = spec(
        "具有初级专业技术职务的专任教师", Kind.COUNT, "人", en="teachers with junior titles", maximum=10_000, since=2,
    )
    untitled: Count | None = spec(
        "未定级的专任教师", Kind.COUNT, "人", en="teachers without a title", maximum=10_000, since=2,
        help="高级 + 中级 + 初级 + 未定级 = 专任教师。",
    )


# --- §1.4 就业与升学 ----------------------------------------------------------------------------


class Employment(Sheet):
    """就业与升学: where this year's graduates went, counted at graduation (初次就业: the
    destination on the day the school year ends, 8/31; no later survey)."""

    graduates: Count | None = spec("毕业生数", Kind.COUNT, "人", en="graduates", maximum=30_000,
                                   required=True)
    employed: Count | None = spec("直接就业人数", Kind.COUNT, "人", en="graduates employed", maximum=30_000, required=True)
    employed_in_field: Count | None = spec("其中：对口就业人数", Kind.COUNT, "人", en="employed in their field", maximum=30_000, required=True)
    further_study: Count | None = spec("升学人数", Kind.COUNT, "人", en="graduates in further study", maximum=30_000, required=True)
    to_bachelor: Count | None = spec("其中：升入本科人数", Kind.COUNT, "人", en="graduates to bachelor programmes", maximum=30_000, required=True)
    not_placed: Count | None = spec("未就业人数", Kind.COUNT, "人", en="graduates not placed", maximum=30_000, required=True)
    starting_salary: Amount | None = spec(
        "初次就业月平均起薪", Kind.AMOUNT, "元", en="average starting salary", maximum=200_000, help="直接就业毕业生的月平均起薪。"
    )
    employment_rate_reported: Percent | None = spec(
        "就业率", Kind.PERCENT, "%", en="employment rate",
        help="选填。就业率 = （直接就业 + 升学）÷ 毕业生 × 100。",
    )
    in_field_rate_reported: Percent | None = spec(
        "对口就业率", Kind.PERCENT, "%", en="in-field employment rate", help="选填。对口就业率 = 对口就业 ÷ 直接就业 × 100。"
    )
    self_employed: Count | None = spec(
        "自主创业人数", Kind.COUNT, "人", en="self-employed (own business)", maximum=30_000, since=2,
        help="直接就业中自己创办企业或个体经营的毕业生。",
    )
    to_enterprise: Count | None = spec(
        "直接就业去向：企事业单位", Kind.COUNT, "人", en="employed by enterprises and institutions", maximum=30_000, since=2,
    )
    to_government: Count | None = spec("直接就业去向：机关", Kind.COUNT, "人", en="employed by government bodies", maximum=30_000, since=2)
    to_self_run: Count | None = spec(
        "直接就业去向：个体经营", Kind.COUNT, "人", en="self-run businesses", maximum=30_000, since=2,
        help="含自主创业的个体经营。",
    )
    to_military: Count | None = spec("直接就业去向：参军入伍", Kind.COUNT, "人", en="enlisted", maximum=30_000, since=2)
    to_other: Count | None = spec(
        "直接就业去向：其他", Kind.COUNT, "人", en="other destinations", maximum=30_000, since=2,
        help="五项去向之和等于直接就业人数。",
    )
    study_vocational_exam: Count | None = spec(
        "升学方式：对口单招、高职分类招考", Kind.COUNT, "人", en="further study via vocational entrance exams", maximum=30_000, since=2,
    )
    study_general: Count | None = spec(
        "升学方式：统招及其他", Kind.COUNT, "人", en="further study via general admission and other", maximum=30_000, since=2,
        help="两种升学方式之和等于升学人数。",
    )


# --- §1.5 经费投入 ------------------------------------------------------------------------------


class Funding(Sheet):
    """经费投入: money in 万元 (decimals allowed)."""

    fiscal_appropriation: Amount | None = spec(
        "一般公共预算财政拨款", Kind.AMOUNT, "万元", en="fiscal appropriation", maximum=1_000_000, required=True
    )
    special_funds: Amount | None = spec("中央和省级专项资金", Kind.AMOUNT, "万元", en="central and provincial special funds", maximum=1_000_000, required=True)
    capital_construction: Amount | None = spec("基本建设投入", Kind.AMOUNT, "万元", en="capital construction", maximum=1_000_000, required=True)
    equipment_purchase: Amount | None = spec(
        "当年新增教学仪器设备值", Kind.AMOUNT, "万元", en="equipment bought this year", maximum=1_000_000, required=True
    )
    equipment_value: Amount | None = spec(
        "教学仪器设备资产总值", Kind.AMOUNT, "万元", en="teaching equipment value", maximum=1_000_000, required=True
    )
    per_student_reported: Amount | None = spec(
        "生均财政拨款", Kind.AMOUNT, "元", en="appropriation per student", maximum=10_000_000,
        help="选填。生均财政拨款 = 一般公共预算财政拨款 × 10000 ÷ 在校生数。",
    )


# --- §1.6 满意度调查 ----------------------------------------------------------------------------


class SurveyRow(Sheet):
    """满意度调查: one row per respondent group and item."""

    respondent: Respondent | None = spec(
        "调查对象", Kind.CHOICE, en="respondent", required=True, choices=RESPONDENTS
    )
    item: SurveyItem | None = spec(
        "调查项目", Kind.CHOICE, en="item", required=True, choices=SURVEY_ITEMS,
        help="在校生填六个项目；其他调查对象填“总体”。",
    )
    samples: Count | None = spec("有效样本数", Kind.COUNT, "份", en="valid samples", maximum=1_000_000, required=True)
    very_satisfied: Count | None = spec("非常满意", Kind.COUNT, "人", en="very satisfied", maximum=1_000_000, required=True)
    satisfied: Count | None = spec("基本满意", Kind.COUNT, "人", en="satisfied", maximum=1_000_000, required=True)
    dissatisfied: Count | None = spec("不满意", Kind.COUNT, "人", en="dissatisfied", maximum=1_000_000, required=True)
    rate: Percent | None = spec(
        "满意度", Kind.PERCENT, "%", en="satisfaction rate", help="选填。满意度 = （非常满意 + 基本满意）÷ 有效样本数 × 100。"
    )


# --- §1.7 技能大赛 ------------------------------------------------------------------------------


class AwardRow(Sheet):
    """技能大赛: one row per award (a team entry is one row)."""

    level: AwardLevel | None = spec("赛事级别", Kind.CHOICE, en="level", required=True, choices=AWARD_LEVELS)
    event: str | None = spec("赛项名称", Kind.TEXT, en="event", required=True)
    students: str | None = spec(
        "获奖学生", Kind.NAMES, en="students", required=True, missing_code="A701", help="多名学生用顿号“、”分隔。"
    )
    advisors: str | None = spec("指导教师", Kind.NAMES, en="advisors", help="多名教师用顿号“、”分隔。")
    prize: Prize | None = spec("奖项", Kind.CHOICE, en="prize", required=True, choices=PRIZES)


# --- §1.8 服务贡献 ------------------------------------------------------------------------------


class Services(Sheet):
    """服务贡献: cooperation with enterprises, training and certificates."""

    partner_enterprises: Count | None = spec("合作企业数", Kind.COUNT, "家", en="partner enterprises", maximum=10_000)
    order_classes: Count | None = spec("订单班数", Kind.COUNT, "个", en="order classes", maximum=10_000)
    social_training: Count | None = spec("社会培训人次", Kind.COUNT, "人次", en="social training (person-times)", maximum=10_000_000)
    x_certificates: Count | None = spec("“1+X”证书试点项目数", Kind.COUNT, "个", en="1+X certificate pilots", maximum=10_000)
    x_candidates: Count | None = spec("“1+X”证书参加考核人数", Kind.COUNT, "人", en="1+X candidates", maximum=100_000)
    x_passed: Count | None = spec("“1+X”证书通过人数", Kind.COUNT, "人", en="1+X passed", maximum=100_000)
    skill_candidates: Count | None = spec("职业技能鉴定报考人数", Kind.COUNT, "人", en="skill appraisal candidates", maximum=100_000)
    skill_passed: Count | None = spec("职业技能鉴定通过人数", Kind.COUNT, "人", en="skill appraisal passed", maximum=100_000)


# --- 学生素质 (template version 2) -----------------------------------------------------------


class Attainment(Sheet):
    """学生素质: examinations passed, graduation, certificates, and how many students stay."""

    culture_candidates: Count | None = spec(
        "文化课考核参加人数", Kind.COUNT, "人", en="sat the foundation-course examinations", maximum=30_000, since=2,
        help="本学年参加公共基础课（文化课）学业水平考核的学生数。",
    )
    culture_passed: Count | None = spec(
        "其中：文化课考核合格人数", Kind.COUNT, "人", en="passed the foundation-course examinations", maximum=30_000, since=2,
    )
    skill_test_candidates: Count | None = spec(
        "专业技能考核参加人数", Kind.COUNT, "人", en="sat the specialty skill tests", maximum=30_000, since=2,
    )
    skill_test_passed: Count | None = spec(
        "其中：专业技能考核合格人数", Kind.COUNT, "人", en="passed the specialty skill tests", maximum=30_000, since=2,
    )
    fitness_candidates: Count | None = spec(
        "体质测评参加人数", Kind.COUNT, "人", en="took the physical fitness test", maximum=30_000, since=2,
        help="参加《国家学生体质健康标准》测评的学生数。",
    )
    fitness_passed: Count | None = spec(
        "其中：体质测评合格人数", Kind.COUNT, "人", en="passed the physical fitness test", maximum=30_000, since=2,
    )
    graduation_due: Count | None = spec(
        "应届毕业生数", Kind.COUNT, "人", en="students due to graduate", maximum=30_000, since=2,
        help="本学年应当毕业的学生数；毕业率 = 毕业生数（专业与学生）÷ 应届毕业生数 × 100。",
    )
    dual_certificate: Count | None = spec(
        "获得双证书的毕业生数", Kind.COUNT, "人", en="graduates with two certificates", maximum=30_000, since=2,
        help="取得毕业证书，并取得至少一种职业资格证书、职业技能等级证书或“1+X”证书的毕业生。",
    )
    grade_1_end: Count | None = spec(
        "一年级学年末在校生数", Kind.COUNT, "人", en="first-year students at year end", maximum=30_000, since=2,
        help="学年末（毕业前）仍在校的一年级学生；一年级巩固率 = 本数 ÷ 9月1日一年级在校生 × 100。",
    )
    grade_2_end: Count | None = spec(
        "二年级学年末在校生数", Kind.COUNT, "人", en="second-year students at year end", maximum=30_000, since=2,
    )
    grade_3_end: Count | None = spec(
        "三年级学年末在校生数", Kind.COUNT, "人", en="third-year students at year end", maximum=30_000, since=2,
    )
    cohort_entry: Count | None = spec(
        "三年级学生入学时人数", Kind.COUNT, "人", en="third-year cohort at entry", maximum=30_000, since=2,
        help="本学年三年级学生入学那一年的招生数；三年巩固率 = 三年级学年末在校生数 ÷ 本数 × 100。",
    )
    culture_pass_rate_reported: Percent | None = spec(
        "文化课合格率", Kind.PERCENT, "%", en="foundation-course pass rate", since=2,
        help="选填。文化课合格率 = 合格人数 ÷ 参加人数 × 100，填了就校验。",
    )
    skill_pass_rate_reported: Percent | None = spec(
        "专业技能合格率", Kind.PERCENT, "%", en="skill test pass rate", since=2,
        help="选填。专业技能合格率 = 合格人数 ÷ 参加人数 × 100，填了就校验。",
    )
    fitness_pass_rate_reported: Percent | None = spec(
        "体质测评合格率", Kind.PERCENT, "%", en="fitness test pass rate", since=2,
        help="选填。体质测评合格率 = 合格人数 ÷ 参加人数 × 100，填了就校验。",
    )
    graduation_rate_reported: Percent | None = spec(
        "毕业率", Kind.PERCENT, "%", en="graduation rate", since=2,
        help="选填。毕业率 = 毕业生数 ÷ 应届毕业生数 × 100，填了就校验。",
    )
    dual_certificate_rate_reported: Percent | None = spec(
        "双证书获取率", Kind.PERCENT, "%", en="dual-certificate rate", since=2,
        help="选填。双证书获取率 = 获得双证书的毕业生数 ÷ 毕业生数 × 100，填了就校验。",
    )
    retention_3y_reported: Percent | None = spec(
        "三年巩固率", Kind.PERCENT, "%", en="three-year retention rate", since=2,
        help="选填。三年巩固率 = 三年级学年末在校生数 ÷ 三年级学生入学时人数 × 100，填了就校验。",
    )


# --- the sheets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook."""

    key: str
    title: str
    model: type[Sheet]
    table: bool
    required: bool
    title_en: str
    help: str
    # a list sheet's columns the template fills in advance (the fixed survey rows): a row with
    # nothing else in it is a slot the school left empty, not a record
    prefilled: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return fields_of(self.model)

    @property
    def field_map(self) -> dict[str, FieldSpec]:
        """The fields by key (one dict per sheet, made once)."""
        found = _FIELD_MAPS.get(self.model)
        if found is None:
            found = _FIELD_MAPS[self.model] = {f.key: f for f in self.fields}
        return found

    def field(self, key: str) -> FieldSpec:
        try:
            return self.field_map[key]
        except KeyError:
            raise KeyError(key) from None


_FIELD_MAPS: dict[type[Sheet], dict[str, FieldSpec]] = {}


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("school", "学校信息", SchoolInfo, False, True, "School",
              "学校基本信息：名称、学校标识码、行政区划、隶属关系、统计年度、占地与校舍面积、图书。"),
    SheetSpec("enrollment", "专业与学生", MajorRow, True, True, "Majors and students",
              "每个专业一行：专业代码与名称、招生数、各年级在校生、毕业生数、示范专业级别。"),
    SheetSpec("teachers", "教师队伍", Teachers, False, True, "Teachers",
              "9月1日的教职工与专任教师情况。"),
    SheetSpec("employment", "就业与升学", Employment, False, True, "Employment",
              "本学年毕业生的去向：直接就业、升学、未就业，三者之和等于毕业生数。"),
    SheetSpec("funding", "经费投入", Funding, False, True, "Funding",
              "本学年经费投入，金额单位为万元（可填小数）。"),
    SheetSpec("satisfaction", "满意度调查", SurveyRow, True, True, "Satisfaction survey",
              "每个调查对象与调查项目一行，填人数而不是百分比。", prefilled=("respondent", "item")),
    SheetSpec("awards", "技能大赛", AwardRow, True, False, "Skills contests",
              "每个获奖项目一行；团体项目的多名学生写在同一行，用顿号分隔。"),
    SheetSpec("services", "服务贡献", Services, False, False, "Services",
              "校企合作、订单班、社会培训、“1+X”证书与职业技能鉴定。"),
    SheetSpec("attainment", "学生素质", Attainment, False, False, "Student attainment",
              "本学年学生的考核合格、毕业、双证书与巩固情况（第 2 版模板新增）。"),
)

SHEET_BY_KEY: dict[str, SheetSpec] = {sheet.key: sheet for sheet in SHEETS}
INSTRUCTIONS_SHEET = "填表说明"

FORM_HEADERS = ("指标", "单位", "填报值", "备注", "字段")


class SchoolData(BaseModel):
    """One school's workbook as typed data; a missing sheet is ``None`` (or an empty list)."""

    model_config = ConfigDict(extra="forbid")

    school: SchoolInfo | None = None
    enrollment: list[MajorRow] = Field(default_factory=list)
    teachers: Teachers | None = None
    employment: Employment | None = None
    funding: Funding | None = None
    satisfaction: list[SurveyRow] = Field(default_factory=list)
    awards: list[AwardRow] = Field(default_factory=list)
    services: Services | None = None
    attainment: Attainment | None = None
