"""Writing output files: never over an input or a school's workbook, whole or not at all.

Every command that writes a file goes through this module, the same way:

1. **Check first**, before any work: :func:`check_output` for one file, :func:`check_output_folder`
   for a set of files in a folder (``schema -o``, ``--csv-dir``, ``--returns``). Pass

   - ``inputs``: every path the command reads — the workbooks (or the folders they come from),
     the configuration file (``Config.source``), a roster, a report. No output may replace one
     (an output inside an input folder is refused only when it is a file already there).
   - ``suffixes``: the extensions of the format written (``(".xlsx",)``, ``(".csv",)``…): a
     name with another one is refused (xlsx bytes under ``.xls`` or ``.pdf`` mislead the user).
   - ``force``: the command's ``--force`` (declared once, ``cli.common.ForceOption``). Without
     it an existing file is never replaced; with it, it is — unless it is a workbook that is not
     a vetstat output as vetstat wrote it (:func:`is_vetstat_output`): a school's workbook is
     never replaced, whatever the options.

   Both raise :class:`OutputError` (the command prints it and exits 2).

2. **Write whole or not at all**: a workbook with :func:`save_workbook` (it carries the output
   marker below and, on any failure — a full disk, Ctrl-C — is discarded quietly, its temporary
   file removed, no "Exception ignored" noise); a text or bytes file with
   :func:`write_text_atomically` / :func:`write_bytes_atomically`; a set of files with
   :func:`write_files_atomically` (all of them or none); anything else through
   :func:`write_atomically`.

The marker: a custom document property ``vetstat-output`` = ``"<kind> <time> <digest>"``, the
digest over the name and CRC-32 of every other part of the package (read from the zip's central
directory, nothing inflated). Excel, WPS and LibreOffice keep custom properties but rewrite the
other parts on every save, so a vetstat output that a school has opened, filled in and saved (a
template, a return file) no longer counts as vetstat's and is protected like any school
workbook. An output written another way is marked by :func:`stamp_package` (a patched package)
or :func:`stamp_file` (a file another library wrote: the Word report).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

OUTPUT_PROPERTY = "vetstat-output"
# the kinds of workbook vetstat writes (the first word of the marker)
CITY, DIFF, ANNOTATED, TEMPLATE, RETURN = "city", "diff", "annotated", "template", "return"
REPORT = "report"  # the Word report (its marker is written by outputs.report_docx)
WORKBOOK_SUFFIXES = (".xlsx",)
FORCE_HINT = "加 --force 可覆盖 / add --force to replace it"
_ZIP_MAGIC, _OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROPERTIES_LIMIT = 1 << 20  # bytes of docProps/*.xml read to find the marker


class OutputError(Exception):
    """An output path that must not or cannot be written."""


# --- checking --------------------------------------------------------------------------------


def check_output(path: Path, inputs: Iterable[Path] = (), *, force: bool = False,
                 suffixes: Sequence[str] = WORKBOOK_SUFFIXES) -> Path:
    """The output path, or :class:`OutputError` if it must not be written (see the module)."""
    target = path.expanduser()
    if suffixes and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"输出文件名须以 {' 或 '.join(suffixes)} 结尾（写出的格式）：{target} / "
            f"the output name must end in {' or '.join(suffixes)}, the format written: {target}"
        )
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(
            f"输出文件夹不存在：{parent} / the output folder does not exist: {parent}"
        )
    if target.is_dir():
        raise OutputError(f"输出路径是一个文件夹：{target} / the output path is a folder: {target}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"没有在该文件夹写文件的权限：{parent} / no permission to write in the folder: {parent}"
        )
    _refuse_inputs(target, inputs)
    if target.exists() or target.is_symlink():
        _refuse_existing(target, force)
    return target


def check_output_folder(folder: Path, names: Iterable[str], inputs: Iterable[Path] = (), *,
                        force: bool = False, suffixes: Sequence[str] = ()) -> list[Path]:
    """The files ``folder/name`` a command will write, each checked as :func:`check_output`
    does; refused as a whole, naming every file in the way, if any one may not be written."""
    folder = folder.expanduser()
    if not folder.is_dir():
        raise OutputError(f"文件夹不存在：{folder} / the folder does not exist: {folder}")
    inputs = list(inputs)
    targets, existing = [], []
    for name in names:
        target = folder / name
        if target.exists() and not force:
            existing.append(target)
            continue
        targets.append(check_output(target, inputs, force=force, suffixes=suffixes))
    if existing:
        shown = "、".join(str(path.name) for path in existing[:5])
        more = f" 等 {len(existing)} 个" if len(existing) > 5 else ""
        raise OutputError(
            f"文件夹 {folder} 中已有要写出的文件：{shown}{more}，未写出任何文件；{FORCE_HINT} / "
            f"{len(existing)} file(s) to be written already exist in {folder}; nothing written"
        )
    return targets


def _refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    resolved = target.resolve()
    for source in inputs:
        try:
            source_resolved = source.expanduser().resolve()
            same = resolved == source_resolved or (
                target.exists() and os.path.samefile(target, source))
            inside = source.is_dir() and target.exists() and resolved.is_relative_to(
                source_resolved)
        except OSError:
            same = inside = False
        if same or inside:
            raise OutputError(
                f"输出文件不能是输入文件：{target}（输入文件从不修改）/ "
                f"the output would overwrite the input {target}; inputs are never modified"
            )


def _refuse_existing(target: Path, force: bool) -> None:
    if not force:
        raise OutputError(f"文件已存在：{target}；{FORCE_HINT} / the file already exists: {target}")
    if target.is_symlink() or not target.is_file():
        raise OutputError(
            f"{target} 不是普通文件，不覆盖 / {target} is not a regular file; it is not replaced")
    if is_workbook(target) and not is_vetstat_output(target):
        raise OutputError(
            f"{target} 是学校或他人的工作簿（不是 vetstat 写出的文件），即使加 --force 也不覆盖；"
            f"请换一个文件名 / {target} is a workbook vetstat did not write (or one edited since): "
            "it is never replaced, even with --force; choose another name"
        )


def is_workbook(path: Path) -> bool:
    """Whether the file is a workbook or other office document by its content (zip or OLE)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return True  # unreadable: treat it as someone's workbook
    return head.startswith(_ZIP_MAGIC) or head == _OLE_MAGIC


