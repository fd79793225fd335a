"""The indicator catalogue: every figure vetstat reports, declared once.

An indicator is one number about a school or a city: its flat key (an ASCII identifier, usable
as a template placeholder), Chinese and English label, unit, decimals, the part of the report
it belongs to, the bounds a plausible school value keeps, where it comes from (a contract
field summed over schools, a sum over majors, a formula over other indicators, the pooled
survey, the awards, a count), and where it is shown or watched: 表1 and 分校明细, 表2, the
year diff, the year-on-year rule Y001, the city-median rule X905.

A field's words live in the contract (:mod:`vetstat.core.contract`); an indicator made from a
field takes them from there.  Everything else that shows, compares or computes an indicator —
the city tables, the diff, both workbooks, the figures of a school and a city, the rules —
reads this module.  Adding an indicator is adding one entry to :data:`INDICATORS` (and, for a
new kind of source, teaching :mod:`vetstat.figures` to compute it).
"""

from __future__ import annotations

from dataclasses import dataclass

from vetstat.core.contract import (
    AWARD_LEVELS,
    ITEM_EN,
    ITEM_KEYS,
    LEVEL_KEYS,
    OVERALL_ITEM,
    RESPONDENT_KEYS,
    RESPONDENTS,
    SHEET_BY_KEY,
    STUDENT_ITEMS,
    Kind,
)
from vetstat.core.indicator_model import Awards as Awards
from vetstat.core.indicator_model import Counted as Counted
from vetstat.core.indicator_model import Formula as Formula
from vetstat.core.indicator_model import FromField as FromField
from vetstat.core.indicator_model import FromMajors as FromMajors
from vetstat.core.indicator_model import Indicator as Indicator
from vetstat.core.indicator_model import Measure as Measure
from vetstat.core.indicator_model import Source as Source
from vetstat.core.indicator_model import Survey as Survey
from vetstat.core.indicator_model import WeightedMean as WeightedMean

# --- building the catalogue -----------------------------------------------------------------

PERCENT = (0.0, 100.0)


def from_field(sheet: str, key: str, *, part_of: str | None = None, watched: bool = False,
          bounds: tuple[float | None, float | None] = (0, None)) -> Indicator:
    """An indicator that is a contract field, in the field's words."""
    spec = SHEET_BY_KEY[sheet].field(key)
    measure = Measure.COUNT if spec.kind is Kind.COUNT else Measure.AMOUNT
    return Indicator(key, spec.label.removeprefix("其中："), spec.en, spec.unit, measure,
                     FromField(sheet, key), sheet, part_of=part_of, bounds=bounds,
                     cell_field=key, watched=watched)


def majors_sum(key: str, zh: str, *, watched: bool = False) -> Indicator:
    """A column of 专业与学生 summed over majors (an issue points at the column's header)."""
    spec = SHEET_BY_KEY["enrollment"].field(key)
    return Indicator(key, zh, spec.en, spec.unit, Measure.COUNT, FromMajors(key), "enrollment",
                     cell_field=key, watched=watched)


def survey_key(respondent: str, item: str | None, measure: str = "rate") -> str:
    """``satisfaction_students_major`` (a rate), ``satisfaction_students_major_samples`` (a
    count); ``item`` None is the six 在校生 items pooled (``satisfaction_students_overall``)."""
    name = "overall" if item is None else ITEM_KEYS[item]
    key = f"satisfaction_{RESPONDENT_KEYS[respondent]}_{name}"
    return key if measure == "rate" else f"{key}_{measure}"


def award_key(level: str | None, measure: str) -> str:
    """``awards_national_entries``; ``level`` None is every level (``awards_total_…``)."""
    return f"awards_{'total' if level is None else LEVEL_KEYS[level]}_{measure}"


# the (respondent, item) slots of 表2, in its order: six items of 在校生, the others' 总体
SURVEY_SLOTS: tuple[tuple[str, str], ...] = (
    *(("在校生", item) for item in STUDENT_ITEMS),
    *((respondent, OVERALL_ITEM) for respondent in RESPONDENTS if respondent != "在校生"),
)
SURVEY_COUNTS = ("samples", "very_satisfied", "satisfied", "dissatisfied")
SURVEY_COUNT_WORDS = {"samples": ("有效样本数", "samples"), "very_satisfied": ("非常满意", "very satisfied"),
                      "satisfied": ("基本满意", "satisfied"), "dissatisfied": ("不满意", "dissatisfied")}
