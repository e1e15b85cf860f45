"""What an analysis knows before it measures anything: its options, files, cache and churn.

Apart from the engine so a warm `analyze` whose report is kept (`rendered.py`) gets this far
without importing the measuring code, the rules or the record classes.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.snapshot import Snapshot
from refactorkit.config import Config
from refactorkit.workspace import Discovery, discover

if TYPE_CHECKING:
    from refactorkit.analysis.churn import Churn, PendingChurn


@dataclass(frozen=True)
class AnalyzeOptions:
    """How to run: the CLI fills these in; config values are resolved by the caller."""

    jobs: int | None = None  # worker processes; None means one per available core
    use_cache: bool = True
    cache_dir: Path | None = None  # None: the user cache dir
    excludes: tuple[str, ...] = ()  # extra gitignore-style globs
    since_days: int | None = None  # churn window; None: config.churn_days; 0: no churn
    include_tests: bool = False  # rank test/docs/example code with product code
    # Below this many bytes of source to parse, starting processes costs more than it saves
    # (fork + pickling results back is ~50 ms; parsing + measuring runs at ~1-2 MB/s per core).
    parallel_min_bytes: int = 256 * 1024


def default_jobs() -> int:
    """Cores this process may run on (the affinity mask, not the machine, in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Prepared:
    """What a run knows before measuring: the files, the cache and snapshot, and the churn
    (git log runs in the background meanwhile; `churn()` waits for it)."""

    target: Path
    options: AnalyzeOptions
    discovery: Discovery
    cache: AnalysisCache | None
    snapshot: Snapshot | None
    pending_churn: PendingChurn
    started: float

    def churn(self) -> Churn | None:
        return self.pending_churn.result()


def prepare_analysis(target: Path, config: Config, options: AnalyzeOptions) -> Prepared:
    """Discover `target`'s files, open the cache and its snapshot, start `git log`."""
    from refactorkit.analysis.churn import PendingChurn

    started = time.perf_counter()
    cache = AnalysisCache.open(options.cache_dir) if options.use_cache else None
    memo_dir = cache.directory if cache is not None else None
    discovery = discover(target, config, options.excludes, memo_dir)
    days = config.churn_days if options.since_days is None else options.since_days
    # git log runs while the files are measured; on a long history it is not free.
    pending_churn = PendingChurn(discovery.root, days)
    snapshot = None
    if cache is not None:
        snapshot = Snapshot.open(cache, discovery.root, target.resolve())
    return Prepared(target, options, discovery, cache, snapshot, pending_churn, started)


def root_hint(root: Path, cwd: Path | None = None) -> str:
    """The project root as the user would type it: "" for the current folder, else relative
    to it when inside it, else absolute."""
    try:
        here = (cwd or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted
        return root.as_posix()
    if root == here:
        return ""
    try:
        return root.relative_to(here).as_posix()
    except ValueError:
        return root.as_posix()
