"""Benchmark `move --apply` and `undo` on Django's tree: this checkout against a baseline one.

    python bench/bench_apply.py --baseline /path/to/other/refactorkit/checkout [--runs N]

The baseline is another refactorkit source tree (e.g. `git worktree add /tmp/rk-main main`);
the anchor is the same work done by that code, run in the same script, A and B alternating.
Each run applies `django.utils.functional -> django.utils.functional2` (154 files: one move,
153 importers) in a committed copy of the Django sdist and undoes it; CPU seconds of the child
process (user + system) and wall seconds, medians over the runs. The tree is checked to be
back to its commit after every undo.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _sdist import sdist_tree

HERE = Path(__file__).resolve().parent
OURS = HERE.parent
MOVE = ("move", "django.utils.functional", "django.utils.functional2", "--apply")
# -I: neither the tree's own modules nor PYTHONPATH may shadow the code under test.
SCRIPT = (
    "import sys; sys.path.insert(0, sys.argv[1]); del sys.argv[1]\n"
    "from refactorkit.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def timed(code: Path, tree: Path, *args: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-I", "-c", SCRIPT, str(code), *args],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{code}: {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


def clean(tree: Path) -> None:
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=tree, capture_output=True, text=True, check=True
    ).stdout
    if status:
        raise SystemExit(f"undo left the tree changed:\n{status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    tree = sdist_tree("django==5.2.*", HERE / ".cache" / "apply", git=True)
    codes = {"baseline": args.baseline.resolve(), "this": OURS}
    rows: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in codes}
    for run in range(args.runs):
        order = list(codes) if run % 2 == 0 else list(reversed(codes))
        for name in order:
            subprocess.run(["rm", "-rf", str(tree / ".refactorkit")], check=True)
            applied = timed(codes[name], tree, *MOVE)
            undone = timed(codes[name], tree, "undo")
            clean(tree)
            rows[name].append((*applied, *undone))
    print(f"{platform.machine()}, {platform.python_version()}, {args.runs} runs alternating")
    for name, values in rows.items():
        medians = [statistics.median(v[k] for v in values) for k in range(4)]
        print(
            f"{name:>8}: apply {medians[0]:.2f} s CPU ({medians[1]:.2f} s wall), "
            f"undo {medians[2]:.2f} s CPU ({medians[3]:.2f} s wall)"
        )
    base = statistics.median(v[0] for v in rows["baseline"])
    this = statistics.median(v[0] for v in rows["this"])
    print(f"apply CPU ratio this/baseline: {this / base:.2f}")


if __name__ == "__main__":
    main()
