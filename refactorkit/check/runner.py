"""Run the check rules on a project: measure (through the analysis cache), judge, suppress.

With explicit files (pre-commit passes the staged ones) only those files are checked; the
import graph still covers the whole project, but the other files come from the content-hash
cache, so the fast path costs one hash per file plus the measuring of the changed ones.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.engine import analyze_sources, default_jobs
from refactorkit.check.graph_memo import GraphSource
from refactorkit.check.index import ImportIndex
from refactorkit.check.result import CheckResult, Judged
from refactorkit.check.work import Imports, plan_work, same_imports
from refactorkit.config import Config
from refactorkit.domain import SCANS, FileAnalysis, Finding, SkippedFile, SourceFile
from refactorkit.errors import UserError
from refactorkit.rules.run import run_rules, scans_read
from refactorkit.rules.settings import RuleSettings
from refactorkit.workspace import discover

if TYPE_CHECKING:
    from refactorkit.check.baseline import Baseline
    from refactorkit.graph.graph import ImportGraph


@dataclass(frozen=True)
class CheckOptions:
    """How to run: which files and rules, and how to use the cache."""

    paths: tuple[Path, ...] = ()  # files or folders to check; empty: the whole project
    select: tuple[str, ...] = ()  # rule codes; empty: all
    use_cache: bool = True
    cache_dir: Path | None = None
    excludes: tuple[str, ...] = ()
    jobs: int | None = None
    scans: frozenset[str] | None = None  # the optional per-file scans without a cache (None: all)


@dataclass(frozen=True)
class Measured:
    """The files to check, measured, plus every file's imports for the graph."""

    root: Path
    files: tuple[FileAnalysis, ...]  # the selected files (all of them on a full run)
    imports: GraphSource  # the whole project's imports, and the graph memo's key
    skipped: tuple[SkippedFile, ...]
    selected: frozenset[str]  # relpaths to check
    full: bool


def measure_project(root: Path, config: Config, options: CheckOptions) -> Measured:
    """Discover the project and measure the selected files; the rest only feed the graph.

    A full run measures everything (through the content-hash cache) and refreshes the
    import index; a run on given files takes the other files' imports from the index and
    measures only the given files and the ones changed since the index was written.
    """
    cache = AnalysisCache.open(options.cache_dir) if options.use_cache else None
    memo_dir = cache.directory if cache is not None else None
    discovery = discover(root, config, options.excludes, memo_dir)
    sources = discovery.files
    selected = _select(sources, options.paths, discovery.root)
    index = ImportIndex.load(cache, discovery.root) if cache is not None else None
    plan = plan_work(sources, selected, index, discovery.stats)
    scans = SCANS if options.scans is None else options.scans
    batch = analyze_sources(plan.todo, cache, options.jobs or default_jobs(), scans=scans)
    measured = batch.analyses()
    given = tuple((f.source, f.imports) for f in measured)

    def every() -> tuple[Imports, ...]:
        return (*plan.known_imports(), *given)

    imports = GraphSource(every, given)
    if index is not None:
        failed = batch.skipped()
        if plan.stale:
            skips = _skipped_sources(plan.todo, failed, plan.known_skips)
            token = index.save(discovery.root, every(), skips)
        else:
            token = same_imports(index, plan.found, given, failed)
        memo = index.path.parent.parent / "check-graph" / index.path.name
        imports = GraphSource(every, given, token, memo, index.key)
    skipped = (*discovery.skipped, *batch.skipped())
    if selected is None:
        chosen = frozenset(_rel(measured))
        return Measured(discovery.root, measured, imports, tuple(skipped), chosen, True)
    return _only_selected(
        Measured(discovery.root, measured, imports, skipped, selected, False), options
    )


def _only_selected(measured: Measured, options: CheckOptions) -> Measured:
    """The measured run cut down to the selected files, and why a given path selects none."""
    selected = measured.selected
    files = tuple(f for f in measured.files if f.source.relpath in selected)
    mine = (
        *(s for s in measured.skipped if s.relpath in selected),
        *_unmatched(options.paths, measured.root, selected),
    )
    return replace(measured, files=files, skipped=mine)


