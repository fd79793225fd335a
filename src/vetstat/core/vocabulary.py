"""The words reports use for the catalogue's indicators, units, qualifiers and changes.

An indicator is named in a report by its catalogue label (:mod:`vetstat.core.indicators`,
"在校生数" read as "在校生") or by the words declared here once, beside the catalogue:
"在校学生", "在籍学生", "专职教师", "双师型"….  A percentage spoken of a count ("双师型教师占
54%") is the rate whose formula has that count on top; this module only lists words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vetstat.core.contract import ITEM_KEYS
from vetstat.core.indicators import (
    INDICATORS,
    SURVEY_COUNT_WORDS,
    Awards,
    Formula,
    Survey,
    views,
)

# words for an indicator beyond its label, as the reports of the bureaus write them
SYNONYMS: dict[str, tuple[str, ...]] = {
    "schools": ("中等职业学校", "中职学校", "职业学校"),
    "schools_city_run": ("市直属中等职业学校", "市直属学校", "市直学校"),
    "schools_county": ("县（市、区）职教中心", "县（市、区）属学校", "县级职教中心"),
    "land_area": ("占地面积", "校园面积"),
    "building_area": ("建筑面积", "校舍面积"),
    "books": ("图书", "藏书"),
    "books_per_student": ("生均图书",),
    "majors": ("专业",),
    "categories": ("大类", "专业大类"),
    "model_majors_provincial": ("省级示范专业",),
    "model_majors_city": ("市级示范专业",),
    "new_students": ("招生", "招收新生", "新生"),
    "students": ("在校生", "在校学生", "在籍学生", "全日制在校学生", "全日制在校生"),
    "graduates": ("毕业生",),
    "grade_1": ("一年级",),
    "grade_2": ("二年级",),
    "grade_3": ("三年级",),
    "equipment_purchase": ("教学仪器设备购置", "新增教学仪器设备", "设备购置"),
    "staff_total": ("教职工", "教职员工"),
    "full_time": ("专任教师", "专职教师"),
    "foundation": ("公共基础课教师", "文化课教师", "基础课教师"),
    "specialty": ("专业课教师",),
    "dual_qualified": ("双师型", "“双师型”", "双师型教师", "“双师型”教师"),
    "senior_title": ("高级专业技术职务", "高级职称"),
    "postgraduate": ("硕士研究生及以上学历", "硕士及以上学历", "硕士"),
    "part_time": ("兼职教师",),
    "student_teacher_ratio": ("生师比",),
    "employed": ("直接就业", "企事业单位就业"),
    "employed_in_field": ("对口就业",),
    "further_study": ("升学", "对口就业（升学）"),
    "to_bachelor": ("升入本科", "本科院校", "本科"),
    "not_placed": ("未就业",),
    "employment_rate": ("就业率",),
    "in_field_rate": ("对口就业率",),
    "further_study_rate": ("升学率",),
    "starting_salary": ("起薪",),
    "fiscal_appropriation": ("财政拨款",),
    "special_funds": ("专项资金",),
    "capital_construction": ("基本建设投入", "基本建设"),
    "equipment_value": ("教学仪器设备总值", "仪器设备总值", "设备总值"),
    "per_student_appropriation": ("生均财政拨款", "生均拨款"),
    "per_student_equipment": ("生均教学仪器设备值", "生均设备值"),
    "partner_enterprises": ("合作企业", "企业建立了校企合作关系", "企业建立校企合作关系",
                            "企业开展合作"),
    "order_classes": ("订单班",),
    "social_training": ("社会培训", "各项培训", "培训累计"),
    "skill_candidates": ("报考",),
    "x_certificates": ("证书制度试点项目",),
    "x_candidates": ("参加考核",),
    **{f"awards_{level}_students": ("学生获奖", "获奖学生")
       for level in ("national", "provincial", "city", "total")},
    **{f"awards_{level}_entries": ("获奖",) for level in ("national", "provincial", "city", "total")},
    "skill_passed": ("鉴定通过",),
    "satisfaction_students_overall": ("总体满意率", "总体满意度", "在校生满意度", "满意率", "六项合并"),
    "satisfaction_students_life": ("在校学习生活", "学习生活"),
    "satisfaction_students_safety": ("学校安全",),
}

# the columns of 表2 that count answers: their header -> the measure of the survey indicator
SURVEY_COUNT_HEADERS = {words[0]: measure for measure, words in SURVEY_COUNT_WORDS.items()}

# a survey item's words, and a respondent's, name a rate only in a sentence about 满意
SATISFACTION_WORD = "满意"

# phrases whose words name no indicator, though they hold an indicator's word: the numbers
# around them are not that indicator's ("对口升学考试" is no 升学 count)
NOT_INDICATORS = ("对口升学考试", "初中毕业生", "毕业生就业", "毕业生供不应求",
                  "培训效果", "教师培训", "专业教师", "示范专业分别", "专业招生", "省级“双师型”",
                  "市级“双师型”", "省级双师型", "市级双师型")

# a clause with one of these speaks of a part or of another matter (those who applied, were
# hired, took part in a contest): its numbers are no indicator's figure
NOT_THE_WHOLE = ("申报", "申请", "待认定", "选派", "调入", "招聘", "派出", "招收", "参与",
                 "参加了", "获奖", "评委", "改建", "项目总投资", "增加建筑面积", "市赛", "完成")
# so does a sentence about a contest, a pilot or a project (but for the awards' counts)
NOT_THE_WHOLE_SENTENCE = ("竞赛", "大赛", "比赛", "赛项", "试点", "立项")
# a number after one of these, in its sentence, is what was added this year: a change
# ("新建 2500 平米的实训楼", "补充 5 名文化课教师"); without a word for the indicator, the one given
ADDED: dict[str, str | None] = {"新建": "building_area", "补充": None, "购书": "books"}
# the words that name a contest's level (the awards' indicators are by level)
LEVEL_WORDS = {"国家级": ("国家级", "全国"), "省级": ("省级", "省职业院校", "省赛", "全省"),
               "市级": ("市级", "市赛", "市中职学校学生技能")}
# a clause that begins so speaks of the indicator of the clause before ("比上年减少 299 人")
CONTINUES = re.compile(r"^\s*(?:其中)?(?:比上年|较上年|比去年|同比)?\s*(?:增加|减少|增长|下降|提高|"
                       r"降低|上升|占|为|达到|达)?\s*(?:了)?\s*$")
# "省、市级示范专业分别为 4 个、9 个": words naming several indicators, one number each in order
RESPECTIVELY: dict[str, tuple[str, ...]] = {
    "省、市级示范专业": ("model_majors_provincial", "model_majors_city"),
}

# a report's unit word -> (the catalogue's unit, factor to it)
UNITS: dict[str, tuple[str, float]] = {
    "人次": ("人次", 1), "人": ("人", 1), "名": ("人", 1), "位": ("人", 1),
    "所": ("所", 1), "个": ("个", 1), "项": ("项", 1), "家": ("家", 1), "户": ("家", 1),
    "万元": ("万元", 1), "元": ("元", 1), "平方米": ("平方米", 1), "平米": ("平方米", 1),
    "㎡": ("平方米", 1), "m²": ("平方米", 1), "册": ("册", 1), "本": ("册", 1),
    "次": ("次", 1), "篇": ("篇", 1), "间": ("间", 1), "台": ("台", 1), "天": ("天", 1),
    "门": ("门", 1), "期": ("期", 1), "班次": ("班次", 1), "批次": ("批次", 1),
    "大类": ("个", 1), "类": ("个", 1),
}
# units the catalogue writes that another spelling of the report means
UNIT_ALIASES = {"人次": ("人", "人次"), "家": ("家", "个"), "∶1": ("∶1",)}
MONEY = {"元": 1.0, "万元": 10_000.0}

# qualifiers: before the number, and after it (with its unit)
BEFORE = {"约": "about", "大约": "about", "近": "near", "将近": "near", "接近": "near",
          "超过": "over", "逾": "over", "多于": "over", "高于": "over", "突破": "over",
          "达到": "reach", "达": "reach", "已达": "reach", "不足": "under", "不到": "under",
          "低于": "under", "少于": "under", "不超过": "at_most", "不高于": "at_most",
          "不低于": "at_least", "不少于": "at_least"}
AFTER = {"以上": "at_least", "及以上": "at_least", "左右": "about", "上下": "about",
         "以下": "at_most", "之多": "reach"}
QUALIFIER_ZH = {"about": "约", "near": "近", "over": "超过", "reach": "达到", "under": "不足",
                "at_most": "以下", "at_least": "以上", "more": "多"}
# "约" and "左右": within this share of the stated value (or its rounding, if that is wider);
# "近": up to the stated value and at most this share below it
ABOUT = 0.05

# changes over the previous year
UP = ("增加", "增长", "提高", "上升", "增")
DOWN = ("减少", "下降", "降低", "锐减", "减")
CHANGE_BASE = re.compile(r"(?:比|较|与)(?:上年|上一年|去年|\s*\d{4}\s*年)|同比")
POINTS = "个百分点"

# a number preceded by one of these is an ordinal, a caption, a level, not a figure
NOT_FIGURE_BEFORE = ("第", "图", "表", "挑战", "附件", "序号", "编号", "号", "No.", "教育部", "-", "—",
                     "～", "~")
# "生均" before a number: the figure per student of the indicator named before it
PER_STUDENT = "生均"
# "占专业课教师的 54.02%": a share of the indicator named before, the words after 占 its whole
SHARE = "占"
NOT_FIGURE_AFTER = ("年", "月", "日", "号", "届", "等奖", "级", "期间", "时", "点", "岁", "楼",
                    "寸", "M", "G", "%以", "-")


@dataclass(frozen=True)
class Term:
    word: str
    keys: tuple[str, ...]


def _label_words(label: str) -> list[str]:
    """A catalogue label as reports write it: no quotes, no 其中, no parenthesis, no 数."""
    word = re.sub(r"（[^）]*）", "", label.replace("“", "").replace("”", ""))
    word = word.removeprefix("其中：")
    words = [word]
    for suffix in ("人数", "数"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            words.append(word[: -len(suffix)])
            break
    return words


@lru_cache(maxsize=4)
def _terms(catalogue_id: int) -> tuple[Term, ...]:
    del catalogue_id
    by_word: dict[str, list[str]] = {}
    for item in INDICATORS:
        if isinstance(item.source, Survey) and item.source.measure != "rate":
            continue
        words = [*_label_words(item.zh), *SYNONYMS.get(item.key, ())]
        if isinstance(item.source, Survey) and item.source.item is not None:
            item_word = item.source.item
            respondent = item.source.respondent
            words += [item_word] if item_word in ITEM_KEYS and item_word != "总体" else [
                respondent, f"{respondent}满意", f"{respondent}满意率", f"{respondent}满意度"]
        for word in words:
            keys = by_word.setdefault(word, [])
            if item.key not in keys:
                keys.append(item.key)
    terms = [Term(word, tuple(keys)) for word, keys in by_word.items() if len(word) >= 2]
    return tuple(sorted(terms, key=lambda term: -len(term.word)))


def terms() -> tuple[Term, ...]:
    """Every indicator word, longest first (the catalogue in force: a test may extend it)."""
    return _terms(id(INDICATORS))


def per_student_of(key: str) -> str | None:
    """The figure per student of ``key`` (equipment_value → per_student_equipment)."""
    for item in views().all:
        source = item.source
        if isinstance(source, Formula) and source.numerator == (key,) \
                and source.denominator == "students":
            return item.key
    return None


def rate_of(key: str) -> str | None:
    """The rate whose formula has ``key`` alone on top (dual_qualified → dual_ratio)."""
    for item in views().all:
        source = item.source
        if isinstance(source, Formula) and source.factor == 100.0 and source.numerator == (key,):
            return item.key
    return None


def is_satisfaction(key: str) -> bool:
    return isinstance(views().by_key[key].source, Survey)


def award_level(key: str) -> str | bool | None:
    """The level of an award indicator (None: every level); False for another indicator."""
    source = views().by_key[key].source
    return source.level if isinstance(source, Awards) else False
