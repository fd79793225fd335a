"""Two years side by side: the city's and every school's indicators, and the Y rules (§2, §5, §6).

:func:`diff_years` compares two :class:`~vetstat.usecases.aggregate.CityResult` objects.  Schools are
matched on 学校标识码, and on the school name only when the code does not match (Y006).  Each
indicator gets its old and new value, the change, and the change in percent — for rates (values
already in percent) the change in percentage points instead, said by ``change_pct_unit``.

Which indicators Y001 checks (:data:`CHECKED_COUNTS`, :data:`CHECKED_RATES`): the stock and flow
figures a school reports the same way every year and that a slip (万元 typed as 元, a grade left
out, last year's sheet sent again) moves a lot — students, new students, graduates, staff,
full-time and 双师型 teachers, land, buildings, books, the fiscal appropriation and the equipment
value — and the rates of §1.3–1.4 plus the pooled 在校生 satisfaction.  Figures that are lumpy by
nature (construction, special funds, new equipment, trainings, awards), small subsets and the
ratios derived from checked parts are shown but not flagged.

The cohort checks (Y004, Y005) compare this year's grade with last year's grade below it, which
means something only for consecutive years; for other pairs they are skipped and Y007 says so.

An issue about a school names the new year's file of that school (the old year's for a school
that is gone), its sheet and field, and the cell where the summary kept it; an issue about the
city names the new side as given.  Besides the Y rules, the comparison carries what makes a side
incomplete or unreliable: the issues of files that could not be read and the cross-school errors
(X901 duplicate codes, X902 another year, X904); the schools' own findings stay with
``validate`` and ``aggregate``.  Y003 only lists: its entries (severity ``info``) are kept
apart from the issues, in ``YearDiff.listed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from vetstat.core.config import Config
from vetstat.core.contract import AWARD_LEVELS, RESPONDENTS, SHEET_BY_KEY, SURVEY_ITEMS
from vetstat.core.issues import Issue, Lang, plain, show, sort_key
from vetstat.figures.summary import RATE_KEYS, SUMMED, MajorFigures, SchoolSummary
from vetstat.outputs.render import Column, Table, issue_table
from vetstat.reading.values import normalize
from vetstat.usecases.aggregate import CityResult, city_figures

# what to look at first: money, rates, everything else
Y001_HINTS = {
    "money": ("两年的单位是否一致：万元，不是元", "the same unit in both years: 万元, not 元"),
    "rate": ("计算该比例的人数是否填对", "the counts the rate is computed from"),
    "other": ("是否漏报、重复，或误用了上一年的表", "nothing left out or counted twice, not last "
              "year's sheet sent again"),
}

# --- indicators ----------------------------------------------------------------------------------

Kind = Literal["count", "amount", "ratio", "rate"]
TOLERANCE = 1e-9  # a change of exactly the threshold is not "more than" it


@dataclass(frozen=True)
class Indicator:
    """How an indicator is labelled and compared."""

    key: str
    zh: str
    en: str
    unit: str
    kind: Kind
    sheet: str | None  # the sheet key where a school would correct it

    @property
    def rate(self) -> bool:
        """A percentage: compared in percentage points."""
        return self.kind == "rate"

    def label(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en


CHECKED_COUNTS = ("students", "new_students", "graduates", "staff_total", "full_time",
                  "dual_qualified", "land_area", "building_area", "books",
                  "fiscal_appropriation", "equipment_value")
CHECKED_RATES = (*sorted(RATE_KEYS), "satisfaction_students_overall")

_EN = {
    "land_area": "campus land area", "building_area": "building floor area",
    "books": "printed books", "staff_total": "staff", "full_time": "full-time teachers",
    "foundation": "foundation-course teachers", "specialty": "specialty teachers",
    "dual_qualified": "dual-qualified teachers", "senior_title": "teachers with senior titles",
    "postgraduate": "teachers with a master's degree or above",
    "part_time": "part-time teachers from industry", "employed": "graduates employed",
    "employed_in_field": "employed in their field", "further_study": "graduates in further study",
    "to_bachelor": "of whom to bachelor programmes", "not_placed": "graduates not placed",
    "fiscal_appropriation": "fiscal appropriation", "special_funds": "central and provincial special funds",
    "capital_construction": "capital construction", "equipment_purchase": "equipment bought this year",
    "equipment_value": "teaching equipment value", "partner_enterprises": "partner enterprises",
    "order_classes": "order classes", "social_training": "social training (person-times)",
    "x_certificates": "1+X certificate pilots", "x_candidates": "1+X candidates",
    "x_passed": "1+X passed", "skill_candidates": "skill appraisal candidates",
    "skill_passed": "skill appraisal passed",
}

# (key, zh, en, unit, kind, sheet) of the indicators that are not a form field of §1
_DERIVED: tuple[tuple[str, str, str, str, Kind, str | None], ...] = (
    ("schools", "学校数", "schools", "所", "count", None),
    ("schools_city_run", "市直属学校数", "city-run schools", "所", "count", None),
    ("schools_county", "县（市、区）属学校数", "county schools", "所", "count", None),
    ("new_students", "招生数", "new students", "人", "count", "enrollment"),
    ("grade_1", "一年级在校生", "first-year students", "人", "count", "enrollment"),
    ("grade_2", "二年级在校生", "second-year students", "人", "count", "enrollment"),
    ("grade_3", "三年级在校生", "third-year students", "人", "count", "enrollment"),
    ("students", "在校生数", "students", "人", "count", "enrollment"),
    ("graduates", "毕业生数", "graduates", "人", "count", "enrollment"),
    ("employment_graduates", "毕业生数（就业与升学）", "graduates (employment sheet)", "人", "count",
     "employment"),
    ("majors", "专业数", "majors", "个", "count", "enrollment"),
    ("categories", "专业大类数", "major categories", "个", "count", "enrollment"),
    ("model_majors_provincial", "省级示范专业", "provincial model majors", "个", "count", "enrollment"),
    ("model_majors_city", "市级示范专业", "city model majors", "个", "count", "enrollment"),
    ("student_teacher_ratio", "生师比", "student-teacher ratio", "", "ratio", "teachers"),
    ("dual_ratio", "“双师型”教师占专业课教师比例", "dual-qualified share of specialty teachers", "%",
     "rate", "teachers"),
    ("senior_title_ratio", "高级职称专任教师比例", "full-time teachers with senior titles", "%", "rate",
     "teachers"),
    ("postgraduate_ratio", "硕士及以上学历专任教师比例", "full-time teachers with a master's or above",
     "%", "rate", "teachers"),
    ("specialty_ratio", "专业课教师占专任教师比例", "specialty share of full-time teachers", "%", "rate",
     "teachers"),
    ("employment_rate", "就业率", "employment rate", "%", "rate", "employment"),
    ("in_field_rate", "对口就业率", "in-field employment rate", "%", "rate", "employment"),
    ("further_study_rate", "升学率", "further-study rate", "%", "rate", "employment"),
    ("starting_salary", "初次就业月平均起薪", "average starting salary", "元", "amount", "employment"),
    ("per_student_appropriation", "生均财政拨款", "appropriation per student", "元", "ratio",
     "funding"),
    ("per_student_equipment", "生均教学仪器设备值", "equipment value per student", "元", "ratio",
     "funding"),
    ("land_area_per_student", "生均占地面积", "land area per student", "平方米", "ratio", "school"),
    ("building_area_per_student", "生均校舍建筑面积", "floor area per student", "平方米", "ratio",
     "school"),
    ("books_per_student", "生均纸质图书", "books per student", "册", "ratio", "school"),
    ("satisfaction_students_overall", "在校生满意度（六项合计）", "student satisfaction (six items pooled)",
     "%", "rate", "satisfaction"),
    ("award_entries", "技能大赛获奖项数", "contest awards (entries)", "项", "count", "awards"),
    ("award_students", "技能大赛获奖学生人次", "contest awards (students)", "人次", "count", "awards"),
)

SATISFACTION_PREFIX = "satisfaction."
AWARDS_PREFIX = "award_entries."


def _catalogue() -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for sheet_key, key in SUMMED:
        spec = SHEET_BY_KEY[sheet_key].field(key)
        kind: Kind = "count" if spec.kind.value == "count" else "amount"
        found[key] = Indicator(key, spec.label.removeprefix("其中："), _EN.get(key, key), spec.unit,
                               kind, sheet_key)
    derived = {row[0]: Indicator(*row) for row in _DERIVED}
    ordered: dict[str, Indicator] = {}
    # the order of the city report: schools, students, teachers, employment, money, the rest
    for key in ("schools", "schools_city_run", "schools_county", "new_students", "grade_1",
                "grade_2", "grade_3", "students", "graduates", "majors", "categories",
                "model_majors_provincial", "model_majors_city"):
        ordered[key] = derived.pop(key)
    for key in ("land_area", "building_area", "books"):
        ordered[key] = found.pop(key)
    for key in ("land_area_per_student", "building_area_per_student", "books_per_student"):
        ordered[key] = derived.pop(key)
    for prefix_sheet, derived_keys in (
        ("teachers", ("student_teacher_ratio", "dual_ratio", "senior_title_ratio",
                      "postgraduate_ratio", "specialty_ratio")),
        ("employment", ("employment_graduates", "employment_rate", "in_field_rate",
                        "further_study_rate", "starting_salary")),
        ("funding", ("per_student_appropriation", "per_student_equipment")),
    ):
        for key in [k for k, v in found.items() if v.sheet == prefix_sheet]:
            ordered[key] = found.pop(key)
        for key in derived_keys:
            ordered[key] = derived.pop(key)
    ordered.update(found)
    ordered.update(derived)
    return ordered


INDICATORS: dict[str, Indicator] = _catalogue()
_ORDER = {key: index for index, key in enumerate(INDICATORS)}


def indicator(key: str) -> Indicator:
    """The indicator of ``key``, including the per-object satisfaction rates and award levels."""
    known = INDICATORS.get(key)
    if known is not None:
        return known
    if key.startswith(SATISFACTION_PREFIX):
        respondent, _, item = key.removeprefix(SATISFACTION_PREFIX).partition(".")
        return Indicator(key, f"满意度：{respondent}·{item}", f"satisfaction: {respondent} / {item}",
                         "%", "rate", "satisfaction")
    if key.startswith(AWARDS_PREFIX):
        level = key.removeprefix(AWARDS_PREFIX)
        return Indicator(key, f"技能大赛获奖项数（{level}）", f"contest awards ({level})", "项",
                         "count", "awards")
    # a figure added to the city tables later: shown under its key, compared as an amount
    return Indicator(key, key, key, "", "amount", None)


def _order_key(key: str) -> tuple[int, int, int, str]:
    if key in _ORDER:
        return (0, _ORDER[key], 0, key)
    if key.startswith(SATISFACTION_PREFIX):
        respondent, _, item = key.removeprefix(SATISFACTION_PREFIX).partition(".")
        return (1, _position(RESPONDENTS, respondent), _position(SURVEY_ITEMS, item), key)
    if key.startswith(AWARDS_PREFIX):
        return (2, _position(AWARD_LEVELS, key.removeprefix(AWARDS_PREFIX)), 0, key)
    return (3, 0, 0, key)


def _position(values: Sequence[str], value: str) -> int:
    return values.index(value) if value in values else len(values)


def flatten(figures: dict[str, Any]) -> dict[str, float | None]:
    """The figures of ``city_figures`` as one level of comparable numbers (rates in percent)."""
    flat: dict[str, float | None] = {}
    for key, value in figures.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float) or (value is None and key != "satisfaction_students_overall"):
            flat[key] = value
    overall = figures.get("satisfaction_students_overall")
    flat["satisfaction_students_overall"] = overall.get("rate") if isinstance(overall, dict) else None
    for respondent, items in (figures.get("satisfaction") or {}).items():
        for item, entry in items.items():
            flat[f"{SATISFACTION_PREFIX}{respondent}.{item}"] = entry.get("rate")
    entries = students = 0
    for level, prizes in (figures.get("awards") or {}).items():
        level_entries = sum(p["entries"] for p in prizes.values())
        flat[f"{AWARDS_PREFIX}{level}"] = level_entries
        entries += level_entries
        students += sum(p["students"] for p in prizes.values())
    flat["award_entries"] = entries
    flat["award_students"] = students
    return flat


# --- the result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One indicator in two years."""

    old: float | None
    new: float | None
    rate: bool  # True: change_pct is in percentage points
    flagged: bool = False

    @property
    def change(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        # 5136.65 − 4272.8 is 863.85, not 863.8499999999995
        return round(self.new - self.old, 9)

    @property
    def change_pct(self) -> float | None:
        """The change in percent of the old value; for rates the change in percentage points."""
        change = self.change
        if change is None:
            return None
        if self.rate:
            return change
        if not self.old:
            return None  # from nothing: no percentage
        return change * 100 / abs(self.old)

    @property
    def unit(self) -> str:
        return "points" if self.rate else "percent"

    def to_dict(self) -> dict[str, Any]:
        return {"old": plain(self.old), "new": plain(self.new), "change": plain(self.change),
                "change_pct": plain(self.change_pct), "change_pct_unit": self.unit,
                "flagged": self.flagged}


Status = Literal["both", "old_only", "new_only"]
MatchedBy = Literal["code", "name"]
Pair = tuple[SchoolSummary | None, SchoolSummary | None, MatchedBy | None]


@dataclass(frozen=True)
class MajorChange:
    """A major opened or closed, at a school or in the city."""

    code: str
    name: str
    old_students: int
    new_students: int
    schools: tuple[str, ...] = ()  # in the city listing: the schools that run(ran) it

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {"code": self.code, "name": self.name,
                                    "old_students": self.old_students,
                                    "new_students": self.new_students}
        if self.schools:
            document["schools"] = list(self.schools)
        return document


@dataclass
class SchoolDiff:
    """One school in two years (or in one of them)."""

    old: SchoolSummary | None
    new: SchoolSummary | None
    indicators: dict[str, Change] = field(default_factory=dict)
    majors_opened: list[MajorChange] = field(default_factory=list)
    majors_closed: list[MajorChange] = field(default_factory=list)
    matched_by: MatchedBy | None = None

    @property
    def status(self) -> Status:
        if self.old is not None and self.new is not None:
            return "both"
        return "old_only" if self.old is not None else "new_only"

    @property
    def current(self) -> SchoolSummary:
        """The newest summary there is."""
        summary = self.new or self.old
        assert summary is not None
        return summary

    @property
    def school_code(self) -> str | None:
        return self.current.school_code

    @property
    def name(self) -> str | None:
        return self.current.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "school_code": self.school_code,
            "name": self.name,
            "old_name": self.old.name if self.old else None,
            "old_school_code": self.old.school_code if self.old else None,
            "old_file": self.old.file if self.old else None,
            "new_file": self.new.file if self.new else None,
            "status": self.status,
            "matched_by": self.matched_by,
            "indicators": {key: change.to_dict() for key, change in self.indicators.items()},
            "majors_opened": [m.to_dict() for m in self.majors_opened],
            "majors_closed": [m.to_dict() for m in self.majors_closed],
        }


