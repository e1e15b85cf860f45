"""Two refactorkit trees, A and B, through the same CLI command: CPU ratios B/A.

    python bench/bench_ab_cli.py --a /tmp/rk-old --b . --cwd /tmp/django-git --rounds 5 \\
        -- check . --no-cache

Each run is `python -c "sys.path.insert(0, TREE); ...main(ARGS)"` in CWD (the tree's code wins
over an installed refactorkit: an editable install's finder comes after sys.path; the script
checks where refactorkit was imported from), with a cache folder per tree. After one untimed
run each, rounds alternate which tree goes first; the CPU is the user + system time of the
process and its workers, the figure the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

LAUNCH = (
    "import sys; sys.path.insert(0, {tree!r}); import refactorkit; "
    "assert refactorkit.__file__.startswith({tree!r}), refactorkit.__file__; "
    "from refactorkit.cli import main; sys.exit(main({args!r}))"
)


def cpu_of(tree: Path, args: list[str], cwd: Path) -> tuple[float, str]:
    """CPU seconds of one run of `args` with `tree`'s code, and its last line of output."""
    env = {**os.environ, "XDG_CACHE_HOME": f"/tmp/rk-ab-cache-{tree.name}"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = LAUNCH.format(tree=str(tree), args=args)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: exit {done.returncode}: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, (done.stdout.splitlines() or [""])[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="tree A (the baseline)")
    parser.add_argument("--b", type=Path, required=True, help="tree B (the change)")
    parser.add_argument("--cwd", type=Path, required=True, help="where the command runs")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS]")
    options = parser.parse_args()
    args = [a for a in options.args if a != "--"]
    trees = {"A": options.a.resolve(), "B": options.b.resolve()}
    for tree in trees.values():
        cpu_of(tree, args, options.cwd)
    cpu: dict[str, list[float]] = {"A": [], "B": []}
    ratios = []
    for number in range(options.rounds):
        for name in ("A", "B") if number % 2 == 0 else ("B", "A"):
            seconds, last = cpu_of(trees[name], args, options.cwd)
            cpu[name].append(seconds)
        ratios.append(cpu["B"][-1] / cpu["A"][-1])
        print(f"round {number + 1}: A {cpu['A'][-1]:.2f} s  B {cpu['B'][-1]:.2f} s  "
              f"B/A {ratios[-1]:.3f}  ({last})", flush=True)  # fmt: skip
    print(
        f"{' '.join(args)}: A {statistics.median(cpu['A']):.2f} s, "
        f"B {statistics.median(cpu['B']):.2f} s CPU (medians); "
        f"B/A median of rounds {statistics.median(ratios):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
