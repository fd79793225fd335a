"""The rules against the roster (X908–X911): a school on it that sent nothing, a file of a
school not on it, a name or 隶属 that differs from it.  Their words are in
:mod:`vetstat.core.rulebook.city`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePath

from vetstat.core.issues import Issue
from vetstat.figures.summary import SchoolSummary
from vetstat.reading.roster import Roster, RosterEntry
from vetstat.rules.city import at_cell, name_key


def attribute_unreadable(schools: Sequence[SchoolSummary], roster: Roster) -> None:
    """Give an unreadable file the code and name of the roster's school its file name names
    (``白城市第一职业高中.xlsx``): that school did send something, and is not 未报送."""
    keys = [(name_key(entry.name), entry) for entry in roster.entries]
    keys.sort(key=lambda pair: -len(pair[0]))  # the longest name first: 一中 inside 一中分校
    for school in schools:
        if school.readable or school.school_code:
            continue
        stem = name_key(PurePath(school.file).stem)
        entry = next((entry for key, entry in keys if key and key in stem), None)
        if entry is not None:
            school.school_code, school.name = entry.school_code, entry.name


def missing_schools(schools: Sequence[SchoolSummary], roster: Roster) -> list[RosterEntry]:
    """The roster's schools of which no file came (an unreadable file counts for the school
    its name names, :func:`attribute_unreadable`)."""
    sent = {school.school_code for school in schools if school.school_code}
    return [entry for entry in roster.entries if entry.school_code not in sent]


def roster_issues(schools: Sequence[SchoolSummary], roster: Roster) -> Iterator[Issue]:
    """X908 on the roster for each school that sent nothing; X909–X911 on the files that count."""
    for absent in missing_schools(schools, roster):
        yield Issue("X908", roster.file, value=absent.school_code,
                    expected="名单中的每所学校报送一个文件 / one file from each school on the roster",
                    params={"name": absent.name})
    listed = roster.by_code()
    for school in schools:
        if not school.counted or not school.school_code:
            continue
        entry = listed.get(school.school_code)
        if entry is None:
            yield at_cell(school, "X909", "school", "school_code", value=school.school_code,
                          params={"name": school.name or ""})
            continue
        if school.code_conflict is None and name_key(school.name) != name_key(entry.name):
            yield at_cell(school, "X910", "school", "name", value=school.name,
                          expected=entry.name, params={"code": school.school_code})
        wanted = entry.affiliation
        if wanted and school.affiliation and school.affiliation != wanted:
            yield at_cell(school, "X911", "school", "affiliation", value=school.affiliation,
                          expected=wanted)