@dataclass
class YearDiff:
    """The comparison of two years: city, schools, majors and the issues raised."""

    old_year: int | None
    new_year: int | None
    city: dict[str, Change]
    schools: list[SchoolDiff]
    majors_opened: list[MajorChange]
    majors_closed: list[MajorChange]
    issues: list[Issue]
    old_source: str | None = None
    new_source: str | None = None
    unreadable: list[str] = field(default_factory=list)  # files of either side left out
    listed: list[Issue] = field(default_factory=list)  # Y003: majors opened and closed

    @property
    def complete(self) -> bool:
        """Every file of both sides was read."""
        return not self.unreadable

    @property
    def failed(self) -> bool:
        """The comparison cannot be trusted: a side is incomplete or carries an error."""
        return not self.complete or any(issue.is_error for issue in self.issues)

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        return {
            "old": {"year": self.old_year, "source": self.old_source},
            "new": {"year": self.new_year, "source": self.new_source},
            "city": {key: change.to_dict() for key, change in self.city.items()},
            "schools": [school.to_dict() for school in self.schools],
            "majors": {"opened": [m.to_dict() for m in self.majors_opened],
                       "closed": [m.to_dict() for m in self.majors_closed]},
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "listed": [issue.to_dict(lang) for issue in self.listed],
            "unreadable": list(self.unreadable),
            "complete": self.complete,
        }


