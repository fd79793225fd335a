"""When a workbook was last saved, as the file itself says it (which of two files of one school
is the later, X901): ``dcterms:modified`` of an .xlsx, the summary information of an .xls, the
``meta.xml`` date of an .ods; None when the file does not say (the caller takes the mtime)."""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from vetstat.xlsx.limits import MAX_XLS_BYTES, OLE_MAGIC, ZIP_MAGIC

PROPERTIES_LIMIT = 64 * 1024  # of docProps/core.xml or meta.xml read: a few hundred bytes
_MODIFIED = re.compile(rb"<(?:dcterms:modified|dc:date)\b[^>]*>\s*([^<]{8,40}?)\s*<")
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
_PID_LASTSAVE_DTM, _VT_FILETIME = 13, 0x40


def saved_time(path: Path) -> float | None:
    """Seconds since the epoch of the last save the workbook records, or None."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block the open
            return None
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(ZIP_MAGIC):
            return _zip_saved(path)
        if head == OLE_MAGIC and path.stat().st_size <= MAX_XLS_BYTES:
            return _ole_saved(path.read_bytes())
    except (OSError, ValueError, KeyError, RuntimeError, EOFError, NotImplementedError,
            struct.error, zipfile.BadZipFile):
        return None
    return None


def _zip_saved(path: Path) -> float | None:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in ("docProps/core.xml", "meta.xml"):
            if part in names:
                with archive.open(part) as stream:
                    found = _MODIFIED.search(stream.read(PROPERTIES_LIMIT))
                if found:
                    text = found.group(1).decode("ascii", "replace")
                    stamp = datetime.fromisoformat(text)
                    if stamp.tzinfo is None:
                        stamp = stamp.replace(tzinfo=UTC)
                    return stamp.timestamp()
    return None


def _ole_saved(data: bytes) -> float | None:
    import xlrd.compdoc

    stream = xlrd.compdoc.CompDoc(data, logfile=io.StringIO()).get_named_stream(
        "\x05SummaryInformation")
    if not stream or len(stream) < 48:
        return None
    section = struct.unpack_from("<I", stream, 44)[0]
    count = struct.unpack_from("<I", stream, section + 4)[0]
    for index in range(min(count, 64)):
        pid, offset = struct.unpack_from("<II", stream, section + 8 + 8 * index)
        if pid == _PID_LASTSAVE_DTM:
            kind, = struct.unpack_from("<I", stream, section + offset)
            if kind != _VT_FILETIME:
                return None
            ticks, = struct.unpack_from("<Q", stream, section + offset + 4)
            if ticks == 0:
                return None
            return float(_FILETIME_EPOCH.timestamp() + ticks / 10_000_000)
    return None
