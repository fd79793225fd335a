"""The pieces of a patched .xlsx package (:mod:`vetstat.xlsx.patch`): cells given a fill, the
school's styles extended, comments and their VML shapes, the added sheet's strings, styles and
defined names. Each works on one part parsed with lxml (entities and network off).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_COMMENTS_REL = _REL + "/comments"
_VML_REL = _REL + "/vmlDrawing"
_SHEET_REL = _REL + "/worksheet"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# the elements a worksheet may have after <legacyDrawing>, in the schema's order
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")
_SELECTED_RE = re.compile(rb"""\btabSelected\s*=\s*["'](?:1|true)["']""")
_CELL_RE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
AUTHOR = "vetstat"
# a patched sheet is parsed whole: past this it is not patched (the caller makes a values copy)
MAX_PATCHED_XML = 24 * 1024 * 1024


class PatchError(Exception):
    """The package cannot be patched (an odd or damaged structure): make a copy of values."""


def _parse(data: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PatchError(str(exc)) from exc


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _split(ref: str) -> tuple[int, int] | None:
    found = _CELL_RE.fullmatch(ref.replace("$", "").upper())
    return (int(found.group(2)), _column_number(found.group(1))) if found else None


def _namespace(root: Any) -> str:
    return str(root.tag.split("}")[0][1:]) if str(root.tag).startswith("{") else _MAIN


# --- cells and styles ----------------------------------------------------------------------


class _Styles:
    """The school's styles.xml: fills added, cell formats cloned with a fill, another
    stylesheet's formats appended."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.ns = _namespace(root)
        self.fill_ids: dict[bool, int] = {}
        self.cloned: dict[tuple[int, bool], int] = {}

    def _list(self, tag: str, before: tuple[str, ...]) -> Any:
        found = self.root.find(f"{{{self.ns}}}{tag}")
        if found is None:
            found = etree.Element(f"{{{self.ns}}}{tag}", {"count": "0"})
            anchor = next((self.root.find(f"{{{self.ns}}}{other}") for other in before
                           if self.root.find(f"{{{self.ns}}}{other}") is not None), None)
            if anchor is None:
                self.root.append(found)
            else:
                anchor.addprevious(found)
        return found

    def _append(self, tag: str, before: tuple[str, ...], element: Any) -> int:
        holder = self._list(tag, before)
        holder.append(element)
        count = len(holder.findall(f"{{{self.ns}}}{element.tag.split('}')[1]}"))
        holder.set("count", str(count))
        return count - 1

    def _fill(self, error: bool) -> int:
        if error not in self.fill_ids:
            colour = "FFFFC7CE" if error else "FFFFEB9C"  # outputs.xlstyle's ERROR/WARNING_FILL
            fill = etree.Element(f"{{{self.ns}}}fill")
            pattern = etree.SubElement(fill, f"{{{self.ns}}}patternFill", {"patternType": "solid"})
            etree.SubElement(pattern, f"{{{self.ns}}}fgColor", {"rgb": colour})
            etree.SubElement(pattern, f"{{{self.ns}}}bgColor", {"indexed": "64"})
            self.fill_ids[error] = self._append("fills", _AFTER_FILLS, fill)
        return self.fill_ids[error]

    def with_fill(self, xf_index: int, error: bool) -> int:
        """A cell format as format ``xf_index`` with the error's or warning's fill."""
        key = (xf_index, error)
        if key not in self.cloned:
            formats = self._list("cellXfs", _AFTER_XFS)
            existing = formats.findall(f"{{{self.ns}}}xf")
            if 0 <= xf_index < len(existing):
                clone = etree.fromstring(etree.tostring(existing[xf_index]))
            else:
                clone = etree.Element(f"{{{self.ns}}}xf", {"numFmtId": "0", "fontId": "0",
                                                           "fillId": "0", "borderId": "0"})
            clone.set("fillId", str(self._fill(error)))
            clone.set("applyFill", "1")
            self.cloned[key] = self._append("cellXfs", _AFTER_XFS, clone)
        return self.cloned[key]

    def merge(self, other: Any) -> dict[int, int]:
        """Append ``other``'s fonts, fills, borders, number formats and cell formats; return
        its cell format indexes mapped to the new ones."""
        ns = _namespace(other)
        offsets: dict[str, dict[int, int]] = {}
        for tag, child, before in (("fonts", "font", _AFTER_FONTS), ("fills", "fill", _AFTER_FILLS),
                                   ("borders", "border", _AFTER_BORDERS)):
            offsets[tag] = {}
            holder = other.find(f"{{{ns}}}{tag}")
            for index, element in enumerate(() if holder is None else holder.findall(f"{{{ns}}}{child}")):
                offsets[tag][index] = self._append(tag, before, _renamespaced(element, self.ns))
        formats: dict[int, int] = {}
        holder = other.find(f"{{{ns}}}numFmts")
        mine = self._list("numFmts", _AFTER_NUMFMTS)
        used = [int(f.get("numFmtId", "0")) for f in mine.findall(f"{{{self.ns}}}numFmt")]
        next_id = max([163, *used]) + 1
        for element in () if holder is None else holder.findall(f"{{{ns}}}numFmt"):
            copy = _renamespaced(element, self.ns)
            formats[int(element.get("numFmtId", "0"))] = next_id
            copy.set("numFmtId", str(next_id))
            self._append("numFmts", _AFTER_NUMFMTS, copy)
            next_id += 1
        if len(mine) == 0:
            self.root.remove(mine)
        remap: dict[int, int] = {}
        holder = other.find(f"{{{ns}}}cellXfs")
        for index, element in enumerate(() if holder is None else holder.findall(f"{{{ns}}}xf")):
            copy = _renamespaced(element, self.ns)
            for attribute, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                copy.set(attribute, str(offsets[tag].get(int(copy.get(attribute, "0")), 0)))
            number = int(copy.get("numFmtId", "0"))
            copy.set("numFmtId", str(formats.get(number, number)))
            copy.set("xfId", "0")
            remap[index] = self._append("cellXfs", _AFTER_XFS, copy)
        return remap


_AFTER_XFS = ("cellStyles", "dxfs", "tableStyles", "colors", "extLst")
_AFTER_BORDERS = ("cellStyleXfs", "cellXfs", *_AFTER_XFS)
_AFTER_FILLS = ("borders", *_AFTER_BORDERS)
_AFTER_FONTS = ("fills", *_AFTER_FILLS)
_AFTER_NUMFMTS = ("fonts", *_AFTER_FONTS)


def _renamespaced(element: Any, ns: str) -> Any:
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = f"{{{ns}}}{node.tag.split('}')[1]}"
    etree.cleanup_namespaces(copy)
    return copy


def _fill_cells(sheet: Any, errors: Mapping[str, bool], styles: _Styles) -> None:
    """Give each cell the fill of its worst issue, its other formatting kept; a cell the
    sheet does not hold yet is added empty (the cells a merge covers keep theirs)."""
    ns = _namespace(sheet)
    data = sheet.find(f"{{{ns}}}sheetData")
    if data is None or not errors:
        return
    covered = _merged_covered(sheet, ns)
    rows: dict[int, Any] = {}
    for row in data.findall(f"{{{ns}}}row"):
        number = row.get("r")
        if number is None or not number.isdigit():
            return  # rows without numbers: no cell can be placed safely
        rows[int(number)] = row
    for ref, error in sorted(errors.items(), key=lambda item: _split(item[0]) or (0, 0)):
        where = _split(ref)
        if where is None or where in covered:
            continue
        row_number, column = where
        row = rows.get(row_number)
        if row is None:
            row = etree.Element(f"{{{ns}}}row", {"r": str(row_number)})
            later = [r for n, r in rows.items() if n > row_number]
            if later:
                min(later, key=lambda r: int(r.get("r"))).addprevious(row)
            else:
                data.append(row)
            rows[row_number] = row
        cell = _cell(row, ns, ref.replace("$", "").upper(), column)
        if cell is None:
            continue
        cell.set("s", str(styles.with_fill(int(cell.get("s", "0") or 0), error)))
        if row.get("spans"):
            row.attrib.pop("spans")  # an optional hint; a wrong one is worse than none
    _widen_dimension(sheet, ns, [_split(ref) for ref in errors])


def _cell(row: Any, ns: str, ref: str, column: int) -> Any:
    """The cell ``ref`` of ``row``, added in column order if missing (None: cells unnumbered)."""
    after = None
    for cell in row.findall(f"{{{ns}}}c"):
        where = _split(cell.get("r", ""))
        if where is None:
            return None
        if where[1] == column:
            return cell
        if where[1] < column:
            after = cell
    cell = etree.Element(f"{{{ns}}}c", {"r": ref})
    if after is None:
        row.insert(0, cell)
    else:
        after.addnext(cell)
    return cell


def _merged_covered(sheet: Any, ns: str) -> set[tuple[int, int]]:
    """The cells inside merged ranges other than each range's first (bounded: huge merges
    are skipped, and no cell of theirs is marked)."""
    covered: set[tuple[int, int]] = set()
    for merge in sheet.iter(f"{{{ns}}}mergeCell"):
        first, _, last = merge.get("ref", "").partition(":")
        start, end = _split(first), _split(last or first)
        if start is None or end is None:
            continue
        if (end[0] - start[0] + 1) * (end[1] - start[1] + 1) > 10_000:
            continue
        covered.update((r, c) for r in range(start[0], end[0] + 1)
                       for c in range(start[1], end[1] + 1) if (r, c) != start)
    return covered


def _widen_dimension(sheet: Any, ns: str, cells: list[tuple[int, int] | None]) -> None:
    dimension = sheet.find(f"{{{ns}}}dimension")
    if dimension is None:
        return
    first, _, last = dimension.get("ref", "").partition(":")
    start, end = _split(first), _split(last or first)
    places = [cell for cell in cells if cell is not None]
    if start is None or end is None or not places:
        return
    top = min(start[0], *(r for r, _ in places))
    left = min(start[1], *(c for _, c in places))
    bottom = max(end[0], *(r for r, _ in places))
    right = max(end[1], *(c for _, c in places))
    dimension.set("ref", f"{_letters(left)}{top}:{_letters(right)}{bottom}")


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- comments ------------------------------------------------------------------------------


def _add_comments(root: Any, texts: Mapping[str, str]) -> list[str]:
    """Add a comment per cell to the comments part ``root``; a cell that has one already
    keeps it, vetstat's text after the school's. Returns the cells that had none."""
    ns = _namespace(root)
    authors = root.find(f"{{{ns}}}authors")
    if authors is None:
        authors = etree.Element(f"{{{ns}}}authors")
        root.insert(0, authors)
    names = [author.text for author in authors]
    if AUTHOR not in names:
        etree.SubElement(authors, f"{{{ns}}}author").text = AUTHOR
        names.append(AUTHOR)
    author_id = str(names.index(AUTHOR))
    listing = root.find(f"{{{ns}}}commentList")
    if listing is None:
        listing = etree.SubElement(root, f"{{{ns}}}commentList")
    existing = {(comment.get("ref") or "").upper(): comment
                for comment in listing.findall(f"{{{ns}}}comment")}
    added = []
    for ref, text in texts.items():
        ref = ref.replace("$", "").upper()
        comment = existing.get(ref)
        if comment is None:
            comment = etree.SubElement(listing, f"{{{ns}}}comment", {"ref": ref, "authorId": author_id})
            holder = etree.SubElement(comment, f"{{{ns}}}text")
            added.append(ref)
            prefix = ""
        else:
            holder = comment.find(f"{{{ns}}}text")
            if holder is None:
                holder = etree.SubElement(comment, f"{{{ns}}}text")
            prefix = "\n\n"
        run = etree.Element(f"{{{ns}}}r")
        properties = etree.SubElement(run, f"{{{ns}}}rPr")
        etree.SubElement(properties, f"{{{ns}}}sz", {"val": "9"})
        piece = etree.SubElement(run, f"{{{ns}}}t")
        piece.text = f"{prefix}{AUTHOR}:\n{text}"
        piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        last = [child for child in holder if etree.QName(child).localname in ("t", "r")]
        if last:
            last[-1].addnext(run)
        else:
            holder.insert(0, run)
    return added


_VML_HEAD = (b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
             b' xmlns:x="urn:schemas-microsoft-com:office:excel">\n<o:shapelayout v:ext="edit">'
             b'<o:idmap v:ext="edit" data="1"/></o:shapelayout>')
_VML_TYPE_202 = (b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
                 b'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
                 b'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def _vml_shapes(vml: bytes, cells: list[str]) -> bytes:
    """The VML drawing with a hidden note shape for each cell (Excel and LibreOffice place a
    comment by its shape). Added as text: VML written by Excel is often not well-formed XML."""
    if not vml.strip():
        vml = _VML_HEAD + b"\n</xml>"
    if b"_x0000_t202" not in vml:
        vml = _insert_before_end(vml, _VML_TYPE_202)
    numbers = [int(n) for n in re.findall(rb'id="_x0000_s(\d+)"', vml)]
    number = max([1024, *numbers])
    shapes = []
    for ref in cells:
        where = _split(ref)
        if where is None:
            continue
        number += 1
        row, column = where[0] - 1, where[1] - 1
        shapes.append(
            f'<v:shape id="_x0000_s{number}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:{number};'
            f'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            f'<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            f'<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
            f'</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{column + 1}, 15, {max(row - 1, 0)}, 2, {column + 5}, 15, {row + 5}, 16'
            f'</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row>'
            f'<x:Column>{column}</x:Column></x:ClientData></v:shape>')
    return _insert_before_end(vml, "".join(shapes).encode())


def _insert_before_end(vml: bytes, text: bytes) -> bytes:
    end = vml.rfind(b"</xml>")
    if end < 0:
        raise PatchError("the VML drawing has no end")
    return vml[:end] + text + b"\n" + vml[end:]


def _insert_legacy_drawing(sheet: Any, rel_id: str) -> None:
    ns = _namespace(sheet)
    element = etree.Element(f"{{{ns}}}legacyDrawing", {f"{{{_REL}}}id": rel_id})
    for tag in _AFTER_LEGACY:
        found = sheet.find(f"{{{ns}}}{tag}")
        if found is not None:
            found.addprevious(element)
            return
    sheet.append(element)


# --- the added sheet -----------------------------------------------------------------------


def _shared_strings(data: bytes | None) -> list[str]:
    if data is None:
        return []
    root = _parse(data)
    ns = _namespace(root)
    return ["".join(item.itertext()) for item in root.findall(f"{{{ns}}}si")]


def _inline_and_restyle(sheet: Any, strings: list[str], remap: Mapping[int, int]) -> None:
    """The generated sheet's shared strings made inline (the school's string table is left
    alone) and its cell formats renumbered into the school's styles."""
    ns = _namespace(sheet)
    for cell in sheet.iter(f"{{{ns}}}c"):
        if cell.get("s") is not None:
            cell.set("s", str(remap.get(int(cell.get("s")), 0)))
        if cell.get("t") == "s":
            value = cell.find(f"{{{ns}}}v")
            text = strings[int(value.text)] if value is not None and value.text else ""
            if value is not None:
                cell.remove(value)
            cell.set("t", "inlineStr")
            holder = etree.SubElement(cell, f"{{{ns}}}is")
            piece = etree.SubElement(holder, f"{{{ns}}}t")
            piece.text = text
            piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for row in sheet.iter(f"{{{ns}}}row"):
        if row.get("s") is not None:
            row.set("s", str(remap.get(int(row.get("s")), 0)))
    for column in sheet.iter(f"{{{ns}}}col"):
        if column.get("style") is not None:
            column.set("style", str(remap.get(int(column.get("style")), 0)))


