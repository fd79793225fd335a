"""Aggregating a folder of school workbooks into the city's figures (data contract §4, §6).

Every file is read, validated and reduced to a small :class:`SchoolSummary`; the city's figures
are computed from the summaries only, so memory stays flat however many schools there are.
Counts are summed, every ratio is recomputed from summed parts, majors are distinct codes.

What happens to awkward files (rules X901–X905):

- a file that cannot be read (F001) is left out and named (X904, "6 of 7 files included");
- a file with errors is included and marked; the exit code says so;
- two files with the same 学校标识码 (X901): the first in file order is kept, the later one is
  left out of every sum and marked "重复，未计入" — adding both would count a school twice;
- a file whose 统计年度 is not the batch's (X902) is included and flagged: it is usually a
  typing slip in the year cell, and leaving a school out silently would be worse.

:func:`reconcile` re-adds the per-school rows and compares them with the city's; a difference
is a bug in this module and raises :class:`ReconciliationError`.
"""

from __future__ import annotations

import itertools
import math
import operator
import os
import statistics
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetstat.core.config import Config
from vetstat.core.contract import (
    AWARD_LEVELS,
    OVERALL_ITEM,
    RESPONDENTS,
    SHEET_BY_KEY,
    STUDENT_ITEMS,
)
from vetstat.core.issues import Issue, Lang, sort_key
from vetstat.core.majors import categories, category_of, majors
from vetstat.figures.summary import (
    LOCATED_FIELDS,
    TOTAL_KEYS,
    MajorFigures,
    SchoolSummary,
    award_counts,
    derive,
    pool_satisfaction,
    students_overall,
    summarize,
)
from vetstat.outputs.render import JsonLines, JsonText, compact_json
from vetstat.reading.batch import CITY_DATA_SHEET, Skipped, discover, is_city_workbook
from vetstat.reading.workbook import unreadable_issue
from vetstat.usecases.validate import validate_workbook

Progress = Callable[[int, int], None]



# the indicators X905 compares with the city median: key, sheet key, field behind it, labels
OUTLIER_INDICATORS: tuple[tuple[str, str, str, str, str], ...] = (
    ("student_teacher_ratio", "teachers", "full_time", "生师比", "the student-teacher ratio"),
    ("per_student_appropriation", "funding", "fiscal_appropriation", "生均财政拨款（元）",
     "the appropriation per student (yuan)"),
    ("employment_rate", "employment", "employed", "就业率（%）", "the employment rate (%)"),
)
MIN_SCHOOLS_FOR_MEDIAN = 3

# A pool of worker processes pays for itself from about this many files.  Measured on a
# 2-core Linux machine (fork), busy with other work: a realistic workbook (30 majors, 20
# awards) takes 15–20 ms to read, check and summarise, a small one 6 ms; starting two workers
# costs 30–50 ms.  Serial against 2 workers: 20 files 0.46 s / 0.49 s, 40 files 0.57 / 0.62,
# 100 files 1.87 / 1.69.  An idle machine breaks even sooner, a busy one later; from 40 files
# the pool costs little when it does not help and halves the time when the cores are free.
PARALLEL_MIN_FILES = 40
# files a worker is given at a time: enough to keep traffic low, few enough that no worker is
# left alone with a long last chunk while the other idles (and the progress bar moves)
MAX_CHUNK = 32


class ReconciliationError(RuntimeError):
    """The per-school rows do not add up to the city's: a bug, never a property of the data."""


