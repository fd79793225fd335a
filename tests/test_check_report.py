"""vetstat check-report: a report drafted by vetstat checks clean against its own data; numbers a
clerk edits afterwards are reported with their locations, with or without the record of figures;
the seed report's slips are found; unusable reports are refused with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from helpers import invoke

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = ROOT / "tests" / "fixtures" / "seed-report.txt"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "报告.docx"
    code, _, err = invoke("report", SAMPLES / "2022", "--previous", SAMPLES / "2021",
                          "--city", "白城市", "-o", path)
    assert code == 0, err
    return path


def _check(report: Path, *extra: str | Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = invoke("check-report", report, SAMPLES / "2022", "--previous",
                            SAMPLES / "2021", "--format", "json", *extra)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_a_draft_checks_clean_against_its_own_data(draft: Path) -> None:
    code, document = _check(draft)
    assert code == 0
    assert document["counts"]["不一致"] == 0 and document["contradictions"] == []
    assert document["counts"]["一致"] > 700
    # the annex tables are checked cell by cell, 表2's counts and rates included
    checked = {claim["indicator"] for claim in document["claims"] if claim["location"]["table"]
               and claim["verdict"] == "一致"}
    assert {"students", "satisfaction_students_theory",
            "satisfaction_students_theory_very_satisfied", "awards_city_entries"} <= checked
    # left unchecked: prizes one by one (no indicator per prize), 通过 alone, a placeholder
    assert document["counts"]["无法核对"] <= 20
    # what cannot be checked is said why, never guessed
    for claim in document["claims"]:
        if claim["verdict"] == "无法核对":
            assert claim["reason"]


EDITS = {"898": ("908", "教职工"), "62": ("63", "企业"), "3500": ("3600", "社会培训")}


def _edit(source: Path, target: Path, *, drop_record: bool) -> None:
    """Change three numbers inside their runs, as a clerk would in Word."""
    document = docx.Document(str(source))
    left = dict(EDITS)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text in left and left[run.text][1] in paragraph.text:
                run.text = left.pop(run.text)[0]
    assert not left, left
    if drop_record:
        for rel_id, rel in list(document.part.rels.items()):
            if "vetstat-figures" in str(rel.target_ref):
                del document.part.rels[rel_id]
    document.save(str(target))


@pytest.mark.parametrize("drop_record", [False, True])
def test_three_edited_numbers_are_reported_where_they_are(draft: Path, tmp_path: Path,
                                                          drop_record: bool) -> None:
    edited = tmp_path / "改过的报告.docx"
    _edit(draft, edited, drop_record=drop_record)
    if drop_record:
        import zipfile

        assert not any("vetstat-figures" in name for name in zipfile.ZipFile(edited).namelist())
    code, document = _check(edited)
    assert code == 1
    wrong = [claim for claim in document["claims"] if claim["verdict"] == "不一致"]
    assert sorted(claim["number"] for claim in wrong) == ["3600", "63", "908"]
    assert {claim["indicator"] for claim in wrong} == {"staff_total", "partner_enterprises",
                                                         "social_training"}
    assert all(claim["location"]["paragraph"] for claim in wrong)
    assert document["contradictions"] == []
    # the record only says what the draft wrote there; without it the verdicts are the same
    drafts = sorted(str(claim["draft"]) for claim in wrong)
    assert drafts == (["None"] * 3 if drop_record else ["3500", "62", "898"])


def test_annotated_copy_leaves_the_original_untouched(draft: Path, tmp_path: Path) -> None:
    edited = tmp_path / "改过的报告.docx"
    _edit(draft, edited, drop_record=False)
    before = edited.read_bytes()
    out = tmp_path / "批注.docx"
    code, _, err = invoke("check-report", edited, SAMPLES / "2022", "--previous",
                          SAMPLES / "2021", "--annotate", out)
    assert code == 1, err
    assert edited.read_bytes() == before
    comments = docx.Document(str(out)).comments
    texts = [comment.text for comment in comments]
    assert any("908" in text and "898" in text for text in texts)
    # an existing output is not replaced without --force, nor an input ever
    code, _, err = invoke("check-report", edited, SAMPLES / "2022", "--annotate", out)
    assert code == 2 and "--force" in err
    code, _, err = invoke("check-report", edited, SAMPLES / "2022", "--annotate", edited,
                          "--force")
    assert code == 2


@pytest.mark.skipif(not SEED.exists(), reason="the seed fixture")
def test_seed_slips_are_found(tmp_path: Path) -> None:
    code, document = _check(SEED)
    assert code == 1
    wrong = {(claim["number"], claim["indicator"]) for claim in document["claims"]
             if claim["verdict"] == "不一致"}
    assert ("54", "dual_qualified") in wrong
    kinds = {item["kind"] for item in document["contradictions"]}
    assert "比例与人数" in kinds and "部分之和与总数不符" in kinds


def test_unusable_reports_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"not a zip")
    code, _, err = invoke("check-report", broken, SAMPLES / "2022")
    assert code == 2 and "无法读取报告" in err
    missing = tmp_path / "没有.docx"
    code, _, err = invoke("check-report", missing, SAMPLES / "2022")
    assert code == 2
    text = tmp_path / "报告.txt"
    text.write_text("全市在校生 5078 人。", encoding="utf-8")
    code, _, err = invoke("check-report", text, SAMPLES / "2022", "--annotate",
                          tmp_path / "x.docx")
    assert code == 2 and ".docx" in err
    code, out, _ = invoke("check-report", text, SAMPLES / "2022")
    assert code == 0 and "一致" in out
    shutil.rmtree(tmp_path)


# --- the rules of judging, each with a near miss ----------------------------------------------

@pytest.mark.parametrize(("stated", "step", "qualifier", "value", "expected"), [
    (5078, 1, "", 5078, True), (5078, 1, "", 5079, False),
    (54, 1, "", 54.02, True), (54, 1, "", 54.6, False),
    (54.02, 0.01, "", 54.0193, True), (54.02, 0.01, "", 54.03, False),
    (796_000, 1000, "", 796_100, True), (796_000, 1000, "", 796_600, False),
    (96, 1, "over", 96.62, True), (96, 1, "over", 96.0, False),
    (90, 1, "at_least", 94.17, True), (90, 1, "at_least", 89.4, False),
    (1200, 1, "under", 1199, True), (1200, 1, "under", 1200, False),
    (1500, 100, "more", 1550, True), (1500, 100, "more", 1600, False),
    (1000, 1, "about", 1049, True), (1000, 1, "about", 1051, False),
    (2000, 1, "near", 1950, True), (2000, 1, "near", 2010, False),
])
def test_a_figure_holds_at_the_precision_and_qualifier_written(
        stated: float, step: float, qualifier: str, value: float, expected: bool) -> None:
    from vetstat.figures.verdicts import holds

    assert holds(stated, step, qualifier, value) is expected


def _text_report(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_changes_need_last_year_and_are_judged_with_it(tmp_path: Path) -> None:
    report = _text_report(tmp_path, "全市在校生 5078 人，比上年减少 299 人，下降 5.56%。\n")
    code, out, _ = invoke("check-report", report, SAMPLES / "2022", "--format", "json")
    claims = json.loads(out)["claims"]
    assert code == 0 and [c["verdict"] for c in claims] == ["一致", "无法核对", "无法核对"]
    assert "--previous" in claims[1]["reason"]
    code, document = _check(_text_report(tmp_path, "全市在校生 5078 人，比上年减少 300 人。\n"))
    assert code == 1
    assert [c["verdict"] for c in document["claims"]] == ["一致", "不一致"]
    assert document["claims"][1]["data_value"] == -299


def test_parts_of_a_whole_in_one_paragraph(tmp_path: Path) -> None:
    added_up = _text_report(tmp_path, "全市毕业生 1718 人，其中直接就业 310 人，升学 1103 人，未就业 305 人。\n")
    code, document = _check(added_up)
    assert code == 0 and document["contradictions"] == []
    short = _text_report(tmp_path, "全市毕业生 1718 人，其中直接就业 310 人，升学 1103 人，未就业 300 人。\n")
    code, document = _check(short)
    assert code == 1
    assert [item["kind"] for item in document["contradictions"]] == ["部分之和与总数不符"]


def test_english_and_the_other_formats(tmp_path: Path) -> None:
    report = _text_report(tmp_path, "全市“双师型”教师 54 人，占专业课教师的 54%。\n")
    code, out, _ = invoke("check-report", report, SAMPLES / "2022", "--lang", "en")
    assert code == 1
    assert "inconsistent" in out and "cannot both hold" in out and "不一致" not in out
    code, out, _ = invoke("check-report", report, SAMPLES / "2022", "--format", "csv")
    assert out.splitlines()[1].startswith("类型,")  # the contradictions come first
    code, out, _ = invoke("check-report", report, SAMPLES / "2022", "--format", "markdown")
    assert "## 报告数字核对" in out and "| 不一致" in out