def _defined_names(workbook: Any) -> list[Any]:
    ns = _namespace(workbook)
    return list(workbook.iter(f"{{{ns}}}definedName"))


def _shift_names(workbook: Any, main: str, *, inserted: int | None = None,
                 removed: int | None = None) -> None:
    """Keep each sheet-local defined name (print titles, print areas, filters) on its sheet
    when a sheet is inserted at or removed from position ``inserted``/``removed``."""
    names = workbook.find(f"{{{main}}}definedNames")
    if names is None:
        return
    for defined in list(names):
        local = defined.get("localSheetId")
        if local is None or not local.isdigit():
            continue
        index = int(local)
        if removed is not None:
            if index == removed:
                names.remove(defined)
            elif index > removed:
                defined.set("localSheetId", str(index - 1))
        elif inserted is not None and index >= inserted:
            defined.set("localSheetId", str(index + 1))
    if len(names) == 0:
        workbook.remove(names)


def _add_defined_name(workbook: Any, main: str, name: str, value: str) -> None:
    names = workbook.find(f"{{{main}}}definedNames")
    if names is None:
        names = etree.Element(f"{{{main}}}definedNames")
        anchor = next((workbook.find(f"{{{main}}}{tag}") for tag in (
            "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
            "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
                       if workbook.find(f"{{{main}}}{tag}") is not None), None)
        if anchor is None:
            workbook.append(names)
        else:
            anchor.addprevious(names)
    element = etree.SubElement(names, f"{{{main}}}definedName", {"name": name, "localSheetId": "0"})
    element.text = value
