"""One file per analyzed tree holding every file's analysis, read once on a warm run.

The per-file cache (`cache.py`) costs an open, a read, a sha256 and a JSON decode per file;
a warm `analyze` of Django paid 885 of each. The snapshot is one file, keyed by the tree
(project root and analyzed path) inside the cache's fingerprinted folder: an entry is reused
while the file's size, mtime_ns, ctime_ns and inode are unchanged, and its content hash is
compared only when they differ (a `touch`, a checkout that rewrote the same bytes). Files
modified in the last two seconds are stored without their stat (git's "racy clean"
problem: a second edit within the clock's granularity keeps the same mtime), so the next run
hashes them.

The payload is a pickle, decoded without building JSON rows and validating them (the cost of
the per-file entries), so it must never be trusted from a foreign source: the file carries an
HMAC-SHA256 under a per-user secret kept in the user cache folder (mode 0600), never inside a
`--cache-dir`, which may come with a cloned repository. A snapshot that is short, corrupt,
signed with another key or of another layout is a miss; the unpickler accepts only the domain
classes besides. Writes go to a temp file renamed into place, so concurrent runs see the old
snapshot or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactorkit import domain
from refactorkit.analysis.cache import AnalysisCache, user_cache_root
from refactorkit.atomic import write_atomically
from refactorkit.domain import FileAnalysis, SourceFile

SNAPSHOT_FORMAT = 1
_MAGIC = b"RKSNAP%02d" % SNAPSHOT_FORMAT
_DIGEST = 32  # HMAC-SHA256
RACY_NS = 2_000_000_000  # files modified this recently are stored without their stat

# (size, mtime_ns, ctime_ns, inode) of a file when it was measured; None: hash it next time.
Stamp = tuple[int, int, int, int]
# What a snapshot keeps per file: its place (relpath -> module, package flag), the stamp, the
# sha256 of its bytes and the analysis fields after `source` and `sha256`.
_Entry = tuple[str | None, bool, Stamp | None, str, tuple[object, ...]]

_ALLOWED = frozenset(
    {
        "RawMetrics",
        "FunctionMetrics",
        "ClassMetrics",
        "ImportRecord",
        "ImportKind",
        "PrintSite",
        "ValueSite",
    }
)


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def secret_key(folder: Path | None = None) -> bytes | None:
    """This user's snapshot signing key, created on first use; None when it cannot be had."""
    folder = folder or user_cache_root()
    path = folder / "snapshot.key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    key = os.urandom(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, key, private=True)
    except OSError:
        return None
    return key


class _DomainUnpickler(pickle.Unpickler):
    """Unpickles only refactorkit's metric records and the builtins pickle itself uses."""

    def find_class(self, module: str, name: str) -> type:
        if module == "refactorkit.domain" and name in _ALLOWED:
            found: type = getattr(domain, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")


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
        return cls(path, key, _read(path, key) if key is not None else {})

    def lookup(self, source: SourceFile, stamp: Stamp) -> FileAnalysis | None:
        """The analysis of an unchanged file (same place, same stamp), else None."""
        entry = self.entries.get(source.relpath)
        if entry is None or entry[2] != stamp or entry[:2] != (source.module, source.is_package):
            return None
        return _analysis(source, entry)

    def by_hash(self, source: SourceFile, sha256: str) -> FileAnalysis | None:
        """The analysis of a file whose stamp changed but whose bytes did not."""
        entry = self.entries.get(source.relpath)
        if entry is None or entry[3] != sha256 or entry[:2] != (source.module, source.is_package):
            return None
        return _analysis(source, entry)

    def stale(self, files: Sequence[FileAnalysis], stamps: dict[str, Stamp | None]) -> bool:
        """Whether saving `files` with `stamps` would change what is stored."""
        if len(files) != len(self.entries):
            return True
        for f in files:
            entry = self.entries.get(f.source.relpath)
            if entry is None or entry[2] is None or entry[2] != stamps.get(f.source.relpath):
                return True
        return False

    def save(self, files: Iterable[FileAnalysis], stamps: dict[str, Stamp | None]) -> None:
        """Store `files` (racy stamps left out); an unwritable cache only costs speed."""
        if self.key is None:
            return
        now = time.time_ns()
        rows = {f.source.relpath: _entry(f, _settled(stamps, f, now)) for f in files}
        payload = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        signature = hmac.new(self.key, _MAGIC + payload, hashlib.sha256).digest()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, _MAGIC + signature + payload, private=True)


def _settled(stamps: dict[str, Stamp | None], f: FileAnalysis, now: int) -> Stamp | None:
    stamp = stamps.get(f.source.relpath)
    if stamp is None or now - stamp[1] < RACY_NS or now - stamp[2] < RACY_NS:
        return None
    return stamp


def _entry(f: FileAnalysis, stamp: Stamp | None) -> _Entry:
    return (f.source.module, f.source.is_package, stamp, f.sha256, _fields(f))


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
    )


def _analysis(source: SourceFile, entry: _Entry) -> FileAnalysis:
    # The caller's SourceFile: an entry never carries another checkout's absolute path.
    return FileAnalysis(source, entry[3], *entry[4])  # type: ignore[arg-type]


def _read(path: Path, key: bytes) -> dict[str, _Entry]:
    """The entries of a snapshot whose signature is good, else {} (a miss, rewritten)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return {}
    payload = memoryview(data)[head:]
    expected = hmac.new(key, _MAGIC + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, data[len(_MAGIC) : head]):
        return {}  # corrupt, or written under another key (a copied or cloned cache)
    try:
        rows = _DomainUnpickler(io.BytesIO(payload)).load()
    except Exception:  # a signed but unreadable payload (another layout): a miss
        return {}
    return rows if isinstance(rows, dict) else {}
