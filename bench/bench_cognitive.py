"""What cognitive complexity costs a cold `refactorkit analyze`, and whether it equals complexipy.

    python bench/bench_cognitive.py                # Django 5.2, 5 rounds
    python bench/bench_cognitive.py --rounds 9 --path SOME/PROJECT

A and B alternate in one process (jobs=1, no cache, so every file is parsed and measured):
A is `run_analysis` as shipped, B the same with the cognitive pass replaced by nothing. The
figure is the ratio of median CPU seconds (process time), A / B; the target is <= 1.10.
Then every function complexipy reports in the tree is compared with ours.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
import warnings
from pathlib import Path

from _sdist import sdist_tree

import refactorkit.analysis.complexity as complexity
from refactorkit.analysis.cognitive import cognitive_by_def, function_cognitive
from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
from refactorkit.config import load_config


def _nothing(node: object, may_recurse: bool = True) -> int:
    return 0


def _cold_cpu(target: Path, with_cognitive: bool) -> float:
    complexity.function_cognitive = function_cognitive if with_cognitive else _nothing
    config = load_config(target)
    start = time.process_time()
    run_analysis(target, config, AnalyzeOptions(jobs=1, use_cache=False, since_days=0))
    return time.process_time() - start


def _compare(target: Path) -> tuple[int, int, list[str]]:
    import complexipy

    total = equal = 0
    differences: list[str] = []
    for path in sorted(target.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
            theirs = complexipy.code_complexity(text).functions
        except (SyntaxError, ValueError):
            continue
        ours = dict(cognitive_by_def(tree, text))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
                ours[(node.decorator_list[0].lineno, node.name)] = ours[(node.lineno, node.name)]
        for fn in theirs:
            total += 1
            mine = ours.get((fn.line_start, fn.name.split("::")[-1]))
            if mine == fn.complexity:
                equal += 1
            elif len(differences) < 10:
                differences.append(f"{path}:{fn.line_start} {fn.name}: {mine} != {fn.complexity}")
    return total, equal, differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--path", type=Path, help="a project folder (default: Django 5.2)")
    args = parser.parse_args()
    target = args.path or sdist_tree("django==5.2.*") / "django"
    _cold_cpu(target, True)  # warm the imports and the page cache
    with_times: list[float] = []
    without_times: list[float] = []
    for _ in range(args.rounds):
        with_times.append(_cold_cpu(target, True))
        without_times.append(_cold_cpu(target, False))
    a, b = statistics.median(with_times), statistics.median(without_times)
    print(f"target: {target}")
    print(f"cold analyze CPU, median of {args.rounds}: with cognitive {a:.2f} s, without {b:.2f} s")
    print(f"ratio with/without: {a / b:.3f}  (target <= 1.10)")
    print("rounds with:   ", " ".join(f"{t:.2f}" for t in with_times))
    print("rounds without:", " ".join(f"{t:.2f}" for t in without_times))
    total, equal, differences = _compare(target)
    print(f"complexipy: {equal} of {total} functions equal")
    for line in differences:
        print("  ", line)


if __name__ == "__main__":
    main()
