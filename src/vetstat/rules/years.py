"""The rules across two years (Y001–Y007): a change beyond the thresholds, a school or a major
that comes or goes, a cohort that grows, codes that differ, years that are not consecutive.

Their words are in :mod:`vetstat.core.rulebook.years`.  Which indicators Y001 watches is a flag
of the catalogue (:mod:`vetstat.core.indicators`): the stock and flow figures a school reports
the same way every year and that a slip (万元 typed as 元, a grade left out, last year's sheet
sent again) moves a lot, and the rates of teachers and employment plus the pooled 在校生
satisfaction.  Figures that are lumpy by nature (construction, special funds, new equipment,
trainings, awards), small subsets and the ratios derived from watched parts are shown, not
flagged.  The cohort checks (Y004, Y005) mean something only for consecutive years.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from vetstat.core.contract import SHEET_BY_KEY
from vetstat.core.indicators import Indicator, indicator
from vetstat.core.issues import Issue, Lang, show
from vetstat.core.numbers import trimmed
from vetstat.figures.summary import SchoolSummary
from vetstat.figures.years import Change, SchoolDiff

TOLERANCE = 1e-9  # a change of exactly the threshold is not "more than" it

# what to look at first: money, rates, everything else
Y001_HINTS = {
    "money": ("两年的单位是否一致：万元，不是元", "the same unit in both years: 万元, not 元"),
    "rate": ("计算该比例的人数是否填对", "the counts the rate is computed from"),
    "other": ("是否漏报、重复，或误用了上一年的表", "nothing left out or counted twice, not last "
              "year's sheet sent again"),
}


@dataclass(frozen=True)
class ChangeChecks:
    """Y001 with the thresholds in force: a watched count's change in percent, a watched
    rate's in percentage points."""

    count_pct: float
    rate_points: float

    def exceeds(self, watched: Indicator, change: Change) -> bool:
        if not watched.watched or change.old is None or change.new is None:
            return False
        if watched.rate:
            return abs(change.new - change.old) > self.rate_points + TOLERANCE
        if change.old == 0:
            return change.new != 0  # from nothing to something is more than any percent
        return abs(change.new - change.old) * 100 / abs(change.old) > self.count_pct + TOLERANCE

    def flag(self, changes: dict[str, Change], file: str, school: SchoolSummary | None,
             issues: list[Issue]) -> dict[str, Change]:
        """Mark the changes beyond the thresholds and raise Y001 for each (city: no school)."""
        flagged: dict[str, Change] = {}
        for key, change in changes.items():
            if not self.exceeds(indicator(key), change):
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
            sheet, cell = _located_field(school, spec.cell_field or key, spec.sheet)
        return Issue(
            "Y001", file, sheet=sheet, cell=cell, field=key, value=change.new, expected=expected,
            params={"scope": scope_zh, "scope_en": scope_text_en, "label": label,
                    "label_en": spec.label(Lang.EN), "hint": hint, "hint_en": hint_en,
                    "old": _figure(change.old), "new": _figure(change.new), "change": shown_zh,
                    "change_en": shown_en, "limit": limit, "limit_en": limit_en},
        )


def _figure(value: float | None) -> str:
    """A figure as quoted in a message: at most two decimals, rounded half-up."""
    return trimmed(value, 2) if isinstance(value, float) else show(value)


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
    text = trimmed(value, 2)
    return text if text.startswith("-") else "+" + text


ENROLLMENT_SHEET = SHEET_BY_KEY["enrollment"].title


def y002(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Issue:
    present = school.current
    only_old = school.status == "old_only"
    sheet, cell = _located_field(present, "school_code", "school")
    return Issue("Y002", present.file, sheet=sheet, cell=cell, field="school_code",
                 value=present.school_code, params={
                     "school": present.name or present.file,
                     "present_year": old_year if only_old else new_year,
                     "missing_year": new_year if only_old else old_year})


def consecutive(old_year: int | None, new_year: int | None) -> bool:
    """Whether two years follow each other (an unknown year is given the benefit)."""
    return old_year is None or new_year is None or new_year == old_year + 1


def y007(label: str, old_year: int | None, new_year: int | None) -> Iterable[Issue]:
    """Y007 on the later side when the years do not follow each other: the rules that compare
    a cohort with last year's grade below are skipped then."""
    if not consecutive(old_year, new_year):
        yield Issue("Y007", label, params={"old_year": old_year, "new_year": new_year})


def y006(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Issue:
    assert school.old is not None and school.new is not None
    sheet, cell = _located_field(school.new, "school_code", "school")
    return Issue("Y006", school.new.file, sheet=sheet, cell=cell, field="school_code",
                 value=school.new.school_code, expected=school.old.school_code or "（空）",
                 params={"school": school.new.name, "old_year": old_year, "new_year": new_year})


def y003(school: SchoolDiff, old_year: int | None, new_year: int | None) -> Iterable[Issue]:
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


def cohorts(school: SchoolDiff, old_year: int | None, new_year: int | None,
            shrink_pct: float | None = None) -> Iterable[Issue]:
    """Y004 and Y005: nobody is in a grade (or graduates) who was not in the grade below;
    Y008 (``shrink_pct`` given): a grade that lost more than that share of last year's grade
    below."""
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
            if (shrink_pct is not None and previous_major is not None and previous
                    and now < previous * (1 - shrink_pct / 100)):
                yield Issue("Y008", new.file, sheet=ENROLLMENT_SHEET, field=grade, value=now,
                            expected=f"≥ {previous * (1 - shrink_pct / 100):.0f}", params={
                                **common, "grade": GRADES[grade][0],
                                "grade_en": GRADES[grade][1], "previous": previous,
                                "previous_grade": GRADES[below][0],
                                "previous_grade_en": GRADES[below][1],
                                "lost": previous - now,
                                "lost_pct": f"{100 * (previous - now) / previous:.1f}",
                                "limit": f"{shrink_pct:g}"})
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
