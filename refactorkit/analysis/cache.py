"""Content-hash cache of per-file analyses, so an unchanged file is never parsed twice.

An entry is keyed by the sha256 of the file's bytes, the file's place in the project (relpath,
module name, package flag: relative imports resolve against them) and a fingerprint of the code
that measures it (refactorkit's version plus the measuring modules' own bytes, so editing a
metric during development never serves stale numbers).

Entries are JSON, not pickle: a `.refactorkit_cache/` folder can arrive inside a cloned repository,
and loading a pickle from it would run arbitrary code. Each entry is written to a temporary file
and moved into place with `os.replace`, so concurrent runs never see half-written entries; an
entry that fails to load or validate is treated as a miss and rewritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import json
import math
import os
import re
import stat
import sys
from collections.abc import Hashable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import refactorkit
from refactorkit import __version__
from refactorkit.atomic import write_atomically
from refactorkit.signed import user_cache_root

if TYPE_CHECKING:
    from refactorkit.domain import FileAnalysis, ImportRecord, SourceFile

T = TypeVar("T")

# Bump when the entry layout below changes.
CACHE_FORMAT = 5  # 2: FunctionMetrics.cognitive; 3: print, value sites; 4: code lines; 5: cuttable

# Files (relative to the refactorkit package) whose code decides what an entry holds, plus
# every module of analysis/: the metric cores are split over several files and new ones
# appear, so the whole folder is hashed rather than a list that could silently go stale.
_MEASURING_FILES = (
    "__init__.py",
    "domain.py",
    "workspace.py",
    "graph/code_lines.py",
    "graph/imports.py",
    "graph/prints.py",
    "graph/values.py",
)
_MEASURING_FOLDERS = ("analysis",)


def default_cache_dir() -> Path:
    """The per-user cache folder (e.g. ~/.cache/refactorkit/analyze on Linux)."""
    return user_cache_root() / "analyze"


def code_fingerprint() -> str:
    """Hash of refactorkit's version and the bytes of the modules that produce entries."""
    # radon's visitors and Python's ast both shape the numbers, so their versions count too.
    seed = f"{__version__}/{CACHE_FORMAT}/{sys.version_info[:3]}/radon {_radon_stamp()}"
    digest = hashlib.sha256(seed.encode())
    # Read as files, not imported: the warm path must not pay for radon & co.
    package = Path(refactorkit.__file__).parent
    names = list(_MEASURING_FILES)
    for folder in _MEASURING_FOLDERS:
        with contextlib.suppress(OSError):
            names.extend(sorted(f"{folder}/{p.name}" for p in (package / folder).glob("*.py")))
    for name in names:
        digest.update(name.encode())
        with contextlib.suppress(OSError):
            digest.update((package / name).read_bytes())
    return digest.hexdigest()


def _radon_stamp() -> str:
    """radon's version, from its own `__init__.py` read as a file: neither importing radon nor
    importlib.metadata (about 25 ms, on every warm run) to learn it."""
    spec = importlib.util.find_spec("radon")
    if spec is None or spec.origin is None:
        return "-"
    try:
        text = Path(spec.origin).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "-"
    found = re.search(r"""__version__\s*=\s*['"]([^'"]+)['"]""", text)
    return found.group(1) if found else hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class AnalysisCache:
    """A folder of JSON entries, one per (content, place, measuring code)."""

    directory: Path  # already includes the fingerprint level
    fingerprint: str

    @classmethod
    def open(cls, base: Path | None = None) -> AnalysisCache:
        """The cache under `base` (default: the user cache dir) for the current code."""
        fingerprint = code_fingerprint()
        root = base if base is not None else default_cache_dir()
        # One sub-folder per fingerprint: old versions' entries never collide with new ones.
        return cls(root / fingerprint[:16], fingerprint)

    def key(self, source: SourceFile, sha256: str) -> str:
        """The entry name for a file with this content at this place."""
        parts = (self.fingerprint, sha256, source.relpath, source.module or "", source.is_package)
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, source: SourceFile, sha256: str) -> FileAnalysis | None:
        """The cached analysis of this file, or None on a miss or an unusable entry.

        An unusable entry (truncated, wrong types, NaN, nested 100k deep, a FIFO in its place)
        is dropped, so this run writes a good one instead of every later run tripping on it.
        """
        key = self.key(source, sha256)
        path = self._path(key)
        try:
            raw = _read_regular(path)
        except FileNotFoundError:
            return None
        except OSError:
            _drop(path)
            return None
        try:
            data = json.loads(raw, parse_constant=_no_constants)
            return _decode(data, source, sha256, key)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError):
            _drop(path)  # corrupt, foreign or from another layout: rewritten by this run
            return None

    def store(self, analysis: FileAnalysis) -> bool:
        """Write an entry atomically; False when the cache folder is not writable."""
        key = self.key(analysis.source, analysis.sha256)
        path = self._path(key)
        payload = json.dumps(_encode(analysis, key), separators=(",", ":")).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, payload, private=True)
        except OSError:
            # A read-only or full disk makes the cache useless, not the analysis wrong.
            return False
        return True


