"""One refactorkit command from two source trees, A and B, in alternating pairs: CPU ratios B/A.

    python bench/bench_ab_command.py --a /tmp/perf-base --b . --cwd /tmp/perf-dj --pairs 7 \\
        -- check django/db/models/query.py
    python bench/bench_ab_command.py ... --touch django/db/models/query.py -- check ...

Each run is `python -m refactorkit ARGS` in `--cwd` with PYTHONPATH=TREE and a cache folder
(XDG_CACHE_HOME) of the tree's own, as a child process; its CPU is user + system time of the
process and its children (git). One untimed run per tree first (the warm-up: caches filled,
byte code written). `--touch FILE` appends a new line to FILE before each pair, so both runs
of a pair see the same changed file, measured afresh (a cache miss, the pre-commit path). The
pair's order alternates, the ratio is taken pair by pair and the median printed, so load from
other work on a shared machine cancels out. Both trees' exit codes and output must agree
(unless `--outputs-may-differ`: a tree from before a rule was added).
Run it with an interpreter that has refactorkit's dependencies but not refactorkit itself.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def run(tree: Path, args: list[str], cwd: Path, cache: Path) -> tuple[float, int, str]:
    """(CPU seconds, exit code, stdout) of `python -m refactorkit ARGS` from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte code cached, as on a user's machine
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "refactorkit", *args], cwd=cwd, env=env, capture_output=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.returncode, done.stdout.decode("utf-8", "replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="tree A (the baseline)")
    parser.add_argument("--b", type=Path, required=True, help="tree B (the change)")
    parser.add_argument("--cwd", type=Path, required=True, help="the project to run in")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--touch", help="a file (relative to --cwd) changed before each pair")
    parser.add_argument(
        "--outputs-may-differ",
        action="store_true",
        help="trees whose rules differ (an older commit): do not require equal output",
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- refactorkit ARGS")
    opts = parser.parse_args()
    args = [a for a in opts.args if a != "--"]
    trees = {"A": opts.a.resolve(), "B": opts.b.resolve()}
    touched = opts.cwd / opts.touch if opts.touch else None
    original = touched.read_bytes() if touched else b""
    with tempfile.TemporaryDirectory(prefix="rk-ab-") as scratch:
        caches = {name: Path(scratch) / name for name in trees}
        try:
            for name, tree in trees.items():
                run(tree, args, opts.cwd, caches[name])
            cpu: dict[str, list[float]] = {"A": [], "B": []}
            ratios = []
            for number in range(opts.pairs):
                if touched is not None:
                    touched.write_bytes(original + f"\n_AB_EDIT = {number}\n".encode())
                order = ("A", "B") if number % 2 == 0 else ("B", "A")
                results = {name: run(trees[name], args, opts.cwd, caches[name]) for name in order}
                (a, a_code, a_out), (b, b_code, b_out) = results["A"], results["B"]
                if (a_code, a_out) != (b_code, b_out) and not opts.outputs_may_differ:
                    print(f"pair {number + 1}: A and B differ (exit {a_code} / {b_code})")
                    return 1
                cpu["A"].append(a)
                cpu["B"].append(b)
                ratios.append(b / a)
                print(f"pair {number + 1}: A {a:.3f} s  B {b:.3f} s  B/A {b / a:.3f}", flush=True)
        finally:
            if touched is not None:
                touched.write_bytes(original)
    print(
        f"refactorkit {' '.join(args)}: A {statistics.median(cpu['A']):.3f} s, "
        f"B {statistics.median(cpu['B']):.3f} s CPU (medians of {opts.pairs} pairs); "
        f"B/A median {statistics.median(ratios):.3f}; "
        f"{'outputs not compared' if opts.outputs_may_differ else 'same exit codes and output'}; "
        f"load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
