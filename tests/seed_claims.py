"""The hand-labelled numbers of the seed report, and a report checker's precision and recall on them.

``tests/fixtures/seed-claims.tsv`` has one row per number of the seed report
(``tests/fixtures/seed-report.txt``): the sentence it stands in, the number as written, the
indicator, subject and time it speaks of, and whether ``samples/2022`` (``samples/2021`` for
上年 and 变化) agrees with it. ``tests/fixtures/README.md`` gives the conventions and how the
rows were labelled. A checker's test turns what the checker found into :class:`Claim` objects
and calls :func:`precision`, :func:`recall`, :func:`contradicted_agreements` and
:func:`missed_slips`; it never reads the TSV itself.

A claim *stands on* a row when both are in the same sentence (whitespace ignored; one sentence
may contain the other, so a checker may cut sentences at ``;`` or keep a heading in front) and
state the same number (:func:`number_keys`). It *agrees with* the row when its indicator,
subject and time are among the row's (a row may list alternatives with ``|``) and its verdict
is the row's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = FIXTURES / "seed-report.txt"
CLAIMS = FIXTURES / "seed-claims.tsv"

COLUMNS = ("sentence", "number", "indicator", "subject", "time", "verdict", "note")
AGREES, DISAGREES, UNDECIDABLE = "一致", "不一致", "无法核对"
VERDICTS = (AGREES, DISAGREES, UNDECIDABLE)
DECIDED = (AGREES, DISAGREES)
TIMES = ("本年", "上年", "变化")
CONTRADICTION = "矛盾:"
NONE = "-"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
_STATED = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def squeeze(text: str) -> str:
    """The text without any whitespace: how sentences are compared."""
    return re.sub(r"\s+", "", text)


def joined_text(path: Path = REPORT) -> str:
    """The seed report with its hard line breaks and all whitespace removed."""
    return squeeze(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Row:
    """One labelled number of the seed report (one line of the TSV)."""

    line: int
    sentence: str
    number: str
    indicators: tuple[str, ...]
    subjects: tuple[str, ...]
    time: str
    verdict: str
    note: str

    @property
    def decided(self) -> bool:
        return self.verdict in DECIDED

    @property
    def contradiction(self) -> bool:
        """The row is part of an inner contradiction of the text (its note says 矛盾: with what)."""
        return CONTRADICTION in self.note


@dataclass(frozen=True)
class Claim:
    """What a checker says about one number: the fields a row is compared on.

    ``number`` is the number as the checker read it: its text (``"79.6万"``, ``"54%"``,
    ``"三千二百"``) or its value (``796000``, ``54.0``). ``indicator`` is a catalogue key, ``"-"``,
    or several keys (a tuple, or joined by ``|``) when the claim speaks of several at once; they
    must all be among the row's. ``subject`` is ``"city"``, a 学校标识码 or a county / category name, ``time`` one of
    :data:`TIMES`, ``verdict`` one of :data:`VERDICTS`.
    """

    sentence: str
    number: str | int | float | Decimal
    indicator: str | tuple[str, ...]
    subject: str
    time: str
    verdict: str


def load_rows(path: Path = CLAIMS) -> list[Row]:
    """The rows of the TSV; a malformed line is an error naming its line number."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if tuple(header) != COLUMNS:
            raise ValueError(f"{path.name}: header {header} is not {list(COLUMNS)}")
        rows = []
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(COLUMNS):
                raise ValueError(f"{path.name}:{line}: {len(cells)} columns, not {len(COLUMNS)}")
            sentence, number, indicator, subject, time, verdict, note = cells
            if verdict not in VERDICTS or time not in TIMES:
                raise ValueError(f"{path.name}:{line}: verdict {verdict!r} / time {time!r}")
            rows.append(Row(line, sentence, number, tuple(indicator.split("|")),
                            tuple(subject.split("|")), time, verdict, note))
    return rows


def chinese_value(text: str) -> int:
    """三千二百 → 3200, 十四 → 14, 两 → 2, 一万二千 → 12000."""
    total = section = 0
    digit: int | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char in _MAGNITUDES:
            total += (section + (digit or 0)) * _MAGNITUDES[char]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def number_keys(number: str | int | float | Decimal) -> frozenset[str]:
    """The values a stated number may be compared by, as plain decimal strings.

    ``"561万"`` gives ``{"561", "5610000"}`` (a checker may keep 万 with the unit or not),
    ``"54%"`` gives ``{"54"}``, ``"5,078"`` ``{"5078"}``, ``"9.18:1"`` ``{"9.18:1", "9.18"}``,
    ``"三千二百"`` ``{"3200"}``, ``54.0`` ``{"54"}``; words around the number are ignored
    (``"1500多"``, ``"155多万"``, ``"约105万元"``). Two numbers are the same when their keys
    meet; text with no number in it has no keys.
    """
    if isinstance(number, (int, float, Decimal)):
        return frozenset({_plain(Decimal(str(number)))})
    text = squeeze(number).replace("∶", ":").replace("，", ",")
    arabic = _STATED.search(text)
    if arabic:
        mantissa = Decimal(arabic.group(1).replace(",", ""))
        if arabic.group(2):
            right = Decimal(arabic.group(2))
            keys = {f"{_plain(mantissa)}:{_plain(right)}"}
            return frozenset(keys | ({_plain(mantissa)} if right == 1 else set()))
        magnitude = _MAGNITUDES.get(text[arabic.end():].lstrip("多余")[:1], 1)
        return frozenset({_plain(mantissa), _plain(mantissa * magnitude)})
    chinese = _CHINESE.search(text)
    if chinese:
        return frozenset({_plain(Decimal(chinese_value(chinese.group())))})
    return frozenset()


