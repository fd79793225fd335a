"""The hand-labelled numbers of the seed report stay true to its text, its Word copy and the
sample data, and the precision / recall arithmetic a report checker is measured with works."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import baicheng
import pytest

from seed_claims import (
    AGREES,
    DECIDED,
    DISAGREES,
    NONE,
    UNDECIDABLE,
    Claim,
    Row,
    contradicted_agreements,
    joined_text,
    load_rows,
    missed_slips,
    number_keys,
    precision,
    recall,
    slips,
    squeeze,
    summary,
)
from seed_docx import docx_text, write_seed_docx
from vetstat.core.indicators import INDICATORS
from vetstat.figures.city import city_figures, flat_figures
from vetstat.usecases.aggregate import aggregate_folder

SAMPLES = Path(__file__).parent.parent / "samples"
ROWS = load_rows()
TEXT = joined_text()
SCHOOLS = {school["school"]["school_code"]: school["school"] for school in baicheng.schools(2022)}
COUNTIES = {school["county"] for school in SCHOOLS.values()}

# numbers the fixture leaves out on purpose (tests/fixtures/README.md): years and dates,
# chapter, figure, table and list numbers, the page number, digits inside names
NOT_CLAIMS = (
    r"\d{4}\.\d{1,2}--\d{4}\.\d{1,2}", r"\d{4}-\d{4}(?=年)", r"\d+(?=年|月|日)",
    r"\d+(?:\.\d+){2}", r"(?<![\d.])\d\.\d(?=[\u4e00-\u9fff])(?![万亿])",
    r"(?<![\d.])\d+\.(?=[\u4e00-\u9fff“])", r"(?<=[图表])\d+", r"(?<=挑战)\d",
    r"(?<=[奖项])\d(?=[\u4e00-\u9fff])", r"1\+X", r"\d+G", r"(?<=[A-Z])\d", r"(?<=教育部)228",
    r"(?<=教学中)13(?=的应用)",
)
ARABIC = re.compile(r"\d+(?:[.,]\d+)*(?::\d+)?")


def test_every_row_stands_in_the_seed_text() -> None:
    assert 100 <= len(ROWS) <= 250
    for row in ROWS:
        where = f"seed-claims.tsv:{row.line}"
        assert TEXT.count(row.sentence) == 1, f"{where}: sentence not found once in the seed"
        assert row.sentence[-1] in "。！？；", f"{where}: a sentence ends with 。！？；"
        assert row.number in row.sentence, f"{where}: {row.number} is not in its sentence"
        assert number_keys(row.number), where
    # a number written twice in one sentence (3名…一等奖，3名…二等奖) is two rows; when the data
    # decides them they speak of two indicators, so that a claim finds its row
    places = Counter((row.sentence, row.number, row.indicators) for row in ROWS if row.decided)
    assert max(places.values()) == 1


def test_every_arabic_number_of_the_text_is_labelled() -> None:
    """Each sentence's Arabic numbers, less dates, chapter and list numbers, are its rows'."""
    for sentence in re.split(r"(?<=[。！？；])", TEXT):
        text = sentence
        for pattern in NOT_CLAIMS:
            text = re.sub(pattern, lambda found: "#" * len(found.group()), text)
        stated = Counter(ARABIC.findall(text))
        labelled = Counter(match.group() for row in ROWS if row.sentence in sentence
                           if (match := ARABIC.match(row.number)))
        assert stated == labelled, sentence


def test_the_columns_hold_what_the_readme_says() -> None:
    keys = {indicator.key for indicator in INDICATORS}
    for row in ROWS:
        where = f"seed-claims.tsv:{row.line}"
        for key in row.indicators:
            assert key in keys or key == NONE, f"{where}: {key} is no indicator"
        for subject in row.subjects:
            school, _, major = subject.partition(":")
            assert (subject in ("city", NONE) or subject in COUNTIES
                    or (school in SCHOOLS and (not major or re.fullmatch(r"\d{6}", major)))), where
        if row.decided:
            assert NONE not in row.indicators and NONE not in row.subjects, where
        if row.verdict == DISAGREES:
            assert row.note, f"{where}: a 不一致 row says what the data gives"
    verdicts = Counter(row.verdict for row in ROWS)
    assert verdicts[AGREES] and verdicts[DISAGREES] and verdicts[UNDECIDABLE]


def test_the_known_slips_are_labelled() -> None:
    """The 双师型 54% beside 54 人, and the employment parts that miss 305 graduates."""
    found = {(row.number, row.indicators[0], row.verdict) for row in slips(ROWS)}
    assert ("54", "dual_qualified", DISAGREES) in found
    assert ("54%", "dual_ratio", AGREES) in found
    assert {("1718", AGREES), ("310", AGREES), ("1103", AGREES)} <= {
        (row.number, row.verdict) for row in ROWS if row.contradiction}


# --- the labels against the data --------------------------------------------------------------

@cache
def figures(year: int) -> dict[str, dict[str, Any]]:
    """'city' and each 学校标识码 -> its flat figures; 'code:major' -> the major's counts."""
    city = aggregate_folder(SAMPLES / str(year))
    found = {"city": flat_figures(city_figures(city.included))}
    for school in city.included:
        assert school.school_code is not None
        found[school.school_code] = flat_figures(city_figures([school], per_school=True))
        for major in school.majors:
            found[f"{school.school_code}:{major.code}"] = {"new_students": major.new_students}
    return found


def data_value(key: str, subject: str, time: str) -> float:
    new = figures(2022)[subject][key]
    if time == "本年":
        return float(new)
    old = figures(2021)[subject][key]
    return float(new - old) if time == "变化" else float(old)


