"""Benchmark the pre-commit fast path of `refactorkit check` (and `graph --depth 2`) on Django.

    python bench/bench_check.py            # Django 5.2 sdist, cached in bench/.cache/
    python bench/bench_check.py --repeat 7

Copies Django's source tree into a temporary git repository (pre-commit's setting), fills
the analysis cache with one full `check` (cold), then appends a line to one file
(django/db/models/query.py) and times
`refactorkit check django/db/models/query.py` (warm cache, one changed file) as a child
process, interpreter start-up included, plus the same call in-process. Also times a warm full
`check` and `graph --depth 2 --format svg`. Figures go to stdout; docs/benchmarks-check.md
records a run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CHANGED = "django/db/models/query.py"
# The `refactorkit` entry point of this checkout (its lazy command table imports only the
# command that runs), whatever refactorkit is installed.
LAUNCHER = """\
import sys
sys.path.insert(0, {repo!r})
from refactorkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def django_tree() -> Path:
    """bench/.cache/django-5.2.*/ (downloaded once with pip, then reused)."""
    found = sorted(p for p in CACHE.glob("django-5.2*") if p.is_dir())
    if found:
        return found[-1]
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         "django==5.2.*", "-d", str(CACHE)],
        check=True,
    )  # fmt: skip
    archive = sorted(CACHE.glob("[Dd]jango-5.2*.tar.gz"))[-1]
    with tarfile.open(archive) as tar:
        tar.extractall(CACHE, filter="data")
    return sorted(p for p in CACHE.glob("django-5.2*") if p.is_dir())[-1]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode, done.stdout + done.stderr


def best(times: list[float]) -> str:
    return f"best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = django_tree()
    with tempfile.TemporaryDirectory(prefix="rk-bench-check-") as tmp:
        tree = Path(tmp) / "django"
        shutil.copytree(source / "django", tree / "django")
        # pre-commit always runs in a git repository, and discovery then uses `git ls-files`.
        for command in (["init", "-q"], ["add", "django"], ["commit", "-qm", "django"]):
            git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
            subprocess.run([*git, *command], cwd=tree, check=True, capture_output=True)
        launcher = Path(tmp) / "rk.py"
        launcher.write_text(LAUNCHER.format(repo=str(HERE.parent)), encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        rk = [sys.executable, str(launcher)]
        files = sum(1 for _ in tree.rglob("*.py"))
        print(
            f"Django tree: {files} files; python {sys.version.split()[0]}, {os.cpu_count()} cores"
        )

        bare = [timed([sys.executable, "-c", "pass"], tree, env)[0] for _ in range(args.repeat)]
        print(f"bare interpreter start-up (python -c pass): {best(bare)}")
        with open("/proc/loadavg", encoding="ascii") as handle:
            print(f"load average at start: {handle.read().split()[0]}")
        cold, code, out = timed([*rk, "check", "."], tree, env)
        print(f"cold full check: {cold:.2f} s (exit {code}; {out.strip().splitlines()[-1]})")
        warm = [timed([*rk, "check", "."], tree, env)[0] for _ in range(args.repeat)]
        print(f"warm full check: {best(warm)}")

        changed = tree / CHANGED
        original = changed.read_text(encoding="utf-8")
        one: list[float] = []
        for n in range(args.repeat):
            # A new edit each time, so the changed file is always a cache miss.
            changed.write_text(original + f"\n_BENCH_{n} = {n}\n", encoding="utf-8")
            elapsed, code, out = timed([*rk, "check", CHANGED], tree, env)
            one.append(elapsed)
        print(f"one changed file, warm (child process): {best(one)}; exit {code}")
        print("   ", out.strip().splitlines()[-1])

        sys.path.insert(0, str(HERE.parent))
        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
        from refactorkit.check.runner import CheckOptions, run_check
        from refactorkit.config import Config
        from refactorkit.rules.settings import load_settings

        inproc: list[float] = []
        for n in range(args.repeat):
            changed.write_text(original + f"\n_INPROC_{n} = {n}\n", encoding="utf-8")
            start = time.perf_counter()
            run_check(tree, Config(), load_settings(Config()), CheckOptions((changed,)))
            inproc.append(time.perf_counter() - start)
        print(f"one changed file, warm (in-process run_check): {best(inproc)}")

        if shutil.which("dot"):
            command = [*rk, "graph", ".", "--depth", "2", "--format", "svg", "-o", "g.svg"]
            graph = [timed(command, tree, env)[0] for _ in range(max(1, args.repeat // 2))]
            print(f"graph --depth 2 --format svg, warm: {best(graph)}")


if __name__ == "__main__":
    main()