def stands_on(claim: Claim, row: Row) -> bool:
    """Same sentence (one containing the other, whitespace ignored) and the same number."""
    said, labelled = squeeze(claim.sentence), row.sentence
    if not said or (said not in labelled and labelled not in said):
        return False
    return bool(number_keys(claim.number) & number_keys(row.number))


def indicators_of(claim: Claim) -> tuple[str, ...]:
    keys = claim.indicator.split("|") if isinstance(claim.indicator, str) else claim.indicator
    return tuple(keys) or (NONE,)


def agrees_with(claim: Claim, row: Row) -> bool:
    return (stands_on(claim, row) and set(indicators_of(claim)) <= set(row.indicators)
            and claim.subject in row.subjects and claim.time == row.time
            and claim.verdict == row.verdict)


@dataclass(frozen=True)
class Score:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.hits}/{self.total})"


def recall(claims: Iterable[Claim], rows: Sequence[Row]) -> Score:
    """Rows labelled 一致 / 不一致 that some claim agrees with, over all such rows."""
    claims = list(claims)
    decided = [row for row in rows if row.decided]
    hits = sum(1 for row in decided if any(agrees_with(claim, row) for claim in claims))
    return Score(hits, len(decided))


def precision(claims: Iterable[Claim], rows: Sequence[Row]) -> Score:
    """Claims saying 一致 / 不一致 that agree with a row, over all claims saying 一致 / 不一致.

    A decided claim on a number the labels call 无法核对, or on no labelled number at all,
    counts against precision.
    """
    decided = [claim for claim in claims if claim.verdict in DECIDED]
    hits = sum(1 for claim in decided if any(agrees_with(claim, row) for row in rows))
    return Score(hits, len(decided))


def misses(claims: Iterable[Claim], rows: Sequence[Row]) -> list[Row]:
    """The decided rows no claim agrees with (what recall lacks), for a failure message."""
    claims = list(claims)
    return [row for row in rows
            if row.decided and not any(agrees_with(claim, row) for claim in claims)]


def wrong_claims(claims: Iterable[Claim], rows: Sequence[Row]) -> list[Claim]:
    """The decided claims that agree with no row (what precision lacks)."""
    return [claim for claim in claims if claim.verdict in DECIDED
            and not any(agrees_with(claim, row) for row in rows)]


def summary(claims: Iterable[Claim], rows: Sequence[Row], shown: int = 10) -> str:
    """Precision and recall with the first misses and wrong claims, for a failure message."""
    claims = list(claims)
    lines = [f"precision {precision(claims, rows)}, recall {recall(claims, rows)}"]
    lines += [f"  missed  line {row.line}: {row.number} {'|'.join(row.indicators)} "
              f"{'|'.join(row.subjects)} {row.time} {row.verdict} in {row.sentence[:40]}"
              for row in misses(claims, rows)[:shown]]
    lines += [f"  wrong   {claim.number} {claim.indicator} {claim.subject} {claim.time} "
              f"{claim.verdict} in {squeeze(claim.sentence)[:40]}"
              for claim in wrong_claims(claims, rows)[:shown]]
    return "\n".join(lines)


def contradicted_agreements(claims: Iterable[Claim], rows: Sequence[Row]) -> list[Claim]:
    """Claims saying 不一致 of a number whose row is labelled 一致 (false alarms)."""
    return [claim for claim in claims if claim.verdict == DISAGREES
            and any(row.verdict == AGREES and stands_on(claim, row) for row in rows)]


def slips(rows: Sequence[Row]) -> list[Row]:
    """The seed's known slips: rows labelled 不一致 and rows of an inner contradiction."""
    return [row for row in rows if row.verdict == DISAGREES or row.contradiction]


def missed_slips(claims: Iterable[Claim], rows: Sequence[Row],
                 contradicted: Iterable[tuple[str, str]] = ()) -> list[Row]:
    """The known slips a checker did not report.

    A slip counts as reported when a claim standing on it says 不一致, or when
    ``contradicted`` (the (sentence, number) pairs the checker lists in an inner
    contradiction) holds its number in its sentence.
    """
    claims = list(claims)
    contradicted = list(contradicted)
    missed = []
    for row in slips(rows):
        flagged = any(claim.verdict == DISAGREES and stands_on(claim, row) for claim in claims)
        paired = any(stands_on(Claim(sentence, number, NONE, NONE, row.time, DISAGREES), row)
                     for sentence, number in contradicted)
        if not (flagged or paired):
            missed.append(row)
    return missed