def holds(row: Row, value: float) -> bool:
    """The stated number against the data's, at the text's rounding and with its qualifier."""
    mantissa = re.sub(r"[%万亿]", "", row.number)
    stated = Decimal(mantissa)
    places = -int(stated.as_tuple().exponent)
    if row.number.endswith("万") and value > 100_000:  # 79.6万 平方米 (万元 amounts are in 万)
        value /= 10_000
    where = row.sentence.index(row.number)
    before, after = row.sentence[max(0, where - 2):where], row.sentence[where + len(row.number):]
    if before.endswith("超过") or after.startswith(("多", "余")):
        return value > stated
    if after.startswith("以上"):
        return value >= stated
    return Decimal(f"{value:.{places}f}") == stated


def test_every_decided_row_is_what_the_samples_say() -> None:
    """Labelled by computing, and recomputed here: samples/2022 for 本年, minus 2021 for 变化."""
    for row in ROWS:
        if not row.decided:
            continue
        for key in row.indicators:
            for subject in row.subjects:
                value = data_value(key, subject, row.time)
                expected = AGREES if holds(row, value) else DISAGREES
                assert expected == row.verdict, f"seed-claims.tsv:{row.line}: data {value}"


# --- the Word copy ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_seed_docx(tmp_path_factory.mktemp("seed") / "seed-report.docx")


def test_the_word_copy_has_every_labelled_sentence(seed_docx: Path) -> None:
    import docx

    document = docx.Document(str(seed_docx))
    assert len(document.tables) == 3
    assert document.tables[0].cell(1, 1).text == "无人机操控与维护"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1.基本情况" in headings and "5.4 经费投入" in headings
    text = squeeze("".join(docx_text(seed_docx)))
    for row in ROWS:
        assert row.sentence in text, f"seed-claims.tsv:{row.line}"
    # the lines of a paragraph are joined: no paragraph ends inside a sentence of the rows
    paragraphs = [squeeze(p.text) for p in document.paragraphs]
    for row in ROWS:
        assert any(row.sentence in paragraph for paragraph in paragraphs), row.line


# --- the metrics ------------------------------------------------------------------------------

def as_claim(row: Row, **changes: str) -> Claim:
    fields = {"sentence": row.sentence, "number": row.number, "indicator": row.indicators[0],
              "subject": row.subjects[0], "time": row.time, "verdict": row.verdict}
    return Claim(**{**fields, **changes})


def test_the_labels_as_claims_score_one() -> None:
    claims = [as_claim(row) for row in ROWS]
    assert precision(claims, ROWS).value == recall(claims, ROWS).value == 1.0
    assert not contradicted_agreements(claims, ROWS)
    assert not missed_slips(claims, ROWS, contradicted=[
        (row.sentence, row.number) for row in ROWS if row.contradiction])


def test_wrong_or_overeager_claims_cost_precision_and_recall() -> None:
    decided = [row for row in ROWS if row.decided]
    undecidable = next(row for row in ROWS if row.verdict == UNDECIDABLE)
    agreed = next(row for row in decided if row.verdict == AGREES)
    claims = [as_claim(row) for row in decided if row is not agreed]
    claims += [as_claim(agreed, verdict=DISAGREES),  # a false alarm
               as_claim(undecidable, indicator="students", subject="city", verdict=AGREES)]
    assert recall(claims, ROWS).hits == len(decided) - 1
    assert precision(claims, ROWS).hits == len(claims) - 2
    assert contradicted_agreements(claims, ROWS) == [as_claim(agreed, verdict=DISAGREES)]
    # a claim with the right number but another subject or time does not count
    other = [as_claim(agreed, subject="3622002417"), as_claim(agreed, time="上年")]
    assert precision(other, ROWS).hits == 0 and recall(other, ROWS).hits == 0
    assert precision([], ROWS).value == 0.0 and recall([], ROWS).total == len(decided)


def test_claims_are_matched_by_sentence_and_value() -> None:
    row = next(row for row in ROWS if row.number == "79.6万")
    spaced = row.sentence.replace("79.6万", " 79.6 万")
    for number in ("79.6万", "79.6", 796000, 796000.0, " 79.6 万"):
        assert recall([as_claim(row, number=number, sentence=spaced)], ROWS).hits == 1
    heading = "1.基本情况" + row.sentence  # a longer sentence holding the row's counts too
    assert recall([as_claim(row, sentence=heading)], ROWS).hits == 1
    assert recall([as_claim(row, number="79.7万")], ROWS).hits == 0
    dual = next(row for row in ROWS if row.number == "54%")
    cut = dual.sentence.split(";")[0] + ";"  # a checker cutting at the ASCII semicolon
    assert recall([as_claim(dual, sentence=cut)], ROWS).hits == 1
    three = next(row for row in ROWS if row.number == "93%")
    both = ("satisfaction_students_theory", "satisfaction_students_major")
    assert recall([as_claim(three, indicator=both)], ROWS).hits == 1
    assert recall([as_claim(three, indicator="satisfaction_students_theory|students")], ROWS).hits == 0
    assert "precision 0.000 (0/1)" in summary([as_claim(three, indicator="students")], ROWS)
    assert number_keys("三千二百") == {"3200"} and number_keys("9.18:1") == {"9.18:1", "9.18"}
    assert number_keys("5,078") == number_keys(5078) == {"5078"}
    assert number_keys("1500多") == {"1500"} and number_keys("155多万") == {"155", "1550000"}
    assert number_keys("约105万元") == {"105", "1050000"} and not number_keys("合计")
    assert all(row.verdict in DECIDED or not row.decided for row in ROWS)
