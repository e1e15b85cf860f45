"""Warm `analyze` against ruff's cold C901 run, paired: CPU ratios on a shared machine.

    python bench/bench_warm.py                 # Django 5.2's django/ package, 7 pairs
    python bench/bench_warm.py --pairs 11 --tree PATH

Each pair runs refactorkit then ruff (alternating which goes first), as child processes,
and takes the user + system CPU of each; the ratio is taken pair by pair and the median of the
ratios is printed, so load from other work on the machine cancels out. The cache is filled
once before the pairs (`analyze` warm = nothing changed). Also pairs `analyze --format json`
and `check` of one file (pre-commit; unchanged, and changed before each run, in a copy of
the tree) with ruff. Figures go to stdout; docs/benchmarks.md
records a run (issue 14 targets: warm analyze faster than ruff, check FILE <= 0.15 s CPU).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _sdist import sdist_tree  # noqa: E402

# Byte code may be cached, as on any user's machine (this one sets PYTHONDONTWRITEBYTECODE,
# which would add the compilation of every module to each of our runs).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_of(command: list[str], cwd: Path) -> float:
    """User + system CPU seconds of one child process (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(
    ours: list[str], anchor: list[str], cwd: Path, pairs: int, touch: Path | None = None
) -> tuple[float, float, float]:
    """(median CPU ours, median CPU anchor, median of the per-pair ratios ours/anchor).

    `touch`: a file given a new last line before each of our runs (one changed file)."""
    mine, theirs, ratios = [], [], []
    for number in range(pairs):
        if touch is not None:
            with touch.open("a", encoding="utf-8") as handle:
                handle.write(f"# bench edit {number}\n")
        if number % 2:
            b, a = cpu_of(anchor, cwd), cpu_of(ours, cwd)
        else:
            a, b = cpu_of(ours, cwd), cpu_of(anchor, cwd)
        mine.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return statistics.median(mine), statistics.median(theirs), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tree", type=Path, help="a source tree (default: Django's django/)")
    parser.add_argument(
        "--python",
        help="run ours with this interpreter and PYTHONPATH=the repository (one without "
        "refactorkit installed: as a regular install, without an editable install's import "
        "hook, about 0.03 s of each run here)",
    )
    args = parser.parse_args()
    tree = args.tree or sdist_tree("django==5.2.*") / "django"
    ruff = shutil.which("ruff")
    if ruff is None:
        print("ruff is not installed (pip install ruff)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rk-bench-warm-") as scratch:
        cache = str(Path(scratch) / "cache")
        # The changed-file run edits a copy (the sdist's project, pyproject.toml included).
        copy = Path(scratch) / "copy"
        shutil.copytree(tree.parent, copy, ignore=shutil.ignore_patterns("*.pyc"))
        edited = sorted((copy / tree.name).rglob("*.py"))[len(list(tree.rglob("*.py"))) // 2]
        rk = [args.python or sys.executable, "-m", "refactorkit"]
        if args.python:
            ENV["PYTHONPATH"] = str(HERE.parent)
        for verb, where, *more in (
            ("analyze", tree),
            ("analyze", tree, "--format", "json"),
            ("check", tree),
            ("check", copy),
        ):
            subprocess.run(  # fills the caches (and the byte code)
                [*rk, verb, str(where), "--cache-dir", cache, *more], env=ENV, capture_output=True
            )
        anchor = [ruff, "check", "--no-cache", "--select", "C901", str(tree)]
        one = sorted(tree.rglob("*.py"))[len(list(tree.rglob("*.py"))) // 2]
        runs = {
            "analyze (text), warm": [*rk, "analyze", str(tree), "--cache-dir", cache],
            "analyze --format json, warm": [
                *rk, "analyze", str(tree), "--cache-dir", cache, "--format", "json",
            ],
            f"check {one.relative_to(tree)}, warm": [*rk, "check", str(one), "--cache-dir", cache],
            f"check {edited.relative_to(copy)}, changed before each run": [
                *rk, "check", str(edited), "--cache-dir", cache,
            ],
        }  # fmt: skip
        print(f"tree: {tree} ({len(list(tree.rglob('*.py')))} files); {args.pairs} pairs each")
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
        print("| run | ours CPU s | ruff C901 CPU s | ratio (median of pairs) |")
        print("| --- | --: | --: | --: |")
        for label, command in runs.items():
            touch = edited if "changed" in label else None
            mine, theirs, ratio = paired(command, anchor, tree, args.pairs, touch)
            print(f"| {label} | {mine:.3f} | {theirs:.3f} | {ratio:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
