"""`refactorkit analyze` end to end: discover, measure every file once, graph, churn, rank.

Per file: read, hash, and look the hash up in the cache; only misses are parsed (once) and
measured, in worker processes when there is enough work to repay their start-up, else here.
The warm path (everything cached) reads one snapshot of the tree (`snapshot.py`) and costs a
stat per file (a read and a sha256 only for a file whose stat changed); it never parses,
imports the metric code or starts a process.
"""

from __future__ import annotations

import ast
import hashlib
import heapq
import os
import stat
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.cache import AnalysisCache

# Re-exported: callers name these as the engine's.
from refactorkit.analysis.prepare import AnalyzeOptions as AnalyzeOptions
from refactorkit.analysis.prepare import Prepared as Prepared
from refactorkit.analysis.prepare import default_jobs as default_jobs
from refactorkit.analysis.prepare import prepare_analysis as prepare_analysis
from refactorkit.analysis.prepare import root_hint as root_hint
from refactorkit.analysis.snapshot import Snapshot, Stamp, stamp_of
from refactorkit.config import Config
from refactorkit.domain import SCANS, FileAnalysis, SkippedFile, SourceFile
from refactorkit.workspace import (
    MAX_FILE_BYTES,
    SourceError,
    is_test_path,
    read_source,
)

if TYPE_CHECKING:
    from refactorkit.analysis.report import AnalysisReport
    from refactorkit.rules.settings import RuleSettings

# (files done, files to measure): called as work completes, for a progress bar.
ProgressCallback = Callable[[int, int], None]
_Outcome = FileAnalysis | SkippedFile
_Item = tuple[SourceFile, str, int]  # source, sha256 of its bytes ("" if unread), size


def run_analysis(
    target: Path,
    config: Config,
    options: AnalyzeOptions | None = None,
    progress: ProgressCallback | None = None,
    settings: RuleSettings | None = None,
    prepared: Prepared | None = None,
) -> AnalysisReport:
    """Analyze every Python file under `target`, run the rules and rank the hotspots.

    `settings` are the rules' settings (`load_settings(config)` when not given); `prepared`
    what `prepare_analysis` found for the same arguments.
    """
    # analyze's own modules (churn, the derived results, the report) are imported here, not
    # on top: `check` measures through this module too and needs none of them (about a
    # tenth of a warm `check FILE`, most of it building their dataclasses).
    from refactorkit.analysis.derived import DerivedMemo, derive
    from refactorkit.analysis.report import AnalysisReport
    from refactorkit.rules.settings import load_settings

    options = options or AnalyzeOptions()
    prepared = prepared or prepare_analysis(target, config, options)
    discovery, cache = prepared.discovery, prepared.cache
    try:
        batch = _measure_all(prepared, progress)
    except BaseException:
        prepared.pending_churn.close()
        raise
    files = batch.analyses()
    skipped = tuple(sorted((*discovery.skipped, *batch.skipped()), key=lambda s: s.relpath))
    churn = prepared.churn()
    settings = settings or load_settings(config)
    memo = DerivedMemo.open(cache, discovery.root, target.resolve()) if cache else None
    derived = derive(files, settings, churn, discovery.root, memo, root_hint(discovery.root))
    return AnalysisReport(
        root=discovery.root,
        files=files,
        skipped=skipped,
        graph=derived.graph,
        hotspots=derived.hotspots,
        findings=derived.findings,
        churn=churn,
        limits=settings.limits,
        elapsed=time.perf_counter() - prepared.started,
        jobs=batch.jobs,
        cache_hits=batch.cache_hits,
        test_paths=separated_tests(files, options.include_tests),
        duplication=derived.duplication,
    )


def _measure_all(prepared: Prepared, progress: ProgressCallback | None) -> Batch:
    options = prepared.options
    jobs = options.jobs if options.jobs and options.jobs > 0 else default_jobs()
    return analyze_sources(
        prepared.discovery.files,
        prepared.cache,
        jobs,
        progress,
        options.parallel_min_bytes,
        prepared.snapshot,
    )


def separated_tests(files: Sequence[FileAnalysis], include_tests: bool) -> frozenset[str]:
    """The test, docs and example files, to report apart (none when ranked together)."""
    if include_tests:
        return frozenset()
    return frozenset(f.source.relpath for f in files if is_test_path(f.source.relpath))


@dataclass(frozen=True)
class Batch:
    """Per-file outcomes in input order, and how they were obtained."""

    outcomes: tuple[_Outcome, ...]
    cache_hits: int
    jobs: int  # 1 when everything ran in this process

    def analyses(self) -> tuple[FileAnalysis, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, FileAnalysis))

    def skipped(self) -> tuple[SkippedFile, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, SkippedFile))


