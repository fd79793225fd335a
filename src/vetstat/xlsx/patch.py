"""Patching an .xlsx package: fills and comments on cells, a sheet added in front, every other
part kept byte for byte — the school's cached formula values, pictures, charts, drawings, the
parts no library here understands.

A return file is made this way: loading a school's workbook into a library and saving it again
loses what the library does not model (openpyxl drops pictures and charts, and the cached values
of formulas, so that the return file read back as 18–35 uncalculated formulas). Here only the
parts that change are parsed (with lxml, entities and network off): the marked sheets, their
comments and VML drawings, the styles, the workbook and its relationships, the content types.

    package = Package.open(path)              # check_xlsx's bounds, then every part read
    package.mark("学校信息", {"C5": Mark(error=True, text="…")})
    package.add_first_sheet("校验结果", generated_xlsx_bytes)
    data = package.to_bytes(stamp)            # stamp: parts -> parts (the output marker)
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from vetstat.xlsx.limits import Unreadable
from vetstat.xlsx.package import _sheet_parts, check_xlsx
from vetstat.xlsx.patchparts import (
    _COMMENTS_REL,
    _COMMENTS_TYPE,
    _MAIN,
    _PKG_REL,
    _REL,
    _SELECTED_RE,
    _SHEET_REL,
    _SHEET_TYPE,
    _TYPES,
    _VML_REL,
    _VML_TYPE,
    MAX_PATCHED_XML,
    PatchError,
    _add_comments,
    _add_defined_name,
    _defined_names,
    _fill_cells,
    _inline_and_restyle,
    _insert_legacy_drawing,
    _namespace,
    _parse,
    _serialise,
    _shared_strings,
    _shift_names,
    _split,
    _Styles,
    _vml_shapes,
)

__all__ = ["Mark", "Package", "PatchError"]


@dataclass(frozen=True)
class Mark:
    """What a cell gets: an error's or a warning's fill, and a comment."""

    error: bool
    text: str


class Package:
    """The parts of an .xlsx, in their order, each as bytes; the changed ones replaced."""

    def __init__(self, infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> None:
        self.infos = infos
        self.parts = parts
        self.changed: dict[str, bytes] = {}
        self._styles: _Styles | None = None
        self._trees: dict[str, Any] = {}

    @classmethod
    def open(cls, path: Path) -> Package:
        """Every part of the .xlsx at ``path``, checked first (:func:`check_xlsx`'s bounds)."""
        check_xlsx(path)
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [info for info in archive.infolist() if not info.is_dir()]
                names = [info.filename for info in infos]
                if len({name.lower() for name in names}) != len(names) or any(
                        "\\" in name or name.startswith("/") for name in names):
                    raise PatchError("duplicate or odd part names")
                parts = {info.filename: archive.read(info) for info in infos}
        except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError) as exc:
            raise Unreadable("文件已损坏。", "the file is damaged.") from exc
        types = parts.get("[Content_Types].xml", b"")
        if b"macroEnabled" in types or b"template.main" in types:
            # a return file is an .xlsx: Excel refuses one whose workbook is of another kind
            raise PatchError("a workbook with macros, or a template")
        if b"purl.oclc.org/ooxml" in parts.get("xl/workbook.xml", b""):
            raise PatchError("Strict Open XML: its parts are named in other namespaces")
        return cls(infos, parts)

    # --- parts ---------------------------------------------------------------------------

    def get(self, name: str) -> bytes | None:
        return self.changed.get(name, self.parts.get(name))

    def tree(self, name: str) -> Any:
        """The part parsed (once; written back by :meth:`to_bytes`)."""
        if name not in self._trees:
            data = self.get(name)
            if data is None:
                raise PatchError(f"no part {name}")
            if len(data) > MAX_PATCHED_XML:
                raise PatchError(f"{name} is too large to patch")
            self._trees[name] = _parse(data)
        return self._trees[name]

    def set_tree(self, name: str, root: Any) -> None:
        self._trees[name] = root

    def _free_name(self, pattern: str) -> str:
        taken = {name.lower() for name in (*self.parts, *self.changed, *self._trees)}
        number = 1
        while pattern.format(number).lower() in taken:
            number += 1
        return pattern.format(number)

    def sheet_part(self, title: str) -> str | None:
        workbook = self.get("xl/workbook.xml") or b""
        rels = self.get("xl/_rels/workbook.xml.rels") or b""
        part = _sheet_parts(workbook, rels).get(title)
        if part is None:
            return None
        part = posixpath.normpath(part)
        return part if part in self.parts else None

    def sheet_titles(self) -> list[str]:
        workbook = self.get("xl/workbook.xml") or b""
        rels = self.get("xl/_rels/workbook.xml.rels") or b""
        return list(_sheet_parts(workbook, rels))

    def _rels_of(self, part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _relationships(self, part: str) -> Any:
        name = self._rels_of(part)
        if self.get(name) is None and name not in self._trees:
            self._trees[name] = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
        return self.tree(name)

    def _target(self, part: str, relation: str) -> tuple[str, str] | None:
        """(id, part name) of ``part``'s first relationship of type ``relation``."""
        if self.get(self._rels_of(part)) is None:
            return None
        for rel in self._relationships(part):
            if rel.get("Type") == relation and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(part), target))
                return rel.get("Id", ""), name
        return None

    def _relate(self, part: str, relation: str, target: str) -> str:
        rels = self._relationships(part)
        taken = {rel.get("Id") for rel in rels}
        number = next(n for n in range(1, len(taken) + 2) if f"rIdVetstat{n}" not in taken)
        rel_id = f"rIdVetstat{number}"
        relative = posixpath.relpath(target, posixpath.dirname(part))
        etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship",
                         {"Id": rel_id, "Type": relation, "Target": relative})
        return rel_id

    def _content_type(self, part: str, content_type: str, *, default: str | None = None) -> None:
        types = self.tree("[Content_Types].xml")
        if default is not None:
            if any(item.get("Extension", "").lower() == default
                   for item in types.iter(f"{{{_TYPES}}}Default")):
                return
            etree.SubElement(types, f"{{{_TYPES}}}Default",
                             {"Extension": default, "ContentType": content_type})
            return
        etree.SubElement(types, f"{{{_TYPES}}}Override",
                         {"PartName": "/" + part, "ContentType": content_type})

    # --- marks ---------------------------------------------------------------------------

    def styles(self) -> _Styles:
        if self._styles is None:
            name = "xl/styles.xml"
            if self.get(name) is None:
                raise PatchError("no styles part")
            self._styles = _Styles(self.tree(name))
        return self._styles

    def mark(self, title: str, marks: Mapping[str, Mark]) -> bool:
        """Fill and comment the cells of sheet ``title``; False if it has no part to patch."""
        part = self.sheet_part(title)
        if part is None:
            return False
        sheet = self.tree(part)
        cells = {ref: mark for ref, mark in marks.items() if _split(ref)}
        _fill_cells(sheet, {ref: mark.error for ref, mark in cells.items()}, self.styles())
        self._comment(part, sheet, {ref: mark.text for ref, mark in cells.items()})
        return True

    def _comment(self, part: str, sheet: Any, texts: Mapping[str, str]) -> None:
        if not texts:
            return
        found = self._target(part, _COMMENTS_REL)
        if found is None:
            name = self._free_name("xl/comments{}.xml")
            root = etree.Element(f"{{{_MAIN}}}comments", nsmap={None: _MAIN})
            etree.SubElement(root, f"{{{_MAIN}}}authors")
            etree.SubElement(root, f"{{{_MAIN}}}commentList")
            self.set_tree(name, root)
            self._relate(part, _COMMENTS_REL, name)
            self._content_type(name, _COMMENTS_TYPE)
        else:
            name = found[1]
        added = _add_comments(self.tree(name), texts)
        vml = self._target(part, _VML_REL)
        if vml is None:
            vml_name = self._free_name("xl/drawings/vmlDrawing{}.vml")
            rel_id = self._relate(part, _VML_REL, vml_name)
            _insert_legacy_drawing(sheet, rel_id)
            self._content_type(vml_name, _VML_TYPE, default="vml")
            self.changed[vml_name] = _vml_shapes(b"", added)
        else:
            self.changed[vml[1]] = _vml_shapes(self.get(vml[1]) or b"", added)

    # --- the added sheet -----------------------------------------------------------------

    def add_first_sheet(self, title: str, generated: bytes) -> None:
        """Put the only sheet of the .xlsx ``generated`` (openpyxl's, no pictures) in front as
        ``title``, active; its styles join the school's, its strings become inline; a sheet of
        that title already there (an earlier return file) is replaced."""
        with zipfile.ZipFile(io.BytesIO(generated)) as archive:
            source = {name: archive.read(name) for name in archive.namelist()}
        sheet = _parse(source["xl/worksheets/sheet1.xml"])
        strings = _shared_strings(source.get("xl/sharedStrings.xml"))
        remap = self.styles().merge(_parse(source["xl/styles.xml"]))
        _inline_and_restyle(sheet, strings, remap)
        workbook = self.tree("xl/workbook.xml")
        main = workbook.tag.split("}")[0][1:] if workbook.tag.startswith("{") else _MAIN
        sheets = workbook.find(f"{{{main}}}sheets")
        if sheets is None:
            raise PatchError("no sheets")
        old = next((entry for entry in sheets if entry.get("name") == title), None)
        if old is not None:  # an earlier return file's list: replaced, its names dropped
            self._drop_sheet(workbook, main, old)
        name = self._free_name("xl/worksheets/sheet{}.xml")
        rel_id = self._relate("xl/workbook.xml", _SHEET_REL, name)
        self._content_type(name, _SHEET_TYPE)
        sheet_id = max((int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()),
                       default=0) + 1
        entry = etree.Element(f"{{{main}}}sheet", {"name": title, "sheetId": str(sheet_id),
                                                   f"{{{_REL}}}id": rel_id})
        sheets.insert(0, entry)
        _shift_names(workbook, main, inserted=0)
        for defined in _defined_names(_parse(source["xl/workbook.xml"])):
            _add_defined_name(workbook, main, defined.get("name", ""), defined.text or "")
        self._activate_first(workbook, main)
        self._drop_calc_chain()
        for view in sheet.iter(f"{{{_namespace(sheet)}}}sheetView"):
            view.set("tabSelected", "1")
        self.set_tree(name, sheet)

    def _drop_sheet(self, workbook: Any, main: str, entry: Any) -> None:
        """Remove a sheet: its entry, its defined names, relationship, content type, parts."""
        sheets = entry.getparent()
        part = self.sheet_part(entry.get("name", ""))
        rel_id = entry.get(f"{{{_REL}}}id")
        _shift_names(workbook, main, removed=list(sheets).index(entry))
        sheets.remove(entry)
        rels = self._relationships("xl/workbook.xml")
        for rel in list(rels):
            if rel.get("Id") == rel_id:
                rels.remove(rel)
        if part is None:
            return
        types = self.tree("[Content_Types].xml")
        for item in list(types):
            if (item.get("PartName") or "").lstrip("/") == part:
                types.remove(item)
        for name in (part, self._rels_of(part)):
            self._trees.pop(name, None)
            if name in self.parts:
                self.changed[name] = b""  # left out by result_parts

    def _drop_calc_chain(self) -> None:
        """Drop the calculation chain, a cache of the order formulas were last calculated in
        that names sheets by number: Excel rebuilds it when it is missing (as after openpyxl),
        and repairs the file, with a warning, when it names the wrong sheets."""
        rels = self._relationships("xl/workbook.xml")
        for rel in list(rels):
            if (rel.get("Type") or "").endswith("/calcChain"):
                rels.remove(rel)
        types = self.tree("[Content_Types].xml")
        for item in list(types):
            if (item.get("PartName") or "").lower() == "/xl/calcchain.xml":
                types.remove(item)
        for name in self.parts:
            if name.lower() == "xl/calcchain.xml":
                self.changed[name] = b""  # left out by result_parts

    def _activate_first(self, workbook: Any, main: str) -> None:
        """The added sheet is the one shown: its tab selected, no other tab with it (two
        selected tabs are a group, and typing would change both)."""
        for view in workbook.iter(f"{{{main}}}workbookView"):
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)
        for entry in list(workbook.find(f"{{{main}}}sheets"))[1:]:
            title = entry.get("name", "")
            part = self.sheet_part(title)
            data = self.get(part) if part else None
            if part is None or data is None or not _SELECTED_RE.search(data):
                continue
            for view in self.tree(part).iter(f"{{{_namespace(self.tree(part))}}}sheetView"):
                view.attrib.pop("tabSelected", None)

    # --- writing -------------------------------------------------------------------------

    def result_parts(self) -> dict[str, bytes]:
        """Every part, in the package's order, new parts last; the dropped ones left out."""
        for name, root in self._trees.items():
            self.changed[name] = _serialise(root)
        out: dict[str, bytes] = {}
        for info in self.infos:
            data = self.changed.get(info.filename, self.parts[info.filename])
            if data:
                out[info.filename] = data
        for name, data in self.changed.items():
            if name not in out and name not in self.parts and data:
                out[name] = data
        return out

    def to_bytes(self, stamp: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None) -> bytes:
        """The patched package as an .xlsx (``stamp``: marks the parts, see core.files)."""
        parts = self.result_parts()
        if stamp is not None:
            parts = stamp(parts)
        dates = {info.filename: info.date_time for info in self.infos}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                info = zipfile.ZipInfo(name, dates.get(name, (1980, 1, 1, 0, 0, 0)))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        return buffer.getvalue()