# --- comparing -----------------------------------------------------------------------------------


def compare(old: dict[str, float | None], new: dict[str, float | None]) -> dict[str, Change]:
    """Every indicator of either side, in report order."""
    keys = sorted(set(old) | set(new), key=_order_key)
    return {key: Change(old.get(key), new.get(key), indicator(key).rate) for key in keys}


def diff_years(old: CityResult, new: CityResult, config: Config | None = None, *,
               old_source: str | None = None, new_source: str | None = None) -> YearDiff:
    """Compare two years of a city; ``*_source`` name the sides (folder or workbook) in output."""
    config = config or Config()
    thresholds = config.thresholds
    new_label = new_source or (str(new.year) if new.year is not None else "new")
    issues: list[Issue] = []
    listed: list[Issue] = []
    unreadable: list[str] = []
    for side in (old, new):
        unreadable.extend(s.file for s in side.schools if not s.readable)
        # what makes a side incomplete or its matching unreliable comes along (why a file could
        # not be read, duplicate codes, a file of another year); the schools' own findings
        # belong to validate and aggregate
        left_out = {s.file for s in side.schools if not s.readable}
        issues.extend(i for i in side.issues
                      if i.file in left_out or (i.code.startswith("X") and i.is_error))

    city = compare(flatten(old.city()), flatten(new.city()))
    checks = _Checks(thresholds.diff_count_pct, thresholds.diff_rate_points)
    city = checks.flag(city, new_label, None, issues)

    schools = [_school_diff(pair, checks, issues) for pair in match_schools(old.included,
                                                                           new.included)]
    consecutive = old.year is None or new.year is None or new.year == old.year + 1
    if not consecutive:
        issues.append(Issue("Y007", new_label, params={"old_year": old.year,
                                                       "new_year": new.year}))
    for school in schools:
        if school.status != "both":
            issues.append(_y002(school, old.year, new.year))
            continue
        if school.matched_by == "name":
            issues.append(_y006(school, old.year, new.year))
        listed.extend(_y003(school, old.year, new.year))
        if consecutive:
            issues.extend(_cohorts(school, old.year, new.year))
    opened, closed = _city_majors(old.included, new.included)
    issues.sort(key=sort_key)
    listed.sort(key=sort_key)
    return YearDiff(old.year, new.year, city, schools, opened, closed, issues,
                    old_source=old_source, new_source=new_source, unreadable=sorted(unreadable),
                    listed=listed)


