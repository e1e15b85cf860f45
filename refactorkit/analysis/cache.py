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
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import platformdirs

import refactorkit
from refactorkit import __version__
from refactorkit.domain import (
    ClassMetrics,
    FileAnalysis,
    FunctionMetrics,
    ImportKind,
    ImportRecord,
    RawMetrics,
    SourceFile,
)

# Bump when the entry layout below changes.
CACHE_FORMAT = 1

# Files (relative to the refactorkit package) whose code decides what an entry holds, plus
# every module of analysis/: the metric cores are split over several files and new ones
# appear, so the whole folder is hashed rather than a list that could silently go stale.
_MEASURING_FILES = (
    "__init__.py",
    "domain.py",
    "workspace.py",
    "graph/imports.py",
)
_MEASURING_FOLDERS = ("analysis",)


def default_cache_dir() -> Path:
    """The per-user cache folder (e.g. ~/.cache/refactorkit/analyze on Linux)."""
    return platformdirs.user_cache_path("refactorkit") / "analyze"


def code_fingerprint() -> str:
    """Hash of refactorkit's version and the bytes of the modules that produce entries."""
    # radon's visitors and Python's ast both shape the numbers, so their versions count too.
    try:
        radon_version = importlib.metadata.version("radon")
    except importlib.metadata.PackageNotFoundError:
        radon_version = "-"
    seed = f"{__version__}/{CACHE_FORMAT}/{sys.version_info[:3]}/radon {radon_version}"
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
        """The cached analysis of this file, or None on a miss or an unusable entry."""
        key = self.key(source, sha256)
        try:
            data = json.loads(self._path(key).read_bytes())
            return _decode(data, source, sha256, key)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            # Missing, truncated, corrupt or from another layout: a miss; the run rewrites it.
            return None

    def store(self, analysis: FileAnalysis) -> bool:
        """Write an entry atomically; False when the cache folder is not writable."""
        key = self.key(analysis.source, analysis.sha256)
        path = self._path(key)
        payload = json.dumps(_encode(analysis, key), separators=(",", ":")).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            # A read-only or full disk makes the cache useless, not the analysis wrong.
            return False
        return True


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
    }


def _decode(data: Any, source: SourceFile, sha256: str, key: str) -> FileAnalysis | None:
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    if data.get("key") != key or data.get("sha256") != sha256:
        return None  # a renamed or foreign file: never trust it
    # The caller's SourceFile is used, so a cached entry never carries another checkout's path.
    return FileAnalysis(
        source=source,
        sha256=sha256,
        raw=RawMetrics(*data["raw"]),
        functions=tuple(FunctionMetrics(*row) for row in data["functions"]),
        classes=tuple(ClassMetrics(*row) for row in data["classes"]),
        maintainability=float(data["maintainability"]),
        top_level_classes=int(data["top_level_classes"]),
        top_level_functions=int(data["top_level_functions"]),
        imports=tuple(
            ImportRecord(module, name, lineno, ImportKind(kind), bool(in_try))
            for module, name, lineno, kind, in_try in data["imports"]
        ),
    )