AWARD_MEASURES = ("entries", "students")


def _survey(respondent: str, item: str | None) -> list[Indicator]:
    """The rate of one slot of 表2 (a row of 表1) and its four counts (in 表2 only)."""
    if item is None:
        zh, en, alias = "在校生满意度（六项合并）", "student satisfaction (six items pooled)", None
        watched = True
    elif item == OVERALL_ITEM:
        zh, en = f"{respondent}满意度", f"satisfaction of {RESPONDENT_KEYS[respondent]}"
        alias, watched = f"satisfaction.{respondent}.{item}", False
    else:
        zh, en = f"在校生满意度：{item}", f"student satisfaction: {ITEM_EN[item]}"
        alias, watched = f"satisfaction.{respondent}.{item}", False
    rate = Indicator(survey_key(respondent, item), zh, en, "%", Measure.RATE,
                     Survey(respondent, item, "rate"), "satisfaction", bounds=PERCENT,
                     table2=True, watched=watched, alias=alias)
    counts = [
        Indicator(survey_key(respondent, item, measure), f"{zh}：{words[0]}",
                  f"{en}: {words[1]}", "人", Measure.COUNT, Survey(respondent, item, measure),
                  "satisfaction", table1=False, table2=True, compared=False)
        for measure, words in SURVEY_COUNT_WORDS.items()
    ]
    return [rate, *counts]


def _awards(level: str | None) -> list[Indicator]:
    if level is None:
        zh, en, entries_alias, students_alias = "合计", "all levels", "award_entries", "award_students"
    else:
        zh, en = level, LEVEL_KEYS[level]  # the ASCII names are the English words
        entries_alias, students_alias = f"award_entries.{level}", None
    return [
        Indicator(award_key(level, "entries"), f"技能大赛获奖项数（{zh}）",
                  f"contest awards, {en} (entries)", "项", Measure.COUNT, Awards(level, "entries"),
                  "awards", alias=entries_alias),
        Indicator(award_key(level, "students"), f"技能大赛获奖学生人次（{zh}）",
                  f"contest awards, {en} (students)", "人次", Measure.COUNT,
                  Awards(level, "students"), "awards", compared=level is None,
                  alias=students_alias),
    ]


# 学生素质 (template version 2): (key, Chinese, English, numerator, denominator, cell)
ATTAINMENT_RATES = (
    ("culture_pass_rate", "文化课合格率", "foundation-course pass rate", "culture_passed",
     "culture_candidates"),
    ("skill_pass_rate", "专业技能合格率", "skill test pass rate", "skill_test_passed",
     "skill_test_candidates"),
    ("fitness_pass_rate", "体质测评合格率", "fitness test pass rate", "fitness_passed",
     "fitness_candidates"),
    ("graduation_rate", "毕业率", "graduation rate", "graduates", "graduation_due"),
    ("dual_certificate_rate", "双证书获取率", "dual-certificate rate", "dual_certificate",
     "graduates"),
    ("retention_grade_1", "一年级巩固率", "first-year retention rate", "grade_1_end", "grade_1"),
    ("retention_grade_2", "二年级巩固率", "second-year retention rate", "grade_2_end", "grade_2"),
    ("retention_grade_3", "三年级巩固率", "third-year retention rate", "grade_3_end", "grade_3"),
    ("retention_3y", "三年巩固率", "three-year retention rate", "grade_3_end", "cohort_entry"),
)
# the part each count of 学生素质 is of (表1 shows it as "其中：")
ATTAINMENT_PARTS = {"culture_passed": "culture_candidates",
                    "skill_test_passed": "skill_test_candidates",
                    "fitness_passed": "fitness_candidates"}
STUDENT_COUNT = (0, 20_000)  # a plausible school's count of students


def _attainment() -> list[Indicator]:
    """学生素质: its counts, then the rates over them (合格率, 毕业率, 双证书, 巩固率)."""
    sheet = SHEET_BY_KEY["attainment"]
    found = [from_field("attainment", spec.key, part_of=ATTAINMENT_PARTS.get(spec.key),
                        bounds=STUDENT_COUNT)
             for spec in sheet.fields if spec.kind is Kind.COUNT]
    for key, zh, en, top, bottom in ATTAINMENT_RATES:
        # a retention rate above 100 means students transferred in (P104 asks for a note)
        bounds = (0.0, 150.0) if key.startswith("retention") else PERCENT
        cell = top if top in sheet.field_map else bottom
        found.append(Indicator(key, zh, en, "%", Measure.RATE,
                               Formula((top,), bottom, 100.0), "attainment", bounds=bounds,
                               cell_field=cell, watched=True))
    return found