def is_vetstat_output(path: Path) -> bool:
    """Whether ``path`` is a workbook vetstat wrote and nobody has saved since (the marker)."""
    try:
        with zipfile.ZipFile(path) as archive:
            custom = _small_part(archive, _CUSTOM)
            crcs = {info.filename: info.CRC for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RuntimeError, EOFError):
        return False
    if custom is None:
        return False
    marker = re.search(rb'name="' + OUTPUT_PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>([^<]*)<',
                       custom)
    if marker is None:
        return False
    words = marker.group(1).decode("ascii", "replace").split()
    return len(words) == 3 and words[2] == _digest(crcs)


_CUSTOM = "docProps/custom.xml"
_PENDING = "0" * 16  # the digest's place until the other parts are written


def _digest(crcs: Mapping[str, int]) -> str:
    """The fingerprint of a package: every part but the custom properties, by name and CRC."""
    listing = "\n".join(f"{name}:{crcs[name]:08x}" for name in sorted(crcs) if name != _CUSTOM)
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _PROPERTIES_LIMIT or info.compress_size > _PROPERTIES_LIMIT:
        return None
    with archive.open(info) as stream:
        return stream.read(_PROPERTIES_LIMIT + 1)[:_PROPERTIES_LIMIT]


# --- writing ---------------------------------------------------------------------------------


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary)`` next to ``path``, then rename it over ``path``.

    On any failure, Ctrl-C included, the temporary file is removed and ``path`` is untouched.
    """
    handle, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_text_atomically(path: Path, text: str) -> None:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8", newline="")

    write_atomically(path, write)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_atomically(path, write)


def write_files_atomically(folder: Path, files: Mapping[str, str | Callable[[Path], None]]
                           ) -> list[Path]:
    """Write ``files`` into ``folder``, every one of them or none: name -> its text, or a
    function writing the file at the path it is given (a return file).

    They are written into a temporary folder beside, then moved in one by one; a failure
    moving them (rare: the same file system) takes back the ones already moved.
    """
    staging = Path(tempfile.mkdtemp(prefix=".vetstat.", suffix=".tmp", dir=folder))
    moved: list[tuple[Path, Path | None]] = []
    try:
        for name, content in files.items():
            if isinstance(content, str):
                (staging / name).write_text(content, encoding="utf-8", newline="")
            else:
                content(staging / name)
            os.chmod(staging / name, 0o666 & ~_umask())
        for name in files:
            target = folder / name
            backup = None
            if target.exists():
                backup = staging / f"{name}.previous"
                os.replace(target, backup)
            moved.append((target, backup))
            os.replace(staging / name, target)
    except BaseException:
        for target, backup in reversed(moved):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]


def save_workbook(book: Any, path: Path, kind: str | None) -> None:
    """Save the openpyxl ``book`` to ``path`` whole or not at all, marked as vetstat's output of
    ``kind`` (None: unmarked, a school's workbook as a school would send it).

    On failure the book is discarded (:func:`discard_workbook`): nothing is left to be
    finalised noisily at exit, and the exception is raised as it came.
    """
    from openpyxl.writer.excel import ExcelWriter

    def write(temporary: Path) -> None:
        with temporary.open("wb") as raw:
            sink = _Sink(raw)
            archive = _MarkedZip(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
            try:
                _stamp(book, kind)
                ExcelWriter(book, archive).write_data()
                archive.write_custom()
                archive.close()
            except BaseException:
                sink.discarded = True
                with contextlib.suppress(BaseException):
                    archive.close()
                raise

    try:
        write_atomically(path, write)
    except BaseException:
        discard_workbook(book)
        raise


def discard_workbook(book: Any) -> None:
    """Let go of a workbook that will not be saved: close the row streams of its write-only
    sheets and remove their temporary files, quietly."""
    for sheet in getattr(book, "_sheets", ()):
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        for stream in (rows, getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(BaseException):
                    stream.close()
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.remove(out)
        if writer is not None:
            writer.xf = None


def _stamp(book: Any, kind: str | None) -> None:
    from openpyxl.packaging.custom import StringProperty

    now = _now()
    book.properties.modified = now
    props = book.custom_doc_props
    props.props = [prop for prop in props.props if prop.name != OUTPUT_PROPERTY]
    if kind is not None:
        props.append(StringProperty(name=OUTPUT_PROPERTY,
                                    value=f"{kind} {_w3cdtf(now)} {_PENDING}"))


class _MarkedZip(zipfile.ZipFile):
    """An archive that writes the custom properties last, the marker's digest filled in."""

    custom: bytes | None = None

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if zinfo_or_arcname == _CUSTOM and self.custom is None:
            self.custom = data if isinstance(data, bytes) else str(data).encode()
            return
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write_custom(self) -> None:
        if self.custom is not None:
            digest = _digest({info.filename: info.CRC for info in self.infolist()})
            super().writestr(_CUSTOM, self.custom.replace(_PENDING.encode(), digest.encode(), 1))


def _now() -> datetime.datetime:
    """The time of a save to the second, in UTC without a zone, as dcterms:modified holds it."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)


def _w3cdtf(moment: datetime.datetime) -> str:
    return f"{moment.isoformat(timespec='seconds')}Z"


_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def stamp_package(parts: Mapping[str, bytes], kind: str) -> dict[str, bytes]:
    """The members of an .xlsx package (name -> bytes) marked as vetstat's output of ``kind``,
    for a workbook written by patching a package instead of by :func:`save_workbook`.

    The school's own custom properties stay; ``docProps/core.xml`` gets the time of now as its
    modification time; the content types and package relationships name the parts if they did
    not. Zip the parts as given, nothing changed after (the marker's digest covers them), and
    write the result whole (:func:`write_bytes_atomically`).
    """
    stamp = _w3cdtf(_now())
    out = dict(parts)
    core = out.get("docProps/core.xml")
    modified = (f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>').encode()
    if core is None or b"</cp:coreProperties>" not in core:
        core = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>')
        out = _related(out, "docProps/core.xml", _CORE_TYPE, _CORE_REL)
    core = re.sub(rb"<dcterms:modified\b[^>]*?(?:/>|>[^<]*</dcterms:modified>)", b"", core)
    out["docProps/core.xml"] = core.replace(b"</cp:coreProperties>", modified + b"</cp:coreProperties>")
    custom = out.get("docProps/custom.xml") or (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
        b'"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt='
        b'"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>')
    if b"xmlns:vt=" not in custom:
        custom = custom.replace(b"<Properties", b'<Properties xmlns:vt="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/docPropsVTypes"', 1)
    custom = re.sub(rb'<property\b[^>]*\bname="' + OUTPUT_PROPERTY.encode() + rb'".*?</property>', b"",
                    custom, flags=re.S)
    pid = max((int(n) for n in re.findall(rb'\bpid="(\d+)"', custom)), default=1) + 1
    out = _related(out, _CUSTOM, _CUSTOM_TYPE, _CUSTOM_REL)
    digest = _digest({name: zlib.crc32(content) for name, content in out.items()})
    prop = (f'<property fmtid="{_FMTID}" pid="{pid}" name="{OUTPUT_PROPERTY}">'
            f"<vt:lpwstr>{kind} {stamp} {digest}</vt:lpwstr></property>").encode()
    out[_CUSTOM] = custom.replace(b"</Properties>", prop + b"</Properties>")
    return out


def stamp_file(path: Path, kind: str) -> None:
    """Mark the package at ``path`` (an .xlsx or .docx another library has just written, still
    under its temporary name) as vetstat's output of ``kind``: :func:`stamp_package`, in place."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    stamped = stamp_package(parts, kind)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in stamped.items():
            archive.writestr(name, content)


def _related(parts: dict[str, bytes], name: str, content_type: str, relation: str) -> dict[str, bytes]:
    """``parts`` with the part ``name`` in the content types and the package relationships."""
    types = parts.get("[Content_Types].xml", b"")
    if f'PartName="/{name}"'.encode() not in types:
        parts["[Content_Types].xml"] = types.replace(
            b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())
    rels = parts.get("_rels/.rels", b"")
    if f'Target="{name}"'.encode() not in rels and f'Target="/{name}"'.encode() not in rels:
        taken = set(re.findall(rb'\bId="([^"]*)"', rels))
        number = next(n for n in range(1, len(taken) + 2) if f"rIdVetstat{n}".encode() not in taken)
        parts["_rels/.rels"] = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdVetstat{number}" Type="{relation}" Target="{name}"/>'
            "</Relationships>".encode())
    return parts


class _Sink:
    """A file object whose writes vanish once discarded: a zip archive abandoned mid-way
    cannot raise again when it is closed or collected."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.discarded = raw, False

    def write(self, data: bytes) -> int:
        return len(data) if self.discarded else self.raw.write(data)

    def flush(self) -> None:
        if not self.discarded:
            self.raw.flush()

    def tell(self) -> int:
        try:
            return int(self.raw.tell())
        except (OSError, ValueError):
            if self.discarded:
                return 0
            raise

    def seek(self, offset: int, whence: int = 0) -> int:
        if self.discarded:
            return 0
        return int(self.raw.seek(offset, whence))

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        """The caller closes the real file."""
