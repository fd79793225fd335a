"""Scanning a sheet's XML for what calamine does not report: formulas with no cached value,
Excel error cells, and cells formatted as percentages (from the workbook's styles)."""

from __future__ import annotations

import functools
import re

from vetstat.xlsx.limits import RawSheet, _column_index

_PERCENT_BUILTIN = {9, 10}
_NUMFMT_RE = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS_RE = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF_RE = re.compile(rb"<(?:\w+:)?xf\b([^>]*?)/?>")
_CELL_REF_RE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_STYLE_RE = re.compile(rb'\bs="([0-9]+)"')
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>[^<]")
# cells and formulas with or without a namespace prefix (<c>, <x:c>): writers differ
_CELL_START_RE = re.compile(rb"<(?:\w+:)?c(?=[\s>])")
_CELL_END_RE = re.compile(rb"</(?:\w+:)?c>")
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes of cell formats (``s=`` attribute) that display a percentage."""
    if not styles_xml:
        return set()
    percent_formats = set(_PERCENT_BUILTIN)
    for fmt_id, code in _NUMFMT_RE.findall(styles_xml):
        # a % outside quotes or brackets is a percent format
        stripped = re.sub(rb'"[^"]*"|\[[^\]]*\]|\\.', b"", code.replace(b"&quot;", b'"'))
        if b"%" in stripped:
            percent_formats.add(int(fmt_id))
    block = _CELLXFS_RE.search(styles_xml)
    if not block:
        return set()
    styles = set()
    for index, attrs in enumerate(_XF_RE.findall(block.group(1))):
        found = re.search(rb'numFmtId="(\d+)"', attrs)
        if found and int(found.group(1)) in percent_formats:
            styles.add(index)
    return styles


def _scan_sheet_xml(data: bytes, raw: RawSheet, percent_styles: set[int]) -> None:
    """Find uncached formulas, error cells and percent-formatted cells in a sheet's XML."""
    # bytes.find first: a regex scan of the whole sheet costs more than all the rest
    has_formula = _has_plain_formula(data) or (
        b":f" in data and _FORMULA_RE.search(data) is not None)
    has_error = b't="e"' in data
    if not (has_formula or has_error or percent_styles):
        return
    if b":c" in data and _PREFIXED_CELL_RE.search(data):  # <x:c …>: look at every cell
        starts = [found.start() for found in _CELL_START_RE.finditer(data)]
    else:  # only at the cells that can hold one of them
        candidates: set[int] = set()
        if percent_styles:
            candidates.update(found.start() for found in _percent_cell_re(
                frozenset(percent_styles)).finditer(data))
        if has_formula:
            candidates.update(_cell_start_before(data, found.start())
                              for found in _FORMULA_RE.finditer(data))
        if has_error:
            position = 0
            while (position := data.find(b't="e"', position)) >= 0:
                candidates.add(_cell_start_before(data, position))
                position += 1
        candidates.discard(-1)
        starts = sorted(candidates)
    percent_marks = [f's="{s}"'.encode() for s in percent_styles]
    for start in starts:
        opening = _CELL_START_RE.match(data, start)
        if opening is None:
            continue
        following = _CELL_START_RE.search(data, opening.end())
        chunk = data[opening.end():following.start() if following else len(data)]
        end = _CELL_END_RE.search(chunk)
        body = chunk if end is None else chunk[: end.start()]
        head_end = body.find(b">")
        head = body if head_end < 0 else body[:head_end]
        wanted_percent = percent_marks and any(mark in head for mark in percent_marks)
        wanted_formula = has_formula and _FORMULA_RE.search(body) is not None
        wanted_error = has_error and b't="e"' in head
        if not (wanted_percent or wanted_formula or wanted_error):
            continue
        ref = _CELL_REF_RE.search(head)
        if not ref:
            continue
        cell = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        if wanted_percent:
            style = _STYLE_RE.search(head)
            if style and int(style.group(1)) in percent_styles:
                raw.percent_cells.add(cell)
        if wanted_error:
            value = re.search(rb"<(?:\w+:)?v>([^<]*)<", body)
            raw.error_cells[cell] = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        elif wanted_formula and not _VALUE_RE.search(body) and b't="str"' not in head:
            # t="str" with an empty <v> is a formula that computed "" (=IF(x,"",y)): cached
            raw.uncached_formulas.add(cell)


_PREFIXED_CELL_RE = re.compile(rb"<\w+:c(?=[\s>])")
_F_NAME_END = (b">", b" ", b"/", b"\t", b"\r", b"\n")


def _has_plain_formula(data: bytes) -> bool:
    """Whether a <f> tag (not a list's <formula1>) is anywhere in ``data``."""
    position = 0
    while (position := data.find(b"<f", position)) >= 0:
        if data[position + 2:position + 3] in _F_NAME_END:
            return True
        position += 2
    return False


@functools.lru_cache(maxsize=64)
def _percent_cell_re(styles: frozenset[int]) -> re.Pattern[bytes]:
    """Plain cell tags whose style is one of ``styles``."""
    alternatives = b"|".join(str(style).encode() for style in sorted(styles))
    return re.compile(rb'<c[\s][^>]*?\bs="(?:' + alternatives + rb')"')


def _cell_start_before(data: bytes, position: int) -> int:
    """Where the plain cell tag (<c …>) holding ``position`` starts; -1 when there is none."""
    while (position := data.rfind(b"<c", 0, position)) >= 0:
        if data[position + 2:position + 3] in (b" ", b"\t", b"\r", b"\n", b">"):
            return position
    return -1
