"""JSON documents as vetstat writes them: deterministic (sorted keys, no timestamps), finite
(a figure that is not finite is null), and streamed, so that a national batch never builds one
huge string.  Results put :class:`JsonLines` where a list is long; every writer of JSON uses
:func:`write_json`.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterable
from typing import Any, TextIO, cast


def to_json(document: Any) -> str:
    """Deterministic JSON: sorted keys, no timestamps, Chinese kept readable.

    JSON has no nan or infinity: a figure that is not finite (a ratio of absurd inputs) is
    written as null rather than as invalid JSON or a crash.
    """
    buffer = io.StringIO()
    write_json(document, buffer)
    return buffer.getvalue()


def _finite(document: Any) -> Any:
    """The document with non-finite numbers as None; the document itself when it has none
    (the usual case: no copy of a large document is made)."""

    def finite(value: Any) -> Any:
        if isinstance(value, float):
            return value if math.isfinite(value) else None
        if isinstance(value, dict):
            return {key: finite(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [finite(item) for item in value]
        return value

    return finite(document) if _has_nonfinite(document) else document


def _has_nonfinite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_nonfinite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nonfinite(item) for item in value)
    return False


class JsonLines:
    """A list of a JSON document made as it is written, one compact element per line.

    A national batch has thousands of schools: their entries are neither held in memory
    together nor indented (the indenting encoder is pure Python, four times slower than the
    compact one). ``items`` is called once, when the list is written.
    """

    def __init__(self, items: Callable[[], Iterable[Any]]) -> None:
        self.items = items


def write_json(document: Any, stream: TextIO) -> None:
    """:func:`to_json` written piece by piece: a national batch never builds one huge string.

    Top-level values that are :class:`JsonLines` are written one element per line; the
    document is the same JSON either way. The C1 controls and DEL, which JSON lets through raw
    but a terminal runs, the bidirectional controls and what no UTF-8 file holds are written
    escaped (``\\u009b``, ``\\u202e``): the same JSON value.
    """
    stream = cast(TextIO, _Escaping(stream))  # all a JSON writer calls is write()
    if not isinstance(document, dict) or not any(isinstance(value, JsonLines)
                                                  for value in document.values()):
        json.dump(_finite(document), stream, ensure_ascii=False, indent=2, sort_keys=True,
                  allow_nan=False, default=_json_default)
        stream.write("\n")
        return
    stream.write("{")
    for index, key in enumerate(sorted(document)):
        stream.write(f"{',' if index else ''}\n  {json.dumps(key, ensure_ascii=False)}: ")
        value = document[key]
        if isinstance(value, JsonLines):
            count = 0
            for count, item in enumerate(value.items(), start=1):
                text = item if isinstance(item, JsonText) else compact_json(item)
                stream.write(f"{'[' if count == 1 else ','}\n    {text}")
            stream.write("\n  ]" if count else "[]")
        else:
            stream.write(json.dumps(_finite(value), ensure_ascii=False, indent=2, sort_keys=True,
                                    allow_nan=False, default=_json_default).replace("\n", "\n  "))
    stream.write("\n}\n")


# what json.dumps leaves raw that a terminal would run or show reversed (DEL, the C1
# controls, the bidirectional controls) or that no UTF-8 file can hold (a lone surrogate: a
# file name's undecodable byte; U+FFFE, U+FFFF); raw, they can only be inside a string
_ESCAPES = {code: f"\\u{code:04x}" for code in (
    *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
    *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)}


class _Escaping:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text.translate(_ESCAPES))


class JsonText(str):
    """An element of :class:`JsonLines` that is JSON already: written as it is."""


def compact_json(item: Any) -> str:
    """One line of JSON, by the C encoder (``json.dump`` to a stream never uses it)."""
    try:
        return json.dumps(item, ensure_ascii=False, sort_keys=True, allow_nan=False,
                          default=_json_default)
    except ValueError:  # a figure that is not finite: written as null, as everywhere
        return json.dumps(_finite(item), ensure_ascii=False, sort_keys=True, allow_nan=False,
                          default=_json_default)


def _json_default(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)