def _catalogue() -> tuple[Indicator, ...]:
    count, ratio, rate = Measure.COUNT, Measure.RATIO, Measure.RATE
    per_student = (0.0, None)
    found: list[Indicator] = [
        # 基本情况
        Indicator("schools", "学校数", "schools", "所", count, Counted("学校"), None),
        Indicator("schools_city_run", "市直属学校", "city-run schools", "所", count,
                  Counted("隶属关系为市直属的学校"), None, part_of="schools"),
        Indicator("schools_county", "县（市、区）属学校", "county schools", "所", count,
                  Counted("隶属关系为县（市、区）属的学校"), None, part_of="schools"),
        # 学校信息
        from_field("school", "land_area", watched=True),
        from_field("school", "building_area", watched=True),
        from_field("school", "books", watched=True),
        Indicator("land_area_per_student", "生均占地面积", "land area per student", "平方米", ratio,
                  Formula(("land_area",), "students"), "school", bounds=per_student),
        Indicator("building_area_per_student", "生均校舍建筑面积", "floor area per student", "平方米",
                  ratio, Formula(("building_area",), "students"), "school", bounds=per_student),
        Indicator("books_per_student", "生均纸质图书", "books per student", "册", ratio,
                  Formula(("books",), "students"), "school", bounds=per_student),
        # 专业与学生
        Indicator("majors", "专业数（按专业代码去重）", "majors (distinct codes)", "个", count,
                  Counted("不同的专业代码", additive=False), "enrollment"),
        Indicator("categories", "专业大类数", "major categories", "个", count,
                  Counted("不同的专业大类（专业代码前两位）", additive=False), "enrollment"),
        Indicator("model_majors_provincial", "省级示范专业", "provincial model majors", "个", count,
                  Counted("示范专业为省级的专业行"), "enrollment"),
        Indicator("model_majors_city", "市级示范专业", "city model majors", "个", count,
                  Counted("示范专业为市级的专业行"), "enrollment"),
        majors_sum("new_students", "招生数", watched=True),
        majors_sum("grade_1", "一年级在校生", watched=True),
        majors_sum("grade_2", "二年级在校生", watched=True),
        majors_sum("grade_3", "三年级在校生", watched=True),
        majors_sum("students", "在校生数", watched=True),
        majors_sum("graduates", "毕业生数", watched=True),
        # 教师队伍
        from_field("teachers", "staff_total", watched=True),
        from_field("teachers", "full_time", watched=True),
        from_field("teachers", "foundation", part_of="full_time"),
        from_field("teachers", "specialty", part_of="full_time"),
        from_field("teachers", "dual_qualified", part_of="specialty", watched=True),
        from_field("teachers", "senior_title"),
        from_field("teachers", "postgraduate"),
        from_field("teachers", "part_time"),
        from_field("teachers", "bachelor", bounds=(0, 2_000)),
        from_field("teachers", "below_bachelor", bounds=(0, 2_000)),
        from_field("teachers", "middle_title", bounds=(0, 2_000)),
        from_field("teachers", "junior_title", bounds=(0, 2_000)),
        from_field("teachers", "untitled", bounds=(0, 2_000)),
        Indicator("student_teacher_ratio", "生师比", "student-teacher ratio", "∶1", ratio,
                  Formula(("students",), "full_time"), "teachers", bounds=(0, 100),
                  cell_field="full_time", outlier=True),
        Indicator("dual_ratio", "“双师型”教师占专业课教师比例",
                  "dual-qualified share of specialty teachers", "%", rate,
                  Formula(("dual_qualified",), "specialty", 100.0), "teachers", bounds=PERCENT,
                  cell_field="dual_qualified", watched=True),
        Indicator("senior_title_ratio", "高级职称专任教师比例",
                  "senior-title share of full-time teachers", "%", rate,
                  Formula(("senior_title",), "full_time", 100.0), "teachers", bounds=PERCENT,
                  cell_field="senior_title", watched=True),
        Indicator("postgraduate_ratio", "硕士及以上学历专任教师比例",
                  "postgraduate share of full-time teachers", "%", rate,
                  Formula(("postgraduate",), "full_time", 100.0), "teachers", bounds=PERCENT,
                  cell_field="postgraduate", watched=True),
        Indicator("specialty_ratio", "专业课教师占专任教师比例", "specialty share of full-time teachers",
                  "%", rate, Formula(("specialty",), "full_time", 100.0), "teachers",
                  bounds=PERCENT, cell_field="specialty", watched=True),
        Indicator("bachelor_or_above_ratio", "本科以上学历专任教师比例",
                  "share of full-time teachers with a bachelor's degree or above", "%", rate,
                  Formula(("postgraduate", "bachelor"), "full_time", 100.0), "teachers",
                  bounds=PERCENT, cell_field="bachelor", watched=True),
        Indicator("part_time_ratio", "兼职教师占专任教师比例",
                  "part-time teachers per full-time teacher", "%", rate,
                  Formula(("part_time",), "full_time", 100.0), "teachers", bounds=(0, 200),
                  cell_field="part_time", watched=True),
        # 就业与升学
        # the same people as 毕业生数 of 专业与学生 (J4xx check it): one row of 表1 is enough
        Indicator("employment_graduates", "毕业生数（就业与升学）", "graduates (employment sheet)", "人",
                  count, FromField("employment", "graduates"), "employment",
                  cell_field="graduates", table1=False),
        from_field("employment", "employed"),
        from_field("employment", "employed_in_field", part_of="employed"),
        from_field("employment", "self_employed", part_of="employed", bounds=(0, 5_000)),
        *(from_field("employment", key, bounds=(0, 5_000)) for key in
          ("to_enterprise", "to_government", "to_self_run", "to_military", "to_other")),
        from_field("employment", "further_study"),
        from_field("employment", "to_bachelor", part_of="further_study"),
        from_field("employment", "study_vocational_exam", bounds=(0, 5_000)),
        from_field("employment", "study_general", bounds=(0, 5_000)),
        from_field("employment", "not_placed"),
        Indicator("starting_salary", "初次就业月平均起薪", "average starting salary", "元",
                  Measure.AMOUNT, WeightedMean("starting_salary", "employed"), "employment",
                  bounds=(500, 50_000), cell_field="starting_salary"),
        Indicator("employment_rate", "就业率", "employment rate", "%", rate,
                  Formula(("employed", "further_study"), "employment_graduates", 100.0),
                  "employment", bounds=PERCENT, cell_field="employed", watched=True,
                  outlier=True),
        Indicator("in_field_rate", "对口就业率", "in-field employment rate", "%", rate,
                  Formula(("employed_in_field",), "employed", 100.0), "employment",
                  bounds=PERCENT, cell_field="employed_in_field", watched=True),
        Indicator("further_study_rate", "升学率", "further-study rate", "%", rate,
                  Formula(("further_study",), "employment_graduates", 100.0), "employment",
                  bounds=PERCENT, cell_field="further_study", watched=True),
        Indicator("self_employment_rate", "自主创业率", "self-employment rate", "%", rate,
                  Formula(("self_employed",), "employment_graduates", 100.0), "employment",
                  bounds=PERCENT, cell_field="self_employed", watched=True),
        # 经费投入
        from_field("funding", "fiscal_appropriation", watched=True),
        from_field("funding", "special_funds"),
        from_field("funding", "capital_construction"),
        from_field("funding", "equipment_purchase"),
        from_field("funding", "equipment_value", watched=True),
        Indicator("per_student_appropriation", "生均财政拨款", "appropriation per student", "元",
                  ratio, Formula(("fiscal_appropriation",), "students", 10000.0), "funding",
                  bounds=per_student, cell_field="fiscal_appropriation", outlier=True),
        Indicator("per_student_equipment", "生均教学仪器设备值", "equipment value per student", "元",
                  ratio, Formula(("equipment_value",), "students", 10000.0), "funding",
                  bounds=per_student),
    ]
    found += _attainment()
    # 满意度调查: the six 在校生 items pooled, then each slot of 表2
    found += _survey("在校生", None)
    for respondent, item in SURVEY_SLOTS:
        found += _survey(respondent, item)
    # 技能大赛
    for level in (*AWARD_LEVELS, None):
        found += _awards(level)
    # 服务贡献
    found += [from_field("services", key) for key in
              ("partner_enterprises", "order_classes", "social_training", "x_certificates",
               "x_candidates", "x_passed", "skill_candidates", "skill_passed")]
    return tuple(found)


