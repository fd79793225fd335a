"""check-report on the seed report (its pdftotext text and the Word copy made from it) against
samples/2022 and samples/2021, measured on the hand-labelled numbers of seed-claims.tsv with the
metrics of tests/seed_claims.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import seed_claims
from seed_docx import write_seed_docx
from vetstat.figures.verdicts import Verdict
from vetstat.usecases.check_report import CheckResult, check_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PRECISION, RECALL = 0.9, 0.8


def _subject(verdict: Verdict) -> str:
    subject = verdict.claim.subject
    if subject.kind == "city":
        return "city"
    return subject.code or subject.name if subject.kind == "school" else subject.name


def as_claims(result: CheckResult) -> list[seed_claims.Claim]:
    """What the checker said, in the fields the labels are compared on."""
    found = []
    for verdict in result.verdicts:
        claim = verdict.claim
        found.append(seed_claims.Claim(
            claim.sentence, re.sub(r"\s|多|余", "", claim.number.text),
            verdict.key or (claim.keys[0] if claim.keys else seed_claims.NONE),
            _subject(verdict), "变化" if claim.time.startswith("变化") else claim.time,
            verdict.verdict))
    return found


def contradicted(result: CheckResult) -> list[tuple[str, str]]:
    return [(claim.sentence, re.sub(r"\s|多|余", "", claim.number.text))
            for item in result.contradictions for claim in item.claims]


@pytest.fixture(scope="module", params=["txt", "docx"])
def seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    report = seed_claims.REPORT
    if request.param == "docx":
        report = write_seed_docx(tmp_path_factory.mktemp("seed") / "seed-report.docx")
    return check_report(report, SAMPLES / "2022", previous=SAMPLES / "2021")


def test_precision_and_recall(seed: CheckResult) -> None:
    rows = seed_claims.load_rows()
    claims = as_claims(seed)
    precision, recall = seed_claims.precision(claims, rows), seed_claims.recall(claims, rows)
    assert precision.value >= PRECISION, (precision, seed_claims.wrong_claims(claims, rows))
    assert recall.value >= RECALL, (recall, seed_claims.misses(claims, rows))


def test_no_false_alarm_and_every_slip(seed: CheckResult) -> None:
    rows = seed_claims.load_rows()
    claims = as_claims(seed)
    assert seed_claims.contradicted_agreements(claims, rows) == []
    assert seed_claims.missed_slips(claims, rows, contradicted(seed)) == []