@dataclass(frozen=True)
class _Checks:
    count_pct: float
    rate_points: float

    def exceeds(self, key: str, change: Change) -> bool:
        if change.old is None or change.new is None:
            return False
        if key in CHECKED_RATES:
            return abs(change.new - change.old) > self.rate_points + TOLERANCE
        if key in CHECKED_COUNTS:
            if change.old == 0:
                return change.new != 0  # from nothing to something is more than any percent
            return abs(change.new - change.old) * 100 / abs(change.old) > self.count_pct + TOLERANCE
        return False

    def flag(self, changes: dict[str, Change], file: str, school: SchoolSummary | None,
             issues: list[Issue]) -> dict[str, Change]:
        """Mark the changes beyond the thresholds and raise Y001 for each (city: no school)."""
        flagged: dict[str, Change] = {}
        for key, change in changes.items():
            if not self.exceeds(key, change):
                flagged[key] = change
                continue
            flagged[key] = replace(change, flagged=True)
            issues.append(self.y001(key, change, file, school))
        return flagged

    def y001(self, key: str, change: Change, file: str, school: SchoolSummary | None) -> Issue:
        spec = indicator(key)
        delta, pct = change.change, change.change_pct
        assert delta is not None and change.old is not None
        if spec.rate:
            shown_zh = f"{_signed(delta)} 个百分点"
            shown_en = f"{_signed(delta)} percentage points"
            limit, limit_en = f"{show(self.rate_points)} 个百分点", f"{show(self.rate_points)} points"
            expected = f"{_figure(change.old)} ± {show(self.rate_points)} pp"
        elif pct is None:  # from 0: no percentage to give
            shown_zh, shown_en = f"{_signed(delta)}，原为 0", f"{_signed(delta)}, from 0"
            limit, limit_en = f"{show(self.count_pct)}%", f"{show(self.count_pct)}%"
            expected = f"0 ± {show(self.count_pct)}%"
        else:
            shown_zh = f"{_signed(delta)}，{_signed(pct)}%"
            shown_en = f"{_signed(delta)}, {_signed(pct)}%"
            limit, limit_en = f"{show(self.count_pct)}%", f"{show(self.count_pct)}%"
            expected = f"{_figure(change.old)} ± {show(self.count_pct)}%"
        label = spec.label(Lang.ZH)
        hint, hint_en = Y001_HINTS["money" if spec.unit == "万元" else "rate" if spec.rate else "other"]
        label = label if "“" in label else f"“{label}”"
        if school is None:
            scope_zh, scope_text_en = "全市", "the city"
            sheet, cell = (SHEET_BY_KEY[spec.sheet].title if spec.sheet else None), None
        else:
            name = school.name or school.file
            scope_zh, scope_text_en = f"{name}（{school.school_code}）", f"{name} ({school.school_code})"
            sheet, cell = _located_field(school, key, spec.sheet)
        return Issue(
            "Y001", file, sheet=sheet, cell=cell, field=key, value=change.new, expected=expected,
            params={"scope": scope_zh, "scope_en": scope_text_en, "label": label,
                    "label_en": spec.label(Lang.EN), "hint": hint, "hint_en": hint_en,
                    "old": _figure(change.old), "new": _figure(change.new), "change": shown_zh,
                    "change_en": shown_en, "limit": limit, "limit_en": limit_en},
        )


