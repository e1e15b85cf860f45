"""A per-project index of every file's imports, keyed by stat, for the pre-commit fast path.

With file arguments, `check` still needs the whole import graph (for cycles and contracts),
but not the metrics of the other files. Going through the content-hash cache would read and
hash every file; this index answers with one `stat` per file and a single load of one signed
pickle (`analysis/signed.py`: never trusted from another user or a cloned cache). An entry is
trusted only while the file's size, mtime_ns, ctime_ns and inode are unchanged, and files
modified in the last two seconds are never recorded (the "racy git" problem: a second edit
within the clock's granularity would keep the same mtime). Files that cannot be measured (a
syntax error) are recorded as such, so a warm check never parses them again.
The index lives inside the analysis cache's fingerprinted folder, so a new refactorkit
version (or new import-extraction code) never reads an old index.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.snapshot import RACY_NS, Stamp, stamp_of
from refactorkit.domain import ImportRecord, SourceFile
from refactorkit.signed import read_signed, secret_key, write_signed

INDEX_FORMAT = 2  # 2: a signed pickle; skipped files recorded
_MAGIC = b"RKINDX%02d" % INDEX_FORMAT
RACY_SECONDS = RACY_NS / 1e9
Imports = tuple[ImportRecord, ...]


class _Skipped:
    """The marker `lookup` returns for an unchanged file that could not be measured."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()
# relpath -> (stamp, module, is_package, imports or None for a file that was skipped)
_Entry = tuple[Stamp, str | None, bool, Imports | None]


@dataclass(frozen=True)
class ImportIndex:
    """relpath -> (stamp, module, is_package, imports), loaded from one signed file."""

    path: Path
    key: bytes | None
    root: str
    entries: dict[str, _Entry]

    @classmethod
    def load(cls, cache: AnalysisCache, root: Path) -> ImportIndex:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        path = cache.directory / "check-index" / f"{name}.bin"
        key = secret_key()
        found = read_signed(path, key, _MAGIC) if key is not None else None
        entries: dict[str, _Entry] = {}
        if isinstance(found, tuple) and len(found) == 2 and found[0] == str(root):
            entries = found[1]  # signed by us: its shape is ours
        return cls(path, key, str(root), entries)

    def lookup(self, source: SourceFile) -> Imports | _Skipped | None:
        """The recorded imports of an unchanged file (SKIPPED if it could not be measured),
        else None."""
        entry = self.entries.get(source.relpath)
        if entry is None:
            return None
        try:
            info = os.stat(source.path)
        except OSError:
            return None
        stamp, module, is_package, imports = entry
        if (stamp, module, is_package) != (stamp_of(info), source.module, source.is_package):
            return None
        return SKIPPED if imports is None else imports

    def save(
        self,
        root: Path,
        files: Iterable[tuple[SourceFile, Imports]],
        skipped: Iterable[SourceFile] = (),
    ) -> None:
        """Record `files` (the whole project) and the `skipped` ones, leaving out racy ones;
        never raises on I/O."""
        if self.key is None:
            return
        now = time.time_ns()
        rows: dict[str, _Entry] = {}
        every: list[tuple[SourceFile, Imports | None]] = [*files, *((s, None) for s in skipped)]
        for source, imports in every:
            try:
                stamp = stamp_of(os.stat(source.path))
            except OSError:
                continue
            if now - stamp[1] < RACY_NS:
                continue
            rows[source.relpath] = (stamp, source.module, source.is_package, imports)
        write_signed(self.path, self.key, _MAGIC, (str(root), rows))