INDICATORS: tuple[Indicator, ...] = _catalogue()


@dataclass(frozen=True)
class Views:
    """The catalogue as each reader needs it, made once per catalogue."""

    all: tuple[Indicator, ...]
    by_key: dict[str, Indicator]
    table1: tuple[Indicator, ...]
    compared: tuple[Indicator, ...]
    # (key, sheet, field) of the indicators read from a form field
    fields: tuple[tuple[str, str, str], ...]
    # (key, field) of the indicators summed over the majors of 专业与学生
    majors_sums: tuple[tuple[str, str], ...]
    formulas: tuple[tuple[str, Formula], ...]
    additive: tuple[str, ...]
    # (sheet, field) of the cells the rules across schools and years point at (Y001, X905)
    cells: tuple[tuple[str, str], ...]
    # the template version whose fields an indicator needs (1: every workbook has them)
    since: dict[str, int]

    def formulas_since(self, version: int) -> list[tuple[Indicator, Formula]]:
        """The indicators computed by a formula that need the fields of ``version``."""
        return [(self.by_key[key], formula) for key, formula in self.formulas
                if self.since[key] == version]


_VIEWS: list[Views] = []


def views() -> Views:
    """The views of the catalogue in force (remade when a test extends :data:`INDICATORS`)."""
    if _VIEWS and _VIEWS[0].all is INDICATORS:
        return _VIEWS[0]
    made = _make_views(INDICATORS)
    _VIEWS[:] = [made]
    return made