def _figure(value: float | None) -> str:
    """A figure as quoted in a message: at most two decimals."""
    return show(round(value, 2) if isinstance(value, float) else value)


def _located_field(school: SchoolSummary, key: str, sheet_key: str | None
                   ) -> tuple[str | None, str | None]:
    """(sheet, A1 cell) of a field in the school's file, as far as the summary kept it."""
    found = school.cells.get(key)
    if found is not None:
        return found
    return (SHEET_BY_KEY[sheet_key].title if sheet_key else None), None


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:+,.2f}".rstrip("0").rstrip(".")


def match_schools(old: Sequence[SchoolSummary], new: Sequence[SchoolSummary]) -> list[Pair]:
    """Pairs (old, new, matched_by): on 学校标识码 first, then on an unambiguous name."""
    pairs: list[Pair] = []
    by_code: dict[str, list[SchoolSummary]] = {}
    for school in new:
        if school.school_code:
            by_code.setdefault(school.school_code, []).append(school)
    unmatched_old: list[SchoolSummary] = []
    taken: set[int] = set()
    for school in old:
        candidates = [s for s in by_code.get(school.school_code or "", []) if id(s) not in taken]
        if school.school_code and candidates:
            taken.add(id(candidates[0]))
            pairs.append((school, candidates[0], "code"))
        else:
            unmatched_old.append(school)
    unmatched_new = [s for s in new if id(s) not in taken]

    def names(schools: Iterable[SchoolSummary]) -> dict[str, list[SchoolSummary]]:
        found: dict[str, list[SchoolSummary]] = {}
        for school in schools:
            if school.name:
                found.setdefault(normalize(school.name), []).append(school)
        return found

    old_names, new_names = names(unmatched_old), names(unmatched_new)
    for key, olds in old_names.items():
        news = new_names.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0], "name"))
            unmatched_old.remove(olds[0])
            unmatched_new.remove(news[0])
    pairs.extend((school, None, None) for school in unmatched_old)
    pairs.extend((None, school, None) for school in unmatched_new)
    pairs.sort(key=lambda p: _school_order(p[1] or p[0]))
    return pairs


