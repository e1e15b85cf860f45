"""Before/after metrics of two git revisions (or a revision and the working tree).

A revision is checked out through a private index file into a temporary folder and analyzed
there, so the user's working tree, index and branches are never touched. Unchanged files hit
the analysis cache (same relpath, same bytes), so comparing two nearby commits costs little
more than measuring the files that differ.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
from refactorkit.analysis.report import AnalysisReport
from refactorkit.config import Config
from refactorkit.errors import UserError
from refactorkit.git import run_git

WORKING_TREE = "working tree"
TOP_FILES = 5


@dataclass(frozen=True)
class Metric:
    """One row of the table: `lower_is_better` decides whether a delta is good news.

    None means neither direction is better (more modules or more lines can be either).
    """

    key: str
    label: str
    before: float
    after: float
    lower_is_better: bool | None = True

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def verdict(self) -> str:
        """One of "better", "worse", "same" or (for neutral metrics) "changed"."""
        if abs(self.delta) < 1e-9:
            return "same"
        if self.lower_is_better is None:
            return "changed"
        improved = self.delta < 0 if self.lower_is_better else self.delta > 0
        return "better" if improved else "worse"


@dataclass(frozen=True)
class Comparison:
    base: str  # revision name as given, or "working tree"
    head: str
    metrics: tuple[Metric, ...]
    largest: tuple[tuple[str, int | None, int | None], ...]  # relpath, lines before, after


def git(repo: Path, *args: str, index: Path | None = None) -> bytes:
    """Run git in `repo` (with a private index file if given); failures become UserErrors."""
    env = None if index is None else {"GIT_INDEX_FILE": str(index)}
    done = run_git(repo, *args, env=env, literal=False)
    if done is None:
        raise UserError(f"cannot run `git {args[0]}` (is git installed?)")
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise UserError(message)
    return done.stdout


def repo_layout(path: Path) -> tuple[Path, str]:
    """The repository's top folder and `path` relative to it ("" at the top)."""
    top = Path(git(path, "rev-parse", "--show-toplevel").decode().strip())
    prefix = git(path, "rev-parse", "--show-prefix").decode().strip().rstrip("/")
    return top, prefix


@contextmanager
def exported(top: Path, revision: str) -> Iterator[Path]:
    """The tree of `revision` in a temporary folder, removed afterwards.

    Read into a private index file and checked out from it: the user's index, working tree
    and branches stay untouched. Not `git archive`: it leaves out `export-ignore` paths
    (often tests/ or docs/), so a revision would lose files the working tree has.
    """
    try:
        sha = git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except UserError as exc:  # --quiet: git says nothing, only "rev-parse failed" was left
        raise UserError(f"{revision!r} is not a commit of the repository at {top}") from exc
    with tempfile.TemporaryDirectory(prefix="refactorkit-compare-") as tmp:
        index, tree = Path(tmp) / "index", Path(tmp) / "tree"
        git(top, "read-tree", sha.decode().strip(), index=index)
        git(top, "checkout-index", "--all", f"--prefix={tree}{os.sep}", index=index)
        tree.mkdir(exist_ok=True)  # a revision without files
        yield tree


@contextmanager
def _side(top: Path, prefix: str, revision: str | None) -> Iterator[Path]:
    if revision is None:
        yield top / prefix if prefix else top
        return
    with exported(top, revision) as tree:
        yield tree / prefix if prefix else tree


def compare_revisions(
    path: Path,
    config: Config,
    base: str = "HEAD",
    head: str | None = None,
    options: AnalyzeOptions | None = None,
) -> Comparison:
    """Analyze `base` and `head` (None: the working tree) of the project at `path`."""
    top, prefix = repo_layout(path)
    options = options or AnalyzeOptions(since_days=0)
    # The current config (thresholds, roots) applies to both sides, so rows compare like
    # with like; a config file that changed between the revisions does not skew them.
    with _side(top, prefix, base) as before_root:
        before = run_analysis(before_root, _rooted_at(config, before_root), options)
    with _side(top, prefix, head) as after_root:
        after = run_analysis(after_root, _rooted_at(config, after_root), options)
    return compare_reports(before, after, base, head or WORKING_TREE)