def _make_views(catalogue: tuple[Indicator, ...]) -> Views:
    by_key: dict[str, Indicator] = {}
    for item in catalogue:
        if item.key in by_key:
            raise ValueError(f"indicator {item.key} declared twice")
        if not item.key.isascii() or not item.key.isidentifier():
            raise ValueError(f"indicator key {item.key!r} is not an ASCII identifier")
        by_key[item.key] = item
        if item.outlier and (item.sheet is None or item.cell_field is None):
            raise ValueError(f"indicator {item.key}: X905 needs the cell an issue points at")
        if item.part_of is not None and item.part_of not in by_key:
            raise ValueError(f"indicator {item.key} is part of {item.part_of}, declared after it")
    # a formula is computed from a school's totals: its parts must be summed figures
    summed = {i.key for i in catalogue if isinstance(i.source, FromField | FromMajors)}
    for item in catalogue:
        if isinstance(item.source, Formula):
            unknown = {*item.source.numerator, item.source.denominator} - summed
            if unknown:
                raise ValueError(f"indicator {item.key}: a formula over {sorted(unknown)}, "
                                 "which are not summed figures")
    return Views(
        all=catalogue,
        by_key=by_key,
        table1=tuple(i for i in catalogue if i.table1),
        compared=tuple(i for i in catalogue if i.compared),
        fields=tuple((i.key, i.source.sheet, i.source.field) for i in catalogue
                     if isinstance(i.source, FromField)),
        majors_sums=tuple((i.key, i.source.field) for i in catalogue
                          if isinstance(i.source, FromMajors)),
        formulas=tuple((i.key, i.source) for i in catalogue if isinstance(i.source, Formula)),
        additive=tuple(i.key for i in catalogue if i.additive),
        since=_since(catalogue, by_key),
        cells=tuple(dict.fromkeys((i.sheet, i.cell_field) for i in catalogue
                                  if (i.watched or i.outlier) and i.sheet is not None
                                  and i.cell_field is not None)),
    )


def _since(catalogue: tuple[Indicator, ...], by_key: dict[str, Indicator]) -> dict[str, int]:
    """The template version each indicator needs: the newest of the fields it is made from."""
    found: dict[str, int] = {}
    for item in catalogue:
        source = item.source
        if isinstance(source, FromField):
            found[item.key] = SHEET_BY_KEY[source.sheet].field(source.field).since
        elif isinstance(source, Formula):
            found[item.key] = max(found.get(part, 1)
                                  for part in (*source.numerator, source.denominator))
        else:
            found[item.key] = 1
    return found


def formula_text(formula: Formula) -> str:
    """A formula in the words of the template: "（a + b）÷ c × 100%"."""
    by_key = views().by_key
    top = " + ".join(by_key[part].zh for part in formula.numerator)
    bottom = by_key[formula.denominator].zh
    text = f"（{top}）÷ {bottom}" if len(formula.numerator) > 1 else f"{top} ÷ {bottom}"
    if formula.factor == 100.0:
        return text + " × 100%"
    return text if formula.factor == 1.0 else f"{text} × {formula.factor:g}"


def indicator(key: str) -> Indicator:
    """The indicator of ``key``; KeyError for a key the catalogue does not hold."""
    return views().by_key[key]
