"""One file per analyzed tree holding every file's analysis, read once on a warm run.

The per-file cache (`cache.py`) costs an open, a read, a sha256 and a JSON decode per file;
a warm `analyze` of Django paid 885 of each. The snapshot is one file, keyed by the tree
(project root and analyzed path) inside the cache's fingerprinted folder: an entry is reused
while the file's size, mtime_ns, ctime_ns and inode are unchanged, and its content hash is
compared only when they differ (a `touch`, a checkout that rewrote the same bytes). Files
modified in the last two seconds are stored without their stat (git's "racy clean"
problem: a second edit within the clock's granularity keeps the same mtime), so the next run
hashes them.

The payload is a pickle signed with a per-user key (`signed.py`): loaded without building
and validating JSON rows (the cost of the per-file entries), and never trusted from anyone
else; a snapshot that is corrupt, foreign or of another layout is a miss. Writes are atomic,
so concurrent runs see the old snapshot or the new one.

Each file's analysis is kept as a pickle of its own inside the payload and loaded only when
asked for: a warm run whose report is already written (`rendered.py`) needs the stamps and
hashes alone, and unpickling Django's 19,000 records was 35-75 ms of it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.signed import dump_records, load_records, read_signed, secret_key, write_signed
from refactorkit.sources import SkippedFile, SourceFile

if TYPE_CHECKING:
    from refactorkit.domain import FileAnalysis

SNAPSHOT_FORMAT = 4  # 2: unmeasurable files kept with their reason; 3: RK116 line hashes;
# 4: each analysis pickled apart, loaded when asked for
_MAGIC = b"RKSNAP%02d" % SNAPSHOT_FORMAT
RACY_NS = 2_000_000_000  # files modified this recently are stored without their stat

# (size, mtime_ns, ctime_ns, inode) of a file when it was measured; None: hash it next time.
Stamp = tuple[int, int, int, int]
Outcome: TypeAlias = "FileAnalysis | SkippedFile"
# What a snapshot keeps per file: its place (relpath -> module, package flag), the stamp, the
# sha256 of its bytes and a pickle of the analysis fields after `source` and `sha256`, or the
# reason it could not be measured (a syntax error: parsing it again would say the same).
_Entry = tuple[str | None, bool, Stamp | None, str, bytes | str]


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass(frozen=True)
class Snapshot:
    """relpath -> entry, loaded from one signed file; `path` is where it is saved."""

    path: Path
    key: bytes | None
    entries: dict[str, _Entry]

    @classmethod
    def open(cls, cache: AnalysisCache, root: Path, target: Path) -> Snapshot:
        """The snapshot of `target` (analyzed under project `root`), empty when unusable."""
        name = hashlib.sha256(f"{root}\0{target}".encode()).hexdigest()[:24]
        path = cache.directory / "snapshots" / f"{name}.bin"
        key = secret_key()
        rows = read_signed(path, key, _MAGIC) if key is not None else None
        return cls(path, key, rows if isinstance(rows, dict) else {})

    def lookup(self, source: SourceFile, stamp: Stamp) -> Outcome | None:
        """The outcome for an unchanged file (same place, same stamp), else None."""
        entry = self.entries.get(source.relpath)
        if entry is None or entry[2] != stamp or entry[:2] != (source.module, source.is_package):
            return None
        return _outcome(source, entry)

    def sha_of(self, relpath: str) -> str:
        return self.entries[relpath][3]

    def unchanged(self, sources: Sequence[SourceFile]) -> list[tuple[SourceFile, _Entry]] | None:
        """Each source with its entry when every one has the same place and stamp as stored
        (a stat each, nothing unpickled), else None."""
        found = []
        entries = self.entries
        for source in sources:
            entry = entries.get(source.relpath)
            if entry is None or entry[2] is None or entry[:2] != (source.module, source.is_package):
                return None
            try:
                if stamp_of(os.stat(source.path)) != entry[2]:
                    return None
            except OSError:
                return None
            found.append((source, entry))
        return found

    def by_hash(self, source: SourceFile, sha256: str) -> Outcome | None:
        """The outcome for a file whose stamp changed but whose bytes did not."""
        entry = self.entries.get(source.relpath)
        if entry is None or entry[3] != sha256 or entry[:2] != (source.module, source.is_package):
            return None
        return _outcome(source, entry)

    def stale(self, known: Sequence[tuple[SourceFile, str, Outcome]], stamps: _Stamps) -> bool:
        """Whether saving `known` (source, sha256, outcome) with `stamps` would change what
        is stored."""
        if len(known) != len(self.entries):
            return True
        for source, _, _ in known:
            entry = self.entries.get(source.relpath)
            if entry is None or entry[2] is None or entry[2] != stamps.get(source.relpath):
                return True
        return False

    def save(self, known: Iterable[tuple[SourceFile, str, Outcome]], stamps: _Stamps) -> None:
        """Store `known` (racy stamps left out); an unwritable cache only costs speed."""
        if self.key is None:
            return
        now = time.time_ns()
        rows = {
            source.relpath: _entry(source, sha, outcome, _settled(stamps.get(source.relpath), now))
            for source, sha, outcome in known
        }
        write_signed(self.path, self.key, _MAGIC, rows)


_Stamps = dict[str, Stamp | None]


def _settled(stamp: Stamp | None, now: int) -> Stamp | None:
    return None if stamp is None or now - stamp[1] < RACY_NS else stamp


def _entry(source: SourceFile, sha: str, outcome: Outcome, stamp: Stamp | None) -> _Entry:
    from refactorkit.domain import FileAnalysis  # the records' module: only when saving

    kept = dump_records(_fields(outcome)) if isinstance(outcome, FileAnalysis) else outcome.reason
    return (source.module, source.is_package, stamp, sha, kept)


def _fields(f: FileAnalysis) -> tuple[object, ...]:
    return (
        f.raw,
        f.functions,
        f.classes,
        f.maintainability,
        f.top_level_classes,
        f.top_level_functions,
        f.imports,
        f.prints,
        f.values,
        f.code_lines,
        f.line_hashes,
    )


def _outcome(source: SourceFile, entry: _Entry) -> Outcome | None:
    # The caller's SourceFile: an entry never carries another checkout's absolute path.
    kept = entry[4]
    if isinstance(kept, str):
        return SkippedFile(source.relpath, kept)
    from refactorkit.domain import FileAnalysis  # only when a record is asked for

    fields = load_records(kept)
    if not isinstance(fields, tuple):
        return None  # unreadable: measured again
    return FileAnalysis(source, entry[3], *fields)