def _school_order(school: SchoolSummary | None) -> tuple[str, str, str]:
    assert school is not None
    return (school.school_code or "~", school.name or "", school.file)


def _figures(school: SchoolSummary | None) -> dict[str, float | None]:
    return flatten(city_figures([school], per_school=True)) if school is not None else {}


def _school_diff(pair: Pair, checks: _Checks, issues: list[Issue]) -> SchoolDiff:
    old, new, matched_by = pair
    result = SchoolDiff(old, new, matched_by=matched_by)
    changes = compare(_figures(old), _figures(new))
    if old is not None and new is not None:
        changes = checks.flag(changes, new.file, new, issues)
        old_majors = {m.code: m for m in old.majors}
        new_majors = {m.code: m for m in new.majors}
        result.majors_opened = [MajorChange(code, m.name, 0, m.students)
                                for code, m in sorted(new_majors.items()) if code not in old_majors]
        result.majors_closed = [MajorChange(code, m.name, m.students, 0)
                                for code, m in sorted(old_majors.items()) if code not in new_majors]
    result.indicators = changes
    return result


def _city_majors(old: Sequence[SchoolSummary], new: Sequence[SchoolSummary]
                 ) -> tuple[list[MajorChange], list[MajorChange]]:
    """Distinct codes of the city that appeared or disappeared (new schools' majors included)."""

    def runs(schools: Sequence[SchoolSummary]) -> dict[str, list[tuple[SchoolSummary, MajorFigures]]]:
        found: dict[str, list[tuple[SchoolSummary, MajorFigures]]] = {}
        for school in schools:
            for major in school.majors:
                found.setdefault(major.code, []).append((school, major))
        return found

    before, after = runs(old), runs(new)

    def listing(code: str, entries: list[tuple[SchoolSummary, MajorFigures]], opened: bool
                ) -> MajorChange:
        students = sum(m.students for _, m in entries)
        schools = tuple(sorted(s.name or s.school_code or s.file for s, _ in entries))
        return MajorChange(code, entries[0][1].name, 0 if opened else students,
                           students if opened else 0, schools)

    opened = [listing(code, after[code], True) for code in sorted(after) if code not in before]
    closed = [listing(code, before[code], False) for code in sorted(before) if code not in after]
    return opened, closed


# --- the Y rules ---------------------------------------------------------------------------------


ENROLLMENT_SHEET = SHEET_BY_KEY["enrollment"].title