def analyze_sources(
    sources: Sequence[SourceFile],
    cache: AnalysisCache | None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    parallel_min_bytes: int = 256 * 1024,
    snapshot: Snapshot | None = None,
    scans: frozenset[str] = SCANS,
) -> Batch:
    """Measure `sources`, from the cache where possible; outcomes keep the input order.

    With a `snapshot`, unchanged files come from it and it is saved again when anything in
    it changed. `scans`: the optional scans to run (all of them whenever there is a cache).
    """
    if cache is not None or snapshot is not None:
        scans = SCANS
    lookup = _Lookup(cache, snapshot, {}, {})
    outcomes, todo = _split_cached(sources, lookup)
    hits = sum(1 for o in outcomes.values() if isinstance(o, FileAnalysis))
    total_bytes = sum(item[2] for _, item in todo)
    used_jobs = min(jobs, len(todo))
    if used_jobs <= 1 or total_bytes < parallel_min_bytes:
        used_jobs = 1
        outcomes.update(_run_here(todo, cache, progress, scans))
    else:
        outcomes.update(_run_pool(todo, used_jobs, cache, progress, scans))
    batch = Batch(tuple(outcomes[i] for i in range(len(sources))), hits, used_jobs)
    if snapshot is not None:
        _keep(snapshot, sources, batch, lookup)
    return batch


def _keep(snapshot: Snapshot, sources: Sequence[SourceFile], batch: Batch, lookup: _Lookup) -> None:
    """Save the snapshot when it changed: every outcome that depends on a file's bytes alone
    (those hashed; not an unreadable or oversized file)."""
    shas = lookup.shas
    pairs = zip(sources, batch.outcomes, strict=True)
    known = [(s, shas[s.relpath], o) for s, o in pairs if s.relpath in shas]
    if snapshot.stale(known, lookup.stamps):
        snapshot.save(known, lookup.stamps)


@dataclass(frozen=True)
class _Lookup:
    """Where cached analyses come from, and the stamps and hashes of the files looked up
    (filled in as they are)."""

    cache: AnalysisCache | None
    snapshot: Snapshot | None
    stamps: dict[str, Stamp | None]
    shas: dict[str, str]


def _split_cached(
    sources: Sequence[SourceFile], lookup: _Lookup
) -> tuple[dict[int, _Outcome], list[tuple[int, _Item]]]:
    """Outcomes known without measuring (cached, skipped) by index, and the work left."""
    outcomes: dict[int, _Outcome] = {}
    todo: list[tuple[int, _Item]] = []
    for index, source in enumerate(sources):
        found = _hash_and_lookup(source, lookup)
        if isinstance(found, (FileAnalysis, SkippedFile)):
            outcomes[index] = found
        else:
            todo.append((index, found))
    return outcomes, todo


def _run_here(
    todo: Sequence[tuple[int, _Item]],
    cache: AnalysisCache | None,
    progress: ProgressCallback | None,
    scans: frozenset[str] = SCANS,
) -> dict[int, _Outcome]:
    outcomes: dict[int, _Outcome] = {}
    for done, (index, (source, sha, _)) in enumerate(todo, start=1):
        outcomes[index] = analyze_one(source, sha, cache, scans)
        if progress is not None:
            progress(done, len(todo))
    return outcomes


def _hash_and_lookup(source: SourceFile, lookup: _Lookup) -> _Outcome | _Item:
    """A cached analysis, a skip reason, or the work item for a file that must be measured."""
    try:
        info = os.stat(source.path)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device named *.py would block or never end when read.
            return SkippedFile(source.relpath, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return (source, "", info.st_size)  # read_source gives the reason
        # Stat before reading: an edit in between changes the stamp, so it is read next time.
        lookup.stamps[source.relpath] = stamp = stamp_of(info)
        unchanged = lookup.snapshot.lookup(source, stamp) if lookup.snapshot else None
        if unchanged is not None:
            lookup.shas[source.relpath] = lookup.snapshot.sha_of(source.relpath)  # type: ignore[union-attr]
            return unchanged
        data = source.path.read_bytes()
    except OSError as exc:
        return SkippedFile(source.relpath, f"unreadable: {exc.strerror or exc}")
    lookup.shas[source.relpath] = sha = hashlib.sha256(data).hexdigest()
    return _cached(source, sha, lookup) or (source, sha, len(data))


def _cached(source: SourceFile, sha: str, lookup: _Lookup) -> _Outcome | None:
    same_bytes = lookup.snapshot.by_hash(source, sha) if lookup.snapshot else None
    if same_bytes is None and lookup.cache is not None:
        return lookup.cache.load(source, sha)
    return same_bytes


def analyze_one(
    source: SourceFile,
    sha256: str,
    cache: AnalysisCache | None = None,
    scans: frozenset[str] = SCANS,
) -> _Outcome:
    """Read, parse once, measure and extract imports of one file; never raises for bad input.
    Only an analysis with every scan goes to the cache."""
    try:
        text, _ = read_source(source.path)
    except SourceError as exc:
        return SkippedFile(source.relpath, str(exc))
    try:
        tree = parse_module(text, source.relpath)
    except SyntaxError as exc:
        return SkippedFile(source.relpath, syntax_reason(exc))
    except (RecursionError, MemoryError):
        return SkippedFile(source.relpath, "too deeply nested to parse")
    try:
        analysis = _measure(source, sha256 or _sha_of(source.path), tree, text, scans)
    except RecursionError:
        return SkippedFile(source.relpath, "too deeply nested to measure")
    except Exception as exc:  # one file's surprise must not end the whole run
        reason = f"internal error while measuring ({type(exc).__name__}: {exc}); please report"
        return SkippedFile(source.relpath, reason)
    if cache is not None and scans == SCANS:
        cache.store(analysis)
    return analysis


def parse_module(text: str, relpath: str) -> ast.Module:
    """The one place analysis parses a file (tests count calls here: a warm run makes none)."""
    with warnings.catch_warnings():
        # SyntaxWarnings (e.g. invalid escapes) are the file's business, not our output's.
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=relpath)