def _read_regular(path: Path) -> bytes:
    """The entry's bytes; anything but a regular file (a FIFO would block) is an OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def _drop(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} in a cache entry")  # NaN would make the JSON report invalid


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _row(cls: type[T], row: object) -> T:
    """`cls(*row)` when every value has its field's type; ValueError otherwise."""
    required, names, allowed = _schema(cast(Hashable, cls))
    if not isinstance(row, list) or not required <= len(row) <= len(names):
        raise ValueError("wrong number of values")
    # Exact types, one set lookup per value (bool is not an int here; floats are checked
    # finite below): a warm run decodes every function of the project.
    for name, types, value in zip(names, allowed, row, strict=False):  # trailing defaults
        if type(value) not in types:
            raise ValueError(f"{name} has the wrong type")
        if type(value) is float and not math.isfinite(value):
            raise ValueError(f"{name} is not finite")
    return cls(*row)


_TYPES: dict[str, frozenset[type]] = {
    "int": frozenset({int}),
    "float": frozenset({int, float}),
    "str": frozenset({str}),
    "str | None": frozenset({str, type(None)}),
    "bool": frozenset({bool}),
}


@functools.cache
def _schema(cls: Hashable) -> tuple[int, tuple[str, ...], tuple[frozenset[type], ...]]:
    """How many fields `cls` requires, their names and the value types each accepts: worked
    out once per class (dataclasses.fields per row was a tenth of a warm run on Django)."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    required = sum(f.default is dataclasses.MISSING for f in fields)
    return required, tuple(f.name for f in fields), tuple(_TYPES[str(f.type)] for f in fields)


def _rows(cls: type[T], rows: object) -> tuple[T, ...]:
    if not isinstance(rows, list):
        raise ValueError("not a list")
    return tuple(_row(cls, row) for row in rows)


def _import(row: object) -> ImportRecord:
    from refactorkit.domain import ImportKind, ImportRecord

    if not isinstance(row, list) or len(row) != 5:
        raise ValueError("wrong number of values")
    module, name, lineno, kind, in_try = row
    if not (isinstance(module, str) and (name is None or isinstance(name, str))):
        raise ValueError("bad import names")
    if not (_is_int(lineno) and isinstance(in_try, bool)):
        raise ValueError("bad import position")
    return ImportRecord(module, name, lineno, ImportKind(kind), in_try)


def _encode(analysis: FileAnalysis, key: str) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "key": key,
        "sha256": analysis.sha256,
        "raw": list(astuple(analysis.raw)),
        "functions": [list(astuple(f)) for f in analysis.functions],
        "classes": [list(astuple(c)) for c in analysis.classes],
        "maintainability": analysis.maintainability,
        "top_level_classes": analysis.top_level_classes,
        "top_level_functions": analysis.top_level_functions,
        "imports": [[i.module, i.name, i.lineno, i.kind.value, i.in_try] for i in analysis.imports],
        "prints": [list(astuple(p)) for p in analysis.prints],
        "values": [list(astuple(v)) for v in analysis.values],
        "code_lines": list(analysis.code_lines),
        "line_hashes": list(analysis.line_hashes),
    }


def _decode(data: Any, source: SourceFile, sha256: str, key: str) -> FileAnalysis | None:
    # Imported here: the warm path opens the cache for its folder and never decodes an entry.
    from refactorkit.domain import (
        ClassMetrics,
        FileAnalysis,
        FunctionMetrics,
        PrintSite,
        RawMetrics,
        ValueSite,
    )

    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    if data.get("key") != key or data.get("sha256") != sha256:
        return None  # a renamed or foreign file: never trust it
    counts = [data["maintainability"], data["top_level_classes"], data["top_level_functions"]]
    if not (_is_number(counts[0]) and _is_int(counts[1]) and _is_int(counts[2])):
        raise ValueError("bad counts")
    imports = data["imports"]
    if not isinstance(imports, list):
        raise ValueError("imports is not a list")
    # The caller's SourceFile is used, so a cached entry never carries another checkout's path.
    return FileAnalysis(
        source=source,
        sha256=sha256,
        raw=_row(RawMetrics, data["raw"]),
        functions=_rows(FunctionMetrics, data["functions"]),
        classes=_rows(ClassMetrics, data["classes"]),
        maintainability=float(counts[0]),
        top_level_classes=counts[1],
        top_level_functions=counts[2],
        imports=tuple(_import(row) for row in imports),
        prints=_rows(PrintSite, data["prints"]),
        values=_rows(ValueSite, data["values"]),
        code_lines=_ints(data["code_lines"]),
        line_hashes=_ints(data["line_hashes"], len(data["code_lines"])),
    )


def _ints(values: object, length: int | None = None) -> tuple[int, ...]:
    """A list of plain ints (of `length` items when given) as a tuple; ValueError otherwise."""
    if not isinstance(values, list) or (length is not None and len(values) != length):
        raise ValueError("not a list of ints")
    if not all(type(value) is int for value in values):
        raise ValueError("not a list of ints")
    return tuple(values)
