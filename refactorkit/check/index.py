"""A per-project index of every file's imports, keyed by stat, for the pre-commit fast path.

With file arguments, `check` still needs the whole import graph (for cycles and contracts),
but not the metrics of the other files. Going through the content-hash cache would read and
hash every file and load one JSON entry per file; this index answers with one `stat` per file
and a single JSON load. An entry is trusted only while the file's size and mtime_ns are
unchanged, and files modified in the last two seconds are never recorded (the "racy git"
problem: a second edit within the clock's granularity would keep the same mtime).
The index lives inside the analysis cache's fingerprinted folder, so a new refactorkit
version (or new import-extraction code) never reads an old index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.atomic import write_atomically
from refactorkit.domain import ImportKind, ImportRecord, SourceFile

INDEX_FORMAT = 1
RACY_SECONDS = 2.0
Imports = tuple[ImportRecord, ...]


@dataclass(frozen=True)
class ImportIndex:
    """relpath -> (size, mtime_ns, module, is_package, imports), loaded from one file."""

    path: Path
    entries: dict[str, tuple[int, int, str | None, bool, Imports]]

    @classmethod
    def load(cls, cache: AnalysisCache, root: Path) -> ImportIndex:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        path = cache.directory / "check-index" / f"{name}.json"
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") != INDEX_FORMAT or data.get("root") != str(root):
                return cls(path, {})
            entries = {rel: _decode(row) for rel, row in data["files"].items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return cls(path, {})  # missing or corrupt: rebuilt by this run
        return cls(path, entries)

    def lookup(self, source: SourceFile) -> Imports | None:
        """The recorded imports of an unchanged file, else None."""
        entry = self.entries.get(source.relpath)
        if entry is None:
            return None
        try:
            info = os.stat(source.path)
        except OSError:
            return None
        size, mtime, module, is_package, imports = entry
        if (info.st_size, info.st_mtime_ns, module, is_package) != (
            size,
            mtime,
            source.module,
            source.is_package,
        ):
            return None
        return imports

    def save(self, root: Path, files: Iterable[tuple[SourceFile, Imports]]) -> None:
        """Record `files` (the whole project), skipping racy ones; never raises on I/O."""
        now = time.time_ns()
        rows: dict[str, list[Any]] = {}
        for source, imports in files:
            try:
                info = os.stat(source.path)
            except OSError:
                continue
            if now - info.st_mtime_ns < RACY_SECONDS * 1e9:
                continue
            rows[source.relpath] = [
                info.st_size,
                info.st_mtime_ns,
                source.module,
                source.is_package,
                [[i.module, i.name, i.lineno, i.kind.value, i.in_try] for i in imports],
            ]
        payload = {"format": INDEX_FORMAT, "root": str(root), "files": rows}
        with contextlib.suppress(OSError):  # an unwritable cache only costs speed
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            write_atomically(self.path, data, private=True)


def _decode(row: list[Any]) -> tuple[int, int, str | None, bool, Imports]:
    size, mtime, module, is_package, imports = row
    records = tuple(
        ImportRecord(str(m), n, int(line), ImportKind(kind), bool(in_try))
        for m, n, line, kind, in_try in imports
    )
    return int(size), int(mtime), module, bool(is_package), records
