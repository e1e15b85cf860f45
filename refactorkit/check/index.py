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

Each file's imports stay pickled apart inside the index and are unpickled only when the graph
is built: a warm `check FILE` whose import graph is unchanged takes its graph findings from
the memo (`check/graph_memo.py`) and never needs them (unpickling them all was 60 ms of a
0.5 s run on Django's sdist). `token` names one saved content, which is what the memo is for.
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
from refactorkit.signed import dump_records, load_records, read_signed, secret_key, write_signed

INDEX_FORMAT = 3  # 2: a signed pickle; skipped files recorded. 3: imports pickled per file
_MAGIC = b"RKINDX%02d" % INDEX_FORMAT
RACY_SECONDS = RACY_NS / 1e9
Imports = tuple[ImportRecord, ...]


class _Skipped:
    """The marker `lookup` returns for an unchanged file that could not be measured."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()
UNCHANGED = "unchanged"  # what `state` says of a file recorded with its imports
# relpath -> (stamp, module, is_package, pickled imports or None for a file that was skipped)
_Entry = tuple[Stamp, str | None, bool, bytes | None]


@dataclass(frozen=True)
class ImportIndex:
    """relpath -> (stamp, module, is_package, imports), loaded from one signed file."""

    path: Path
    key: bytes | None
    root: str
    entries: dict[str, _Entry]
    token: str = ""  # names the saved content ("" when nothing was loaded)

    @classmethod
    def load(cls, cache: AnalysisCache, root: Path) -> ImportIndex:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        path = cache.directory / "check-index" / f"{name}.bin"
        key = secret_key()
        found = read_signed(path, key, _MAGIC) if key is not None else None
        if isinstance(found, tuple) and len(found) == 3 and found[0] == str(root):
            return cls(path, key, str(root), found[1], found[2])  # signed by us: ours
        return cls(path, key, str(root), {})

    def state(
        self, source: SourceFile, info: os.stat_result | None = None
    ) -> str | _Skipped | None:
        """UNCHANGED (imports recorded) or SKIPPED (could not be measured) for a file whose
        stat (`info` when discovery took it), module name and kind are as recorded, else
        None; nothing is unpickled."""
        entry = self.entries.get(source.relpath)
        if entry is None:
            return None
        try:
            info = info or os.stat(source.path)
        except OSError:
            return None
        stamp, module, is_package, imports = entry
        if (stamp, module, is_package) != (stamp_of(info), source.module, source.is_package):
            return None
        return SKIPPED if imports is None else UNCHANGED

    def lookup(self, source: SourceFile) -> Imports | _Skipped | None:
        """The recorded imports of an unchanged file (SKIPPED if it could not be measured),
        else None."""
        state = self.state(source)
        if state is UNCHANGED:
            return self.recorded(source.relpath)
        return SKIPPED if state is SKIPPED else None

    def recorded(self, relpath: str) -> Imports | _Skipped | None:
        """The imports recorded for `relpath` whatever its stat now (SKIPPED, None)."""
        entry = self.entries.get(relpath)
        if entry is None:
            return None
        if entry[3] is None:
            return SKIPPED
        imports = load_records(entry[3])
        return imports if isinstance(imports, tuple) else None

    def save(
        self,
        root: Path,
        files: Iterable[tuple[SourceFile, Imports]],
        skipped: Iterable[SourceFile] = (),
    ) -> str | None:
        """Record `files` (the whole project) and the `skipped` ones, leaving out racy ones;
        never raises on I/O. The new token when every file was recorded, else None."""
        if self.key is None:
            return None
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
            pickled = None if imports is None else dump_records(imports)
            rows[source.relpath] = (stamp, source.module, source.is_package, pickled)
        token = os.urandom(12).hex()
        write_signed(self.path, self.key, _MAGIC, (str(root), rows, token))
        return token if len(rows) == len(every) else None