def syntax_reason(exc: SyntaxError) -> str:
    """`syntax error at line 3: invalid syntax` (IndentationError and TabError say so)."""
    kind = "syntax error"
    if isinstance(exc, TabError):
        kind = "tab error"
    elif isinstance(exc, IndentationError):
        kind = "indentation error"
    where = f" at line {exc.lineno}" if exc.lineno else ""
    return f"{kind}{where}: {exc.msg}"


def _sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _measure(
    source: SourceFile, sha256: str, tree: ast.Module, text: str, scans: frozenset[str] = SCANS
) -> FileAnalysis:
    # Imported here: the warm path never needs radon or the metric code.
    from refactorkit.analysis.metrics import measure
    from refactorkit.graph.code_lines import code_line_hashes
    from refactorkit.graph.imports import extract_imports
    from refactorkit.graph.prints import print_sites
    from refactorkit.graph.values import value_sites

    if is_test_path(source.relpath):
        # Test code prints, hard-codes and repeats set-ups on purpose: RK111-RK116 never judge
        # it (graph.prints.file_context, graph.values.judged_file, duplicates.judged_files),
        # and scanning it was half of a cold check's scan time on Django's sdist.
        scans = frozenset()
    metrics = measure(tree, text)
    code_lines, line_hashes = code_line_hashes(tree, text) if "code_lines" in scans else ((), ())
    return FileAnalysis(
        source=source,
        sha256=sha256,
        raw=metrics.raw,
        functions=metrics.functions,
        classes=metrics.classes,
        maintainability=metrics.maintainability,
        top_level_classes=metrics.top_level_classes,
        top_level_functions=metrics.top_level_functions,
        imports=extract_imports(tree, source.module, source.is_package),
        prints=print_sites(tree, text) if "prints" in scans else (),
        values=value_sites(tree) if "values" in scans else (),
        code_lines=code_lines,
        line_hashes=line_hashes,
    )


def _analyze_chunk(
    items: list[tuple[int, _Item]], cache: AnalysisCache | None, scans: frozenset[str] = SCANS
) -> list[tuple[int, _Outcome]]:
    """Worker entry point: one pickled round trip per chunk, not per file."""
    return [(i, analyze_one(source, sha, cache, scans)) for i, (source, sha, _) in items]


def balance(items: Sequence[tuple[int, _Item]], chunks: int) -> list[list[tuple[int, _Item]]]:
    """Split work into `chunks` lists of about equal bytes (largest file first, to the lightest).

    Every other chunk runs smallest file first: the first two chunks start together, and
    the two largest files' trees (46 and 37 MB for sympy's largest) would otherwise be in
    memory at the same moment, the peak of a whole run.
    """
    heap: list[tuple[int, int]] = [(0, n) for n in range(max(1, min(chunks, len(items))))]
    result: list[list[tuple[int, _Item]]] = [[] for _ in heap]
    for entry in sorted(items, key=lambda e: -e[1][2]):
        load, n = heapq.heappop(heap)
        result[n].append(entry)
        heapq.heappush(heap, (load + entry[1][2], n))
    return [chunk[::-1] if n % 2 else chunk for n, chunk in enumerate(result) if chunk]


def _run_pool(
    todo: list[tuple[int, _Item]],
    jobs: int,
    cache: AnalysisCache | None,
    progress: ProgressCallback | None,
    scans: frozenset[str] = SCANS,
) -> dict[int, _Outcome]:
    # Imported here: the warm path never needs them. The measuring code is imported once
    # before forking, so workers inherit it instead of each importing radon again.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    import refactorkit.analysis.metrics
    import refactorkit.graph.code_lines
    import refactorkit.graph.imports  # noqa: F401

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    outcomes: dict[int, _Outcome] = {}
    # A few chunks per worker: big enough to amortise pickling, small enough to balance.
    chunks = balance(todo, jobs * 4)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_analyze_chunk, chunk, cache, scans) for chunk in chunks]
        try:
            for future in as_completed(futures):
                outcomes.update(future.result())
                if progress is not None:
                    progress(len(outcomes), len(todo))
        except BrokenProcessPool:
            # A worker died (killed for memory, most likely); finish its files here rather
            # than lose the run.
            pass
    for index, (source, sha, _) in todo:
        if index not in outcomes:
            outcomes[index] = analyze_one(source, sha, cache, scans)
            if progress is not None:
                progress(len(outcomes), len(todo))
    return outcomes
