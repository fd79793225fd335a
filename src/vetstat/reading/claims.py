"""The numeric claims of a report: every figure of its text and tables, with the indicator it
speaks of, its subject (the city, a school, a county, a category of majors), its time (this
year, last year, the change) and its qualifier (约, 超过, 以上 …).

A number is a claim unless its words make it no figure: a year, a date, a section or caption
number, a level or a prize.  A claim whose words name no indicator of the catalogue keeps
``keys`` empty: it is listed as not checkable, never guessed.  Subjects are found by name, a
school by its full name or a short name derived from it (洮南职教中心 for 洮南市职业教育中心).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vetstat.core import vocabulary as words
from vetstat.core.indicators import views
from vetstat.core.numerals import Number, find_numbers
from vetstat.reading.report_text import Block, ReportText
from vetstat.reading.subjects import Names, Subject, SubjectFinder

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
CLAUSE_END = re.compile(r"[，,；;]|(?<!\d)[:：](?!\d)|（(?!市、区）|升学）)|(?<!（市、区)(?<!（升学)）|[()]")
BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
# a year, a span of years or a year and month: 2020-2023, 2021.9--2022.8, 2021 年
_YEAR_SPAN = re.compile(r"(?:19|20)\d\d(?:\.\d{1,2})?\s*[-—–~至]+\s*(?:(?:19|20)\d\d)?")
NOT_NUMERALS = re.compile(r"十四五|二十大|十九大|一是|二是|三是|四是|五是")
TABLE_TIME = {"上年": "上年", "去年": "上年", "增减率": "变化%", "增减": "变化"}


@dataclass
class Claim:
    """A figure stated in the report."""

    block: Block
    sentence: str
    sentence_number: int  # from 1, over the whole report
    number: Number  # as found in the sentence
    value: float  # in the catalogue's unit (a percentage in percent)
    step: float  # the precision it was written at, in that unit
    unit: str  # as written ("万元", "人", "%")
    keys: tuple[str, ...]  # the indicators it speaks of; () when none
    subject: Subject
    time: str = "本年"  # 本年, 上年, 变化 (the difference), 变化% (the change in percent)
    qualifier: str = ""  # a key of vocabulary.QUALIFIER_ZH, "" for a plain figure
    sign: int = 1  # a change said to be a decrease is -1
    in_table: bool = False
    why: str = ""  # why no indicator was found, for a claim that cannot be checked
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def stated(self) -> float:
        return self.value * self.sign


def find_claims(report: ReportText, names: Names, *, year: int | None = None) -> list[Claim]:
    finder = SubjectFinder(names)
    claims: list[Claim] = []
    sentence_number = 0
    tables: dict[int, list[Block]] = {}
    for block in report.blocks:
        if block.location.table is not None:
            tables.setdefault(block.location.table, []).append(block)
            continue
        carried: Subject | None = None
        for sentence in _sentences(block.text):
            sentence_number += 1
            found, carried = _sentence_claims(block, sentence, sentence_number, finder, carried,
                                              year)
            claims += found
    for cells in tables.values():
        found, sentence_number = _table_claims(cells, finder, sentence_number, year)
        claims += found
    return claims


def _sentences(text: str) -> list[str]:
    return [piece for piece in SENTENCE_END.split(text) if piece.strip()]


# --- which numbers are figures --------------------------------------------------------------


def _masked(sentence: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in BOOK_TITLE.finditer(sentence)]
    spans += [match.span() for match in _YEAR_SPAN.finditer(sentence)]
    spans += [match.span() for match in NOT_NUMERALS.finditer(sentence)]
    return spans


_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.．、]?(?=\s*\D)")


def is_figure(sentence: str, number: Number, masked: list[tuple[int, int]]) -> bool:
    if any(start <= number.start < end for start, end in masked):
        return False
    heading = _SECTION_NUMBER.match(sentence)
    if heading and number.start < heading.end() and not number.percent and \
            not re.match(r"\s*[万亿人名个所项元次家户册%]", sentence[heading.end():]):
        return False
    if number.chinese and number.value < 10 and len(number.text) == 1:
        return False  # 一名, 两所: a word, not a figure
    before = sentence[max(0, number.start - 3):number.start].rstrip()
    after = sentence[number.end:number.end + 3].lstrip()
    if (before.endswith(words.NOT_FIGURE_BEFORE) or after.startswith(words.NOT_FIGURE_AFTER)) \
            and not number.percent:
        return False
    if after.startswith("、") and re.match(r"\d", sentence[number.end + 1:number.end + 2] or ""):
        return True
    return not (number.value >= 1900 and number.value <= 2100 and number.step == 1
                and not after[:1].strip() and after.startswith(("年",)))


# --- a claim's unit, qualifier and time ----------------------------------------------------


def _unit(sentence: str, number: Number) -> tuple[str, int]:
    """The unit written after the number and where the words after it start."""
    if number.percent:
        return "%", number.end
    if number.is_ratio:
        return "∶1", number.end
    rest = sentence[number.end:]
    stripped = rest.lstrip()
    offset = number.end + len(rest) - len(stripped)
    if stripped.startswith(words.POINTS):
        return words.POINTS, offset + len(words.POINTS)
    for unit in sorted(words.UNITS, key=len, reverse=True):
        if stripped.startswith(unit):
            return unit, offset + len(unit)
    return "", number.end


def _qualifier(sentence: str, number: Number, after: int) -> str:
    if number.more:
        return "more"
    tail = sentence[after:after + 4].lstrip()
    for word in sorted(words.AFTER, key=len, reverse=True):
        if tail.startswith(word):
            return words.AFTER[word]
    head = sentence[max(0, number.start - 4):number.start].rstrip()
    for word in sorted(words.BEFORE, key=len, reverse=True):
        if head.endswith(word):
            return words.BEFORE[word]
    return ""


def _change(sentence: str, number: Number, year: int | None) -> tuple[str, int]:
    """(time, sign): 变化 with its sign for a change over last year, else 本年 or 上年."""
    head = sentence[max(0, number.start - 6):number.start].rstrip()
    head = re.sub(r"(?:约|近|超过|达到|达|了|共)$", "", head).rstrip()
    for sign, verbs in ((1, words.UP), (-1, words.DOWN)):
        if head.endswith(verbs) and words.CHANGE_BASE.search(sentence[:number.start]):
            return "变化", sign
    before = sentence[:number.start]
    if any(verb in before for verb in words.ADDED):
        return "变化", 1
    if year is not None and re.match(rf"\s*{year - 1}\s*年", before):
        return "上年", 1
    if re.search(r"上年|去年|上一年", before[-8:]) and not words.CHANGE_BASE.search(before):
        return "上年", 1
    return "本年", 1


# --- the indicator --------------------------------------------------------------------------


def _term_spans(text: str) -> list[tuple[int, int, words.Term]]:
    """The indicator words of ``text``, longest first where two overlap; phrases that name no
    indicator hide the words inside them."""
    blocked = [(m.start(), m.end()) for phrase in words.NOT_INDICATORS
               for m in re.finditer(re.escape(phrase), text)]
    found: list[tuple[int, int, words.Term]] = []
    taken = [False] * len(text)
    for term in words.terms():
        for match in re.finditer(re.escape(term.word), text):
            start, end = match.span()
            if any(taken[start:end]) or any(s <= start < e for s, e in blocked):
                continue
            for index in range(start, end):
                taken[index] = True
            found.append((start, end, term))
    return sorted(found, key=lambda item: item[0])


def _compatible(key: str, unit: str, number: Number) -> bool:
    item = views().by_key[key]
    if unit == "%" or unit == words.POINTS:
        return item.unit == "%"
    if unit == "∶1":
        return item.unit == "∶1"
    if item.unit == "%":
        return False
    catalogue_unit = words.UNITS.get(unit, ("", 1))[0]
    if unit in words.MONEY:
        return item.unit in words.MONEY
    if not unit:
        return not number.chinese and item.unit not in ("%", "∶1")
    return item.unit == catalogue_unit or catalogue_unit in words.UNIT_ALIASES.get(item.unit, ())


def _award_keys(clause: str, position: int, number: Number, unit: str, sentence: str
                ) -> tuple[str, ...]:
    """In a sentence about a contest, "12 名学生获奖", "获奖 7 项": the awards of the level named
    last before the number (the word right before the number in its clause, else the first
    after it)."""
    spans = _term_spans(clause)
    before = [span for span in spans if span[1] <= position]
    after = [span for span in spans if span[0] >= position + len(number.text)]
    nearest = before[-1] if before and not clause[before[-1][1]:position].strip() else (
        after[0] if after else None)
    if nearest is None or words.award_level(nearest[2].keys[0]) is False:
        return ()
    head = sentence[:number.start]
    named = [(head.rfind(name), level) for level, names in words.LEVEL_WORDS.items()
             for name in names if name in head]
    measure = "students" if unit in ("人", "名", "人次") else "entries" if unit == "项" else None
    if not named or measure is None:
        return ()
    from vetstat.core.indicators import award_key

    return (award_key(max(named)[1], measure),)


def _keys_for(term: words.Term, unit: str, number: Number, sentence: str) -> tuple[str, ...]:
    keys: list[str] = []
    rates: list[str] = []
    for key in term.keys:
        if words.is_satisfaction(key) and words.SATISFACTION_WORD not in sentence:
            continue
        if _compatible(key, unit, number):
            keys.append(key)
        elif unit in ("%", words.POINTS):
            rate = words.rate_of(key)
            if rate is not None:
                rates.append(rate)
    keys = keys or rates  # a word that names a rate itself before a count's rate
    levels = [key for key in keys if words.award_level(key) is not False]
    if len(levels) > 1:  # the level the sentence names, else every level
        named = [key for key in levels if (level := words.award_level(key)) and str(level) in sentence]
        keys = named[:1] or [key for key in levels if words.award_level(key) is None]
    return tuple(dict.fromkeys(keys))


def _indicator(clause: str, offset: int, number: Number, unit: str, sentence: str,
               previous: list[words.Term], after_number: int = 0, *, change: bool = False
               ) -> tuple[tuple[str, ...], str]:
    """The keys a number speaks of: the nearest word before it in its clause (after the number
    before it), else the first word after it (and those listed with it: "93%的学生对理论学习、
    专业学习"), else the clause before's when this one only goes on with it ("下降 5.56%")."""
    position = number.start - offset
    in_clause = any(word in clause for word in words.NOT_THE_WHOLE)
    if in_clause or any(word in sentence for word in words.NOT_THE_WHOLE_SENTENCE):
        keys = _award_keys(clause, position, number, unit, sentence)
        if not keys and not in_clause:  # "报考 63 人": a word right before the number names it
            spans = [span for span in _term_spans(clause) if span[1] <= position]
            if spans and not clause[spans[-1][1]:position].strip():
                keys = _keys_for(spans[-1][2], unit, number, sentence)
                keys = tuple(key for key in keys if words.award_level(key) is False)
        return (keys, "") if keys else ((), "说的是部分或其他事项")
    if number.is_ratio and number.second != 1:
        return (), "不是指标的比"
    for phrase, keys in words.RESPECTIVELY.items():
        at = clause.find(phrase)
        if at >= 0 and "分别" in clause[at:position]:
            order = len([n for n in find_numbers(clause[at:position]) if n.start > 0])
            return ((keys[order],), "") if order < len(keys) else ((), "未提及指标")
    spans = _term_spans(clause)
    head = clause[after_number:position]
    if previous and head.rstrip().endswith(words.PER_STUDENT):
        found = [per for term in reversed(previous) for key in term.keys
                 if (per := words.per_student_of(key))]
        return (tuple(found[:1]), "") if found else ((), "未提及指标")
    if previous and head.lstrip().startswith(words.SHARE) and unit == "%":
        rates = [rate for term in reversed(previous) for key in term.keys
                 if (rate := words.rate_of(key))]
        if rates:
            return (rates[0],), ""
    if change and unit == "%":
        unit = ""  # "下降 5.56%": the change in percent of a count
    before = [span for span in spans if after_number <= span[0] and span[1] <= position
              and not (after_number and clause[span[1]:position].strip()[:1] in ("和", "、", "及", "与")
                       and not clause[after_number:span[0]].strip())]
    after = [span for span in spans if span[0] >= position + len(number.text)]
    for _start, _end, term in reversed(before):
        keys = _keys_for(term, unit, number, sentence)
        if keys:
            return keys, ""
    listed: list[str] = []
    last_end = None
    for start, end, term in after:
        if last_end is not None and clause[last_end:start].strip() not in ("、", "和", "及", "与"):
            break
        keys = _keys_for(term, unit, number, sentence)
        if not keys:
            if listed:
                break
            continue
        listed += keys
        last_end = end
    if listed:
        return tuple(dict.fromkeys(listed)), ""
    if previous and words.CONTINUES.match(clause[:position]):
        # a change or a share goes on with the figure stated just before it, then its words
        stated = [term for term in previous if term.word[:1].isdigit()]
        for term in [*reversed(stated), *reversed(previous)]:
            keys = _keys_for(term, unit, number, sentence)
            if keys:
                return keys, ""
    for verb, key in words.ADDED.items():
        if key and verb in sentence[:number.start] and _compatible(key, unit, number):
            return (key,), ""
    if spans:
        return (), "指标词与单位不符"
    return (), "未提及指标"


# --- sentences ------------------------------------------------------------------------------


_ASIDE = re.compile(r"（(?!市、区）|升学）)[^（）\d]{0,20}）")


def _clauses(sentence: str) -> list[tuple[str, int]]:
    """Clauses with their offsets; an aside without numbers ("就业率（含升学）") is blanked."""
    sentence = _ASIDE.sub(lambda match: "　" * len(match.group(0)), sentence)
    out, start = [], 0
    for match in CLAUSE_END.finditer(sentence):
        out.append((sentence[start:match.start()], start))
        start = match.end()
    out.append((sentence[start:], start))
    return out


def _convert(number: Number, unit: str, keys: tuple[str, ...]) -> tuple[float, float]:
    """The value and step in the catalogue's unit of the (first) indicator."""
    value, step = number.value, number.step
    if keys and unit in words.MONEY:
        target = views().by_key[keys[0]].unit
        if target in words.MONEY:
            factor = words.MONEY[unit] / words.MONEY[target]
            value, step = value * factor, step * factor
    return value, step


def _sentence_claims(block: Block, sentence: str, sentence_number: int, finder: SubjectFinder,
                     carried: Subject | None, year: int | None
                     ) -> tuple[list[Claim], Subject | None]:
    masked = _masked(sentence)
    mentions = finder.mentions(sentence)
    claims: list[Claim] = []
    previous: list[words.Term] = []
    for clause, offset in _clauses(sentence):
        last_end = 0
        for number in find_numbers(clause):
            number = _shifted(number, offset)
            if not is_figure(sentence, number, masked):
                continue
            unit, after = _unit(sentence, number)
            time, sign = _change(sentence, number, year)
            keys, why = _indicator(clause, offset, number, unit, sentence, previous, last_end,
                                   change=time == "变化" and unit == "%")
            last_end = after - offset
            if unit == words.POINTS:
                time = "变化"
            elif time == "变化" and unit == "%" and keys and views().by_key[keys[0]].unit != "%":
                time = "变化%"
            if keys:  # what a change or a share after it speaks of
                previous = [*previous, words.Term(number.text, keys)]
            subject = finder.subject_at(mentions, number.start) or carried or finder.city
            value, step = _convert(number, unit, keys)
            claims.append(Claim(block, sentence.strip(), sentence_number, number, value, step,
                                unit, keys, subject, time, _qualifier(sentence, number, after),
                                sign, why=why))
        previous = [*previous, *(term for _s, _e, term in _term_spans(clause))][-6:]
    if mentions:
        carried = mentions[-1][2]
    return claims, carried


def _shifted(number: Number, offset: int) -> Number:
    from dataclasses import replace

    return replace(number, start=number.start + offset, end=number.end + offset)


# --- tables ---------------------------------------------------------------------------------

_CELL_NUMBER = re.compile(r"^\s*[+\-−]?\s*[\d,]+(?:\.\d+)?\s*[%％]?\s*$")
_HEADER_UNIT = re.compile(r"[（(]([^）)\d]+)[）)]\s*$")


def _table_claims(cells: list[Block], finder: SubjectFinder, sentence_number: int,
                  year: int | None) -> tuple[list[Claim], int]:
    """A number alone in a cell is a claim about its row (the subject and, in 表1, the
    indicator) under its column (the indicator, or the year: 上年, 增减)."""
    grid: dict[tuple[int, int], Block] = {}
    for cell in cells:
        grid[(cell.location.row or 0, cell.location.column or 0)] = cell
    header = {column: block.text for (row, column), block in grid.items() if row == 1}
    claims: list[Claim] = []
    titles = " ".join(header.values())
    rows = sorted({row for row, _ in grid if row > 1})
    for row in rows:
        texts = [grid[(row, column)].text for column in sorted(c for r, c in grid if r == row)
                 if not _CELL_NUMBER.match(grid[(row, column)].text)]
        label = " ".join(texts)
        for (cell_row, column), block in sorted(grid.items()):
            if cell_row != row or not _CELL_NUMBER.match(block.text):
                continue
            head = header.get(column, "")
            if "序号" in head:
                continue
            sentence_number += 1
            claim = _cell_claim(block, label, head, finder, sentence_number, year, titles)
            if claim is not None:
                claims.append(claim)
    return claims, sentence_number


def _cell_claim(block: Block, label: str, head: str, finder: SubjectFinder,
                sentence_number: int, year: int | None, titles: str) -> Claim | None:
    text = block.text.strip().replace("−", "-")
    numbers = find_numbers(text.lstrip("+-"))
    if not numbers:
        return None
    number = numbers[0]
    unit_match = _HEADER_UNIT.search(head)
    unit = "%" if number.percent or (unit_match and "%" in unit_match.group(1)) else (
        unit_match.group(1) if unit_match else "")
    if words.POINTS[1:] in head:
        unit = words.POINTS
    time = next((value for word, value in TABLE_TIME.items() if word in head), "本年")
    column_year = _year_of(head)
    if column_year is not None and year is not None and column_year == year - 1:
        time = "上年"
    context = f"{label} {head}"
    # the column names the indicator (招生数), else the row does by the catalogue's label (表1)
    keys: tuple[str, ...] = ()
    for _start, _end, term in reversed(_term_spans(head)):
        keys = _keys_for(term, unit, number, f"{context} {titles}")
        if keys:
            break
    if not keys:
        keys = _exact_label(label)
    if not keys and words.SATISFACTION_WORD in titles and (
            "满意度" in head or "满意率" in head or time != "本年"):
        # 表2: the row names the respondent and the item, the column its rate (or last year's)
        rate_unit = words.POINTS if unit == words.POINTS else "%"
        for _start, _end, term in reversed(_term_spans(label)):
            keys = _keys_for(term, rate_unit, number, f"{context} {titles}")
            if keys:
                unit = rate_unit
                break
    if not keys and head.strip() in words.SURVEY_COUNT_HEADERS:
        # 表2's counts: the rate's slot of the row, the count of the column
        for _start, _end, term in reversed(_term_spans(label)):
            rates = _keys_for(term, "%", number, f"{context} {titles} 满意")
            counts = [f"{key}_{words.SURVEY_COUNT_HEADERS[head.strip()]}" for key in rates]
            keys = tuple(key for key in counts if key in views().by_key)
            if keys:
                break
    if time in ("变化", "变化%"):
        unit = "%" if time == "变化%" else unit
    mentions = finder.mentions(label)
    subject = finder.most_specific(mentions) or finder.city
    sign = -1 if text.startswith("-") else 1
    value, step = _convert(number, unit, keys)
    claim = Claim(block, f"{label} {head} {text}".strip(), sentence_number, number, value, step,
                  unit, keys, subject, time, "", sign, in_table=True,
                  why="" if keys else "未提及指标")
    claim.extra["column"] = head
    return claim


def _year_of(text: str) -> int | None:
    match = re.search(r"(\d{4})\s*年", text)
    return int(match.group(1)) if match else None


def _exact_label(label: str) -> tuple[str, ...]:
    """A row of 表1 names its indicator by the catalogue's label."""
    for part in label.split(" "):
        part = part.removeprefix("其中：")
        for item in views().all:
            if part and part in (item.zh, item.zh.removeprefix("其中：")):
                return (item.key,)
    return ()