def _skipped_sources(
    todo: Sequence[SourceFile], skipped: Iterable[SkippedFile], known: Sequence[SourceFile]
) -> list[SourceFile]:
    """The sources measured or known to be unmeasurable: recorded so no warm run tries again."""
    names = {s.relpath for s in skipped}
    return [*known, *(s for s in todo if s.relpath in names)]


def _rel(files: Iterable[FileAnalysis]) -> Iterable[str]:
    return (f.source.relpath for f in files)


def _select(
    sources: Sequence[SourceFile], paths: tuple[Path, ...], root: Path
) -> frozenset[str] | None:
    """Relpaths of the discovered files at or under `paths`; None means all of them."""
    if not paths:
        return None
    wanted = [p.resolve() for p in paths]
    if any(p == root for p in wanted):
        return None
    prefixes = _inside(wanted, root)
    # String prefixes, not Path.parents: this runs once per project file on every commit.
    exact = set(prefixes)
    folders = tuple(prefix + "/" for prefix in prefixes)
    return frozenset(
        s.relpath for s in sources if s.relpath in exact or s.relpath.startswith(folders)
    )


def _inside(paths: list[Path], root: Path) -> list[str]:
    """The relpaths of the given paths inside the project (the others have nothing of ours)."""
    prefixes = []
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
        try:
            prefixes.append(path.relative_to(root).as_posix())
        except ValueError:
            continue
    return prefixes


def _unmatched(paths: tuple[Path, ...], root: Path, selected: frozenset[str]) -> list[SkippedFile]:
    """Given paths that select no Python file: excluded, ignored or outside the project."""
    missing = []
    for path in paths:
        resolved = path.resolve()
        try:
            rel = resolved.relative_to(root).as_posix()
        except ValueError:
            missing.append(SkippedFile(str(path), "outside the project, not checked"))
            continue
        if not any(s == rel or s.startswith(rel + "/") for s in selected):
            reason = "no Python files to check (excluded, git-ignored or not .py)"
            missing.append(SkippedFile(rel, reason))
    return missing


def find_violations(
    measured: Measured, settings: RuleSettings, select: Sequence[str] = ()
) -> list[Finding]:
    """Every finding in the selected files, suppressions and per-file ignores applied."""

    built: list[ImportGraph] = []

    def graph() -> ImportGraph:
        built.append(measured.imports.graph())
        return built[-1]

    files = [f for f in measured.files if f.source.relpath in measured.selected]
    partial = not measured.full
    found = run_rules(
        files,
        settings,
        measured.root,
        graph=graph,
        select=select,
        only_modules=frozenset(m for f in files if (m := f.source.module)) if partial else None,
        only_relpaths=measured.selected if partial else None,
    )
    for used in built:
        measured.imports.remember(used)
    return found


def run_check(
    root: Path,
    config: Config,
    settings: RuleSettings,
    options: CheckOptions,
    baseline: tuple[Baseline, str] | None = None,
) -> CheckResult:
    """Measure, apply the rules and judge the violations against the baseline, if any."""
    started = time.perf_counter()
    if not options.use_cache:  # nothing is cached: scan only for the rules that will run
        options = replace(options, scans=scans_read(settings, options.select))
    measured = measure_project(root, config, options)
    violations = find_violations(measured, settings, options.select)
    if baseline is None:
        judged = tuple(Judged(v, "new") for v in violations)
        used = None
    else:
        from refactorkit.check.baseline import judge  # only with a baseline: not pre-commit's

        judged = tuple(judge(violations, baseline[0]))
        used = baseline[1]
    checked = sum(1 for f in measured.files if f.source.relpath in measured.selected)
    return CheckResult(
        root=measured.root,
        files_checked=checked,
        judged=judged,
        skipped=measured.skipped,
        baseline=used,
        elapsed=time.perf_counter() - started,
    )
