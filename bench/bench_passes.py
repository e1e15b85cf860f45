"""The per-file measurement of a cold run, pass by pass: CPU of each over every file of a tree.

    PYTHONPATH=/tmp/rk-old python bench/bench_passes.py /tmp/dj --repeat 3   # tree A
    PYTHONPATH=.           python bench/bench_passes.py /tmp/dj --repeat 3   # tree B

Runs in one process, with whatever refactorkit PYTHONPATH (or the installed one) gives, and
times what `engine.analyze_one` does for each file, split into its passes: reading, parsing,
the raw counts, the complexity walk (cyclomatic and Halstead; cognitive complexity where the
tree has it, also timed apart by running the walk again with it switched off), the
maintainability index and top-level counts, the imports, and where the tree has them the
RK116 line fingerprints, the print scan and the value scan (not of test code, where the
tree's engine skips them); then building the FileAnalysis
and one pickle round trip of it (what a worker process sends back to the parent). Passes
a tree lacks print as "-". CPU is `time.process_time`, the best of `--repeat` rounds for each
pass; run both trees alternately (bench_ab.py-style) on a shared machine and compare ratios.
"""

from __future__ import annotations

import argparse
import ast
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import refactorkit
import refactorkit.domain
from refactorkit.analysis import complexity, metrics, raw
from refactorkit.analysis.halstead import HalsteadCounter
from refactorkit.analysis.maintainability import maintainability_index
from refactorkit.domain import FileAnalysis, SourceFile
from refactorkit.graph.imports import extract_imports
from refactorkit.workspace import SourceError, discover, is_test_path, read_source

try:  # the passes newer trees have
    from refactorkit.graph.code_lines import code_line_hashes
    from refactorkit.graph.prints import print_sites
    from refactorkit.graph.values import value_sites
except ImportError:  # an older tree
    code_line_hashes = print_sites = value_sites = None  # type: ignore[assignment]

COGNITIVE = getattr(complexity, "function_cognitive", None)
# Trees since issue 10's fix scan no test code (engine._measure): do as the tree does.
SKIPS_TESTS = hasattr(refactorkit.domain, "SCANS")
WITH_TEXT = "text" in complexity.analyze_complexity.__code__.co_varnames


class Clock:
    """Accumulated CPU seconds per pass."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def run(self, name: str, work: Callable[[], Any]) -> Any:
        start = time.process_time()
        result = work()
        self.spent[name] = self.spent.get(name, 0.0) + time.process_time() - start
        return result


def walk(tree: ast.Module, text: str, halstead: HalsteadCounter) -> Any:
    if WITH_TEXT:
        return complexity.analyze_complexity(tree, halstead, text)
    return complexity.analyze_complexity(tree, halstead)


def one_file(source: SourceFile, clock: Clock) -> None:
    try:
        text = clock.run("read", lambda: read_source(source.path)[0])
    except SourceError:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = clock.run("parse", lambda: ast.parse(text, filename=source.relpath))
    except (SyntaxError, RecursionError, MemoryError):
        return
    counts = clock.run("raw counts", lambda: raw.analyze_raw(text, raw.docstring_lines(tree)))
    halstead = HalsteadCounter()
    cc = clock.run("complexity walk", lambda: walk(tree, text, halstead))
    if COGNITIVE is not None:
        complexity.function_cognitive = lambda node, mentions: 0  # type: ignore[attr-defined]
        try:
            clock.run("  same walk, cognitive off", lambda: walk(tree, text, HalsteadCounter()))
        finally:
            complexity.function_cognitive = COGNITIVE  # type: ignore[attr-defined]
    mi = clock.run(
        "maintainability + tops",
        lambda: (
            maintainability_index(halstead.volume, cc.total, counts),
            metrics.top_level_counts(tree),
        ),
    )
    imports = clock.run("imports", lambda: extract_imports(tree, source.module, source.is_package))
    extra: dict[str, Any] = {}
    if code_line_hashes is not None and not (SKIPS_TESTS and is_test_path(source.relpath)):
        lines, hashes = clock.run("RK116 fingerprints", lambda: code_line_hashes(tree, text))
        extra = {"code_lines": lines, "line_hashes": hashes}
        extra["prints"] = clock.run("print scan", lambda: print_sites(tree, text))
        extra["values"] = clock.run("value scan", lambda: value_sites(tree))
    analysis = clock.run(
        "FileAnalysis",
        lambda: FileAnalysis(
            source=source,
            sha256="",
            raw=counts,
            functions=cc.functions,
            classes=cc.classes,
            maintainability=mi[0],
            top_level_classes=mi[1][0],
            top_level_functions=mi[1][1],
            imports=imports,
            **extra,
        ),
    )
    clock.run("pickle round trip", lambda: pickle.loads(pickle.dumps(analysis, -1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = discover(args.tree).files
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        clock = Clock()
        for source in sources:
            one_file(source, clock)
        for name, spent in clock.spent.items():
            best[name] = min(best.get(name, spent), spent)
    where = os.path.dirname(os.path.dirname(refactorkit.__file__))
    load = os.getloadavg()[0]
    print(f"tree {where}: {len(sources)} files, best of {args.repeat}, load {load:.1f}")
    total = sum(v for k, v in best.items() if not k.startswith(" "))
    for name, spent in best.items():
        print(f"  {name:28s} {spent:7.3f} s")
    print(f"  {'total (analyze_one)':28s} {total:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