@dataclass
class CityResult:
    """A city's year: every school's summary (readable or not), every issue, what was skipped."""

    year: int | None
    schools: list[SchoolSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def included(self) -> list[SchoolSummary]:
        """The schools whose figures count (readable files, duplicates left out)."""
        return [s for s in self.schools if s.counted]

    @property
    def valid(self) -> bool:
        return all(not issue.is_error for issue in self.issues)

    def city(self) -> dict[str, Any]:
        return city_figures(self.included)

    def reconcile(self) -> None:
        """Raise :class:`ReconciliationError` unless every city figure re-adds from the schools."""
        ensure_reconciled(self.included, self.city())

    def to_dict(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The JSON shape of data contract §6."""
        document = self.json_document(lang)
        document["schools"] = [school_document(school) for school in self.schools]
        document["issues"] = list(document["issues"].items())
        return document

    def json_document(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """:meth:`to_dict` with the schools and the issues made as they are written."""
        return {
            "year": self.year,
            "files": {"total": len(self.schools), "included": len(self.included)},
            "schools": JsonLines(lambda: map(school_line, self.schools)),
            "city": self.city(),
            "issues": JsonLines(lambda: (issue.to_dict(lang) for issue in self.issues)),
            "skipped": [{"file": str(s.path), "reason": s.reason(lang.value)} for s in self.skipped],
        }


def school_document(summary: SchoolSummary) -> dict[str, Any]:
    """A school in the §6 JSON: identity, validity, and the same indicator keys as the city."""
    document = _school_identity(summary)
    if summary.readable:
        document.update(city_figures([summary]))
    return document


def school_line(summary: SchoolSummary) -> JsonText:
    """:func:`school_document` as one line of JSON: its identity, then its figures (made in
    the worker that read the file, when it was read by :func:`summarise_file`)."""
    identity = compact_json(_school_identity(summary))
    if not summary.readable:
        return JsonText(identity)
    if summary.figures_json is not None:
        figures = zlib.decompress(summary.figures_json).decode()
    else:
        figures = _figures_fragment(city_figures([summary]))
    return JsonText(f"{identity[:-1]}, {figures}}}" if figures else identity)


def _figures_fragment(figures: Mapping[str, Any]) -> str:
    """The figures as the members of a JSON object, without its braces."""
    return compact_json(figures)[1:-1]


def _school_identity(summary: SchoolSummary) -> dict[str, Any]:
    return {
        "name": summary.name,
        "school_code": summary.school_code,
        "file": summary.file,
        "valid": summary.valid,
        "readable": summary.readable,
        "counted": summary.counted,
        "duplicate_of": summary.duplicate_of,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "year": summary.year,
        "county": summary.county,
        "affiliation": summary.affiliation,
    }


def city_figures(schools: Sequence[SchoolSummary], *, per_school: bool = False) -> dict[str, Any]:
    """Counts summed, ratios from summed parts, majors distinct, satisfaction pooled.

    ``schools``, ``schools_city_run`` and ``schools_county`` count the schools given (1/0 for
    one school, so that school rows add up to the city); ``per_school=True`` leaves them out.
    """
    totals: dict[str, float] = {}
    salary_sum = salary_weight = 0.0
    satisfaction: dict[tuple[str, str], list[int]] = {}
    awards = []
    codes: set[str] = set()
    provincial = city_level = 0
    for school in schools:
        for key, value in school.totals.items():
            totals[key] = totals.get(key, 0) + value
        salary_sum += school.salary_sum
        salary_weight += school.salary_weight
        for slot, counts in school.satisfaction.items():
            pooled = satisfaction.setdefault(slot, [0, 0, 0, 0])
            for index, count in enumerate(counts):
                pooled[index] += count
        awards.extend(school.awards)
        for major in itertools.chain(school.majors, school.uncoded):
            if major.code:
                codes.add(major.code)
            if major.model_major:
                provincial += major.model_major == "省级"
                city_level += major.model_major == "市级"
    figures = derive(totals, salary_sum, salary_weight)
    figures["majors"] = len(codes)
    figures["categories"] = len({category_of(code) for code in codes})
    figures["model_majors_provincial"] = provincial
    figures["model_majors_city"] = city_level
    if not per_school:
        figures["schools"] = len(schools)
        figures["schools_city_run"] = sum(s.affiliation == "市直属" for s in schools)
        figures["schools_county"] = sum(s.affiliation == "县（市、区）属" for s in schools)
    figures["satisfaction"] = pool_satisfaction(satisfaction)
    figures["satisfaction_students_overall"] = students_overall(satisfaction)
    figures["awards"] = award_counts(awards)
    return figures


# --- flat rows: the figures as one value per column (分校明细 and its 全市合计 row) ----------

SURVEY_SLOTS: tuple[tuple[str, str], ...] = (
    *(("在校生", item) for item in STUDENT_ITEMS),
    *((respondent, OVERALL_ITEM) for respondent in RESPONDENTS if respondent != "在校生"),
)
SATISFACTION_COUNTS = ("samples", "very_satisfied", "satisfied", "dissatisfied")
AWARD_MEASURES = ("entries", "students")


def survey_key(respondent: str, item: str, measure: str) -> str:
    return f"satisfaction.{respondent}.{item}.{measure}"


def award_key(level: str, measure: str) -> str:
    return f"awards.{level}.{measure}"


# every flat key whose city value is the plain sum of the schools' values
SUMMED_KEYS: tuple[str, ...] = (
    *TOTAL_KEYS,
    "schools", "schools_city_run", "schools_county",
    "model_majors_provincial", "model_majors_city",
    *(survey_key(r, i, m) for r, i in SURVEY_SLOTS for m in SATISFACTION_COUNTS),
    *(survey_key("在校生", "合并", m) for m in SATISFACTION_COUNTS),
    *(award_key(level, m) for level in (*AWARD_LEVELS, "合计") for m in AWARD_MEASURES),
)


def flat_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The nested figures of :func:`city_figures` as one flat row.

    Satisfaction becomes ``satisfaction.<object>.<item>.<samples|…|rate>`` (``合并`` is all
    在校生 items pooled), awards ``awards.<level>.<entries|students>`` (``合计`` over levels).
    """
    row = {key: value for key, value in figures.items()
           if key not in ("satisfaction", "satisfaction_students_overall", "awards")}
    surveys = figures.get("satisfaction") or {}
    for respondent, item, keys in _SURVEY_KEYS:
        entry = surveys.get(respondent, {}).get(item)
        for measure, key in keys:
            row[key] = entry[measure] if entry else None
    overall = figures.get("satisfaction_students_overall")
    for measure, key in _OVERALL_KEYS:
        row[key] = overall[measure] if overall else None
    awards = figures.get("awards") or {}
    for measure, level_keys, total_key in _AWARD_KEYS:
        total = 0
        for level, key in level_keys:
            count = sum(prize[measure] for prize in awards.get(level, {}).values())
            row[key] = count
            total += count
        row[total_key] = total
    return row


# the flat keys, spelled once: flat_figures runs for every school, twice per run
_MEASURES = (*SATISFACTION_COUNTS, "rate")
_SURVEY_KEYS = tuple((respondent, item, tuple((m, survey_key(respondent, item, m)) for m in _MEASURES))
                     for respondent, item in SURVEY_SLOTS)
_OVERALL_KEYS = tuple((m, survey_key("在校生", "合并", m)) for m in _MEASURES)
_AWARD_KEYS = tuple((m, tuple((level, award_key(level, m)) for level in AWARD_LEVELS),
                     award_key("合计", m)) for m in AWARD_MEASURES)


# --- the city's majors ---------------------------------------------------------------------

MAJOR_COUNTS = ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates")
_MAJOR_COUNT_VALUES = tuple((key, operator.attrgetter(key)) for key in MAJOR_COUNTS)


SCHOOL_NAMES_SHOWN = 30  # a major run by more schools lists the first ones and the count


def major_rows(schools: Sequence[SchoolSummary]) -> list[dict[str, Any]]:
    """Each distinct 专业代码 across the schools, with the schools running it and their counts.

    Rows without a code (an error in the school's file) are gathered under code ``""`` so that
    the table still adds up to the city's student totals.
    """
    catalogue = majors()
    # code -> its majors and the schools running it (once each: a school's last is at the end)
    found: dict[str, list[MajorFigures]] = {}
    running: dict[str, list[SchoolSummary]] = {}
    for school in schools:
        for major in itertools.chain(school.majors, school.uncoded):
            same = found.get(major.code)
            if same is None:
                same = found[major.code] = []
                running[major.code] = []
            same.append(major)
            offering = running[major.code]
            if not offering or offering[-1] is not school:
                offering.append(school)
    rows: dict[str, dict[str, Any]] = {}
    for code, same in found.items():
        known = catalogue.get(code)
        category = category_of(code) if code else ""
        row = rows[code] = {
            "code": code,
            "name": known.name if known else same[0].name,
            "category": category,
            "category_name": categories().get(category, ""),
            "in_catalogue": known is not None,
        }
        # a national batch has 200,000 majors: each column is added up in C, not per cell
        for key, value_of in _MAJOR_COUNT_VALUES:
            row[key] = sum(map(value_of, same))
        levels = [major.model_major for major in same]
        row["model_provincial"] = levels.count("省级")
        row["model_city"] = levels.count("市级")
    ordered = sorted(rows.values(), key=lambda r: (r["code"] == "", r["code"]))
    for row in ordered:
        offering = running[row["code"]]
        row["schools"] = len(offering)
        row["school_codes"] = [school.school_code for school in offering]
        names = [school.name or school.file for school in offering]
        shown = "、".join(names[:SCHOOL_NAMES_SHOWN])
        if len(names) > SCHOOL_NAMES_SHOWN:
            shown += f" 等 {len(names)} 所"
        row["school_names"] = shown
    return ordered


def category_rows(major_table: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The 专业大类 of the city: distinct majors, students and graduates per category."""
    rows: dict[str, dict[str, Any]] = {}
    for major in major_table:
        if not major["code"]:
            continue
        row = rows.setdefault(major["category"], {
            "category": major["category"], "category_name": major["category_name"],
            "majors": 0, "students": 0, "graduates": 0, "new_students": 0,
        })
        row["majors"] += 1
        for key in ("students", "graduates", "new_students"):
            row[key] += major[key]
    return [rows[key] for key in sorted(rows)]


# --- reconciliation ------------------------------------------------------------------------


def _exact_sum(values: Sequence[float]) -> float:
    try:
        return math.fsum(values)
    except OverflowError:  # whole numbers past the float range still add exactly as ints
        return sum(values)


def _close(added: float, expected: float) -> bool:
    if added == expected:
        return True
    try:
        return math.isclose(added, expected, rel_tol=1e-9, abs_tol=1e-9)
    except OverflowError:
        return False


RECONCILE_BATCH = 512  # values of one key held before they are added into one partial sum


class RowSums:
    """The schools' flat rows added up key by key, for :func:`reconcile`, without keeping them.

    A national batch's rows are added as they come (:meth:`add_values` takes a row as the
    values of :data:`SUMMED_KEYS`, which is what a worker process sends back).
    """

    def __init__(self) -> None:
        # per key, the values of the schools that have it (the first a partial sum, once there
        # have been many): empty for a key no school has
        self.pending: dict[str, list[Any]] = {key: [] for key in SUMMED_KEYS}

    def add(self, row: Mapping[str, Any]) -> None:
        self.add_values(tuple(row.get(key) for key in SUMMED_KEYS))

    def add_values(self, values: Sequence[Any]) -> None:
        for value, held in zip(values, self.pending.values(), strict=True):
            if value is not None:
                held.append(value)
                if len(held) >= RECONCILE_BATCH:  # exactly rounded, far inside 1e-9; whole
                    # numbers stay exact (counts past the float range overflow as floats)
                    held[:] = [sum(held) if all(type(v) is int for v in held)
                               else _exact_sum(held)]

    def problems(self, total_row: Mapping[str, Any],
                 major_table: Sequence[Mapping[str, Any]]) -> list[str]:
        """:func:`reconcile` of the rows added so far."""
        return _problems(self.pending, total_row, major_table)


def summed_values(figures: Mapping[str, Any]) -> tuple[Any, ...]:
    """A school's :func:`city_figures` as the values of :data:`SUMMED_KEYS` (None: not there)."""
    row = flat_figures(figures)
    return tuple(row.get(key) for key in SUMMED_KEYS)


def reconcile(school_rows: Iterable[Mapping[str, Any]], total_row: Mapping[str, Any],
              major_table: Sequence[Mapping[str, Any]]) -> list[str]:
    """What does not add up: school rows against the total row, the majors against ``majors``.

    ``school_rows`` and ``total_row`` are flat rows (:func:`flat_figures`); an empty list means
    every summed key re-adds exactly (floats to 1e-9) and the distinct-major table agrees.
    The rows are read once and not kept: a national batch's are made one by one.
    """
    sums = RowSums()
    for row in school_rows:
        sums.add(row)
    return sums.problems(total_row, major_table)


def _problems(pending: Mapping[str, list[Any]], total_row: Mapping[str, Any],
              major_table: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    for key in SUMMED_KEYS:
        expected = total_row.get(key)
        if not pending[key]:
            if expected not in (None, 0):
                problems.append(f"{key}: no school has it but the city has {expected}")
            continue
        added = _exact_sum(pending[key])
        if expected is None or not _close(added, expected):
            problems.append(f"{key}: schools add up to {added}, the city has {expected}")
    coded = [row for row in major_table if row["code"]]
    if len(coded) != total_row.get("majors"):
        problems.append(f"majors: the table lists {len(coded)}, the city has {total_row.get('majors')}")
    if len({row["category"] for row in coded}) != total_row.get("categories"):
        problems.append("categories: the table of majors disagrees with the city's count")
    for key in MAJOR_COUNTS:
        added = sum(row[key] for row in major_table)
        if added != (total_row.get(key) or 0):
            problems.append(f"{key}: the majors add up to {added}, the city has {total_row.get(key)}")
    for key, city_key in (("model_provincial", "model_majors_provincial"),
                          ("model_city", "model_majors_city")):
        added = sum(row[key] for row in major_table)
        if added != total_row.get(city_key):
            problems.append(f"{city_key}: the majors add up to {added}, the city has "
                            f"{total_row.get(city_key)}")
    return problems


def ensure_reconciled(schools: Sequence[SchoolSummary], city: Mapping[str, Any],
                      sums: RowSums | None = None) -> None:
    """:func:`reconcile` over the schools' own figures; raise if anything does not add up.

    ``sums``: the schools' rows already added up (as :func:`aggregate_files` does while the
    files are read), else each school's figures are made here.
    """
    if sums is None:
        sums = RowSums()
        for school in schools:
            sums.add_values(summed_values(city_figures([school])))
    problems = sums.problems(flat_figures(city), major_rows(schools))
    if problems:
        raise ReconciliationError("the city figures do not reconcile with the schools: "
                                  + "; ".join(problems))


# --- reading the files ---------------------------------------------------------------------


# path, name in the output, config, skip city workbooks, make the school's JSON (--format json)
Task = tuple[Path, str, Config, bool, bool]
# the summary, the file's issues, and the school's figures as summed_values (None when the file
# is unreadable); the outcome is None for a city workbook, skipped
Outcome = tuple[SchoolSummary, list[Issue], tuple[Any, ...] | None] | None


def summarise_file(task: Task) -> Outcome:
    """Read, validate and summarise one file (runs in a worker process: returns no workbook).

    With the task's last item set, a city workbook (last run's ``-o`` written into the
    folder) gives None: it is told by its data sheet, so the file is opened only once.
    """
    path, name, config, skip_city, school_json = task
    report = validate_workbook(path, config, file=name, keep_workbook=True)
    book = report.workbook
    # the sheet names say it when the file reads; a national city workbook may be past the
    # reader's bounds, so an unreadable file is looked at too (both rare: one more look)
    if skip_city and (book is None or not report.readable
                      or CITY_DATA_SHEET in book.sheet_titles) and is_city_workbook(path):
        return None
    summary = summarize(report.data, name)
    summary.errors = report.errors
    summary.warnings = sum(1 for issue in report.issues if not issue.is_error)
    if book is not None and report.readable:
        for sheet_key, key in LOCATED_FIELDS:
            cell = book.cell(sheet_key, key)
            if cell:
                sheet = book.sheet_names.get(sheet_key, SHEET_BY_KEY[sheet_key].title)
                summary.cells[key] = (sys.intern(sheet), cell)
    if not summary.readable:
        return summary, report.issues, None
    # the school's own figures, made here in the worker rather than at the end in the parent
    # (for the reconciliation, and for the JSON when it is written): its sums, its JSON
    # compressed while it waits
    figures = city_figures([summary])
    if school_json:
        summary.figures_json = zlib.compress(_figures_fragment(figures).encode(), 1)
    return summary, report.issues, summed_values(figures)


def _outcomes(tasks: list[Task], jobs: int, progress: Progress | None) -> Iterator[Outcome]:
    """Outcomes in input order, from a process pool when the batch is large enough.

    A file that stops its worker process (a reader crashing where it must not) does not stop
    the batch: the files that were in flight are read again one at a time in one worker, the
    one that stops it again is reported unreadable (F001), and the pool goes on after it. It is
    never read in this process, which it would stop too. Only when no worker process can be
    started at all (a sandbox) are the files read here.
    """
    total = len(tasks)
    done = 0

    def advanced() -> None:
        if progress:
            progress(done, total)

    if jobs > 1 and total >= PARALLEL_MIN_FILES:
        workers = min(jobs, total)
        # a few chunks per worker: less traffic between processes, progress still moves
        chunk = max(1, min(total // (workers * 8), MAX_CHUNK))
        retrying_until = 0  # while done < this, one file at a time in one worker
        while done < total:
            one_by_one = done < retrying_until
            batch = tasks[done:retrying_until] if one_by_one else tasks[done:]
            try:
                pool = ProcessPoolExecutor(max_workers=1 if one_by_one else workers)
                results = pool.map(_summarise_guarded, batch, chunksize=1 if one_by_one else chunk)
            except (OSError, NotImplementedError):
                break  # no worker processes here: finish in this process below
            with pool:
                while True:
                    try:
                        outcome = next(results)
                    except StopIteration:
                        break
                    except BrokenProcessPool:
                        if one_by_one:  # in order, in one worker: the next file is the one
                            done += 1
                            yield _unread(tasks[done - 1], _STOPPED)
                            advanced()
                        else:  # again, one by one: the calls in flight and a margin
                            retrying_until = min(total, done + (2 * workers + 1) * chunk)
                        break
                    done += 1
                    yield outcome
                    advanced()
    for task in tasks[done:]:
        done += 1
        yield _summarise_guarded(task)
        advanced()


def _summarise_guarded(task: Task) -> Outcome:
    """:func:`summarise_file`, with an error it did not expect reported on the file (F001)
    rather than ending the batch."""
    try:
        return summarise_file(task)
    except Exception as exc:  # a bug or an exhausted machine: said, and the batch goes on
        return _unread(task, (f"vetstat 读取时出错（{type(exc).__name__}：{exc}）。请把这个文件和这条"
                              "信息发给维护人员。",
                              f"vetstat failed while reading it ({type(exc).__name__}: {exc}). "
                              "Please send the file and this message to the maintainers."))


_STOPPED = ("读取这个文件时读取进程意外终止，文件可能是恶意或损坏的。请用 Excel 或 WPS 打开后另存为 "
            ".xlsx 再报送。",
            "the reading process stopped while reading this file, which may be hostile or "
            "damaged. Open it in Excel or WPS, save it as .xlsx and send it again.")


def _unread(task: Task, reason: tuple[str, str]) -> Outcome:
    """The outcome of a file that could not be read at all: an empty summary and F001."""
    name = task[1]
    return summarize(None, name), [unreadable_issue(name, *reason)], None


def aggregate_files(files: Sequence[Path], config: Config | None = None, *,
                    year: int | None = None, root: Path | None = None,
                    progress: Progress | None = None, jobs: int | None = None,
                    skip_city: bool = False, school_json: bool = False) -> CityResult:
    """Validate and summarise every file, then check across schools (X901–X905).

    ``year`` (``--year``) overrides the batch's year; ``jobs`` is the number of worker
    processes (default: the CPUs; 1 = serial); ``progress(done, total)`` is called per file;
    ``skip_city``: city workbooks are listed as skipped, not read as schools; ``school_json``:
    each school's figures are also encoded as JSON where the file is read (for a national
    ``--format json``; the document is the same without, made in the parent instead).
    The result is the same, issue for issue, whatever ``jobs`` is.
    """
    config = config or Config()
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    tasks = [(path, str(path.relative_to(root)) if root else path.name, config, skip_city,
              school_json) for path in files]
    result = CityResult(year=year)
    # the counted schools' figures, added up as they come: which files count is known in
    # input order (the first readable file of a 学校标识码 counts, X901), so no school's row
    # is kept; the reconciliation checks that this agrees with the duplicates found below
    sums = RowSums()
    first: dict[str, SchoolSummary] = {}
    for task, outcome in zip(tasks, _outcomes(tasks, jobs, progress), strict=True):
        if outcome is None:
            result.skipped.append(Skipped(task[0], "vetstat 汇总工作簿，不是学校文件，已跳过",
                                          "a city workbook written by vetstat, not a school's, "
                                          "skipped"))
            continue
        summary, issues, summed = outcome
        result.schools.append(summary)
        result.issues.extend(issues)
        if _kept_before(summary, first) is None and summed is not None:  # (None: unreadable)
            sums.add_values(summed)
    if result.year is None:
        result.year = batch_year(result.schools)
    result.issues.extend(cross_school_issues(result, config, year_given=year is not None))
    result.issues.sort(key=sort_key)
    ensure_reconciled(result.included, result.city(), sums)
    return result


def aggregate_folder(folder: Path, config: Config | None = None, *, year: int | None = None,
                     progress: Progress | None = None, jobs: int | None = None,
                     school_json: bool = False) -> CityResult:
    """Every workbook below ``folder`` (lock files, hidden files, strays and city workbooks
    are skipped); ``school_json`` as for :func:`aggregate_files`."""
    found, skipped = discover(folder)
    result = aggregate_files(found, config, year=year, root=folder, progress=progress, jobs=jobs,
                             skip_city=True, school_json=school_json)
    result.skipped[:0] = skipped
    return result


def batch_year(schools: Sequence[SchoolSummary]) -> int | None:
    """The batch's year: the one most schools report (ties: the latest)."""
    years = [s.year for s in schools if s.year is not None]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))


# --- rules across schools ------------------------------------------------------------------


def cross_school_issues(result: CityResult, config: Config, *,
                        year_given: bool = False) -> list[Issue]:
    """X901–X905 over the summaries; marks duplicates and counts the issues on each school."""
    found: list[Issue] = []
    found.extend(_duplicates(result.schools))
    found.extend(_wrong_year(result.schools, result.year, year_given))
    found.extend(_one_name_two_codes(result.schools))
    found.extend(_unreadable(result.schools))
    found.extend(_outliers([s for s in result.schools if s.counted],
                           config.thresholds.median_factor))
    by_file = {school.file: school for school in result.schools}
    for issue in found:
        school = by_file.get(issue.file)
        if school is not None:
            if issue.is_error:
                school.errors += 1
            else:
                school.warnings += 1
    return found


def _at(school: SchoolSummary, code: str, sheet_key: str, key: str, **fields: Any) -> Issue:
    """An issue on ``school`` at the cell of field ``key`` (the sheet at least)."""
    sheet, cell = school.cells.get(key, (SHEET_BY_KEY[sheet_key].title, None))
    return Issue(code, school.file, sheet=sheet, cell=cell, field=key, **fields)


def _kept_before(school: SchoolSummary, first: dict[str, SchoolSummary]) -> SchoolSummary | None:
    """X901's rule: the school read earlier with the same 学校标识码, which is kept; None when
    this one counts (it is then recorded in ``first`` if it has a code)."""
    if not school.readable or not school.school_code:
        return None
    kept = first.setdefault(school.school_code, school)
    return None if kept is school else kept


def _duplicates(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    first: dict[str, SchoolSummary] = {}
    for school in schools:
        kept = _kept_before(school, first)
        if kept is not None:
            school.duplicate_of = kept.file
            yield _at(school, "X901", "school", "school_code", value=school.school_code,
                      expected="每所学校一个文件 / one file per school",
                      params={"other": kept.file})


def _wrong_year(schools: Sequence[SchoolSummary], year: int | None,
                year_given: bool) -> Iterator[Issue]:
    if year is None:
        return
    basis = ("--year 指定", "given with --year") if year_given else (
        "多数学校填报的年度", "the year most schools report")
    for school in schools:
        if school.readable and school.year is not None and school.year != year:
            yield _at(school, "X902", "school", "year", value=school.year, expected=str(year),
                      params={"basis": basis[0], "basis_en": basis[1]})


def _one_name_two_codes(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    seen: dict[str, SchoolSummary] = {}
    for school in schools:
        if not school.counted or not school.name or not school.school_code:
            continue
        name = "".join(school.name.split())
        other = seen.setdefault(name, school)
        if other is not school and other.school_code != school.school_code:
            yield _at(school, "X903", "school", "name", value=school.name,
                      expected="一个名称一个标识码 / one code per name",
                      params={"code": school.school_code, "other": other.file,
                              "other_code": other.school_code})


def _unreadable(schools: Sequence[SchoolSummary]) -> Iterator[Issue]:
    included = sum(1 for s in schools if s.counted)
    for school in schools:
        if not school.readable:
            yield Issue("X904", school.file, params={"included": included, "total": len(schools)})


def _outliers(schools: Sequence[SchoolSummary], factor: float) -> Iterator[Issue]:
    if factor <= 1:
        return  # a factor of 1 or less would flag every school but the median
    figures = [(school, school.indicators()) for school in schools]
    for key, sheet_key, field_key, label, label_en in OUTLIER_INDICATORS:
        values = [(school, f[key]) for school, f in figures if f.get(key) is not None]
        if len(values) < MIN_SCHOOLS_FOR_MEDIAN:
            continue
        median = statistics.median(value for _school, value in values)
        if median <= 0:
            continue
        low, high = median / factor, median * factor
        for school, value in values:
            if value > high or value < low:
                yield _at(school, "X905", sheet_key, field_key, value=round(value, 2),
                          expected=f"{low:.2f}–{high:.2f}",
                          params={"indicator": label, "indicator_en": label_en,
                                  "median": round(median, 2), "factor": _plain_number(factor)})


def _plain_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