def _rooted_at(config: Config, root: Path) -> Config:
    return replace(config, project_root=root)


def compare_reports(
    before: AnalysisReport, after: AnalysisReport, base: str, head: str
) -> Comparison:
    """The before/after table of two analyses."""
    rows = [
        _metric("modules", "Python modules", before, after, _modules, None),
        _metric("lines", "Lines", before, after, lambda r: r.lines, None),
        _metric("largest_file", "Largest file (lines)", before, after, _largest),
        _metric("files_over_limit", "Files over the size limit", before, after, _over_limit),
        _metric("max_complexity", "Max function complexity", before, after, _max_cc),
        _metric("avg_complexity", "Average function complexity", before, after, _avg_cc),
        _metric(
            "complex_functions", "Functions over the complexity limit", before, after, _complex
        ),
        _metric("max_methods", "Most methods in a class", before, after, _max_methods),
        _metric("god_classes", "Classes over the method limit", before, after, _gods),
        _metric("avg_mi", "Average maintainability index", before, after, _avg_mi, False),
        _metric("min_mi", "Lowest maintainability index", before, after, _min_mi, False),
        _metric("cycles", "Import cycles (runtime)", before, after, _cycles),
    ]
    return Comparison(base, head, tuple(rows), _largest_files(before, after))


def _metric(
    key: str,
    label: str,
    before: AnalysisReport,
    after: AnalysisReport,
    measure: Callable[[AnalysisReport], float],
    lower_is_better: bool | None = True,
) -> Metric:
    return Metric(key, label, float(measure(before)), float(measure(after)), lower_is_better)


def _modules(report: AnalysisReport) -> int:
    return len(report.files)


def _largest(report: AnalysisReport) -> int:
    return max((f.raw.loc for f in report.files), default=0)


def _over_limit(report: AnalysisReport) -> int:
    return sum(1 for f in report.files if f.raw.loc > int(report.limits.number("max_file_lines")))


def _max_cc(report: AnalysisReport) -> int:
    return max((f.max_complexity for f in report.files), default=0)


def _avg_cc(report: AnalysisReport) -> float:
    values = [fn.complexity for f in report.files for fn in f.functions]
    return round(sum(values) / len(values), 2) if values else 0.0


def _complex(report: AnalysisReport) -> int:
    limit = report.limits.number("max_complexity")
    return sum(1 for f in report.files for fn in f.functions if fn.complexity > limit)


def _max_methods(report: AnalysisReport) -> int:
    return max((c.methods for f in report.files for c in f.classes), default=0)


def _gods(report: AnalysisReport) -> int:
    limit = int(report.limits.number("max_class_methods"))
    return sum(1 for f in report.files for c in f.classes if c.methods > limit)


def _avg_mi(report: AnalysisReport) -> float:
    values = [f.maintainability for f in report.files if f.raw.sloc]
    return round(sum(values) / len(values), 1) if values else 0.0


def _min_mi(report: AnalysisReport) -> float:
    return round(min((f.maintainability for f in report.files if f.raw.sloc), default=0.0), 1)


def _cycles(report: AnalysisReport) -> int:
    return len(report.graph.runtime_cycles)


def _largest_files(
    before: AnalysisReport, after: AnalysisReport
) -> tuple[tuple[str, int | None, int | None], ...]:
    """The largest files on either side, with their lines before and after (None: absent)."""
    old = {f.source.relpath: f.raw.loc for f in before.files}
    new = {f.source.relpath: f.raw.loc for f in after.files}
    top = sorted(old, key=lambda p: -old[p])[:TOP_FILES]
    top += [p for p in sorted(new, key=lambda p: -new[p])[:TOP_FILES] if p not in top]
    rows = [(p, old.get(p), new.get(p)) for p in top]
    rows.sort(key=lambda r: (-max(r[1] or 0, r[2] or 0), r[0]))
    return tuple(rows)