def _y002(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Issue:
    present = school.current
    only_old = school.status == "old_only"
    sheet, cell = _located_field(present, "school_code", "school")
    return Issue("Y002", present.file, sheet=sheet, cell=cell, field="school_code",
                 value=present.school_code, params={
                     "school": present.name or present.file,
                     "present_year": old_year if only_old else new_year,
                     "missing_year": new_year if only_old else old_year})


def _y006(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Issue:
    assert school.old is not None and school.new is not None
    sheet, cell = _located_field(school.new, "school_code", "school")
    return Issue("Y006", school.new.file, sheet=sheet, cell=cell, field="school_code",
                 value=school.new.school_code, expected=school.old.school_code or "（空）",
                 params={"school": school.new.name, "old_year": old_year, "new_year": new_year})


def _y003(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Iterable[Issue]:
    new = school.new
    assert new is not None
    for majors, action, action_en in ((school.majors_opened, "新开", "opened"),
                                      (school.majors_closed, "停办", "closed")):
        for major in majors:
            yield Issue("Y003", new.file, sheet=ENROLLMENT_SHEET, field="code",
                        value=major.code, params={
                            "school": new.name, "school_code": new.school_code,
                            "code": major.code, "action": action, "action_en": action_en, "major": major.name,
                            "old_year": old_year, "new_year": new_year,
                            "old_students": major.old_students,
                            "new_students": major.new_students})


GRADES = {"grade_1": ("一年级", "the first grade"), "grade_2": ("二年级", "the second grade"),
          "grade_3": ("三年级", "the third grade")}


def _cohorts(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Iterable[Issue]:
    """Y004 and Y005: nobody is in a grade (or graduates) who was not in the grade below."""
    old, new = school.old, school.new
    assert old is not None and new is not None
    before = {m.code: m for m in old.majors}
    for major in new.majors:
        previous_major = before.get(major.code)
        common = {"school": new.name, "school_code": new.school_code, "code": major.code,
                  "major": major.name, "old_year": old_year, "new_year": new_year,
                  "opened": "（该专业上一年未开设）" if previous_major is None else "",
                  "opened_en": " (the major did not run last year)" if previous_major is None else ""}
        for grade, below in (("grade_2", "grade_1"), ("grade_3", "grade_2")):
            now = getattr(major, grade)
            previous = getattr(previous_major, below) if previous_major else 0
            if now > previous:
                yield Issue("Y004", new.file, sheet=ENROLLMENT_SHEET, field=grade, value=now,
                            expected=f"≤ {previous}", params={
                                **common, "grade": GRADES[grade][0],
                                "grade_en": GRADES[grade][1], "previous": previous,
                                "previous_grade": GRADES[below][0],
                                "previous_grade_en": GRADES[below][1]})
        previous = previous_major.grade_3 if previous_major else 0
        if major.graduates > previous:
            yield Issue("Y005", new.file, sheet=ENROLLMENT_SHEET, field="graduates",
                        value=major.graduates, expected=f"≤ {previous}",
                        params={**common, "previous": previous})


# --- reading a side ------------------------------------------------------------------------------


class SideError(Exception):
    """A side of the comparison that does not exist or holds nothing to compare."""


def check_side(path: Path) -> None:
    """Raise :class:`SideError` unless ``path`` is a folder or a file :func:`load_side` may read."""
    if path.is_dir() or path.is_file():
        return
    hint = ""
    if path.name.isdigit() and len(path.name) == 4 and len(path.parts) == 1:
        hint = (f"（年度 {path.name} 指当前文件夹下的 {path.name} 文件夹）/ (a year names the folder "
                f"{path.name} in the working folder)")
    raise SideError(f"没有这个文件夹或文件 / no such folder or file: {path}{hint}")


def load_side(path: Path, config: Config | None = None) -> CityResult:
    """One side: a folder of school workbooks (``2021`` names ``./2021``), or a consolidated
    workbook written by ``vetstat aggregate -o``.

    The files of a folder are named as the side was given (``samples/2022/一职高.xlsx``), so
    that the issues of two years cannot be confused; a consolidated workbook keeps the names it
    was written with.
    """
    from vetstat.outputs.citybook import CityWorkbookError, load_year

    config = config or Config()
    check_side(path)
    try:
        result = load_year(path, config)
    except CityWorkbookError as exc:
        raise SideError(str(exc)) from exc
    if not path.is_dir():
        return result
    if not result.schools:
        raise SideError(f"文件夹中没有学校工作簿 / no school workbook in the folder: {path}")
    return _located(result, path)


def _located(result: CityResult, root: Path) -> CityResult:
    def where(file: str) -> str:
        return str(root / file)

    for school in result.schools:
        school.file = where(school.file)
    result.issues = [replace(issue, file=where(issue.file)) for issue in result.issues]
    return result


# --- tables --------------------------------------------------------------------------------------


def _unit_label(change: Change, lang: Lang) -> str:
    if change.rate:
        return "百分点" if lang is Lang.ZH else "points"
    return "%"


def _flag(flagged: bool) -> str:
    return "Y001" if flagged else ""


CHANGE_COLUMNS = [
    Column("old", "上年", "old"),
    Column("new", "本年", "new"),
    Column("change", "变化", "change"),
    Column("change_pct", "变化率", "change %", 2),
    Column("change_pct_unit", "变化率单位", "unit of change %"),
    Column("flag", "提示", "flag"),
]


def _change_row(key: str, change: Change, lang: Lang) -> dict[str, Any]:
    spec = indicator(key)
    return {"key": key, "indicator": spec.label(lang), "unit": spec.unit, "old": change.old,
            "new": change.new, "change": change.change, "change_pct": change.change_pct,
            "change_pct_unit": _unit_label(change, lang), "flag": _flag(change.flagged),
            "flagged": change.flagged}


def city_table(diff: YearDiff, lang: Lang) -> Table:
    columns = [Column("indicator", "指标", "indicator"), Column("unit", "单位", "unit"),
               *CHANGE_COLUMNS]
    rows = [_change_row(key, change, lang) for key, change in diff.city.items()]
    return Table(f"全市对比（{diff.old_year} → {diff.new_year}）",
                 f"City ({diff.old_year} → {diff.new_year})", columns, rows, name="city")


STATUS_TEXT = {"both": ("两年都有", "both years"), "old_only": ("仅上年", "old year only"),
               "new_only": ("仅本年", "new year only")}


def _status(school: SchoolDiff, lang: Lang) -> str:
    zh, en = STATUS_TEXT[school.status]
    if school.matched_by == "name":
        zh, en = zh + "（按名称配对）", en + " (matched by name)"
    return zh if lang is Lang.ZH else en


def schools_table(diff: YearDiff, lang: Lang) -> Table:
    """One row per school: identity, presence and the headline figures."""
    columns = [Column("school", "学校", "school"), Column("school_code", "学校标识码", "school code"),
               Column("status", "状态", "status")]
    rows = []
    for school in diff.schools:
        students = school.indicators.get("students", Change(None, None, False))
        rows.append({"school": school.name, "school_code": school.school_code,
                     "status": _status(school, lang), "old": students.old, "new": students.new,
                     "change": students.change, "change_pct": students.change_pct,
                     "change_pct_unit": _unit_label(students, lang),
                     "opened": len(school.majors_opened), "closed": len(school.majors_closed)})
    columns += [Column("old", "上年在校生", "students (old)", 0),
                Column("new", "本年在校生", "students (new)", 0),
                Column("change", "变化", "change", 0), Column("change_pct", "变化率 %", "change %", 1),
                Column("opened", "新开专业", "majors opened"),
                Column("closed", "停办专业", "majors closed")]
    return Table("学校", "Schools", columns, rows, name="schools")


def school_indicator_table(diff: YearDiff, lang: Lang) -> Table:
    """The long table: school × indicator."""
    columns = [Column("school", "学校", "school"), Column("school_code", "学校标识码", "school code"),
               Column("indicator", "指标", "indicator"), Column("unit", "单位", "unit"),
               *CHANGE_COLUMNS]
    rows = []
    for school in diff.schools:
        for key, change in school.indicators.items():
            rows.append({"school": school.name, "school_code": school.school_code,
                         **_change_row(key, change, lang)})
    return Table("分校对比", "Schools by indicator", columns, rows, name="school_indicators")


def majors_table(diff: YearDiff, lang: Lang) -> Table:
    """Majors opened and closed, in the city and per school."""
    columns = [Column("scope", "范围", "scope"), Column("change", "变化", "change"),
               Column("code", "专业代码", "code"), Column("name", "专业名称", "name"),
               Column("old_students", "上年在校生", "students (old)"),
               Column("new_students", "本年在校生", "students (new)"),
               Column("schools", "学校", "schools")]
    words = {True: ("新开", "opened"), False: ("停办", "closed")}
    city = "全市" if lang is Lang.ZH else "city"
    separator = "、" if lang is Lang.ZH else ", "
    rows: list[dict[str, Any]] = []
    for opened, majors in ((True, diff.majors_opened), (False, diff.majors_closed)):
        for major in majors:
            rows.append({"scope": city, "change": words[opened][lang is not Lang.ZH],
                         "code": major.code, "name": major.name,
                         "old_students": major.old_students, "new_students": major.new_students,
                         "schools": separator.join(major.schools)})
    for school in diff.schools:
        for opened, majors in ((True, school.majors_opened), (False, school.majors_closed)):
            for major in majors:
                rows.append({"scope": school.name, "change": words[opened][lang is not Lang.ZH],
                             "code": major.code, "name": major.name,
                             "old_students": major.old_students,
                             "new_students": major.new_students, "schools": school.name})
    return Table("专业变化", "Majors opened and closed", columns, rows, name="majors")


def diff_tables(diff: YearDiff, lang: Lang) -> list[Table]:
    """Every table of the comparison, in the order they are printed."""
    tables = [city_table(diff, lang), schools_table(diff, lang), school_indicator_table(diff, lang),
              majors_table(diff, lang)]
    if diff.issues:
        tables.append(issue_table(diff.issues, lang))
    return tables
