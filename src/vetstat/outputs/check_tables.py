"""What ``check-report`` prints: each claim with its sentence, location, indicator, subject,
time, stated value, the data's value and the verdict; the inner contradictions; and the same as
JSON (data contract §6)."""

from __future__ import annotations

from typing import Any

from vetstat.core.indicators import views
from vetstat.core.issues import Lang
from vetstat.figures.verdicts import UNCHECKABLE, VERDICT_EN, Verdict, reason_text
from vetstat.outputs.render import Column, Table
from vetstat.usecases.check_report import CheckResult, counts

TIME_EN = {"本年": "this year", "上年": "last year", "变化": "change", "变化%": "change (%)"}
SENTENCE_SHOWN = 40
ORDER = {"不一致": 0, "无法核对": 1, "一致": 2}  # characters of the sentence in a table


def claim_columns() -> list[Column]:
    return [Column("verdict", "结论", "verdict"), Column("location", "位置", "location"),
            Column("indicator", "指标", "indicator"), Column("subject", "对象", "subject"),
            Column("time", "时间", "time"), Column("stated", "报告数值", "stated"),
            Column("data", "数据值", "data"), Column("note", "说明", "note"),
            Column("sentence", "原句", "sentence")]


def _note(verdict: Verdict, lang: Lang) -> str:
    if verdict.verdict == UNCHECKABLE:
        return reason_text(verdict.reason, lang)
    figure = verdict.figure
    if figure is None:
        return ""
    parts = [figure.computed(lang)] if figure.how else []
    if verdict.verdict != "一致" and figure.cells:
        parts.append(("来源：" if lang is Lang.ZH else "from: ") + "；".join(
            _grouped(figure.cells, lang)))
    return ("；" if lang is Lang.ZH else "; ").join(parts)


def _grouped(cells: list[str], lang: Lang) -> list[str]:
    """One cell of every school's file said once: "7 个文件的 教师队伍!C7（“双师型”教师）"."""
    files: dict[str, list[str]] = {}
    for cell in cells:
        file, _, where = cell.partition(" › ")
        files.setdefault(where or file, []).append(file)
    return [f"{names[0]} › {where}" if len(names) == 1 else
            (f"{len(names)} 个文件的 {where}" if lang is Lang.ZH else f"{where} of {len(names)} files")
            for where, names in files.items()]


def _indicator(verdict: Verdict, lang: Lang) -> str:
    keys = [verdict.key] if verdict.key else list(verdict.claim.keys)
    return "、".join(views().by_key[key].label(lang) for key in keys if key)


def _bookmark(verdict: Verdict, written: dict[str, str]) -> str | None:
    """The bookmark vetstat wrote around this number in the draft, if it is still there."""
    claim = verdict.claim
    start = claim.block.text.find(claim.sentence)
    if start < 0 or claim.in_table:
        return None
    at = start + claim.number.start
    return next((name for name, offset in claim.block.bookmarks
                 if offset == at and name in written), None)


def claim_row(verdict: Verdict, lang: Lang, written: dict[str, str], *,
              short: bool = False) -> dict[str, Any]:
    claim = verdict.claim
    sentence = claim.sentence if not short or len(claim.sentence) <= SENTENCE_SHOWN else (
        claim.sentence[:SENTENCE_SHOWN - 1] + "…")
    stated = claim.number.text + ("" if claim.number.percent else claim.unit)
    if claim.sign < 0:
        stated = "−" + stated
    note = _note(verdict, lang)
    mark = _bookmark(verdict, written)
    if mark and verdict.verdict == "不一致" and written[mark] != claim.number.text:
        note += ("；" if note else "") + (f"初稿中为 {written[mark]}" if lang is Lang.ZH
                                          else f"the draft said {written[mark]}")
    return {"verdict": verdict.verdict if lang is Lang.ZH else VERDICT_EN[verdict.verdict],
            "location": claim.block.location.text(lang), "indicator": _indicator(verdict, lang),
            # whom a figure is about means nothing when it names no indicator
            "subject": claim.subject.name if claim.keys else "",
            "time": claim.time if lang is Lang.ZH else TIME_EN[claim.time],
            "stated": stated, "data": verdict.shown, "note": note, "sentence": sentence}


def check_tables(result: CheckResult, lang: Lang, *, everything: bool = True,
                 short: bool = False) -> list[Table]:
    """The claims (``everything`` False: those that disagree or cannot be checked) and the
    contradictions; ``short``: sentences cut for a terminal."""
    shown = [v for v in result.verdicts if everything or v.verdict != "一致"]
    if short:  # on a terminal, what needs looking at first, each kind in the report's order
        shown.sort(key=lambda v: ORDER[v.verdict])
    claims = Table("报告数字核对", "Figures of the report checked", claim_columns(),
                   [claim_row(v, lang, result.written, short=short) for v in shown],
                   name="claims")
    contradictions = Table(
        "报告内部矛盾", "Contradictions within the report",
        [Column("kind", "类型", "kind"), Column("location", "位置", "location"),
         Column("message", "说明", "message")],
        [{"kind": item.kind_text(lang), "location": item.claims[0].block.location.text(lang),
          "message": item.text(lang)} for item in result.contradictions],
        name="contradictions")
    return [contradictions, claims] if result.contradictions else [claims]


def check_document(result: CheckResult) -> dict[str, Any]:
    """The JSON: every claim, the contradictions, the counts."""
    claims = []
    for verdict in result.verdicts:
        claim = verdict.claim
        claims.append({
            "verdict": verdict.verdict, "sentence": claim.sentence,
            "location": claim.block.location.as_dict(), "number": claim.number.text,
            "unit": claim.unit, "stated": claim.stated, "qualifier": claim.qualifier or None,
            "time": claim.time, "indicators": list(claim.keys), "indicator": verdict.key,
            "subject": {"kind": claim.subject.kind, "name": claim.subject.name,
                        "school_code": claim.subject.code},
            "data_value": verdict.figure.value if verdict.figure else None,
            "data_shown": verdict.shown or None,
            "computed": verdict.figure.how or None if verdict.figure else None,
            "cells": verdict.figure.cells if verdict.figure else [],
            "reason": verdict.reason or None,
            # what the draft wrote here, from its record of figures (a drafted report only)
            "draft": result.written.get(mark) if (mark := _bookmark(verdict, result.written))
            else None})
    return {"report": str(result.report.path), "year": result.year,
            "previous_year": result.previous_year, "counts": counts(result.verdicts),
            "contradictions": [{"kind": item.kind, "message": item.message,
                                "message_en": item.message_en,
                                "numbers": [c.number.text for c in item.claims],
                                "sentences": [c.sentence for c in item.claims],
                                "location": item.claims[0].block.location.as_dict()}
                               for item in result.contradictions],
            "claims": claims}
