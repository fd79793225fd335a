"""The .xlsx zip package: opening it, bounding and checking its parts, inflating them.

Only the parts calamine parses are inflated, each once and bounded; calamine is handed a stored
copy holding those parts alone.
"""

from __future__ import annotations

import html
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from vetstat.xlsx.extent import _check_part, _refuse_dtd
from vetstat.xlsx.limits import (
    MAX_FILE_BYTES,
    MAX_MEDIA_BYTES,
    MAX_PART_BYTES,
    MAX_PART_NAME,
    MAX_PARTS_READ,
    MAX_RATIO,
    MAX_TOTAL_INFLATED,
    MAX_XML_INFLATED,
    RATIO_FLOOR,
    READ_CHUNK,
    XML_HEAD,
    ZIP_MAGIC,
    NotXlsx,
    Unreadable,
    _encrypted,
    _short,
)

# the sheets of xl/workbook.xml and the relationships that name their parts
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTR_RE = re.compile(rb"""([\w:]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")

# The parts calamine parses, by name as it looks them up (case-insensitively): the workbook,
# its relationships, the shared strings, the styles, and any sheet ("xl/worksheets/…",
# "xl/chartsheets/…", "xl/dialogsheets/…": calamine takes the kind of sheet from that folder).
_CALAMINE_PARTS = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                             "xl/sharedstrings.xml", "xl/styles.xml"})
_SHEET_FOLDERS = frozenset({"worksheets", "chartsheets", "dialogsheets"})
# What calamine needs to open an .xlsx (it recognises one by its package relationships),
# beside the sheets: these and the sheets read are all the parts vetstat inflates.
_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                  "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml")


def check_xlsx(path: Path) -> None:
    """Raise :class:`Unreadable` unless ``path`` is an .xlsx that is safe to hand to calamine
    or openpyxl as a whole: the bounds and refusals of :func:`open_workbook` applied to every
    part, for a caller that reads the file with its own reader (vetstat's city workbook, read
    back by ``diff``; the return file, which patches a school's package)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe would block the open
            raise NotXlsx("不是普通文件。", "not a regular file.")
        size = status.st_size
        with path.open("rb") as handle:
            head = handle.read(len(ZIP_MAGIC))
    except OSError as exc:
        raise Unreadable(f"无法读取文件（{exc.strerror}）。", f"cannot read the file ({exc.strerror}).") from exc
    if size > MAX_FILE_BYTES or not head.startswith(ZIP_MAGIC):
        raise NotXlsx("不是 .xlsx 工作簿。", "not an .xlsx workbook.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable("文件已损坏，无法作为 .xlsx 打开。", "the file is damaged and cannot be "
                         "opened as .xlsx.") from exc
    with archive:
        entries = archive.infolist()
        _check_sizes(entries)
        _check_parts(archive, entries)


def _parsed_by_calamine(name: str) -> bool:
    lowered = name.lower().replace("\\", "/").lstrip("/")
    if lowered in _CALAMINE_PARTS:
        return True
    folders = lowered.split("/")
    return len(folders) > 2 and folders[0] == "xl" and folders[1] in _SHEET_FOLDERS


class _Parts:
    """The parts of an .xlsx that calamine is given, each inflated, bounded and checked once.

    calamine reads a stored (uncompressed) copy holding these parts only: it can parse nothing
    that was not checked here, whichever of two entries of one name it would have picked, and
    the parts vetstat does not read (pictures, comments, the 填表说明 sheet) are never inflated.
    """

    def __init__(self, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
        self.archive = archive
        self.by_name: dict[str, zipfile.ZipInfo] = {}  # folded name -> first entry
        for info in entries:
            if not info.is_dir():
                self.by_name.setdefault(_fold(info.filename), info)
        self.taken: dict[str, bytes] = {}  # folded name -> bytes
        self.values: dict[str, int] = {}  # folded name -> values calamine must show (sheets)
        self.budget = MAX_XML_INFLATED

    def take(self, name: str, label: tuple[str, str] | None = None) -> bytes:
        """The part's bytes (b"" when there is none), checked; it goes into the copy.

        Every part taken is measured as a sheet would be, whatever vetstat takes it for:
        calamine reads the workbook's relationships with an XML parser and vetstat with a
        regex, so a hostile file could make the two see different parts behind one sheet.
        """
        key = _fold(name)
        if key in self.taken:
            return self.taken[key]
        info = self.by_name.get(key)
        if info is None:
            return b""
        if len(self.taken) >= MAX_PARTS_READ or len(info.filename.encode()) > MAX_PART_NAME:
            raise Unreadable(
                "工作簿的工作表或部件数量、名称长度远超正常范围，可能是恶意或损坏的文件，已拒绝读取。",
                "the workbook has far more sheets or parts, or far longer part names, than any "
                "workbook Excel writes; it may be hostile or damaged and was not read.",
            )
        data = _inflate_part(self.archive, info, MAX_PART_BYTES)
        self.budget -= len(data)
        if self.budget < 0:
            raise _bomb("*")
        values = _check_part(data, info.filename, label)
        if values is not None:
            self.values[key] = values
        self.taken[key] = data
        return data

    def get(self, name: str) -> bytes:
        return self.taken.get(_fold(name), b"")

    def stored_copy(self) -> bytes:
        """The parts taken, as an uncompressed zip archive (their CRCs were checked)."""
        return _stored_zip([(self.by_name[key].filename.replace("\\", "/"), data,
                             self.by_name[key].CRC) for key, data in self.taken.items()])


def _stored_zip(parts: list[tuple[str, bytes, int]]) -> bytes:
    """A zip archive of ``(name, data, CRC-32)`` entries, stored.

    What ``zipfile.ZipFile.writestr`` writes for a stored entry (version 2.0, UTF-8 names,
    1980-01-01), without its per-entry bookkeeping, which costs more than the rest of opening
    a small workbook. The sizes fit the 32-bit fields: MAX_XML_INFLATED bounds them.
    """
    pieces: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data, crc in parts:
        encoded = name.encode("utf-8")
        fixed = (20, 0x800, zipfile.ZIP_STORED, 0, 0x21, crc, len(data), len(data), len(encoded))
        local = struct.pack("<4s5H3LHH", b"PK\x03\x04", *fixed, 0)
        directory.append(struct.pack("<4sH5H3LHHHHHLL", b"PK\x01\x02", 20, *fixed, 0, 0, 0, 0, 0,
                                     offset) + encoded)
        pieces += (local, encoded, data)
        offset += len(local) + len(encoded) + len(data)
    listing = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(listing),
                      offset, 0)
    return b"".join(pieces) + listing + end


def _fold(name: str) -> str:
    """A part name as calamine looks it up: case-insensitive, "/" or "\\", no leading "/"."""
    return name.replace("\\", "/").lstrip("/").lower()


def _check_sizes(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse parts whose declared size is implausible (a bomb that tells the truth)."""
    declared = 0
    for info in entries:
        declared += info.file_size
        limit = MAX_PART_BYTES if _parsed_by_calamine(info.filename) else MAX_MEDIA_BYTES
        if info.file_size > limit or (
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _bomb(info.filename)
    if declared > MAX_TOTAL_INFLATED:
        raise _bomb("*")


def _check_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Bound every part before any parser sees it; raise :class:`Unreadable` otherwise.

    Every part calamine may parse is inflated whole here (which also checks its CRC: a byte
    changed in transit makes the file unreadable, not wrong), refused when it carries a DTD,
    and, for sheets, measured: calamine must never be handed a sheet that would exhaust memory.
    Every entry is checked, duplicates and case variants of a name included, so that it does
    not matter which of them calamine picks.
    """
    budget = MAX_XML_INFLATED
    for info in entries:
        if info.is_dir():
            continue
        if not _parsed_by_calamine(info.filename):
            # the return file may parse these: refuse entity tricks in their prolog
            head = _inflate(archive, info, MAX_MEDIA_BYTES, head=XML_HEAD)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                _refuse_dtd(head)
            continue
        data = _inflate(archive, info, MAX_PART_BYTES)
        budget -= len(data)
        if budget < 0:
            raise _bomb("*")
        _check_part(data, info.filename)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, *,
             head: int | None = None) -> bytes:
    """The part's bytes, at most ``limit`` of them (the zip header may lie about the size).

    Read in slices, so that a part that inflates far past its declared size costs one slice
    of memory before it is refused, not the whole limit.  ``head``: only that many bytes.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(READ_CHUNK if head is None else min(READ_CHUNK, head - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise _bomb(info.filename)
                chunks.append(chunk)
                if head is not None and size >= head:
                    break
    except RuntimeError as exc:  # zipfile: "... is encrypted, password required"
        raise _encrypted() from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as exc:  # bad CRC, cut short, unknown compression
        raise _not_unpacked(info, exc) from exc
    return b"".join(chunks)


def _inflate_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """:func:`_inflate`, by zlib on the part's bytes for the usual stored or deflated part
    (``ZipFile.open`` costs more than the inflating of a small part)."""
    handle = archive.fp
    if info.flag_bits & 0x1:
        raise _encrypted()
    if handle is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
            or info.compress_size > limit + READ_CHUNK:
        return _inflate(archive, info, limit)
    try:
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) != 30 or not header.startswith(ZIP_MAGIC):
            raise zipfile.BadZipFile("bad local file header")
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        packed = handle.read(info.compress_size)
        if len(packed) != info.compress_size:
            raise EOFError("the part is cut short")
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed
        else:  # in slices, as _inflate: a part that lies about its size costs one slice
            inflater = zlib.decompressobj(-15)
            chunks, size = [], 0
            while not inflater.eof:
                chunk = inflater.decompress(packed, READ_CHUNK)
                packed = inflater.unconsumed_tail
                size += len(chunk)
                if size > limit:
                    raise _bomb(info.filename)
                if not chunk and not packed and not inflater.eof:
                    raise EOFError("the compressed data is cut short")
                chunks.append(chunk)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        if len(data) > limit:
            raise _bomb(info.filename)
        if zlib.crc32(data) != info.CRC:
            raise zipfile.BadZipFile(f"bad CRC-32 for file {info.filename!r}")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _not_unpacked(info, exc) from exc
    return data


def _not_unpacked(info: zipfile.ZipInfo, exc: BaseException) -> Unreadable:
    return Unreadable(
        f"文件已损坏，其中的部件 {info.filename} 无法解压（{_short(exc)}）。请学校重新发送原文件。",
        f"the file is damaged: its part {info.filename} cannot be unpacked "
        f"({_short(exc)}). Ask the school to send it again.",
    )


def _bomb(member: str) -> Unreadable:
    return Unreadable(
        f"文件解压后过大（部件 {member}），可能是“压缩炸弹”或已损坏，已拒绝读取。",
        f"the file inflates to an implausible size (part {member}); it may be a zip bomb or "
        "damaged, and was not read.",
    )


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        key.decode().split(":")[-1]: html.unescape(text) if "&" in (
            text := (double or single).decode("utf-8", "replace")) else text
        for key, double, single in _ATTR_RE.findall(tag)
    }


def _sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name -> zip path of its XML part."""
    targets = {}
    for tag in _REL_RE.findall(rels_xml):
        attrs = _attrs(tag)
        target = attrs.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        targets[attrs.get("Id", "")] = target
    parts: dict[str, str] = {}
    for tag in _SHEET_RE.findall(workbook_xml):
        attrs = _attrs(tag)
        rel = attrs.get("id")
        if rel in targets and "name" in attrs:
            parts.setdefault(attrs["name"], targets[rel])  # calamine takes the first sheet of a name
    return parts
