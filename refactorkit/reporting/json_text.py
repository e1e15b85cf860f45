"""`json.dumps(data, indent=N)`, the same text, at the speed of the C encoder.

With `indent`, Python's json module (3.11) encodes in pure Python: 0.16-0.21 s of a warm
`analyze --format json` on Django (5.8 MB of report), more than everything else the run
does. Most containers in a report hold only scalars (a function's row, a file's raw counts);
for those the C encoder writes the whole container at once, given the item separator
",\\n" plus the indentation of that depth, and only the brackets are placed by hand. Strings
never hold a raw newline (the encoder escapes it), so that text is exactly what the indenting
encoder writes; the rest of the tree is walked here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

_NESTED = (dict, list, tuple)
# Exact types the C encoder writes as one token; a container of these is written in one call.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_STR = frozenset({str})


def dumps(data: Any, *, indent: int = 2, ensure_ascii: bool = True) -> str:
    """The text of `json.dumps(data, indent=indent, ensure_ascii=ensure_ascii)`."""
    out: list[str] = []
    _Writer(indent, ensure_ascii, out).value(data, 0)
    return "".join(out)


def _flat_values(values: Iterable[Any]) -> bool:
    """Whether no value is a container (exact scalar types answer in C; others one by one)."""
    values = tuple(values)
    return _SCALARS.issuperset(map(type, values)) or not any(isinstance(v, _NESTED) for v in values)


_DICT = frozenset({dict})


def _rows(data: list[Any] | tuple[Any, ...]) -> bool:
    """Whether `data` is all non-empty dicts with string keys and scalar values."""
    if not (_DICT.issuperset(map(type, data)) and all(data)):
        return False
    return all(
        _STR.issuperset(map(type, row)) and _SCALARS.issuperset(map(type, row.values()))
        for row in data
    )


class _Writer:
    def __init__(self, indent: int, ensure_ascii: bool, out: list[str]) -> None:
        self.indent = indent
        self.ensure_ascii = ensure_ascii
        self.out = out
        self.scalar = _flat(ensure_ascii, "")
        self.key = _strings(ensure_ascii)

    def value(self, data: Any, level: int) -> None:
        if type(data) in _SCALARS:
            self.out.append(self.scalar(data))
        elif isinstance(data, dict):
            self.mapping(data, level)
        elif isinstance(data, (list, tuple)):
            self.sequence(data, level)
        else:
            self.out.append(self.scalar(data))

    def mapping(self, data: dict[Any, Any], level: int) -> None:
        if not data or not (
            _STR.issuperset(map(type, data)) or all(isinstance(k, str) for k in data)
        ):
            # Empty, or keys json converts (numbers, None): its own encoder decides.
            self.out.append(self._slow(data, level))
            return
        if _flat_values(data.values()):
            self.out.append(self._flat(data, level))
            return
        out, key, scalar = self.out, self.key, self.scalar
        separator = "\n" + " " * (self.indent * (level + 1))
        out.append("{")
        for name, item in data.items():
            out.append(separator + key(name) + ": ")
            if type(item) in _SCALARS:
                out.append(scalar(item))
            else:
                self.value(item, level + 1)
            separator = "," + separator if separator[0] == "\n" else separator
        out.append("\n" + " " * (self.indent * level) + "}")

    def sequence(self, data: list[Any] | tuple[Any, ...], level: int) -> None:
        if not data:
            self.out.append("[]")
            return
        if _flat_values(data):
            self.out.append(self._flat(data, level))
            return
        if _rows(data):
            self.out.append(self._rows(data, level))
            return
        inner = "\n" + " " * (self.indent * (level + 1))
        self.out.append("[")
        for number, item in enumerate(data):
            self.out.append(("," if number else "") + inner)
            self.value(item, level + 1)
        self.out.append("\n" + " " * (self.indent * level) + "]")

    def _flat(self, data: Any, level: int) -> str:
        """A container of scalars: one C-encoder call, brackets moved onto their own lines."""
        inner = "\n" + " " * (self.indent * (level + 1))
        text = _flat(self.ensure_ascii, "," + inner)(data)
        return text[0] + inner + text[1:-1] + "\n" + " " * (self.indent * level) + text[-1]

    def _rows(self, data: list[Any] | tuple[Any, ...], level: int) -> str:
        """A list of non-empty dicts of scalars (a file's functions): one C-encoder call with
        the rows' item separator, then the rows' own brackets put on their lines. The
        separator holds a raw newline, which no encoded string can, so `},SEP{` is found only
        between two rows."""
        outer, row, item = (" " * (self.indent * n) for n in (level, level + 1, level + 2))
        separator = ",\n" + item
        text = _flat(self.ensure_ascii, separator)(data)
        text = text.replace("}" + separator + "{", f"\n{row}}},\n{row}{{\n{item}")
        return f"[\n{row}{{\n{item}" + text[2:-2] + f"\n{row}}}\n{outer}]"

    def _slow(self, data: Any, level: int) -> str:
        text = json.dumps(data, indent=self.indent, ensure_ascii=self.ensure_ascii)
        return text.replace("\n", "\n" + " " * (self.indent * level))


def _strings(ensure_ascii: bool) -> Callable[[str], str]:
    if ensure_ascii:
        return json.encoder.encode_basestring_ascii
    return json.encoder.encode_basestring


@functools.cache
def _flat(ensure_ascii: bool, item_separator: str) -> Callable[[Any], str]:
    """The compact encoding of a scalar or a container of scalars, `item_separator` between
    items (json's own C encoder, made once: `JSONEncoder.encode` makes one per call)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    strings = (
        json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    )
    if make is None:  # pragma: no cover - Python without the _json accelerator
        encoder = json.JSONEncoder(ensure_ascii=ensure_ascii, separators=(item_separator, ": "))
        return encoder.encode

    def unencodable(value: object) -> object:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    chunks = make({}, unencodable, strings, None, ": ", item_separator, False, False, True)

    def encode(data: Any) -> str:
        if isinstance(data, str):
            return strings(data)
        return "".join(chunks(data, 0))

    return encode
