"""A report's inner contradictions: statements of the text that cannot all be true, whatever
the data says.

- **count and share**: a count of people and, in the same paragraph, the share of the
  indicator that has it on top ("“双师型”教师 54 人" and "“双师型”教师占比 54%") disagree when the
  count, over the share's whole (the data's 专业课教师), is not the share;
- **part and whole**: a part stated above its whole (对口就业 1103 人 of 直接就业 310 人);
- **parts and whole**: the parts of a whole that every member belongs to exactly one of
  (毕业生 = 直接就业 + 升学 + 未就业), stated in one paragraph beside the whole, that do not add
  up to it (all stated) or exceed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vetstat.core import vocabulary as words
from vetstat.core.indicators import Formula, views
from vetstat.core.issues import Lang
from vetstat.core.numbers import fixed
from vetstat.figures.verdicts import Verdict, holds
from vetstat.reading.claims import Claim

# wholes whose members each belong to exactly one part (the rules J402, T302, E205 check the
# workbooks for the same)
PARTITIONS: dict[str, tuple[str, ...]] = {
    "graduates": ("employed", "further_study", "not_placed"),
    "full_time": ("foundation", "specialty"),
    "students": ("grade_1", "grade_2", "grade_3"),
    "schools": ("schools_city_run", "schools_county"),
}


@dataclass
class Contradiction:
    kind: str  # 比例与人数, 部分大于整体, 部分之和与总数不符
    claims: list[Claim]
    message: str
    message_en: str = ""

    def text(self, lang: Lang) -> str:
        return self.message if lang is Lang.ZH else (self.message_en or self.message)

    def kind_text(self, lang: Lang) -> str:
        return self.kind if lang is Lang.ZH else KIND_EN.get(self.kind, self.kind)


KIND_EN = {"比例与人数": "count and share", "部分大于整体": "part above its whole",
           "部分之和与总数不符": "parts do not add up"}


def _plain(claim: Claim) -> bool:
    return claim.time == "本年" and not claim.qualifier and len(claim.keys) >= 1


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else fixed(value, 2)


def contradictions(verdicts: Sequence[Verdict], city: Mapping[str, Any]) -> list[Contradiction]:
    found: list[Contradiction] = []
    by_block: dict[int, list[Claim]] = {}
    for verdict in verdicts:
        claim = verdict.claim
        if _plain(claim) and not claim.in_table:
            by_block.setdefault(claim.block.index, []).append(claim)
    for index, claims in by_block.items():
        del index
        found += _shares(claims, city)
        found += _parts(claims)
    return found


def _key(claim: Claim, keys: Sequence[str]) -> str | None:
    return next((key for key in claim.keys if key in keys), None)


def _shares(claims: list[Claim], city: Mapping[str, Any]) -> list[Contradiction]:
    found = []
    for count in claims:
        for key in count.keys:
            rate = words.rate_of(key)
            if rate is None:
                continue
            source = views().by_key[rate].source
            assert isinstance(source, Formula)
            for share in claims:
                if rate not in share.keys or share.subject != count.subject:
                    continue
                whole = city.get(source.denominator) if count.subject.kind == "city" else None
                if not whole:
                    continue
                implied = count.stated / whole * 100
                if holds(share.stated, share.step, share.qualifier, implied):
                    continue
                label = views().by_key[key].zh
                whole_label = views().by_key[source.denominator].zh
                about = _n(round(share.stated * whole / 100))
                found.append(Contradiction("比例与人数", [count, share], (
                    f"{label} {count.number.text} 人与占比 {share.number.text} 不能同时成立："
                    f"{_n(count.stated)} ÷ {_n(whole)} 名{whole_label} = {fixed(implied, 2)}%，"
                    f"而 {share.number.text} 的 {_n(whole)} 人约为 {about} 人。"), (
                    f"{views().by_key[key].en}: {count.number.text} people and a share of "
                    f"{share.number.text} cannot both hold: {_n(count.stated)} ÷ {_n(whole)} "
                    f"({views().by_key[source.denominator].en}) = {fixed(implied, 2)}%, while "
                    f"{share.number.text} of {_n(whole)} is about {about}.")))
    return found


def _parts(claims: list[Claim]) -> list[Contradiction]:
    found = []
    by_key: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        for key in claim.keys:
            by_key.setdefault((claim.subject.name, key), claim)
    for (subject, key), part in list(by_key.items()):
        whole_key = views().by_key[key].part_of
        whole = by_key.get((subject, whole_key)) if whole_key else None
        if whole is not None and part.stated > whole.stated and part is not whole:
            found.append(Contradiction("部分大于整体", [part, whole], (
                f"{views().by_key[key].zh} {_n(part.stated)} 多于"
                f"{views().by_key[str(whole_key)].zh} {_n(whole.stated)}。"), (
                f"{views().by_key[key].en} {_n(part.stated)} exceed "
                f"{views().by_key[str(whole_key)].en} {_n(whole.stated)}.")))
    for whole_key, parts in PARTITIONS.items():
        for (subject, key), whole in list(by_key.items()):
            if key != whole_key:
                continue
            stated = [by_key[(subject, part)] for part in parts if (subject, part) in by_key]
            if len(stated) < 2 and not (len(stated) == 1 and len(parts) == 2):
                continue
            total = sum(claim.stated for claim in stated)
            complete = len(stated) == len(parts)
            if (complete and abs(total - whole.stated) > 1e-6) or total > whole.stated + 1e-6 or (
                    not complete and len(stated) >= 2 and total < whole.stated):
                names = " + ".join(f"{views().by_key[part].zh} {_n(by_key[(subject, part)].stated)}"
                                   for part in parts if (subject, part) in by_key)
                missing = [views().by_key[part].zh for part in parts if (subject, part) not in by_key]
                tail = f"，未说明{('、'.join(missing))}" if missing else ""
                names_en = " + ".join(f"{views().by_key[part].en} {_n(by_key[(subject, part)].stated)}"
                                      for part in parts if (subject, part) in by_key)
                missing_en = ", ".join(views().by_key[part].en for part in parts
                                       if (subject, part) not in by_key)
                found.append(Contradiction("部分之和与总数不符", [whole, *stated], (
                    f"{names} = {_n(total)}，不等于{views().by_key[whole_key].zh} "
                    f"{_n(whole.stated)}（相差 {_n(whole.stated - total)}{tail}）。"), (
                    f"{names_en} = {_n(total)}, not the {_n(whole.stated)} "
                    f"{views().by_key[whole_key].en} (a difference of "
                    f"{_n(whole.stated - total)}"
                    f"{'; not stated: ' + missing_en if missing_en else ''}).")))
    return found
