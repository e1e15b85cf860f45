"""Benchmark `refactorkit move` against rope on Django's tree, and compare the sites they rewrite.

    python bench/bench_move.py [--skip-rope] [--runs N]

Uses the Django 5.2 sdist in bench/.cache/ (downloaded with pip if missing; gitignored),
unpacked once into bench/.cache/move/ and committed to a throwaway git repo there (discovery
lists files with git). Times, in separate processes:
  * ours: the dry run `refactorkit move django.utils.functional django.utils.functional2`
    end to end (start-up, discovery, planning, diff rendering), and the same for a move to
    another package (django.core.functional);
  * rope: Rename(...).get_changes("functional2") and MoveModule(...).get_changes(django/core).
Then lists, per move, every line rope changed that we did not and vice versa.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from _sdist import sdist_tree

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
TREE_PARENT = CACHE / "move"
OLD = "django.utils.functional"
MOVES = {"rename": "django.utils.functional2", "move": "django.core.functional"}
OURS = (
    "import sys\n"
    "from refactorkit.cli import cli, main\n"
    "from refactorkit.cli.move import move_command\n"
    "cli.add_command(move_command)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)

# The same dry run without the runner's validation step: process start, discovery, planning
# and diff rendering. Printed as the last line: seconds.
PLAN_ONLY = (
    "import sys, time\n"
    "start = time.perf_counter()\n"
    "from pathlib import Path\n"
    "from refactorkit.codemods.move import plan_move\n"
    "from refactorkit.changes.runner import render_diff\n"
    "root = Path(sys.argv[3])\n"
    "changeset = plan_move(root, sys.argv[1], sys.argv[2], cwd=root)\n"
    "render_diff(changeset)\n"
    "print(time.perf_counter() - start)\n"
)


def django_tree() -> Path:
    """Unpacked Django sdist under git, created once."""
    return sdist_tree("django==5.2.*", TREE_PARENT, git=True)


def time_ours(tree: Path, new: str, runs: int) -> list[float]:
    """Wall time of the whole dry-run process (exit code 1: changes shown)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", OURS, "move", OLD, new, "--root", str(tree), "--no-color"],
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 1:
            raise SystemExit(f"our dry run failed ({done.returncode}): {done.stderr[-2000:]}")
    return times


def time_plan_only(tree: Path, new: str, runs: int) -> tuple[list[float], list[float]]:
    """(whole process wall times, in-process import+plan+diff times) without validation."""
    walls, inner = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PLAN_ONLY, OLD, new, str(tree)],
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - start)
        inner.append(float(done.stdout.strip().splitlines()[-1]))
    return walls, inner


def our_changes(tree: Path, new: str) -> dict[str, tuple[str, str]]:
    """{old relpath: (old text, new text)} of our plan."""
    sys.path.insert(0, str(HERE.parent))
    from refactorkit.codemods.move import plan_move

    changeset = plan_move(tree, OLD, new, cwd=tree)
    out = {}
    for change in changeset.changes:
        if change.kind in ("modify", "move") and change.path.endswith(".py"):
            old = (tree / change.path).read_text(encoding="utf-8")
            out[change.path] = (old, change.new_text if change.new_text is not None else old)
    return out


ROPE = """
import json, sys, time
from rope.base.project import Project
from rope.refactor.move import MoveModule
from rope.refactor.rename import Rename
root, kind, new = sys.argv[1:4]
start = time.perf_counter()
project = Project(root, ropefolder=None, ignore_syntax_errors=True)
module = project.get_resource("django/utils/functional.py")
if kind == "rename":
    changes = Rename(project, module).get_changes(new.rpartition(".")[2])
else:
    folder = project.get_folder(new.rpartition(".")[0].replace(".", "/"))
    changes = MoveModule(project, module).get_changes(folder)
elapsed = time.perf_counter() - start
out = {}
for change in changes.changes:
    resource = getattr(change, "resource", None)
    if hasattr(change, "new_contents") and resource is not None:
        out[resource.path] = change.new_contents
print(json.dumps({"seconds": elapsed, "changes": out}))
"""


def rope_run(tree: Path, kind: str, new: str) -> tuple[float, dict[str, str]]:
    import json

    done = subprocess.run(
        [sys.executable, "-c", ROPE, str(tree), kind, new],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    return data["seconds"], data["changes"]


def removed_lines(old: str, new: str) -> Counter[str]:
    """Old lines (stripped) that are gone from the new text: the sites a tool rewrote.

    Counting lines as a multiset ignores pure reordering (we keep sorted import blocks
    sorted, which moves a rewritten line; rope does not), so only real rewrites count.
    """
    return Counter(line.strip() for line in old.splitlines()) - Counter(
        line.strip() for line in new.splitlines()
    )


def compare(tree: Path, ours: dict[str, tuple[str, str]], rope: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for path in sorted(set(ours) | set(rope)):
        old = (tree / path).read_text(encoding="utf-8")
        mine = removed_lines(old, ours[path][1]) if path in ours else Counter()
        theirs = removed_lines(old, rope[path]) if path in rope else Counter()
        for text in sorted((theirs - mine).elements()):
            lines.append(f"rope only  {path}: {text!r}")
        for text in sorted((mine - theirs).elements()):
            lines.append(f"ours only  {path}: {text!r}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-rope", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tree = django_tree()
    files = sum(1 for _ in tree.rglob("*.py"))
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores; tree: {tree.name} ({files} .py files)"
    )
    for kind, new in MOVES.items():
        times = time_ours(tree, new, args.runs)
        walls, inner = time_plan_only(tree, new, args.runs)
        ours = our_changes(tree, new)
        print(f"\n## {kind}: {OLD} -> {new}")
        print(
            f"ours, `refactorkit move` dry run (whole process, with the runner's validation): "
            f"median {statistics.median(times):.2f} s, min {min(times):.2f} s over {len(times)} "
            f"runs; {len(ours)} .py files changed"
        )
        print(
            f"ours, plan + diff without validation: whole process median "
            f"{statistics.median(walls):.2f} s (min {min(walls):.2f}); in-process import+plan+"
            f"diff median {statistics.median(inner):.2f} s (min {min(inner):.2f})"
        )
        if args.skip_rope:
            continue
        seconds, rope = rope_run(tree, kind, new)
        print(f"rope get_changes: {seconds:.1f} s; {len(rope)} files changed")
        differences = compare(tree, ours, rope)
        print(f"sites rewritten by one tool only: {len(differences)}")
        for line in differences:
            print("  " + line)


if __name__ == "__main__":
    main()
